"""Opening geomap maps in a real headless Chromium, with no internet.

CDN requests are answered from the npm copies in ``tests/assets`` (installed
by ``make test``), map tiles with a blank PNG, and anything else is refused
and recorded, so a test can assert that a page asked for nothing unexpected.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ASSETS = Path(__file__).parent / "assets" / "node_modules"
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
CDN = re.compile(r"^https://cdn\.jsdelivr\.net/npm/(?P<package>(?:@[^/]+/)?[^@/]+)@(?P<version>[^/]+)/(?P<path>.+)$")
TILES = re.compile(r"^https://([a-z]\.)?tile\.openstreetmap\.org/")


@dataclass
class Traffic:
    """What a page asked the network for."""

    served: list[str] = field(default_factory=list)
    tiles: int = 0
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _cdn_file(url: str) -> Path | None:
    match = CDN.match(url)
    if not match:
        return None
    package = ASSETS / match["package"]
    manifest = package / "package.json"
    if not manifest.is_file():
        return None
    import json

    version = json.loads(manifest.read_text())["version"]
    if version != match["version"]:
        return None
    target = package / match["path"].split("?")[0]
    return target if target.is_file() else None


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_map(
    browser: Browser, path: Path, *, offline: bool = False, width: int = 1280, height: int = 860
) -> tuple[Page, Traffic]:
    """Load a map file and wait until the map is drawn and idle.

    ``offline`` refuses every request that is not the file itself: an offline
    map must need nothing else.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    traffic = Traffic()
    target = path.resolve().as_uri()

    def handle(route: Route) -> None:
        url = route.request.url
        if offline:
            traffic.refused.append(url)
            route.abort()
            return
        local = _cdn_file(url)
        if local is not None:
            traffic.served.append(url)
            content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            route.fulfill(
                status=200,
                body=local.read_bytes(),
                headers={"Content-Type": content_type, "Access-Control-Allow-Origin": "*"},
            )
            return
        if TILES.match(url):
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
