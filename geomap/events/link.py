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
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..model import (
    Article,
    Event,
    EventType,
    Evidence,
    FeatureKind,
    Mode,
    Place,
    Role,
    Status,
)
from ..nlp import Chunk
from . import lexicon as lx
from .actors import actors_of, invited_visit, remember_groups, remember_persons, remember_ports
from .cargo import count_of, duration_of, has_movable, mode_of, set_cargo_and_type, times_of
from .coreference import (
    absorb,
    attach_denials,
    family,
    infer_locations,
    infer_origins,
    merge_coreferent,
    resolve_relative_dates,
)
from .draft import GOODS, MOVEMENT_TYPES, OBJECT_DEPS, TRAVEL, Discourse, Draft, Sentence
from .lead import aside_spans, dateline_lead, headline_end, mark_lead, token_places
from .roles import collect_places
from .status import event_status
from .syntax import in_lead
from .timing import event_date

if TYPE_CHECKING:
    from spacy.tokens import Token

# Participles of motion the tagger may call adjectives: "the ship was bound for Izmail".
PARTICIPLES = frozenset({"bound", "headed", "destined", "docked", "moored", "anchored", "stationed", "deployed"})


CAPTION_VERBS = frozenset({"seen", "pictured", "photographed", "shown", "sees", "see"})


PlaceFactory = Callable[[str], "Place | None"]


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
    aside_ranges = aside_spans(article)
    title_end = headline_end(article)
    discourse = Discourse()
    drafts: list[Draft] = []

    lead = dateline_lead(article)
    for chunk in chunks:
        place_at, demonym_at = token_places(chunk, places)
        mark_lead(chunk, lead, place_at, demonym_at)
        for sent in chunk.doc.sents:
            start = sent.start_char + chunk.offset
            end = start + len(sent.text.rstrip())
            if not sent.text.strip():
                continue
            context = Sentence(sent, chunk.offset, place_at, demonym_at)
            remember_persons(sent, context, by_id, discourse)
            if end <= title_end:
                continue
            aside = any(a <= start and end <= b + 1 for a, b in aside_ranges)
            remember_groups(sent, context, by_id, discourse)
            drafts.extend(_sentence_events(context, anchor, discourse, by_id, aside))
            remember_ports(sent, context, discourse)

    attach_denials(drafts, chunks)
    drafts = merge_coreferent(drafts)
    resolve_relative_dates(drafts)
    infer_locations(drafts)

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

    infer_origins(drafts, {**by_id}, extra, country_id)
    events = tuple(
        _finish(article, index, draft)
        for index, draft in enumerate(d for d in drafts if not d.merged and _worth_keeping(d))
    )
    return events, tuple(extra.values())


def _sentence_events(
    context: Sentence, anchor: dt.date, discourse: Discourse, places: dict[str, Place], aside: bool
) -> list[Draft]:
    sent = context.sent
    drafts: list[Draft] = []
    by_token: dict[int, Draft] = {}
    triggers = [(token, spec) for token in sent if not in_lead(token) for spec in [_trigger(token)] if spec]
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
    context: Sentence,
    anchor: dt.date,
    discourse: Discourse,
    places: dict[str, Place],
    aside: bool,
) -> Draft | None:
    sent = context.sent
    carrier = _carrier(token) if spec.noun else token
    if not spec.noun and token.lower_ in lx.LIGHT_VERBS and _noun_trigger_object(token) is not None:
        return None  # "made a trip": the noun is the trigger
    draft = Draft(
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
    collect_places(draft, context, discourse)
    draft.actors = actors_of(draft, context, places, discourse)
    if spec.frame is lx.Frame.INVITE:
        return invited_visit(draft, context, places, discourse)
    if (
        token.lower_ in lx.NEEDS_MOVABLE
        and not has_movable(draft, context)
        and not (aside and token.lower_ in CAPTION_VERBS)
    ):
        return None
    set_cargo_and_type(draft, context)
    draft.mode = mode_of(draft)
    draft.count = count_of(token) if spec.noun else times_of(token)
    draft.duration_days = duration_of(token, sent)
    draft.status, draft.reporter = event_status(draft, places, context)
    draft.definite = spec.noun and any(
        c.dep_ == "det" and c.lower_ in {"the", "these", "those", "such"} for c in token.children
    )
    future = draft.status is Status.PLANNED
    draft.date, draft.relative = event_date(draft, sent, anchor, future, aside, context.owners)
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


def _join_legs(drafts: list[Draft]) -> None:
    """ "left Odesa on Monday bound for Istanbul": one movement told by two verbs."""
    for draft in drafts:
        if draft.merged or draft.ids(Role.ORIGIN) or not draft.ids(Role.DESTINATION):
            continue
        for other in drafts:
            if other is draft or other.merged or other.ids(Role.DESTINATION) or not other.ids(Role.ORIGIN):
                continue
            if family(other.type) != family(draft.type) and not {other.type, draft.type} <= MOVEMENT_TYPES:
                continue
            linked = (
                draft.trigger.head.i == other.trigger.i
                or other.trigger.head.i == draft.trigger.i
                or (draft.trigger.head.i == other.trigger.head.i)
            )
            if linked:
                absorb(other, draft)
                break


def _fold_nested(drafts: list[Draft], by_token: dict[int, Draft]) -> None:
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


def _confidence(draft: Draft) -> float:
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


def _worth_keeping(draft: Draft) -> bool:
    """Events a reader can place: with a place, or a movement type with actors."""
    if draft.places:
        return True
    return draft.type in MOVEMENT_TYPES | {EventType.EXERCISE} and bool(draft.actors)


def _finish(article: Article, index: int, draft: Draft) -> Event:
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
