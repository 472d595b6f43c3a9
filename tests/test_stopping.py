"""A run stopped with SIGTERM or Ctrl-C ends at once, whatever it is waiting for, and sends no
request after the signal; a source that drips fails at its deadline, and the run goes on.

Each test runs ``geomap run`` in a process of its own against servers on 127.0.0.1 that drip
their answers: a fake geocoding service (:mod:`tests.geocoder_server`) and a news site
(:mod:`tests.news_site`). The articles are written for these tests.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from geomap.settings import Settings

from .geocoder_server import FakeGeocoder
from .news_site import NewsSite, page, rss
from .test_serve import wait_for

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parents[1]
USER_AGENT = "geomap-tests/1.0 (tests@example.org)"
# The target: from the signal to the end of the run and of every process it started.
STOP_WITHIN_S = 5.0
# Names the fake geocoder knows, so that each is a look-up of its own.
VOYAGE = (
    "Freighter reaches Rajin\n\n"
    "The freighter Kestrel sailed from Pyongyang to Rajin on Monday. "
    "It is due in Seoul next week, its owners said.\n"
)
STORY = (
    "Ferry reaches Split",
    "The ferry Adriana sailed from Ancona to Split on Friday with two hundred passengers.\n\n"
    "Harbour officials in Split said it docked on time.",
)


def run_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "geomap.cli", "run", *args]


def run_env(settings: Settings, tmp_path: Path, **variables: str) -> dict[str, str]:
    """The environment of a run with a data dir (geocoder cache, rate limits) of this test's own."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GEOMAP_DATA_DIR": str(tmp_path / "data"),
        "GEOMAP_GAZETTEER": str(settings.gazetteer_path),
        "GEOMAP_USER_AGENT": USER_AGENT,
        "GEOMAP_FETCH_DELAY": "0",
        **variables,
    }


@contextlib.contextmanager
def dripping_geocoder(tmp_path: Path) -> Iterator[tuple[list[str], Callable[[], int]]]:
    """The arguments of a run over one article whose every look-up drips, and the count of the
    geocoder's requests."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "voyage.txt").write_text(VOYAGE, encoding="utf-8")
    with FakeGeocoder.start() as fake:
        fake.fail("drip", delay=0.5, size=100_000, count=1000)
        options = ["--geocoder", "nominatim", "--geocoder-option", f"domain={fake.domain}"]
        yield [str(inbox), *options, "--geocoder-option", "scheme=http"], lambda: len(fake.requests())


@contextlib.contextmanager
def dripping_feed(tmp_path: Path) -> Iterator[tuple[list[str], Callable[[], int]]]:
    """The arguments of a run over one feed that drips, and the count of the site's requests."""
    site = NewsSite().start()
    try:
        site.put("/split.html", page(*STORY))
        site.put("/feed.xml", rss([(site.url("/split.html"), STORY[0], "", "")]), "application/rss+xml")
        site.drip("/feed.xml", delay=0.5)
        yield ["--feed", site.url("/feed.xml")], lambda: len(site.requests())
    finally:
        site.stop()


SOURCES = {"geocoder": dripping_geocoder, "feed": dripping_feed}


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("source", ["geocoder", "feed"])
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_a_run_stops_at_once_with_a_request_in_flight(
    settings: Settings, tmp_path: Path, source: str, stop: signal.Signals
) -> None:
    with SOURCES[source](tmp_path) as (args, requests):
        command = run_command(*args, "--out", str(tmp_path / "out"), "--offline")
        run = subprocess.Popen(
            command, env=run_env(settings, tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            wait_for(lambda: requests() > 0 or run.poll() is not None, 300, "the run's first request")
            assert run.poll() is None, run.communicate()[1].decode()[-2000:]
            started = psutil.Process(run.pid).children(recursive=True)  # Prefect's server among them
            sent = requests()
            run.send_signal(stop)
            signalled = time.monotonic()
            try:
                stderr = run.communicate(timeout=STOP_WITHIN_S)[1].decode()
            except subprocess.TimeoutExpired:
                pytest.fail(f"the run was still running {STOP_WITHIN_S:g} s after {stop.name}")
            took = time.monotonic() - signalled
        finally:
            if run.poll() is None:
                run.kill()
                run.communicate()
        assert run.returncode == 128 + stop, stderr[-2000:]
        assert ("stopped (SIGTERM)" if stop == signal.SIGTERM else "interrupted") in stderr
        print(f"{stop.name} with a dripping {source}: ended {took:.2f} s after the signal")
        left = max(0.5, STOP_WITHIN_S - took)
        wait_for(lambda: not any(running(p) for p in started), left, "the end of every process it started")
        time.sleep(0.5)  # a request sent just before the run ended would be logged by now
        assert requests() == sent  # none after the signal, neither a retry nor the next name or page


@pytest.mark.slow
def test_a_dripping_feed_fails_at_its_deadline_and_the_other_feeds_are_mapped(
    settings: Settings, tmp_path: Path
) -> None:
    site = NewsSite().start()
    try:
        site.put("/drip.xml", rss([(site.url("/never.html"), "Never read", "", "")]), "application/rss+xml")
        site.drip("/drip.xml", delay=0.5)
        site.put("/split.html", page(*STORY))
        site.put("/good.xml", rss([(site.url("/split.html"), STORY[0], "", "")]), "application/rss+xml")
        env = run_env(settings, tmp_path, GEOMAP_FETCH_DEADLINE="3")
        feeds = ["--feed", site.url("/drip.xml"), "--feed", site.url("/good.xml")]
        command = run_command(*feeds, "--out", str(tmp_path / "out"), "--offline")
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 1, done.stderr[-2000:]  # one source failed
        assert (
            f"geomap: skipped {site.url('/drip.xml')}: gave up after 1 try within its 3 s deadline: timed out"
            in done.stderr
        )
        assert "geomap: mapped 1 article, 1 failed" in done.stderr
        assert len(site.requests("/drip.xml")) == 1  # no retry past the deadline, no task retry of the fetch
        assert len(site.requests("/split.html")) == 1
    finally:
        site.stop()


@pytest.mark.slow
def test_a_dripping_geocoder_holds_a_run_for_one_look_up_deadline(settings: Settings, tmp_path: Path) -> None:
    """Each name would wait out a look-up deadline; after the first, the offline gazetteer answers."""
    with dripping_geocoder(tmp_path) as (args, requests):
        env = run_env(settings, tmp_path, GEOMAP_LOOKUP_DEADLINE="2")
        command = run_command(*args, "--out", str(tmp_path / "out"), "--offline")
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "geomap: mapped 1 article" in done.stderr
        assert "(gave up after 1 try within its 2 s deadline: timed out); used the offline gazetteer" in done.stderr
        assert "nominatim failed for 2 s in a row, as long as a look-up may take" in done.stderr
        assert requests() == 1  # one look-up, cut at its deadline; the other names were not asked
