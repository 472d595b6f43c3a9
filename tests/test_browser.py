"""Maps in a real headless Chromium: markers, arrows, popups, time slider, layers, safety, offline.

Tile requests are answered with a tile image unless a test takes the network
away (every request refused). Each test leaves a screenshot in test-output/.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from geomap.model import ArticleResult, FeatureKind, Mention
from geomap.pipeline import Resources
from geomap.publish import publish_article, publish_index

from .browser import TILES, Browser, go_to_place, open_map, stats
from .conftest import HOSTILE, analyse_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def published(sample_result: ArticleResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("maps")
    article_map, _ = publish_article(sample_result, out)
    index_map, _ = publish_index([sample_result], out)
    return {"article": article_map, "index": index_map}


def shot(page, output_dir: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(output_dir / f"{name}.png"))
    assert (output_dir / f"{name}.png").stat().st_size > 10_000


def test_sample_map_draws_every_place_and_arrow(
    browser: Browser, published: dict[str, Path], sample_result: ArticleResult, output_dir: Path
) -> None:
    page, traffic = open_map(browser, published["article"])
    arrows = sum(1 for e in sample_result.events if e.origin and e.destination)
    arrivals = sum(1 for e in sample_result.events if e.is_movement and not e.origin)
    assert arrivals > 0
    assert stats(page)["visiblePlaces"] == len(sample_result.places)
    assert page.locator(".leaflet-marker-pane .geomap-place").count() == len(sample_result.places)
    assert page.locator("path.geomap-arrow").count() == arrows
    assert page.locator("path.geomap-arrowhead").count() == arrows
    # a movement with no stated origin is an arrowhead on its destination
    assert page.locator(".leaflet-marker-pane .geomap-arrival").count() == arrivals
    assert stats(page)["visibleMovements"] == arrows + arrivals
    assert page.locator(".leaflet-tile-pane img").count() > 0 and traffic.tiles > 0
    page.wait_for_selector(".folium-map[data-basemap=tiles]")
    assert traffic.refused == [] and traffic.page_errors == [] and traffic.console_errors == []
    for control in (
        ".geomap-legend",
        ".geomap-time",
        ".geomap-minimap",
        ".geomap-fullscreen-button",
        ".geomap-fit-button",
        ".leaflet-control-layers",
    ):
        assert page.locator(control).count() == 1, control
    shot(page, output_dir, "sample-map")


def test_popup_shows_events_and_evidence(browser: Browser, published: dict[str, Path], output_dir: Path) -> None:
    page, _ = open_map(browser, published["article"])
    go_to_place(page, "Rajin", zoom=7, popup=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Rajin" in text
    assert "Shipment" in text and "happened" in text
    assert "The shipments between the port of Rajin and Russia’s Dunai" in text
    assert "Why here" in text
    shot(page, output_dir, "sample-popup")


def test_popups_say_how_precise_places_and_dates_are(browser: Browser, published: dict[str, Path]) -> None:
    """A reader sees whether a marker is a town or stands for a whole country, and whether an
    event is dated to the day or only to a month or more, with the number the exports carry."""
    page, traffic = open_map(browser, published["article"])

    def popup_of(name: str) -> str:
        page.evaluate("() => { window.geomapView.map.closePopup(); }")
        page.wait_for_function("() => !document.querySelector('.leaflet-popup')")  # faded out and gone
        go_to_place(page, name, popup=True)
        return page.locator(".leaflet-popup-content").inner_text()

    assert "Location: region or country (precision 3)" in popup_of("Russia")
    text = popup_of("Geneva")
    assert "Location: exact (precision 1)" in text and "Date: exact day (precision 1)" in text
    # shipments between late August and the article's day
    assert "Date: month or longer (precision 3)" in popup_of("Rajin")
    assert traffic.page_errors == []


def test_click_on_a_marker_opens_its_popup(browser: Browser, published: dict[str, Path], output_dir: Path) -> None:
    page, _ = open_map(browser, published["article"])
    go_to_place(page, "Geneva", zoom=6)
    page.locator(".geomap-place[title='Geneva']").click()
    assert "2017-06-20" in page.locator(".leaflet-popup-content").inner_text()
    shot(page, output_dir, "click-geneva")


def test_time_slider_hides_events_out_of_range(browser: Browser, published: dict[str, Path], output_dir: Path) -> None:
    page, _ = open_map(browser, published["article"])
    before = stats(page)
    page.evaluate("() => window.geomapView.setDateRange('2017-01-01', '2017-12-31')")
    during = stats(page)
    assert during["visibleMovements"] == 0 < before["visibleMovements"]
    assert 0 < during["visiblePlaces"] < before["visiblePlaces"]
    assert page.locator("path.geomap-arrow").count() == 0
    assert page.locator(".geomap-time-label").inner_text() == "2017-06-20 – 2017-12-31"  # clamped to the data
    shot(page, output_dir, "time-slider-2017")
    page.locator(".geomap-time .geomap-button").click()
    assert stats(page) == before


def test_layers_toggle(browser: Browser, published: dict[str, Path], output_dir: Path) -> None:
    page, _ = open_map(browser, published["article"])
    shipments = page.locator("path.geomap-arrow.geomap-type-shipment").count()
    assert shipments >= 1
    page.locator(".geomap-filters label", has_text="Shipments").locator("input").uncheck()
    assert page.locator("path.geomap-arrow.geomap-type-shipment").count() == 0
    assert page.locator("path.geomap-arrow").count() > 0
    page.locator(".geomap-filters label", has_text="Shipments").locator("input").check()
    assert page.locator("path.geomap-arrow.geomap-type-shipment").count() == shipments
    page.locator(".leaflet-control-layers label", has_text="Places").locator("input").uncheck()
    assert page.locator(".leaflet-marker-pane .geomap-place").count() == 0
    shot(page, output_dir, "layers-no-places")


def test_injected_script_never_runs(browser: Browser, resources: Resources, tmp_path: Path, output_dir: Path) -> None:
    result = analyse_text(HOSTILE, resources, published="2023-08-17")
    article_map, _ = publish_article(result, tmp_path)
    index_map, _ = publish_index([result], tmp_path)
    for path in (article_map, index_map):
        page, traffic = open_map(browser, path)
        page.evaluate("() => { window.geomapView.placeMarkers.forEach(m => m.openTooltip()); }")
        go_to_place(page, "Istanbul", popup=True)
        text = page.locator(".leaflet-popup-content").inner_text()
        assert "<img src=x" in text or "window.__pwned" in text  # shown as text
        assert page.evaluate("() => window.__pwned") is None
        assert traffic.dialogs == [] and traffic.page_errors == []
        assert not any(url.rsplit("/", 1)[-1] == "x" for url in traffic.refused)  # the <img> never loaded
        shot(page, output_dir, f"hostile-{path.stem}")


def test_default_maps_draw_with_no_network(
    browser: Browser, published: dict[str, Path], sample_result: ArticleResult, output_dir: Path
) -> None:
    """A closed network: the tiles fail, the page drops them and shows the country outlines, and
    markers, arrows and the index's tables are all there, from the assets beside the pages."""
    arrows = sum(1 for e in sample_result.events if e.origin and e.destination)
    for name in ("article", "index"):
        page, traffic = open_map(browser, published[name], network=False)
        page.wait_for_selector(".folium-map[data-basemap=outlines]")
        assert page.locator(".leaflet-tile-pane img").count() == 0  # the tile layer is gone
        assert page.locator(".leaflet-geomap-outlines-pane canvas").count() == 1
        assert page.locator(".leaflet-marker-pane .geomap-place").count() == len(sample_result.places)
        assert page.locator("path.geomap-arrow").count() == arrows > 0
        assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
        assert "OpenStreetMap" not in page.locator(".leaflet-control-attribution").inner_text()
        assert traffic.refused and all(TILES.match(url) for url in traffic.refused)  # asked for tiles only
        assert traffic.page_errors == []
        shot(page, output_dir, f"no-network-{name}")
    assert page.locator("#geomap-articles tbody tr").count() == 1
    assert page.locator("#geomap-events tbody tr").count() >= 10


def test_offline_map_opens_with_no_network(
    browser: Browser,
    sample_result: ArticleResult,
    settings,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    output_dir: Path,
) -> None:
    """An offline map is one file that asks for nothing: not even tiles."""
    article_map, _ = publish_article(sample_result, tmp_path, offline=True, data_dir=settings.data_dir)
    assert list(tmp_path.iterdir()) != [] and not (tmp_path / "assets").exists()
    page, traffic = open_map(browser, article_map, network=False)
    assert traffic.refused == []
    assert traffic.page_errors == []
    assert stats(page)["visiblePlaces"] == len(sample_result.places)
    assert page.locator(".leaflet-geomap-outlines-pane canvas").count() == 1  # the Natural Earth basemap
    assert page.locator(".folium-map[data-basemap=outlines]").count() == 1
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    shot(page, output_dir, "offline-map")


def test_index_lists_articles_and_sorts_events(browser: Browser, published: dict[str, Path], output_dir: Path) -> None:
    page, _ = open_map(browser, published["index"])
    link = page.locator("#geomap-articles a")
    assert link.count() == 1 and link.get_attribute("href") == published["article"].name
    rows = page.locator("#geomap-events tbody tr")
    assert rows.count() >= 10
    page.locator("#geomap-events th", has_text="Date").click()
    dates = page.locator("#geomap-events tbody tr td:first-child").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)"
    )
    assert dates == sorted(dates) and dates[0] == "" and dates[-1].startswith("2023")  # undated first
    page.locator("#geomap-events th", has_text="Date").click()
    assert page.locator("#geomap-events tbody tr").first.locator("td").first.inner_text().startswith("2023")
    shot(page, output_dir, "index")


def test_many_places_are_clustered(
    browser: Browser, sample_result: ArticleResult, tmp_path: Path, output_dir: Path
) -> None:
    base = sample_result.places[0]
    places = tuple(
        dataclasses.replace(
            base,
            id=f"test:{i}",
            name=f"Place {i}",
            lat=-40 + (i % 30) * 2.5,
            lon=-150 + (i // 30) * 25,
            feature=FeatureKind.CITY,
            mentions=(Mention(f"Place {i}", 0, 1, "GPE"),),
        )
        for i in range(300)
    )
    big = dataclasses.replace(sample_result, places=places, events=())
    article_map, _ = publish_article(big, tmp_path)
    page, traffic = open_map(browser, article_map)
    assert stats(page)["clustered"] is True
    assert page.locator(".marker-cluster").count() > 0
    assert page.locator(".leaflet-marker-pane .geomap-place").count() < 300
    assert traffic.page_errors == []
    shot(page, output_dir, "clustered")


def test_articles_toggle_on_the_index(browser: Browser, resources: Resources, tmp_path: Path, output_dir: Path) -> None:
    one = analyse_text("The cargo ship left Odesa on Monday bound for Istanbul.", resources)
    two = analyse_text("Ministers met in Nairobi on Friday.", resources)
    two = dataclasses.replace(two, article=dataclasses.replace(two.article, id="nairobi", title="Talks in Nairobi"))
    for result in (one, two):
        publish_article(result, tmp_path)
    index_map, _ = publish_index([one, two], tmp_path)
    page, _ = open_map(browser, index_map)
    assert stats(page)["visiblePlaces"] == 3
    page.locator(".geomap-articles-control label", has_text="Talks in Nairobi").locator("input").uncheck()
    assert stats(page)["visiblePlaces"] == 2
    assert stats(page)["visibleMovements"] == 1
    page.locator(".geomap-articles-control button", has_text="None").click()
    none = stats(page)
    assert none["visiblePlaces"] == 0 and none["visibleMovements"] == 0
    page.locator(".geomap-articles-control button", has_text="All").click()
    assert stats(page)["visiblePlaces"] == 3
    shot(page, output_dir, "index-two-articles")


# Every control the reader can see on the map, and the map's own box, in page pixels.
CONTROL_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const controls = [...document.querySelectorAll('.folium-map .leaflet-control')]
    .filter(c => c.offsetParent !== null)
    .map(c => [c.className.split(' ').find(n => n.startsWith('geomap-')) || c.className.split(' ')[0], box(c)]);
  return {map: box(document.querySelector('.folium-map')), controls: controls};
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _covered_controls(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Pairs of controls that cover each other, and controls that stick out of the map."""
    boxes = page.evaluate(CONTROL_BOXES)
    m = boxes["map"]
    controls = boxes["controls"]
    wrong = [
        (name, "outside the map") for name, b in controls if b[0] < m[0] or b[1] < m[1] or b[2] > m[2] or b[3] > m[3]
    ]
    for i, (first, a) in enumerate(controls):
        wrong += [(first, second) for second, b in controls[i + 1 :] if _overlap(a, b)]
    return wrong


def test_no_control_covers_another_at_common_window_sizes(
    browser: Browser, resources: Resources, tmp_path: Path, output_dir: Path
) -> None:
    one = analyse_text("The cargo ship left Odesa on Monday bound for Istanbul.", resources)
    two = analyse_text("Ministers flew from Nairobi to Addis Ababa on Friday.", resources)
    two = dataclasses.replace(two, article=dataclasses.replace(two.article, id="nairobi", title="Talks in Nairobi"))
    article_map, _ = publish_article(one, tmp_path)
    publish_article(two, tmp_path)
    index_map, _ = publish_index([one, two], tmp_path)
    for path in (index_map, article_map):
        for width, height in ((1920, 1080), (1366, 768), (1280, 800), (1024, 700), (800, 600)):
            page, _ = open_map(browser, path, width=width, height=height)
            where = f"{path.name} at {width}x{height}"
            assert _covered_controls(page) == [], where
            legend, overview = page.locator(".geomap-legend"), page.locator(".geomap-minimap")
            assert legend.is_visible(), where
            if overview.is_visible():
                assert not _overlap(_box(legend), _box(overview)), where
            if (width, height) == (1920, 1080):  # room for everything: the legend open and the overview map
                assert overview.is_visible() and "Shipments" in legend.inner_text(), where
            if path == index_map and (width, height) == (800, 600):
                # a short map folds the legend to its button; opened, it still covers nothing
                toggle = legend.locator(".geomap-legend-toggle")
                assert toggle.get_attribute("aria-expanded") == "false"
                assert "Shipments" not in legend.inner_text()
                toggle.click()
                assert toggle.get_attribute("aria-expanded") == "true"
                assert "Shipments" in legend.inner_text()
                assert _covered_controls(page) == [], where + ", legend opened"
                shot(page, output_dir, "index-short-legend-open")
            page.context.close()
    # with no network the attribution credits the outlines instead of the tiles: it still fits
    page, _ = open_map(browser, index_map, width=800, height=600, network=False)
    page.wait_for_selector(".folium-map[data-basemap=outlines]")
    assert _covered_controls(page) == []


def _box(locator) -> list[float]:  # type: ignore[no-untyped-def]
    b = locator.bounding_box()
    return [b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]]


def renamed(result: ArticleResult, article_id: str, title: str) -> ArticleResult:
    """The result as if it came from an article of that id and title."""
    events = tuple(
        dataclasses.replace(
            e,
            article_id=article_id,
            sources=(article_id,),
            evidence=tuple(dataclasses.replace(x, article_id=article_id) for x in e.evidence),
        )
        for e in result.events
    )
    article = dataclasses.replace(result.article, id=article_id, title=title)
    return dataclasses.replace(result, article=article, events=events)


def test_what_a_run_brought_is_marked_new_in_the_tables_and_on_the_map(
    browser: Browser, resources: Resources, tmp_path: Path, output_dir: Path
) -> None:
    old = renamed(analyse_text("The cargo ship left Odesa on Monday bound for Istanbul.", resources), "odesa", "Odesa")
    fresh = renamed(
        analyse_text("The ferry sailed from Dover to Calais on Friday.", resources), "ferry", "Ferry to Calais"
    )
    for result in (old, fresh):
        publish_article(result, tmp_path)
    index_map, _ = publish_index([old, fresh], tmp_path, new=frozenset({"ferry"}))
    page, _ = open_map(browser, index_map)
    assert "Found at" not in page.locator("#geomap-articles thead").inner_text()  # files have no address
    rows = page.locator("#geomap-articles tbody tr")
    marked = [rows.nth(i).locator(".geomap-new").count() for i in range(rows.count())]
    titles = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]  # after the "#"
    assert sorted(zip(titles, marked, strict=True)) == sorted([("newFerry to Calais", 1), (old.article.title, 0)]), (
        titles
    )
    events = page.locator("#geomap-events tbody tr")
    new_events = [
        events.nth(i).inner_text() for i in range(events.count()) if events.nth(i).locator(".geomap-new").count()
    ]
    assert new_events and all("Calais" in text for text in new_events)
    assert page.locator("path.geomap-arrow-new").count() == 1
    assert page.locator("path.geomap-arrow").count() == 2
    shot(page, output_dir, "index-new-marks")


def test_the_sources_column_names_each_article_once_and_never_two_alike(
    browser: Browser, resources: Resources, tmp_path: Path, output_dir: Path
) -> None:
    # Two titles that differ only after their first 50 characters, each article giving several rows.
    stem = "Live: the week's ships, flights and ministers on the move, "
    ships = renamed(
        analyse_text(
            "The cargo ship left Odesa on Monday bound for Istanbul. On Tuesday a tanker sailed from Odesa to"
            " Constanta.",
            resources,
        ),
        "ships",
        stem + "Monday",
    )
    flights = renamed(
        analyse_text(
            "Ministers flew from Nairobi to Addis Ababa on Friday. On Saturday they travelled from Addis Ababa to"
            " Cairo.",
            resources,
        ),
        "flights",
        stem + "Friday",
    )
    for result in (ships, flights):
        publish_article(result, tmp_path)
    index_map, _ = publish_index([ships, flights], tmp_path)
    page, _ = open_map(browser, index_map)
    articles = page.locator("#geomap-articles tbody tr").all_inner_texts()
    # each article has a short reference, the "#" column
    assert sorted(a.split("\t")[0] for a in articles) == ["[1]", "[2]"]
    assert sorted(a.split("\t")[1] for a in articles) == [stem + "Friday", stem + "Monday"]

    def sources() -> list[tuple[str, tuple[str, ...]]]:
        """Each events row's Sources cell as the reader sees it, and the article pages it links to."""
        cells = page.locator("#geomap-events tbody tr td:nth-child(9)")
        hrefs = "links => links.map(a => a.getAttribute('href'))"
        return [
            (cells.nth(i).inner_text(), tuple(cells.nth(i).locator("a").evaluate_all(hrefs)))
            for i in range(cells.count())
        ]

    assert page.locator("#geomap-events thead th").nth(8).inner_text().startswith("Sources")
    for sorted_by in (None, "Date", "Type", "Sources"):
        if sorted_by:
            page.locator("#geomap-events th", has_text=sorted_by).click()
        rows = sources()
        pages = [links for _, links in rows]
        assert pages.count(("ships.html",)) >= 2 and pages.count(("flights.html",)) >= 2, sorted_by
        # a cell that looks the same is the same article
        assert all(len({links for text, links in rows if text == seen}) == 1 for seen, _ in rows), (sorted_by, rows)
        # an article's title stands on the first row of a run of its rows, its reference alone on the others
        assert rows[0][0].startswith(("[1] " + stem, "[2] " + stem)), sorted_by
        for (text, links), (_, above) in zip(rows[1:], rows, strict=False):
            if links == above:
                assert text in ("[1]", "[2]"), (sorted_by, rows)
            else:
                assert text.startswith(("[1] " + stem, "[2] " + stem)), (sorted_by, rows)
    shot(page, output_dir, "index-sources")


def test_an_article_found_at_two_addresses_links_to_both_and_to_nothing_else(
    browser: Browser, resources: Resources, tmp_path: Path, output_dir: Path
) -> None:
    result = analyse_text("The cargo ship left Odesa on Monday bound for Istanbul.", resources)
    own, other = "https://www.news.example/2024/ship.html", "http://wire.example/ship?id=7"
    result = dataclasses.replace(result, article=dataclasses.replace(result.article, path=own))
    publish_article(result, tmp_path)
    index_map, _ = publish_index(
        [result], tmp_path, also_at={result.article.id: [other, "javascript:alert(1)", "/srv/feeds/ship.txt"]}
    )
    page, _ = open_map(browser, index_map)
    cell = page.locator("#geomap-articles tbody tr").first.locator("td").nth(3)  # #, title, date, found at
    links = cell.locator("a")
    assert [links.nth(i).inner_text() for i in range(links.count())] == ["news.example", "wire.example"]
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [own, other]
    assert links.first.get_attribute("rel") == "noopener noreferrer nofollow"
    assert page.locator("a[href^='javascript']").count() == 0
    assert "srv/feeds" not in page.locator("#geomap-articles").inner_text()
    assert "Found at" in page.locator("#geomap-articles thead").inner_text()
    page.locator(".leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator(".geomap-sources a.geomap-web").count() == 2  # "Source: title (site, site)"
    assert popup.locator(".geomap-cite a.geomap-web").count() == 2  # and under the event's quote
    shot(page, output_dir, "index-found-at")
