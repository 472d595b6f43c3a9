"""Combining the results of many articles into one story.

Places are the same place when they have the same id (a GeoNames id, for the
offline gazetteer). Movements reported by several articles (same endpoints,
same kind of event, overlapping or unknown dates) become one movement with
every source and every piece of evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Article, ArticleResult, Event, Place, Status, event_family

STATUS_STRENGTH = [Status.HAPPENED, Status.ALLEGED, Status.PLANNED, Status.HYPOTHETICAL, Status.DENIED]


@dataclass(frozen=True, slots=True)
class Combined:
    """Many articles' places and events, merged."""

    articles: tuple[Article, ...]
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    place_articles: dict[str, tuple[str, ...]]


def combine(results: Sequence[ArticleResult]) -> Combined:
    """Merge places by id and movements reported by more than one article."""
    places: dict[str, Place] = {}
    place_articles: dict[str, list[str]] = {}
    for result in results:
        for place in result.places:
            known = places.get(place.id)
            if known is None:
                places[place.id] = place
            else:
                places[place.id] = replace(known, mentions=known.mentions + place.mentions)
            owners = place_articles.setdefault(place.id, [])
            if result.article.id not in owners:
                owners.append(result.article.id)
    events: list[Event] = []
    # Movements that may be the same share endpoints and kind: only those are compared. An
    # article's own movements never merge with each other (they share their source), so each is
    # compared only with the movements of earlier articles: an article of 50,000 shipments on a
    # handful of routes costs as many steps as it has movements, not their square.
    by_route: dict[tuple[str | None, str | None, str], list[int]] = {}
    for result in results:
        earlier: dict[tuple[str | None, str | None, str], int] = {}  # per route: slots from earlier articles
        for event in result.events:
            destination = event.destination
            if destination is None:
                events.append(event)
                continue
            route = (event.origin, destination, event_family(event.type))
            slots = by_route.setdefault(route, [])
            before = earlier.setdefault(route, len(slots))
            slot = next((i for i in slots[:before] if same_movement(events[i], event)), None)
            if slot is None:
                slots.append(len(events))
                events.append(event)
            else:
                events[slot] = merge_events(events[slot], event)
    return Combined(
        articles=tuple(r.article for r in results),
        places=tuple(places.values()),
        events=tuple(events),
        place_articles={k: tuple(v) for k, v in place_articles.items()},
    )


def same_movement(a: Event, b: Event) -> bool:
    """Two reports of one movement: same endpoints, same kind, dates that can agree.

    Movements with only a destination are the same when their dates are both
    known and agree, or when they share an actor: "arrived in Cyprus" in two
    articles is otherwise too little to tell.
    """
    if not (a.is_movement and b.is_movement) or (a.article_id == b.article_id and a.id == b.id):
        return False
    if (a.origin, a.destination) != (b.origin, b.destination):
        return False
    if event_family(a.type) != event_family(b.type):
        return False
    if a.date is not None and b.date is not None and not a.date.overlaps(b.date):
        return False
    if a.origin is None and not ((a.date and b.date) or set(a.actors) & set(b.actors)):
        return False
    return not set(a.sources) & set(b.sources)


def merge_events(a: Event, b: Event) -> Event:
    """One event with both reports' sources and evidence; the more precise date wins."""
    date = a.date
    if date is None or (b.date is not None and (b.date.end - b.date.start) < (date.end - date.start)):
        date = b.date
    status = min(a.status, b.status, key=STATUS_STRENGTH.index)
    actors = a.actors + tuple(x for x in b.actors if x not in a.actors)
    return replace(
        a,
        date=date,
        status=status,
        actors=actors,
        count=max(filter(None, [a.count, b.count]), default=None),
        cargo=a.cargo or b.cargo,
        sources=a.sources + tuple(s for s in b.sources if s not in a.sources),
        evidence=a.evidence + tuple(e for e in b.evidence if e not in a.evidence),
        denied_by=a.denied_by + tuple(d for d in b.denied_by if d not in a.denied_by),
        confidence=round(min(0.99, max(a.confidence, b.confidence) + 0.05), 2),
    )
