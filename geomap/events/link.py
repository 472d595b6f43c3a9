"""Linking places to events by reading the dependency parse.

For each sentence, trigger words (verbs and nouns from :mod:`.lexicon`) are
found; their grammatical neighbourhood gives the places and their roles
(prepositions, subjects and objects, possessives, appositions), the actors,
the date, the status (happened, planned, alleged, denied, hypothetical), the
mode of transport and the count. Two places in one sentence never make a
movement unless a trigger links them.

Then, across the article, mentions of the same event are merged ("Lavrov
arrived in Pyongyang..." and "Lavrov's two-day visit..."), dates given
relative to other events are resolved ("a month after Kim made a trip"),
inferred origins are added for actors whose country the text gives, and
denials in later sentences are attached to the allegations they answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..dates import month_span, open_range, resolve_date, shift, span_for_unit
from ..model import (
    Actor,
    Article,
    Event,
    EventPlace,
    EventType,
    Evidence,
    FeatureKind,
    Mode,
    Place,
    Precision,
    Role,
    Status,
    TimeSpan,
)
from ..nlp import Chunk, doc_text
from ..numbers import CARDINALS
from . import lexicon as lx

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# How far apart (in characters) two mentions of one event may be.
MERGE_WINDOW = 6000
MOVEMENT_TYPES = frozenset(
    {EventType.VISIT, EventType.TRIP, EventType.SHIPMENT, EventType.TRANSFER, EventType.DEPLOYMENT}
)
TRAVEL = frozenset({EventType.VISIT, EventType.TRIP})
GOODS = frozenset({EventType.SHIPMENT, EventType.TRANSFER})
PERSON_LABELS = frozenset({"PERSON"})
GROUP_WORDS = frozenset(
    {
        "allies",
        "countries",
        "nations",
        "sides",
        "governments",
        "partners",
        "neighbors",
        "neighbours",
        "states",
        "both",
        "two",
    }
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "xcomp", "acl", "conj", "parataxis", "pcomp", "csubj"})
NUMBER_WORDS = {
    **CARDINALS,
    "dozen": 12,
    "dozens": 24,
    "several": 3,
    "multiple": 2,
    "twenty": 20,
    "thirty": 30,
    "hundred": 100,
    "hundreds": 200,
}
CAPTION = re.compile(
    r"(?i)(\bfile photo\b|\bphoto(?:graph)?\s*(?:by|:|credit)|\breuters/|\bap photo\b|\bafp\b.*\bphoto\b"
    r"|\bis seen\b|\bare seen\b|\bpictured\b|\bposes?\b.*\bphoto\b|^\s*(?:photo|image|caption)\s*[:|])"
)


# Participles of motion the tagger may call adjectives: "the ship was bound for Izmail".
PARTICIPLES = frozenset({"bound", "headed", "destined", "docked", "moored", "anchored", "stationed", "deployed"})
CAPTION_VERBS = frozenset({"seen", "pictured", "photographed", "shown", "sees", "see"})

PlaceFactory = Callable[[str], "Place | None"]


@dataclass
class _Person:
    name: str
    role: str | None
    country: str | None


@dataclass
class _Discourse:
    """What earlier sentences established, for references in later ones."""

    persons: list[_Person] = field(default_factory=list)
    last_person: _Person | None = None
    last_port: str | None = None
    last_group: list[Actor] = field(default_factory=list)


@dataclass
class _Draft:
    trigger: Token
    carrier: Token
    spec: lx.Trigger
    type: EventType
    sentence_start: int
    sentence_end: int
    sentence: str
    places: list[EventPlace] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    status: Status = Status.HAPPENED
    denied_by: list[str] = field(default_factory=list)
    mode: Mode = Mode.UNKNOWN
    count: int | None = None
    cargo: str | None = None
    date: TimeSpan | None = None
    relative: tuple[Token, int, str] | None = None
    duration_days: int | None = None
    aside: bool = False
    confidence: float = 0.6
    evidence: list[tuple[int, int, str]] = field(default_factory=list)
    definite: bool = False
    reporter: str | None = None
    parent: _Draft | None = None
    merged: bool = False
    position: int = 0

    def ids(self, role: Role) -> list[str]:
        return [p.place_id for p in self.places if p.role is role]

    def add_place(self, place_id: str, role: Role, inferred: bool = False) -> None:
        if any(p.place_id == place_id and p.role is role for p in self.places):
            return
        if role in {Role.ORIGIN, Role.DESTINATION} and any(
            p.place_id == place_id for p in self.places if p.role in {Role.ORIGIN, Role.DESTINATION}
        ):
            return
        self.places.append(EventPlace(place_id, role, inferred))


class _Sentence:
    """One parsed sentence with the article's places mapped onto its tokens."""

    def __init__(self, sent: Span, offset: int, place_at: dict[int, str], demonym_at: dict[int, str]) -> None:
        self.sent = sent
        self.offset = offset
        self.place_at = place_at
        self.demonym_at = demonym_at
        self.owners: set[int] = set()

    def place(self, token: Token) -> str | None:
        return self.place_at.get(token.i)

    def demonym(self, token: Token) -> str | None:
        return self.demonym_at.get(token.i)


def link_events(
    article: Article,
    chunks: Sequence[Chunk],
    places: Sequence[Place],
    *,
    country_place: PlaceFactory | None = None,
) -> tuple[tuple[Event, ...], tuple[Place, ...]]:
    """Find the article's events and link them to its places.

    ``country_place`` turns an ISO country code into a :class:`Place`; it is
    used for origins inferred from an actor's country when the article never
    names that country. Returns the events and any places so added.
    """
    anchor = article.published or dt.date.today()
    by_id = {p.id: p for p in places}
    extra: dict[str, Place] = {}
    country_ids = {p.country_code: p.id for p in places if p.feature is FeatureKind.COUNTRY and p.country_code}
    aside_ranges = _aside_ranges(article)
    title_end = _headline_end(article)
    discourse = _Discourse()
    drafts: list[_Draft] = []

    lead = _dateline_lead(article)
    for chunk in chunks:
        place_at, demonym_at = _token_places(chunk, places)
        _mark_lead(chunk, lead, place_at, demonym_at)
        for sent in chunk.doc.sents:
            start = sent.start_char + chunk.offset
            end = start + len(sent.text.rstrip())
            if not sent.text.strip():
                continue
            context = _Sentence(sent, chunk.offset, place_at, demonym_at)
            _remember_persons(sent, context, by_id, discourse)
            if end <= title_end:
                continue
            aside = any(a <= start and end <= b + 1 for a, b in aside_ranges)
            _remember_groups(sent, context, by_id, discourse)
            drafts.extend(_sentence_events(context, anchor, discourse, by_id, aside))
            _remember_ports(sent, context, discourse)

    _attach_denials(drafts, chunks)
    drafts = _merge_coreferent(drafts)
    _resolve_relative_dates(drafts)
    _infer_locations(drafts)

    def country_id(code: str) -> str | None:
        if code in country_ids:
            return country_ids[code]
        if country_place is None:
            return None
        place = country_place(code)
        if place is None:
            return None
        extra[place.id] = place
        country_ids[code] = place.id
        return place.id

    _infer_origins(drafts, {**by_id}, extra, country_id)
    events = tuple(
        _finish(article, index, draft)
        for index, draft in enumerate(d for d in drafts if not d.merged and _worth_keeping(d))
    )
    return events, tuple(extra.values())


# --- places on tokens ------------------------------------------------------


def _token_places(chunk: Chunk, places: Sequence[Place]) -> tuple[dict[int, str], dict[int, str]]:
    place_at: dict[int, str] = {}
    demonym_at: dict[int, str] = {}
    doc = chunk.doc
    for place in places:
        for mention in place.mentions:
            start, end = mention.start - chunk.offset, mention.end - chunk.offset
            if start < 0 or end > len(doc_text(doc)):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            target = demonym_at if mention.is_demonym else place_at
            for token in span:
                target[token.i] = place.id
    return place_at, demonym_at


def _headline_end(article: Article) -> int:
    """Where the headline ends, if the text opens with one: events come from the story, not its headline."""
    first, _, rest = article.text.partition("\n")
    line = first.strip()
    if not rest.strip() or not line or len(line) > 200 or line[-1] in '.!?"”':
        return 0
    return len(first)


def _dateline_lead(article: Article) -> tuple[int, int] | None:
    """The "SEOUL, Oct 19 (Reuters) -" span: no actor, place or date of an event."""
    if article.dateline is None:
        return None
    match = re.compile(r"[-–—]{1,2}\s").search(article.text, article.dateline.end, article.dateline.end + 80)
    return (article.dateline.start, match.end()) if match else None


def _mark_lead(
    chunk: Chunk, lead: tuple[int, int] | None, place_at: dict[int, str], demonym_at: dict[int, str]
) -> None:
    doc = chunk.doc
    doc.user_data["geomap_lead"] = frozenset()
    if lead is None:
        return
    start, end = lead[0] - chunk.offset, lead[1] - chunk.offset
    if end <= 0 or start >= len(doc_text(doc)):
        return
    inside = frozenset(t.i for t in doc if start <= t.idx < end)
    doc.user_data["geomap_lead"] = inside
    for i in inside:
        place_at.pop(i, None)
        demonym_at.pop(i, None)


def _entity_at(token: Token) -> Span | None:
    """The entity a token belongs to (one lookup table per document, built once)."""
    table = token.doc.user_data.get("geomap_entities")
    if table is None:
        table = {t: ent for ent in token.doc.ents for t in range(ent.start, ent.end)}
        token.doc.user_data["geomap_entities"] = table
    return table.get(token.i)  # type: ignore[no-any-return]


def _in_lead(token: Token) -> bool:
    return token.i in token.doc.user_data.get("geomap_lead", ())


def _aside_ranges(article: Article) -> list[tuple[int, int]]:
    """Character ranges of photo captions and other matter outside the story.

    Paragraphs between the title and the dateline are captions; so is any
    short paragraph that reads like one ("FILE PHOTO: ...", "... is seen in").
    """
    ranges: list[tuple[int, int]] = []
    text = article.text
    story_start = article.dateline.start if article.dateline else 0
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        start, end = offset, offset + len(paragraph)
        offset = end + 1
        if not paragraph.strip() or (index == 0 and paragraph.strip() == article.title):
            continue
        before_dateline = end <= story_start and start > 0
        looks_like_caption = len(paragraph) < 400 and CAPTION.search(paragraph) is not None
        if before_dateline or (looks_like_caption and start >= story_start and not _is_story_lead(paragraph)):
            ranges.append((start, end))
    return ranges


def _is_story_lead(paragraph: str) -> bool:
    return bool(re.match(r"^[A-Z][A-Z .'-]+,.*\((?:Reuters|AP|AFP)\)", paragraph))


# --- people and groups ------------------------------------------------------


def _remember_persons(sent: Span, context: _Sentence, places: dict[str, Place], discourse: _Discourse) -> None:
    for ent in sent.ents:
        if ent.label_ not in PERSON_LABELS:
            continue
        name = _clean_name(ent.text)
        known = _known_person(name, discourse)
        role, country = _title_of(ent, context, places)
        if known is None:
            known = _Person(name, role, country)
            discourse.persons.append(known)
        else:
            if len(name) > len(known.name):
                known.name = name
            known.role = known.role or role
            known.country = known.country or country


def _clean_name(text: str) -> str:
    return re.sub(r"(?:'s|’s|'|’)$", "", text).strip()


def _known_person(name: str, discourse: _Discourse) -> _Person | None:
    parts = name.split()
    for person in reversed(discourse.persons):
        known = person.name.split()
        if (
            name == person.name
            or (len(parts) == 1 and parts[0] in known)
            or (len(parts) > 1 and parts[-1] == known[-1])
        ):
            return person
    return None


def _title_of(ent: Span, context: _Sentence, places: dict[str, Place]) -> tuple[str | None, str | None]:
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
    if role is not None and not any(w[0].isupper() or w.lower() in _ROLE_WORDS for w in words):
        role = None
    return role, country


_ROLE_WORDS = frozenset(
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


def _remember_ports(sent: Span, context: _Sentence, discourse: _Discourse) -> None:
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


def _remember_groups(sent: Span, context: _Sentence, places: dict[str, Place], discourse: _Discourse) -> None:
    """Countries that are joint subjects ("South Korea and the United States have...")."""
    for token in sent:
        if token.dep_ in SUBJECT_DEPS:
            group = [a for a in _expand_actor(token, context, places, discourse) if a.kind == "country"]
            if len(group) >= 2:
                discourse.last_group = group


# --- events within a sentence ----------------------------------------------


def _sentence_events(
    context: _Sentence, anchor: dt.date, discourse: _Discourse, places: dict[str, Place], aside: bool
) -> list[_Draft]:
    sent = context.sent
    drafts: list[_Draft] = []
    by_token: dict[int, _Draft] = {}
    triggers = [(token, spec) for token in sent if not _in_lead(token) for spec in [_trigger(token)] if spec]
    context.owners = {token.i for token, _ in triggers} | {_carrier(token).i for token, spec in triggers if spec.noun}
    for token, spec in triggers:
        draft = _build(token, spec, context, anchor, discourse, places, aside)
        if draft is None:
            continue
        by_token[token.i] = draft
        drafts.append(draft)
    _fold_nested(drafts, by_token)
    _join_legs(drafts)
    return [d for d in drafts if not d.merged]


def _trigger(token: Token) -> lx.Trigger | None:
    lower = token.lower_
    nominal = token.dep_ in {
        "pobj",
        "dobj",
        "nsubj",
        "nsubjpass",
        "compound",
        "conj",
        "appos",
        "attr",
    } or token.pos_ in {"NOUN", "PROPN"}
    if token.dep_ in {"compound", "amod", "nmod"} and token.head.pos_ in {"NOUN", "PROPN"}:
        return None  # "cargo ship", "trade talks delegation": a modifier, not an event
    if lower in lx.NOUN_TRIGGERS and nominal and token.tag_ != "VBG":
        if lower in {"return", "stay", "travel"} and token.pos_ == "VERB":
            return lx.VERB_TRIGGERS.get(lower)
        return lx.NOUN_TRIGGERS[lower]
    if lower in lx.VERB_TRIGGERS and (token.pos_ in {"VERB", "AUX"} or (lower in PARTICIPLES and token.pos_ == "ADJ")):
        return lx.VERB_TRIGGERS[lower]
    if token.pos_ == "NOUN" and lower.endswith("s") and lower[:-1] in lx.NOUN_TRIGGERS:
        return lx.NOUN_TRIGGERS[lower[:-1]]
    return None


def _build(
    token: Token,
    spec: lx.Trigger,
    context: _Sentence,
    anchor: dt.date,
    discourse: _Discourse,
    places: dict[str, Place],
    aside: bool,
) -> _Draft | None:
    sent = context.sent
    carrier = _carrier(token) if spec.noun else token
    if not spec.noun and token.lower_ in lx.LIGHT_VERBS and _noun_trigger_object(token) is not None:
        return None  # "made a trip": the noun is the trigger
    draft = _Draft(
        trigger=token,
        carrier=carrier,
        spec=spec,
        type=spec.type,
        sentence_start=sent.start_char + context.offset,
        sentence_end=sent.start_char + context.offset + len(sent.text.rstrip()),
        sentence=sent.text.strip(),
        aside=aside,
    )
    draft.evidence.append((draft.sentence_start, draft.sentence_end, draft.sentence))
    draft.position = draft.sentence_start
    _collect_places(draft, context, discourse)
    draft.actors = _actors(draft, context, places, discourse)
    if spec.frame is lx.Frame.INVITE:
        return _invited_visit(draft, context, places, discourse)
    if (
        token.lower_ in lx.NEEDS_MOVABLE
        and not _has_movable(draft, context)
        and not (aside and token.lower_ in CAPTION_VERBS)
    ):
        return None
    _set_cargo_and_type(draft, context)
    draft.mode = _mode(draft)
    draft.count = _count(token) if spec.noun else _times(token)
    draft.duration_days = _duration(token, sent)
    draft.status, draft.reporter = _status(draft, places, context)
    draft.definite = spec.noun and any(
        c.dep_ == "det" and c.lower_ in {"the", "these", "those", "such"} for c in token.children
    )
    future = draft.status is Status.PLANNED
    draft.date, draft.relative = _date(draft, sent, anchor, future, aside, context.owners)
    draft.confidence = _confidence(draft)
    return draft


def _carrier(noun: Token) -> Token:
    """The verb that carries a noun trigger's subject, tense and modality."""
    head = noun
    for _ in range(4):
        if head.dep_ in {"dobj", "nsubj", "nsubjpass", "attr", "oprd"} and head.head.pos_ in {"VERB", "AUX"}:
            return head.head
        if head.dep_ == "pobj" and head.head.dep_ in {"prep", "agent"}:
            head = head.head.head
            if head.pos_ in {"VERB", "AUX"}:
                return head
            if head.lower_ not in lx.NOUN_TRIGGERS:
                break  # "the results of Putin's visit": the verb above is not about the visit
            continue
        if head.dep_ in {"conj", "appos", "compound"}:
            head = head.head
            continue
        break
    return noun


def _noun_trigger_object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS and child.lower_ in lx.NOUN_TRIGGERS:
            return child
    return None


def _join_legs(drafts: list[_Draft]) -> None:
    """ "left Odesa on Monday bound for Istanbul": one movement told by two verbs."""
    for draft in drafts:
        if draft.merged or draft.ids(Role.ORIGIN) or not draft.ids(Role.DESTINATION):
            continue
        for other in drafts:
            if other is draft or other.merged or other.ids(Role.DESTINATION) or not other.ids(Role.ORIGIN):
                continue
            if _family(other.type) != _family(draft.type) and not {other.type, draft.type} <= MOVEMENT_TYPES:
                continue
            linked = (
                draft.trigger.head.i == other.trigger.i
                or other.trigger.head.i == draft.trigger.i
                or (draft.trigger.head.i == other.trigger.head.i)
            )
            if linked:
                _absorb(other, draft)
                break


def _fold_nested(drafts: list[_Draft], by_token: dict[int, _Draft]) -> None:
    """A noun trigger inside a verb trigger's phrase is part of it, or depends on it.

    "provided Russia with a shipment of weapons" is one transfer; "arrived in
    Pyongyang for meetings" gives the meetings their place.
    """
    for draft in drafts:
        if not draft.spec.noun:
            continue
        head = draft.trigger
        for _ in range(4):
            head = head.head
            if head.i == draft.trigger.i or (head.i == head.head.i and head.i not in by_token):
                break
            parent = by_token.get(head.i)
            if parent is None or parent is draft:
                continue
            # The noun adds nothing the verb does not say (no other endpoints): one event.
            known = {p.place_id for p in parent.places}
            if (
                parent.type in GOODS
                and draft.type in GOODS | TRAVEL
                and all(p.place_id in known for p in draft.places if p.role in {Role.ORIGIN, Role.DESTINATION})
            ):
                parent.cargo = parent.cargo or draft.cargo
                parent.count = parent.count or draft.count
                if parent.mode is Mode.UNKNOWN:
                    parent.mode = draft.mode
                draft.merged = True
            else:
                draft.parent = parent
            break


# --- places and roles ------------------------------------------------------


def _collect_places(draft: _Draft, context: _Sentence, discourse: _Discourse) -> None:
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
                subject = _antecedent(child) or child
                for place_id in _np_places(subject, context, discourse, allow_demonym=True):
                    draft.add_place(place_id, role)


ROUTE_PREPS = lx.DESTINATION_PREPS | lx.ORIGIN_PREPS | lx.VIA_PREPS | {"for"}


def _antecedent(pronoun: Token) -> Token | None:
    """ "Sudan said it had received ...": the reporting verb's subject is what "it" stands for."""
    if pronoun.pos_ != "PRON" or pronoun.lower_ not in {"it", "they", "we"}:
        return None
    for head in _governors(pronoun.head)[:2]:
        if head.lower_ in lx.CLAIM_VERBS:
            return _subject(head)
    return None


def _object_role(frame: lx.Frame, obj: Token, context: _Sentence) -> Role | None:
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
    draft: _Draft, prep: Token, context: _Sentence, discourse: _Discourse, forced: Role | None = None
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


def _prep_role(word: str, frame: lx.Frame, draft: _Draft) -> Role | None:
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


def _np_places(root: Token, context: _Sentence, discourse: _Discourse, allow_demonym: bool = False) -> list[str]:
    """The places a noun phrase names: itself, its conjuncts, "port of X", "X's Y"."""
    found: list[str] = []
    for head in [root, *_conjuncts(root)]:
        place_id = _np_place(head, context, discourse, allow_demonym)
        if place_id is not None and place_id not in found:
            found.append(place_id)
    return found


def _conjuncts(token: Token) -> list[Token]:
    result: list[Token] = []
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        current = stack.pop(0)
        result.append(current)
        stack.extend(c for c in current.children if c.dep_ == "conj")
    return result


def _np_place(head: Token, context: _Sentence, discourse: _Discourse, allow_demonym: bool) -> str | None:
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


def _note_port(head: Token, place_id: str, discourse: _Discourse) -> None:
    doc = head.doc
    around = {doc[i].lower_ for i in range(max(head.i - 2, 0), min(head.i + 2, len(doc)))}
    if around & {"port", "harbor", "harbour"}:
        discourse.last_port = place_id


def _first_place_in(token: Token, context: _Sentence) -> str | None:
    for t in token.subtree:
        place_id = context.place(t)
        if place_id is not None:
            return place_id
    return None


def _pair_places(obj: Token, context: _Sentence) -> list[str]:
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


def _is_possessor(token: Token, context: _Sentence) -> bool:
    doc = token.doc
    j = token.i + 1
    while j < len(doc) and context.place(doc[j]) == context.place(token):
        j += 1
    return bool(j < len(doc) and doc[j].tag_ == "POS")


def _noun_modifier_places(draft: _Draft, context: _Sentence) -> None:
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


# --- actors ----------------------------------------------------------------


def _actors(draft: _Draft, context: _Sentence, places: dict[str, Place], discourse: _Discourse) -> list[Actor]:
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
        subject = _subject(carrier)
        if subject is not None:
            subject = _antecedent(subject) or subject
        if subject is not None and not (draft.spec.noun and subject.i == token.i):
            candidates.append(subject)
        for child in carrier.children:
            if child.dep_ == "agent":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    actors: list[Actor] = []
    for candidate in candidates:
        for actor in _expand_actor(candidate, context, places, discourse):
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


def _subject(verb: Token) -> Token | None:
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in {"nsubj", "csubj"}:
                if _in_lead(child):
                    # "SEOUL, Oct 19 (Reuters) - Russian Foreign Minister Sergei Lavrov thanked":
                    # the parser makes the dateline the subject and the real one its apposition.
                    return next((t for t in child.subtree if t.dep_ == "appos" and not _in_lead(t)), None)
                return child
        for child in verb.children:
            if child.dep_ == "nsubjpass" and verb.lower_ not in lx.VERB_TRIGGERS:
                return child
        if verb.dep_ in {"xcomp", "advcl", "conj", "acl"} and verb.head.i != verb.i:
            verb = verb.head
            continue
        break
    return None


def _expand_actor(token: Token, context: _Sentence, places: dict[str, Place], discourse: _Discourse) -> list[Actor]:
    """Actors named by a noun phrase: a person (with title), an organisation, countries."""
    actors: list[Actor] = []
    heads = [token, *_conjuncts(token)]
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"including"}:
                for obj in child.children:
                    heads.extend([obj, *_conjuncts(obj)])
    for head in heads:
        actor = _single_actor(head, context, places, discourse)
        if actor is not None and actor not in actors:
            actors.append(actor)
        elif actor is None and head.pos_ == "NOUN" and head.lower_ in _ROLE_WORDS:
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
            person = Actor(_np_text(head) or head.text, "person", head.text.lower(), country)
            if person not in actors:
                actors.append(person)
        elif actor is None and head.pos_ == "NOUN":
            # "the South Korean and U.S. navies": the countries behind a group
            for child in head.children:
                if child.dep_ in {"amod", "compound", "nmod", "poss"}:
                    for mod in [child, *_conjuncts(child)]:
                        place_id = context.demonym(mod) or context.place(mod)
                        if place_id and place_id in places:
                            behind = _country_actor(places[place_id])
                            if behind not in actors:
                                actors.append(behind)
            if head.lower_ in GROUP_WORDS and discourse.last_group:
                actors.extend(a for a in discourse.last_group if a not in actors)
    return actors


def _single_actor(token: Token, context: _Sentence, places: dict[str, Place], discourse: _Discourse) -> Actor | None:
    if token.pos_ == "PRON" and token.lower_ in {"he", "she", "him", "her"}:
        person = discourse.last_person
        return Actor(person.name, "person", person.role, person.country) if person else None
    place_id = context.place(token)
    if place_id is not None and place_id in places:
        return _country_actor(places[place_id])
    ent_label = token.ent_type_
    if ent_label in {"PERSON", "ORG"} or token.pos_ == "PROPN":
        ent = _entity_at(token)
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


def _country_actor(place: Place) -> Actor:
    kind = "country" if place.feature is FeatureKind.COUNTRY else "place"
    return Actor(place.name, kind, None, place.country_code)


def _invited_visit(draft: _Draft, context: _Sentence, places: dict[str, Place], discourse: _Discourse) -> _Draft | None:
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


# --- cargo, type, mode, count ----------------------------------------------


def _mover(draft: _Draft) -> Token | None:
    """What moves: the subject, the passive subject of a motion verb, or that of the verb it hangs from."""
    subject = _subject(draft.carrier)
    if subject is not None:
        return subject
    if draft.spec.frame in {lx.Frame.MOTION, lx.Frame.ARRIVE, lx.Frame.DEPART, lx.Frame.VISIT}:
        for head in [draft.carrier, *_governors(draft.carrier)[:1]]:
            passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
    return None


def _has_movable(draft: _Draft, context: _Sentence) -> bool:
    """Something that can move: a vessel, cargo, troops or people ("the minister returned")."""
    if any(a.kind == "person" for a in draft.actors):
        return True
    words = set()
    phrases = [
        c for head in {draft.trigger, draft.carrier} for c in head.children if c.dep_ in SUBJECT_DEPS | OBJECT_DEPS
    ]
    subject = _subject(draft.carrier)
    if subject is not None:
        phrases.append(subject)
    for head in _governors(draft.carrier)[:1]:
        phrases.extend(c for c in head.children if c.dep_ == "nsubjpass")  # "the tanker was seen heading"
    for phrase in phrases:
        words |= {t.lower_ for t in phrase.subtree}
        if any(t.ent_type_ == "PERSON" for t in phrase.subtree):
            return True
    return bool(words & (lx.VESSELS | lx.CARGO | lx.TROOPS | lx.PEOPLE_MOVING | _ROLE_WORDS))


def _set_cargo_and_type(draft: _Draft, context: _Sentence) -> None:
    token = draft.trigger
    phrases: list[Token] = []
    if draft.spec.noun:
        phrases.extend(c for c in token.children if c.dep_ == "compound" and c.lower_ in lx.CARGO)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                phrases.extend(c for c in child.children if c.dep_ == "pobj")
    else:
        for child in token.children:
            if child.dep_ in {"dobj", "nsubjpass"} and context.place(child) is None:
                phrases.append(child)
            if child.dep_ == "prep" and child.lower_ == "with":
                for obj in child.children:
                    phrases.append(obj)
                    for inner in obj.children:
                        if inner.dep_ == "prep" and inner.lower_ == "of":
                            phrases.extend(c for c in inner.children if c.dep_ == "pobj")
    words = [t for p in phrases for t in p.subtree if not t.is_punct]
    lowers = {t.lower_ for t in words}
    subject = _mover(draft)
    subject_words = {t.lower_ for t in subject.subtree} if subject is not None else set()
    if subject is not None:
        # "a tanker carrying Russian oil sailed ...": what a vessel carries is the cargo
        for child in subject.children:
            if child.dep_ in {"acl", "relcl"} and child.lower_ in {"carrying", "loaded", "laden", "transporting"}:
                words.extend(t for t in child.subtree if not t.is_punct)
    if draft.type in GOODS or (draft.type in TRAVEL and subject_words & lx.VESSELS):
        cargo_words = [t.text for t in words if t.lower_ in lx.CARGO]
        if cargo_words:
            draft.cargo = cargo_words[-1].lower()
    if draft.type in TRAVEL:
        has_person = any(a.kind in {"person", "organization"} for a in draft.actors)
        if subject_words & lx.TROOPS or lowers & lx.TROOPS:
            draft.type = EventType.DEPLOYMENT
        elif not has_person and (
            subject_words & lx.VESSELS
            or subject_words & lx.CARGO
            or (token.lower_ in {"trips", "voyages", "sailings", "crossings", "runs"} and not draft.actors)
        ):
            draft.type = EventType.SHIPMENT
            if subject is not None and subject.lower_ in lx.VESSELS and draft.cargo is None:
                draft.cargo = None
    if draft.type in GOODS and (lowers & lx.TROOPS):
        draft.type = EventType.DEPLOYMENT


def _mode(draft: _Draft) -> Mode:
    if draft.mode is not Mode.UNKNOWN:
        return draft.mode
    words: list[str] = [draft.trigger.lower_]
    mover = None if draft.spec.noun else _mover(draft)
    if mover is not None:
        words.extend(t.lower_ for t in mover.subtree)
    heads = {draft.trigger} if draft.spec.noun else {draft.trigger, draft.carrier}
    for head in heads:
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"prep", "agent", "acl", "relcl", "compound", "amod"}:
                words.extend(t.lower_ for t in child.subtree)
    for word in words:
        for mode, vocabulary in lx.MODE_WORDS.items():
            if word in vocabulary:
                return mode
    return Mode.UNKNOWN


def _count(noun: Token) -> int | None:
    """ "at least six trips" -> 6; "two shipments" -> 2."""
    if not noun.lower_.endswith("s"):
        return None
    for child in noun.children:
        if child.dep_ == "nummod":
            return _number(child.text)
    return None


def _times(verb: Token) -> int | None:
    """ "visited Seoul three times" -> 3."""
    for child in verb.children:
        if child.lower_ in {"times", "twice"}:
            if child.lower_ == "twice":
                return 2
            for inner in child.children:
                if inner.dep_ == "nummod":
                    return _number(inner.text)
    return None


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _duration(token: Token, sent: Span) -> int | None:
    """ "a two-day visit" -> 2."""
    doc = token.doc
    window = doc[max(token.i - 4, sent.start) : token.i].text.lower()
    match = re.search(r"(\w+)[\s-]+day\b", window)
    if match:
        return _number(match.group(1))
    return None


# --- status ----------------------------------------------------------------


def _status(draft: _Draft, places: dict[str, Place], context: _Sentence) -> tuple[Status, str | None]:
    token, carrier = draft.trigger, draft.carrier
    verbs = [carrier] if carrier is token else [token, carrier]
    if any(
        c.dep_ == "neg" or (c.lower_ in lx.NEGATIONS and c.dep_ in {"neg", "det"}) for v in verbs for c in v.children
    ):
        return Status.DENIED, None
    chain = _governors(carrier)
    for head in chain[:3]:
        if head.lower_ in lx.DENY_VERBS:
            return Status.DENIED, _np_text(_subject(head))
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
                claimant = _np_text(_subject(head))
                parties = {a.text.lower() for a in draft.actors} | {
                    places[p.place_id].name.lower() for p in draft.places if p.place_id in places
                }
                if claimant and claimant.lower() not in parties and (draft.actors or draft.places):
                    return Status.ALLEGED, claimant
    return Status.HAPPENED, None


def _governors(token: Token) -> list[Token]:
    """The verbs a clause hangs from, nearest first."""
    chain: list[Token] = []
    current = token
    for _ in range(6):
        if current.head.i == current.i:
            break
        if current.dep_ in CLAUSE_DEPS | {"pobj", "prep", "dobj", "nsubjpass", "nsubj"}:
            current = current.head
            if current.pos_ in {"VERB", "AUX"} or current.lower_ in lx.DENY_VERBS:
                chain.append(current)
        else:
            current = current.head
    return chain


def _planned(draft: _Draft, chain: list[Token]) -> bool:
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


def _np_text(token: Token | None) -> str | None:
    if token is None:
        return None
    tokens = [t for t in token.subtree if t.dep_ not in {"relcl", "punct"} and not t.is_space]
    if not tokens:
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    text = token.doc[start:end].text
    return re.sub(r"^(?:the|The|a|A)\s+", "", text)[:80]


# --- dates -----------------------------------------------------------------


def _date(
    draft: _Draft, sent: Span, anchor: dt.date, future: bool, aside: bool, all_owners: set[int]
) -> tuple[TimeSpan | None, tuple[Token, int, str] | None]:
    token, carrier = draft.trigger, draft.carrier
    relative = _relative_anchor(carrier)
    owners = {token.i, carrier.i}
    others = all_owners - owners
    best: tuple[int, TimeSpan] | None = None
    fallback: TimeSpan | None = None
    for ent in sent.ents:
        if ent.label_ != "DATE" or _is_duration(ent) or _in_lead(ent.root):
            continue
        owner, distance, prep = _date_owner(ent, owners)
        if not owner and others and _date_owner(ent, others)[0]:
            continue  # this date belongs to another event of the sentence
        span = resolve_date(ent.text, anchor, future=future)
        if span is None:
            continue
        if prep:
            span = open_range(span, prep, anchor)
        if owner and (best is None or distance < best[0]):
            best = (distance, span)
        elif not owner and fallback is None and _free_date(ent, draft):
            fallback = span
    if best is not None:
        return best[1], relative
    if relative is not None:
        return None, relative
    if aside and fallback is not None:
        return fallback, None
    if fallback is not None and not _attached_to_claim(sent, fallback):
        return fallback, None
    recently = any(c.lower_ == "recently" for c in carrier.children)
    if recently:
        report = _report_date(carrier, anchor)
        end = report.end if report else anchor
        return TimeSpan(end - dt.timedelta(days=30), end, Precision.MONTH, "recently"), None
    return None, None


def _is_duration(ent: Span) -> bool:
    text = ent.text.lower()
    return (
        bool(re.search(r"\b\w+[\s-]day\b|\bhours?\b|\bminutes?\b", text))
        and not re.search(r"\b(ago|last|next|this)\b", text)
    ) or bool(re.fullmatch(r"(?:a|one|two|three|four|five|six|several|\d+)\s+(?:days?|weeks?|months?|years?)", text))


def _date_owner(ent: Span, owners: set[int]) -> tuple[bool, int, str | None]:
    """Whether a DATE entity attaches to the event, how far up, and under which preposition."""
    token = ent.root
    prep: str | None = None
    for distance in range(6):
        head = token.head
        if token.dep_ == "pobj" and head.dep_ == "prep":
            prep = head.lower_
        if head.i in owners or token.i in owners:
            return True, distance, prep if prep in {"since", "until", "till", "through"} else None
        if head.i == token.i:
            break
        if token.dep_ in {"ccomp", "advcl", "relcl"} and token.i not in owners:
            break
        token = head
    return False, 99, None


def _free_date(ent: Span, draft: _Draft) -> bool:
    """A DATE that does not belong to a reporting verb ("said on Tuesday")."""
    token = ent.root
    for _ in range(4):
        token = token.head
        if token.lower_ in lx.CLAIM_VERBS:
            return False
        if token.dep_ == "ROOT":
            break
    return True


def _attached_to_claim(sent: Span, span: TimeSpan) -> bool:
    return False


def _report_date(carrier: Token, anchor: dt.date) -> TimeSpan | None:
    for head in _governors(carrier)[:2]:
        if head.lower_ in lx.CLAIM_VERBS:
            for child in head.children:
                if child.ent_type_ == "DATE":
                    ent = _entity_at(child)
                    if ent is not None:
                        return resolve_date(ent.text, anchor)
    return None


_RELATIVE = re.compile(
    r"^(?:about |some |nearly |almost |just )?(?P<n>a|an|one|two|three|four|five|six|several|\d+)"
    r"\s+(?P<unit>day|days|week|weeks|month|months|year|years)$"
)


def _relative_anchor(carrier: Token) -> tuple[Token, int, str] | None:
    """ "X comes a month after Y made a trip": Y's date is X's date minus a month."""
    mark = next((c for c in carrier.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}), None)
    head = carrier.head
    if mark is None:
        if carrier.dep_ == "pcomp" and head.lower_ in {"after", "before"}:
            mark, head = head, head.head
        else:
            return None
    for child in [*carrier.children, *head.children]:
        if child.dep_ in {"npadvmod", "advmod", "obl"}:
            ent = _entity_at(child)
            text = (ent.text if ent is not None else child.text).lower()
            match = _RELATIVE.match(text)
            if match:
                amount = _number(match["n"]) or 1
                unit = match["unit"].rstrip("s")
                sign = -1 if mark.lower_ == "after" else 1
                anchor_token = _subject(head) or head
                return anchor_token, sign * amount, unit
    return None


# --- across sentences ------------------------------------------------------


def _attach_denials(drafts: list[_Draft], chunks: Sequence[Chunk]) -> None:
    """ "The Kremlin has said that the allegations were not based on evidence."

    A denial of allegations answers the alleged events of the few sentences
    before it.
    """
    for chunk in chunks:
        for sent in chunk.doc.sents:
            denier = _denial(sent)
            if denier is None:
                continue
            start = sent.start_char + chunk.offset
            for draft in drafts:
                if (
                    draft.status is Status.ALLEGED
                    and draft.type in lx.CONTESTED_TYPES
                    and 0 <= start - draft.sentence_end <= 600
                    and draft.sentence_start < start
                ) and denier not in draft.denied_by:
                    draft.denied_by.append(denier)


def _denial(sent: Span) -> str | None:
    lowers = {t.lower_ for t in sent}
    if not lowers & lx.ALLEGATION_NOUNS and not lowers & lx.DENY_VERBS:
        return None
    for token in sent:
        if token.lower_ in lx.DENY_VERBS and token.pos_ == "VERB":
            return _np_text(_subject(token))
        if token.lower_ in lx.ALLEGATION_NOUNS and token.dep_ in SUBJECT_DEPS:
            predicate = token.head
            negated = any(c.dep_ == "neg" for c in predicate.children)
            if (
                negated
                or predicate.lower_ in {"baseless", "false", "groundless", "fabricated", "untrue"}
                or any(
                    c.lower_ in {"baseless", "false", "groundless", "fabricated", "untrue"} for c in predicate.children
                )
            ):
                speaker = None
                for head in _governors(predicate):
                    if head.lower_ in lx.CLAIM_VERBS:
                        speaker = _np_text(_subject(head))
                        break
                return speaker or "another party"
    return None


def _family(etype: EventType) -> str:
    if etype in TRAVEL:
        return "travel"
    if etype in GOODS:
        return "goods"
    return etype.value


def _same_actor(a: _Draft, b: _Draft) -> bool | None:
    """True if the two share an actor, False if both have different ones, None if unknown."""
    people_a = {x.text for x in a.actors if x.kind in {"person", "organization"}}
    people_b = {x.text for x in b.actors if x.kind in {"person", "organization"}}
    if people_a and people_b:
        return bool(people_a & people_b)
    return None


def _places_compatible(a: _Draft, b: _Draft) -> bool:
    for role in (Role.ORIGIN, Role.DESTINATION):
        ids_a, ids_b = a.ids(role), b.ids(role)
        if ids_a and ids_b and not set(ids_a) & set(ids_b):
            return False
    return True


def _merge_coreferent(drafts: list[_Draft]) -> list[_Draft]:
    """Merge mentions of the same event: same kind, actor, places, status and time."""
    kept: list[_Draft] = []
    for draft in drafts:
        if draft.merged:
            continue
        target = None
        for earlier in reversed(kept):
            if draft.position - earlier.position > MERGE_WINDOW:
                break  # mentions of one event sit within a few paragraphs of each other
            if earlier.aside != draft.aside or _family(earlier.type) != _family(draft.type):
                continue
            if _family(draft.type) not in {"travel", "goods"}:
                if (
                    earlier.sentence_start == draft.sentence_start
                    and _same_actor(earlier, draft) is not False
                    and earlier.type == draft.type
                ):
                    target = earlier
                    break
                continue
            same_actor = _same_actor(earlier, draft)
            statuses = {earlier.status, draft.status}
            if same_actor is False or not _places_compatible(earlier, draft):
                continue
            if len(statuses) > 1 and statuses != {Status.HAPPENED, Status.ALLEGED}:
                continue
            if earlier.date and draft.date and not earlier.date.overlaps(draft.date):
                continue
            close = draft.sentence_start - earlier.sentence_end < 700
            travel = _family(draft.type) == "travel"
            if (
                same_actor
                or (draft.definite and close)
                or (
                    travel
                    and same_actor is None
                    and close
                    and _shares_place(earlier, draft)
                    and earlier.status == draft.status
                )
            ):
                target = earlier
                break
            if same_actor is None and not draft.actors and not draft.places and earlier.type in TRAVEL and close:
                target = earlier
                break
        if target is None:
            kept.append(draft)
            continue
        _absorb(target, draft)
    return kept


def _shares_place(a: _Draft, b: _Draft) -> bool:
    return bool({p.place_id for p in a.places} & {p.place_id for p in b.places})


def _absorb(target: _Draft, other: _Draft) -> None:
    other.merged = True
    if len(other.places) > len(target.places):
        # The report with the most places is the main evidence.
        target.trigger, target.carrier = other.trigger, other.carrier
        target.sentence, target.sentence_start, target.sentence_end = (
            other.sentence,
            other.sentence_start,
            other.sentence_end,
        )
    for place in other.places:
        target.add_place(place.place_id, place.role, place.inferred)
    for actor in other.actors:
        if actor not in target.actors:
            target.actors.append(actor)
    if target.date is None or (other.date and _finer(other.date, target.date)):
        target.date = other.date or target.date
    target.relative = target.relative or other.relative
    target.count = max(filter(None, [target.count, other.count]), default=None)
    target.duration_days = target.duration_days or other.duration_days
    target.cargo = target.cargo or other.cargo
    if target.mode is Mode.UNKNOWN:
        target.mode = other.mode
    if (target.type is EventType.TRIP and other.type is EventType.VISIT) or (
        target.type is EventType.SHIPMENT and other.type is EventType.TRANSFER and other.cargo
    ):
        target.type = other.type
    if other.status is Status.ALLEGED:
        target.status = Status.ALLEGED
    for denier in other.denied_by:
        if denier not in target.denied_by:
            target.denied_by.append(denier)
    for ev in other.evidence:
        if ev not in target.evidence:
            target.evidence.append(ev)
    target.confidence = min(0.95, max(target.confidence, other.confidence) + 0.05)


def _finer(a: TimeSpan, b: TimeSpan) -> bool:
    order = [Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR]
    return order.index(a.precision) < order.index(b.precision)


def _resolve_relative_dates(drafts: list[_Draft]) -> None:
    live = [d for d in drafts if not d.merged]
    for draft in live:
        if draft.relative is None or draft.date is not None:
            continue
        anchor_token, amount, unit = draft.relative
        anchor = _draft_for_token(anchor_token, live)
        if anchor is None or anchor.date is None:
            continue
        day = shift(anchor.date.start, amount, unit)
        span = span_for_unit(
            day,
            unit,
            f"{abs(amount)} {unit}{'s' if abs(amount) > 1 else ''} "
            f"{'before' if amount < 0 else 'after'} {anchor.date.iso}",
        )
        if unit == "month":
            span = month_span(day.year, day.month, span.text)
        draft.date = span


def _draft_for_token(token: Token, drafts: Iterable[_Draft]) -> _Draft | None:
    for draft in drafts:
        if draft.trigger.i == token.i and draft.trigger.doc is token.doc:
            return draft
    for draft in drafts:
        # the anchor may have been merged into another draft
        if any(s <= token.idx < e for s, e, _ in draft.evidence) and draft.type in TRAVEL:
            return draft
    return None


def _infer_locations(drafts: list[_Draft]) -> None:
    """Meetings and speeches with no place happen where their actor is visiting."""
    live = [d for d in drafts if not d.merged]
    for draft in live:
        if draft.type not in {EventType.MEETING, EventType.STATEMENT} or draft.places or draft.aside:
            continue
        if draft.parent is not None and draft.parent.ids(Role.DESTINATION):
            draft.add_place(draft.parent.ids(Role.DESTINATION)[0], Role.LOCATION)
            continue
        people = {a.text for a in draft.actors if a.kind == "person"}
        for visit in live:
            if visit.type not in TRAVEL or visit.status is not Status.HAPPENED or not visit.ids(Role.DESTINATION):
                continue
            if {a.text for a in visit.actors if a.kind == "person"} & people and (
                draft.date is None or visit.date is None or _near(draft.date, visit.date)
            ):
                draft.add_place(visit.ids(Role.DESTINATION)[0], Role.LOCATION, inferred=True)
                if draft.date is None and visit.date is not None:
                    draft.date = visit.date
                break


def _near(a: TimeSpan, b: TimeSpan) -> bool:
    return a.start <= b.end + dt.timedelta(days=3) and b.start <= a.end + dt.timedelta(days=3)


def _infer_origins(
    drafts: list[_Draft],
    places: dict[str, Place],
    extra: dict[str, Place],
    country_id: Callable[[str], str | None],
) -> None:
    """A Russian minister arriving in Pyongyang came from Russia (inferred)."""
    for draft in drafts:
        if draft.merged or draft.type not in TRAVEL | {EventType.DEPLOYMENT} or draft.ids(Role.ORIGIN):
            continue
        destinations = draft.ids(Role.DESTINATION)
        if not destinations:
            continue
        destination = places.get(destinations[0]) or extra.get(destinations[0])
        countries = [a.country_code for a in draft.actors if a.country_code and a.kind == "person"]
        if not countries or destination is None:
            continue
        if destination.country_code == countries[0]:
            continue
        origin = country_id(countries[0])
        if origin is not None and origin != destination.id:
            draft.add_place(origin, Role.ORIGIN, inferred=True)


# --- finishing -------------------------------------------------------------


def _confidence(draft: _Draft) -> float:
    score = 0.5
    if draft.places:
        score += 0.15
    if draft.ids(Role.ORIGIN) and draft.ids(Role.DESTINATION):
        score += 0.1
    if draft.actors:
        score += 0.1
    if draft.date is not None:
        score += 0.05
    if draft.spec.noun:
        score -= 0.05
    return round(min(score, 0.95), 2)


def _worth_keeping(draft: _Draft) -> bool:
    """Events a reader can place: with a place, or a movement type with actors."""
    if draft.places:
        return True
    return draft.type in MOVEMENT_TYPES | {EventType.EXERCISE} and bool(draft.actors)


def _finish(article: Article, index: int, draft: _Draft) -> Event:
    places = list(draft.places)
    if any(p.inferred for p in places if p.role is Role.ORIGIN):
        confidence = max(0.3, draft.confidence - 0.1)
    else:
        confidence = draft.confidence
    trigger_text = draft.trigger.text
    if draft.spec.noun and draft.carrier is not draft.trigger and draft.carrier.lower_ in lx.LIGHT_VERBS:
        trigger_text = (
            f"{draft.carrier.text} {draft.trigger.text}" if draft.carrier.i < draft.trigger.i else trigger_text
        )
    evidence = tuple(sorted(draft.evidence))
    return Event(
        id=f"{article.id}:e{index + 1}",
        article_id=article.id,
        type=draft.type,
        trigger=trigger_text,
        sentence=draft.sentence,
        start=draft.sentence_start,
        end=draft.sentence_end,
        places=tuple(places),
        status=draft.status,
        mode=draft.mode,
        confidence=round(confidence, 2),
        date=draft.date,
        actors=tuple(draft.actors),
        count=draft.count,
        cargo=draft.cargo,
        aside=draft.aside,
        sources=(article.id,),
        duration_days=draft.duration_days,
        denied_by=tuple(draft.denied_by),
        reported_by=draft.reporter,
        evidence=tuple(Evidence(article.id, s, e, text) for s, e, text in evidence),
    )
