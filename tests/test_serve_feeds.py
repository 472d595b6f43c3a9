"""``geomap serve --feed`` on a real Prefect server, against a news site on 127.0.0.1.

A new entry is mapped within one interval, and every story is mapped exactly
once: edited, republished under another URL, or with the serve process killed
with SIGKILL in the middle of a run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from flows.server import PrefectServer
from geomap.settings import Settings
from geomap.store import ResultStore

from .news_site import NewsSite, page, rss
from .test_serve import descendants, wait_for

pytestmark = pytest.mark.prefect_server

INTERVAL_S = 30
STORIES = {
    "/news/ferry.html": (
        "Ferry crosses to Calais",
        "A ferry sailed from Dover to Calais on Friday with 300 passengers.",
    ),
    "/news/convoy.html": (
        "Aid convoy reaches Goma",
        "An aid convoy drove from Kigali to Goma on Monday, officials said.",
    ),
    "/news/tanker.html": (
        "Tanker leaves Rotterdam",
        "The tanker Nordic Star sailed from Rotterdam to Houston on Sunday.",
    ),
}


def feed_of(site: NewsSite, paths: list[str], *, moved: dict[str, str] | None = None) -> None:
    items = []
    for path in paths:
        title, body = STORIES[path]
        listed = (moved or {}).get(path, path)
        items.append((site.url(listed), title, "Fri, 03 May 2024 08:00:00 GMT", body[:60]))
    site.put("/feed.xml", rss(items), "application/rss+xml")


def start_serving(site: NewsSite, out: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as sink:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "geomap.cli",
                "serve",
                "--feed",
                site.url("/feed.xml"),
                "--interval",
                str(INTERVAL_S),
                "--out",
                str(out),
            ],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stored(out: Path) -> dict[str, str]:
    if not (out / "geomap.sqlite").is_file():
        return {}
    with ResultStore(out / "geomap.sqlite") as store:
        return {r.article.path: r.article.text for r in store.results()}


def test_serve_feed_maps_a_new_entry_within_an_interval_and_each_story_once(
    tmp_path: Path, settings: Settings, site: NewsSite
) -> None:
    out, log = tmp_path / "maps", tmp_path / "serve.log"
    for path, story in STORIES.items():
        site.put(path, page(*story))
    feed_of(site, ["/news/ferry.html"])
    ferry, convoy, tanker = (site.url(p) for p in STORIES)
    with PrefectServer(tmp_path / "prefect") as server:
        env = server.env() | {"GEOMAP_DATA_DIR": str(settings.data_dir), "GEOMAP_FETCH_DELAY": "0"}
        serving = start_serving(site, out, env, log)
        try:
            wait_for(lambda: ferry in stored(out), 120, "the first entry's article in the store")

            # A new entry: mapped within one interval (and a little for the run itself).
            feed_of(site, ["/news/convoy.html", "/news/ferry.html"])
            took = wait_for(lambda: convoy in stored(out), 2 * INTERVAL_S, "the new entry's article")
            assert took <= 60, f"the new entry took {took:.0f} s"
            index = out / "index.html"
            wait_for(lambda: index.is_file() and "Goma" in index.read_text(encoding="utf-8"), 30, "the index")

            # Edited in place, and republished under another URL: still one article each.
            title, body = STORIES["/news/convoy.html"]
            site.put("/news/convoy.html", page(title, body.replace("on Monday", "on Tuesday, a day late")))
            site.put("/archive/ferry.html", page(*STORIES["/news/ferry.html"]))
            feed_of(site, ["/news/convoy.html", "/news/ferry.html"], moved={"/news/ferry.html": "/archive/ferry.html"})
            wait_for(lambda: "a day late" in stored(out).get(convoy, ""), 2 * INTERVAL_S + 30, "the edited article")

            # Killed with SIGKILL while a run is under way, then started again.
            feed_of(site, ["/news/tanker.html", "/news/convoy.html"])
            wait_for(lambda: len(descendants(serving.pid)) > 0, 2 * INTERVAL_S, "a run in progress")
            os.killpg(serving.pid, signal.SIGKILL)
            serving.wait(30)
            serving = start_serving(site, out, env, log)
            wait_for(lambda: tanker in stored(out), 2 * INTERVAL_S + 60, "the entry after the restart")
            time.sleep(INTERVAL_S + 5)  # one more run, which must find nothing new

            with ResultStore(out / "geomap.sqlite") as store:
                assert store.paths() == sorted([ferry, convoy, tanker])
                assert store.counts()["articles"] == 3
                [ferry_result] = [r for r in store.results() if r.article.path == ferry]
                assert store.other_paths(ferry_result.article.content_hash) == [site.url("/archive/ferry.html")]
            maps = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
            assert len(maps) == 3, maps
        finally:
            seen = [p.pid for p in descendants(serving.pid)]
            os.killpg(serving.pid, signal.SIGTERM)
            serving.wait(90)
        assert serving.returncode == 0, log.read_text()[-3000:]
        time.sleep(1)
        alive = [pid for pid in seen if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
        assert alive == [], "processes left behind after SIGTERM"
