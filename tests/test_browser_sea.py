"""A sea route on the map, in a real headless Chromium: the line drawn stays at sea and its tooltip
says which line it is and how long."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from geomap.model import ArticleResult
from geomap.pipeline import Resources
from geomap.publish import publish_index

from .browser import Browser, Page, open_map
from .conftest import analyse_text
from .land import land_between_connectors
from .test_sea_routes import FLEW, SAILED, as_article

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sea_map(resources: Resources, tmp_path_factory: pytest.TempPathFactory) -> Path:
    sailed = analyse_text(SAILED, resources, published="2024-05-02")
    flight = as_article(analyse_text(FLEW, resources, published="2024-05-03"), "flight")
    assert isinstance(sailed, ArticleResult)
    index, _ = publish_index([sailed, flight], tmp_path_factory.mktemp("sea-map"))
    return index


def drawn_lines(page: Page) -> list[dict[str, Any]]:
    """Each movement line as drawn: its route, its km and the latlngs Leaflet holds."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => window.geomapView.movementLines.filter(m => !m.arrival).map(m => ({
            route: m.event.route_kind,
            km: Math.round(m.event.length_km),
            nm: Math.round(m.event.length_nm),
            latlngs: m.line.getLatLngs().map(p => [p.lat, p.lng]),
        }))"""
    )


def hover(page: Page, latlng: list[float]) -> str:
    """Move the mouse onto the map at ``latlng`` and return the tooltip's text."""
    x, y = page.evaluate(
        """([lat, lng]) => {
            const map = window.geomapView.map;
            const point = map.latLngToContainerPoint([lat, lng]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + point.x, box.top + point.y];
        }""",
        latlng,
    )
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    tip = page.locator(".leaflet-tooltip .geomap-route")
    tip.wait_for(timeout=5000)
    return tip.inner_text()


def test_the_drawn_sea_route_stays_at_sea_and_its_tooltip_gives_km_and_nm(
    browser: Browser, sea_map: Path, output_dir: Path
) -> None:
    page, traffic = open_map(browser, sea_map)
    lines = {line["route"]: line for line in drawn_lines(page)}
    assert set(lines) == {"sea", "great circle"}
    sea = lines["sea"]
    path = [(lat, lon) for lat, lon in sea["latlngs"]]
    assert len(path) > 20  # the stored path, not a 24-point arc
    assert land_between_connectors(path) == []
    # The middle of the Aegean crossing, well away from the flight's arc over Anatolia.
    aegean = min(path, key=lambda p: abs(p[0] - 37.5) + abs(p[1] - 25.5))
    page.evaluate("([lat, lng]) => { window.geomapView.map.setView([lat, lng], 6, {animate: false}); }", list(aegean))
    text = hover(page, list(aegean))
    km, nm = sea["km"], sea["nm"]
    assert text == f"sea route · {km:,} km · {nm:,} nm"
    assert abs(nm - km / 1.852) < 1  # both from the stored length: 1 nautical mile is 1.852 km
    page.screenshot(path=str(output_dir / "sea-route.png"))
    flight = lines["great circle"]["latlngs"]
    middle = flight[len(flight) // 2]
    page.evaluate("([lat, lng]) => { window.geomapView.map.setView([lat, lng], 6, {animate: false}); }", middle)
    page.mouse.move(5, 5)
    text = hover(page, middle)
    assert re.fullmatch(r"great circle · [\d,]+ km · [\d,]+ nm", text), text
    assert traffic.page_errors == [] and traffic.console_errors == []
    page.context.close()
