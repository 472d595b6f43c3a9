"""Map pages as the library renders them, read as HTML and as the data they hand to the client
(what the client then draws is checked in Chromium, in test_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geomap.model import ArticleResult
from geomap.publish import publish_article, publish_index
from geomap.render.assets import basemap, shared_assets
from geomap.render.maps import build_map, map_html
from geomap.render.payload import script_json, view_of_article

from .conftest import payload_of


def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json({"s": "</script><script>alert(1)</script>", "t": "`${x}`", "u": "a\u2028b"})
    assert "</script" not in text and "<" not in text and ">" not in text
    assert json.loads(text)["s"] == "</script><script>alert(1)</script>"
    assert "\\u2028" in text


def test_hostile_text_reaches_the_page_only_escaped(hostile: ArticleResult, tmp_path: Path) -> None:
    assert hostile.events, "the hostile article still has its events"
    for path in publish_article(hostile, tmp_path) + publish_index([hostile], tmp_path):
        if path.suffix != ".html":
            continue
        page = path.read_text()
        assert "window.__pwned" in page  # the text is there ...
        assert "<script>window.__pwned" not in page  # ... but never as markup
        assert "<img src=x" not in page
        assert 'onerror="window' not in page
        scripts = "".join(re.findall(r"<script[^>]*>(.*?)</script>", page, re.S))
        assert "`" not in scripts.split("GeomapView(")[-1]  # article text in scripts has no raw backtick
        assert not re.search(r"`\$\{window", scripts)
        # template syntax in the text is text: never run as a template when the page is built
        assert "{{ 6*7 }}" in page and "Crews 42" not in page
        if path.name != "index.html":
            title = re.search(r"<title>(.*?)</title>", page, re.S)
            assert title and "&lt;script&gt;" in title.group(1) and "{{ 6*7 }}" in title.group(1)
        else:  # the index lists come from the page's data: the title is there only as escaped JSON
            title = "Ships <script>window.__pwned=1</script> {{ 6*7 }} leave Odesa"
            assert payload_of(page)["articles"][0]["title"] == title
    # a failure's path and reason are text too, in the index's "Not mapped" list
    failed = publish_index([hostile], tmp_path, failures=[("{{ 6*7 }}.txt", "{% if x %} unreadable")])
    page = failed[0].read_text()
    assert "{{ 6*7 }}.txt" in page and "{% if x %} unreadable" in page


def test_article_map_html(sample_result: ArticleResult, settings) -> None:  # type: ignore[no-untyped-def]
    shared = shared_assets(settings.data_dir)
    html = map_html(build_map(view_of_article(sample_result, href="sample.html"), shared=shared))
    payload = payload_of(html)
    assert len(payload["places"]) == len(sample_result.places)
    assert len(payload["events"]) == len(sample_result.events)
    assert len(payload["movements"]) == sum(1 for e in sample_result.events if e.is_movement)
    arrivals = [m for m in payload["movements"] if m[1] is None]
    assert len(arrivals) == sum(1 for e in sample_result.events if e.is_movement and not e.origin) > 0
    # the libraries come from the assets folder beside the page; only tiles from the web
    assert f'<script src="assets/{shared.leaflet.name}">' in html and shared.leaflet.name.startswith("leaflet-")
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?://""", html)
    assert "tile.openstreetmap.org" in html and "OpenStreetMap" in html
    names = [p["name"] for p in payload["places"]]
    # A movement is [event, origin, destination, width, dashed]
    rajin = next(m for m in payload["movements"] if m[1] is not None and names[m[1]] == "Rajin")
    assert names[rajin[2]] == "Dunay"
    assert rajin[3] > 3 and rajin[4] == 0
    inferred = [m for m in payload["movements"] if payload["events"][m[0]].get("inferred_origin")]
    assert inferred and all(m[4] == 1 for m in inferred)


def test_offline_map_needs_no_network(sample_result: ArticleResult, settings) -> None:  # type: ignore[no-untyped-def]
    html = map_html(build_map(view_of_article(sample_result), offline=True, outlines=basemap(settings.data_dir)))
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?://""", html)
    assert "tile.openstreetmap.org" not in html
    assert "Natural Earth" in html
    assert payload_of(html)["basemap"]["type"] == "FeatureCollection"


def test_rendering_reads_and_writes_nothing(
    sample_result: ArticleResult,
    settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """The outlines of an offline map are given to it: building a map neither looks for a data
    folder in the environment nor writes one."""
    outlines = basemap(settings.data_dir)
    elsewhere = tmp_path / "data"
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(elsewhere))
    html = map_html(build_map(view_of_article(sample_result), offline=True, outlines=outlines))
    assert payload_of(html)["basemap"] == outlines
    assert not elsewhere.exists()
    with pytest.raises(ValueError, match="outlines"):
        build_map(view_of_article(sample_result), offline=True)
    with pytest.raises(ValueError, match="shared assets"):
        build_map(view_of_article(sample_result))
