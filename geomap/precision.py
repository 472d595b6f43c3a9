"""How precisely a place is located and an event dated, on ACLED's 1-2-3 scale.

The Armed Conflict Location & Event Data Project codes every event with a
``geo_precision`` and a ``time_precision`` (ACLED Codebook, sections
"Geo-precision" and "Time precision"), and GIS users of event data know the
convention:

- geo_precision 1: the source names the town, city or village (or a site in
  it), and the coordinates are that place's; 2: the source says "near" a town
  or names a part of a region, such as a district, and the coordinates are
  those of that part; 3: the source names only a larger region, a province
  or the country, and the coordinates stand for all of it.
- time_precision 1: the source gives the day; 2: it gives a week or "a few
  days"; 3: it gives only the month, or something longer.

The exports (GeoJSON, CSV, KML) and the map's popups carry both, so that a
user can filter out the places that are a country's centroid and the events
dated only to a month.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import FeatureKind, Place, Precision, TimeSpan

EXACT, NEAR, REGION = 1, 2, 3

# Why each kind of place gets its value: a gazetteer record is a point, and the question is how
# much ground the text's name covers around it.
LOCATION_PRECISION: dict[FeatureKind, int] = {
    # A city, town or village is ACLED's 1: the name is the place and its coordinates are it.
    FeatureKind.CITY: EXACT,
    # A port, airport, base or building is a point too, finer than a town.
    FeatureKind.FACILITY: EXACT,
    # A county or district is "part of a region": ACLED's 2.
    FeatureKind.ADMIN2: NEAR,
    # An island, peninsula or mountain: the event is on or near it, an area usually smaller than a
    # province, and its point is somewhere on it.
    FeatureKind.LANDFORM: NEAR,
    # A gazetteer record of no known kind (a locality, an area): not shown to be a town, so not 1,
    # and not shown to be a whole region either.
    FeatureKind.OTHER: NEAR,
    # A state or province is ACLED's 3, as is every larger area: the point stands for all of it.
    FeatureKind.ADMIN1: REGION,
    FeatureKind.COUNTRY: REGION,
    FeatureKind.REGION: REGION,
    FeatureKind.CONTINENT: REGION,
    # A sea, gulf, river or lake: the point is one spot of a body of water the text names as a whole.
    FeatureKind.WATER: REGION,
}

LOCATION_LABELS = {EXACT: "exact", NEAR: "near or part of", REGION: "region or country"}
TIME_LABELS = {EXACT: "exact day", NEAR: "within a week", REGION: "month or longer"}

# The most days ACLED's 2 covers here: a week, or a third of a month ("late August" is the 21st to
# the 31st); a longer span is dated no better than its month.
NEAR_DAYS = 11

_BY_PRECISION = {Precision.DAY: EXACT, Precision.WEEK: NEAR, Precision.MONTH: REGION, Precision.YEAR: REGION}


def location_precision(place: Place) -> int:
    """1 (exact), 2 (near or part of) or 3 (region or country), by the kind of place."""
    return LOCATION_PRECISION[place.feature]


def time_precision(span: TimeSpan | None) -> int | None:
    """1 (a day), 2 (a week or a few days) or 3 (a month or longer); None for an undated event.

    The coarser of what the text said (``span.precision``: "late August" is a week) and how long
    the span is: "the past ten days" is said in days but is a 2, "from 3 to 20 May" a 3.
    """
    if span is None:
        return None
    days = (span.end - span.start).days + 1
    by_length = EXACT if days == 1 else NEAR if days <= NEAR_DAYS else REGION
    return max(_BY_PRECISION[span.precision], by_length)


def coarsest(places: Iterable[Place]) -> int | None:
    """The location precision of something drawn at these places (a movement's line is only as
    precise as its less precise end); None when there are none."""
    return max((location_precision(p) for p in places), default=None)
