"""Colours, labels and line styles of event types and place kinds."""

from __future__ import annotations

import math

from ..model import Event, EventType, FeatureKind, Status

# Colour-blind-aware palette (Okabe-Ito first, then Tableau and Paul Tol). Each family of
# movements keeps a hue family: people in blues and greens, goods in oranges, forces in browns.
TYPE_STYLE: dict[EventType, tuple[str, str]] = {
    EventType.VISIT: ("Visits", "#0072B2"),
    EventType.TRIP: ("Trips", "#56B4E9"),
    EventType.FLIGHT: ("Flights", "#17becf"),
    EventType.MIGRATION: ("Migration", "#009E73"),
    EventType.EVACUATION: ("Evacuations", "#bcbd22"),
    EventType.DEPORTATION: ("Deportations", "#CC79A7"),
    EventType.SHIPMENT: ("Shipments", "#D55E00"),
    EventType.TRANSFER: ("Transfers", "#E69F00"),
    EventType.DEPLOYMENT: ("Deployments", "#8c564b"),
    EventType.WITHDRAWAL: ("Withdrawals", "#c49c94"),
    EventType.EXERCISE: ("Exercises", "#44AA99"),
    EventType.MEETING: ("Meetings", "#e377c2"),
    EventType.STATEMENT: ("Statements", "#9467bd"),
    EventType.ATTACK: ("Attacks", "#222222"),
    EventType.OTHER: ("Other", "#7f7f7f"),
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
