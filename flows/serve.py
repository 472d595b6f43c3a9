"""``geomap serve``: the inbox flow as a Prefect deployment on a schedule.

Prefect does not schedule on its temporary (ephemeral) server, so this needs
a real one: ``make serve`` starts it, or point ``PREFECT_API_URL`` at a
shared one. Stopping with SIGTERM or Ctrl-C ends the runs in flight and
pauses the deployment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from geomap.errors import OutputBusy
from geomap.io import hold_folder
from geomap.settings import Settings

NO_SERVER = """geomap serve needs a Prefect server to schedule runs, and none answers{where}.
Either run 'make serve', which starts one on 127.0.0.1 and then this command, or start one yourself:
    prefect server start --host 127.0.0.1 --port 4200
    export PREFECT_API_URL=http://127.0.0.1:4200/api
and run geomap serve again."""


def serve_inbox(
    inbox: Path,
    settings: Settings,
    *,
    interval: float | None = None,
    cron: str | None = None,
    name: str | None = None,
) -> int:
    """Register the inbox flow with a schedule and run it until stopped; returns an exit status.

    Each inbox and output folder pair is its own deployment (unless ``name`` is given), and one
    output folder has one serve process: a second is refused, not left to take the first's runs.
    """
    from flows.server import api_healthy

    api_url = os.environ.get("PREFECT_API_URL", "")
    if not api_url or not api_healthy(api_url, timeout=2.0):
        where = f" at {api_url}" if api_url else " (PREFECT_API_URL is not set)"
        print(NO_SERVER.format(where=where), file=sys.stderr)
        return 2
    if interval is not None and interval <= 0:
        print("geomap: error: --interval must be a positive number of seconds", file=sys.stderr)
        return 2
    from flows.inbox import inbox_flow

    # The runs happen in child processes: the settings go with each run, as a parameter.
    parameters = {
        "inbox": str(inbox.resolve()),
        "out": str(settings.out_dir.resolve()),
        "offline": settings.offline_maps,
        "store": str(settings.store.resolve()) if settings.store else None,
        "settings": settings.to_environ(),
    }
    schedule = {"cron": cron} if cron else {"interval": interval or 60}
    name = name or deployment_name(inbox, settings.out_dir)
    try:
        hold = hold_folder(settings.out_dir, what=f"geomap serve ({name})")
    except OutputBusy as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return 2
    print(
        f"geomap: watching {inbox} -> {settings.out_dir} ({'cron ' + cron if cron else f'every {interval or 60:g} s'});"
        " stop with Ctrl-C or SIGTERM",
        file=sys.stderr,
    )
    with hold:
        inbox_flow.serve(name=name, parameters=parameters, limit=1, print_starting_message=False, **schedule)
    return 0


def deployment_name(inbox: Path, out: Path) -> str:
    """The inbox's name and a digest of the inbox and output folders: one deployment per pair."""
    import hashlib

    from geomap.io import slugify

    digest = hashlib.sha256(f"{inbox.resolve()}\0{out.resolve()}".encode()).hexdigest()[:8]
    return f"geomap-inbox-{slugify(inbox.resolve().name) or 'root'}-{digest}"
