"""Scheduled runs on a real Prefect server: geomap serve, make serve, and what happens without a server."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest

from flows.server import PrefectServer, free_port
from geomap.settings import Settings
from geomap.store import ResultStore

from .conftest import SAMPLE

pytestmark = pytest.mark.prefect_server
SECOND = "Ferry news\n\nDOVER, Oct 20 (Reuters) - A ferry sailed from Dover to Calais on Friday, the port said."


def wait_for(condition, timeout: float, what: str) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


def processed_at(store_path: Path, name: str) -> float:
    with ResultStore(store_path) as store:
        row = store.db.execute("SELECT processed_at FROM article WHERE path LIKE ?", (f"%{name}",)).fetchone()
    return float(row[0])


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_serve_maps_each_new_article_once(tmp_path: Path, settings: Settings) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "maps"
    inbox.mkdir()
    # Settings the scheduled runs must be handed whole, among them those that once stayed behind.
    travelling = {"GEOMAP_BATCH_SIZE": "3", "GEOMAP_MAX_BYTES": "5000000", "GEOMAP_FETCH_DEADLINE": "30"}
    with PrefectServer(tmp_path / "prefect") as server:
        env = server.env() | {"GEOMAP_DATA_DIR": str(settings.data_dir)} | travelling
        with open(tmp_path / "serve.log", "wb") as log:
            serving = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "geomap.cli",
                    "serve",
                    "--inbox",
                    str(inbox),
                    "--out",
                    str(out),
                    "--interval",
                    "10",
                    "--follow-links",
                    "--index-days",
                    "400",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        seen: set[int] = set()
        try:
            shutil.copy(SAMPLE, inbox / SAMPLE.name)
            first = out / f"{SAMPLE.stem}.html"

            def first_done() -> bool:
                seen.update(p.pid for p in descendants(serving.pid))
                return first.is_file() and (out / "index.html").is_file()

            wait_for(first_done, 60, "the first article's map")
            stamp = processed_at(out / "geomap.sqlite", SAMPLE.name)
            (inbox / "second.txt").write_text(SECOND, encoding="utf-8")

            def second_done() -> bool:
                seen.update(p.pid for p in descendants(serving.pid))
                index = out / "index.html"
                return (out / "second.html").is_file() and "second.html" in index.read_text()

            wait_for(second_done, 60, "the second article's map and its place in the index")
            assert processed_at(out / "geomap.sqlite", SAMPLE.name) == stamp, "the first article was parsed again"
            with ResultStore(out / "geomap.sqlite") as store:
                assert store.counts()["articles"] == 2
            # What a scheduled run was handed, as Prefect recorded it, reads back as what serve was given.
            handed = Settings.from_env(_last_run_parameters(server.api_url)["settings"])
            assert (handed.batch_size, handed.max_bytes, handed.fetch_deadline) == (3, 5_000_000, 30.0)
            assert (handed.follow_links, handed.index_days) == (True, 400)
        finally:
            os.killpg(serving.pid, signal.SIGTERM)
            serving.wait(90)
        assert serving.returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]
        time.sleep(1)
        alive = [pid for pid in seen if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
        assert alive == [], "processes left behind after SIGTERM"


def _last_run_parameters(api_url: str) -> dict[str, Any]:
    """The parameters of the newest flow run the Prefect server at ``api_url`` holds."""
    query = json.dumps({"sort": "START_TIME_DESC", "limit": 1}).encode()
    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter", data=query, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)[0]["parameters"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("api_url", [pytest.param(None, id="not-set"), pytest.param("closed", id="nothing-listens")])
def test_serve_without_a_server_says_what_to_do(tmp_path: Path, api_url: str | None) -> None:
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    if api_url == "closed":
        env["PREFECT_API_URL"] = f"http://127.0.0.1:{free_port()}/api"
    done = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "serve", "--inbox", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "make serve" in done.stderr and "prefect server start" in done.stderr


def test_make_serve_starts_a_server_and_stops_cleanly(tmp_path: Path, settings: Settings) -> None:
    """``make serve`` with a port and offline maps: the map is made, the link in the run's log
    opens the run in Prefect's UI, and stopping leaves nothing running."""
    inbox, out, port = tmp_path / "inbox", tmp_path / "maps", free_port()
    env = dict(os.environ) | {"GEOMAP_DATA_DIR": str(settings.data_dir)}
    env.pop("PREFECT_API_URL", None)
    with open(tmp_path / "local.log", "wb") as log:
        local = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.local_server",
                "--inbox",
                str(inbox),
                "--out",
                str(out),
                "--interval",
                "5",
                "--port",
                str(port),
                "--offline",
                "--home",
                str(tmp_path / "prefect"),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    seen: set[int] = set()
    try:
        shutil.copy(SAMPLE, tmp_path / "staging.txt")
        (tmp_path / "staging.txt").rename(inbox / "article.txt") if inbox.exists() else None

        def mapped() -> bool:
            seen.update(p.pid for p in descendants(local.pid))
            if inbox.exists() and not (inbox / "article.txt").exists():
                shutil.copy(SAMPLE, inbox / "article.txt")
            return (out / "article.html").is_file()

        wait_for(mapped, 120, "a map from the served flow")
        assert "tile.openstreetmap.org" not in (out / "article.html").read_text(encoding="utf-8")  # offline
        links = re.findall(r"View at (\S+)", (tmp_path / "local.log").read_text(errors="replace"))
        assert links and all(link.startswith(f"http://127.0.0.1:{port}/runs/flow-run/") for link in links)
        run_id = links[-1].rsplit("/", 1)[1]
        # The page a browser opens, and the run it shows (which the page asks the API for).
        opened = urllib.request.Request(links[-1], headers={"Accept": "text/html"})
        with urllib.request.urlopen(opened, timeout=30) as page:
            assert page.status == 200 and "<title>Prefect Server</title>" in page.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/flow_runs/{run_id}", timeout=30) as answer:
            assert json.load(answer)["id"] == run_id
    finally:
        os.kill(local.pid, signal.SIGTERM)
        local.wait(120)
    assert local.returncode == 0, (tmp_path / "local.log").read_text()[-3000:]
    time.sleep(1)
    alive = [pid for pid in seen if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert alive == [], "make serve left processes behind"


def test_make_serve_says_why_the_server_did_not_start(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "flows.local_server", "--port", str(port), "--home", str(tmp_path / "prefect")]
        done = subprocess.run(
            [*command, "--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "maps")],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 2
    assert f"Port {port} is already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_settings_travel_to_a_scheduled_run_whole(tmp_path: Path) -> None:
    """``geomap serve`` hands each run its settings as a parameter (``Settings.to_environ``) instead
    of writing them into its own environment: what the run reads back is what serve was given."""
    import datetime as dt

    from geomap.settings import Settings

    given = Settings.from_env({}).with_overrides(
        model="some_model",
        data_dir=tmp_path / "data",
        gazetteer=tmp_path / "gaz.sqlite",
        geocoder="photon",
        geocoder_options={"domain": "127.0.0.1:9", "timeout": "3"},
        user_agent="tests/1.0",
        reference_date=dt.date(2024, 2, 29),
        offline_maps=True,
        store="postgresql://geomap@db.example/news",
    )
    assert Settings.from_env(given.to_environ()) == given
    assert Settings.from_env(Settings.from_env({}).to_environ()) == Settings.from_env({})
