"""Tracks: one mover's movements across articles, chained by date into a string of stops.

A ship's voyages, a minister's tour of three capitals, a unit's redeployments:
movements that share an actor become one track when there are two or more of
them. The track's stops are the places in the order the mover reached them,
each with the dates it was there and the articles that say so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Actor, Event, Status
from .actors import SHIP_PREFIXES

# The actor kinds that name one mover. A country or a place as an actor ("Russia sent troops")
# stands for many movers at once (its ministers, ships and units), so its movements do not chain.
TRACKED_KINDS = frozenset({"person", "organization", "vessel"})

# A track is a chain: a single movement is already drawn as an arrow.
MIN_MOVEMENTS = 2

# A movement that was denied took no one anywhere: it is no stop of the mover's.
NOT_A_STOP = frozenset({Status.DENIED})
# Undated, a movement still to come follows what the same article says happened: "Putin's visit to
# China" (done) comes before "a visit by Putin to Pyongyang" (being prepared).
STILL_TO_COME = frozenset({Status.PLANNED, Status.HYPOTHETICAL})

_PREFIXES = frozenset(p.casefold() for p in SHIP_PREFIXES)
_LEADING_ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_NOT_A_WORD = re.compile(r"[^\w\s-]+")


@dataclass(frozen=True, slots=True)
class Stop:
    """A place on a track: when the mover was there, and which movements and articles say so."""

    place_id: str
    start: dt.date | None
    end: dt.date | None
    events: tuple[int, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Track:
    """One mover's movements in order (indices into the events given), and the stops they make."""

    actor: Actor
    movements: tuple[int, ...]
    stops: tuple[Stop, ...]


def actor_key(actor: Actor) -> str | None:
    """Who an actor is, as a key that two articles' spellings share; None for actors that are not one
    mover: countries and places, and people known only by a title ("the foreign minister" is a
    different person in different articles)."""
    if actor.kind not in TRACKED_KINDS:
        return None
    words = _NOT_A_WORD.sub(" ", _LEADING_ARTICLE.sub("", actor.text.strip())).casefold().split()
    if not words:
        return None
    role = (actor.role or "").casefold().split()
    if actor.kind == "person" and role and words[-1] == role[-1]:
        return None
    if actor.kind == "vessel" and len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]  # "USS Gerald R. Ford" is the "Gerald R. Ford" of another article
    return " ".join(words)


def _surnames(keys: Sequence[str]) -> dict[str, str]:
    """A one-word name ("Blinken") stands for the one full name that ends with it ("antony blinken"),
    when exactly one does."""
    full: dict[str, set[str]] = {}
    for key in keys:
        if " " in key:
            full.setdefault(key.rsplit(" ", 1)[1], set()).add(key)
    return {word: next(iter(names)) for word, names in full.items() if len(names) == 1}


def chain_tracks(
    events: Sequence[Event],
    *,
    published: Mapping[str, dt.date | None],
    article_order: Mapping[str, int],
) -> tuple[Track, ...]:
    """The tracks of the movers in ``events``, longest first.

    Movements are ordered by their date; an undated one by its article's publication date
    (``published``, by article id), after the article's movements that happened if it is still to
    come, then by article (``article_order``) and place in the text. Denied movements are left out.
    """
    movements = [i for i, e in enumerate(events) if e.is_movement and e.status not in NOT_A_STOP]
    named: dict[int, list[tuple[str, Actor]]] = {}
    for i in movements:
        for actor in events[i].actors:
            key = actor_key(actor)
            if key is not None:
                named.setdefault(i, []).append((key, actor))
    surname = _surnames(sorted({k for pairs in named.values() for k, a in pairs if a.kind == "person"}))
    by_mover: dict[str, list[int]] = {}
    actor_of: dict[str, Actor] = {}
    for i, pairs in named.items():
        for key, actor in pairs:
            key = surname.get(key, key) if actor.kind == "person" else key
            chain = by_mover.setdefault(key, [])
            if i not in chain:
                chain.append(i)
            if key not in actor_of or len(actor.text) > len(actor_of[key].text):
                actor_of[key] = actor
    tracks = []
    for key, chain in by_mover.items():
        if len(chain) < MIN_MOVEMENTS:
            continue
        chain.sort(key=lambda i: _when(events[i], published, article_order))
        tracks.append(Track(actor_of[key], tuple(chain), _stops(events, chain)))
    tracks.sort(key=lambda t: (-len(t.movements), t.actor.text.casefold()))
    return tuple(tracks)


def _when(
    event: Event, published: Mapping[str, dt.date | None], order: Mapping[str, int]
) -> tuple[dt.date, int, int, int]:
    day = event.date.start if event.date else published.get(event.article_id)
    later = int(event.date is None and event.status in STILL_TO_COME)
    return day or dt.date.max, later, order.get(event.article_id, len(order)), event.start


def _stops(events: Sequence[Event], chain: Sequence[int]) -> tuple[Stop, ...]:
    """The places of a chain of movements in order: where each left from (departure date), then where
    it arrived (arrival date); a place reached and left again is one stop."""
    stops: list[Stop] = []
    for i in chain:
        event = events[i]
        sources = event.sources or (event.article_id,)
        span = event.date
        if event.origin is not None:
            _arrive(stops, event.origin, span.start if span else None, i, sources)
        assert event.destination is not None
        _arrive(stops, event.destination, span.end if span else None, i, sources)
    return tuple(stops)


def _arrive(stops: list[Stop], place_id: str, day: dt.date | None, event: int, sources: Sequence[str]) -> None:
    if stops and stops[-1].place_id == place_id:
        last = stops[-1]
        days = [d for d in (last.start, last.end, day) if d is not None]
        stops[-1] = Stop(
            place_id,
            min(days, default=None),
            max(days, default=None),
            last.events + ((event,) if event not in last.events else ()),
            last.articles + tuple(s for s in sources if s not in last.articles),
        )
    else:
        stops.append(Stop(place_id, day, day, (event,), tuple(dict.fromkeys(sources))))
