"""Tracks: one mover's movements, across articles, chained by date into stops."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geomap.events.tracks import Track, actor_key, chain_tracks
from geomap.model import Actor, ArticleResult, Event, EventPlace, EventType, Mode, Precision, Role, Status, TimeSpan
from geomap.pipeline import Resources
from geomap.render.payload import build_payload, view_of_articles

from .conftest import analyse_text


def movement(
    article: str,
    origin: str | None,
    destination: str,
    day: str | None,
    *actors: Actor,
    start: int = 0,
    status: Status = Status.HAPPENED,
) -> Event:
    places = ((EventPlace(origin, Role.ORIGIN),) if origin else ()) + (EventPlace(destination, Role.DESTINATION),)
    date = None
    if day:
        d = dt.date.fromisoformat(day)
        date = TimeSpan(d, d, Precision.DAY, day)
    return Event(
        id=f"{article}-{start}",
        article_id=article,
        type=EventType.VISIT,
        trigger="visited",
        sentence="",
        start=start,
        end=start + 1,
        places=places,
        status=status,
        mode=Mode.UNKNOWN,
        confidence=0.9,
        date=date,
        actors=actors,
        sources=(article,),
    )


VARGA = Actor("Lena Varga", "person", "foreign minister")


def tracks_of(*events: Event, published: dict[str, str] | None = None) -> tuple[Track, ...]:
    days = {k: dt.date.fromisoformat(v) for k, v in (published or {}).items()}
    order = {e.article_id: i for i, e in enumerate(events)}
    return chain_tracks(events, published=days, article_order=order)


def test_movements_of_one_person_chain_by_date_not_by_article_order() -> None:
    later = movement("b", "nairobi", "cairo", "2026-03-06", VARGA)
    earlier = movement("a", "budapest", "nairobi", "2026-03-02", VARGA)
    (track,) = tracks_of(later, earlier)
    assert track.movements == (1, 0)
    assert [s.place_id for s in track.stops] == ["budapest", "nairobi", "cairo"]
    nairobi = track.stops[1]
    assert (nairobi.start, nairobi.end) == (dt.date(2026, 3, 2), dt.date(2026, 3, 6))  # arrived, then left
    assert nairobi.articles == ("a", "b") and nairobi.events == (1, 0)


def test_an_undated_movement_takes_its_articles_date() -> None:
    undated = movement("b", "nairobi", "cairo", None, VARGA)
    dated = movement("a", "budapest", "nairobi", "2026-03-09", VARGA)
    (track,) = tracks_of(undated, dated, published={"b": "2026-03-04"})
    assert track.movements == (0, 1)


@pytest.mark.parametrize(
    "actor",
    [
        pytest.param(Actor("Hungary", "country", None, "HU"), id="a country is many movers"),
        pytest.param(Actor("Foreign Minister", "person", "foreign minister"), id="a title is not a person"),
    ],
)
def test_actors_that_are_not_one_mover_make_no_track(actor: Actor) -> None:
    assert actor_key(actor) is None
    assert tracks_of(movement("a", "x", "y", "2026-03-01", actor), movement("b", "y", "z", "2026-03-02", actor)) == ()


def test_undated_a_movement_still_to_come_follows_what_happened() -> None:
    planned = movement("a", None, "pyongyang", None, VARGA, start=10, status=Status.PLANNED)
    done = movement("a", None, "beijing", None, VARGA, start=90)
    (track,) = tracks_of(planned, done, published={"a": "2026-03-04"})
    assert [s.place_id for s in track.stops] == ["beijing", "pyongyang"]


def test_a_denied_movement_is_no_stop() -> None:
    denied = movement("a", "x", "y", "2026-03-01", VARGA, status=Status.DENIED)
    done = movement("a", "y", "z", "2026-03-02", VARGA)
    assert tracks_of(denied, done) == ()
    (track,) = tracks_of(denied, done, movement("b", "z", "w", "2026-03-03", VARGA))
    assert [s.place_id for s in track.stops] == ["y", "z", "w"]


def test_one_movement_is_an_arrow_not_a_track() -> None:
    assert tracks_of(movement("a", "x", "y", "2026-03-01", VARGA)) == ()


def test_a_surname_stands_for_the_one_full_name_that_ends_with_it() -> None:
    surname = Actor("Varga", "person")
    (track,) = tracks_of(movement("a", "x", "y", "2026-03-01", VARGA), movement("b", "y", "z", "2026-03-02", surname))
    assert track.actor == VARGA and len(track.movements) == 2
    other = Actor("Peter Varga", "person")
    tracks = tracks_of(
        movement("a", "x", "y", "2026-03-01", VARGA),
        movement("b", "y", "z", "2026-03-02", surname),
        movement("c", "p", "q", "2026-03-03", other),
    )
    assert tracks == ()  # two Vargas: the surname alone says neither


def _as(result: ArticleResult, article_id: str) -> ArticleResult:
    """The result as if read from a file of that id (its events name their article)."""
    events = tuple(dataclasses.replace(e, article_id=article_id, sources=(article_id,)) for e in result.events)
    return dataclasses.replace(result, article=dataclasses.replace(result.article, id=article_id), events=events)


def test_two_articles_make_one_track_with_its_stops_in_order(resources: Resources) -> None:
    first = _as(
        analyse_text(
            "Foreign Minister Lena Varga flew from Budapest to Nairobi on Monday for talks on trade.",
            resources,
            published="2026-03-04",
        ),
        "first",
    )
    second = _as(
        analyse_text(
            "Hungarian Foreign Minister Lena Varga arrived in Cairo from Addis Ababa on Friday.",
            resources,
            published="2026-03-07",
        ),
        "second",
    )
    # The later article listed first: the track follows the dates.
    payload = build_payload(view_of_articles([second, first], title="t", hrefs={}))
    (track,) = payload["tracks"]
    assert track["actor"].startswith("Lena Varga")
    # each stop is [place, start, end, events]; its articles are its events'
    names = [payload["places"][s[0]]["name"] for s in track["stops"]]
    assert names == ["Budapest", "Nairobi", "Addis Ababa", "Cairo"]
    assert [s[1] for s in track["stops"]] == ["2026-03-02", "2026-03-02", "2026-03-06", "2026-03-06"]
    titles = [
        sorted({payload["articles"][a]["id"] for i in s[3] for a in payload["events"][i]["sources"]})
        for s in track["stops"]
    ]
    assert titles == [["first"], ["first"], ["second"], ["second"]]


@pytest.mark.parametrize(
    ("text", "vessel"),
    [
        pytest.param(
            "The bulk carrier Sea Lark sailed from Odesa to Beirut on Thursday.", "Sea Lark", id="a ship noun"
        ),
        pytest.param(
            "The USS Gerald R. Ford sailed from Norfolk to Crete.", "USS Gerald R. Ford", id="a navy's prefix"
        ),
        pytest.param(
            "The tanker Nordic Star docked in Rotterdam. Then the Nordic Star sailed from Rotterdam to Houston.",
            "Nordic Star",
            id="named again later",
        ),
    ],
)
def test_a_ship_named_in_the_text_is_the_mover(resources: Resources, text: str, vessel: str) -> None:
    result = analyse_text(text, resources)
    movers = {a for e in result.events if e.is_movement for a in e.actors}
    assert Actor(vessel, "vessel") in movers


def test_a_title_that_looks_like_a_ships_prefix_is_a_person(resources: Resources) -> None:
    result = analyse_text("Ms Varga flew from Budapest to Nairobi on Monday.", resources)
    assert all(a.kind != "vessel" for e in result.events for a in e.actors)


def test_a_ships_voyages_in_two_articles_make_one_track(resources: Resources) -> None:
    first = _as(
        analyse_text(
            "The bulk carrier Sea Lark sailed from Odesa to Beirut on Thursday.", resources, published="2026-02-20"
        ),
        "first",
    )
    second = _as(
        analyse_text("The freighter Sea Lark left Beirut for Alexandria on Monday.", resources, published="2026-03-03"),
        "second",
    )
    payload = build_payload(view_of_articles([first, second], title="t", hrefs={}))
    (track,) = payload["tracks"]
    assert track["actor"] == "Sea Lark" and track["kind"] == "vessel"
    assert [payload["places"][s[0]]["name"] for s in track["stops"]] == ["Odesa", "Beirut", "Alexandria"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The ship Putin boarded sailed from Sevastopol to Novorossiysk on Monday.", id="who boarded it"),
        pytest.param("The tanker Reuters tracked sailed from Basra to Ningbo.", id="who tracked it"),
    ],
)
def test_the_subject_of_a_clause_about_a_ship_is_not_its_name(resources: Resources, text: str) -> None:
    result = analyse_text(text, resources)
    assert not any(a.kind == "vessel" for e in result.events for a in e.actors)


def test_a_ships_prefix_does_not_part_its_track() -> None:
    navy = Actor("USS Gerald R. Ford", "vessel")
    bare = Actor("Gerald R. Ford", "vessel")
    (track,) = tracks_of(movement("a", "x", "y", "2026-03-01", navy), movement("b", "y", "z", "2026-03-02", bare))
    assert len(track.movements) == 2
