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

from .conftest import ROOT
from .services import create_database, dask_cluster, postgres, psql
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
def test_two_workers_of_a_work_pool_share_one_postgresql_store(tmp_path: Path, settings: Settings) -> None:
    """Prefect's database and geomap's result store both on PostgreSQL, and two process workers
    (as on two machines), each taking one run at a time. Two runs go at once over two inboxes
    that share two articles: each worker takes one, and the store holds every article once."""
    first, second, out = tmp_path / "first", tmp_path / "second", tmp_path / "maps"
    shared = write_articles(first, 5)[:2]
    write_articles(second, 3, start=5)
    for path in shared:
        shutil.copy(path, second / path.name)
    with postgres() as database_url, PrefectServer(tmp_path / "prefect", database_url=database_url) as server:
        store = create_database(database_url, "geomap")
        env = server.env() | {
            "GEOMAP_DATA_DIR": str(settings.data_dir),
            "GEOMAP_HOME": str(ROOT),
            "GEOMAP_STORE": store,
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
        workers = []
        for name in ("one", "two"):
            with open(tmp_path / f"worker-{name}.log", "wb") as log:
                workers.append(
                    subprocess.Popen(
                        [prefect, "worker", "start", "--pool", "geomap", "--type", "process", "--limit", "1"],
                        env=env,
                        cwd=ROOT,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        try:
            for inbox in (first, second):
                cli("deployment", "run", "geomap-inbox/inbox", "--param", f"inbox={inbox}", "--param", f"out={out}")
            deadline = time.monotonic() + 400
            states: list[str] = []
            while time.monotonic() < deadline:
                states = psql(
                    database_url, "select state_type from flow_run where parent_task_run_id is null"
                ).split()  # the two deployment runs (each runs the geomap flow as a subflow)
                if len(states) == 2 and all(s in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} for s in states):
                    break
                time.sleep(2)
        finally:
            for worker in workers:
                stop_group(worker)
        logs = [(tmp_path / f"worker-{name}.log").read_text() for name in ("one", "two")]
        assert states == ["COMPLETED", "COMPLETED"], logs[0][-2000:] + logs[1][-2000:]
        assert all("submitting flow run" in log for log in logs), "each worker took one of the two runs"
        rows = psql(store, "select path, count(*) from article group by hash, path order by path").splitlines()
        with ResultStore(store) as results:
            counts = results.counts()
    assert len(rows) == 8 and all(row.endswith("|1") for row in rows)  # 8 distinct articles, each once
    assert counts["articles"] == 8 and counts["events"] == 8
    assert len(list(out.glob("ships-*.html"))) == 8
    mapped = {
        a
        for f in json.loads((out / "all.geojson").read_text())["features"]
        for a in f["properties"].get("articles", [])
    }
    assert mapped == {path.stem for path in [*first.iterdir(), *second.iterdir()]}  # the index shows all 8
