"""The Prefect flow, run for real (ephemeral API), against the plain-Python pipeline."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from geomap.model import ArticleResult
from geomap.pipeline import run
from geomap.serialize import result_to_json
from geomap.settings import Settings
from geomap.store import ResultStore

from .conftest import HOSTILE, SAMPLE

# Every test here runs geomap (or Prefect's server) in processes of its own.
pytestmark = pytest.mark.process

BINARY = bytes(range(256)) * 20


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    (folder / "broken.txt").write_bytes(BINARY)
    return folder


def _comparable(result: ArticleResult) -> dict[str, object]:
    data = result_to_json(result)
    data["article"].pop("path")
    return data


def test_flow_gives_the_same_result_as_the_pipeline(
    prefect_api: None, settings: Settings, inbox: Path, tmp_path: Path
) -> None:
    from flows.geomap_flow import run_flow

    flow_settings = settings.with_overrides(out_dir=tmp_path / "flow-maps")
    plain_settings = settings.with_overrides(out_dir=tmp_path / "plain-maps")
    by_flow = run_flow([str(inbox)], flow_settings)
    by_pipeline = run([inbox], plain_settings)
    assert [_comparable(r) for r in by_flow.results] == [_comparable(r) for r in by_pipeline.results]
    assert len(by_flow.results) == 1
    assert [Path(f.path).name for f in by_flow.failures] == ["broken.txt"]
    assert "binary" in by_flow.failures[0].reason
    for out in (flow_settings.out_dir, plain_settings.out_dir):
        names = {p.name for p in out.iterdir()}
        assert {"index.html", "all.geojson", "geomap.sqlite", f"{SAMPLE.stem}.html", f"{SAMPLE.stem}.geojson"} <= names
        assert "broken.txt" in (out / "index.html").read_text()  # the index says what was not mapped


def test_second_run_skips_what_the_store_holds(
    prefect_api: None, settings: Settings, inbox: Path, tmp_path: Path
) -> None:
    from flows.geomap_flow import run_flow

    out_settings = settings.with_overrides(out_dir=tmp_path / "maps")
    first = run_flow([str(inbox)], out_settings)
    assert len(first.results) == 1
    (inbox / "second.txt").write_text("Ships\n\nThe ferry sailed from Dover to Calais on Monday.", encoding="utf-8")
    second = run_flow([str(inbox)], out_settings)
    assert [r.article.id for r in second.results] == ["second"]
    assert str(inbox / SAMPLE.name) in second.skipped
    with ResultStore(out_settings.store_location) as store:
        assert store.counts()["articles"] == 2
    # The new file has no date of its own: it counts for its file's day, today, so the sample
    # (2023-10-19) is more than 30 days older and is on its month's archive page, linked from the index.
    index = (out_settings.out_dir / "index.html").read_text()
    assert "second.html" in index and f"{SAMPLE.stem}.html" not in index
    assert 'href="archive/2023-10.html"' in index
    archive = (out_settings.out_dir / "archive" / "2023-10.html").read_text()
    assert f"../{SAMPLE.stem}.html" in archive
    assert 'src="../assets/leaflet-' in archive  # the assets beside the index, one folder up


def test_a_batch_that_cannot_be_saved_fails_only_its_own_articles(
    prefect_api: None, settings: Settings, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving is a task of its own: when it crashes for one batch (a fault injected into the store
    write of one article), that batch's articles are failures and the others are mapped."""
    from flows.geomap_flow import run_flow
    from geomap import pipeline

    (inbox / "broken.txt").unlink()
    (inbox / "second.txt").write_text("Ships\n\nThe ferry sailed from Dover to Calais on Monday.", encoding="utf-8")
    record = pipeline._record

    def failing(item, store, articles, version):  # type: ignore[no-untyped-def]
        if Path(getattr(item, "path", "") or item.article.path).name == SAMPLE.name:
            raise RuntimeError("the store write failed")
        record(item, store, articles, version)

    monkeypatch.setattr(pipeline, "_record", failing)
    out = settings.with_overrides(out_dir=tmp_path / "maps", batch_size=1)
    summary = run_flow([str(inbox)], out)
    assert [r.article.id for r in summary.results] == ["second"]
    assert [(Path(f.path).name, f.reason) for f in summary.failures] == [
        (SAMPLE.name, "saving crashed (RuntimeError: the store write failed)")
    ]
    assert (out.out_dir / "second.html").is_file() and (out.out_dir / "index.html").is_file()


async def _latest_artifact() -> str:
    """The markdown of the newest run artifact, as Prefect's API gives it."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    async with get_client() as client:
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["geomap-run"])),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
        )
        return str(artifacts[0].data)


def _rendered(markdown: str) -> str:
    """The artifact's HTML, as Prefect's UI renders its markdown (CommonMark with tables)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(markdown)


def _text(html: str) -> str:
    """The text a reader sees of ``html``."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_flow_publishes_an_artifact(prefect_api: None, settings: Settings, inbox: Path, tmp_path: Path) -> None:
    from flows.geomap_flow import run_flow

    run_flow([str(inbox)], settings.with_overrides(out_dir=tmp_path / "maps"))
    html = _rendered(asyncio.run(_latest_artifact()))
    assert "<th>article</th>\n<th>places</th>\n<th>events</th>\n<th>movements</th>\n<th>map</th>" in html
    shown = _text(html)
    assert "Russian Foreign Minister Thanks North Korea" in shown
    assert str(inbox / "broken.txt") in shown
    assert "New movements:" in shown and "→ Pyongyang (visit)" in shown

    from geomap.feeds.gather import FeedSource, Sources

    from .news_site import NewsSite, page, rss

    site = NewsSite().start()
    try:
        story = ("Ferry crosses to Calais", "A ferry sailed from Dover to Calais on Friday with 300 passengers.")
        site.put("/ferry.html", page(*story))
        site.put(
            "/feed.xml",
            rss([(site.url("/ferry.html"), story[0], "", ""), ("javascript:void(0)", "Menu", "", "")]),
            "application/rss+xml",
        )
        feed_settings = settings.with_overrides(out_dir=tmp_path / "feed-maps", fetch_delay=0.0)
        run_flow([], feed_settings, sources=Sources((FeedSource(site.url("/feed.xml")),)))
    finally:
        site.stop()
    html = _rendered(asyncio.run(_latest_artifact()))
    assert f'<a href="{site.url("/ferry.html")}">Ferry crosses to Calais</a>' in html
    assert "Dover → Calais" in _text(html)
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "javascript:void(0)" in r)
    assert "not fetched: a javascript: link; only http and https pages are fetched" in _text(row)


def test_run_command_exit_status_and_outputs(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "maps"
    done = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "run", str(inbox), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # one input failed
    assert "broken.txt" in done.stderr and "binary" in done.stderr
    assert "mapped 1 article" in done.stderr
    assert (out / "index.html").is_file() and (out / f"{SAMPLE.stem}.html").is_file()
    geojson = json.loads((out / f"{SAMPLE.stem}.geojson").read_text())
    assert any(f["geometry"]["type"] == "LineString" for f in geojson["features"])


def test_the_artifact_shows_what_articles_hold_as_text(prefect_api: None, settings: Settings, tmp_path: Path) -> None:
    """Titles, names and paths that hold markup, markdown and template syntax show as themselves
    when Prefect's UI renders the run's artifact (CommonMark with tables): no tag, no emphasis,
    no extra cell, and "{{ 6*7 }}" as written."""
    from flows.geomap_flow import run_flow

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ships.txt").write_text(HOSTILE, encoding="utf-8")
    hostile_name = "a|b {{ 7*7 }} <img src=x onerror=alert(1)> _x_ [y](z).txt"
    (inbox / hostile_name).write_bytes(BINARY)
    summary = run_flow([str(inbox)], settings.with_overrides(out_dir=tmp_path / "maps"))
    assert len(summary.results) == 1 and len(summary.failures) == 1
    html = _rendered(asyncio.run(_latest_artifact()))
    assert not re.search(r"<(script|b|em|strong|img)\b", html)
    shown = _text(html)
    assert "Ships <script>window.__pwned=1</script> {{ 6*7 }} leave Odesa" in shown
    assert f"{inbox / hostile_name} | failed:" not in shown  # the file's "|" made no cell
    assert str(inbox / hostile_name) in shown
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert len(rows) >= 3 and all(len(re.findall(r"<t[dh]>", row)) in (4, 5) for row in rows)
    failure_row = next(row for row in rows if "failed:" in row)
    assert len(re.findall(r"<td>", failure_row)) == 5


@pytest.mark.postgres
def test_a_worker_takes_the_store_password_from_a_prefect_secret_block(
    prefect_api: None, settings: Settings, inbox: Path, tmp_path: Path, postgres_server: str, clean_credentials: None
) -> None:
    """A worker given neither PGPASSWORD nor a password file runs the inbox flow of a deployment
    whose settings name a Secret block (GEOMAP_STORE_PASSWORD_BLOCK): it reads the password there."""
    from prefect.blocks.system import Secret

    from flows.inbox import inbox_flow
    from geomap.errors import ConfigurationError, StoreError

    from .services import create_database, password_role, psql

    database = create_database(postgres_server, "from_a_block")
    store = password_role(database, "block_reader", "canary-block-4e1")
    with pytest.raises(StoreError, match="no password supplied"):
        ResultStore(store, timeout=5)
    given = {"GEOMAP_STORE": store, "GEOMAP_DATA_DIR": str(settings.data_dir)}
    out = str(tmp_path / "maps")
    with pytest.raises(ConfigurationError, match="no Prefect Secret block named 'geomap-store'"):
        inbox_flow(str(inbox), out, settings=given | {"GEOMAP_STORE_PASSWORD_BLOCK": "geomap-store"})
    Secret(value="canary-block-4e1").save("geomap-store", overwrite=True)
    done = inbox_flow(str(inbox), out, settings=given | {"GEOMAP_STORE_PASSWORD_BLOCK": "geomap-store"})
    assert [Path(p).name for p in done["mapped"]] == [SAMPLE.name]
    assert psql(database, "SELECT count(*) FROM article WHERE status = 'ok'") == "1"
