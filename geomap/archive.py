"""The index and the monthly archives: what a run rebuilds, read from the store, and no more.

``index.html`` (and ``all.geojson``) show the articles of the
``settings.index_days`` days up to the newest stored article. Every month
with articles before that window has an archive page,
``archive/YYYY-MM.html`` (and its GeoJSON), which the index links to. A run
reads the window's rows and the rows of the months whose articles changed
since their page was built (the store keeps each page's count and newest
save), so its cost follows the window and what is new, not the size of the
store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .drawing import drawn_otherwise, mark_drawn
from .io import archive_files, article_files
from .model import ArticleResult, Failure
from .publish import Archive, publish_article, publish_index
from .settings import Settings
from .store import ResultStore


def publish_pages(
    store: ResultStore,
    settings: Settings,
    *,
    fresh: Sequence[ArticleResult] = (),
    failures: Sequence[Failure] = (),
    rebuild: bool = False,
) -> list[str]:
    """Rebuild the index and the archive pages that are out of date (all of them with
    ``rebuild``); the files written. An article of those pages whose own map is missing (a run
    killed after it was stored, a file deleted by hand) gets it again, without being parsed; and
    every page is drawn again, from the store, when the folder's pages were drawn another way
    (``--offline`` now and not before, another version of geomap: :func:`drawn_otherwise`)."""
    out = settings.out_dir
    redraw = drawn_otherwise(out, settings.offline_maps)
    rebuild = rebuild or redraw
    new_ids = frozenset(r.article.id for r in fresh)  # drawn by this run already
    newest = store.newest_day()
    start = newest - dt.timedelta(days=settings.index_days - 1) if newest is not None else None
    written: list[str] = []
    archives: list[Archive] = []
    also_at = store.found_at()
    for month, count, saved in store.months():
        first = dt.date.fromisoformat(f"{month}-01")
        if start is None or first >= start:
            continue  # wholly inside the window: the index shows it
        page, _ = archive_files(month, out)
        archives.append(Archive(month, f"{page.parent.name}/{page.name}", count))
        if not rebuild and page.is_file() and store.archived(month) == (count, saved):
            continue
        results = store.results(besides=fresh, since=first, until=_month_end(first))
        written += _missing_maps(results, settings, redraw=redraw, drawn=new_ids)
        written += [str(p) for p in _publish(results, settings, month=month, also_at=also_at)]
        store.mark_archived(month, count, saved)
    recent = store.results(besides=fresh, since=start)
    written += _missing_maps(recent, settings, redraw=redraw, drawn=new_ids)
    span = (
        f"The {settings.index_days} days to {newest.isoformat()} (from {start.isoformat()}); "
        "older articles are in the archives below."
        if newest is not None and start is not None and archives
        else ""
    )
    # What this run brought, marked only beside what earlier runs did: on a first run all is new.
    new = new_ids
    if all(r.article.id in new for r in recent):
        new = frozenset()
    written += [
        str(p)
        for p in _publish(
            recent, settings, failures=failures, span=span, archives=archives[::-1], new=new, also_at=also_at
        )
    ]
    mark_drawn(out, settings.offline_maps, settings.index_days)
    return written


def _publish(
    results: Sequence[ArticleResult],
    settings: Settings,
    *,
    failures: Sequence[Failure] = (),
    span: str = "",
    archives: Sequence[Archive] = (),
    month: str | None = None,
    new: frozenset[str] = frozenset(),
    also_at: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    return [
        str(p)
        for p in publish_index(
            results,
            settings.out_dir,
            offline=settings.offline_maps,
            data_dir=settings.data_dir,
            failures=[(f.path, f.reason) for f in failures],
            span=span,
            archives=archives,
            month=month,
            new=new,
            also_at=also_at,
        )
    ]


def _missing_maps(
    results: Sequence[ArticleResult], settings: Settings, *, redraw: bool = False, drawn: frozenset[str] = frozenset()
) -> list[str]:
    """Write the maps of ``results`` that are missing, or (``redraw``) all those not ``drawn`` yet."""
    written: list[str] = []
    for result in results:
        missing = not all(p.is_file() for p in article_files(result.article.id, settings.out_dir))
        if missing or (redraw and result.article.id not in drawn):
            paths = publish_article(result, settings.out_dir, offline=settings.offline_maps, data_dir=settings.data_dir)
            written += [str(p) for p in paths]
    return written


def _month_end(first: dt.date) -> dt.date:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)
