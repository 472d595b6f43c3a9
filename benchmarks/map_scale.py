"""How big and how fast the combined map is at scale: 500 articles, ~5,000 places, ~10,000 movements.

Builds synthetic results (random places worldwide, movements between them on
random days), writes the index map, then opens it in headless Chromium (tiles
answered locally, as in the tests; the libraries from the assets folder beside
the page, or inlined with ``--offline``) and times navigation to idle: the
map loaded, every marker and arrow drawn, two frames painted.

A share of the movements (``--sea``, 30% by default) are shipments by sea
between real sea ports (searoute's own list, the first 60 of them by UN/LOCODE
order, so that lanes repeat as they do in the news), routed by the real
:class:`geomap.sea_routes.SeaRouter`: shipments are one of the five kinds drawn
here, and most goods in the news move by ship, so 30% is on the heavy side of
what a real index holds, which is the side a size budget should be measured
on. The other movements go by air, road or an unknown mode: great circles.
Every movement has one of 250 named movers, so the page also carries 250
tracks.

    .venv/bin/python benchmarks/map_scale.py [--articles 500] [--places 5000] [--movements 10000] [--sea 0.3] [--runs 3]

Needs what ``make test`` installs (Chromium).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer.sources import ports  # noqa: E402
from geomap.model import (  # noqa: E402
    Actor,
    Article,
    ArticleResult,
    DateSource,
    Event,
    EventPlace,
    EventType,
    Evidence,
    FeatureKind,
    Mention,
    Mode,
    Place,
    Precision,
    Role,
    RouteKind,
    Status,
    TimeSpan,
)
from geomap.publish import publish_index  # noqa: E402
from geomap.sea_routes import SeaRouter, route_movements  # noqa: E402
from tests.browser import chromium, open_map, stats  # noqa: E402

MOVERS = 250
TYPES = [EventType.SHIPMENT, EventType.VISIT, EventType.TRANSFER, EventType.TRIP, EventType.DEPLOYMENT]


def sea_ports(count: int = 60) -> list[Place]:
    """Real sea ports as places, as the gazetteer has them."""
    return [
        Place(
            id=f"port:{record.name}:{i}",
            name=record.name,
            lat=record.lat,
            lon=record.lon,
            feature=FeatureKind.FACILITY,
            mentions=(),
            reason="a sea port, for the benchmark",
            score=0.9,
            country_code=record.country,
            source=record.source,
        )
        for i, record in zip(range(count), ports(), strict=False)
    ]


def synthetic(articles: int, places: int, movements: int, seed: int = 7, sea: float = 0.3) -> list[ArticleResult]:
    rng = random.Random(seed)
    harbours = sea_ports()
    pool = [
        Place(
            id=f"synthetic:{i}",
            name=f"Port {i}",
            lat=rng.uniform(-55, 70),
            lon=rng.uniform(-170, 170),
            feature=FeatureKind.CITY,
            mentions=(),
            reason="synthetic place for the benchmark",
            score=0.9,
            country_code="ZZ",
            population=rng.randint(1_000, 2_000_000),
        )
        for i in range(places)
    ]
    per_article = movements // articles
    # Named movers, a ship or a person each, drawn at random for each movement: with 250 of them a
    # mover has about 40 movements over the year, so the index carries 250 tracks of ~80 stops,
    # far more tracking than a real feed holds.
    movers = [
        Actor(f"Vessel {i}", "organization") if i % 2 else Actor(f"Envoy Number{i}", "person") for i in range(MOVERS)
    ]
    results = []
    start = dt.date(2023, 1, 1)
    for a in range(articles):
        day = start + dt.timedelta(days=rng.randint(0, 364))
        article = Article(
            id=f"article-{a:03d}",
            path=f"article-{a:03d}.txt",
            title=f"Synthetic report {a}",
            text="",
            published=day,
            date_source=DateSource.REFERENCE,
            content_hash=str(a),
        )
        used: dict[str, Place] = {}
        events = []
        for m in range(per_article):
            by_sea = rng.random() < sea
            origin, destination = rng.sample(harbours if by_sea else pool, 2)
            for place in (origin, destination):
                used.setdefault(place.id, place)
            when = start + dt.timedelta(days=rng.randint(0, 364))
            sentence = f"A ship sailed from {origin.name} to {destination.name} with cargo {a}-{m}."
            events.append(
                Event(
                    id=f"{article.id}:e{m}",
                    article_id=article.id,
                    type=EventType.SHIPMENT if by_sea else rng.choice(TYPES),
                    trigger="sailed" if by_sea else "went",
                    sentence=sentence,
                    start=0,
                    end=len(sentence),
                    places=(EventPlace(origin.id, Role.ORIGIN), EventPlace(destination.id, Role.DESTINATION)),
                    status=rng.choice([Status.HAPPENED, Status.HAPPENED, Status.ALLEGED, Status.PLANNED]),
                    mode=Mode.SEA if by_sea else rng.choice([Mode.AIR, Mode.ROAD, Mode.UNKNOWN]),
                    confidence=0.8,
                    date=TimeSpan(when, when, Precision.DAY, "on Monday"),
                    actors=(movers[rng.randrange(len(movers))],),
                    count=rng.choice([None, 2, 6]),
                    cargo="grain",
                    sources=(article.id,),
                    evidence=(Evidence(article.id, 0, len(sentence), sentence),),
                )
            )
        mentioned = tuple(
            Place(**{**{s: getattr(p, s) for s in Place.__slots__}, "mentions": (Mention(p.name, 0, 1, "GPE"),)})
            for p in used.values()
        )
        results.append(ArticleResult(article, mentioned, tuple(events)))
    return results


def routed(results: list[ArticleResult]) -> tuple[list[ArticleResult], dict[str, float]]:
    """The results with their routes, as the analysis gives them; and how long routing took."""
    started = time.perf_counter()
    router = SeaRouter()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    done = [route_movements(r, router) for r in results]
    route_s = time.perf_counter() - started
    sea = sum(1 for r in done for e in r.events if e.route is not None and e.route.kind is RouteKind.SEA)
    return done, {
        "sea_routes_load_s": round(load_s, 2),
        "routing_s": round(route_s, 2),
        "lanes_computed": router.computed,
        "ms_per_lane": round(1000 * route_s / max(1, router.computed), 1),
        "sea_movements": sea,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--movements", type=int, default=10000)
    parser.add_argument("--sea", type=float, default=0.3, help="share of movements by sea between ports")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--offline", action="store_true", help="inline assets and draw the Natural Earth basemap")
    args = parser.parse_args()

    results, routing = routed(synthetic(args.articles, args.places, args.movements, sea=args.sea))
    out = Path(tempfile.mkdtemp(prefix="geomap-scale-"))
    started = time.perf_counter()
    index, _ = publish_index(results, out, offline=args.offline)
    build_s = time.perf_counter() - started
    size_mb = index.stat().st_size / 1e6
    times = []
    with chromium() as browser:
        for _ in range(args.runs):
            t0 = time.perf_counter()
            page, traffic = open_map(browser, index, network=not args.offline)
            times.append(time.perf_counter() - t0)
            figures = stats(page)
            assert not traffic.page_errors, traffic.page_errors
            page.context.close()
    report = {
        "articles": args.articles,
        "places": figures["places"],
        "movements": figures["movements"],
        "offline": args.offline,
        "html_mb": round(size_mb, 2),
        "build_s": round(build_s, 2),
        "open_to_idle_s": round(statistics.median(times), 2),
        "open_to_idle_runs_s": [round(t, 2) for t in times],
        **routing,
        "renderer": figures["renderer"],
        "clustered": figures["clustered"],
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
