"""The geomap Prefect flow: a thin layer of tasks over ``geomap.pipeline``.

Each task wraps one library function. Articles are analysed in batches (one
task per batch, with ``nlp.pipe`` inside), never one task per sentence or
place. One failing article yields a failure record, not a failed task; a
batch task that crashes marks only its own articles as failed.

Incremental runs use the result store (``OUT/geomap.sqlite``), not Prefect's
result cache: an article whose text was already processed by the same
version of geomap (``geomap.version``) is skipped, and the index is rebuilt from the store.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from prefect import __version__ as prefect_version
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed, wait
from prefect.settings import (
    PREFECT_SERVER_ANALYTICS_ENABLED,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    temporary_settings,
)
from prefect.utilities.annotations import quote

from geomap.credentials import PASSWORD_VARIABLE, keep
from geomap.databases import is_database_url
from geomap.errors import ConfigurationError, GeomapError, ServerUnreachable
from geomap.feeds.gather import NO_SOURCES, NOTHING_FETCHED, Gathered, Sources
from geomap.model import Article, ArticleResult, Failure, RunSummary
from geomap.pipeline import (
    Plan,
    Published,
    analyse,
    batches,
    failures_of,
    fetch,
    plan,
    publish_index,
    remember_fetches,
    results_of,
    save_and_publish,
    summarise,
)
from geomap.settings import Settings
from geomap.version import version_of

# Where Prefect starts its temporary server (``SubprocessASGIServer``); errors raised there mean
# that no server could be had.
TEMPORARY_SERVER_MODULE = "prefect.server.api.server"

# More articles than this, and geomap run shows a progress bar.
PROGRESS_ABOVE = 5

# Prefect's settings for a run, unless its environment sets them: no analytics from the temporary
# server, and 120 s for it to start (Prefect waits 20 s; its first start on a new PREFECT_HOME
# migrates a database, which took longer than that on 2 busy cores: a slow start is no failure).
RUN_SETTINGS = {PREFECT_SERVER_ANALYTICS_ENABLED: False, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: 120}

# The loggers of Prefect's engine, which log a failed task or flow run with its traceback.
ENGINE_LOGGERS = ("prefect.task_runs", "prefect.flow_runs")


class WithoutTraceback(logging.Filter):
    """An error geomap raises on purpose (a GeomapError) says in one line what happened and what
    to do: Prefect's engine logs it without the traceback it gives every failure, which would come
    before that line, 30 lines each time, on screen and in Prefect's UI."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], GeomapError):
            record.exc_info = None
            record.exc_text = None
        return True


for _name in ENGINE_LOGGERS:  # in every process that runs the flow: geomap run's, and a worker's
    logging.getLogger(_name).addFilter(WithoutTraceback())

# No task is retried by Prefect. Fetching retries each feed and page itself, within one deadline
# for the source (geomap.network.Deadline), and one broken source is a failure of its own, not a
# failed task: a task retry would fetch every source of the run again, each with a new deadline,
# and multiply the time a source that drips or fails can hold the run.
fetch_task = task(fetch, name="fetch", retries=0, cache_policy=NO_CACHE)
plan_task = task(plan, name="plan", retries=0, cache_policy=NO_CACHE)
remember_task = task(remember_fetches, name="remember-fetches", retries=0, cache_policy=NO_CACHE)
analyse_task = task(analyse, name="analyse", task_run_name="analyse {articles[0].id}", retries=0, cache_policy=NO_CACHE)
save_task = task(save_and_publish, name="save-and-publish", retries=0, cache_policy=NO_CACHE)
index_task = task(publish_index, name="publish-index", retries=0, cache_policy=NO_CACHE)


@flow(name="geomap", log_prints=False, validate_parameters=False)
def geomap_flow(paths: list[str], settings: Settings, force: bool = False, sources: Sources = NO_SOURCES) -> RunSummary:
    """Map the articles under ``paths`` and of the feeds and URL lists of ``sources`` into
    ``settings.out_dir``: the stages of ``geomap.pipeline.run``, each a task. No task is retried:
    a feed's or a page's request, and a geocoder's, retries itself with backoff within the
    source's deadline (``geomap.network``), and a geocoder then falls back to the gazetteer, so
    a failing service never repeats a batch's parsing nor holds a run for more than a deadline."""
    logger = get_run_logger()
    password_from_block(settings)
    fetched: Gathered = fetch_task(sources, settings) if sources else NOTHING_FETCHED
    the_plan: Plan = plan_task(paths, settings, force=force, fetched=quote(fetched))  # type: ignore[arg-type]
    logger.info(
        "%d new article(s), %d unchanged, %d unreadable",
        len(the_plan.todo),
        len(the_plan.unchanged),
        len(the_plan.failures),
    )
    for notice in the_plan.notices:
        logger.warning(notice)
    futures = [(batch, analyse_task.submit(batch, settings)) for batch in batches(the_plan.todo, settings.batch_size)]
    published: list[Published] = []
    for batch, future in _progress(futures, len(the_plan.todo)):
        try:
            outcomes = future.result()
        except Exception as exc:  # noqa: BLE001 - a crashed batch fails its own articles only
            published.append(Published(tuple(_crashed(batch, exc, "analysis")), ()))
            continue
        try:
            # quote(): Prefect would otherwise walk every object in the results to find task inputs
            saved: Published = save_task(quote(outcomes), batch, settings)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - a batch that cannot be saved fails its own articles only
            published.append(Published(tuple(_crashed(batch, exc, "saving")), ()))
            continue
        for item in saved.outcomes:
            if isinstance(item, ArticleResult):
                logger.info("mapped %s: %d places, %d events", item.article.path, len(item.places), len(item.events))
            else:
                logger.warning("failed %s", item)
        published.append(saved)
    if fetched.remember:
        remember_task(quote(fetched), settings)  # type: ignore[arg-type]
    fresh, failures = results_of(published), failures_of(the_plan, published)
    published.append(index_task(quote(fresh), failures, settings))  # type: ignore[arg-type]
    summary = summarise(the_plan, published)
    _artifact(summary, settings)
    return summary


def _crashed(batch: Sequence[Article], exc: Exception, stage: str) -> list[Failure]:
    return [Failure(a.path, f"{stage} crashed ({type(exc).__name__}: {exc})") for a in batch]


def _progress(
    futures: Sequence[tuple[list[Article], PrefectFuture[Any]]], total: int
) -> Iterator[tuple[list[Article], PrefectFuture[Any]]]:
    """The batches as their analyses end; past a handful of articles, with a progress bar on
    standard error."""
    if total <= PROGRESS_ABOVE:
        wait([f for _, f in futures])
        yield from futures
        return
    from tqdm import tqdm

    by_future = {id(future): (batch, future) for batch, future in futures}
    with tqdm(total=total, desc="geomap", unit="article", file=sys.stderr) as bar:
        for future in as_completed([f for _, f in futures]):
            batch, _ = by_future[id(future)]
            bar.update(len(batch))
            yield batch, future


def _artifact(summary: RunSummary, settings: Settings) -> None:
    """The run's Prefect artifact: the new articles with their links and maps, their new
    movements, and every input that failed with its reason. What comes from articles and files
    (titles, names, paths, reasons) is shown as text (:func:`_md`), whatever it holds."""
    rows = ["| article | places | events | movements | map |", "|---|---|---|---|---|"]
    moves = ["| movement | who or what | when | article |", "|---|---|---|---|"]
    for result in summary.results:
        a = result.article
        title = _md(a.title or a.id)
        link = f"[{title}]({_md_url(a.path)})" if a.path.startswith(("http://", "https://")) else title
        movements = [e for e in result.events if e.is_movement]
        rows.append(
            f"| {link} | {len(result.places)} | {len(result.events)} | {len(movements)} | "
            f"{_md(str(settings.out_dir / (a.id + '.html')), limit=None)} |"
        )
        names = {p.id: p.name for p in result.places}
        for event in movements:
            origin = names.get(event.origin or "", "?")
            who = ", ".join(actor.text for actor in event.actors) or event.cargo or ""
            when = event.date.start.isoformat() if event.date else ""
            moves.append(
                f"| {_md(origin)} → {_md(names.get(event.destination or '', '?'))} ({event.type}) | {_md(who)} "
                f"| {when} | {title} |"
            )
    for failure in summary.failures:
        rows.append(f"| {_md(failure.path, limit=None)} | failed: {_md(failure.reason)} | | | |")
    for item in summary.skipped_items:
        rows.append(f"| {_md(item.url, limit=None)} | not fetched: {_md(item.reason)} | | | |")
    text = (
        f"geomap run (results version {version_of(settings)}): {len(summary.results)} mapped, "
        f"{len(summary.skipped)} unchanged or duplicate, {len(summary.skipped_items)} not fetched, "
        f"{len(summary.failures)} failed. "
        f"Index: {_md(str(settings.out_dir / 'index.html'), limit=None)}\n\n" + "\n".join(rows)
    )
    if len(moves) > 2:
        text += "\n\nNew movements:\n\n" + "\n".join(moves)
    create_markdown_artifact(markdown=text, key="geomap-run", description="Articles, places and movements mapped")


# How a text shows as itself in markdown (CommonMark, with GitHub's tables, as Prefect's UI renders
# it): HTML's specials as entities, so that no tag is made; markdown's, and template braces, after a
# backslash, so that nothing turns into emphasis, a link, a heading or a cell ("{{ 7*7 }}" stays).
_MD_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`*_{}[]()#+-.!|~\"'$"})
# Characters a link's destination holds only percent-encoded (and "&" as an entity).
_URL_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in "()<>|\\ \"'`\t\r\n"} | {"&": "&amp;"})


def _md(text: str, *, limit: int | None = 120) -> str:
    """``text`` as markdown that shows it as it is, on one line, cut to ``limit`` characters."""
    return " ".join(text.split())[:limit].translate(_MD_ESCAPES)


def _md_url(url: str) -> str:
    """An http(s) ``url`` as the destination of a markdown link, which it cannot leave."""
    return url.translate(_URL_ESCAPES)


def password_from_block(settings: Settings) -> None:
    """The PostgreSQL store's password from the Prefect Secret block ``settings.store_password_block``
    names, into this process's environment, where libpq reads it: for a worker given neither
    PGPASSWORD nor a password file. Nothing when no block is named or PGPASSWORD is set."""
    name = settings.store_password_block
    if not name or not is_database_url(settings.store_location) or os.environ.get(PASSWORD_VARIABLE):
        return
    from prefect.blocks.system import Secret

    try:
        secret = Secret.load(name)
    except ValueError:
        raise ConfigurationError(
            f"no Prefect Secret block named {name!r} holds the store's password: create it "
            f"(prefect block create secret), or set PGPASSWORD or a password file instead"
        ) from None
    keep(PASSWORD_VARIABLE, str(secret.get()), f"the password in the Secret block {name!r}")


def run_flow(
    paths: Sequence[str],
    settings: Settings,
    *,
    task_runner: str = "thread",
    dask_address: str | None = None,
    force: bool = False,
    sources: Sources = NO_SOURCES,
) -> RunSummary:
    """Run the flow, on threads (default) or on Dask. Its settings, which Prefect records, go
    without credentials (:meth:`Settings.without_credentials`)."""
    settings = settings.without_credentials()
    flow_fn = geomap_flow
    if task_runner == "dask":
        flow_fn = geomap_flow.with_options(task_runner=dask_runner(settings, dask_address))
    defaults = {setting: value for setting, value in RUN_SETTINGS.items() if setting.name not in os.environ}
    with temporary_settings(updates=defaults), first_start_alone():  # type: ignore[arg-type]
        try:
            password_from_block(settings)  # here too: before a local Dask cluster starts its worker processes
            return flow_fn(list(paths), settings, force, sources)
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
