"""Whether an event happened, is planned, alleged, denied or only hypothetical."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import (
    Place,
    Status,
)
from . import lexicon as lx
from .draft import OBJECT_DEPS, SUBJECT_DEPS, Draft, Sentence
from .syntax import governors, np_text, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token


def event_status(draft: Draft, places: dict[str, Place], context: Sentence) -> tuple[Status, str | None]:
    token, carrier = draft.trigger, draft.carrier
    verbs = [carrier] if carrier is token else [token, carrier]
    if any(
        c.dep_ == "neg" or (c.lower_ in lx.NEGATIONS and c.dep_ in {"neg", "det"}) for v in verbs for c in v.children
    ):
        return Status.DENIED, None
    chain = governors(carrier)
    for head in chain[:3]:
        if head.lower_ in lx.DENY_VERBS:
            return Status.DENIED, np_text(subject_of(head))
    if any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for v in [carrier, *chain[:2]] for c in v.children
    ):
        return Status.HYPOTHETICAL, None
    if _planned(draft, chain):
        return Status.PLANNED, None
    # "possibly related to the transfer", "reportedly shipped": a hedge before the verb.
    # ("was seen ..., most likely for maintenance" hedges the reason, not the sighting.)
    if any(
        c.lower_ in lx.HEDGES and c.dep_ in {"advmod", "aux", "amod"} and c.i < v.i for v in verbs for c in v.children
    ) and not (draft.spec.noun and token.dep_ in SUBJECT_DEPS):
        return Status.ALLEGED, None
    if draft.type in lx.CONTESTED_TYPES:
        # "The White House said North Korea provided Russia with weapons": one party's claim
        # about another. Only the reported clause's own predicate counts, not events in
        # its subject or relative clauses.
        clause = carrier.head if carrier.dep_ == "conj" else carrier
        reported = clause.dep_ in {"ccomp", "xcomp"} and clause.head.lower_ in lx.CLAIM_VERBS
        for head in [clause.head] if reported else []:
            if head.lower_ in lx.CLAIM_VERBS:
                claimant = np_text(subject_of(head))
                parties = {a.text.lower() for a in draft.actors} | {
                    places[p.place_id].name.lower() for p in draft.places if p.place_id in places
                }
                if claimant and claimant.lower() not in parties and (draft.actors or draft.places):
                    return Status.ALLEGED, claimant
    return Status.HAPPENED, None


def _planned(draft: Draft, chain: list[Token]) -> bool:
    token, carrier = draft.trigger, draft.carrier
    future = any(c.dep_ == "aux" and c.lower_ in lx.FUTURE_AUX for c in carrier.children)
    if future and not (draft.spec.noun and token.dep_ in SUBJECT_DEPS):
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in carrier.children)
    if (
        infinitive
        and carrier.dep_ in {"xcomp", "ccomp"}
        and (
            carrier.head.lower_ in lx.PLAN_VERBS
            or any(c.lower_ in lx.PLAN_VERBS for c in carrier.head.children if c.dep_ in {"acomp", "attr"})
        )
    ):
        return True
    if carrier.lower_ in lx.PLAN_VERBS and carrier is not token:
        return True
    if draft.spec.noun:
        if any(c.lower_ in lx.PLAN_MODIFIERS for c in token.children if c.dep_ in {"amod", "compound", "advmod"}):
            return True
        if token.dep_ == "pobj" and token.head.lower_ == "for":
            governor = token.head.head
            if governor.lower_ in lx.PLAN_CONTEXT_NOUNS or any(
                c.lower_ in lx.PLAN_CONTEXT_NOUNS for c in governor.children if c.dep_ in OBJECT_DEPS
            ):
                return True
            if governor.lower_ in lx.PLAN_VERBS:
                return True
    return any(head.lower_ in lx.PLAN_VERBS and carrier.dep_ in {"xcomp"} for head in chain[:1])
