"""Opening geomap maps in a real headless Chromium, with no internet.

A page's own files (``file:``) load as they are. With ``network``, map tile
requests are answered with a tile image, as a tile server would; anything
else, and with no network every request, is refused and recorded, so a test
can assert that a page asked for nothing unexpected.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]
# 1x1 transparent PNG for tiles.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TILES = re.compile(r"^https://([a-z]\.)?tile\.openstreetmap\.org/")


@dataclass
class Traffic:
    """What a page asked the network for."""

    tiles: int = 0
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_map(
    browser: Browser, path: Path, *, network: bool = True, width: int = 1280, height: int = 860
) -> tuple[Page, Traffic]:
    """Load a map file and wait until the map is drawn and idle.

    Without ``network`` every request that is not a file is refused: a
    closed network, or no network at all.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    traffic = Traffic()
    target = path.resolve().as_uri()

    def handle(route: Route) -> None:
        url = route.request.url
        if network and TILES.match(url):
            traffic.tiles += 1
            route.fulfill(status=200, body=BLANK_PNG, headers={"Content-Type": "image/png"})
            return
        traffic.refused.append(url)
        route.abort()

    # Every request but the page's own file goes through the handler. The file itself is left alone:
    # passing a large page through the handler would add seconds no user ever waits.
    page.route(lambda url: not url.startswith(("file:", "data:", "about:")), handle)
    page.on("console", lambda msg: traffic.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: traffic.page_errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        traffic.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(target, wait_until="load")
    wait_idle(page)
    return page, traffic


def wait_idle(page: Page, timeout: float = 20_000) -> None:
    """Until the geomap view exists, the map has loaded and two frames were painted."""
    page.wait_for_function(
        "() => window.geomapView && window.geomapView.map && window.geomapView.map._loaded", timeout=timeout
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def stats(page: Page) -> dict[str, Any]:
    return page.evaluate("() => window.geomapView.stats()")  # type: ignore[no-any-return]


def go_to_place(page: Page, name: str, *, zoom: int | None = None, popup: bool = False) -> None:
    """Centre the map on the place called ``name`` (at ``zoom``), and open its popup if asked."""
    page.evaluate(
        """([name, zoom, popup]) => {
            const v = window.geomapView;
            const i = v.data.places.findIndex(p => p.name === name);
            if (i < 0) throw new Error("no place called " + name + " on the map");
            const place = v.data.places[i];
            if (zoom !== null) v.map.setView([place.lat, place.lon], zoom, {animate: false});
            if (popup) v.placeMarkers[i].openPopup();
        }""",
        [name, zoom, popup],
    )
