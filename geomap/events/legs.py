"""One journey told by several verbs of a sentence, and a movement cut into legs.

Within a sentence, news tells one journey with two verbs: "left Lima and
is expected to reach Quito", "touched down in Muscat having left Karachi",
"set sail from Sfax hoping to get to Italy", "went through the Bosporus and
now lies off Varna". An origin from one verb and a destination from the
other make one movement.

A movement may name several destinations ("will visit Peru, Chile and
Bolivia") or origins ("from Wonsan and Chongjin to Kholmsk"). Each origin and
destination pair is its own leg; destinations marked as later stops ("to
Herat and further to Kandahar") start where the stop before ended.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import EventPlace, Place, Role
from . import lexicon as lx
from .draft import MOVEMENT_TYPES, Draft, RuleSet, Sentence, because
from .roles import finer, same_spot
from .syntax import subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs that say a vessel stopped somewhere: the end of the movement told before them.
_STOP_VERBS = frozenset(lx.inflect("anchor") | lx.inflect("moor") | lx.inflect("dock") | lx.inflect("berth"))


def join_clauses(drafts: list[Draft], rules: RuleSet) -> None:
    """Merge the halves of one journey told by linked verbs of a sentence."""
    for draft in drafts:
        if draft.merged or draft.type not in MOVEMENT_TYPES:
            continue
        for other in drafts:
            if other is draft or other.merged or not _linked(draft, other):
                continue
            if other.type in MOVEMENT_TYPES and _halves(draft, other) and rules.on("clause.join"):
                _join(draft, other)
                break
            if (
                rules.on("clause.stop-verb")
                and other.trigger.lower_ in _STOP_VERBS
                and other.ids(Role.LOCATION)
                and not draft.ids(Role.DESTINATION)
                and other.trigger.i > draft.trigger.i
            ):
                # "went through the Bosporus and now lies off Varna"
                draft.add_place(
                    other.ids(Role.LOCATION)[0],
                    Role.DESTINATION,
                    "clause.stop-verb",
                    f"where it '{other.trigger.text}'",
                )
                other.merged = True
                break


def _linked(a: Draft, b: Draft) -> bool:
    """The two triggers hang from each other (within two steps) or from one word."""
    own_a, own_b = a.tokens(), b.tokens()
    heads_a = _heads(a.carrier) | _heads(a.trigger)
    heads_b = _heads(b.carrier) | _heads(b.trigger)
    return (
        bool(heads_a & own_b or heads_b & own_a)
        or (a.carrier.head.i == b.carrier.head.i and a.carrier.i != b.carrier.i)
        or _said_of_the_subject(a, b)
        or _said_of_the_subject(b, a)
    )


def _said_of_the_subject(a: Draft, b: Draft) -> bool:
    """ "The carrier, which sailed from Odesa last week, is expected to dock in Istanbul": a relative
    clause on the subject of the other verb tells the same mover's journey."""
    if a.carrier.dep_ != "relcl":
        return False
    subject = subject_of(b.carrier)
    return subject is not None and subject.i == a.carrier.head.i


def _heads(token: Token) -> set[int]:
    """ "set sail from Sfax hoping to get to Italy": get hangs from hoping, which hangs from set;
    "receive scores of asylum seekers deported from Britain": deported hangs from receive's object."""
    found: set[int] = set()
    current = token
    for _ in range(4):
        if current.head.i == current.i:
            break
        current = current.head
        found.add(current.i)
    return found


def _halves(a: Draft, b: Draft) -> bool:
    """One draft has only the origin, the other only the destination."""
    a_from, a_to = bool(a.ids(Role.ORIGIN)), bool(a.ids(Role.DESTINATION))
    b_from, b_to = bool(b.ids(Role.ORIGIN)), bool(b.ids(Role.DESTINATION))
    return (a_from and not a_to and b_to and not b_from) or (a_to and not a_from and b_from and not b_to)


def _join(a: Draft, b: Draft) -> None:
    """Keep the draft with the destination as the movement; its status says whether it arrived."""
    keep, other = (a, b) if a.ids(Role.DESTINATION) else (b, a)
    for place in other.places:
        keep.add_place(
            place.place_id,
            place.role,
            "clause.join",
            f"the other verb of the journey, '{other.trigger.text}' ({place.reason})",
            inferred=place.inferred,
        )
    if (keep.type in lx.DEFAULT_TYPES and other.type not in lx.DEFAULT_TYPES) or (
        other.spec.fixed and not keep.spec.fixed
    ):
        keep.type = other.type  # "evacuated 212 nationals from Tel Aviv on a flight to Delhi": an evacuation
    keep.date = keep.date or other.date
    keep.cargo = keep.cargo or other.cargo
    keep.count = keep.count or other.count
    keep.take_tokens(other)
    keep.in_progress = keep.in_progress and other.in_progress
    for actor in other.actors:
        if actor not in keep.actors:
            keep.actors.append(actor)
    other.merged = True


def where_clauses(drafts: list[Draft], context: Sentence) -> None:
    """ "to Guatemala, where they will board buses for Mexico": the place "where" refers to."""
    if not context.rules.on("clause.where"):
        return
    for draft in drafts:
        clause = _where_clause(draft)
        if clause is None:
            continue
        where = next(c for c in clause.children if c.lower_ == "where")
        place_id = context.place(clause.head) or next(
            (context.place(t) for t in reversed(list(clause.head.subtree)) if context.place(t) and t.i < where.i), None
        )
        if place_id is None:
            continue
        frame = draft.spec.frame
        if frame is lx.Frame.STAY:
            draft.add_place(place_id, Role.LOCATION, "clause.where", "'where' after the place")
        elif draft.ids(Role.DESTINATION) and not draft.ids(Role.ORIGIN) and frame is not lx.Frame.ARRIVE:
            draft.add_place(place_id, Role.ORIGIN, "clause.where", "'where' after the place it starts from")
        elif not draft.ids(Role.DESTINATION):
            draft.add_place(place_id, Role.DESTINATION, "clause.where", "'where' after the place it went to")


def _where_clause(draft: Draft):  # type: ignore[no-untyped-def]
    for verb in (draft.carrier, draft.trigger):
        current = verb
        for _ in range(3):
            if current.dep_ == "relcl" and any(c.lower_ == "where" for c in current.children):
                return current
            if current.dep_ in {"xcomp", "aux"} and current.head.i != current.i:
                current = current.head
                continue
            break
    return None


def legs_of(draft: Draft, places: Mapping[str, Place], rules: RuleSet) -> list[list[EventPlace]]:
    """The draft's places split into legs, each with at most one origin and one destination."""
    origins = [p for p in draft.places if p.role is Role.ORIGIN]
    destinations = [p for p in draft.places if p.role is Role.DESTINATION]
    if rules.on("legs.finest"):
        origins, destinations = _finest(origins, places), _finest(destinations, places)
    others = [p for p in draft.places if p.role not in {Role.ORIGIN, Role.DESTINATION}]
    if not destinations:
        return [[*origins[:1], *others]]
    if draft.both_ways and len(origins) == 1 and len(destinations) == 1 and rules.on("legs.both-ways"):
        back_why = because("legs.both-ways", f"the same '{draft.trigger.text}', the other way")
        back = [
            EventPlace(destinations[0].place_id, Role.ORIGIN, reason=back_why),
            EventPlace(origins[0].place_id, Role.DESTINATION, reason=back_why),
        ]
        return [[origins[0], destinations[0], *others], [*back, *others]]
    if len(origins) > 1 and len(destinations) == 1 and rules.on("legs.each-origin"):
        return [[origin, destinations[0], *others] for origin in origins]
    legs: list[list[EventPlace]] = []
    first = origins[0] if origins else None
    previous: EventPlace | None = None
    # "stopped in Florida and North Carolina": the stops of one journey, one after the other
    in_order = draft.spec is lx.PORT_CALL and rules.on("legs.stops-in-order")
    for destination in destinations:
        origin = first
        if previous is not None and in_order and destination.place_id not in draft.then:
            origin = EventPlace(
                previous.place_id, Role.ORIGIN, reason=because("legs.stops-in-order", "the stop before it")
            )
        elif destination.place_id in draft.then and previous is not None:
            origin = EventPlace(
                previous.place_id, Role.ORIGIN, reason=because("order.later-stop", "the stop before it in the sentence")
            )
        legs.append([*(x for x in [origin] if x is not None), destination, *others])
        previous = destination
    return legs


def _finest(roles: list[EventPlace], places: Mapping[str, Place]) -> list[EventPlace]:
    """ "touched down in Muscat, Oman", "at Lackland Air Force Base in Bexar County": one place, named
    at two granularities; the finer name is kept."""
    kept = []
    for place in roles:
        outer = places.get(place.place_id)
        if outer is not None and any(
            other is not place
            and other.place_id in places
            and same_spot(outer, places[other.place_id])
            and finer(places[other.place_id], outer)
            for other in roles
        ):
            continue
        kept.append(place)
    return kept
