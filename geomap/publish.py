"""Writing a run's outputs: one map and one GeoJSON per article, and the index.

Every file is written to a temporary name and renamed into place, so a
reader never sees half a file.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from branca.element import Element, Figure

from .events.merge import combine
from .export import to_geojson
from .io import write_atomic
from .model import ArticleResult, Role
from .render.maps import build_map, map_html
from .render.payload import view_of_article, view_of_articles

INDEX_NAME = "index.html"
COMBINED_GEOJSON = "all.geojson"


def article_files(article_id: str, out_dir: Path) -> tuple[Path, Path]:
    """Where an article's map and GeoJSON go."""
    return out_dir / f"{article_id}.html", out_dir / f"{article_id}.geojson"


def publish_article(
    result: ArticleResult, out_dir: Path, *, offline: bool = False, data_dir: Path | None = None
) -> list[Path]:
    """Write ``<id>.html`` and ``<id>.geojson`` for one article."""
    import json

    html_path, geojson_path = article_files(result.article.id, out_dir)
    view = view_of_article(result, href=html_path.name)
    fmap = build_map(view, offline=offline, data_dir=data_dir)
    write_atomic(html_path, map_html(fmap))
    write_atomic(geojson_path, json.dumps(to_geojson(combine([result])), ensure_ascii=False, indent=1))
    return [html_path, geojson_path]


def publish_index(
    results: Sequence[ArticleResult],
    out_dir: Path,
    *,
    offline: bool = False,
    data_dir: Path | None = None,
    failures: Sequence[tuple[str, str]] = (),
) -> list[Path]:
    """Write ``index.html`` (every article on one map, with sortable lists) and ``all.geojson``."""
    import json

    ordered = sorted(
        results, key=lambda r: (r.article.published.isoformat() if r.article.published else "", r.article.id)
    )
    hrefs = {r.article.id: article_files(r.article.id, out_dir)[0].name for r in ordered}
    view = view_of_articles(ordered, title="All articles", hrefs=hrefs)
    fmap = build_map(view, offline=offline, data_dir=data_dir, height="62vh")
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.html.add_child(Element(_tables(ordered, view, hrefs, failures)), name="geomap_tables")
    root.header.add_child(Element(f"<style>{_INDEX_CSS}</style>"), name="geomap_index_css")
    root.html.add_child(Element(f"<script>{_SORT_JS}</script>"), name="geomap_sort_js")
    index_path = out_dir / INDEX_NAME
    write_atomic(index_path, map_html(fmap))
    geojson_path = out_dir / COMBINED_GEOJSON
    write_atomic(geojson_path, json.dumps(to_geojson(combine(ordered)), ensure_ascii=False, indent=1))
    return [index_path, geojson_path]


def _cell(value: object, sort: object | None = None) -> str:
    text = "" if value is None else str(value)
    key = text if sort is None else str(sort)
    return f'<td data-sort="{html.escape(key, quote=True)}">{html.escape(text)}</td>'


def _tables(
    results: Sequence[ArticleResult], view: object, hrefs: dict[str, str], failures: Sequence[tuple[str, str]]
) -> str:
    from .render.payload import MapView

    assert isinstance(view, MapView)
    place_names = {p.id: p.name for p in view.places}
    titles = {r.article.id: r.article.title or r.article.id for r in results}
    rows = []
    for r in results:
        a = r.article
        movements = sum(1 for e in r.events if e.is_movement)
        link = f'<a href="{html.escape(hrefs[a.id], quote=True)}">{html.escape(a.title or a.id)}</a>'
        rows.append(
            f'<tr><td data-sort="{html.escape(a.title or a.id, quote=True)}">{link}</td>'
            + _cell(a.published.isoformat() if a.published else "")
            + _cell(a.date_source)
            + _cell(len(r.places), len(r.places))
            + _cell(len(r.events), len(r.events))
            + _cell(movements, movements)
            + "</tr>"
        )
    event_rows = []
    for event in view.events:
        links = " ".join(
            f'<a href="{html.escape(hrefs[s], quote=True)}">{html.escape(titles.get(s, s)[:40])}</a>'
            for s in event.sources
            if s in hrefs
        )
        where = ", ".join(place_names.get(p, p) for p in event.place_ids(Role.LOCATION))
        event_rows.append(
            "<tr>"
            + _cell(event.date.iso if event.date else "", event.date.start.isoformat() if event.date else "")
            + _cell(str(event.type))
            + _cell(str(event.status) + (" (denied by " + ", ".join(event.denied_by) + ")" if event.denied_by else ""))
            + _cell(", ".join(a.text for a in event.actors))
            + _cell(place_names.get(event.origin or "", "") + (" (inferred)" if event.inferred_origin else ""))
            + _cell(place_names.get(event.destination or "", ""))
            + _cell(where)
            + _cell(event.count or "", event.count or 0)
            + f'<td data-sort="{len(event.sources)}">{links}</td>'
            + _cell(event.sentence[:220])
            + "</tr>"
        )
    failed = ""
    if failures:
        items = "".join(f"<li>{html.escape(path)}: {html.escape(reason)}</li>" for path, reason in failures)
        failed = f'<section class="geomap-failures"><h2>Not mapped</h2><ul>{items}</ul></section>'
    return f"""
<main class="geomap-index">
  <h1>geomap: {len(results)} article{"s" if len(results) != 1 else ""}, {len(view.places)} places,
      {sum(1 for e in view.events if e.is_movement)} movements</h1>
  <section>
    <h2>Articles</h2>
    <table class="geomap-sortable" id="geomap-articles">
      <thead><tr><th>Title</th><th>Date</th><th>Date from</th><th>Places</th><th>Events</th>
      <th>Movements</th></tr></thead>
      <tbody>{"".join(rows)}</tbody>
    </table>
  </section>
  <section>
    <h2>Events</h2>
    <table class="geomap-sortable" id="geomap-events">
      <thead><tr><th>Date</th><th>Type</th><th>Status</th><th>Who</th><th>From</th><th>To</th><th>At</th>
      <th>Count</th><th>Sources</th><th>Evidence</th></tr></thead>
      <tbody>{"".join(event_rows)}</tbody>
    </table>
  </section>
  {failed}
</main>
"""


_INDEX_CSS = """
html, body { height: auto !important; overflow: auto !important; }
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
"""

_SORT_JS = """
(function () {
  function key(row, index) { return row.children[index].getAttribute("data-sort") || ""; }
  document.querySelectorAll("table.geomap-sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, index) {
      th.setAttribute("role", "button");
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = rows.every(function (r) { var k = key(r, index); return k === "" || !isNaN(+k); });
        rows.sort(function (a, b) {
          var x = key(a, index), y = key(b, index);
          var c = numeric ? (+x || 0) - (+y || 0) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
"""
