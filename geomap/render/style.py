"""Colours, labels and line styles of event types and place kinds."""

from __future__ import annotations

import math

from ..model import Event, EventType, FeatureKind, Status

# One colour per event type, told apart by everyone: for every pair of types the colours differ by
# at least 15 (CIE76 delta E) for normal vision and as seen with protanopia, deuteranopia and
# tritanopia (simulated with the matrices of Machado, Oliveira and Fernandes, 2009), and each is
# dark enough (CIE L* 25 to 66) to stand out on the pale land and sea of the offline basemap. The
# colours came out of a search over a 16-step sRGB grid for the largest smallest difference (16.2);
# tests/test_style.py measures both rules. People move in blues, greens and violets, goods in
# oranges and ochres, forces in browns.
TYPE_STYLE: dict[EventType, tuple[str, str]] = {
    EventType.VISIT: ("Visits", "#0011ee"),
    EventType.TRIP: ("Trips", "#4499ff"),
    EventType.FLIGHT: ("Flights", "#8844ff"),
    EventType.MIGRATION: ("Migration", "#33aa66"),
    EventType.EVACUATION: ("Evacuations", "#558888"),
    EventType.DEPORTATION: ("Deportations", "#cc00aa"),
    EventType.SHIPMENT: ("Shipments", "#ee4411"),
    EventType.TRANSFER: ("Transfers", "#bb9944"),
    EventType.DEPLOYMENT: ("Deployments", "#773311"),
    EventType.WITHDRAWAL: ("Withdrawals", "#996633"),
    EventType.EXERCISE: ("Exercises", "#004455"),
    EventType.MEETING: ("Meetings", "#ee66cc"),
    EventType.STATEMENT: ("Statements", "#7700bb"),
    EventType.ATTACK: ("Attacks", "#443377"),
    EventType.OTHER: ("Other", "#776655"),
}

KIND_LABEL: dict[FeatureKind, str] = {
    FeatureKind.COUNTRY: "country",
    FeatureKind.ADMIN1: "state or province",
    FeatureKind.ADMIN2: "county or district",
    FeatureKind.CITY: "city or town",
    FeatureKind.CONTINENT: "continent",
    FeatureKind.REGION: "region",
    FeatureKind.WATER: "sea, river or lake",
    FeatureKind.LANDFORM: "island, peninsula or mountain",
    FeatureKind.FACILITY: "site or facility",
    FeatureKind.OTHER: "other place",
}


def type_label(etype: EventType) -> str:
    return TYPE_STYLE[etype][0]


def type_color(etype: EventType) -> str:
    return TYPE_STYLE[etype][1]


def line_width(count: int | None) -> float:
    """Thicker lines for more trips: 3 px for one, about 7 px for ten."""
    return round(3.0 + 1.3 * math.log2(max(1, count or 1)), 1)


def is_dashed(event: Event) -> bool:
    """Planned, alleged, denied or hypothetical movements, and inferred origins, are dashed."""
    return event.status is not Status.HAPPENED or event.inferred_origin
