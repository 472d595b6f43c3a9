"""The inbox flow: what scheduled runs execute.

Its parameters are plain strings so that a deployment (``geomap serve``,
``prefect.yaml``) can carry them; every other setting comes from the
``GEOMAP_*`` environment of the process that runs it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect import flow

from flows.geomap_flow import geomap_flow
from geomap.settings import Settings


@flow(name="geomap-inbox")
def inbox_flow(inbox: str, out: str = "maps", offline: bool = False, store: str | None = None) -> dict[str, Any]:
    """Map what is new in ``inbox`` into ``out``; articles the store already holds are skipped."""
    Path(inbox).mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env().with_overrides(
        out_dir=Path(out), offline_maps=offline or None, store=Path(store) if store else None
    )
    summary = geomap_flow([inbox], settings)
    return {
        "mapped": [r.article.path for r in summary.results],
        "unchanged": list(summary.skipped),
        "failed": [str(f) for f in summary.failures],
    }


if __name__ == "__main__":
    import sys

    print(inbox_flow(*sys.argv[1:2] or ["inbox"]))
