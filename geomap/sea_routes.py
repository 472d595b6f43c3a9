"""Movements by sea drawn along the shortest sea route, the others along the great circle.

searoute (PyPI, Apache-2.0) ships a maritime network (Eurostat's MARNET: shipping lanes as
nodes and edges, from the Oak Ridge National Laboratory's global shipping lane network);
:class:`SeaRouter` loads it once and finds the shortest path on it between two places, with a
straight connector from each place to the node the network snaps it to. Routes are computed
here, once per lane, and stored with the result: maps and exports only draw them.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from .geometry import distance_km, unwrap_longitudes
from .model import ArticleResult, Event, EventType, Mode, Place, Route, RouteKind

log = logging.getLogger("geomap")

Point = tuple[float, float]  # (lat, lon)
LonLat = tuple[float, float]  # (lon, lat), the order searoute and GeoJSON use

# A place farther than this from the node the network snaps it to has no sea route: the
# connector would be a long line over land (a river port beyond the network, an inland town,
# the middle of a country). Measured on searoute's network: coastal cities snap within a few
# tens of km (Beirut 6, Odesa 16, London 23, Houston 25, Shanghai 32), and so do the centres of
# small coastal countries (Lebanon 30, Cyprus 40); the first places that should not take a ship
# are beyond 130 km (Izmail on the Danube 132, Duisburg 154, Austria 176, Kyiv 437).
MAX_SNAP_KM = 100.0

# Douglas-Peucker tolerance, in degrees (about 1 km), for the open-sea stretches of a path: it
# drops a fifth of the points (Odesa to Lebanon: 79 to 62) and moves no line by more than 1 km.
# Five times that (0.05) saves a little more and cuts Odesa to Lebanon across Lesbos. The ends
# of the network and the traced straits below are kept point for point.
SIMPLIFY_DEGREES = 0.01

# Decimals kept of each coordinate: 4 is about 11 m, a twentieth of the clearance of the
# narrowest traced strait (the Bosphorus, 290 m to the nearest shore).
DIGITS = 4

# Lanes remembered per router: a run over thousands of articles asks for a few hundred lanes;
# this bounds a long-lived process (about 2 kB a lane).
CACHE_LANES = 10_000


@dataclass(frozen=True, slots=True)
class Strait:
    """Where searoute's network cuts across land, and the line to draw instead.

    ``nodes`` is a stretch of the network's nodes, in order (lon, lat, as searoute has them);
    ``waypoints`` (lat, lon) replace them, their first and last standing for the stretch's ends.
    """

    name: str
    nodes: tuple[LonLat, ...]
    waypoints: tuple[Point, ...]


# Traced along the middle of each strait on Natural Earth's 1:10m coastline (a shortest path on
# a 200 m grid of the water, weighted to keep off the shores, then simplified), because
# searoute's straight edges cross the shores: up to 260 m into the land at the Bosphorus, 600 m
# over Marmara Island, and 4 km across the tip of the Gallipoli peninsula at the Dardanelles: the
# way from the Black Sea to the Mediterranean. tests/test_sea_routes.py checks that they stay at
# sea. Other edges of the network cross land too (604 of its 15,970 touch Natural Earth's land);
# these are the ones on that way.
STRAITS: tuple[Strait, ...] = (
    Strait(
        "Bosphorus",
        (
            (29.132431, 41.242447),
            (29.096026, 41.186306),
            (29.050519, 41.15205),
            (29.070542, 41.117776),
            (29.042328, 41.050547),
            (28.995, 41.027893),
            (28.977708, 40.971568),
        ),
        (
            (41.242447, 29.132431),
            (41.2336, 29.1297),
            (41.1976, 29.1017),
            (41.1576, 29.0617),
            (41.1496, 29.0617),
            (41.1356, 29.0757),
            (41.1236, 29.0757),
            (41.1136, 29.0677),
            (41.0836, 29.0597),
            (41.0496, 29.0337),
            (41.0416, 29.0197),
            (41.0396, 29.0097),
            (41.0316, 29.0017),
            (40.9976, 29.0037),
            (40.971568, 28.977708),
        ),
    ),
    Strait(
        "Sea of Marmara, north of Marmara Island",
        ((27.277634, 40.60495), (28.449481, 40.805825)),
        (
            (40.60495, 27.277634),
            (40.603, 27.3436),
            (40.755, 27.4956),
            (40.795, 27.5636),
            (40.795, 28.4356),
            (40.805825, 28.449481),
        ),
    ),
    Strait(
        "Dardanelles",
        ((26.768188, 40.440676), (26.2, 40.1)),
        (
            (40.440676, 26.768188),
            (40.44, 26.732),
            (40.434, 26.72),
            (40.306, 26.588),
            (40.272, 26.524),
            (40.238, 26.484),
            (40.214, 26.436),
            (40.206, 26.402),
            (40.188, 26.384),
            (40.144, 26.386),
            (40.064, 26.306),
            (40.054, 26.29),
            (40.032, 26.246),
            (40.03, 26.1),
        ),
    ),
)

# Network nodes on land, and the point at sea drawn instead. The Dardanelles' Aegean node is on
# the Gallipoli peninsula; its four edges, from the point 7 km west of it, keep 2.6 km or more
# off the shores.
MOVED_NODES: dict[LonLat, Point] = {(26.2, 40.1): (40.03, 26.1)}

# The source of the places that are sea ports: the gazetteer's records of searoute's own port list
# (``gazetteer.sources.ports``), which reach a Place with their source unchanged.
PORT_SOURCE = "searoute-ports"

ShortestPath = Callable[[LonLat, LonLat], Sequence[LonLat]]


def _key(lon: float, lat: float) -> LonLat:
    """A network node whatever turn of longitude searoute wrote it in."""
    return (round((lon + 180.0) % 360.0 - 180.0, 6), round(lat, 6))


_STRAIT_KEYS = [(tuple(_key(*node) for node in strait.nodes), strait) for strait in STRAITS]
_MOVED_KEYS = {_key(*node): point for node, point in MOVED_NODES.items()}


class SeaRouter:
    """searoute's maritime network, loaded once, and the sea paths found on it, each lane once.

    ``shortest_path`` stands in for the network (tests give their own): it returns the network
    nodes from the one nearest ``a`` to the one nearest ``b``, or none when there is no path.
    """

    def __init__(self, shortest_path: ShortestPath | None = None, *, max_snap_km: float = MAX_SNAP_KM) -> None:
        self._shortest_path = shortest_path or _searoute_network()
        self.max_snap_km = max_snap_km
        self._lanes: dict[tuple[Point, Point], tuple[Point, ...] | None] = {}
        self.computed = 0  # lanes asked of the network, for tests and timings

    def path(self, a: Point, b: Point) -> tuple[Point, ...] | None:
        """The sea path to draw from ``a`` to ``b`` ((lat, lon)), starting at ``a`` and ending at
        ``b``; None when either is more than ``max_snap_km`` from the network, when the network
        has no path, or when searoute fails."""
        key = ((round(a[0], 5), round(a[1], 5)), (round(b[0], 5), round(b[1], 5)))
        if key in self._lanes:
            return self._lanes[key]
        self.computed += 1
        found = self._find(a, b)
        if len(self._lanes) >= CACHE_LANES:
            del self._lanes[next(iter(self._lanes))]
        self._lanes[key] = found
        return found

    def _find(self, a: Point, b: Point) -> tuple[Point, ...] | None:
        try:
            nodes = list(self._shortest_path((a[1], a[0]), (b[1], b[0])))
        except Exception as exc:  # noqa: BLE001 - a failing router means a great circle, never a failed article
            log.warning("no sea route from %s to %s: searoute failed (%s: %s)", a, b, type(exc).__name__, exc)
            return None
        if len(nodes) < 2:
            return None
        first, last = (nodes[0][1], nodes[0][0]), (nodes[-1][1], nodes[-1][0])
        if distance_km(a, first) > self.max_snap_km or distance_km(b, last) > self.max_snap_km:
            return None
        return _drawn(a, b, nodes)


def _drawn(a: Point, b: Point, nodes: Sequence[LonLat]) -> tuple[Point, ...]:
    """The path from ``a`` along the network ``nodes`` to ``b``: straits traced, open sea
    simplified, longitudes unwrapped from ``a``'s, coordinates rounded."""
    import shapely

    points, kept = [a], [True]
    keys = [_key(lon, lat) for lon, lat in nodes]
    i = 0
    while i < len(keys):
        strait = _strait_at(keys, i)
        if strait is None:
            points.append(_MOVED_KEYS.get(keys[i], (nodes[i][1], nodes[i][0])))
            # The network's ends are kept, so that the connectors are the first and last segments.
            kept.append(keys[i] in _MOVED_KEYS or i in (0, len(keys) - 1))
            i += 1
            continue
        stretch, waypoints = strait
        points.extend(waypoints)
        kept.extend([True] * len(waypoints))
        i += stretch
    points.append(b)
    kept.append(True)
    points = unwrap_longitudes(points, a[1])
    drawn: list[Point] = []
    run: list[Point] = []
    for point, keep in zip(points, kept, strict=True):
        run.append(point)
        if keep:
            if len(run) > 2:  # the open sea since the last kept point
                simplified = shapely.LineString(run).simplify(SIMPLIFY_DEGREES, preserve_topology=False)
                run = [(float(x), float(y)) for x, y in simplified.coords]
            drawn.extend(run[1:] if drawn else run)
            run = [point]
    rounded = [(round(lat, DIGITS), round(lon, DIGITS)) for lat, lon in drawn]
    return tuple(p for n, p in enumerate(rounded) if n == 0 or p != rounded[n - 1])


def _strait_at(keys: Sequence[LonLat], i: int) -> tuple[int, tuple[Point, ...]] | None:
    """The strait whose stretch of nodes starts at ``keys[i]`` (either way round): how many
    nodes it replaces and the waypoints, in the direction of travel."""
    for stretch, strait in _STRAIT_KEYS:
        n = len(stretch)
        here = tuple(keys[i : i + n])
        if here == stretch:
            return n, strait.waypoints
        if here == stretch[::-1]:
            return n, strait.waypoints[::-1]
    return None


def _searoute_network() -> ShortestPath:
    """searoute's network as a :data:`ShortestPath` (its import and load take about 0.4 s)."""
    import searoute

    marnet, ports = searoute.get_graphs()

    def shortest_path(a: LonLat, b: LonLat) -> list[LonLat]:
        with warnings.catch_warnings():
            # searoute warns rather than raises when no path is found; its empty line says so.
            warnings.simplefilter("ignore")
            feature = searoute.searoute(list(a), list(b), M=marnet, P=ports)
        return [(float(c[0]), float(c[1])) for c in feature["geometry"]["coordinates"]]

    return shortest_path


def goes_by_sea(event: Event, origin: Place, destination: Place) -> bool:
    """Whether a movement is drawn as a sea route (when the network has one)."""
    # The text says by sea: "the ship sailed", "by sea".
    if event.mode is Mode.SEA:
        return True
    # The text says by air, rail or road: never a ship, whatever the endpoints are.
    if event.mode is not Mode.UNKNOWN:
        return False
    # Goods shipped from one sea port to another go by ship. Only shipments: a transfer is as
    # often money or a handover, and people between two port towns may have flown.
    return event.type is EventType.SHIPMENT and origin.source == PORT_SOURCE and destination.source == PORT_SOURCE


def route_of(event: Event, origin: Place, destination: Place, router: SeaRouter) -> Route:
    """The route a movement is drawn along: the sea path when it goes by sea and the network has
    one, else the great circle."""
    a, b = (origin.lat, origin.lon), (destination.lat, destination.lon)
    if goes_by_sea(event, origin, destination):
        points = router.path(a, b)
        if points is not None:
            km = sum(distance_km(p, q) for p, q in pairwise(points))
            return Route(RouteKind.SEA, round(km, 1), points)
    return Route(RouteKind.GREAT_CIRCLE, round(distance_km(a, b), 1))


def route_movements(result: ArticleResult, router: SeaRouter) -> ArticleResult:
    """``result`` with a route on every movement that has both endpoints."""
    places = {p.id: p for p in result.places}
    events: list[Event] = []
    for event in result.events:
        origin, destination = places.get(event.origin or ""), places.get(event.destination or "")
        if origin is not None and destination is not None:
            event = replace(event, route=route_of(event, origin, destination, router))
        events.append(event)
    return replace(result, events=tuple(events))
