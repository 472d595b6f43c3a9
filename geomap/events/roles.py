"""Which places an event names and in what role: origin, destination, via or location."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import (
    EventType,
    Role,
)
from . import lexicon as lx
from .draft import GOODS, OBJECT_DEPS, TRAVEL, Discourse, Draft, Sentence
from .syntax import antecedent, conjuncts

if TYPE_CHECKING:
    from spacy.tokens import Token


def collect_places(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    token, frame = draft.trigger, draft.spec.frame
    heads = [token]
    if draft.carrier is not token:
        heads.append(draft.carrier)
    for head in heads:
        for child in head.children:
            dep, word = child.dep_, child.lower_
            if child.i == token.i:
                continue
            if dep in {"prep", "agent", "dative"} or (dep == "advmod" and word in {"abroad", "home"}):
                if head is draft.carrier and head is not token and word in {"for", "of", "with", "by"}:
                    continue  # the light verb's own "for"/"with" phrases belong to other triggers
                _prep_places(draft, child, context, discourse)
            elif dep in OBJECT_DEPS and head is token and not draft.spec.noun:
                ids = _np_places(child, context, discourse)
                role = _object_role(frame, child, context)
                for place_id in ids:
                    if role is not None:
                        draft.add_place(place_id, role)
                # "departed Novorossiysk for Turkey", "flew the injured to Nairobi": the parser
                # often hangs the verb's phrase on its object.
                for grandchild in child.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in ROUTE_PREPS:
                        _prep_places(draft, grandchild, context, discourse)
            elif dep in {"acl", "relcl"} and child.lower_ in {"bound", "headed", "heading", "destined", "en"}:
                for grandchild in child.children:
                    if grandchild.dep_ == "prep":
                        _prep_places(draft, grandchild, context, discourse, forced=Role.DESTINATION)
    if draft.spec.noun:
        _noun_modifier_places(draft, context)
    if frame in {lx.Frame.SEND, lx.Frame.RECEIVE}:
        role = Role.ORIGIN if frame is lx.Frame.SEND else Role.DESTINATION
        for child in draft.carrier.children:
            if child.dep_ == "nsubj":
                subject = antecedent(child) or child
                for place_id in _np_places(subject, context, discourse, allow_demonym=True):
                    draft.add_place(place_id, role)


ROUTE_PREPS = lx.DESTINATION_PREPS | lx.ORIGIN_PREPS | lx.VIA_PREPS | {"for"}


def _object_role(frame: lx.Frame, obj: Token, context: Sentence) -> Role | None:
    if frame in {lx.Frame.VISIT, lx.Frame.ARRIVE}:
        return Role.DESTINATION
    if frame is lx.Frame.DEPART:
        return Role.ORIGIN
    if frame is lx.Frame.SEND:
        return Role.DESTINATION  # "supplied Russia (with ...)"
    if frame is lx.Frame.STAY:
        return Role.LOCATION if obj.doc is not None and _attack_verb(obj.head) else None  # "attacked Kyiv"
    if frame is lx.Frame.MOTION:
        return Role.VIA  # "crossed the Bosphorus"
    return None


def _attack_verb(verb: Token) -> bool:
    spec = lx.VERB_TRIGGERS.get(verb.lower_)
    return spec is not None and spec.type is EventType.ATTACK


def _prep_places(
    draft: Draft, prep: Token, context: Sentence, discourse: Discourse, forced: Role | None = None
) -> None:
    word = prep.lower_
    objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp", "obj"}]
    if word == "out" or (word in {"away"} and objects and objects[0].lower_ == "from"):
        inner = [c for c in prep.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}]
        if inner:
            objects = [c for c in inner[0].children if c.dep_ == "pobj"]
            word = "from"
    if word == "by" and objects and objects[0].lower_ in lx.MODE_PHRASES:
        draft.mode = lx.MODE_PHRASES[objects[0].lower_]
        for deeper in objects[0].children:
            if deeper.dep_ == "prep":
                _prep_places(draft, deeper, context, discourse)
        return
    frame = draft.spec.frame
    role = forced or _prep_role(word, frame, draft)
    if role is None:
        return
    for obj in objects:
        if word in lx.PAIR_PREPS:
            ids = _pair_places(obj, context)
            if len(ids) >= 2:
                draft.add_place(ids[0], Role.ORIGIN)
                draft.add_place(ids[1], Role.DESTINATION)
            elif len(ids) == 1:
                draft.add_place(ids[0], Role.LOCATION)
            continue
        for place_id in _np_places(obj, context, discourse):
            draft.add_place(place_id, role)


def _prep_role(word: str, frame: lx.Frame, draft: Draft) -> Role | None:
    if word in lx.PAIR_PREPS:
        return Role.LOCATION
    if word in lx.DESTINATION_PREPS:
        if frame in {lx.Frame.STAY}:
            return Role.LOCATION if word in {"to", "into"} and draft.type is EventType.ATTACK else None
        return Role.DESTINATION
    if word in lx.ORIGIN_PREPS:
        return Role.ORIGIN if frame is not lx.Frame.STAY or draft.type is EventType.ATTACK else None
    if word == "for":
        return Role.DESTINATION if frame in {lx.Frame.DEPART, lx.Frame.MOTION} else None
    if word in lx.VIA_PREPS:
        return Role.VIA if frame is not lx.Frame.STAY else Role.LOCATION
    if word in lx.LOCATION_PREPS:
        if word == "by":
            return None
        if frame in {lx.Frame.ARRIVE, lx.Frame.VISIT}:
            return Role.DESTINATION
        if frame is lx.Frame.STAY:
            return Role.LOCATION
        if frame in {lx.Frame.SEND, lx.Frame.RECEIVE, lx.Frame.TRANSPORT} and word in {"at", "in"}:
            return Role.LOCATION
        return None
    return None


def _np_places(root: Token, context: Sentence, discourse: Discourse, allow_demonym: bool = False) -> list[str]:
    """The places a noun phrase names: itself, its conjuncts, "port of X", "X's Y"."""
    found: list[str] = []
    for head in [root, *conjuncts(root)]:
        place_id = _np_place(head, context, discourse, allow_demonym)
        if place_id is not None and place_id not in found:
            found.append(place_id)
    return found


def _np_place(head: Token, context: Sentence, discourse: Discourse, allow_demonym: bool) -> str | None:
    place_id = context.place(head)
    if place_id is not None:
        if head.lower_ in lx.ANAPHORIC_CONTAINERS and head.dep_ != "compound":
            pass
        else:
            _note_port(head, place_id, discourse)
            return place_id
    # "the port of Rajin", "the city of Kherson"
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    inner = context.place(obj) or _first_place_in(obj, context)
                    if inner is not None:
                        if head.lower_ in {"port", "harbor", "harbour"}:
                            discourse.last_port = inner
                        return inner
    # "Rajin port", "the Danube port of Izmail", "South Korea's south coast"
    for child in head.children:
        if child.dep_ in {"compound", "nmod", "poss", "npadvmod"}:
            inner = context.place(child) or (context.demonym(child) if allow_demonym else None)
            if inner is not None:
                _note_port(head, inner, discourse)
                return inner
    if allow_demonym or head.lower_ in lx.ANAPHORIC_CONTAINERS:
        for child in head.children:
            if child.dep_ in {"amod", "compound", "nmod"} and context.demonym(child):
                return context.demonym(child)
    # "the same port": a port named earlier
    if (
        head.lower_ in {"port", "harbor", "harbour"}
        and discourse.last_port is not None
        and any(c.lower_ in {"the", "same", "that", "this"} for c in head.children)
    ):
        return discourse.last_port
    return None


def _note_port(head: Token, place_id: str, discourse: Discourse) -> None:
    doc = head.doc
    around = {doc[i].lower_ for i in range(max(head.i - 2, 0), min(head.i + 2, len(doc)))}
    if around & {"port", "harbor", "harbour"}:
        discourse.last_port = place_id


def _first_place_in(token: Token, context: Sentence) -> str | None:
    for t in token.subtree:
        place_id = context.place(t)
        if place_id is not None:
            return place_id
    return None


def _pair_places(obj: Token, context: Sentence) -> list[str]:
    """Places under "between X and Y", in text order, without possessors ("Russia's Dunai")."""
    doc = obj.doc
    found: list[tuple[int, str]] = []
    skip_deps = {"appos", "relcl", "acl"}
    stack = [obj]
    while stack:
        token = stack.pop()
        place_id = context.place(token)
        if place_id is not None and not _is_possessor(token, context):
            found.append((token.i, place_id))
        stack.extend(
            c for c in token.children if c.dep_ not in skip_deps and not (c.dep_ == "prep" and c.lower_ not in {"of"})
        )
    ordered: list[str] = []
    for _, place_id in sorted(found):
        if place_id not in ordered:
            ordered.append(place_id)
    del doc
    return ordered


def _is_possessor(token: Token, context: Sentence) -> bool:
    doc = token.doc
    j = token.i + 1
    while j < len(doc) and context.place(doc[j]) == context.place(token):
        j += 1
    return bool(j < len(doc) and doc[j].tag_ == "POS")


def _noun_modifier_places(draft: Draft, context: Sentence) -> None:
    """ "North Korea's weapons shipment", "Russian grain exports", "the Rajin-Dunai route"."""
    token = draft.trigger
    for child in token.children:
        if child.dep_ not in {"poss", "compound", "amod", "nmod"}:
            continue
        place_id = context.place(child)
        if place_id is None and child.dep_ in {"amod", "compound"}:
            place_id = context.demonym(child)
        if place_id is None:
            continue
        if draft.type in GOODS or draft.type is EventType.DEPLOYMENT:
            draft.add_place(place_id, Role.ORIGIN)
        elif draft.type in TRAVEL and child.dep_ == "poss":
            continue  # "Putin's visit": an actor, handled with the actors
        elif draft.spec.frame is lx.Frame.STAY:
            draft.add_place(place_id, Role.LOCATION)
    # cargo with a nationality: "the transfer of North Korean munitions"
    if draft.type in GOODS:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    for mod in obj.children:
                        demonym = context.demonym(mod) if mod.dep_ in {"amod", "compound", "nmod"} else None
                        if demonym is not None:
                            draft.add_place(demonym, Role.ORIGIN)
