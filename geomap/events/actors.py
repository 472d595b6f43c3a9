"""Who takes part in an event: people, their titles and countries, and the groups the text refers back to."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import (
    Actor,
    EventType,
    FeatureKind,
    Place,
    Role,
    Status,
)
from . import lexicon as lx
from .draft import GROUP_WORDS, OBJECT_DEPS, PERSON_LABELS, SUBJECT_DEPS, Discourse, Draft, Person, Sentence
from .movers import MoverClass, class_of
from .syntax import antecedent, conjuncts, entities, entity_at, np_text, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def remember_persons(sent: Span, context: Sentence, places: dict[str, Place], discourse: Discourse) -> None:
    for ent in entities(sent):
        if ent.label_ not in PERSON_LABELS:
            continue
        name = _clean_name(ent.text)
        known = _known_person(name, discourse)
        role, country = _title_of(ent, context, places)
        if known is None:
            known = Person(name, role, country)
            discourse.add_person(known)
        else:
            if len(name) > len(known.name):
                known.name = name
                discourse.index_person(known)
            known.role = known.role or role
            known.country = known.country or country
        if ent.root.dep_ in SUBJECT_DEPS or (ent.root.dep_ == "poss" and ent.root.head.dep_ in SUBJECT_DEPS):
            # "The senator was flown to Frankfurt. He then went on to Lublin": "he" is the last
            # person a sentence was about.
            discourse.last_person = known


def _clean_name(text: str) -> str:
    return re.sub(r"(?:'s|’s|'|’)$", "", text).strip()


def _known_person(name: str, discourse: Discourse) -> Person | None:
    return discourse.person_named(name)


def _title_of(ent: Span, context: Sentence, places: dict[str, Place]) -> tuple[str | None, str | None]:
    """ "Russian Foreign Minister Sergei Lavrov" -> ("Foreign Minister", "RU")."""
    doc = ent.doc
    words: list[str] = []
    country: str | None = None
    i = ent.start - 1
    while i >= context.sent.start:
        token = doc[i]
        if token.ent_type_ == "PERSON" or (token.is_punct and token.text not in {"-"}):
            break
        if token.dep_ not in {"compound", "amod", "nmod", "poss", "case", "det"} and token.head.i < ent.start - 1:
            break
        place_id = context.demonym(token) or context.place(token)
        if place_id is not None:
            place = places.get(place_id)
            if place is not None and place.country_code and country is None:
                country = place.country_code
        elif token.pos_ in {"PROPN", "NOUN", "ADJ"} and token.lower_ not in {"the", "a", "an", "'s", "’s"}:
            words.append(token.text)
        i -= 1
        if ent.start - i > 6:
            break
    words.reverse()
    role = " ".join(words) or None
    if role is not None and not any(w[0].isupper() or w.lower() in ROLE_WORDS for w in words):
        role = None
    return role, country


ROLE_WORDS = frozenset(
    {
        "leader",
        "president",
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "ambassador",
        "chief",
        "commander",
        "general",
        "official",
        "officials",
        "secretary",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "governor",
        "mayor",
        "senator",
        "director",
        "head",
        "chairman",
        "captain",
    }
)


def remember_traveller(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    """The person a movement of people took, for "he" in a later movement."""
    if draft.spec.frame not in lx.SELF_MOVING or draft.status is not Status.HAPPENED:
        return
    for actor in draft.actors:
        if actor.kind == "person":
            person = discourse.person_named(actor.text)
            if person is None:
                person = Person(actor.text, actor.role, actor.country_code)
                discourse.add_person(person)
            discourse.last_traveller = (person, context.index)
            return


def remember_ports(sent: Span, context: Sentence, discourse: Discourse) -> None:
    """The last place called a port ("the port of Rajin", "Rajin port"), for "the same port" later."""
    for token in sent:
        place_id = context.place(token)
        if place_id is None:
            continue
        doc = token.doc
        before = doc[max(token.i - 2, 0) : token.i].text.lower()
        after = doc[token.i + 1 : token.i + 2].text.lower()
        if re.search(r"\b(?:port|harbou?r) of$", before) or after in {"port", "harbor", "harbour"}:
            discourse.last_port = place_id
        if re.search(r"\bisland of$", before) or after in {"island", "isle"}:
            discourse.last_island = place_id  # "the island of Lampedusa", for "the island" later


def remember_groups(sent: Span, context: Sentence, places: dict[str, Place], discourse: Discourse) -> None:
    """Countries that are joint subjects ("South Korea and the United States have...")."""
    for token in sent:
        if token.dep_ in SUBJECT_DEPS:
            group = [a for a in _expand_actor(token, context, places, discourse) if a.kind == "country"]
            if len(group) >= 2:
                discourse.last_group = group


def actors_of(draft: Draft, context: Sentence, places: dict[str, Place], discourse: Discourse) -> list[Actor]:
    token, carrier = draft.trigger, draft.carrier
    candidates: list[Token] = []
    if draft.spec.noun:
        for child in token.children:
            if child.dep_ == "poss":
                candidates.append(child)
            elif child.dep_ == "prep" and child.lower_ == "by":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "compound" and child.ent_type_ == "PERSON":
                candidates.append(child)
    if not candidates and (carrier is not token or not draft.spec.noun):
        subject = subject_of(carrier)
        if subject is not None:
            subject = antecedent(subject) or subject
        if subject is not None and not (draft.spec.noun and subject.i == token.i):
            candidates.append(subject)
        for child in carrier.children:
            if child.dep_ == "agent":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    if not candidates and draft.spec.noun and carrier is token and token.lower_ in lx.VEHICLE_NOUNS:
        # "The rescued climber was on a plane home": who is on the vehicle is the subject of the clause
        head = token.head
        while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
            head = head.head
        subject = subject_of(head) if head.pos_ in {"VERB", "AUX"} else None
        if subject is not None and subject.i != token.i:
            candidates.append(subject)
    actors: list[Actor] = []
    for candidate in candidates:
        # "he flew", and "his trip": the subject of a journey verb, or the possessor of a journey noun
        moving = draft.spec.frame in lx.SELF_MOVING and (
            candidate.dep_ in SUBJECT_DEPS or (draft.spec.noun and candidate.dep_ == "poss")
        )
        for actor in _expand_actor(candidate, context, places, discourse, moving=moving):
            if actor not in actors:
                actors.append(actor)
    if draft.spec.frame is lx.Frame.STAY:
        # "drills together with Japan", "joined four other countries, including Canada"
        for head in {token, carrier}:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in {"with", "alongside"}:
                    for obj in child.children:
                        actors.extend(a for a in _expand_actor(obj, context, places, discourse) if a not in actors)
                if child.dep_ == "dobj" and head is carrier and head is not token:
                    actors.extend(a for a in _expand_actor(child, context, places, discourse) if a not in actors)
    return actors


# Prefixes that make a name a ship's: merchant ("MV", "MS", "MT", "SS") and navies' ("USS" and
# "USNS" United States, "HMS" British, "HMAS" Australian, "HMCS" Canadian, "INS" Indian, "RFS"
# Russian, "FS" French, "TCG" Turkish, "ROKS" South Korean, "JS" Japanese). In capitals only, as
# ships' names write them: "Ms Varga" is a person.
SHIP_PREFIXES = frozenset("MV M/V MS MT SS USS USNS HMS HMAS HMCS INS RFS FS TCG ROKS JS".split())
# The nouns that say a name is a ship's ("the tanker Nordic Star", "the frigate Admiral Grigorovich").
SHIP_CLASSES = frozenset({MoverClass.VESSEL, MoverClass.NAVAL})


# A ship's name is a few words; what follows a ship noun and is a date or a place is not one
# ("the ship Monday", "the tanker Rotterdam-bound").
MAX_NAME_WORDS = 5
NOT_SHIP_NAMES = frozenset({"DATE", "TIME", "GPE", "CARDINAL", "ORDINAL"})


def _subject_of_clause_on(token: Token, noun: Token) -> bool:
    """ "The ship Putin boarded", "the tanker Reuters tracked": ``token`` is the subject of a clause
    that describes ``noun``."""
    verb = token.head
    while verb.dep_ in {"compound", "flat"} and verb.head.i != verb.i:
        verb = verb.head
    return verb.pos_ in {"VERB", "AUX"} and verb.dep_ in {"relcl", "acl"} and verb.head.i == noun.i


def _vessel(head: Token, context: Sentence, discourse: Discourse) -> Actor | None:
    """A ship by name: "the bulk carrier Sea Lark" (a ship noun and the name beside it), "the USS
    Gerald R. Ford" (a ship's prefix), or the name of a ship an earlier sentence named."""
    name: list[Token] = []
    if head.pos_ == "NOUN" and class_of(head.text) in SHIP_CLASSES:
        # The proper nouns right after the ship noun, however the parser attached them ("the
        # freighter Sea Lark sailed" is parsed with two subjects).
        doc = head.doc
        end = head.i + 1
        while end < len(doc) and end - head.i <= MAX_NAME_WORDS and doc[end].pos_ == "PROPN":
            if _subject_of_clause_on(doc[end], head):
                break  # "the ship Putin boarded": the subject of a clause about the ship, not its name
            end += 1
        name = list(doc[head.i + 1 : end])
        if any(t.ent_type_ in NOT_SHIP_NAMES or context.place(t) for t in name):
            name = []
    elif head.pos_ == "PROPN":
        name = [t for t in head.subtree if (t.pos_ == "PROPN" and t.dep_ in {"compound", "flat"}) or t.i == head.i]
    if not name:
        return None
    words = [t.text for t in sorted(name, key=lambda t: t.i)]
    prefixed = words[0] in SHIP_PREFIXES
    if prefixed and len(words) == 1:
        return None
    text = " ".join(words)
    if prefixed or head.pos_ == "NOUN" or text.casefold() in discourse.vessels:
        return Actor(text, "vessel")
    return None


def _expand_actor(
    token: Token, context: Sentence, places: dict[str, Place], discourse: Discourse, *, moving: bool = False
) -> list[Actor]:
    """Actors named by a noun phrase: a person (with title), an organisation, a ship, countries."""
    actors: list[Actor] = []
    heads = [token, *conjuncts(token)]
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"including"}:
                for obj in child.children:
                    heads.extend([obj, *conjuncts(obj)])
    for head in heads:
        vessel = None if context.place(head) else _vessel(head, context, discourse)
        if vessel is not None:
            discourse.vessels.add(vessel.text.casefold())
            if vessel not in actors:
                actors.append(vessel)
        # A ship noun goes on to the countries behind it ("the Russian tanker Nordic Star").
        actor = (
            _single_actor(head, context, places, discourse, moving=moving)
            if vessel is None or head.pos_ == "NOUN"
            else vessel
        )
        if vessel is not None and actor is vessel:
            continue
        if actor is not None and actor not in actors:
            actors.append(actor)
        elif actor is None and head.pos_ == "NOUN" and head.lower_ in ROLE_WORDS:
            # "the Kenyan president": a person known by title and nationality
            country = next(
                (
                    places[pid].country_code
                    for child in head.children
                    for pid in [context.demonym(child) or context.place(child)]
                    if pid and pid in places and child.dep_ in {"amod", "compound", "nmod", "poss"}
                ),
                None,
            )
            person = Actor(np_text(head) or head.text, "person", head.text.lower(), country)
            if person not in actors:
                actors.append(person)
            if head.dep_ in SUBJECT_DEPS:
                # "The Turkish president visited Kuwait. He is due in Doha": "he" is that president
                known = _known_person(person.text, discourse)
                if known is None:
                    known = Person(person.text, person.role, country)
                    discourse.add_person(known)
                discourse.last_person = known
        elif actor is None and head.pos_ == "NOUN":
            # "the South Korean and U.S. navies": the countries behind a group
            for child in head.children:
                if child.dep_ in {"amod", "compound", "nmod", "poss"}:
                    for mod in [child, *conjuncts(child)]:
                        place_id = context.demonym(mod) or context.place(mod)
                        if place_id and place_id in places:
                            behind = _country_actor(places[place_id])
                            if behind not in actors:
                                actors.append(behind)
            if head.lower_ in GROUP_WORDS and discourse.last_group:
                actors.extend(a for a in discourse.last_group if a not in actors)
    return actors


def _single_actor(
    token: Token, context: Sentence, places: dict[str, Place], discourse: Discourse, *, moving: bool = False
) -> Actor | None:
    if token.pos_ == "PRON" and token.lower_ in {"he", "she", "him", "her", "his"}:
        person = _person_before(token, discourse)
        if person is None and moving and context.rules.on("mover.traveller"):
            # "Macron arrived in Libreville. Bongo welcomed him. He will return to Paris": who
            # travels next is who was travelling, not the host named last
            person = discourse.traveller(context.index)
        person = person or discourse.last_person
        return Actor(person.name, "person", person.role, person.country) if person else None
    place_id = context.place(token)
    if place_id is not None and place_id in places:
        return _country_actor(places[place_id])
    ent_label = token.ent_type_
    if ent_label in {"PERSON", "ORG"} or token.pos_ == "PROPN":
        ent = entity_at(token)
        text = _clean_name(ent.text if ent is not None else token.text)
        person = _known_person(text, discourse)
        if person is not None and (ent_label == "PERSON" or (ent_label == "ORG" and " " not in text)):
            discourse.last_person = person
            return Actor(person.name, "person", person.role, person.country)
        if ent_label == "PERSON":
            return Actor(text, "person")
        if ent_label == "ORG":
            return Actor(re.sub(r"^(?:the|The)\s+", "", text), "organization")
    return None


def _person_before(pronoun: Token, discourse: Discourse) -> Person | None:
    """ "faulted Lula for his trip": a person named earlier in the same sentence."""
    sent = pronoun.sent
    for ent in reversed([e for e in entities(sent) if e.label_ in PERSON_LABELS and e.end <= pronoun.i]):
        known = _known_person(_clean_name(ent.text), discourse)
        if known is not None:
            return known
    return None


def _country_actor(place: Place) -> Actor:
    kind = "country" if place.feature is FeatureKind.COUNTRY else "place"
    return Actor(place.name, kind, None, place.country_code)


def invited_visit(draft: Draft, context: Sentence, places: dict[str, Place], discourse: Discourse) -> Draft | None:
    """ "invited Putin to Pyongyang": a planned visit by the person invited."""
    guest = next((c for c in draft.trigger.children if c.dep_ in OBJECT_DEPS), None)
    if guest is None or not draft.ids(Role.DESTINATION):
        return None
    draft.actors = _expand_actor(guest, context, places, discourse)
    draft.type = EventType.VISIT
    draft.spec = lx.Trigger(EventType.VISIT, lx.Frame.VISIT)
    draft.places = [p for p in draft.places if p.role is Role.DESTINATION]
    draft.status = Status.PLANNED
    draft.confidence = 0.55
    return draft
