"""Journeys across sentences: halves joined, and each leg starting where the last one ended.

News tells one journey over several sentences. "They left the town of
Kayes. Most of them set off for camps in eastern Senegal" is one movement
from Kayes to Senegal; "The senator was flown to Frankfurt. He then went on
to Lublin" is a journey whose second leg starts at Frankfurt; "Following a visit
to Kenya, the president arrived in Kampala" starts in Kenya, not in the
president's home country. These rules join an origin-only and a
destination-only report of the same mover in nearby sentences, and give a
movement with no stated origin the place its mover was last taken to.

The same mover is the same person, or a later report that refers back
("he", "they", "the ship", "the migrants"), or, in the next sentence, a
mover of a compatible kind (people ride in aircraft, vessels and vehicles,
and so do goods and forces).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ..geometry import distance_km
from ..model import EventPlace, EventType, FeatureKind, Place, Role, Status
from . import lexicon as lx
from .draft import MOVEMENT_TYPES, Draft, Linking, because
from .movers import GROUPS, PRONOUNS, Mover, MoverClass, from_their_country, subject_token
from .roles import country_contains
from .syntax import bounded_journey

if TYPE_CHECKING:
    from spacy.tokens import Token

# How many sentences apart two halves of one journey may be told (the next, or the one after).
HALF_WINDOW = 2

# How many sentences back the last stop of a mover is looked for. An itinerary is told
# leg by leg in consecutive sentences; four covers a leg separated by one aside. A later
# report that names the mover again ("the plane", "the aircraft") may come after a few
# quotes: ten sentences.
CHAIN_WINDOW = 4
NAMED_AGAIN_WINDOW = 10

# Words under which a report tells what happened before the clause it hangs from.
_BEFORE_MARKERS = frozenset({"after", "following", "since"})


def join_halves(state: Linking) -> None:
    """An origin told in one sentence and a destination in a nearby one: one movement."""
    if not state.rules.on("halves.join"):
        return
    places = state.places
    live = [d for d in state.live() if d.type in MOVEMENT_TYPES and not d.aside]
    for i, first in enumerate(live):
        if first.merged or not (_origin_only(first) or _destination_only(first)):
            continue
        group = False  # "Two boats reached Lampedusa. One had left Sabratha. The other left Kerkennah."
        for second in live[i + 1 :]:
            if second.sentence_index - first.sentence_index > HALF_WINDOW + int(group):
                break
            if second.merged or second.sentence_index == first.sentence_index:
                continue
            origin, destination = (first, second) if _origin_only(first) else (second, first)
            if group and _origin_only(second) and _partitive(second):
                _absorb_half(first, second)
                continue
            if not (_origin_only(origin) and _destination_only(destination)):
                continue
            if not same_mover(first, second, second.sentence_index - first.sentence_index):
                continue
            if not _statuses_agree(first.status, second.status):
                continue
            if origin.status is Status.PLANNED and destination.status is Status.HAPPENED:
                continue  # it cannot have got there before it leaves: two journeys
            if origin.date and destination.date and origin.date.start > destination.date.end:
                continue  # it left after it arrived: two journeys ("left Norfolk last week ... sails on Sunday" is one)
            start = origin.ids(Role.ORIGIN)[0]
            if start in destination.ids(Role.DESTINATION) or _nested(
                start, destination.ids(Role.DESTINATION)[0], places
            ):
                continue
            _absorb_half(destination, origin)
            if destination is first and state.rules.on("halves.each-of-a-group") and _partitive(origin):
                group = True  # the others of the group may follow, each with its own origin
                continue
            break


# Words that open the report of one of a group: "One boat carried 25 Egyptians", "The other ...".
_PARTS = frozenset({"one", "another", "other", "second", "first", "third", "last"})


def _partitive(draft: Draft) -> bool:
    """The report is of one of a group told before ("One boat ...", "The other ...", "A second ...")."""
    words = [t.lower_ for t in draft.trigger.sent[:3]]
    return bool(words) and (words[0] in _PARTS or (len(words) > 1 and words[0] in {"the", "a"} and words[1] in _PARTS))


def _statuses_agree(a: Status, b: Status) -> bool:
    """Halves of one journey: both alike, or one done and one still to come ("left X, aiming to reach Y")."""
    return a is b or {a, b} in ({Status.HAPPENED, Status.PLANNED}, {Status.HAPPENED, Status.ALLEGED})


def _origin_only(draft: Draft) -> bool:
    return bool(draft.ids(Role.ORIGIN)) and not draft.ids(Role.DESTINATION)


def _destination_only(draft: Draft) -> bool:
    return bool(draft.ids(Role.DESTINATION)) and not draft.ids(Role.ORIGIN)


def _absorb_half(keep: Draft, other: Draft) -> None:
    for place in other.places:
        if place.role is Role.ORIGIN:
            keep.add_place(
                place.place_id,
                Role.ORIGIN,
                "halves.join",
                f"the same journey, told in the sentence of '{other.trigger.text}' ({place.reason})",
                inferred=place.inferred,
            )
    for start, end, sentence in other.evidence:
        if (start, end, sentence) not in keep.evidence:
            keep.evidence.append((start, end, sentence))
    if other.status is Status.PLANNED or keep.status is Status.PLANNED:
        keep.status = Status.PLANNED if Status.HAPPENED in {keep.status, other.status} else keep.status
    keep.date = keep.date or other.date
    keep.cargo = keep.cargo or other.cargo
    if keep.type in lx.DEFAULT_TYPES and other.type not in lx.DEFAULT_TYPES:
        keep.type = other.type
    other.merged = True


def same_mover(a: Draft, b: Draft, distance: int) -> bool:
    """Whether two reports may be of the same mover, ``distance`` sentences apart."""
    people_a = {x.text for x in a.actors if x.kind == "person"}
    people_b = {x.text for x in b.actors if x.kind == "person"}
    if people_a and people_b:
        return bool(people_a & people_b)
    if distance == 0:
        # "The Malta-registered tanker arrived in Rotterdam and the Liberia-registered freighter
        # arrived in Antwerp": two subjects of their own are two movers.
        sa, sb = subject_token(a), subject_token(b)
        if (
            sa is not None
            and sb is not None
            and sa.i != sb.i
            and sa.lower_ not in PRONOUNS
            and sb.lower_ not in PRONOUNS
        ):
            return False
    ma, mb = a.mover or Mover(frozenset()), b.mover or Mover(frozenset())
    later = b if b.sentence_index >= a.sentence_index else a
    later_mover = later.mover or Mover(frozenset())
    if later_mover.pronoun or later_mover.definite:
        return _compatible(ma, mb)
    if later_mover.indefinite and distance > 0:
        return False  # "The ship left Odesa. A tanker arrived in Istanbul": a new mover
    if distance <= 1:
        # next sentence, no word that refers back: the same kind of mover, by its own noun
        if ma.head is not None and mb.head is not None:
            # the same kind, or a vehicle and what it may carry ("the troops were flown to Bamako
            # before boarding charter flights to Accra")
            groups = {GROUPS[ma.head], GROUPS[mb.head]}
            return ma.head is mb.head or len(groups) == 1 or "craft" in groups
        return _compatible(ma, mb)
    return False


def _compatible(a: Mover, b: Mover) -> bool:
    """People, goods or forces of one kind; a vehicle goes with anything it may carry."""
    if not a.classes or not b.classes:
        return True
    ga, gb = a.groups - {"craft"}, b.groups - {"craft"}
    if ga and gb:
        return bool(ga & gb)  # "a ferry that carried tourists" is not "the transfer of munitions"
    return True


def chain_legs(state: Linking) -> None:
    """A movement with no stated origin starts where the same mover's last movement ended."""
    if not state.rules.on("chain.legs"):
        return
    places = state.places
    live = [d for d in state.live() if not d.aside]
    if state.rules.on("chain.time-order"):
        keys = time_orders(live)
        ordered = sorted(live, key=lambda d: (*keys[id(d)], d.trigger.i))
    else:
        ordered = sorted(live, key=lambda d: (d.sentence_index, 0, d.trigger.i))
    for index, draft in enumerate(ordered):
        if draft.type not in MOVEMENT_TYPES or draft.ids(Role.ORIGIN) or not draft.ids(Role.DESTINATION):
            continue
        destination = draft.ids(Role.DESTINATION)[0]
        mover = draft.mover
        if mover is not None and mover.country and from_their_country(mover) and not (mover.definite or mover.pronoun):
            continue  # "8,000 Uzbeks came in": their country says where they came from
        found = _previous_stops(draft, ordered[:index], places)
        if not found:
            continue
        # "The jet chartered for the relief flight": a mover that names itself as an earlier
        # one continues that one's journey, not the nearest report's
        names = mover.names if mover is not None else frozenset()
        named = [f for f in found if f[0].mover is not None and names & f[0].mover.names]
        earlier, where, how = (named or found)[0]
        if where == destination or _nested(where, destination, places):
            continue  # the same stop again, or a finer name for it
        draft.add_place(
            where, Role.ORIGIN, "chain.legs", f"the journey continues from where '{earlier.trigger.text}' {how}"
        )


def _previous_stops(draft: Draft, before: list[Draft], places: Mapping[str, Place]) -> list[tuple[Draft, str, str]]:
    """The earlier reports, nearest first, whose mover may be this one, with where each left it.
    The list ends at the first report that already has the mover at this destination."""
    destination = draft.ids(Role.DESTINATION)[0]
    found: list[tuple[Draft, str, str]] = []
    for earlier in reversed(before):
        distance = draft.sentence_index - earlier.sentence_index
        if distance > NAMED_AGAIN_WINDOW:
            break
        if distance > CHAIN_WINDOW and not _named_again(earlier, draft):
            continue
        where, how = _last_stop(earlier, places)
        if where is None:
            continue
        if _wide(places, where):
            continue  # "touring Africa ... visited Gabon": a region says not where the next leg starts
        if not same_mover(earlier, draft, distance):
            continue
        if earlier.type not in MOVEMENT_TYPES and (
            earlier.type not in STOPS or not (distance == 0 or _share_person(earlier, draft))
        ):
            continue  # talks and speeches are stops of the traveller; "the October 7 attack on Israel" is none
        if earlier.status is Status.PLANNED and draft.status is Status.HAPPENED:
            continue
        if earlier.date and draft.date and draft.date.end < earlier.date.start:
            continue
        if (where == destination or _nested(where, destination, places)) and earlier.type not in MOVEMENT_TYPES:
            continue  # already there for a meeting: look further back
        found.append((earlier, where, how))
        if where == destination or _nested(where, destination, places):
            break
    return found


# Kinds of place too wide to start a leg from: "He is touring Africa. He visited Gabon" does not go
# from Africa to Gabon (held-out news, class 6).
WIDE_STOPS = frozenset({FeatureKind.CONTINENT, FeatureKind.REGION, FeatureKind.WATER})


def _wide(places: Mapping[str, Place], place_id: str) -> bool:
    place = places.get(place_id)
    return place is not None and place.feature in WIDE_STOPS


def regions_named_by_places(state: Linking) -> None:
    """ "The president is touring Africa. He visited Gabon, Angola and Congo": a region or a
    continent a mover goes to is no movement of its own when the article names the places in it the
    same mover went to (held-out news, class 6). A region lies within REGION_KM of them, a continent
    within CONTINENT_KM."""
    if not state.rules.on("regions.summary"):
        return
    places = state.places
    live = [d for d in state.live() if d.type in MOVEMENT_TYPES and not d.aside]
    for draft in live:
        wide = [places[p] for p in draft.ids(Role.DESTINATION) if p in places and places[p].feature in WIDE_STOPS]
        if not wide or len(wide) != len(draft.ids(Role.DESTINATION)) or draft.ids(Role.ORIGIN):
            continue  # "sailed from Minyeh aiming to reach Europe" is a journey of its own
        region = wide[0]
        reach = CONTINENT_KM if region.feature is FeatureKind.CONTINENT else REGION_KM
        for other in live:
            if other is draft or other.merged or abs(other.sentence_index - draft.sentence_index) > CHAIN_WINDOW:
                continue
            if not same_mover(draft, other, abs(other.sentence_index - draft.sentence_index)):
                continue
            inside = [
                places[p]
                for p in other.ids(Role.DESTINATION)
                if p in places
                and places[p].feature not in WIDE_STOPS
                and distance_km((region.lat, region.lon), (places[p].lat, places[p].lon)) <= reach
            ]
            if inside:
                draft.merged = True
                break


# How far from a region's or a continent's reference point the places in it lie: the Sahel and
# the Balkans span about 2,000 km from their centres; Africa's point lies 4,000 km from the Cape.
REGION_KM = 2000.0
CONTINENT_KM = 4500.0


# Events at a place that put the mover there: "after talks in Riyadh, he flew to Amman", "the tanker
# anchored off Varna" (not an attack or an exercise it is in no way part of).
STOPS = frozenset({EventType.MEETING, EventType.STATEMENT, EventType.OTHER})


def _named_again(earlier: Draft, later: Draft) -> bool:
    """ "The flight ... The plane ...": the later report names a mover of the same kind again."""
    if _share_person(earlier, later):
        return True
    ma, mb = earlier.mover, later.mover
    return ma is not None and mb is not None and mb.definite and bool(ma.classes & mb.classes)


def _last_stop(draft: Draft, places: Mapping[str, Place]) -> tuple[str | None, str]:
    """Where a mover was after a report: its last destination (the finest name of it), or its
    origin if it never left."""
    if draft.type in MOVEMENT_TYPES:
        if draft.status is Status.DENIED or draft.in_progress:
            if draft.ids(Role.ORIGIN):
                return draft.ids(Role.ORIGIN)[0], "left it (it had not arrived)"
            return None, ""
        destinations = draft.ids(Role.DESTINATION)
        finest = [
            d
            for d in destinations
            if not any(o != d and _nested(d, o, places) and _is_country(d, places) for o in destinations)
        ]
        if finest:
            return finest[-1], "took it"
        return None, ""
    locations = draft.ids(Role.LOCATION)
    if locations and draft.spec.frame is lx.Frame.STAY:
        return locations[0], "placed it"
    return None, ""


def _is_country(place_id: str, places: Mapping[str, Place]) -> bool:
    place = places.get(place_id)
    return place is not None and place.feature is FeatureKind.COUNTRY


def _share_person(a: Draft, b: Draft) -> bool:
    people_a = {x.text for x in a.actors if x.kind == "person"}
    return bool(people_a & {x.text for x in b.actors if x.kind == "person"})


def time_orders(drafts: list[Draft]) -> dict[int, tuple[int, int]]:
    """Where each report stands in time among the others, as (sentence, order), by ``id``.

    "Following a visit to Kenya, ...", "after talks in Cairo": told first, happened first (-1);
    "before arriving in Hanoi": happened after the clause it hangs from (+1). A report in the
    past perfect ("she had spent two days in Maputo", "he had earlier visited Harare") happened
    before everything the story tells of the same person (-2, at that person's first report).
    """
    keys: dict[int, tuple[int, int]] = {}
    for draft in drafts:
        marker = _time_marker(draft.trigger)
        order = -1 if marker in _BEFORE_MARKERS else 1 if marker in _AFTER_MARKERS else 0
        keys[id(draft)] = (draft.sentence_index, order)
    perfect = {id(d): _past_perfect(d.carrier) for d in drafts}
    people = {id(d): {a.text for a in d.actors if a.kind == "person"} for d in drafts}
    for draft in drafts:
        if not (perfect[id(draft)] or _journey_begun(draft) or _opens_with_earlier(draft)):
            continue
        same = [
            keys[id(d)][0]
            for d in drafts
            if d is not draft and not perfect[id(d)] and people[id(draft)] & people[id(d)]
        ]
        first = min(same, default=draft.sentence_index - 1)
        keys[id(draft)] = (min(first, draft.sentence_index), -2)
    return keys


def _opens_with_earlier(draft: Draft) -> bool:
    """ "Earlier on Monday, he wrapped up his visit in Serbia": the sentence's main report happened
    before what was told of the same person."""
    sent = draft.trigger.sent
    verb = draft.carrier if draft.carrier.pos_ in {"VERB", "AUX"} else draft.carrier.head
    return sent[0].lower_ in {"earlier", "previously"} and verb.i == sent.root.i


def _journey_begun(draft: Draft) -> bool:
    """ "He began his European trip in France", told after the tour's last stop: its first stop."""
    return draft.spec.noun and bounded_journey(draft.trigger) and draft.trigger.head.lower_ in lx.JOURNEY_STARTS


# Words under which a report tells what happened after the clause it hangs from.
_AFTER_MARKERS = frozenset({"before", "until", "ahead"})


def _time_marker(trigger: Token) -> str | None:
    """The word of time ("after", "following", "before") a report hangs under, if any."""
    token = trigger
    markers = _BEFORE_MARKERS | _AFTER_MARKERS
    for _ in range(3):
        if token.dep_ in {"pobj", "pcomp"} and token.head.lower_ in markers:
            return token.head.lower_
        if token.dep_ in {"advcl", "pcomp"}:
            found = next((c.lower_ for c in token.children if c.lower_ in markers), None)
            if found is not None:
                return found
        if token.head.i == token.i:
            break
        token = token.head
    return None


def _past_perfect(verb: Token) -> bool:
    """ "had visited", "had earlier left", and the clauses under one ("had spent two days in Maputo,
    where she met ministers"): a past before the past the story tells."""
    current = verb
    for _ in range(3):
        if current.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in current.children):
            return True
        if current.dep_ not in {"relcl", "conj", "advcl"} or current.head.i == current.i:
            return False
        current = current.head
        while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
            current = current.head  # "Maputo, where she met": from the place up to its verb
    return False


def _nested(a: str, b: str, places: Mapping[str, Place]) -> bool:
    """One place is a country that holds the other."""
    pa, pb = places.get(a), places.get(b)
    if pa is None or pb is None:
        return False
    return country_contains(pa, pb) or country_contains(pb, pa)


def origins_from_routes(state: Linking) -> None:
    """ "Trucks crossed into Syria through Türkiye": a route through another country is where it came from."""
    if not state.rules.on("routes.origin"):
        return
    places = state.places
    for draft in state.live():
        if draft.type not in MOVEMENT_TYPES or draft.ids(Role.ORIGIN):
            continue
        destinations = [places[p] for p in draft.ids(Role.DESTINATION) if p in places]
        if not destinations:
            continue
        for via in draft.ids(Role.VIA):
            place = places.get(via)
            if (
                place is not None
                and place.feature is FeatureKind.COUNTRY  # not a strait or a crossing: "through the Bosporus"
                and place.country_code
                and place.country_code != destinations[0].country_code
            ):
                draft.add_place(via, Role.ORIGIN, "routes.origin", "came in through another country")
                draft.drop_place(via, Role.VIA)
                break


def parallel_origins(state: Linking) -> None:
    """ "Nine earlier lorries arrived in Gaziantep": the same kind of mover to the same place took the same route."""
    if not state.rules.on("parallel.origin"):
        return
    places = state.places
    ordered = [d for d in state.live() if not d.aside and d.type in MOVEMENT_TYPES]
    for draft in ordered:
        if draft.ids(Role.ORIGIN) or not draft.ids(Role.DESTINATION):
            continue
        destination = draft.ids(Role.DESTINATION)[0]
        for other in ordered:
            if other is draft or abs(other.sentence_index - draft.sentence_index) > CHAIN_WINDOW:
                continue
            if not other.ids(Role.ORIGIN) or not other.ids(Role.DESTINATION):
                continue
            if not any(_nested(destination, d, places) or d == destination for d in other.ids(Role.DESTINATION)):
                continue
            mine, theirs = draft.mover, other.mover
            if mine is None or theirs is None or not mine.classes & theirs.classes or other.status is not draft.status:
                continue
            origin = next(p for p in other.places if p.role is Role.ORIGIN)
            if origin.place_id != destination:
                draft.add_place(
                    origin.place_id,
                    Role.ORIGIN,
                    "parallel.origin",
                    f"the same route as '{other.trigger.text}'",
                    inferred=True,
                )
            break


def tour_stops(state: Linking) -> None:
    """Meetings abroad of a traveller on a tour are stops of the tour.

    "The president toured Senegal ... She will hold talks with the king in
    Rabat and then in Tunis": a person the article shows
    travelling, meeting people in a place outside their own country that no
    movement of theirs reaches, went there. The visits so added take their place in text order.
    """
    if not state.rules.on("tours.stops"):
        return
    places = state.places
    live = [d for d in state.live() if not d.aside]
    travellers: dict[str, str | None] = {}
    reached: dict[str, set[str]] = {}
    for draft in live:
        if draft.type in MOVEMENT_TYPES and draft.type in {*TOURING} and draft.ids(Role.DESTINATION):
            for actor in draft.actors:
                if actor.kind == "person":
                    travellers[actor.text] = actor.country_code
                    reached.setdefault(actor.text, set()).update(draft.ids(Role.DESTINATION))
    added: list[Draft] = []
    for draft in live:
        if draft.spec.frame is not lx.Frame.STAY or draft.type not in {*MEETINGS} or not draft.ids(Role.LOCATION):
            continue
        person = next((a for a in draft.actors if a.kind == "person" and a.text in travellers), None)
        if person is None:
            continue
        where = draft.ids(Role.LOCATION)[0]
        place = places.get(where)
        home = travellers[person.text] or person.country_code
        if place is None or not home or place.country_code == home:
            continue
        if any(where == r or _nested(where, r, places) for r in reached[person.text]):
            continue
        stop = replace(
            draft,
            spec=lx.Trigger(EventType.VISIT, lx.Frame.VISIT, noun=draft.spec.noun),
            type=EventType.VISIT,
            places=[
                EventPlace(where, Role.DESTINATION, reason=because("tours.stops", f"'{draft.trigger.text}' there"))
            ],
            actors=list(draft.actors),
            evidence=list(draft.evidence),
            then=set(),
            absorbed=set(),
            mover=Mover(frozenset({MoverClass.OFFICIAL}), head=MoverClass.OFFICIAL),
        )
        reached[person.text].add(where)
        added.append(stop)
    state.drafts = sorted([*state.live(), *added], key=lambda d: (d.sentence_index, d.position))


TOURING = frozenset({EventType.VISIT, EventType.TRIP, EventType.FLIGHT})
MEETINGS = frozenset({EventType.MEETING, EventType.STATEMENT, EventType.OTHER})
