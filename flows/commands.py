"""``geomap run`` and ``geomap serve``: the commands that go through Prefect.

They are added to the ``geomap`` command line through the ``geomap.commands``
entry point (``pyproject.toml``), so that the library never imports the
orchestrator. Prefect itself is imported only when one of them runs: every
other command starts without it.
"""

from __future__ import annotations

import argparse
import atexit
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from geomap.cli import (
    Command,
    allow_address_argument,
    check_run_folders,
    check_store,
    index_days_argument,
    prepare_gazetteer,
    report_nothing_new,
    report_run,
)
from geomap.errors import ConfigurationError, OutputError
from geomap.feeds.gather import Sources, feed_source
from geomap.feeds.sources_file import read_sources_file
from geomap.io import check_writable
from geomap.settings import Settings

log = logging.getLogger("geomap")


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, help="article files or folders (default: seeds/, unless --feed or --urls)"
    )
    parser.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL",
        help="an RSS, Atom or JSON Feed to map the articles of (repeatable)",
    )
    _source_arguments(parser)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: maps/)")
    parser.add_argument(
        "--offline", action="store_true", help="maps that open with no network: inlined assets, no web tiles"
    )
    parser.add_argument(
        "--store",
        metavar="FILE|URL",
        help="the result store: an SQLite file (default: OUT/geomap.sqlite), or postgresql://USER@HOST/DATABASE "
        "to share one store between machines",
    )
    parser.add_argument(
        "--task-runner",
        choices=["thread", "dask"],
        default="thread",
        help="where article tasks run (dask needs prefect-dask)",
    )
    parser.add_argument("--dask-address", help="an existing Dask scheduler, e.g. tcp://HOST:8786")
    parser.add_argument("--processes", type=int, help="worker processes for parsing (default 1)")
    parser.add_argument("--force", action="store_true", help="re-process articles already in the store")
    index_days_argument(parser)


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--urls", action="append", default=[], type=Path, metavar="FILE", help="a file of article URLs, one a line"
    )
    parser.add_argument(
        "--sources",
        type=Path,
        metavar="TOML",
        help="a sources.toml naming feeds (with a label, an interval and keywords each) and URL lists",
    )
    allow_address_argument(parser)


def _sources(args: argparse.Namespace) -> tuple[Sources, tuple[float, ...]]:
    """The feeds and URL lists the command line names, and the interval of each feed (0: the
    command's own); ConfigurationError for a URL that is not http(s) or a broken sources file."""
    feeds = [feed_source(url) for url in args.feed]
    intervals = [0.0] * len(feeds)
    url_lists = [str(p) for p in args.urls]
    if args.sources is not None:
        listed = read_sources_file(args.sources)
        feeds.extend(listed.sources.feeds)
        intervals.extend(listed.intervals)
        url_lists.extend(listed.sources.url_lists)
    return Sources(tuple(feeds), tuple(url_lists)), tuple(intervals)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.pending import check_paths, find_inputs, work_to_do

    sources, _ = _sources(args)
    paths = args.paths or ([] if sources else [Path("seeds")])
    # Answered before Prefect is imported or its server started: a missing path, no articles,
    # nothing new. What feeds and URL lists hold is known only once they are fetched, in the flow.
    if sources:
        check_paths(paths)
    else:
        inputs = find_inputs(paths, settings)
    check_store(settings)  # a store that does not open is one line, before anything starts
    if not sources:
        reason = "--force" if args.force else work_to_do(inputs, settings)
        if reason is None:
            return report_nothing_new(len(inputs.files), settings)
        log.info("a run is needed: %s", reason)
    check_run_folders(settings)
    prepare_gazetteer(settings)
    writable_prefect_home()
    from geomap.orphans import start_watcher

    from .geomap_flow import run_flow

    start_watcher()  # Prefect's temporary server must not outlive a killed run
    summary = run_flow(
        [str(p) for p in paths],
        settings,
        task_runner=args.task_runner,
        dask_address=args.dask_address,
        force=args.force,
        sources=sources,
    )
    return report_run(summary, [*paths, *(f.url for f in sources.feeds), *sources.url_lists], settings)


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inbox", type=Path, help="a folder to map the new article files of")
    parser.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="an RSS, Atom or JSON Feed to follow (repeatable)"
    )
    _source_arguments(parser)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: maps/)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--interval", type=float, help="seconds between runs (default 60)")
    when.add_argument("--cron", help="a cron expression, e.g. '*/15 * * * *'")
    parser.add_argument(
        "--offline", action="store_true", help="maps that open with no network: inlined assets, no web tiles"
    )
    parser.add_argument(
        "--store",
        metavar="FILE|URL",
        help="the result store: an SQLite file (default: OUT/geomap.sqlite), or postgresql://USER@HOST/DATABASE "
        "to share one store between machines",
    )
    index_days_argument(parser)
    parser.add_argument(
        "--name", default=None, help="the deployment's name (default: from the inbox and output folders)"
    )


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from .serve import serve_sources

    sources, intervals = _sources(args)
    if args.inbox is None and not sources:
        raise ConfigurationError("geomap serve needs --inbox, --feed, --urls or --sources")
    check_store(settings)
    return serve_sources(
        args.inbox,
        list(zip(sources.feeds, intervals, strict=True)),
        sources.url_lists,
        settings,
        interval=args.interval,
        cron=args.cron,
        name=args.name,
    )


def writable_prefect_home() -> None:
    """Prefect keeps its temporary server's database in PREFECT_HOME (``~/.prefect``). When that
    cannot be written (a read-only HOME) and no server of one's own is set, a one-off run uses a
    temporary folder instead, and says so."""
    if os.environ.get("PREFECT_API_URL"):
        return
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    try:
        check_writable(home)
    except OutputError:
        temporary = tempfile.mkdtemp(prefix="geomap-prefect-")
        os.environ["PREFECT_HOME"] = temporary
        atexit.register(shutil.rmtree, temporary, ignore_errors=True)
        print(
            f"geomap: Prefect's home {home} is not writable; this run keeps Prefect's database in {temporary}",
            file=sys.stderr,
        )


RUN = Command("run", "run the Prefect flow over articles and write maps", _run_arguments, _run, stops_at_once=True)
SERVE = Command(
    "serve", "follow feeds, URL lists or an inbox folder and map new articles on a schedule", _serve_arguments, _serve
)
