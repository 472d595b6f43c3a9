"""The geomap Prefect flow: a thin layer of tasks over ``geomap.pipeline``.

Each task wraps one library function. Articles are analysed in batches (one
task per batch, with ``nlp.pipe`` inside), never one task per sentence or
place. One failing article yields a failure record, not a failed task; a
batch task that crashes marks only its own articles as failed.

Incremental runs use the result store (``OUT/geomap.sqlite``), not Prefect's
result cache: an article whose text was already processed by the same
pipeline version is skipped, and the index is rebuilt from the store.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Prefect waits 20 s for its temporary server; its first start on a new PREFECT_HOME migrates a
# database, which took longer than that on 2 busy cores. A slow start is not a failure.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import __version__ as prefect_version
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed, wait
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote

from geomap.errors import OutputError, ServerUnreachable
from geomap.model import Article, ArticleResult, Failure, RunSummary
from geomap.pipeline import (
    PIPELINE_VERSION,
    analyse_batch,
    batches,
    is_duplicate,
    plan_run,
    publish_all,
    publish_result,
    record,
)
from geomap.settings import Settings
from geomap.store import ResultStore

# Where Prefect starts its temporary server (``SubprocessASGIServer``); errors raised there mean
# that no server could be had.
TEMPORARY_SERVER_MODULE = "prefect.server.api.server"

# More articles than this, and geomap run shows a progress bar.
PROGRESS_ABOVE = 5


@task(name="plan", retries=0, cache_policy=NO_CACHE)
def plan_task(paths: list[str], settings: Settings, force: bool) -> Any:
    """Read the inputs; split them into new articles and articles the store holds."""
    with ResultStore(settings.store_path) as store:
        return plan_run(paths, settings, store, force=force)


@task(name="analyse", task_run_name="analyse {label}", retries=0, cache_policy=NO_CACHE)
def analyse_task(articles: list[Article], settings: Settings, label: str) -> list[ArticleResult | Failure]:
    """Analyse one batch of articles, save each outcome and write each article's map."""
    logger = get_run_logger()
    by_path = {a.path: a for a in articles}
    items = []
    with ResultStore(settings.store_path) as store:
        for item in analyse_batch(articles, settings):
            record(item, store, by_path)
            if isinstance(item, ArticleResult):
                try:
                    publish_result(item, settings)
                except OutputError as exc:  # stored: the next run writes its map once it can
                    item = Failure(item.article.path, f"analysed and stored, but {exc}")
            if isinstance(item, ArticleResult):
                logger.info("mapped %s: %d places, %d events", item.article.path, len(item.places), len(item.events))
            else:
                logger.warning("failed %s", item)
            items.append(item)
    return items


@task(name="publish-index", retries=0, cache_policy=NO_CACHE)
def index_task(
    settings: Settings, failures: list[Failure], fresh: list[ArticleResult]
) -> tuple[list[str], Failure | None]:
    """Rebuild ``index.html`` and the merged GeoJSON from everything in the store (the ``fresh``
    results of this run as they are); the files written, and the failure when the output folder
    cannot be written."""
    with ResultStore(settings.store_path) as store:
        try:
            return publish_all(store.results(besides=fresh), settings, failures), None
        except OutputError as exc:
            get_run_logger().error("%s", exc)
            return [], Failure(str(settings.out_dir), f"the index was not written: {exc}")


def _label(batch: Sequence[Article]) -> str:
    first = batch[0].id
    return first if len(batch) == 1 else f"{first} +{len(batch) - 1}"


@flow(name="geomap", log_prints=False, validate_parameters=False)
def geomap_flow(paths: list[str], settings: Settings, force: bool = False) -> RunSummary:
    """Map the articles under ``paths`` into ``settings.out_dir``."""
    logger = get_run_logger()
    plan = plan_task(paths, settings, force)
    logger.info(
        "%d new article(s), %d unchanged, %d unreadable", len(plan.todo), len(plan.unchanged), len(plan.failures)
    )
    for notice in plan.notices:
        logger.warning(notice)
    analyse = analyse_task
    if settings.geocoder not in {"gazetteer", "offline", ""}:
        # A network geocoder: each request already retries with backoff (and falls back to the
        # gazetteer); a batch that still fails is tried again later. Local stages never retry.
        analyse = analyse_task.with_options(retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=10))
    futures: list[tuple[list[Article], PrefectFuture[list[ArticleResult | Failure]]]] = []
    for batch in batches(plan.todo, settings.batch_size):
        futures.append((batch, analyse.submit(batch, settings, _label(batch))))
    _progress(futures, len(plan.todo))
    results: list[ArticleResult] = []
    failures: list[Failure] = list(plan.failures)
    for batch, future in futures:
        try:
            items = future.result()
        except Exception as exc:  # noqa: BLE001 - a crashed batch fails its own articles only
            items = [Failure(a.path, f"analysis crashed ({type(exc).__name__}: {exc})") for a in batch]
        for item in items:
            (results if isinstance(item, ArticleResult) else failures).append(item)  # type: ignore[arg-type]
    # quote(): Prefect would otherwise walk every object in the results to find task inputs
    outputs, unwritten = index_task(settings, failures, quote(results))  # type: ignore[arg-type]
    failures.extend([unwritten] if unwritten is not None else [])
    summary = RunSummary(
        tuple(results),
        tuple(f for f in failures if not is_duplicate(f)),
        tuple(a.path for a in plan.unchanged) + tuple(f.path for f in failures if is_duplicate(f)),
        tuple(outputs),
        plan.notices,
    )
    _artifact(summary, settings)
    return summary


def _progress(futures: Sequence[tuple[list[Article], PrefectFuture[Any]]], total: int) -> None:
    """Wait for the batches; past a handful of articles, with a progress bar on standard error."""
    if total <= PROGRESS_ABOVE:
        wait([f for _, f in futures])
        return
    from tqdm import tqdm

    sizes = {id(future): len(batch) for batch, future in futures}
    with tqdm(total=total, desc="geomap", unit="article", file=sys.stderr) as bar:
        for future in as_completed([f for _, f in futures]):
            bar.update(sizes[id(future)])


def _artifact(summary: RunSummary, settings: Settings) -> None:
    rows = ["| article | places | events | movements | map |", "|---|---|---|---|---|"]
    for result in summary.results:
        a = result.article
        movements = sum(1 for e in result.events if e.is_movement)
        rows.append(
            f"| {_md(a.title or a.id)} | {len(result.places)} | {len(result.events)} | {movements} | "
            f"{settings.out_dir / (a.id + '.html')} |"
        )
    for failure in summary.failures:
        rows.append(f"| {_md(failure.path)} | failed: {_md(failure.reason)} | | | |")
    text = (
        f"geomap run (pipeline {PIPELINE_VERSION}): {len(summary.results)} mapped, "
        f"{len(summary.skipped)} unchanged or duplicate, {len(summary.failures)} failed. "
        f"Index: {settings.out_dir / 'index.html'}\n\n" + "\n".join(rows)
    )
    create_markdown_artifact(markdown=text, key="geomap-run", description="Articles, places and movements mapped")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:120]


def run_flow(
    paths: Sequence[str],
    settings: Settings,
    *,
    task_runner: str = "thread",
    dask_address: str | None = None,
    force: bool = False,
) -> RunSummary:
    """Run the flow, on threads (default) or on Dask."""
    flow_fn = geomap_flow
    if task_runner == "dask":
        flow_fn = geomap_flow.with_options(task_runner=dask_runner(settings, dask_address))
    with first_start_alone():
        try:
            return flow_fn(list(paths), settings, force)
        except RuntimeError as exc:
            if not _raised_by_temporary_server(exc):
                raise
            # no free port, or a server too slow to answer: Prefect's own message is a traceback
            raise ServerUnreachable(
                f"Prefect's temporary server did not start ({str(exc).split(' stdout:')[0]}); free a port "
                "on 127.0.0.1 or set PREFECT_API_URL to a running Prefect server"
            ) from None


def _raised_by_temporary_server(exc: BaseException) -> bool:
    """Whether ``exc`` comes from the code that starts Prefect's temporary server (every port in
    its range taken, or no answer within its start timeout), whatever its message says."""
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and frame.tb_frame.f_globals.get("__name__") == TEMPORARY_SERVER_MODULE


@contextlib.contextmanager
def first_start_alone() -> Iterator[None]:
    """Runs at once on a new PREFECT_HOME each start a temporary server that creates the same
    database, and all fail ("duplicate column name", "no such table"). The first run on a home
    holds a lock until its server has made the database; the others wait for it, saying so."""
    if os.environ.get("PREFECT_API_URL"):
        yield  # a server of one's own: nothing to create
        return
    from prefect.settings import get_current_settings

    home = Path(get_current_settings().home)
    home.mkdir(parents=True, exist_ok=True)
    ready = home / f".geomap-ready-{prefect_version}"
    if ready.exists():
        yield
        return
    with open(home / ".geomap-first-start.lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"geomap: waiting for another run to set up Prefect's database in {home} ...", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        if ready.exists():
            fcntl.flock(lock, fcntl.LOCK_UN)
            yield
            return
        try:
            yield
        finally:
            if (home / "prefect.db").exists():
                ready.touch()


def dask_runner(settings: Settings, address: str | None) -> Any:
    """A Dask task runner: an existing cluster at ``address``, or a local one.

    Dask worker processes need a real Prefect server (``PREFECT_API_URL``):
    without one each would start its own temporary server. So a local cluster
    uses worker processes only when a server is configured, and threads
    otherwise. Every port it opens is on 127.0.0.1.
    """
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    processes = bool(os.environ.get("PREFECT_API_URL"))
    cluster = {
        "n_workers": max(1, settings.processes) if processes else 1,
        "threads_per_worker": 1 if processes else max(2, settings.processes),
        "processes": processes,
        "dashboard_address": "127.0.0.1:0",
    }
    if processes:
        cluster["host"] = "127.0.0.1"
    else:
        cluster["worker_dashboard_address"] = "127.0.0.1:0"
    return DaskTaskRunner(cluster_kwargs=cluster)
