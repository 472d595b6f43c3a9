"""The feed flow: what a scheduled run of one feed (or of URL lists) executes.

Its parameters are plain values so that a deployment can carry them: the
feeds as ``{"url", "label", "include", "exclude"}`` tables, the URL-list
files, the output folder and the pipeline settings as ``GEOMAP_*`` names and
values (``Settings.to_environ``), as the inbox flow takes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from flows.geomap_flow import geomap_flow
from geomap.feeds.gather import FeedSource, Sources
from geomap.settings import Settings


def feed_parameters(feed: FeedSource) -> dict[str, Any]:
    """A feed as a flow parameter."""
    return {"url": feed.url, "label": feed.label, "include": list(feed.include), "exclude": list(feed.exclude)}


@flow(name="geomap-feed")
def feed_flow(
    feeds: list[dict[str, Any]] | None = None,
    url_lists: list[str] | None = None,
    out: str = "maps",
    offline: bool = False,
    store: str | None = None,
    settings: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Map what is new in ``feeds`` and ``url_lists`` into ``out``; what the store holds is skipped."""
    sources = Sources(
        tuple(
            FeedSource(f["url"], f.get("label", ""), tuple(f.get("include", ())), tuple(f.get("exclude", ())))
            for f in feeds or ()
        ),
        tuple(url_lists or ()),
    )
    chosen = Settings.from_env(settings).with_overrides(out_dir=Path(out), offline_maps=offline or None, store=store)
    summary = geomap_flow([], chosen, sources=sources)
    return {
        "mapped": [r.article.path for r in summary.results],
        "unchanged": list(summary.skipped),
        "failed": [str(f) for f in summary.failures],
        "not_fetched": [str(item) for item in summary.skipped_items],
    }
