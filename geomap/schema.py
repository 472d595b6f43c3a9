"""The one definition of a place's and an event's JSON, and the JSON Schema made from it.

Every output that writes a place or an event uses these names, with these meanings:

- the result store and ``geomap extract`` (:mod:`geomap.serialize`) write a :class:`ResultJSON`;
- the GeoJSON export writes a :class:`PlaceJSON` or an :class:`EventJSON` as each feature's
  properties, and the CSV export one row per place or event whose columns are :data:`CSV_COLUMNS`;
- the map payload (:mod:`geomap.render.payload`) writes places and events with the fields of
  :data:`PAYLOAD_PLACE_FIELDS` and :data:`PAYLOAD_EVENT_FIELDS`.

An output may leave fields out; it never renames one, nor gives it another meaning. The one
liberty the map payload takes is compactness: a field that refers to a place, an article, an
event or a reason (marked ``x-refers-to`` in the schema) holds the *index* of that item in the
payload's own list of them, where every other output holds its id (or, for a reason, its text).
The CSV export writes a list as its items joined by :data:`LIST_SEPARATOR` and an endpoint's
coordinates as ``<field>_lat`` and ``<field>_lon`` (the ``lat`` and ``lon`` of the place the field
names).

:func:`json_schema` turns these definitions into the JSON Schema committed as ``docs/schema.json``
(``geomap schema`` prints it); a test regenerates it, so the file cannot drift from the code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NotRequired, Required

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict

from .model import DateSource, EventType, FeatureKind, Mode, Precision, Role, RouteKind, Status

# Every definition is closed: a key no definition has is an error of the output that wrote it.
_CONFIG = ConfigDict(use_attribute_docstrings=True, extra="forbid")


def _ref(kind: str) -> Any:
    """A field that names a ``kind`` (place, article, event, reason): by id (or text) in the store
    and the exports, by index into the payload's list of them in the map payload."""
    return Field(json_schema_extra={"x-refers-to": kind})


PlaceRef = Annotated[str, _ref("place")]
ArticleRef = Annotated[str, _ref("article")]
EventRef = Annotated[str, _ref("event")]
ReasonRef = Annotated[str, _ref("reason")]


@with_config(_CONFIG)
class MentionJSON(TypedDict):
    """A span of the article's text that names a place."""

    start: int
    """Character offset of the mention's first character in the article's text."""
    end: int
    """Character offset just after the mention's last character."""
    text: str
    """The mention as written."""
    label: str
    """The named-entity label it was found as (GPE, LOC, FAC, NORP...)."""
    source: str
    """What found it: the language model, a gazetteer pattern, the dateline..."""


@with_config(_CONFIG)
class ActorJSON(TypedDict):
    """Who took part in an event."""

    text: str
    """The actor as the article names it."""
    kind: str
    """person, ship, force, organisation, country..."""
    role: str | None
    """A person's title when the text gives it ("foreign minister")."""
    country_code: str | None
    """ISO 3166-1 alpha-2 code of the actor's country, when known."""


@with_config(_CONFIG)
class DateRangeJSON(TypedDict):
    """An event's date as a range of days, resolved against the article's date."""

    start: str
    """First day (ISO 8601), inclusive."""
    end: str
    """Last day (ISO 8601), inclusive."""
    precision: Precision
    """How precise the expression it came from is."""
    text: str
    """The date expression as written ("late August")."""


@with_config(_CONFIG)
class EventPlaceJSON(TypedDict):
    """A place taking part in an event."""

    id: PlaceRef
    """The place."""
    role: Role
    """The part it plays."""
    inferred: bool
    """Whether the text implies rather than states it."""
    reason: str
    """The rule that linked it to the event."""


@with_config(_CONFIG)
class EvidenceJSON(TypedDict, total=False):
    """A sentence that reports the event."""

    article: Required[ArticleRef]
    """The article it is in."""
    start: int
    """Character offset of the sentence in that article."""
    end: int
    """Character offset just after the sentence."""
    sentence: Required[str]
    """The sentence."""


@with_config(_CONFIG)
class RouteJSON(TypedDict):
    """The line a movement is drawn along, and its length."""

    kind: RouteKind
    """"sea" (along the maritime network) or "great circle"."""
    km: float
    """Length in kilometres."""
    points: NotRequired[list[tuple[float, float]]]
    """A sea route's [lat, lon] points, origin to destination (longitudes unwrapped)."""


@with_config(_CONFIG)
class PlaceJSON(TypedDict, total=False):
    """A resolved place with every mention of it."""

    kind: Literal["place"]
    """Exports only: what the feature or row is."""
    id: Required[str]
    """The place's id, stable across articles (a GeoNames id when there is one)."""
    name: Required[str]
    """Its name."""
    lat: Required[float]
    """Latitude, WGS 84."""
    lon: Required[float]
    """Longitude, WGS 84."""
    feature: Required[FeatureKind]
    """What kind of place it is."""
    country_code: str | None
    """ISO 3166-1 alpha-2 code of its country."""
    admin1: str | None
    """GeoNames first-level division code."""
    geonameid: int | None
    """GeoNames id."""
    population: int
    """Population, 0 when unknown."""
    mentions: list[MentionJSON]
    """Every mention of it in the article."""
    mention_count: int
    """How many mentions it has: the length of ``mentions``."""
    mention_texts: list[str]
    """Each way it is written, once."""
    reason: str
    """Why the resolver chose this place for the mentions."""
    score: float
    """The resolver's score for it."""
    source: str
    """Where its record came from: the gazetteer or a geocoder."""
    fallback: bool
    """Resolved offline after the online geocoder failed."""
    location_precision: int
    """ACLED's 1-2-3: 1 a point, 2 near or part of a town, 3 a region or country."""
    articles: list[ArticleRef]
    """The articles that mention it."""
    events: list[EventRef]
    """The events at it, or to or from it."""
    date_start: str | None
    """First day (ISO 8601) of the dated events at it."""
    date_end: str | None
    """Last day (ISO 8601) of the dated events at it."""
    snippets: list[str]
    """Map payload only: sentences that mention a place with no event."""


@with_config(_CONFIG)
class EventDerivedJSON(TypedDict, total=False):
    """The fields of an event the exports and the map payload derive from its own, without its
    places (:func:`geomap.serialize.event_derived`); an event's JSON has them all."""

    date_start: str | None
    """First day (ISO 8601) of ``date_range``."""
    date_end: str | None
    """Last day (ISO 8601) of ``date_range`` (the map leaves it out when it is the first)."""
    time_precision: int | None
    """ACLED's 1-2-3 for the date: 1 a day, 2 a week, 3 a month or longer."""
    actor_names: list[str]
    """Each actor as shown: its text, with a person's role in brackets."""
    origin_reason: ReasonRef | None
    """The rule that linked ``origin``."""
    inferred_origin: bool
    """Whether ``origin`` is implied rather than stated."""
    destination_reason: ReasonRef | None
    """The rule that linked ``destination``."""
    route_kind: RouteKind | None
    """The ``kind`` of ``route``."""
    length_km: float | None
    """The ``km`` of ``route``, to 0.1 km."""
    length_nm: float | None
    """The length of ``route`` in nautical miles, to 0.1 nm."""


@with_config(_CONFIG)
class EventJSON(EventDerivedJSON, total=False):
    """Something an article says happened (or will, or may have) somewhere."""

    kind: Literal["movement", "event"]
    """Exports only: a movement (see ``movement``) or another event."""
    id: Required[str]
    """The event's id."""
    type: Required[EventType]
    """What kind of event it is."""
    trigger: Required[str]
    """The word that reports it ("sailed")."""
    sentence: Required[str]
    """The sentence that reports it."""
    start: Required[int]
    """Character offset of the sentence in the article."""
    end: Required[int]
    """Character offset just after the sentence."""
    date: str | None
    """ISO 8601: a day, a month, a year or a start/end range."""
    date_range: DateRangeJSON | None
    """The date as a range of days."""
    duration_days: int | None
    """How long the event lasted, when the text says."""
    actors: list[ActorJSON]
    """Who took part."""
    origin: PlaceRef | None
    """Where a movement started."""
    origin_name: str | None
    """Exports only: the name of ``origin``."""
    destination: PlaceRef | None
    """Where a movement went."""
    destination_name: str | None
    """Exports only: the name of ``destination``."""
    via: list[PlaceRef]
    """Places passed through."""
    locations: list[PlaceRef]
    """Where an event that is no movement took place."""
    location_names: list[str]
    """Exports only: the names of ``locations``."""
    location_precision: int | None
    """ACLED's 1-2-3 of the coarsest place the event is drawn at."""
    places: list[EventPlaceJSON]
    """Every place taking part, with its role."""
    movement: bool
    """Whether it is a movement: a destination other than its origin (arrows, counts, exports)."""
    status: Required[Status]
    """Whether it happened according to the text."""
    denied_by: list[str]
    """Who denied it."""
    reported_by: str | None
    """Who the article says reported it."""
    mode: Required[Mode]
    """How something moved."""
    count: int | None
    """How many moved."""
    cargo: str | None
    """What moved."""
    confidence: Required[float]
    """How sure the rule that found it is, 0 to 1."""
    aside: bool
    """Told in a caption or as background, not as the article's news."""
    article: ArticleRef
    """The article it was found in."""
    sources: list[ArticleRef]
    """Every article that reports it."""
    evidence: list[EvidenceJSON]
    """The sentences that report it, one per report."""
    route: RouteJSON | None
    """The line a movement is drawn along."""
    new: bool
    """Map payload only: reported by an article the run that wrote the page brought."""
    lane: int
    """Map payload only: the index, in the payload's ``lanes``, of the sea route's points."""


@with_config(_CONFIG)
class ArticleJSON(TypedDict, total=False):
    """An article as the store keeps it."""

    id: Required[str]
    """The article's id."""
    path: Required[str]
    """Its file path or web address."""
    title: Required[str]
    """Its title."""
    published: Required[str | None]
    """Its date (ISO 8601)."""
    date_source: Required[DateSource]
    """Where the date came from."""
    dateline: Required[str | None]
    """The place of its dateline ("SEOUL, Oct 19 (Reuters) -")."""
    content_hash: Required[str]
    """A hash of its text."""
    format: Required[str]
    """The format it was read from."""
    text: str
    """Its text, which every character offset refers to."""
    dateline_span: list[int] | None
    """Start and end offsets of the dateline."""


@with_config(_CONFIG)
class ResultJSON(TypedDict):
    """Everything found in one article, as ``geomap extract`` prints it and the store keeps it."""

    article: ArticleJSON
    """The article."""
    places: list[PlaceJSON]
    """The places it names."""
    events: list[EventJSON]
    """The events it reports."""
    unresolved: list[MentionJSON]
    """Mentions no place was found for."""
    warnings: list[str]
    """What went wrong but was worked around."""


# ---- what each output selects -------------------------------------------------------------

PAYLOAD_PLACE_FIELDS = (
    "id",
    "name",
    "lat",
    "lon",
    "feature",
    "country_code",
    "geonameid",
    "mention_count",
    "location_precision",
    "reason",
    "score",
    "articles",
    "events",
    "fallback",
    "snippets",
)
PAYLOAD_EVENT_FIELDS = (
    "type",
    "sources",
    "evidence",
    "new",
    "status",
    "date",
    "date_start",
    "date_end",
    "time_precision",
    "actor_names",
    "mode",
    "origin",
    "destination",
    "via",
    "locations",
    "movement",
    "cargo",
    "count",
    "inferred_origin",
    "origin_reason",
    "destination_reason",
    "denied_by",
    "aside",
    "length_km",
    "length_nm",
    "route_kind",
    "lane",
)
# The fields of a payload's evidence: which article, and the sentence.
PAYLOAD_EVIDENCE_FIELDS = ("article", "sentence")

LIST_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class Column:
    """A CSV column: the field ``field`` of a place or an event, or, with ``of``, that field of the
    place the event's field ``of`` names (``origin_lat`` is the ``lat`` of ``origin``)."""

    name: str
    field: str
    of: str | None = None


def _columns(*names: str) -> tuple[Column, ...]:
    flat = re.compile(r"(origin|destination|location)_(lat|lon)")
    out = []
    for name in names:
        match = flat.fullmatch(name)
        if match:
            of = "locations" if match[1] == "location" else match[1]
            out.append(Column(name, match[2], of))
        else:
            out.append(Column(name, name))
    return tuple(out)


# A place's row fills the place's fields, an event's row the event's; ``location_lat`` and
# ``location_lon`` are those of the first of ``locations``.
CSV_COLUMNS = _columns(
    "kind",
    "id",
    "type",
    "status",
    "date",
    "date_start",
    "date_end",
    "time_precision",
    "name",
    "lat",
    "lon",
    "location_precision",
    "location_names",
    "location_lat",
    "location_lon",
    "origin_name",
    "origin_lat",
    "origin_lon",
    "destination_name",
    "destination_lat",
    "destination_lon",
    "actor_names",
    "cargo",
    "count",
    "mode",
    "route_kind",
    "length_km",
    "length_nm",
    "confidence",
    "feature",
    "country_code",
    "geonameid",
    "mention_count",
    "articles",
    "sources",
    "sentence",
    "reason",
)


# ---- the JSON Schema ---------------------------------------------------------------------

SCHEMA_ID = "urn:geomap:schema:places-and-events"


def _def_name(class_name: str) -> str:
    """``DateRangeJSON`` -> ``date_range``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name.removesuffix("JSON")).lower()


def _tidy(node: Any) -> Any:
    """Name the definitions as the file does, and drop pydantic's generated property titles."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref":
            out[key] = "#/$defs/" + _def_name(value.rsplit("/", 1)[1])
        elif key == "properties":
            out[key] = {name: {k: v for k, v in _tidy(prop).items() if k != "title"} for name, prop in value.items()}
        else:
            out[key] = _tidy(value)
    return out


def _as_index(node: Any) -> Any:
    """A referring field's schema in the map payload: the index of the item in the payload's list."""
    if isinstance(node, list):
        return [_as_index(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "x-refers-to" in node:
        kept = {k: v for k, v in node.items() if k == "description"}
        return {**kept, "type": "integer", "minimum": 0, "x-refers-to": node["x-refers-to"]}
    return {key: _as_index(value) for key, value in node.items()}


def _selection(definition: dict[str, Any], fields: tuple[str, ...], description: str) -> dict[str, Any]:
    """The payload's form of a definition: only ``fields``, references as indices, nothing required."""
    unknown = [f for f in fields if f not in definition["properties"]]
    if unknown:
        raise ValueError(f"the payload selects fields no definition has: {unknown}")
    properties = {name: _as_index(definition["properties"][name]) for name in fields}
    return {"type": "object", "description": description, "properties": properties, "additionalProperties": False}


def _csv_row(defs: dict[str, Any]) -> dict[str, Any]:
    place, event = defs["place"]["properties"], defs["event"]["properties"]
    properties: dict[str, Any] = {}
    for column in CSV_COLUMNS:
        if column.of is not None:
            properties[column.name] = {
                "type": "number",
                "description": f"The `{column.field}` of the place `{column.of}` names"
                + (" (the first of them)." if column.of == "locations" else "."),
            }
            continue
        options = [d[column.field] for d in (place, event) if column.field in d]
        if not options:
            raise ValueError(f"CSV column {column.name!r} is no field of a place or an event")
        properties[column.name] = options[0] if len(options) == 1 or options[0] == options[1] else {"anyOf": options}
    return {
        "type": "object",
        "description": "A CSV row, its cells typed: an empty cell is a field left out, a list is its items "
        f"joined by {LIST_SEPARATOR!r}.",
        "properties": properties,
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of everything geomap writes about places and events."""
    generated = TypeAdapter(ResultJSON).json_schema(ref_template="#/$defs/{model}")
    defs = {_def_name(name): _tidy(value) for name, value in generated.pop("$defs").items()}
    defs["result"] = _tidy(generated)
    defs["payload_place"] = _selection(
        defs["place"], PAYLOAD_PLACE_FIELDS, "A place in the map payload: references are indices."
    )
    payload_event = _selection(
        defs["event"], PAYLOAD_EVENT_FIELDS, "An event in the map payload: references are indices."
    )
    payload_event["properties"]["evidence"]["items"] = {"$ref": "#/$defs/payload_evidence"}
    defs["payload_event"] = payload_event
    defs["payload_evidence"] = _selection(
        defs["evidence"], PAYLOAD_EVIDENCE_FIELDS, "Evidence in the map payload: its article is an index."
    )
    defs["payload_evidence"]["required"] = list(PAYLOAD_EVIDENCE_FIELDS)
    defs["csv_row"] = _csv_row(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "geomap places and events",
        "description": "The JSON of a place and of an event, as the result store, the GeoJSON and CSV exports "
        "and the map payload write it: each output selects fields, none renames one (geomap.schema).",
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """:func:`json_schema` as the text of ``docs/schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def definition(name: str) -> dict[str, Any]:
    """A schema that validates one ``name`` of the file's ``$defs`` (``place``, ``payload_event``...)."""
    schema = json_schema()
    return {"$schema": schema["$schema"], "$ref": f"#/$defs/{name}", "$defs": schema["$defs"]}
