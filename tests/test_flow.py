"""The Prefect flow, run for real (ephemeral API), against the plain-Python pipeline."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.model import ArticleResult
from geomap.pipeline import run
from geomap.serialize import result_to_json
from geomap.settings import Settings
from geomap.store import ResultStore

from .conftest import SAMPLE

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

    def failing(item, store, articles):  # type: ignore[no-untyped-def]
        if Path(getattr(item, "path", "") or item.article.path).name == SAMPLE.name:
            raise RuntimeError("the store write failed")
        record(item, store, articles)

    monkeypatch.setattr(pipeline, "_record", failing)
    out = settings.with_overrides(out_dir=tmp_path / "maps", batch_size=1)
    summary = run_flow([str(inbox)], out)
    assert [r.article.id for r in summary.results] == ["second"]
    assert [(Path(f.path).name, f.reason) for f in summary.failures] == [
        (SAMPLE.name, "saving crashed (RuntimeError: the store write failed)")
    ]
    assert (out.out_dir / "second.html").is_file() and (out.out_dir / "index.html").is_file()


def test_flow_publishes_an_artifact(prefect_api: None, settings: Settings, inbox: Path, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    from flows.geomap_flow import run_flow

    run_flow([str(inbox)], settings.with_overrides(out_dir=tmp_path / "maps"))

    async def latest() -> str:
        async with get_client() as client:
            artifacts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["geomap-run"])),
                sort=ArtifactSort.CREATED_DESC,
                limit=1,
            )
            return str(artifacts[0].data)

    text = asyncio.run(latest())
    assert "| article | places | events | movements | map |" in text
    assert "Russian Foreign Minister Thanks North Korea" in text
    assert "broken.txt" in text
    assert "New movements:" in text and "→ Pyongyang (visit)" in text

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
    text = asyncio.run(latest())
    assert f"[Ferry crosses to Calais]({site.url('/ferry.html')})" in text
    assert "Dover → Calais" in text
    assert "| javascript:void(0) | not fetched: a javascript: link; only http and https pages are fetched |" in text


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
