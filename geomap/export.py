"""GeoJSON, CSV and KML exports for QGIS, kepler.gl and Google Earth.

Places are points. Movements (events with a destination, see
:attr:`geomap.model.Event.is_movement`) are lines from origin to destination,
along their sea route when they have one (:mod:`geomap.sea_routes`) and along
the great circle otherwise, or points on the destination when the text gives no
origin; every export counts the same movements as the map. Other events with
a place are points at that place.

Every place carries its ``location_precision`` and every event its
``time_precision`` and the ``location_precision`` of the places it is drawn at
(:mod:`geomap.precision`, ACLED's 1-2-3); every dated feature carries its first
and last day (a place: those of the events at it), as ``start`` and ``end`` in
the CSV, ``date_start`` and ``date_end`` in GeoJSON (whose ``start`` and ``end``
are character offsets in the article, as in every result's JSON) and a ``TimeStamp`` or
``TimeSpan`` in KML, where each event type has the map's colour as a ``Style``.

A GeoJSON feature's properties are a place's or an event's JSON as :mod:`geomap.schema` defines
it (the store's fields and those derived from them, ``route`` left to the geometry), and the CSV's
columns are :data:`geomap.schema.CSV_COLUMNS`: the same names, never others.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape

from .events.across_articles import Combined, combine
from .geometry import Point, great_circle
from .model import ArticleResult, Event, EventType, Place, Role, RouteKind
from .precision import coarsest, location_precision, time_precision
from .render.style import line_width, type_color
from .schema import CSV_COLUMNS, LIST_SEPARATOR, EventJSON, PlaceJSON
from .serialize import event_derived, event_to_json

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
        if destination is not None:
            yield event, origin, destination


Days = tuple[dt.date, dt.date]


@dataclass(frozen=True, slots=True)
class _Index:
    """What every export looks up: places by id, and each place's events and dated days."""

    places: dict[str, Place]
    place_events: dict[str, tuple[Event, ...]]

    @classmethod
    def of(cls, combined: Combined) -> _Index:
        place_events: dict[str, list[Event]] = {}
        for event in combined.events:
            for place_id in dict.fromkeys(p.place_id for p in event.places):
                place_events.setdefault(place_id, []).append(event)
        return cls({p.id: p for p in combined.places}, {k: tuple(v) for k, v in place_events.items()})

    def place_days(self, place: Place) -> Days | None:
        """A place's first and last day: those of the dated events at it, if any."""
        spans = [e.date for e in self.place_events.get(place.id, ()) if e.date is not None]
        if not spans:
            return None
        return min(s.start for s in spans), max(s.end for s in spans)

    def drawn_at(self, event: Event) -> tuple[Place, ...]:
        """The places an event is drawn at: a movement's origin (when it has one) and destination,
        or the place another event is a point at."""
        places = self.places
        destination = places.get(event.destination or "")
        if destination is not None:
            return tuple(p for p in (places.get(event.origin or ""), destination) if p is not None)
        anchor = _anchor(event, places)
        return (anchor,) if anchor is not None else ()

    def event_location_precision(self, event: Event) -> int | None:
        return coarsest(self.drawn_at(event))


def _event_days(event: Event) -> Days | None:
    return (event.date.start, event.date.end) if event.date is not None else None


def _anchor(event: Event, places: dict[str, Place]) -> Place | None:
    """The place an event that is not drawn as a movement is a point at."""
    return next(
        (
            places[p.place_id]
            for p in event.places
            if p.place_id in places and p.role in {Role.LOCATION, Role.DESTINATION, Role.ORIGIN}
        ),
        None,
    )


def _place_properties(place: Place, articles: Sequence[str], event_ids: Sequence[str], days: Days | None) -> PlaceJSON:
    return {
        "kind": "place",
        "id": place.id,
        "name": place.name,
        "lat": round(place.lat, 6),
        "lon": round(place.lon, 6),
        "feature": place.feature,
        "country_code": place.country_code,
        "geonameid": place.geonameid,
        "population": place.population,
        "mention_count": len(place.mentions),
        "mention_texts": sorted({m.text for m in place.mentions}),
        "reason": place.reason,
        "score": place.score,
        "articles": list(articles),
        "events": list(event_ids),
        "location_precision": location_precision(place),
        "date_start": days[0].isoformat() if days else None,
        "date_end": days[1].isoformat() if days else None,
    }


def _line(event: Event, origin: Place, destination: Place) -> list[Point]:
    """The (lat, lon) points a movement is drawn through: its sea route, or the great circle."""
    if event.route is not None and event.route.kind is RouteKind.SEA and event.route.points:
        return list(event.route.points)
    return great_circle((origin.lat, origin.lon), (destination.lat, destination.lon), 32)


def _event_properties(event: Event, index: _Index, kind: Literal["movement", "event"]) -> EventJSON:
    places = index.places
    data: EventJSON = {**event_to_json(event), **event_derived(event)}
    # The line is the geometry: the properties say which one it is (route_kind) and how long.
    del data["route"]
    data["kind"] = kind
    data["origin_name"] = places[event.origin].name if event.origin in places else None
    data["destination_name"] = places[event.destination].name if event.destination in places else None
    data["location_names"] = [places[p].name for p in event.locations if p in places]
    data["location_precision"] = index.event_location_precision(event)
    return data


def geojson_features(combined: Combined) -> Iterator[dict[str, Any]]:
    """The Features of :func:`to_geojson`, one at a time: places (Points), movements
    (LineStrings, or Points on the destination) and located events (Points)."""
    index = _Index.of(combined)
    places = index.places
    for place in combined.places:
        yield {
            "type": "Feature",
            "id": place.id,
            "geometry": {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]},
            "properties": _place_properties(
                place,
                combined.place_articles.get(place.id, ()),
                [e.id for e in index.place_events.get(place.id, ())],
                index.place_days(place),
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
        properties = _event_properties(event, index, "movement")
        yield {"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties}
    for event in combined.events:
        if event.id in drawn:
            continue
        anchor = _anchor(event, places)
        if anchor is None:
            continue
        yield {
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [round(anchor.lon, 6), round(anchor.lat, 6)]},
            "properties": _event_properties(event, index, "event"),
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


CSV_FIELDS = [column.name for column in CSV_COLUMNS]


def _cells(data: Mapping[str, object]) -> dict[str, object]:
    """A place's or an event's fields as CSV cells: a list as its items joined, nothing as empty."""
    cells: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, list):
            value = LIST_SEPARATOR.join(map(str, value))
        cells[key] = "" if value is None else value
    return cells


def to_csv(combined: Combined) -> str:
    """One row per place and one per event; movements carry origin and destination coordinates."""
    index = _Index.of(combined)
    places = index.places
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    # The rows are the GeoJSON properties (the same names, CSV_COLUMNS picks among them), flat.
    rows: list[dict[str, object]] = [
        _cells(_place_properties(place, combined.place_articles.get(place.id, ()), (), index.place_days(place)))
        for place in combined.places
    ]
    moving = {event.id for event, _, _ in _movements(places, combined.events)}
    for event in combined.events:
        row = _cells(_event_properties(event, index, "movement" if event.id in moving else "event"))
        # An endpoint's coordinates: the CSV's flattening of ``origin``, ``destination`` and the
        # first of ``locations`` (geomap.schema.CSV_COLUMNS).
        located = [places[p] for p in event.locations if p in places]
        for name, endpoint in (
            ("origin", places.get(event.origin or "")),
            ("destination", places.get(event.destination or "")),
            ("location", located[0] if located else None),
        ):
            row[f"{name}_lat"] = endpoint.lat if endpoint else ""
            row[f"{name}_lon"] = endpoint.lon if endpoint else ""
        rows.append(row)
    writer.writerows({key: _text_cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def kml_color(hex_rgb: str) -> str:
    """``#rrggbb`` as KML writes a colour: opaque, ``aabbggrr``."""
    red, green, blue = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"ff{blue}{green}{red}".lower()


# A white dot Google Earth tints with a style's IconStyle colour.
KML_ICON = "https://maps.google.com/mapfiles/kml/shapes/shaded_dot.png"

# The typed fields of each KML folder's placemarks (KML Schema types), read by GDAL as columns
# (GDAL keeps "id" for the Placemark's own id attribute, which must be an XML name: ours are not).
KML_PLACE_FIELDS = {
    "place_id": "string",
    "feature": "string",
    "country_code": "string",
    "geonameid": "int",
    "mention_count": "int",
    "location_precision": "int",
}
KML_EVENT_FIELDS = {
    "event_id": "string",
    "type": "string",
    "status": "string",
    "date": "string",
    "time_precision": "int",
    "location_precision": "int",
    "count": "int",
    "articles": "int",
}


def _kml_style_id(etype: EventType, width: float) -> str:
    """A style per event type and line width: the type's own id at the width of one trip."""
    return str(etype) if width == line_width(None) else f"{etype}-w{width:g}"


def _kml_style(etype: EventType, width: float) -> str:
    color = kml_color(type_color(etype))
    return (
        f'<Style id="{_kml_style_id(etype, width)}">'
        f"<IconStyle><color>{color}</color><Icon><href>{KML_ICON}</href></Icon></IconStyle>"
        f"<LineStyle><color>{color}</color><width>{width:g}</width></LineStyle></Style>"
    )


def _kml_schema(name: str, fields: dict[str, str]) -> str:
    simple = "".join(f'<SimpleField name="{key}" type="{kind}"/>' for key, kind in fields.items())
    return f'<Schema name="{name}" id="{name}">{simple}</Schema>'


def _kml_data(schema: str, values: dict[str, object]) -> str:
    """ExtendedData of a placemark; fields with no value are left out."""
    cells = "".join(
        f'<SimpleData name="{key}">{escape(str(value))}</SimpleData>'
        for key, value in values.items()
        if value is not None and value != ""
    )
    return f'<ExtendedData><SchemaData schemaUrl="#{schema}">{cells}</SchemaData></ExtendedData>'


def _kml_time(days: Days | None) -> str:
    """A ``TimeStamp`` for one day, a ``TimeSpan`` for more, so that Google Earth's time slider
    shows and hides the placemark."""
    if days is None:
        return ""
    start, end = days
    if start == end:
        return f"<TimeStamp><when>{start.isoformat()}</when></TimeStamp>"
    return f"<TimeSpan><begin>{start.isoformat()}</begin><end>{end.isoformat()}</end></TimeSpan>"


def _kml_event_data(event: Event, index: _Index) -> str:
    return _kml_data(
        "event",
        {
            "event_id": event.id,
            "type": str(event.type),
            "status": str(event.status),
            "date": event.date.iso if event.date else None,
            "time_precision": time_precision(event.date),
            "location_precision": index.event_location_precision(event),
            "count": event.count,
            "articles": len(event.sources) or None,
        },
    )


def to_kml(combined: Combined, *, title: str = "geomap") -> str:
    """A KML document: places as Points, movements as LineStrings (or Points on their destination)
    and other located events as Points, in folders, each event styled by its type's colour and its
    line width by its count (as on the map), each dated placemark with its time."""
    index = _Index.of(combined)
    places = index.places
    styles: dict[str, str] = {}

    def style_url(event: Event) -> str:
        width = line_width(event.count)
        key = _kml_style_id(event.type, width)
        if key not in styles:
            styles[key] = _kml_style(event.type, width)
        return f"<styleUrl>#{key}</styleUrl>"

    body = ["<Folder><name>Places</name>"]
    for place in combined.places:
        description = f"{place.feature}; {len(place.mentions)} mention(s). {place.reason}"
        data = _kml_data(
            "place",
            {
                "place_id": place.id,
                "feature": str(place.feature),
                "country_code": place.country_code,
                "geonameid": place.geonameid,
                "mention_count": len(place.mentions),
                "location_precision": location_precision(place),
            },
        )
        body.append(
            f"<Placemark><name>{escape(place.name)}</name><description>{_kml_description(description)}</description>"
            f"<styleUrl>#place</styleUrl>{_kml_time(index.place_days(place))}{data}"
            f"<Point><coordinates>{place.lon:.6f},{place.lat:.6f},0</coordinates></Point></Placemark>"
        )
    body.append("</Folder><Folder><name>Movements</name>")
    drawn: set[str] = set()
    for event, origin, destination in _movements(places, combined.events):
        drawn.add(event.id)
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
        body.append(
            f"<Placemark><name>{escape(name)}</name><description>{_kml_description(description)}</description>"
            f"{style_url(event)}{_kml_time(_event_days(event))}{_kml_event_data(event, index)}{geometry}</Placemark>"
        )
    body.append("</Folder><Folder><name>Events</name>")
    for event in combined.events:
        anchor = None if event.id in drawn else _anchor(event, places)
        if anchor is None:
            continue
        description = f"{event.status}; {event.date.iso if event.date else 'date unknown'}. {event.sentence}"
        body.append(
            f"<Placemark><name>{escape(f'{event.type}: {anchor.name}')}</name>"
            f"<description>{_kml_description(description)}</description>"
            f"{style_url(event)}{_kml_time(_event_days(event))}{_kml_event_data(event, index)}"
            f"<Point><coordinates>{anchor.lon:.6f},{anchor.lat:.6f},0</coordinates></Point></Placemark>"
        )
    body.append("</Folder>")
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        f"<Document><name>{escape(title)}</name>",
        f'<Style id="place"><IconStyle><scale>0.8</scale><Icon><href>{KML_ICON}</href></Icon></IconStyle></Style>',
        *styles.values(),
        _kml_schema("place", KML_PLACE_FIELDS),
        _kml_schema("event", KML_EVENT_FIELDS),
    ]
    return "\n".join([*head, *body, "</Document></kml>"])


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
