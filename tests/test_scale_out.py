"""Scaling out on real engines: Dask (local and an existing cluster) and a process work pool on PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.server import PrefectServer, stop_group
from geomap.settings import Settings
from geomap.store import ResultStore

from .conftest import ROOT, SAMPLE
from .services import dask_cluster, postgres, psql
from .test_store import write_articles

pytestmark = [pytest.mark.slow]


def _geomap_run(args: list[str], env: dict[str, str], log: Path, timeout: float = 600) -> int:
    with open(log, "ab") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "geomap.cli", "run", *args],
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    return done.returncode


def test_dask_local_cluster(tmp_path: Path, settings: Settings) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "maps"
    write_articles(inbox, 6)
    env = dict(os.environ) | {"GEOMAP_DATA_DIR": str(settings.data_dir)}
    env.pop("PREFECT_API_URL", None)
    code = _geomap_run([str(inbox), "--out", str(out), "--task-runner", "dask"], env, tmp_path / "run.log")
    log = (tmp_path / "run.log").read_text()
    assert code == 0, log[-3000:]
    assert "PrefectDaskClient" in log  # the flow's tasks went to a Dask cluster
    with ResultStore(out / "geomap.sqlite") as store:
        assert store.counts()["articles"] == 6
    assert len(list(out.glob("ships-*.html"))) == 6


@pytest.mark.prefect_server
def test_dask_existing_cluster(tmp_path: Path, settings: Settings) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "maps"
    write_articles(inbox, 4)
    with PrefectServer(tmp_path / "prefect") as server:
        env = server.env() | {"GEOMAP_DATA_DIR": str(settings.data_dir)}
        with dask_cluster(env, tmp_path) as address:
            code = _geomap_run(
                [str(inbox), "--out", str(out), "--task-runner", "dask", "--dask-address", address],
                env,
                tmp_path / "run.log",
            )
            assert code == 0, (tmp_path / "run.log").read_text()[-3000:]
            worker_log = (tmp_path / "worker.log").read_text()
    assert "Task run 'analyse ships-000' - Finished in state Completed()" in worker_log  # on the worker
    assert len(list(out.glob("ships-*.html"))) == 4


@pytest.mark.postgres
@pytest.mark.prefect_server
def test_work_pool_on_postgres(tmp_path: Path, settings: Settings) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "maps"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    with postgres() as database_url, PrefectServer(tmp_path / "prefect", database_url=database_url) as server:
        env = server.env() | {
            "GEOMAP_DATA_DIR": str(settings.data_dir),
            "GEOMAP_HOME": str(ROOT),
            "PREFECT_WORKER_QUERY_SECONDS": "2",
        }
        prefect = str(Path(sys.executable).with_name("prefect"))

        def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
            done = subprocess.run(
                [prefect, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
            )
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
            return done

        cli("work-pool", "create", "geomap", "--type", "process")
        cli("--no-prompt", "deploy", "--name", "inbox")
        with open(tmp_path / "worker.log", "wb") as log:
            worker = subprocess.Popen(
                [prefect, "worker", "start", "--pool", "geomap", "--type", "process"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            started = time.monotonic()
            cli(
                "deployment",
                "run",
                "geomap-inbox/inbox",
                "--param",
                f"inbox={inbox}",
                "--param",
                f"out={out}",
                "--watch",
                "--watch-timeout",
                "300",
                timeout=400,
            )
            elapsed = time.monotonic() - started
        finally:
            stop_group(worker)
        states = psql(database_url, "select state_type from flow_run where name is not null")
    assert (out / f"{SAMPLE.stem}.html").is_file(), (tmp_path / "worker.log").read_text()[-3000:]
    assert "COMPLETED" in states.split()
    assert elapsed < 300
    assert json.loads((out / "all.geojson").read_text())["features"]
