"""Typed values passed between the pipeline stages.

All of them are frozen dataclasses: a stage never changes what an earlier stage
produced, it returns new values. Enumerations are ``StrEnum`` so that they
serialise to plain strings in JSON, GeoJSON and CSV.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class DateSource(StrEnum):
    """Where an article's date (and so the year of its dateline) came from."""

    REFERENCE = "reference-date"
    FEED = "feed"
    METADATA = "metadata"
    FILENAME = "filename"
    MTIME = "mtime"
    NONE = "none"


class FeatureKind(StrEnum):
    """What kind of place a gazetteer record is."""

    CONTINENT = "continent"
    REGION = "region"
    COUNTRY = "country"
    ADMIN1 = "admin1"
    ADMIN2 = "admin2"
    CITY = "city"
    WATER = "water"
    LANDFORM = "landform"
    FACILITY = "facility"
    OTHER = "other"


class EventType(StrEnum):
    """The kinds of event geomap links places to.

    Movements are told apart by what moves, because that is what users filter
    on: officials (``visit``), people travelling (``trip``), aircraft and their
    passengers (``flight``), migrants and refugees (``migration``), people
    taken out of danger (``evacuation``) or sent out of a country
    (``deportation``), goods (``shipment``), arms, money and other handovers
    (``transfer``), and forces going in (``deployment``) or pulling out
    (``withdrawal``). The rest are events at a place.
    """

    VISIT = "visit"
    TRIP = "trip"
    FLIGHT = "flight"
    MIGRATION = "migration"
    EVACUATION = "evacuation"
    DEPORTATION = "deportation"
    SHIPMENT = "shipment"
    TRANSFER = "transfer"
    DEPLOYMENT = "deployment"
    WITHDRAWAL = "withdrawal"
    EXERCISE = "exercise"
    MEETING = "meeting"
    STATEMENT = "statement"
    ATTACK = "attack"
    OTHER = "other"


MOVEMENT_FAMILIES: dict[EventType, str] = {
    EventType.VISIT: "people",
    EventType.TRIP: "people",
    EventType.FLIGHT: "people",
    EventType.MIGRATION: "people",
    EventType.EVACUATION: "people",
    EventType.DEPORTATION: "people",
    EventType.SHIPMENT: "goods",
    EventType.TRANSFER: "goods",
    EventType.DEPLOYMENT: "forces",
    EventType.WITHDRAWAL: "forces",
}


def event_family(etype: EventType) -> str:
    """Types that may report the same movement: people, goods or forces (other events are their own family)."""
    return MOVEMENT_FAMILIES.get(etype, etype.value)


class Status(StrEnum):
    """Whether an event happened according to the text."""

    HAPPENED = "happened"
    PLANNED = "planned"
    ALLEGED = "alleged"
    DENIED = "denied"
    HYPOTHETICAL = "hypothetical"


class Mode(StrEnum):
    """How something moved."""

    SEA = "sea"
    RAIL = "rail"
    AIR = "air"
    ROAD = "road"
    UNKNOWN = "unknown"


class RouteKind(StrEnum):
    """Which line a movement is drawn along."""

    SEA = "sea"
    GREAT_CIRCLE = "great circle"


# The international nautical mile, in kilometres (exactly 1,852 m: International Hydrographic
# Conference, 1929; BIPM SI Brochure, table 8).
KM_PER_NAUTICAL_MILE = 1.852


class Role(StrEnum):
    """The part a place plays in an event."""

    ORIGIN = "origin"
    DESTINATION = "destination"
    VIA = "via"
    LOCATION = "location"


class Precision(StrEnum):
    """How precise a resolved date is."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Source:
    """A file's or a fetched page's decoded text, before any parsing.

    ``path`` is the file's path or the page's URL; ``published`` is the date
    the feed that listed the page gives it.
    """

    path: str
    text: str
    format: str
    encoding: str
    modified: dt.datetime | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The "SEOUL, Oct 19 (Reuters) -" opening of a wire story."""

    place: str
    start: int
    end: int
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, read and cleaned, ready for extraction.

    ``text`` is what every character offset in later stages refers to.
    """

    id: str
    path: str
    title: str
    text: str
    published: dt.date | None
    date_source: DateSource
    content_hash: str
    dateline: Dateline | None = None
    source_format: str = "txt"
    # What reading it found wrong but worked around ("the metadata date is not a date; used ...").
    notes: tuple[str, ...] = ()


def is_web_address(path: str) -> bool:
    """Whether an article's path is an http(s) URL (a page found on the web), not a file."""
    return path.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of article text that names a place (or a people, for demonyms)."""

    text: str
    start: int
    end: int
    label: str
    source: str = "model"

    @property
    def is_demonym(self) -> bool:
        return self.label == "NORP"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer (or geocoder) record a mention may refer to."""

    name: str
    lat: float
    lon: float
    feature: FeatureKind
    country_code: str | None = None
    geonameid: int | None = None
    feature_code: str | None = None
    population: int = 0
    admin1: str | None = None
    admin2: str | None = None
    source: str = "gazetteer"
    index_id: int = 0
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place with every mention of it in one article."""

    id: str
    name: str
    lat: float
    lon: float
    feature: FeatureKind
    mentions: tuple[Mention, ...]
    reason: str
    score: float
    country_code: str | None = None
    geonameid: int | None = None
    population: int = 0
    source: str = "gazetteer"
    fallback: bool = False
    # The GeoNames first-level division code, so that "X in Y" can tell that Y holds X.
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A date or a date range resolved against the article date.

    ``start`` and ``end`` are inclusive. ``precision`` is that of the
    expression the span came from ("late August" is a week-sized span).
    """

    start: dt.date
    end: dt.date
    precision: Precision
    text: str

    @property
    def iso(self) -> str:
        """ISO 8601: a day, a month, a year, or ``start/end`` for a range."""
        if self.start == self.end:
            return self.start.isoformat()
        if self.precision is Precision.MONTH and _is_whole_month(self.start, self.end):
            return self.start.strftime("%Y-%m")
        whole_year = (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)
        if self.precision is Precision.YEAR and whole_year and self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def overlaps(self, other: TimeSpan) -> bool:
        return self.start <= other.end and other.start <= self.end


def _is_whole_month(start: dt.date, end: dt.date) -> bool:
    if start.day != 1 or (start.year, start.month) != (end.year, end.month):
        return False
    return (end + dt.timedelta(days=1)).month != end.month


@dataclass(frozen=True, slots=True)
class Actor:
    """Who took part in an event, with their title when the text gives it."""

    text: str
    kind: str
    role: str | None = None
    country_code: str | None = None


@dataclass(frozen=True, slots=True)
class EventPlace:
    """A place taking part in an event, with its role and the rule that linked it."""

    place_id: str
    role: Role
    inferred: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that reports an event: which article, where, and what it says."""

    article_id: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Route:
    """The line a movement is drawn along, and its length.

    ``points`` are (lat, lon) for a sea route only: from the origin place, along the
    maritime network, to the destination place, with longitudes unwrapped (they may pass
    180 or -180) so that the line never jumps across the antimeridian. A great-circle
    route has no points: every drawing of it computes its own arc from the endpoints.
    """

    kind: RouteKind
    km: float
    points: tuple[tuple[float, float], ...] = ()

    @property
    def nautical_miles(self) -> float:
        return self.km / KM_PER_NAUTICAL_MILE


@dataclass(frozen=True, slots=True)
class Event:
    """Something the article says happened (or will, or may have) somewhere."""

    id: str
    article_id: str
    type: EventType
    trigger: str
    sentence: str
    start: int
    end: int
    places: tuple[EventPlace, ...]
    status: Status
    mode: Mode
    confidence: float
    date: TimeSpan | None = None
    actors: tuple[Actor, ...] = ()
    count: int | None = None
    cargo: str | None = None
    aside: bool = False
    sources: tuple[str, ...] = ()
    duration_days: int | None = None
    denied_by: tuple[str, ...] = ()
    reported_by: str | None = None
    evidence: tuple[Evidence, ...] = ()
    # Set by the analysis on every movement with both endpoints (geomap.sea_routes).
    route: Route | None = None

    def place_ids(self, role: Role) -> tuple[str, ...]:
        return tuple(p.place_id for p in self.places if p.role is role)

    @property
    def origin(self) -> str | None:
        ids = self.place_ids(Role.ORIGIN)
        return ids[0] if ids else None

    @property
    def destination(self) -> str | None:
        ids = self.place_ids(Role.DESTINATION)
        return ids[0] if ids else None

    @property
    def locations(self) -> tuple[str, ...]:
        return self.place_ids(Role.LOCATION)

    @property
    def is_movement(self) -> bool:
        """The one definition of a movement: an event with a destination other than its origin.

        Its origin is given when the text states or implies one; an origin that is the
        destination itself moves nothing anywhere. Every event has at most one origin and one
        destination (a trip to three capitals is three events), so the map's arrows, the
        index's header, the flow's summary and the exports all count the same set.
        """
        return self.destination is not None and self.origin != self.destination

    @property
    def inferred_origin(self) -> bool:
        return any(p.inferred for p in self.places if p.role is Role.ORIGIN)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything the pipeline found in one article."""

    article: Article
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    unresolved: tuple[Mention, ...] = ()
    warnings: tuple[str, ...] = ()

    def place(self, place_id: str) -> Place | None:
        for place in self.places:
            if place.id == place_id:
                return place
        return None


@dataclass(frozen=True, slots=True)
class Validators:
    """What a web server said to send back (``ETag``, ``Last-Modified``) to learn whether a feed or a
    page changed."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be processed, with a one-line reason."""

    path: str
    reason: str
    # The earlier input with the same text, when this one is a copy of it, skipped rather
    # than analysed twice: reported, but not a failure of the run.
    duplicate_of: str | None = None
    # The language the article is written in, when that is why it is not mapped
    # (:mod:`geomap.language`): its outcome for this version of geomap, which the next run keeps.
    language: str | None = None

    @classmethod
    def duplicate(cls, path: str, original: str) -> Failure:
        """``path`` skipped as a copy of ``original``."""
        return cls(path, f"duplicate of {original}", duplicate_of=original)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """A page a feed (or a URL list) names that geomap did not fetch, with a one-line reason: a
    link that is no web page (``file:``, ``data:``, ``javascript:``...) or an address the fetch
    policy refuses (:mod:`geomap.addresses`). Reported, but not a failure of the run: the one who
    wrote the feed chose the link."""

    url: str
    reason: str
    source: str  # the feed or URL list that named it

    def __str__(self) -> str:
        return f"{self.url}: {self.reason}"


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The outcome of a run over many inputs."""

    results: tuple[ArticleResult, ...] = ()
    failures: tuple[Failure, ...] = ()
    skipped: tuple[str, ...] = ()  # unchanged since the store's result, or a copy of another input
    outputs: tuple[str, ...] = field(default=())
    notices: tuple[str, ...] = ()
    skipped_items: tuple[SkippedItem, ...] = ()  # what feeds named but geomap would not fetch

    @property
    def ok(self) -> bool:
        return not self.failures
