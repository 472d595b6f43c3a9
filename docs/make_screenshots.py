"""Regenerate the README screenshots: the sample article, and a small story of written articles
that shows a sea route, a track and a filtered view (needs what ``make test`` installs).

    .venv/bin/python docs/make_screenshots.py

The maps are built offline (Natural Earth outlines, no tiles), so the
pictures look the same on any machine.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.pipeline import run  # noqa: E402
from geomap.settings import Settings  # noqa: E402
from tests.browser import chromium, go_to_place, open_map  # noqa: E402

DOCS = ROOT / "docs"

# Written for the screenshots: a grain ship's voyages, a minister's tour told in two articles, a
# planned deployment and a denied arms transfer.
STORY = {
    "grain-ship-leaves-odesa": (
        "2026-02-20",
        "Grain ship leaves Odesa",
        "The bulk carrier Sea Lark sailed from Odesa to Lebanon on Thursday with 26,000 tonnes of corn, "
        "the port authority said.",
    ),
    "sea-lark-reaches-alexandria": (
        "2026-03-03",
        "Sea Lark sails on to Alexandria",
        "After unloading in Beirut, the freighter Sea Lark sailed from Beirut to Alexandria on Monday to load cotton.",
    ),
    "varga-opens-africa-tour": (
        "2026-03-04",
        "Varga opens Africa tour",
        "Foreign Minister Lena Varga flew from Budapest to Nairobi on Monday for talks on trade.",
    ),
    "varga-ends-tour": (
        "2026-03-07",
        "Varga ends tour in Cairo",
        "Hungarian Foreign Minister Lena Varga arrived in Cairo from Addis Ababa on Friday.",
    ),
    "troops-to-estonia": (
        "2026-02-25",
        "Troops to be sent to Estonia",
        "The government plans to deploy 300 troops to Estonia next month, officials said. "
        "Russia denied sending weapons to Sudan.",
    ),
}


def story_screenshots(browser: object, out: Path) -> None:
    """The sea route, a track and a filtered view, from the written story."""
    inbox = out / "story"
    inbox.mkdir()
    for name, (day, title, text) in STORY.items():
        (inbox / f"{name}.txt").write_text(f"---\ntitle: {title}\ndate: {day}\n---\n{text}\n", encoding="utf-8")
    maps = out / "story-maps"
    settings = Settings.from_env().with_overrides(out_dir=maps, offline_maps=True, store=str(out / "story.sqlite"))
    run([inbox], settings)
    index = maps / "index.html"
    page, _ = open_map(browser, index, width=1280, height=1000)  # type: ignore[arg-type]
    page.evaluate("() => { window.geomapView.map.setView([38.5, 31.5], 5, {animate: false}); }")
    # hover the middle of the first sea route, as a reader would, for its tooltip
    x, y = page.evaluate(
        """() => { const v = window.geomapView;
            const sea = v.movementLines.find(m => m.event.route === "sea").line.getLatLngs();
            const p = v.map.latLngToContainerPoint(sea[Math.floor(sea.length / 2)]);
            const box = v.map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }"""
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(400)
    page.screenshot(path=str(DOCS / "sea-route.png"))
    page.reload()
    page.wait_for_function("() => window.geomapView && window.geomapView.map._loaded")
    page.locator("#geomap-tracks .geomap-track-button", has_text="Sea Lark").click()
    page.wait_for_timeout(600)
    page.screenshot(path=str(DOCS / "track.png"))
    page.goto("about:blank")
    page.goto(index.resolve().as_uri() + "#status=planned,alleged,denied")
    page.wait_for_function("() => window.geomapView && window.geomapView.map._loaded")
    page.wait_for_timeout(400)
    page.screenshot(path=str(DOCS / "filtered.png"), full_page=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        settings = Settings.from_env().with_overrides(out_dir=Path(out), offline_maps=True)
        summary = run([ROOT / "seeds"], settings)
        (result,) = summary.results
        article_map = Path(out) / f"{result.article.id}.html"
        with chromium() as browser:
            page, _ = open_map(browser, article_map, width=1280, height=800)
            page.screenshot(path=str(DOCS / "sample-map.png"))
            page.evaluate("() => { window.geomapView.map.setView([41.0, 129.5], 6, {animate: false}); }")
            go_to_place(page, "Rajin", popup=True)
            page.wait_for_timeout(600)
            page.screenshot(path=str(DOCS / "sample-rajin.png"))
            index, _ = open_map(browser, Path(out) / "index.html", width=1280, height=1100)
            index.screenshot(path=str(DOCS / "sample-index.png"), full_page=False)
            story_screenshots(browser, Path(out))
    print("wrote", ", ".join(p.name for p in sorted(DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
