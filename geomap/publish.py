"""Writing a run's outputs: one map and one GeoJSON per article, and the index.

Every file is written to a temporary name and renamed into place, so a
reader never sees half a file.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from branca.element import Figure

from .events.across_articles import combine
from .export import geojson_text
from .io import INDEX_NAME, archive_files, article_files, index_files, write_atomic
from .model import ArticleResult
from .render.assets import ASSETS_DIR, SharedAssets, basemap, index_js, shared_assets
from .render.maps import RawHtml, asset_link, build_map, map_html
from .render.payload import MapView, view_of_article, view_of_articles
from .settings import default_data_dir


def publish_article(
    result: ArticleResult, out_dir: Path, *, offline: bool = False, data_dir: Path | None = None
) -> list[Path]:
    """Write ``<id>.html`` and ``<id>.geojson`` for one article."""
    html_path, geojson_path = article_files(result.article.id, out_dir)
    view = view_of_article(result, href=html_path.name)
    shared = _shared(offline, data_dir, out_dir)
    fmap = build_map(view, offline=offline, outlines=_outlines(offline, data_dir), shared=shared)
    write_atomic(html_path, map_html(fmap))
    write_atomic(geojson_path, geojson_text(combine([result])))
    return [html_path, geojson_path]


def _outlines(offline: bool, data_dir: Path | None) -> dict[str, Any] | None:
    """The country outlines an offline map draws, built into the data folder on first use."""
    if not offline:
        return None
    return basemap(data_dir if data_dir is not None else default_data_dir())


def _shared(offline: bool, data_dir: Path | None, out_dir: Path) -> SharedAssets | None:
    """The shared assets a default map links to, written into the output folder when missing (a
    page's files, as its callers report them, are its HTML and GeoJSON: not these)."""
    if offline:
        return None
    shared = shared_assets(data_dir if data_dir is not None else default_data_dir())
    write_assets(shared, out_dir)
    return shared


def write_assets(shared: SharedAssets, out_dir: Path) -> list[Path]:
    """Write into ``OUT/assets/`` each shared file not there yet; the files written. A file's name
    carries a fingerprint of its content, so one that exists is the same."""
    written = []
    for asset in shared.files():
        target = out_dir / ASSETS_DIR / asset.name
        if not target.is_file():
            written.append(write_atomic(target, asset.text))
    return written


@dataclass(frozen=True, slots=True)
class Archive:
    """A monthly archive page, as the index links to it."""

    month: str  # "2024-05"
    href: str
    articles: int


def publish_index(
    results: Sequence[ArticleResult],
    out_dir: Path,
    *,
    offline: bool = False,
    data_dir: Path | None = None,
    failures: Sequence[tuple[str, str]] = (),
    span: str = "",
    archives: Sequence[Archive] = (),
    month: str | None = None,
    new: frozenset[str] = frozenset(),
    also_at: Mapping[str, Sequence[str]] | None = None,
) -> list[Path]:
    """Write ``index.html`` (the articles on one map, with sortable lists) and ``all.geojson``; or,
    with ``month``, that month's archive page and GeoJSON. ``span`` says which days the page
    covers; ``archives`` are the monthly pages it links to; the articles whose ids are in ``new``
    (this run's) are marked new; ``also_at`` gives the other addresses of articles found at
    more than one."""
    ordered = sorted(
        results, key=lambda r: (r.article.published.isoformat() if r.article.published else "", r.article.id)
    )
    if month is None:
        index_path, geojson_path = index_files(out_dir)
        up = ""
    else:
        index_path, geojson_path = archive_files(month, out_dir)
        up = "../"
    hrefs = {r.article.id: up + article_files(r.article.id, out_dir)[0].name for r in ordered}
    view = view_of_articles(
        ordered,
        title="All articles" if month is None else f"Articles of {month}",
        hrefs=hrefs,
        new=new,
        also_at=also_at,
    )
    shared = _shared(offline, data_dir, out_dir)
    fmap = build_map(view, offline=offline, outlines=_outlines(offline, data_dir), shared=shared, up=up, height="62vh")
    root = fmap.get_root()
    assert isinstance(root, Figure)
    links = [Archive(a.month, up + a.href if month is not None else a.href, a.articles) for a in archives]
    if month is not None:
        links.insert(0, Archive("the latest articles", up + INDEX_NAME, 0))
    root.html.add_child(RawHtml(_lists(ordered, view, failures, span, links)), name="geomap_lists")
    root.header.add_child(RawHtml(f"<style>{_INDEX_CSS}</style>"), name="geomap_index_css")
    script = asset_link(shared.index, up) if shared is not None else f"<script>{index_js()}</script>"
    root.html.add_child(RawHtml(script), name="geomap_index_js")
    write_atomic(index_path, map_html(fmap))
    write_atomic(geojson_path, geojson_text(combine(ordered)))
    return [index_path, geojson_path]


def _lists(
    results: Sequence[ArticleResult],
    view: MapView,
    failures: Sequence[tuple[str, str]],
    span: str = "",
    archives: Sequence[Archive] = (),
) -> str:
    """The page around the index map: a heading, the lists (built by index.js), what was not mapped,
    and the monthly archives."""
    movements = sum(1 for e in view.events if e.is_movement)
    failed = ""
    if failures:
        items = "".join(f"<li>{html.escape(path)}: {html.escape(reason)}</li>" for path, reason in failures)
        failed = f'<section class="geomap-failures"><h2>Not mapped</h2><ul>{items}</ul></section>'
    covers = f'<p class="geomap-span">{html.escape(span)}</p>' if span else ""
    others = ""
    if archives:
        items = "".join(
            f'<li><a href="{html.escape(a.href)}">{html.escape(a.month)}</a>'
            + (f" ({a.articles} article{'s' if a.articles != 1 else ''})" if a.articles else "")
            + "</li>"
            for a in archives
        )
        others = f'<nav class="geomap-archives"><h2>Archives</h2><ul>{items}</ul></nav>'
    return f"""
<main class="geomap-index">
  <h1>geomap: {len(results)} article{"s" if len(results) != 1 else ""}, {len(view.places)} places,
      {movements} movements</h1>
  {covers}
  <section id="geomap-lists"></section>
  {failed}
  {others}
</main>
"""


_INDEX_CSS = """
html, body { height: auto !important; overflow: auto !important; }
body { display: flex; flex-direction: column; }
body > .folium-map, html > body.geomap-with-filters > .folium-map { order: 0; flex: 0 0 62vh; height: 62vh !important; }
body > .geomap-index { order: 1; }
.geomap-index { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; padding: 8px 16px 40px; }
.geomap-index h1 { font-size: 18px; margin: 10px 0; }
.geomap-index h2 { font-size: 16px; margin: 16px 0 6px; }
.geomap-sortable { border-collapse: collapse; width: 100%; }
.geomap-sortable th { cursor: pointer; text-align: left; background: #f2f2f2; position: sticky; top: 0;
  user-select: none; }
.geomap-sortable th::after { content: " \\2195"; color: #aaa; font-size: 11px; }
.geomap-sortable th[aria-sort="ascending"]::after { content: " \\25B2"; color: #333; }
.geomap-sortable th[aria-sort="descending"]::after { content: " \\25BC"; color: #333; }
.geomap-sortable td, .geomap-sortable th { border-bottom: 1px solid #e3e3e3; padding: 4px 6px; vertical-align: top; }
.geomap-failures { color: #8a2a0a; }
.geomap-timeline { margin: 6px 0 4px; }
.geomap-timeline-head { display: flex; align-items: baseline; gap: 8px; }
.geomap-timeline-head .geomap-button { margin: 0 0 0 auto; }
.geomap-timeline-chart { display: block; background: #fafaf8; border: 1px solid #e3e3e3; cursor: crosshair;
  touch-action: none; }
.geomap-timeline-range { fill: #1a5fb4; fill-opacity: 0.14; stroke: #1a5fb4; stroke-width: 1; }
.geomap-timeline-axis { display: flex; justify-content: space-between; color: #666; font-size: 11px; }
.geomap-timeline-table table { border-collapse: collapse; font-size: 12px; }
.geomap-timeline-table td, .geomap-timeline-table th { padding: 1px 6px; text-align: right; }
.geomap-new { display: inline-block; margin-right: 4px; padding: 0 4px; border-radius: 3px; background: #1a5fb4;
  color: #fff; font-size: 11px; font-weight: 600; }
"""
