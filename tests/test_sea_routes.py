"""Sea routes: which movements take one, where they run, and that they reach every output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from geomap import sea_routes
from geomap.events.across_articles import combine
from geomap.export import to_csv, to_geojson, to_kml
from geomap.geometry import distance_km
from geomap.model import (
    Article,
    ArticleResult,
    DateSource,
    Event,
    EventPlace,
    EventType,
    FeatureKind,
    Mode,
    Place,
    Role,
    Route,
    RouteKind,
    Status,
    TimeSpan,
)
from geomap.pipeline import Resources
from geomap.render.payload import build_payload, view_of_article, view_of_articles
from geomap.sea_routes import MAX_SNAP_KM, PORT_SOURCE, STRAITS, SeaRouter, goes_by_sea, route_movements
from geomap.serialize import event_from_json, event_to_json, result_from_json, result_to_json
from geomap.store import ResultStore

from .conftest import analyse_text
from .land import land_between_connectors, on_land, sample

LonLat = tuple[float, float]

# Where the Bosphorus is narrowest, between Rumelihisarı and Anadoluhisarı.
BOSPHORUS = (41.1, 29.05)
SAILED = "The bulk carrier Aurora Star sailed from Odesa to Lebanon on Monday with 26,000 tonnes of maize."
FLEW = "The foreign minister flew from Odesa to Beirut on Friday for talks."


def place(name: str, lat: float, lon: float, *, source: str = "gazetteer") -> Place:
    return Place(
        id=f"test:{name}", name=name, lat=lat, lon=lon, feature=FeatureKind.CITY, mentions=(), reason="", score=1.0,
        source=source,
    )  # fmt: skip


ODESA_PORT = place("Odesa", 46.49, 30.74, source=PORT_SOURCE)
HAIFA_PORT = place("Haifa", 32.82, 35.0, source=PORT_SOURCE)
ODESA = place("Odesa", 46.49, 30.74)
HAIFA = place("Haifa", 32.82, 35.0)


def movement(
    origin: Place, destination: Place, *, mode: Mode = Mode.UNKNOWN, etype: EventType = EventType.SHIPMENT, n: int = 0
) -> Event:
    return Event(
        id=f"e{n}", article_id="a", type=etype, trigger="shipped", sentence="", start=0, end=0,
        places=(EventPlace(origin.id, Role.ORIGIN), EventPlace(destination.id, Role.DESTINATION)),
        status=Status.HAPPENED, mode=mode, confidence=0.9, sources=("a",),
    )  # fmt: skip


def result(events: Sequence[Event], places: Sequence[Place]) -> ArticleResult:
    article = Article(
        id="a", path="a.txt", title="Ships", text="", published=dt.date(2024, 5, 2), date_source=DateSource.REFERENCE,
        content_hash="h",
    )  # fmt: skip
    return ArticleResult(article, tuple(places), tuple(events))


class Network:
    """A stand-in for searoute's network: the nodes it is given, and every question it is asked."""

    def __init__(self, nodes: Sequence[LonLat] = (), *, fails: bool = False) -> None:
        self.nodes = list(nodes)
        self.fails = fails
        self.asked: list[tuple[LonLat, LonLat]] = []

    def __call__(self, a: LonLat, b: LonLat) -> list[LonLat]:
        self.asked.append((a, b))
        if self.fails:
            raise RuntimeError("graph is broken")
        return self.nodes


# Off Odesa, two nodes in the Black Sea, off Haifa (lon, lat).
BLACK_SEA_NODES = [(30.8, 46.45), (31.5, 44.0), (30.5, 42.5), (34.9, 32.85)]


def routed(event: Event, origin: Place, destination: Place, network: Network) -> Route:
    (done,) = route_movements(result([event], [origin, destination]), SeaRouter(network)).events
    assert done.route is not None
    return done.route


# --- which movements go by sea ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "origin", "destination", "by_sea"),
    [
        pytest.param(movement(ODESA, HAIFA, mode=Mode.SEA), ODESA, HAIFA, True, id="by-sea-between-towns"),
        pytest.param(movement(ODESA_PORT, HAIFA_PORT), ODESA_PORT, HAIFA_PORT, True, id="shipment-port-to-port"),
        pytest.param(movement(ODESA, HAIFA_PORT), ODESA, HAIFA_PORT, False, id="shipment-from-a-town"),
        pytest.param(movement(ODESA_PORT, HAIFA), ODESA_PORT, HAIFA, False, id="shipment-to-a-town"),
        pytest.param(
            movement(ODESA_PORT, HAIFA_PORT, etype=EventType.TRANSFER), ODESA_PORT, HAIFA_PORT, False, id="transfer"
        ),
        pytest.param(
            movement(ODESA_PORT, HAIFA_PORT, etype=EventType.TRIP),
            ODESA_PORT,
            HAIFA_PORT,
            False,
            id="trip-port-to-port",
        ),
        pytest.param(
            movement(ODESA_PORT, HAIFA_PORT, mode=Mode.AIR),
            ODESA_PORT,
            HAIFA_PORT,
            False,
            id="air-freight-between-ports",
        ),
        pytest.param(movement(ODESA, HAIFA, mode=Mode.RAIL), ODESA, HAIFA, False, id="rail"),
        pytest.param(movement(ODESA, HAIFA, mode=Mode.ROAD), ODESA, HAIFA, False, id="road"),
        pytest.param(movement(ODESA, HAIFA), ODESA, HAIFA, False, id="unknown-mode-between-towns"),
    ],
)
def test_which_movements_go_by_sea(event: Event, origin: Place, destination: Place, by_sea: bool) -> None:
    assert goes_by_sea(event, origin, destination) is by_sea
    route = routed(event, origin, destination, Network(BLACK_SEA_NODES))
    assert route.kind is (RouteKind.SEA if by_sea else RouteKind.GREAT_CIRCLE)


def test_ports_reach_places_with_the_source_the_rule_looks_for(resources: Resources) -> None:
    from geomap.gazetteer.sources import ports

    assert next(iter(ports())).source == PORT_SOURCE
    found = resources.gazetteer.lookup("Port of Haifa")
    assert any(hit.candidate.source == PORT_SOURCE for hit in found)


def test_a_sea_route_runs_from_the_origin_along_the_network_to_the_destination() -> None:
    route = routed(movement(ODESA, HAIFA, mode=Mode.SEA), ODESA, HAIFA, Network(BLACK_SEA_NODES))
    assert route.points[0] == (ODESA.lat, ODESA.lon) and route.points[-1] == (HAIFA.lat, HAIFA.lon)
    assert route.points[1] == (46.45, 30.8) and route.points[-2] == (32.85, 34.9)  # the connectors' far ends
    assert route.km == pytest.approx(sum(distance_km(a, b) for a, b in pairwise(route.points)), abs=0.1)
    assert route.km > distance_km((ODESA.lat, ODESA.lon), (HAIFA.lat, HAIFA.lon))
    assert route.nautical_miles == pytest.approx(route.km / 1.852)


def test_a_movement_by_air_is_a_great_circle_of_the_distance_between_its_places() -> None:
    network = Network(BLACK_SEA_NODES)
    route = routed(movement(ODESA, HAIFA, mode=Mode.AIR), ODESA, HAIFA, network)
    assert route == Route(RouteKind.GREAT_CIRCLE, round(distance_km((46.49, 30.74), (32.82, 35.0)), 1))
    assert not network.asked


@pytest.mark.parametrize(
    ("off_km", "kind"),
    [
        pytest.param(MAX_SNAP_KM - 10, RouteKind.SEA, id="within-the-threshold"),
        pytest.param(MAX_SNAP_KM + 10, RouteKind.GREAT_CIRCLE, id="beyond-the-threshold"),
    ],
)
def test_a_place_far_from_the_network_has_no_sea_route(off_km: float, kind: RouteKind) -> None:
    # The network's first node due east of the origin, off_km away.
    lon = ODESA.lon + off_km / (111.195 * 0.68855)
    first = (lon, ODESA.lat)
    assert distance_km((ODESA.lat, ODESA.lon), (ODESA.lat, lon)) == pytest.approx(off_km, abs=1)
    for ends in ([first, *BLACK_SEA_NODES[1:]], [*BLACK_SEA_NODES[:-1], (HAIFA.lon + off_km / 93.3, HAIFA.lat)]):
        assert routed(movement(ODESA, HAIFA, mode=Mode.SEA), ODESA, HAIFA, Network(ends)).kind is kind


@pytest.mark.parametrize(
    "network",
    [pytest.param(Network(fails=True), id="searoute-raises"), pytest.param(Network([]), id="no-path")],
)
def test_no_sea_route_is_a_great_circle_and_never_a_failed_article(network: Network) -> None:
    route = routed(movement(ODESA, HAIFA, mode=Mode.SEA), ODESA, HAIFA, network)
    assert route.kind is RouteKind.GREAT_CIRCLE and route.km > 1000 and not route.points
    assert network.asked


def test_each_lane_is_computed_once() -> None:
    network = Network(BLACK_SEA_NODES)
    router = SeaRouter(network)
    events = [movement(ODESA, HAIFA, mode=Mode.SEA, n=n) for n in range(3)]
    first = route_movements(result(events, [ODESA, HAIFA]), router)
    again = route_movements(result(events, [ODESA, HAIFA]), router)
    assert len(network.asked) == 1 and router.computed == 1
    assert {e.route for e in (*first.events, *again.events)} == {first.events[0].route}


def test_the_open_sea_is_simplified_and_rounded_but_the_network_ends_are_kept() -> None:
    # Sixty nodes on a near-straight line across the Black Sea, wobbling by 50 m.
    line = [(31.0 + i * 0.05, 45.0 - i * 0.05 + (0.0005 if i % 2 else 0.0)) for i in range(60)]
    start, end = place("start", 45.0, 30.9), place("end", line[-1][1], line[-1][0] + 0.1)
    route = routed(movement(start, end, mode=Mode.SEA), start, end, Network(line))
    assert len(route.points) == 4  # the start, the network's two ends, the end
    assert route.points[1] == (45.0, 31.0) and route.points[2] == (round(line[-1][1], 4), round(line[-1][0], 4))
    turn = [(31.0, 45.0), (31.013, 45.123456789), (31.026, 45.0)]
    route = routed(movement(start, start, mode=Mode.SEA), start, start, Network(turn))
    assert (45.1235, 31.013) in route.points  # a turn of 14 km is kept, to 4 decimals


def test_a_route_across_the_antimeridian_keeps_its_longitudes_continuous() -> None:
    vladivostok, honolulu = place("Vladivostok", 43.1, 131.9), place("Honolulu", 21.3, -157.86)
    nodes = [(132.0, 42.9), (170.0, 40.0), (179.9, 35.0), (-179.9, 34.0), (-160.0, 25.0), (-157.9, 21.2)]
    route = routed(movement(vladivostok, honolulu, mode=Mode.SEA), vladivostok, honolulu, Network(nodes))
    lons = [lon for _, lon in route.points]
    assert all(abs(b - a) < 180 for a, b in pairwise(lons))
    assert lons[-1] == pytest.approx(-157.86 + 360)
    assert route.km < 7000  # the short way, not round the world


@pytest.mark.parametrize("strait", [pytest.param(s, id=s.name) for s in STRAITS])
@pytest.mark.parametrize("reverse", [pytest.param(False, id="forward"), pytest.param(True, id="reverse")])
def test_the_network_edges_over_land_in_the_straits_are_drawn_through_the_water(
    strait: sea_routes.Strait, reverse: bool
) -> None:
    nodes = [*strait.nodes]
    waypoints = [*strait.waypoints]
    if reverse:
        nodes, waypoints = nodes[::-1], waypoints[::-1]
    start, end = place("start", waypoints[0][0], waypoints[0][1]), place("end", waypoints[-1][0], waypoints[-1][1])
    route = routed(movement(start, end, mode=Mode.SEA), start, end, Network(nodes))
    assert list(route.points) == [(round(lat, 4), round(lon, 4)) for lat, lon in waypoints]
    assert on_land(sample([(lat, lon) for lon, lat in strait.nodes], 0.2))  # why the strait is traced
    assert not on_land(sample(strait.waypoints, 0.1))


def test_the_dardanelles_node_on_land_is_drawn_at_sea_whichever_way_a_route_passes_it() -> None:
    (node, point), = sea_routes.MOVED_NODES.items()  # fmt: skip
    assert on_land([(node[1], node[0])])
    south, west = (26.143615, 39.992927), (25.636365, 40.074552)
    start, end = place("south", south[1], south[0]), place("west", west[1], west[0])
    route = routed(movement(start, end, mode=Mode.SEA), start, end, Network([south, node, west]))
    assert point in route.points and not on_land(sample(route.points, 0.2))


# --- the real network, on a real sentence -----------------------------------------------------


@pytest.fixture(scope="module")
def sailed(resources: Resources) -> ArticleResult:
    return analyse_text(SAILED, resources, published="2024-05-02")


def sea_movement(found: ArticleResult) -> Event:
    (event,) = [e for e in found.events if e.is_movement]
    return event


def test_a_ship_from_odesa_to_lebanon_goes_through_the_bosphorus_and_stays_at_sea(sailed: ArticleResult) -> None:
    event = sea_movement(sailed)
    origin, destination = sailed.place(event.origin or ""), sailed.place(event.destination or "")
    assert origin is not None and destination is not None
    assert (origin.name, destination.name) == ("Odesa", "Lebanon")
    route = event.route
    assert route is not None and route.kind is RouteKind.SEA
    path = route.points
    assert path[0] == (round(origin.lat, 4), round(origin.lon, 4))
    assert path[-1] == (round(destination.lat, 4), round(destination.lon, 4))
    assert min(distance_km(BOSPHORUS, p) for p in sample(path, 1.0)) < 15
    # The connectors run from Odesa's centre and Lebanon's to the network, within the threshold.
    assert distance_km(path[0], path[1]) < MAX_SNAP_KM and distance_km(path[-2], path[-1]) < MAX_SNAP_KM
    assert land_between_connectors(path) == []
    # Through the Aegean, round Crete or not, about 2,200 km: no shorter than the great circle.
    assert 2000 < route.km < 2500 and route.km > distance_km(path[0], path[-1])


def test_the_lane_from_the_black_sea_without_the_traced_straits_would_cross_land(sailed: ArticleResult) -> None:
    """The check above can fail: searoute's own line for the same lane crosses the Dardanelles' shores."""
    import searoute

    event = sea_movement(sailed)
    assert event.route is not None
    (a_lat, a_lon), (b_lat, b_lon) = event.route.points[0], event.route.points[-1]
    raw = searoute.searoute([a_lon, a_lat], [b_lon, b_lat])["geometry"]["coordinates"]
    assert on_land(sample([(lat, lon) for lon, lat in raw], 5.0))


def test_a_flight_is_a_great_circle_and_an_inland_place_has_no_sea_route(resources: Resources) -> None:
    flight = sea_movement(analyse_text(FLEW, resources))
    assert flight.mode is Mode.AIR and flight.route is not None and flight.route.kind is RouteKind.GREAT_CIRCLE
    barge = sea_movement(analyse_text("A cargo ship sailed from Vienna to Lebanon last week.", resources))
    assert barge.mode is Mode.SEA and barge.route is not None and barge.route.kind is RouteKind.GREAT_CIRCLE


# --- the route in the store, the exports and the map --------------------------------------------


def test_the_route_survives_the_store(sailed: ArticleResult, tmp_path: Path) -> None:
    with ResultStore(tmp_path / "s.sqlite") as store:
        store.save(sailed, "test")
        (back,) = store.results()
    assert sea_movement(back).route == sea_movement(sailed).route
    assert back.events == sailed.events


def test_a_result_stored_before_routes_reads_back_without_one(sailed: ArticleResult) -> None:
    data = result_to_json(sailed, with_text=True)
    for event in data["events"]:
        del event["route"]
    assert all(e.route is None for e in result_from_json(json.loads(json.dumps(data))).events)
    great = replace(sea_movement(sailed), route=Route(RouteKind.GREAT_CIRCLE, 12.5))
    assert event_from_json(event_to_json(great), "a").route == Route(RouteKind.GREAT_CIRCLE, 12.5)


def test_two_reports_of_one_sailing_keep_its_route(sailed: ArticleResult) -> None:
    other = as_article(sailed, "b")
    (merged,) = [e for e in combine([sailed, other]).events if e.is_movement]
    assert merged.sources == (sailed.article.id, "b")
    assert merged.route == sea_movement(sailed).route


def _year_later(span: TimeSpan | None) -> TimeSpan:
    assert span is not None
    return replace(span, start=span.start + dt.timedelta(days=365), end=span.end + dt.timedelta(days=365))


def as_article(found: ArticleResult, article_id: str) -> ArticleResult:
    """``found`` as the article ``article_id``: results of analyse_text all have one id."""
    events = tuple(
        replace(e, id=f"{article_id}:{e.id}", article_id=article_id, sources=(article_id,)) for e in found.events
    )
    return replace(found, article=replace(found.article, id=article_id, content_hash=article_id), events=events)


def test_the_geojson_line_follows_the_sea_route(sailed: ArticleResult, resources: Resources) -> None:
    flight = as_article(analyse_text(FLEW, resources), "flight")
    combined = combine([sailed, flight])
    features = {
        f["properties"]["id"]: f for f in to_geojson(combined)["features"] if f["properties"]["kind"] != "place"
    }
    ship, plane = sea_movement(sailed), sea_movement(flight)
    assert ship.route is not None and plane.route is not None
    line = features[ship.id]
    assert line["geometry"]["type"] == "LineString"
    assert line["geometry"]["coordinates"] == [[lon, lat] for lat, lon in ship.route.points]
    assert line["properties"]["route_kind"] == "sea"
    assert line["properties"]["length_km"] == round(ship.route.km, 1)
    assert line["properties"]["length_nm"] == round(ship.route.km / 1.852, 1)
    arc = features[plane.id]
    assert arc["properties"]["route_kind"] == "great circle" and len(arc["geometry"]["coordinates"]) == 33
    assert arc["properties"]["length_km"] == round(plane.route.km, 1)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(combined)))}
    assert (rows[ship.id]["route_kind"], rows[ship.id]["length_km"]) == ("sea", str(round(ship.route.km, 1)))
    assert rows[plane.id]["route_kind"] == "great circle"
    kml = to_kml(combined)
    assert f"{ship.route.points[len(ship.route.points) // 2][1]:.5f}" in kml and "(sea, 2," in kml


def test_the_map_payload_carries_the_sea_path_and_every_length(sailed: ArticleResult, resources: Resources) -> None:
    ship = build_payload(view_of_article(sailed))
    (item,) = [e for e in ship["events"] if "destination" in e]
    route = sea_movement(sailed).route
    assert route is not None
    assert item["route_kind"] == "sea" and item["length_km"] == round(route.km, 1)
    # the path goes once per lane, to the metre-scale decimals a map needs
    assert ship["lanes"][item["lane"]] == [[round(lat, 3), round(lon, 3)] for lat, lon in route.points]
    # a second sailing on the same lane a year later: two movements, one path
    later = as_article(sailed, "later")
    later = replace(later, events=tuple(replace(e, date=_year_later(e.date)) for e in later.events))
    twice = build_payload(view_of_articles([sailed, later], title="t", hrefs={}))
    sailings = [e for e in twice["events"] if "lane" in e]
    assert len(sailings) == 2 and len(twice["lanes"]) == 1
    plane = build_payload(view_of_article(analyse_text(FLEW, resources)))
    (flown,) = [e for e in plane["events"] if "destination" in e]
    assert flown["route_kind"] == "great circle" and "lane" not in flown and flown["length_km"] > 1000
