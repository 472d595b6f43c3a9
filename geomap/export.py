"""GeoJSON, CSV and KML exports for QGIS, kepler.gl and Google Earth.

Places are points. Movements (events with a destination, see
:attr:`geomap.model.Event.is_movement`) are lines from origin to destination,
along their sea route when they have one (:mod:`geomap.sea_routes`) and along
the great circle otherwise, or points on the destination when the text gives no
origin; every export counts the same movements as the map. Other events with
a place are points at that place.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from xml.sax.saxutils import escape

from .events.across_articles import Combined, combine
from .geometry import Point, great_circle
from .model import ArticleResult, Event, Place, Role, RouteKind
from .serialize import actor_to_json, event_to_json

FORMATS = ("geojson", "csv", "kml")

# Spreadsheets run a cell that starts with one of these as a formula ("=HYPERLINK(...)"); OWASP's
# advice for CSV injection is to prefix such a text cell with a single quote, which shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: numbers stay numbers, a formula-like text is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _kml_description(text: str) -> str:
    """A KML description is HTML to Google Earth: escape it as HTML, then as XML, so that article
    text is shown, never run."""
    return escape(html.escape(text, quote=True))


def _movements(places: dict[str, Place], events: Iterable[Event]) -> Iterable[tuple[Event, Place | None, Place]]:
    """Every movement with its destination place, and its origin place when it has one."""
    for event in events:
        if not event.is_movement:
            continue
        origin, destination = places.get(event.origin or ""), places.get(event.destination or "")
        if destination is not None and (origin is None or origin.id != destination.id):
            yield event, origin, destination


def _place_properties(place: Place, articles: Sequence[str], event_ids: Sequence[str]) -> dict[str, Any]:
    return {
        "kind": "place",
        "id": place.id,
        "name": place.name,
        "feature": str(place.feature),
        "country_code": place.country_code,
        "geonameid": place.geonameid,
        "population": place.population,
        "mentions": len(place.mentions),
        "mention_texts": sorted({m.text for m in place.mentions}),
        "reason": place.reason,
        "score": place.score,
        "articles": list(articles),
        "events": list(event_ids),
    }


def _line(event: Event, origin: Place, destination: Place) -> list[Point]:
    """The (lat, lon) points a movement is drawn through: its sea route, or the great circle."""
    if event.route is not None and event.route.kind is RouteKind.SEA and event.route.points:
        return list(event.route.points)
    return great_circle((origin.lat, origin.lon), (destination.lat, destination.lon), 32)


def _event_properties(event: Event, places: dict[str, Place], kind: str) -> dict[str, Any]:
    data = event_to_json(event)
    data["kind"] = kind
    # The line is the geometry: the properties say which one it is and how long.
    route = event.route
    data["route"] = str(route.kind) if route else None
    data["length_km"] = round(route.km, 1) if route else None
    data["length_nm"] = round(route.nautical_miles, 1) if route else None
    data["origin_name"] = places[event.origin].name if event.origin in places else None
    data["destination_name"] = places[event.destination].name if event.destination in places else None
    data["location_names"] = [places[p].name for p in event.locations if p in places]
    return data


def geojson_features(combined: Combined) -> Iterator[dict[str, Any]]:
    """The Features of :func:`to_geojson`, one at a time: places (Points), movements
    (LineStrings, or Points on the destination) and located events (Points)."""
    places = {p.id: p for p in combined.places}
    place_events: dict[str, list[str]] = {}
    for event in combined.events:
        for place_id in dict.fromkeys(p.place_id for p in event.places):
            place_events.setdefault(place_id, []).append(event.id)
    for place in combined.places:
        yield {
            "type": "Feature",
            "id": place.id,
            "geometry": {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]},
            "properties": _place_properties(
                place, combined.place_articles.get(place.id, ()), place_events.get(place.id, ())
            ),
        }
    drawn: set[str] = set()
    lines: dict[tuple[str, str, str], list[list[float]]] = {}
    for event, origin, destination in _movements(places, combined.events):
        drawn.add(event.id)
        geometry: dict[str, Any]
        if origin is None:
            geometry = {"type": "Point", "coordinates": [round(destination.lon, 6), round(destination.lat, 6)]}
        else:
            kind = str(event.route.kind) if event.route else ""
            route = (origin.id, destination.id, kind)
            if route not in lines:  # many movements share a route; its line is drawn once
                lines[route] = [[round(lon, 5), round(lat, 5)] for lat, lon in _line(event, origin, destination)]
            geometry = {"type": "LineString", "coordinates": lines[route]}
        properties = _event_properties(event, places, "movement")
        yield {"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties}
    for event in combined.events:
        if event.id in drawn:
            continue
        anchor = next(
            (
                places[p.place_id]
                for p in event.places
                if p.place_id in places and p.role in {Role.LOCATION, Role.DESTINATION, Role.ORIGIN}
            ),
            None,
        )
        if anchor is None:
            continue
        yield {
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [round(anchor.lon, 6), round(anchor.lat, 6)]},
            "properties": _event_properties(event, places, "event"),
        }


def to_geojson(combined: Combined) -> dict[str, Any]:
    """A FeatureCollection of places (Points), movements (LineStrings) and located events (Points)."""
    return {"type": "FeatureCollection", "features": list(geojson_features(combined))}


def geojson_text(combined: Combined) -> Iterator[str]:
    """:func:`to_geojson` as text, in pieces, one Feature a line: a file of any size is written
    without holding all of it (or a tree of all its features) in memory."""
    yield '{"type": "FeatureCollection", "features": ['
    for index, feature in enumerate(geojson_features(combined)):
        yield ("\n" if index == 0 else ",\n") + json.dumps(feature, ensure_ascii=False)
    yield "\n]}\n"


CSV_FIELDS = [
    "kind",
    "id",
    "type",
    "status",
    "date",
    "name",
    "lat",
    "lon",
    "origin",
    "origin_lat",
    "origin_lon",
    "destination",
    "destination_lat",
    "destination_lon",
    "actors",
    "cargo",
    "count",
    "mode",
    "route",
    "length_km",
    "length_nm",
    "confidence",
    "feature",
    "country_code",
    "geonameid",
    "mentions",
    "articles",
    "sentence",
    "reason",
]


def to_csv(combined: Combined) -> str:
    """One row per place and one per event; movements carry origin and destination coordinates."""
    places = {p.id: p for p in combined.places}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    rows: list[dict[str, object]] = []
    for place in combined.places:
        rows.append(
            {
                "kind": "place",
                "id": place.id,
                "name": place.name,
                "lat": place.lat,
                "lon": place.lon,
                "feature": str(place.feature),
                "country_code": place.country_code or "",
                "geonameid": place.geonameid or "",
                "mentions": len(place.mentions),
                "articles": ";".join(combined.place_articles.get(place.id, ())),
                "reason": place.reason,
            }
        )
    moving = {event.id for event, _, _ in _movements(places, combined.events)}
    for event in combined.events:
        origin, destination = places.get(event.origin or ""), places.get(event.destination or "")
        location = next((places[p] for p in event.locations if p in places), None)
        rows.append(
            {
                "kind": "movement" if event.id in moving else "event",
                "id": event.id,
                "type": str(event.type),
                "status": str(event.status),
                "date": event.date.iso if event.date else "",
                "name": location.name if location else "",
                "lat": location.lat if location else "",
                "lon": location.lon if location else "",
                "origin": origin.name if origin else "",
                "origin_lat": origin.lat if origin else "",
                "origin_lon": origin.lon if origin else "",
                "destination": destination.name if destination else "",
                "destination_lat": destination.lat if destination else "",
                "destination_lon": destination.lon if destination else "",
                "actors": "; ".join(a["text"] for a in map(actor_to_json, event.actors)),
                "cargo": event.cargo or "",
                "count": event.count or "",
                "mode": str(event.mode),
                "route": str(event.route.kind) if event.route else "",
                "length_km": round(event.route.km, 1) if event.route else "",
                "length_nm": round(event.route.nautical_miles, 1) if event.route else "",
                "confidence": event.confidence,
                "articles": ";".join(event.sources),
                "sentence": event.sentence,
            }
        )
    writer.writerows({key: _text_cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def to_kml(combined: Combined, *, title: str = "geomap") -> str:
    """A KML document: places as Points and movements as LineStrings, in folders."""
    places = {p.id: p for p in combined.places}
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        f"<Document><name>{escape(title)}</name>",
        "<Folder><name>Places</name>",
    ]
    for place in combined.places:
        description = f"{place.feature}; {len(place.mentions)} mention(s). {place.reason}"
        parts.append(
            f"<Placemark><name>{escape(place.name)}</name><description>{_kml_description(description)}</description>"
            f"<Point><coordinates>{place.lon:.6f},{place.lat:.6f},0</coordinates></Point></Placemark>"
        )
    parts.append("</Folder><Folder><name>Movements</name>")
    for event, origin, destination in _movements(places, combined.events):
        description = f"{event.status}; {event.date.iso if event.date else 'date unknown'}. {event.sentence}"
        if event.route is not None:
            route = event.route
            description += f" ({route.kind}, {route.km:,.0f} km, {route.nautical_miles:,.0f} nm)"
        if origin is None:
            name = f"{event.type}: to {destination.name}"
            geometry = f"<Point><coordinates>{destination.lon:.6f},{destination.lat:.6f},0</coordinates></Point>"
        else:
            coordinates = " ".join(f"{lon:.5f},{lat:.5f},0" for lat, lon in _line(event, origin, destination))
            name = f"{event.type}: {origin.name} to {destination.name}"
            geometry = f"<LineString><tessellate>1</tessellate><coordinates>{coordinates}</coordinates></LineString>"
        parts.append(
            f"<Placemark><name>{escape(name)}</name><description>{_kml_description(description)}</description>"
            f"{geometry}</Placemark>"
        )
    parts.append("</Folder></Document></kml>")
    return "\n".join(parts)


def export(results: Sequence[ArticleResult], fmt: str) -> str:
    """Results of one or many articles in one of :data:`FORMATS`."""
    combined = combine(results)
    if fmt == "geojson":
        return "".join(geojson_text(combined))
    if fmt == "csv":
        return to_csv(combined)
    if fmt == "kml":
        return to_kml(combined)
    from .errors import ConfigurationError

    raise ConfigurationError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
