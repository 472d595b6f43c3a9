"""Shared assets against inlined ones: the size of a page and the time it takes to open.

A default page links to the shared ``assets/`` folder beside it (Leaflet, the
map client and the country outlines, written once for every page); an
offline page (``--offline``) carries all of them inline. This publishes the
sample article's map and the index both ways, then opens each page in
headless Chromium with the network refused and times navigation to idle:
the first opening (nothing cached) and again in the same browser (the shared
files cached, as when a reader goes from the index to an article).

    .venv/bin/python benchmarks/page_assets.py [--runs 5]

Needs what ``make test`` installs (Chromium).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext  # noqa: E402

from geomap.pipeline import run  # noqa: E402
from geomap.settings import Settings  # noqa: E402
from tests.browser import chromium, wait_idle  # noqa: E402

SAMPLE = next((ROOT / "seeds").glob("*.txt"))


def _open(context: BrowserContext, page: Path) -> float:
    """Seconds from navigation to the map drawn and idle, with no network."""
    tab = context.new_page()
    started = time.perf_counter()
    tab.goto(page.resolve().as_uri(), wait_until="load")
    wait_idle(tab)
    elapsed = time.perf_counter() - started
    tab.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings = Settings.from_env()
    report: dict[str, dict[str, object]] = {}
    with chromium() as browser:
        for offline in (False, True):
            out = Path(tempfile.mkdtemp(prefix="geomap-assets-"))
            run([SAMPLE], settings.with_overrides(out_dir=out, offline_maps=offline))
            pages = {"article": out / f"{SAMPLE.stem}.html", "index": out / "index.html"}
            assets = sum(p.stat().st_size for p in (out / "assets").glob("*")) if not offline else 0
            mode = "offline (inlined)" if offline else "default (shared assets)"
            report[mode] = {"assets_folder_kb": round(assets / 1e3)}
            for name, page in pages.items():
                cold, warm = [], []
                for _ in range(args.runs):
                    context = browser.new_context()  # an empty cache
                    context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
                    cold.append(_open(context, page))
                    warm.append(_open(context, page))  # the shared files now in the cache
                    context.close()
                report[mode][name] = {
                    "page_kb": round(page.stat().st_size / 1e3),
                    "open_s": round(statistics.median(cold), 3),
                    "open_again_s": round(statistics.median(warm), 3),
                }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
