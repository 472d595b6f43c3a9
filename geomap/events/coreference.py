"""Across sentences: denials, mentions of one event merged, relative dates, inferred locations and origins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..dates import month_span, shift, span_for_unit
from ..model import (
    EventType,
    Mode,
    Place,
    Precision,
    Role,
    Status,
    TimeSpan,
    event_family,
)
from . import lexicon as lx
from .draft import FORCES, GOODS, MERGE_WINDOW, MOVEMENT_TYPES, PEOPLE_FLOWS, SUBJECT_DEPS, TRAVEL, Draft, Linking
from .movers import VEHICLE_CLASSES, MoverClass, from_their_country
from .roles import names_home_country, same_spot
from .syntax import governors, np_text, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def attach_denials(state: Linking) -> None:
    """ "The Kremlin has said that the allegations were not based on evidence."

    A denial answers the transfers, shipments and attacks of the few sentences
    before it: they are alleged (disputed), and denied by whoever denied them.
    A reported transfer nobody disputes stays a report of what happened.
    """
    if not state.rules.on("denials.attach"):
        return
    drafts = state.drafts
    for chunk in state.chunks:
        for sent in chunk.doc.sents:
            denier = _denial(sent)
            if denier is None:
                continue
            disputes = bool({t.lower_ for t in sent} & lx.ALLEGATION_NOUNS)
            start = sent.start_char + chunk.offset
            for draft in drafts:
                if not (
                    draft.type in lx.CONTESTED_TYPES
                    and 0 <= start - draft.sentence_end <= 600
                    and draft.sentence_start < start
                ):
                    continue
                if draft.status is Status.HAPPENED and disputes and draft.reporter and _arms(draft):
                    draft.status = Status.ALLEGED  # "The White House said ... weapons", then "the allegations"
                if draft.status is Status.ALLEGED and denier not in draft.denied_by:
                    draft.denied_by.append(denier)


def _arms(draft: Draft) -> bool:
    """A transfer of arms: what one party reports and another denies is disputed."""
    return (draft.mover is not None and MoverClass.ARMS in draft.mover.classes) or (draft.cargo or "") in lx.ARMS


def _denial(sent: Span) -> str | None:
    lowers = {t.lower_ for t in sent}
    if not lowers & lx.ALLEGATION_NOUNS and not lowers & lx.DENY_VERBS:
        return None
    for token in sent:
        if token.lower_ in lx.DENY_VERBS and token.pos_ == "VERB":
            return np_text(subject_of(token))
        if token.lower_ in lx.ALLEGATION_NOUNS and token.dep_ in SUBJECT_DEPS:
            predicate = token.head
            negated = any(c.dep_ == "neg" for c in predicate.children)
            if negated or predicate.lower_ in _REJECTIONS or any(c.lower_ in _REJECTIONS for c in predicate.children):
                speaker = None
                for head in governors(predicate):
                    if head.lower_ in lx.CLAIM_VERBS:
                        speaker = np_text(subject_of(head))
                        break
                return speaker or "another party"
        if token.lower_ in lx.ALLEGATION_NOUNS and token.dep_ in {"dobj", "obj"}:
            # "Tehran called the allegations baseless", "dismissed the reports as lies"
            verb = token.head
            if any(t.lower_ in _REJECTIONS for t in verb.subtree):
                return np_text(subject_of(verb)) or "another party"
    return None


# Words that reject a claim: "the allegations were baseless", "called the reports lies".
_REJECTIONS = frozenset({"baseless", "false", "groundless", "fabricated", "untrue", "lies", "nonsense", "unfounded"})


MOVEMENT_FAMILY_NAMES = frozenset({"people", "goods", "forces"})


def _same_actor(a: Draft, b: Draft) -> bool | None:
    """True if the two share an actor, False if both have different ones, None if unknown."""
    people_a = {x.text for x in a.actors if x.kind in {"person", "organization"}}
    people_b = {x.text for x in b.actors if x.kind in {"person", "organization"}}
    if people_a and people_b:
        return bool(people_a & people_b)
    return None


def _same_or_nested(a: str, b: str, places: Mapping[str, Place]) -> bool:
    if a == b:
        return True
    pa, pb = places.get(a), places.get(b)
    return pa is not None and pb is not None and same_spot(pa, pb)


def _places_compatible(a: Draft, b: Draft, places: Mapping[str, Place]) -> bool:
    for role in (Role.ORIGIN, Role.DESTINATION):
        ids_a, ids_b = a.ids(role), b.ids(role)
        if ids_a and ids_b and not any(_same_or_nested(x, y, places) for x in ids_a for y in ids_b):
            return False
    return True


def _shares_endpoint(a: Draft, b: Draft, places: Mapping[str, Place]) -> bool:
    ends_a = [p.place_id for p in a.places if p.role in {Role.ORIGIN, Role.DESTINATION}]
    ends_b = [p.place_id for p in b.places if p.role in {Role.ORIGIN, Role.DESTINATION}]
    return any(_same_or_nested(x, y, places) for x in ends_a for y in ends_b)


def _same_vehicle(a: Draft, b: Draft) -> bool:
    """ "A cargo plane left Dubai ... The plane landed": one vehicle, whatever each report calls the trip."""
    ha = a.mover.head if a.mover else None
    hb = b.mover.head if b.mover else None
    return ha is not None and ha is hb and ha in VEHICLE_CLASSES and event_family(a.type) in MOVEMENT_FAMILY_NAMES


def _same_kind(a: Draft, b: Draft) -> bool:
    """ "An Air India flight ... The flight": movers of the same kind."""
    return a.mover is not None and b.mover is not None and bool(a.mover.classes & b.mover.classes)


def _apart(a: Draft, b: Draft, places: Mapping[str, Place]) -> bool:
    """ "talks in Rabat on Tuesday and then a meeting in Tunis on Wednesday": two events of one
    kind in one sentence, told at different places or on different days."""
    here_a, here_b = a.ids(Role.LOCATION), b.ids(Role.LOCATION)
    if here_a and here_b and not any(_same_or_nested(x, y, places) for x in here_a for y in here_b):
        return True
    return a.date is not None and b.date is not None and not a.date.overlaps(b.date)


def _went_elsewhere(earlier: Draft, later: Draft, places: Mapping[str, Place]) -> bool:
    """ "A Madrid-bound flight landed in Bordeaux ... The flight took off again for Madrid": after
    the mover arrived somewhere else, a later report with no origin of its own is the next leg, not
    the first report of the route told again."""
    if later.ids(Role.ORIGIN) or earlier.status is not Status.HAPPENED or earlier.in_progress:
        return False
    if event_family(earlier.type) not in MOVEMENT_FAMILY_NAMES or _same_actor(earlier, later) is False:
        return False
    if not (_same_kind(earlier, later) or _same_vehicle(earlier, later)):
        return False
    there, going = earlier.ids(Role.DESTINATION), later.ids(Role.DESTINATION)
    return bool(there and going) and not any(_same_or_nested(a, b, places) for a in there for b in going)


def merge_coreferent(state: Linking) -> None:
    """Merge mentions of the same event: same kind, actor, places (or a finer name of them), status and time.

    "Lavrov arrived in Pyongyang" and "Lavrov's two-day visit"; "toured
    Morocco" and "arrived in Marrakesh"; "the plane landed in Nairobi" and
    "the travellers were headed for Nairobi" are one movement each.
    """
    if not state.rules.on("merge.coreferent"):
        return
    places = state.places
    went_elsewhere_on = state.rules.on("merge.went-elsewhere")
    kept: list[Draft] = []
    for draft in state.drafts:
        if draft.merged:
            continue
        target = None
        went_elsewhere = False
        home = _back_home(draft)
        for earlier in reversed(kept):
            if draft.position - earlier.position > MERGE_WINDOW:
                break  # mentions of one event sit within a few paragraphs of each other
            if went_elsewhere:
                break
            went_elsewhere = went_elsewhere_on and _went_elsewhere(earlier, draft, places)
            if earlier.aside != draft.aside:
                continue
            if event_family(earlier.type) != event_family(draft.type) and not _same_vehicle(earlier, draft):
                continue
            if event_family(draft.type) not in MOVEMENT_FAMILY_NAMES:
                if (
                    earlier.sentence_start == draft.sentence_start
                    and _same_actor(earlier, draft) is not False
                    and earlier.type == draft.type
                    and not _apart(earlier, draft, places)
                ):
                    target = earlier
                    break
                continue
            same_actor = _same_actor(earlier, draft)
            statuses = {earlier.status, draft.status}
            if same_actor is False or not _places_compatible(earlier, draft, places):
                continue
            if len(statuses) > 1 and statuses != {Status.HAPPENED, Status.ALLEGED}:
                continue
            # "will travel to Beijing next month, his first visit to China since 2019": a noun that
            # restates the verb (its "since" dates the last visit, not this one)
            restates = (
                draft.spec.noun
                and draft.trigger.dep_ in {"appos", "npadvmod"}
                and (draft.trigger.head.i in {earlier.trigger.i, earlier.carrier.i})
            )
            if earlier.date and draft.date and not earlier.date.overlaps(draft.date) and not restates:
                continue
            if earlier.cargo and draft.cargo and earlier.cargo != draft.cargo:
                continue  # two reports of different goods
            via_a, via_b = set(earlier.ids(Role.VIA)), set(draft.ids(Role.VIA))
            if via_a and via_b and not via_a & via_b:
                continue  # the same destination reached by two routes: two movements
            if _back_home(earlier) != home and (earlier.ids(Role.DESTINATION) or draft.ids(Role.DESTINATION)):
                continue  # "left Gao for home" and "were flown from Gao to Bamako": two legs
            close = draft.sentence_start - earlier.sentence_end < 700
            shares = _shares_endpoint(earlier, draft, places)
            # A definite report ("the transfer", "the flight") refers back to an event told in an
            # earlier sentence; within one sentence it is another event ("the shipments are related
            # to the transfer of munitions").
            back = all(start != draft.sentence_start for start, _, _ in earlier.evidence)
            named_again = back and draft.mover is not None and draft.mover.definite and _same_kind(earlier, draft)
            if (
                (same_actor and (shares or not draft.places or not earlier.places))
                or restates
                or (back and draft.definite and close)
                or (named_again and shares and earlier.status == draft.status)
            ):
                target = earlier
                break
            if same_actor is None and not draft.actors and not draft.places and earlier.type in TRAVEL and close:
                target = earlier
                break
        if target is None:
            kept.append(draft)
            continue
        absorb(target, draft)
    state.drafts = kept


def absorb(target: Draft, other: Draft) -> None:
    other.merged = True
    target.take_tokens(other)
    if len(other.places) > len(target.places):
        # The report with the most places is the main evidence.
        target.trigger, target.carrier = other.trigger, other.carrier
        target.sentence, target.sentence_start, target.sentence_end = (
            other.sentence,
            other.sentence_start,
            other.sentence_end,
        )
        target.sentence_index = other.sentence_index
    for place in other.places:
        target.keep_place(place)
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
    if (target.type in lx.DEFAULT_TYPES and other.type not in lx.DEFAULT_TYPES) or (
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


def resolve_relative_dates(state: Linking) -> None:
    """ "a month after the visit": a date told relative to another event's."""
    if not state.rules.on("dates.relative"):
        return
    live = state.live()
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


def _draft_for_token(token: Token, drafts: Iterable[Draft]) -> Draft | None:
    for draft in drafts:
        if draft.trigger.i == token.i and draft.trigger.doc is token.doc:
            return draft
    for draft in drafts:
        # the anchor may have been merged into another draft
        if any(s <= token.idx < e for s, e, _ in draft.evidence) and draft.type in TRAVEL:
            return draft
    return None


def infer_locations(state: Linking) -> None:
    """Meetings and speeches with no place happen where their actor is visiting."""
    if not state.rules.on("meetings.place"):
        return
    live = state.live()
    for draft in live:
        if draft.type not in {EventType.MEETING, EventType.STATEMENT} or draft.places or draft.aside:
            continue
        if draft.parent is not None and draft.parent.ids(Role.DESTINATION):
            draft.add_place(
                draft.parent.ids(Role.DESTINATION)[0],
                Role.LOCATION,
                "meetings.place",
                f"where '{draft.parent.trigger.text}' took them",
            )
            continue
        people = {a.text for a in draft.actors if a.kind == "person"}
        for visit in live:
            if visit.type not in TRAVEL or visit.status is not Status.HAPPENED or not visit.ids(Role.DESTINATION):
                continue
            if {a.text for a in visit.actors if a.kind == "person"} & people and (
                draft.date is None or visit.date is None or _near(draft.date, visit.date)
            ):
                draft.add_place(
                    visit.ids(Role.DESTINATION)[0],
                    Role.LOCATION,
                    "meetings.place",
                    f"where '{visit.trigger.text}' took them",
                    inferred=True,
                )
                if draft.date is None and visit.date is not None:
                    draft.date = visit.date
                break


def _near(a: TimeSpan, b: TimeSpan) -> bool:
    return a.start <= b.end + dt.timedelta(days=3) and b.start <= a.end + dt.timedelta(days=3)


def infer_arrivals(state: Linking) -> None:
    """Where a movement with no stated destination went, when the text says so another way.

    Deportees and people going home go to their own country ("the Kenyan and Ugandan contingents
    left Goma for their home bases"); an arrival with no place of its own came to where the story
    is filed ("KIGALI (Reuters) - A plane flew in from Entebbe"). Every such place is inferred.
    It runs before journeys are chained, so that a way home starts where the last leg ended.
    """
    places, country_id, rules = state.places, state.country_id, state.rules
    for draft in state.live():
        if draft.type not in MOVEMENT_TYPES or draft.ids(Role.DESTINATION):
            continue
        if (
            state.dateline is not None
            and draft.ids(Role.ORIGIN)
            and state.dateline not in draft.ids(Role.ORIGIN)
            and rules.on("arrivals.dateline")
            and _arrives_here(draft)
        ):
            # "KIGALI (Reuters) - A plane flew in from Entebbe": it came to where the story is filed
            draft.add_place(
                state.dateline, Role.DESTINATION, "arrivals.dateline", "where the story is filed", inferred=True
            )
            continue
        if (draft.type in RETURNS_HOME or _back_home(draft)) and rules.on("arrivals.home"):
            persons = [a.country_code for a in draft.actors if a.country_code and a.kind == "person"]
            movers = [c for c in (_country_code(p, places) for p in draft.mover.countries) if c] if draft.mover else []
            # "the Kenyan and Ugandan contingents left for their home bases": each goes to its own
            for code in movers or persons[:1]:
                home = country_id(code)
                if home is not None and home not in draft.ids(Role.ORIGIN):
                    draft.add_place(
                        home, Role.DESTINATION, "arrivals.home", "the home of those going back", inferred=True
                    )


def infer_origins(state: Linking) -> None:
    """Where a movement with no stated origin came from, when the text says whose it is.

    A Russian minister arriving in Pyongyang came from Russia; 20,000 Sudanese
    arriving in Chad came from Sudan; Kenyan police landing in Haiti came from
    Kenya. Deportees and repatriated people with no stated destination go to
    their country. Every such place is marked inferred.
    """
    places, country_id, rules = state.places, state.country_id, state.rules
    for draft in state.live():
        if draft.type not in MOVEMENT_TYPES or draft.type in RETURNS_HOME or _back_home(draft):
            continue
        mover_country = _country_code(draft.mover.country, places) if draft.mover else None
        destinations = draft.ids(Role.DESTINATION)
        if draft.ids(Role.ORIGIN) or not destinations:
            continue
        destination = places.get(destinations[0])
        if destination is None:
            continue
        code: str | None = None
        rule, why = "", ""
        persons = [a.country_code for a in draft.actors if a.country_code and a.kind == "person"]
        senders = [a.country_code for a in draft.actors if a.country_code]
        if persons and draft.type in TRAVEL | FORCES and rules.on("infer.traveller"):
            code, rule, why = persons[0], "infer.traveller", "the country of the traveller"
        elif senders and draft.type in GOODS and draft.spec.frame is lx.Frame.SEND and rules.on("infer.sender"):
            code, rule, why = senders[0], "infer.sender", "the country of the sender"
        elif mover_country and rules.on("infer.mover") and from_their_country(draft.mover):
            code, rule, why = mover_country, "infer.mover", "the country of what moved"
        elif draft.mover is not None and draft.mover.cargo_country and rules.on("infer.cargo"):
            code = _country_code(draft.mover.cargo_country, places)
            rule, why = "infer.cargo", "the country of the goods it carried"
        if code is None or destination.country_code == code:
            continue
        origin = country_id(code)
        if origin is not None and origin != destination.id:
            draft.add_place(origin, Role.ORIGIN, rule, why, inferred=True)


# Movements that take people back to their own country.
RETURNS_HOME = frozenset({EventType.DEPORTATION})
# Words that take their mover back where it came from: "refugees were returned from Pakistan", "returned home".
_RETURN_WORDS = frozenset(lx.inflect("return") | {"return", "returns", "homecoming"})


def _arrives_here(draft: Draft) -> bool:
    """An arrival with no place of its own: "arrived from Entebbe", "flew in from Entebbe", "came in"."""
    if draft.spec.frame is lx.Frame.ARRIVE and not draft.spec.noun:
        return True
    return draft.spec.frame is lx.Frame.MOTION and any(
        c.lower_ in {"in", "here"} and c.dep_ in {"prt", "advmod"} for c in draft.trigger.children
    )


def _back_home(draft: Draft) -> bool:
    """ "returned home", "Afghan refugees were returned from Pakistan": back to their own country."""
    trigger = draft.trigger
    doc = trigger.doc
    # its own verb, or one folded into it ("chartered a flight to bring 180 Britons home")
    if any(
        c.lower_ == "home" and c.dep_ in {"advmod", "npadvmod", "dobj"} for i in draft.tokens() for c in doc[i].children
    ):
        return True
    if trigger.head.lower_ == "home" and trigger.dep_ in {"compound", "amod", "nmod"}:
        return True  # "on a plane home from Oman"
    # the trigger's own phrases, those of "back", and those the parser hung on its object ("left
    # Goma for their home bases")
    preps = [
        c
        for t in (trigger, *trigger.children)
        if t is trigger or t.lower_ == "back" or t.dep_ in {"dobj", "obj"}
        for c in t.children
    ]
    if any(names_home_country(o) for c in preps if c.dep_ == "prep" and c.lower_ in {"to", "for"} for o in c.children):
        return True  # "sent back to their own country", "left Goma for their home bases"
    return trigger.lower_ in _RETURN_WORDS and draft.type in PEOPLE_FLOWS | TRAVEL


def _country_code(place_id: str | None, places: Mapping[str, Place]) -> str | None:
    if place_id is None:
        return None
    place = places.get(place_id)
    return place.country_code if place is not None else None
