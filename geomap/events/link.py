"""Linking places to events: who or what moved, from where to where.

For each sentence, trigger words (verbs and nouns from :mod:`.lexicon`) are
found (:mod:`.triggers`). Each trigger's places and roles come from its
frame over the dependency parse (:mod:`.roles`), and, where the parse
attached a phrase to the wrong word, from the word order (:mod:`.sequence`).
What moves decides the kind of movement (:mod:`.movers`); actors, status,
date, mode, count and cargo come from their own modules. Within a sentence,
two verbs of one journey become one movement ("left Lima and is expected
to reach Quito", :mod:`.legs`).

Across the article (:mod:`.itinerary`, :mod:`.coreference`): mentions of the
same movement are merged, an origin told in one sentence and a destination
in the next become one movement, a journey's next leg starts where the last
one ended, dates given relative to other events are resolved, origins are
inferred from the actors' or movers' country, and denials in later sentences
are attached to what they deny. Last, every movement is cut into legs with
one origin and one destination each: that is what a movement is, on the
map and in every export.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..model import (
    Article,
    Event,
    EventPlace,
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
from .actors import (
    actors_of,
    invited_visit,
    remember_groups,
    remember_persons,
    remember_ports,
    remember_traveller,
)
from .article_parts import aside_spans, dateline_lead, headline_end, mark_lead, token_places
from .cargo import count_of, duration_of, mode_of, set_cargo, times_of
from .draft import GOODS, MOVEMENT_TYPES, OBJECT_DEPS, TRAVEL, Discourse, Draft, Linking, RuleSet, Sentence
from .legs import join_clauses, legs_of, where_clauses
from .movers import class_of, event_type, is_movable, mover_of, remember_nationalities, with_known_nationality
from .roles import collect_places, mover_origin
from .rules import ACROSS_SENTENCES, ALL_RULES
from .sequence import fill_from_sequence, mark_later_stops, place_spans
from .status import event_status
from .timing import event_date
from .triggers import on_the_way, sentence_triggers

if TYPE_CHECKING:
    from spacy.tokens import Token


# Frames whose subject is what moves ("the minister arrived"), unlike "sent" or "carried".


CAPTION_VERBS = frozenset({"seen", "pictured", "photographed", "shown", "sees", "see"})


PlaceFactory = Callable[[str], "Place | None"]


def link_events(
    article: Article,
    chunks: Sequence[Chunk],
    places: Sequence[Place],
    *,
    country_place: PlaceFactory | None = None,
    numbered_from: int = 0,
    rules: RuleSet = ALL_RULES,
) -> tuple[tuple[Event, ...], tuple[Place, ...]]:
    """Find the events of the article's ``chunks`` and link them to its places.

    ``country_place`` turns an ISO country code into a :class:`Place`; it is
    used for origins inferred from an actor's country when the article never
    names that country. Returns the events and any places so added. The
    events are numbered after ``numbered_from``: a long article is linked a
    section at a time (``nlp.Parsed.sections``). ``rules`` says which rules of
    the registry (:mod:`.rules`) run; the passes across sentences run in the
    registry's order.
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
    sentence_index = 0
    for chunk in chunks:
        place_at, demonym_at = token_places(chunk, places)
        mark_lead(chunk, lead, place_at, demonym_at)
        for sent in chunk.doc.sents:
            start = sent.start_char + chunk.offset
            end = start + len(sent.text.rstrip())
            if not sent.text.strip():
                continue
            sentence_index += 1
            context = Sentence(sent, chunk.offset, place_at, demonym_at, by_id, rules=rules, index=sentence_index)
            remember_persons(sent, context, by_id, discourse)
            if end > title_end:
                aside = any(a <= start and end <= b + 1 for a, b in aside_ranges)
                remember_groups(sent, context, by_id, discourse)
                drafts.extend(_sentence_events(context, anchor, discourse, by_id, aside, sentence_index))
                remember_ports(sent, context, discourse)
            discourse.saw([p for p in (context.place(t) for t in sent) if p])
            remember_nationalities(sent, context, discourse, sentence_index)

    known = dict(by_id)

    def country_id(code: str) -> str | None:
        if code in country_ids:
            return country_ids[code]
        if country_place is None:
            return None
        place = country_place(code)
        if place is None:
            return None
        extra[place.id] = place
        known[place.id] = place
        country_ids[code] = place.id
        return place.id

    state = Linking(drafts, known, chunks, country_id, rules, _dateline_place(article, places))
    for run_pass in ACROSS_SENTENCES:
        run_pass(state)
        state.drafts = state.live()
    events: list[Event] = []
    for draft in state.drafts:
        if not _worth_keeping(draft):
            continue
        for places_of_leg in legs_of(draft, known, rules):
            events.append(_finish(article, numbered_from + len(events), draft, places_of_leg))
    return tuple(events), tuple(extra.values())


def _dateline_place(article: Article, places: Sequence[Place]) -> str | None:
    """The place of the article's dateline, if it has one."""
    dateline = article.dateline
    if dateline is None:
        return None
    return next((p.id for p in places for m in p.mentions if m.start < dateline.end and dateline.start < m.end), None)


def _sentence_events(
    context: Sentence, anchor: dt.date, discourse: Discourse, places: dict[str, Place], aside: bool, index: int
) -> list[Draft]:
    sent = context.sent
    rules = context.rules
    triggers = sentence_triggers(sent, rules)
    context.triggers = {token.i for token, _ in triggers}
    context.owners = context.triggers | {_carrier(token).i for token, spec in triggers if spec.noun}
    drafts: list[Draft] = []
    by_token: dict[int, Draft] = {}
    for token, spec in triggers:
        draft = _start(token, spec, context, aside)
        if draft is None:
            continue
        draft.sentence_index = index
        collect_places(draft, context, discourse)
        by_token[token.i] = draft
        drafts.append(draft)
    # What the parse attached nowhere, the word order gives to the nearest trigger before it.
    spans = place_spans(sent, context)
    claimed = {s.start for s in spans if any(s.place_id in {p.place_id for p in d.places} for d in drafts)}
    trigger_tokens = {d.trigger.i for d in drafts}
    for draft in drafts:
        for span in fill_from_sequence(draft, context, spans, claimed, trigger_tokens):
            claimed.add(span.start)
        mark_later_stops(draft, spans, context)
    where_clauses(drafts, context)
    kept: list[Draft] = []
    for draft in drafts:
        done = _complete(draft, context, anchor, discourse, places, aside)
        if done is not None:
            kept.append(done)
        else:
            by_token.pop(draft.trigger.i, None)
    if rules.on("clause.nested"):
        _fold_nested(kept, by_token)
    join_clauses(kept, rules)
    return [d for d in kept if not d.merged]


def _start(token: Token, spec: lx.Trigger, context: Sentence, aside: bool) -> Draft | None:
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
    return draft


def _complete(
    draft: Draft, context: Sentence, anchor: dt.date, discourse: Discourse, places: dict[str, Place], aside: bool
) -> Draft | None:
    token, spec, sent = draft.trigger, draft.spec, context.sent
    rules = context.rules
    draft.actors = actors_of(draft, context, places, discourse)
    if spec.frame is lx.Frame.INVITE:
        return invited_visit(draft, context, places, discourse) if rules.on("roles.invited") else None
    draft.mover = with_known_nationality(mover_of(draft, context), draft, discourse)
    mover_origin(draft, context, discourse)
    if (
        rules.on("mover.needs-movable")
        and token.lower_ in lx.NEEDS_MOVABLE
        and not is_movable(draft.mover)
        and not (aside and token.lower_ in CAPTION_VERBS)
    ):
        return None
    if rules.on("mover.abstract-object") and _abstract_object(draft, context):
        return None  # "sent a message to Moscow"
    if rules.on("mover.abstract-subject") and spec.frame in lx.SELF_MOVING and not spec.noun and draft.mover.abstract:
        return None  # "the ruling arrived", "temperatures reaching 40C": nothing that moves
    draft.type = event_type(draft, draft.mover)
    draft.in_progress = (
        token.lower_ in lx.IN_PROGRESS
        or on_the_way(token)
        or any(c.dep_ in {"acl", "relcl", "amod"} and c.lower_ in lx.IN_PROGRESS for c in token.children)
    )
    set_cargo(draft, context)
    draft.mode = mode_of(draft)
    draft.count = count_of(token) if spec.noun else times_of(token)
    draft.duration_days = duration_of(token, sent)
    draft.status, draft.reporter = event_status(draft, places, context)
    draft.definite = spec.noun and any(
        c.dep_ == "det" and c.lower_ in {"the", "these", "those", "such"} for c in token.children
    )
    # "The king makes a trip to Oslo on Friday": the present of a news report with a day is ahead
    future = draft.status is Status.PLANNED or draft.carrier.tag_ in {"VBZ", "VBP"}
    draft.date, draft.relative = event_date(draft, sent, anchor, future, aside, context.owners)
    present = draft.carrier.tag_ in {"VBZ", "VBP"} and not any(c.dep_ == "aux" for c in draft.carrier.children)
    if (
        rules.on("status.date-ahead")
        and draft.status is Status.HAPPENED
        and draft.date is not None
        and (draft.date.start > anchor or (present and draft.date.end > anchor))
    ):
        # "a trip on Friday", written before Friday; "departs for China this week": the news
        # present of a week that is not over
        draft.status = Status.PLANNED
    draft.confidence = _confidence(draft)
    remember_traveller(draft, context, discourse)
    return draft


def _abstract_object(draft: Draft, context: Sentence) -> bool:
    """ "sent a message to Moscow", "took place in Berlin", "returned sovereignty to Mauritius"."""
    frame = draft.spec.frame
    if draft.spec.noun or frame not in {lx.Frame.SEND, lx.Frame.CARRY, lx.Frame.MOTION}:
        return False
    objects = [c for c in draft.trigger.children if c.dep_ in {"dobj", "obj"}]
    given = [o for c in draft.trigger.children if c.dep_ == "prep" and c.lower_ == "with" for o in c.children]
    if given and all(o.lower_ in lx.ABSTRACT_OBJECTS for o in given):
        return True  # "giving its clients access to ..."
    if not objects:
        return False
    if all(o.lower_ in lx.ABSTRACT_OBJECTS for o in objects):
        return True
    if frame is lx.Frame.SEND:
        return False
    return all(
        o.pos_ == "NOUN"
        and context.place(o) is None
        and not any(class_of(t.lower_) for t in o.subtree)
        and o.lower_ not in lx.ROUTE_NOUNS
        for o in objects
    )


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


def _fold_nested(drafts: list[Draft], by_token: dict[int, Draft]) -> None:
    """A trigger inside another trigger's phrase is part of it, or depends on it.

    "provided Russia with a shipment of weapons" is one transfer; "a flight,
    headed to Toronto from Manila" is one flight; "arrived in
    Pyongyang for meetings" gives the meetings their place.
    """
    for draft in drafts:
        if draft.merged:
            continue
        head = draft.trigger
        for _ in range(4):
            head = head.head
            if head.i == draft.trigger.i or (head.i == head.head.i and head.i not in by_token):
                break
            parent = by_token.get(head.i)
            if parent is None or parent is draft or parent.merged:
                continue
            known = {p.place_id for p in parent.places}
            if (
                draft.spec.noun
                and parent.type in GOODS | MOVEMENT_TYPES
                and draft.type in GOODS | TRAVEL
                and all(p.place_id in known for p in draft.places if p.role in {Role.ORIGIN, Role.DESTINATION})
            ):
                # The noun adds nothing the verb does not say (no other endpoints): one event.
                _fold_into(parent, draft)
            elif (
                not draft.spec.noun
                and parent.spec.noun
                and draft.trigger.dep_ in {"acl", "relcl"}
                and draft.type in MOVEMENT_TYPES
                and not any(
                    c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in _RELATIVES for c in draft.trigger.children
                )
            ):
                # "a flight headed to Toronto", "a relief flight, which left Lima"; not "a trip,
                # during which he invited Putin to Pyongyang" (a clause with a subject of its own)
                _fold_into(parent, draft, places=True)
            else:
                draft.parent = parent
            break


_RELATIVES = frozenset({"which", "that", "who"})


def _fold_into(parent: Draft, draft: Draft, *, places: bool = False) -> None:
    if places:
        for place in draft.places:
            parent.keep_place(place)
        if parent.status is Status.HAPPENED:
            parent.status = draft.status
        if parent.type in lx.DEFAULT_TYPES and draft.type not in lx.DEFAULT_TYPES:
            parent.type = draft.type
    parent.take_tokens(draft)
    if parent.mover is not None and draft.mover is not None and not parent.mover.countries:
        # "a flight to bring 180 Britons home": whose home is that of whom the vehicle carries
        parent.mover = dataclasses.replace(parent.mover, countries=draft.mover.countries)
    parent.in_progress = parent.in_progress or draft.in_progress
    parent.cargo = parent.cargo or draft.cargo
    parent.count = parent.count or draft.count
    parent.date = parent.date or draft.date
    if parent.mode is Mode.UNKNOWN:
        parent.mode = draft.mode
    draft.merged = True


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
    """Events a reader can place.

    A movement needs an endpoint: a motion word with only a location ("took
    place in Berlin") reports no movement. Other events need a place, or a
    movement kind and an actor.
    """
    if draft.type in MOVEMENT_TYPES and draft.spec.frame is not lx.Frame.STAY:
        return bool(draft.ids(Role.DESTINATION) or draft.ids(Role.ORIGIN)) or (
            not draft.places and bool(draft.actors) and draft.spec.noun
        )
    if draft.places:
        return True
    return draft.type is EventType.EXERCISE and bool(draft.actors)


def _finish(article: Article, index: int, draft: Draft, places: list[EventPlace]) -> Event:
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
