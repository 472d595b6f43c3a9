"""Regenerate the README screenshots from the sample article (needs what ``make test`` installs).

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
    print("wrote", ", ".join(p.name for p in sorted(DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
