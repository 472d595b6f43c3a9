"""The inbox flow: what scheduled runs execute.

Its parameters are plain strings so that a deployment (``geomap serve``,
``prefect.yaml``) can carry them. The pipeline settings come as ``GEOMAP_*``
names and values (``Settings.to_environ``: what ``geomap serve`` passes), or,
when none are given, from the environment of the process that runs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from flows.geomap_flow import geomap_flow
from geomap.settings import Settings


@flow(name="geomap-inbox")
def inbox_flow(
    inbox: str,
    out: str = "maps",
    offline: bool = False,
    store: str | None = None,
    settings: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Map what is new in ``inbox`` into ``out``; articles the store already holds are skipped."""
    Path(inbox).mkdir(parents=True, exist_ok=True)
    chosen = Settings.from_env(settings).with_overrides(out_dir=Path(out), offline_maps=offline or None, store=store)
    summary = geomap_flow([inbox], chosen)
    return {
        "mapped": [r.article.path for r in summary.results],
        "unchanged": list(summary.skipped),
        "failed": [str(f) for f in summary.failures],
    }


if __name__ == "__main__":
    import sys

    print(inbox_flow(*sys.argv[1:2] or ["inbox"]))
