"""``geomap serve``: the inbox and each feed as Prefect deployments, each on its schedule.

Prefect does not schedule on its temporary (ephemeral) server, so this needs
a real one: ``make serve`` starts it, or point ``PREFECT_API_URL`` at a
shared one. Stopping with SIGTERM or Ctrl-C ends the runs in flight and
pauses the deployment.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geomap.databases import absolute_store
from geomap.errors import OutputBusy
from geomap.feeds.gather import FeedSource
from geomap.io import hold_folder
from geomap.settings import Settings

NO_SERVER = """geomap serve needs a Prefect server to schedule runs, and none answers{where}.
Either run 'make serve', which starts one on 127.0.0.1 and then this command, or start one yourself:
    prefect server start --host 127.0.0.1 --port 4200
    export PREFECT_API_URL=http://127.0.0.1:4200/api
and run geomap serve again."""


def serve_sources(
    inbox: Path | None,
    scheduled: Sequence[tuple[FeedSource, float]],
    url_lists: Sequence[str],
    settings: Settings,
    *,
    interval: float | None = None,
    cron: str | None = None,
    name: str | None = None,
) -> int:
    """Register a deployment for the inbox (if any), one for each feed with its own schedule, and
    one for the URL lists, and run them until stopped; returns an exit status.

    ``interval``/``cron`` schedule the inbox and the URL lists, and the feeds given on the command
    line; a sources file gives each of its feeds its own interval (``scheduled``). One output
    folder has one serve process: a second is refused, not left to take the first's runs.
    """
    from flows.server import api_healthy

    settings = settings.without_credentials()  # the deployments carry the settings: credentials stay here
    api_url = os.environ.get("PREFECT_API_URL", "")
    if not api_url or not api_healthy(api_url, timeout=2.0):
        where = f" at {api_url}" if api_url else " (PREFECT_API_URL is not set)"
        print(NO_SERVER.format(where=where), file=sys.stderr)
        return 2
    if interval is not None and interval <= 0:
        print("geomap: error: --interval must be a positive number of seconds", file=sys.stderr)
        return 2
    from prefect import serve

    from flows.feeds import feed_flow, feed_parameters
    from flows.inbox import inbox_flow

    # The runs happen in child processes: the settings go with each run, as a parameter; the
    # credentials held in this process's environment (geomap.credentials) go as the processes'.
    common = {
        "out": str(settings.out_dir.resolve()),
        "offline": settings.offline_maps,
        "store": absolute_store(settings.store) if settings.store else None,
        "settings": settings.to_environ(),
    }
    schedule: dict[str, Any] = {"cron": cron} if cron else {"interval": interval or 60}
    deployments = []
    said = []
    if inbox is not None:
        inbox_name = name or deployment_name(inbox, settings.out_dir)
        deployments.append(
            inbox_flow.to_deployment(name=inbox_name, parameters={"inbox": str(inbox.resolve()), **common}, **schedule)
        )
        said.append(f"{inbox} ({_when(schedule)})")
    for feed, seconds in scheduled:
        feed_schedule = schedule if seconds <= 0 else {"interval": seconds}
        deployments.append(
            feed_flow.to_deployment(
                name=feed_deployment_name(feed, settings.out_dir),
                parameters={"feeds": [feed_parameters(feed)], **common},
                description=f"Map the new articles of the feed {feed.label or feed.url} ({feed.url})",
                tags=["geomap", "feed"],
                **feed_schedule,
            )
        )
        said.append(f"{feed.label or feed.url} ({_when(feed_schedule)})")
    if url_lists:
        deployments.append(
            feed_flow.to_deployment(
                name=f"geomap-urls-{_digest(chr(0).join(url_lists), settings.out_dir)}",
                parameters={"url_lists": list(url_lists), **common},
                description="Map the new articles of URL lists: " + ", ".join(url_lists),
                tags=["geomap", "urls"],
                **schedule,
            )
        )
        said.append(f"{', '.join(url_lists)} ({_when(schedule)})")
    try:
        hold = hold_folder(settings.out_dir, what=f"geomap serve ({name or 'feeds'})")
    except OutputBusy as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return 2
    print(
        f"geomap: watching {'; '.join(said)} -> {settings.out_dir}; stop with Ctrl-C or SIGTERM",
        file=sys.stderr,
    )
    with hold:
        serve(*deployments, limit=max(1, len(deployments)), print_starting_message=False)
    return 0


def _when(schedule: dict[str, Any]) -> str:
    return f"cron {schedule['cron']}" if "cron" in schedule else f"every {schedule['interval']:g} s"


def _digest(key: str, out: Path) -> str:
    import hashlib

    return hashlib.sha256(f"{key}\0{out.resolve()}".encode()).hexdigest()[:8]


def feed_deployment_name(feed: FeedSource, out: Path) -> str:
    """A name people recognise in the Prefect UI (the feed's label, else its site and path) and a
    digest of the feed and the output folder: one deployment per pair."""
    from urllib.parse import urlsplit

    from geomap.io import slugify

    parts = urlsplit(feed.url)
    readable = slugify(feed.label or f"{parts.hostname}{parts.path}", max_length=50)
    return f"geomap-feed-{readable}-{_digest(feed.url, out)}"


def deployment_name(inbox: Path, out: Path) -> str:
    """The inbox's name and a digest of the inbox and output folders: one deployment per pair."""
    import hashlib

    from geomap.io import slugify

    digest = hashlib.sha256(f"{inbox.resolve()}\0{out.resolve()}".encode()).hexdigest()[:8]
    return f"geomap-inbox-{slugify(inbox.resolve().name) or 'root'}-{digest}"
