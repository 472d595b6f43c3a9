"""The index map's analyst controls in a real headless Chromium, offline: the search box, the status
and type filters, shareable views in the URL fragment, the timeline, tracks, and keyboard use.

Every filter must hide exactly the events it should, on the map and in the lists alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from geomap.model import ArticleResult
from geomap.pipeline import Resources
from geomap.publish import publish_article, publish_index
from geomap.settings import Settings

from .browser import Browser, open_map, stats, wait_idle
from .conftest import analyse_text

pytestmark = pytest.mark.browser

# Written for these tests: a minister's tour told in two articles, a grain ship, a planned
# deployment and a denied arms transfer.
ARTICLES = [
    (
        "tour-start",
        "2026-03-04",
        "Varga opens Africa tour",
        "Foreign Minister Lena Varga flew from Budapest to Nairobi on Monday for talks on trade.",
    ),
    (
        "tour-end",
        "2026-03-07",
        "Varga ends tour in Cairo",
        "Hungarian Foreign Minister Lena Varga arrived in Cairo from Addis Ababa on Friday.",
    ),
    (
        "grain",
        "2026-02-20",
        "Grain ship leaves Odesa",
        "A cargo ship carrying 26,000 tonnes of corn sailed from Odesa to Lebanon on Thursday, the port said.",
    ),
    (
        "troops",
        "2026-01-15",
        "Troops to be sent",
        "The government plans to deploy 300 troops to Estonia next month, officials said. "
        "Russia denied sending weapons to Sudan.",
    ),
]


def _as(result: ArticleResult, article_id: str) -> ArticleResult:
    events = tuple(dataclasses.replace(e, article_id=article_id, sources=(article_id,)) for e in result.events)
    article = dataclasses.replace(result.article, id=article_id)
    return dataclasses.replace(result, article=article, events=events)


@pytest.fixture(scope="module")
def index_page(resources: Resources, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("filters")
    results = [
        _as(analyse_text(text, resources, published=day, title=title), aid) for aid, day, title, text in ARTICLES
    ]
    for result in results:
        publish_article(result, out, offline=True, data_dir=settings.data_dir)
    index, _ = publish_index(results, out, offline=True, data_dir=settings.data_dir)
    return index


def shown_on_map(page: Any) -> list[int]:
    """The events whose arrow or arrival mark is drawn, as indices into the payload."""
    return page.evaluate(  # type: ignore[no-any-return]
        "() => { const v = window.geomapView; return v.movementLines.filter(m => m.shown && v.map.hasLayer(m.line))"
        ".map(m => v.data.events.indexOf(m.event)).sort((a, b) => a - b); }"
    )


def table_rows(page: Any, table: str) -> list[str]:
    return page.locator(f"#{table} tbody tr").all_inner_texts()  # type: ignore[no-any-return]


def payload(page: Any) -> dict[str, Any]:
    return page.evaluate("() => window.geomapView.data")  # type: ignore[no-any-return]


def movements_where(data: dict[str, Any], keep: Callable[[dict[str, Any]], bool]) -> list[int]:
    return sorted(i for i, e in enumerate(data["events"]) if e.get("movement") and keep(e))


def test_the_search_box_hides_every_event_that_does_not_mention_the_words(
    browser: Browser, index_page: Path, output_dir: Path
) -> None:
    page, traffic = open_map(browser, index_page, network=False)
    data = payload(page)
    page.locator(".geomap-search").fill("CORN")
    corn = movements_where(data, lambda e: any("corn" in ev["sentence"].lower() for ev in e["evidence"]))
    assert len(corn) == 1
    assert shown_on_map(page) == corn
    rows = table_rows(page, "geomap-events")
    assert len(rows) == 1 and "Odesa" in rows[0] and "Lebanon" in rows[0]
    assert [r.split("\t")[1] for r in table_rows(page, "geomap-articles")] == ["Grain ship leaves Odesa"]
    # the markers left are the places of that shipment
    titles = page.locator(".leaflet-marker-pane .geomap-place").evaluate_all("els => els.map(e => e.title).sort()")
    assert titles == ["Lebanon", "Odesa"]
    assert page.locator("h2", has_text="Events").inner_text() == f"Events (1 of {len(data['events'])})"
    # an actor, and a place, are searched too; words must all match, in any order and case
    page.locator(".geomap-search").fill("varga cairo")
    varga = shown_on_map(page)
    assert [data["places"][data["events"][i]["destination"]]["name"] for i in varga] == ["Cairo"]
    page.locator(".geomap-search").fill("")
    assert len(shown_on_map(page)) == len(data["movements"])
    assert traffic.page_errors == [] and traffic.refused == []
    page.locator(".geomap-search").fill("corn")
    page.screenshot(path=str(output_dir / "filter-search-corn.png"))


def test_status_toggles_hide_exactly_the_events_of_that_status(browser: Browser, index_page: Path) -> None:
    page, _ = open_map(browser, index_page, network=False)
    data = payload(page)
    statuses = {e.get("status", "happened") for e in data["events"]}
    assert {"happened", "planned", "denied"} <= statuses
    page.locator(".geomap-toggles label", has_text="happened").locator("input").uncheck()
    expected = movements_where(data, lambda e: e.get("status", "happened") != "happened")
    assert expected and shown_on_map(page) == expected
    rows = table_rows(page, "geomap-events")
    assert len(rows) == sum(1 for e in data["events"] if e.get("status", "happened") != "happened")
    assert all("happened" not in row.split("\t")[2] for row in rows)
    page.locator(".geomap-toggles label", has_text="denied").locator("input").uncheck()
    assert shown_on_map(page) == movements_where(data, lambda e: e.get("status") == "planned")
    assert all(row.split("\t")[2] == "planned" for row in table_rows(page, "geomap-events"))


def test_the_type_filter_hides_arrows_tracks_and_rows_of_that_type(browser: Browser, index_page: Path) -> None:
    page, _ = open_map(browser, index_page, network=False)
    data = payload(page)
    assert stats(page)["visibleTracks"] == 1 and len(table_rows(page, "geomap-tracks")) == 1
    page.locator(".geomap-toggles label", has_text="Visits").locator("input").uncheck()
    assert shown_on_map(page) == movements_where(data, lambda e: e["type"] != "visit")
    assert page.locator("path.geomap-arrow.geomap-type-visit").count() == 0
    assert page.locator("path.geomap-arrow").count() > 0
    assert not any("\tVisit\t" in "\t" + row for row in table_rows(page, "geomap-events"))
    # the minister's track is made of visits: it goes from the map and from the list
    assert stats(page)["visibleTracks"] == 0 and page.locator("path.geomap-track").count() == 0
    assert table_rows(page, "geomap-tracks") == []
    page.locator(".geomap-toggles label", has_text="Visits").locator("input").check()
    assert stats(page)["visibleTracks"] == 1


def test_a_link_with_the_fragment_opens_the_same_view(browser: Browser, index_page: Path, output_dir: Path) -> None:
    page, _ = open_map(browser, index_page, network=False)
    page.locator(".geomap-search").fill("Varga")
    page.locator(".geomap-toggles label", has_text="Meetings").locator("input").uncheck()
    page.evaluate("() => window.geomapView.setDateRange('2026-03-01', '2026-03-05')")
    page.evaluate("() => { window.geomapView.map.setView([12.5, 38.25], 5, {animate: false}); }")
    # the fragment follows the view within a quarter of a second (writes are spaced out)
    page.wait_for_function("() => location.hash.includes('zoom=5') && location.hash.includes('to=2026-03-05')")
    link = page.evaluate("() => location.href")
    assert "#" in link and "q=Varga" in link and "zoom=5" in link
    before = {
        "shown": shown_on_map(page),
        "stats": stats(page),
        "label": page.locator(".geomap-time-label").inner_text(),
        "rows": table_rows(page, "geomap-events"),
    }
    assert before["label"] == "2026-03-01 – 2026-03-05" and len(before["rows"]) == 1

    again, traffic = open_map(browser, index_page, network=False)
    again.goto("about:blank")  # so that the link is a new page load, not a jump within this one
    again.goto(link)
    wait_idle(again)
    assert again.locator(".geomap-search").input_value() == "Varga"
    assert not again.locator(".geomap-toggles label", has_text="Meetings").locator("input").is_checked()
    assert again.locator(".geomap-toggles label", has_text="Visits").locator("input").is_checked()
    after = {
        "shown": shown_on_map(again),
        "stats": stats(again),
        "label": again.locator(".geomap-time-label").inner_text(),
        "rows": table_rows(again, "geomap-events"),
    }
    assert after == before
    view = again.evaluate(
        "() => { const m = window.geomapView.map, c = m.getCenter(); return [m.getZoom(), c.lat, c.lng]; }"
    )
    assert view[0] == 5 and abs(view[1] - 12.5) < 0.01 and abs(view[2] - 38.25) < 0.01
    assert traffic.page_errors == []
    again.screenshot(path=str(output_dir / "filter-fragment.png"))


def test_a_fragment_of_nonsense_opens_the_whole_map(browser: Browser, index_page: Path) -> None:
    page, traffic = open_map(browser, index_page, network=False)
    everything = stats(page)
    page.goto("about:blank")
    page.goto(index_page.resolve().as_uri() + "#zoom=x&center=1000,abc&from=2026-13&q=%E0%A4%A&types=nothing")
    wait_idle(page)
    assert traffic.page_errors == []
    # a type no map has leaves nothing to show; the rest was not understood and changed nothing
    assert stats(page)["visibleMovements"] == 0
    assert page.locator(".geomap-search").input_value() == ""
    assert page.locator(".geomap-time-label").inner_text() == page.evaluate(
        "() => window.geomapView.data.dateRange.join(' – ')"
    )
    # changing the fragment of an open page changes its view
    page.evaluate("() => { location.hash = '#q=corn'; }")
    page.wait_for_function("() => window.geomapView.stats().visibleMovements === 1")
    page.evaluate("() => { location.hash = '#'; }")
    page.wait_for_function(f"() => window.geomapView.stats().visibleMovements === {everything['visibleMovements']}")


def test_dragging_across_the_timeline_sets_the_time_range(browser: Browser, index_page: Path, output_dir: Path) -> None:
    page, _ = open_map(browser, index_page, network=False)
    data = payload(page)
    chart = page.locator(".geomap-timeline-chart")
    assert "movements" in (chart.get_attribute("aria-label") or "")
    box = chart.bounding_box()
    assert box is not None
    # the right-most tenth of the chart: the last week, the minister's tour
    page.mouse.move(box["x"] + box["width"] * 0.92, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.99, box["y"] + box["height"] / 2, steps=4)
    page.mouse.up()
    label = page.locator(".geomap-time-label").inner_text()
    assert label.startswith("2026-03-02")  # the Monday of that week
    visits = movements_where(data, lambda e: e["type"] == "visit")
    assert shown_on_map(page) == visits
    assert page.locator(".geomap-timeline-range").count() == 1
    assert all(row.startswith("2026-03") for row in table_rows(page, "geomap-events"))
    page.screenshot(path=str(output_dir / "timeline-brushed.png"), full_page=True)
    page.locator(".geomap-timeline .geomap-button").click()
    assert len(shown_on_map(page)) == len(data["movements"])
    assert page.locator(".geomap-timeline-range").count() == 0


def test_a_track_across_two_articles_shows_its_stops_in_order(
    browser: Browser, index_page: Path, output_dir: Path
) -> None:
    page, _ = open_map(browser, index_page, network=False)
    (row,) = table_rows(page, "geomap-tracks")
    assert "Budapest → Nairobi → Addis Ababa → Cairo" in row
    page.locator("#geomap-tracks .geomap-track-button").click()
    popup = page.locator(".geomap-track-popup")
    popup.wait_for()
    stops = popup.locator(".geomap-stop").all_inner_texts()
    assert [s.split(" · ")[0] for s in stops] == ["Budapest", "Nairobi", "Addis Ababa", "Cairo"]
    assert "2026-03-02" in stops[0] and "Varga opens Africa tour" in stops[0]
    assert "2026-03-06" in stops[3] and "Varga ends tour in Cairo" in stops[3]
    assert page.locator("path.geomap-track").count() == 1
    page.screenshot(path=str(output_dir / "track-popup.png"))


def test_the_controls_work_from_the_keyboard(browser: Browser, index_page: Path) -> None:
    page, _ = open_map(browser, index_page, network=False)
    page.locator(".geomap-search").focus()
    page.keyboard.type("corn")
    assert len(shown_on_map(page)) == 1
    page.keyboard.press("Tab")  # to the first status toggle
    focused = page.evaluate("() => document.activeElement.closest('label').textContent")
    assert focused.strip() == "happened"
    page.keyboard.press("Space")
    assert shown_on_map(page) == []
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # the legend folds and opens from the keyboard, and says in words what each colour and line means
    legend = page.locator(".geomap-legend")
    toggle = legend.locator(".geomap-legend-toggle")
    was = toggle.get_attribute("aria-expanded")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") != was
    if was == "true":
        page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert legend.get_attribute("aria-label") == "Legend"
    assert "Shipments" in legend.inner_text() and "planned, alleged or inferred" in legend.inner_text()
    assert legend.locator("[aria-hidden='true']").count() >= 3
    # and the map says what it holds
    assert "places and" in (page.locator(".folium-map").get_attribute("aria-label") or "")


def test_a_ships_track_keeps_to_the_sea_lanes_of_its_voyages(
    browser: Browser, resources: Resources, settings: Settings, tmp_path: Path
) -> None:
    voyages = [
        _as(analyse_text(text, resources, published=day), aid)
        for aid, day, text in [
            ("out", "2026-02-20", "The bulk carrier Sea Lark sailed from Odesa to Beirut on Thursday."),
            ("on", "2026-03-03", "The freighter Sea Lark sailed from Beirut to Alexandria on Monday."),
        ]
    ]
    index, _ = publish_index(voyages, tmp_path, offline=True, data_dir=settings.data_dir)
    page, _ = open_map(browser, index, network=False)
    drawn, lanes = page.evaluate(
        """() => { const v = window.geomapView;
            const track = v.trackLines[0].line.getLatLngs().map(p => [p.lat, p.lng]);
            return [track, v.data.events.filter(e => e.path).map(e => e.path)]; }"""
    )
    assert len(lanes) == 2
    # every point of both sea lanes is on the track, in order: it never cuts across the Balkans
    interior = [point for lane in lanes for point in lane[1:-1]]
    rest = iter(drawn)
    assert interior and all(point in rest for point in interior)  # a subsequence of the track


def test_a_track_is_redrawn_when_the_dates_move_along_it(browser: Browser, index_page: Path) -> None:
    page, _ = open_map(browser, index_page, network=False)
    ends = "() => window.geomapView.trackLines[0].line.getLatLngs().map(p => [p.lat, p.lng])"
    page.evaluate("() => window.geomapView.setDateRange('2026-03-01', '2026-03-03')")
    first_leg = page.evaluate(ends)
    page.evaluate("() => window.geomapView.setDateRange('2026-03-05', '2026-03-07')")
    last_leg = page.evaluate(ends)
    assert len(first_leg) == len(last_leg) == 2 and first_leg != last_leg  # two stops each: not the same two


def test_the_timeline_keys_move_a_week_and_stay_on_the_chart(browser: Browser, index_page: Path) -> None:
    page, _ = open_map(browser, index_page, network=False)
    page.locator(".geomap-timeline-chart").focus()
    page.keyboard.press("ArrowLeft")  # from all dates: the first week
    label = page.locator(".geomap-time-label")
    first = label.inner_text()
    for _ in range(30):
        page.keyboard.press("ArrowRight")
    start, end = label.inner_text().split(" – ")
    assert first != label.inner_text() and start != end  # the last week, not a single day
    page.keyboard.press("Escape")
    assert label.inner_text() == page.evaluate("() => window.geomapView.data.dateRange.join(' – ')")
