"""End to end on the sample article, with the real model and the real gazetteer."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.geometry import distance_km
from geomap.model import ArticleResult, Event, EventType, FeatureKind, Mode, Place, Status

# GeoNames coordinates of the places the sample names.
GEONAMES = {
    "Seoul": (37.566, 126.9784),
    "Pyongyang": (39.0339, 125.7543),
    "Rajin": (42.25, 130.3),
    "Dunai": (42.879, 132.335),
    "Geneva": (46.2022, 6.1457),
    "Washington": (38.8951, -77.0364),
}
COUNTRIES = {
    "North Korea": "KP",
    "Russia": "RU",
    "Ukraine": "UA",
    "China": "CN",
    "Japan": "JP",
    "South Korea": "KR",
    "United States": "US",
    "Canada": "CA",
    "Belgium": "BE",
    "Switzerland": "CH",
}


def place_named(result: ArticleResult, text: str) -> Place:
    """The place a mention with this text resolved to."""
    for place in result.places:
        if any(m.text.lower() == text.lower() for m in place.mentions):
            return place
    raise AssertionError(f"no place mentioned as {text!r}: {[p.name for p in result.places]}")


def events_of(result: ArticleResult, etype: EventType | set[EventType]) -> list[Event]:
    types = {etype} if isinstance(etype, EventType) else etype
    return [e for e in result.events if e.type in types]


def names(result: ArticleResult, ids: tuple[str, ...] | list[str]) -> set[str]:
    by_id = {p.id: p.name for p in result.places}
    return {by_id[i] for i in ids if i in by_id}


@pytest.mark.parametrize("text", list(GEONAMES), ids=list(GEONAMES))
def test_cities_resolve_within_10_km(sample_result: ArticleResult, text: str) -> None:
    place = place_named(sample_result, "SEOUL" if text == "Seoul" else text)
    assert distance_km((place.lat, place.lon), GEONAMES[text]) < 10, place
    assert place.feature is FeatureKind.CITY
    assert place.geonameid and place.reason


@pytest.mark.parametrize(("text", "code"), list(COUNTRIES.items()), ids=list(COUNTRIES))
def test_countries_resolve_as_countries(sample_result: ArticleResult, text: str, code: str) -> None:
    place = place_named(sample_result, text if text != "United States" else "United States")
    assert place.feature is FeatureKind.COUNTRY
    assert place.country_code == code


def test_dunai_is_the_russian_port(sample_result: ArticleResult) -> None:
    dunai = place_named(sample_result, "Dunai")
    assert dunai.country_code == "RU"
    assert "RU is named in the article" in dunai.reason and "Russia's Dunai" in dunai.reason


@pytest.mark.parametrize("word", ["Kim", "Vladimir", "Choe", "Son", "Hui", "Lavrov", "Putin", "TASS", "Kremlin"])
def test_people_and_organisations_are_not_places(sample_result: ArticleResult, word: str) -> None:
    for place in sample_result.places:
        for mention in place.mentions:
            assert word not in mention.text.split(), (word, place.name, mention)


def test_shipment_from_rajin_to_dunai(sample_result: ArticleResult) -> None:
    moves = [
        e
        for e in events_of(sample_result, {EventType.SHIPMENT, EventType.TRANSFER})
        if names(sample_result, [e.origin or ""]) == {"Rajin"}
    ]
    assert len(moves) == 1, moves
    move = moves[0]
    assert names(sample_result, [move.destination or ""]) == {"Dunay"}
    assert move.mode is Mode.SEA
    assert move.count == 6
    assert move.date is not None and move.date.start == dt.date(2023, 8, 21)
    assert move.date.end == dt.date(2023, 10, 19)
    assert move.status is Status.HAPPENED
    assert len(move.evidence) == 2  # "six trips by sea" and "the shipments between ..."


def test_lavrov_visit_to_pyongyang(sample_result: ArticleResult) -> None:
    visits = [e for e in events_of(sample_result, EventType.VISIT) if any("Lavrov" in a.text for a in e.actors)]
    assert len(visits) == 1, visits
    visit = visits[0]
    assert names(sample_result, [visit.destination or ""]) == {"Pyongyang"}
    assert visit.date is not None and visit.date.iso == "2023-10-18"
    assert visit.duration_days == 2
    assert visit.status is Status.HAPPENED
    assert names(sample_result, [visit.origin or ""]) == {"Russia"} and visit.inferred_origin
    lavrov = next(a for a in visit.actors if "Lavrov" in a.text)
    assert lavrov.text == "Sergei Lavrov" and lavrov.role == "Foreign Minister" and lavrov.country_code == "RU"


def test_reception_and_speech_in_pyongyang(sample_result: ArticleResult) -> None:
    found = [e for e in events_of(sample_result, {EventType.MEETING, EventType.STATEMENT}) if "reception" in e.sentence]
    assert {e.type for e in found} == {EventType.MEETING, EventType.STATEMENT}
    for event in found:
        assert names(sample_result, event.locations) == {"Pyongyang"}
        assert event.date is not None and event.date.iso == "2023-10-18"


def test_kim_trip_to_russia_a_month_before(sample_result: ArticleResult) -> None:
    trips = [
        e
        for e in events_of(sample_result, {EventType.TRIP, EventType.VISIT})
        if any(a.text.startswith("Kim") for a in e.actors)
    ]
    assert len(trips) == 1
    trip = trips[0]
    assert names(sample_result, [trip.destination or ""]) == {"Russia"}
    assert trip.date is not None and trip.date.iso == "2023-09"
    assert names(sample_result, [trip.origin or ""]) == {"North Korea"}


def test_putin_visit_to_china_happened(sample_result: ArticleResult) -> None:
    visits = [
        e for e in events_of(sample_result, EventType.VISIT) if names(sample_result, [e.destination or ""]) == {"China"}
    ]
    assert len(visits) == 1
    assert visits[0].status is Status.HAPPENED
    assert any("Putin" in a.text for a in visits[0].actors)


def test_putin_visit_to_pyongyang_is_planned(sample_result: ArticleResult) -> None:
    visits = [
        e
        for e in events_of(sample_result, EventType.VISIT)
        if any("Putin" in a.text for a in e.actors) and names(sample_result, [e.destination or ""]) == {"Pyongyang"}
    ]
    assert len(visits) == 1
    assert visits[0].status is Status.PLANNED


def test_arms_transfers_from_north_korea_are_alleged(sample_result: ArticleResult) -> None:
    transfers = [
        e
        for e in events_of(sample_result, {EventType.TRANSFER, EventType.SHIPMENT})
        if names(sample_result, [e.origin or ""]) == {"North Korea"}
        and names(sample_result, [e.destination or ""]) == {"Russia"}
    ]
    cargo = {e.cargo for e in transfers}
    assert {"munitions", "weapons"} <= cargo, transfers
    from_north_korea = [
        e
        for e in events_of(sample_result, {EventType.TRANSFER, EventType.SHIPMENT})
        if names(sample_result, [e.origin or ""]) == {"North Korea"}
    ]
    assert len(from_north_korea) == 2, "one event per report: the verb and its noun are not counted twice"
    for event in transfers:
        assert event.status is Status.ALLEGED
    white_house = next(e for e in transfers if e.cargo == "weapons")
    assert white_house.denied_by and "Peskov" in white_house.denied_by[0]
    assert white_house.reported_by == "White House"


def test_ferry_at_the_rajin_drydock(sample_result: ArticleResult) -> None:
    ferry = [e for e in sample_result.events if "drydock" in e.sentence and e.locations]
    assert ferry, sample_result.events
    assert names(sample_result, ferry[0].locations) == {"Rajin"}
    assert ferry[0].date is not None and ferry[0].date.iso == "2023-10"


def test_exercises(sample_result: ArticleResult) -> None:
    exercises = events_of(sample_result, EventType.EXERCISE)
    mine = next(e for e in exercises if "mine" in e.sentence)
    assert mine.date is not None and mine.date.iso == "2023-10-19"
    assert {a.country_code for a in mine.actors} >= {"KR", "US", "CA", "BE"}
    assert names(sample_result, mine.locations) == {"South Korea"}
    drills = next(e for e in exercises if "drills" in e.sentence)
    assert {a.country_code for a in drills.actors} == {"KR", "US", "JP"}


def test_geneva_photo_is_an_aside_of_2017(sample_result: ArticleResult) -> None:
    photo = [e for e in sample_result.events if "Geneva" in e.sentence]
    assert len(photo) == 1
    assert photo[0].aside
    assert photo[0].date is not None and photo[0].date.iso == "2017-06-20"
    assert names(sample_result, photo[0].locations) == {"Geneva"}
    for event in sample_result.events:
        if event is not photo[0]:
            assert not (event.date and event.date.start.year == 2017), event
            assert place_named(sample_result, "Geneva").id not in {p.place_id for p in event.places}


def test_no_movement_from_co_mention(sample_result: ArticleResult) -> None:
    """Every movement comes from a trigger word, never from two places sharing a sentence."""
    for event in sample_result.events:
        if event.is_movement:
            assert event.type in {
                EventType.VISIT,
                EventType.TRIP,
                EventType.SHIPMENT,
                EventType.TRANSFER,
                EventType.DEPLOYMENT,
            }
    concern = [e for e in sample_result.events if "expressed concern" in e.sentence and e.is_movement]
    assert not concern


def test_every_event_has_evidence_in_the_text(sample_result: ArticleResult) -> None:
    text = sample_result.article.text
    for event in sample_result.events:
        assert text[event.start : event.end].strip() == event.sentence
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end].strip() == evidence.sentence
        for ep in event.places:  # every place an event names is one of the article's places
            assert sample_result.place(ep.place_id) is not None
