"""The data a map page draws, as one JSON object.

Maps carry their data as a single JSON payload read by ``static/geomap.js``
rather than as one folium object per feature: the page stays small and opens
fast with thousands of places and movements, and article text only ever
reaches the page as JSON string values, which the client puts into the DOM
as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..events.across_articles import combine
from ..events.tracks import Track, chain_tracks
from ..model import (
    ArticleResult,
    Event,
    EventType,
    FeatureKind,
    Mode,
    Place,
    Role,
    RouteKind,
    Status,
    is_web_address,
)
from ..precision import LOCATION_LABELS, TIME_LABELS, location_precision
from ..serialize import actor_name, event_derived
from .style import KIND_LABEL, TYPE_STYLE, is_dashed, line_width, type_color, type_label


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article as a map lists it."""

    id: str
    title: str
    date: str | None
    href: str | None
    path: str = ""
    # Saved by the run that wrote the page: marked "new" in the index's tables and on its map.
    new: bool = False
    # Where the article is on the web: its own address, then those it was also found at (a story
    # republished under another URL, or in two feeds). Files on disk are not listed.
    web: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MapView:
    """What one map shows."""

    title: str
    articles: tuple[ArticleRef, ...]
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    place_articles: Mapping[str, tuple[str, ...]]
    snippets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # One mover's movements chained by date (indices into ``events``).
    tracks: tuple[Track, ...] = ()


def _tracks(results: Sequence[ArticleResult], events: Sequence[Event]) -> tuple[Track, ...]:
    return chain_tracks(
        events,
        published={r.article.id: r.article.published for r in results},
        article_order={r.article.id: i for i, r in enumerate(results)},
    )


def article_ref(
    result: ArticleResult, href: str | None, *, new: bool = False, also_at: Sequence[str] = ()
) -> ArticleRef:
    a = result.article
    web = tuple(dict.fromkeys(u for u in (a.path, *also_at) if is_web_address(u)))
    return ArticleRef(a.id, a.title or a.id, a.published.isoformat() if a.published else None, href, a.path, new, web)


def view_of_article(result: ArticleResult, *, href: str | None = None) -> MapView:
    """The map of one article."""
    return MapView(
        title=result.article.title or result.article.id,
        articles=(article_ref(result, href),),
        places=result.places,
        events=result.events,
        place_articles={p.id: (result.article.id,) for p in result.places},
        snippets=_snippets([result]),
        tracks=_tracks([result], result.events),
    )


def view_of_articles(
    results: Sequence[ArticleResult],
    *,
    title: str,
    hrefs: Mapping[str, str],
    new: frozenset[str] = frozenset(),
    also_at: Mapping[str, Sequence[str]] | None = None,
) -> MapView:
    """One map of many articles, with movements merged across them; the articles whose ids are in
    ``new`` (and the events they report) are marked new. ``also_at`` gives, by article id, the
    other addresses an article was found at."""
    found = also_at or {}
    combined = combine(results)
    return MapView(
        title=title,
        articles=tuple(
            article_ref(r, hrefs.get(r.article.id), new=r.article.id in new, also_at=found.get(r.article.id, ()))
            for r in results
        ),
        places=combined.places,
        events=combined.events,
        place_articles=combined.place_articles,
        snippets=_snippets(results),
        tracks=_tracks(results, combined.events),
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n")


def _snippets(results: Sequence[ArticleResult], per_place: int = 3) -> dict[str, tuple[str, ...]]:
    """Up to three sentences that mention each place, for places with no event."""
    found: dict[str, list[str]] = {}
    for result in results:
        text = result.article.text
        if not text:
            continue
        for place in result.places:
            bucket = found.setdefault(place.id, [])
            for mention in place.mentions:
                if len(bucket) >= per_place:
                    break
                sentence = _sentence_around(text, mention.start, mention.end)
                if sentence and sentence not in bucket:
                    bucket.append(sentence)
    return {k: tuple(v) for k, v in found.items()}


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() if right_match and right_match.start() - end < 400 else min(len(text), end + 400)
    return " ".join(text[left:right].split())[:400]


def build_payload(view: MapView, *, basemap: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON the map client draws.

    Its places and events are those of :mod:`geomap.schema`: each a selection of the fields
    of a place's or an event's JSON (:data:`~geomap.schema.PAYLOAD_PLACE_FIELDS`,
    :data:`~geomap.schema.PAYLOAD_EVENT_FIELDS`), under the same names, with optional event
    fields left out when empty or usual. Compact on purpose, so a map of thousands of movements
    stays small: a field that refers to a place, an article, an event or a reason holds its
    index in ``places``, ``articles``, ``events`` or ``reasons``. A movement is
    ``[event, origin, destination, width, dashed]`` and the client draws its arc, or an arrival
    mark on the destination when ``origin`` is null. A track is one mover's movements
    (``events``, in order) and the stops they make, each ``[place, start, end, events]``.

    A movement with an origin and a route has its ``route_kind``, ``length_km`` and
    ``length_nm``; a sea route's also has ``lane``, the index in ``lanes`` of the ``[lat, lon]``
    points the client draws it through, unbent (any other is drawn as a great-circle arc).
    Movements on one lane share its path, written once with :data:`LANE_DIGITS` decimals.
    A place's ``location_precision`` and a dated event's ``time_precision`` are ACLED's 1-2-3
    (:mod:`geomap.precision`), worded by ``precisions``.
    """
    article_index = {a.id: i for i, a in enumerate(view.articles)}
    places = list(view.places)
    place_index = {p.id: i for i, p in enumerate(places)}
    events_out: list[dict[str, Any]] = []
    place_events: dict[str, list[int]] = {p.id: [] for p in places}
    movements: list[list[Any]] = []
    type_counts: dict[EventType, int] = {}
    reasons: dict[str, int] = {}  # why each endpoint is there, each text once
    lanes: dict[tuple[tuple[float, float], ...], int] = {}  # each sea lane's path once

    def reason_index(reason: str | None) -> int | None:
        return reasons.setdefault(reason, len(reasons)) if reason else None

    for event in view.events:
        index = len(events_out)
        sources = [article_index[s] for s in event.sources if s in article_index] or [
            article_index.get(event.article_id, 0)
        ]
        origin = place_index.get(event.origin or "")
        destination = place_index.get(event.destination or "")
        derived = event_derived(event)
        item: dict[str, Any] = {
            "type": str(event.type),
            "sources": sources,
            "evidence": [
                {"article": article_index.get(e.article_id, sources[0]), "sentence": e.sentence} for e in event.evidence
            ]
            or [{"article": sources[0], "sentence": event.sentence}],
        }
        if any(view.articles[i].new for i in sources):
            item["new"] = True
        # Left out when empty or usual; the client fills in the defaults. A number is kept even when
        # it is 0: an index (the first place, the first reason) or a count, never "empty".
        optional = {
            "status": "" if event.status is Status.HAPPENED else str(event.status),
            "date": event.date.iso if event.date else None,
            "date_start": derived["date_start"],
            "date_end": derived["date_end"] if derived["date_end"] != derived["date_start"] else None,
            "time_precision": derived["time_precision"],
            "actor_names": derived["actor_names"],
            "mode": "" if event.mode is Mode.UNKNOWN else str(event.mode),
            "origin": origin,
            "destination": destination,
            "locations": [place_index[p] for p in event.locations if p in place_index],
            "via": [place_index[p] for p in event.place_ids(Role.VIA) if p in place_index],
            "movement": event.is_movement,
            "cargo": event.cargo,
            "count": event.count,
            "inferred_origin": derived["inferred_origin"],
            "origin_reason": reason_index(derived["origin_reason"]) if event.is_movement else None,
            "destination_reason": reason_index(derived["destination_reason"]) if event.is_movement else None,
            "denied_by": list(event.denied_by),
            "aside": event.aside,
        }
        item.update({k: v for k, v in optional.items() if v or type(v) is int})
        route = event.route
        if route is not None and origin is not None:
            item["route_kind"] = str(route.kind)
            item["length_km"] = derived["length_km"]
            item["length_nm"] = derived["length_nm"]
            if route.kind is RouteKind.SEA and route.points:
                item["lane"] = lanes.setdefault(route.points, len(lanes))
        events_out.append(item)
        type_counts[event.type] = type_counts.get(event.type, 0) + 1
        for ep in event.places:
            listed = place_events.get(ep.place_id)
            if listed is not None and (not listed or listed[-1] != index):  # once per event
                listed.append(index)
        if event.is_movement and destination is not None:
            # An arrow from the origin, or, when the text gives none, a mark on the destination.
            movements.append([index, origin, destination, line_width(event.count), int(is_dashed(event))])
    places_out = []
    kinds: set[FeatureKind] = set()
    for place in places:
        kinds.add(place.feature)
        item = {
            "id": place.id,
            "name": place.name,
            "lat": round(place.lat, 5),
            "lon": round(place.lon, 5),
            "feature": str(place.feature),
            "country_code": place.country_code,
            "geonameid": place.geonameid,
            "mention_count": len(place.mentions),
            "location_precision": location_precision(place),
            "reason": place.reason,
            "score": place.score,
            "articles": [article_index[a] for a in view.place_articles.get(place.id, ()) if a in article_index],
            "events": place_events.get(place.id, []),
        }
        if place.fallback:
            item["fallback"] = True
        if not item["events"] and view.snippets.get(place.id):
            item["snippets"] = list(view.snippets[place.id])
        places_out.append(item)
    tracks_out = [
        {
            "actor": actor_name(track.actor),
            "kind": track.actor.kind,
            "events": list(track.movements),
            # [place, start, end or null, events]: compact, a track may have thousands (the
            # articles of a stop are those of its events)
            "stops": [
                [
                    place_index[stop.place_id],
                    stop.start.isoformat() if stop.start else None,
                    stop.end.isoformat() if stop.end and stop.end != stop.start else None,
                    list(stop.events),
                ]
                for stop in track.stops
                if stop.place_id in place_index
            ],
        }
        for track in view.tracks
    ]
    bounds = None
    if places:
        lats, lons = [p.lat for p in places], [p.lon for p in places]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
    dates = sorted({d for e in events_out for d in (e.get("date_start"), e.get("date_end")) if d})
    if not dates:
        dates = sorted(a.date for a in view.articles if a.date)
    return {
        "title": view.title,
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "date": a.date,
                "href": a.href,
                **({"new": True} if a.new else {}),
                **({"web": list(a.web)} if a.web else {}),
            }
            for a in view.articles
        ],
        "types": [
            {
                "type": str(t),
                "label": type_label(t),
                "single": event_label(t),
                "color": type_color(t),
                "count": type_counts[t],
            }
            for t in TYPE_STYLE
            if t in type_counts
        ],
        "kinds": [{"kind": str(k), "label": KIND_LABEL[k]} for k in FeatureKind if k in kinds],
        "precisions": {"location": LOCATION_LABELS, "time": TIME_LABELS},
        "places": places_out,
        "events": events_out,
        "movements": movements,
        "tracks": [t for t in tracks_out if len(t["stops"]) > 1],
        "lanes": [[[round(lat, LANE_DIGITS), round(lon, LANE_DIGITS)] for lat, lon in lane] for lane in lanes],
        "reasons": list(reasons),
        "bounds": bounds,
        "dateRange": [dates[0], dates[-1]] if dates else None,
        "basemap": basemap,
    }


# Decimals of a sea lane's points on the map: 0.001 degree is at most 111 m, less than a pixel below
# zoom 11 and far inside the straits' water (the traced Bosphorus keeps 290 m from either shore).
LANE_DIGITS = 3


def event_label(etype: EventType) -> str:
    """ "Visits" -> "Visit"."""
    label = type_label(etype)
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes so no string can
    close the script element or open a comment; backticks and ``${`` are
    escaped too, so the text stays inert even inside a template literal;
    U+2028 and U+2029 are escaped for older JavaScript parsers.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("`", "\\u0060")
        .replace("${", "\\u0024{")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
