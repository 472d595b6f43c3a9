"""The index window and the monthly archives: what a run rebuilds, and that old months are not read again."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from geomap.archive import publish_pages
from geomap.model import ArticleResult
from geomap.settings import Settings
from geomap.store import ResultStore

from .conftest import payload_of


def dated(result: ArticleResult, article_id: str, day: str) -> ArticleResult:
    article = replace(
        result.article,
        id=article_id,
        path=f"/news/{article_id}.txt",
        content_hash=f"{article_id:0>64}"[-64:],
        published=dt.date.fromisoformat(day),
    )
    return replace(result, article=article)


def ids_on(page: Path) -> list[str]:
    return sorted(a["id"] for a in payload_of(page.read_text(encoding="utf-8"))["articles"])


def test_the_index_shows_the_window_and_older_months_get_pages_built_once(
    sample_result: ArticleResult, settings: Settings, tmp_path: Path
) -> None:
    config = replace(settings, out_dir=tmp_path / "maps", index_days=30)
    days = {
        "jan-a": "2024-01-05",
        "jan-b": "2024-01-20",
        "feb": "2024-02-10",
        "mar-a": "2024-03-01",
        "mar-b": "2024-03-25",
    }
    with ResultStore(config.store_location) as store:
        for article_id, day in days.items():
            store.save(dated(sample_result, article_id, day), "1")
        first = publish_pages(store, config)
        out = config.out_dir
        # The 30 days to 25 March start on 25 February: February has days before it, March none.
        assert ids_on(out / "index.html") == ["mar-a", "mar-b"]
        assert ids_on(out / "archive" / "2024-01.html") == ["jan-a", "jan-b"]
        assert ids_on(out / "archive" / "2024-02.html") == ["feb"]
        assert not (out / "archive" / "2024-03.html").exists()
        index = (out / "index.html").read_text(encoding="utf-8")
        assert "The 30 days to 2024-03-25 (from 2024-02-25)" in index
        assert 'href="archive/2024-02.html"' in index and 'href="archive/2024-01.html"' in index
        assert str(out / "archive" / "2024-01.html") in first

        again = publish_pages(store, config)
        assert [Path(p).name for p in again] == ["index.html", "all.geojson"]  # no month read again

        store.save(dated(sample_result, "jan-c", "2024-01-28"), "1")
        third = publish_pages(store, config)
        assert sorted(Path(p).name for p in third if "archive" in p) == ["2024-01.geojson", "2024-01.html"]
        assert ids_on(out / "archive" / "2024-01.html") == ["jan-a", "jan-b", "jan-c"]
        archive = (out / "archive" / "2024-01.html").read_text(encoding="utf-8")
        assert 'href="../index.html"' in archive
        assert {a["href"] for a in payload_of(archive)["articles"]} == {
            "../jan-a.html",
            "../jan-b.html",
            "../jan-c.html",
        }


def test_a_runs_articles_are_marked_new_beside_earlier_ones_only(
    sample_result: ArticleResult, settings: Settings, tmp_path: Path
) -> None:
    config = replace(settings, out_dir=tmp_path / "maps")
    first, second = dated(sample_result, "first", "2024-03-01"), dated(sample_result, "second", "2024-03-02")
    with ResultStore(config.store_location) as store:
        store.save(first, "1")
        publish_pages(store, config, fresh=[first])
        page = payload_of((config.out_dir / "index.html").read_text(encoding="utf-8"))
        assert [a.get("new", False) for a in page["articles"]] == [False]  # a first run: nothing to set apart
        store.save(second, "1")
        publish_pages(store, config, fresh=[second])
        page = payload_of((config.out_dir / "index.html").read_text(encoding="utf-8"))
        assert {a["id"]: a.get("new", False) for a in page["articles"]} == {"first": False, "second": True}


def test_an_undated_article_counts_for_the_day_it_was_saved(
    sample_result: ArticleResult, settings: Settings, tmp_path: Path
) -> None:
    config = replace(settings, out_dir=tmp_path / "maps", index_days=7)
    undated = replace(
        dated(sample_result, "undated", "2024-01-01"),
        article=replace(sample_result.article, id="undated", published=None),
    )
    with ResultStore(config.store_location) as store:
        store.save(dated(sample_result, "old", "2020-06-01"), "1")
        store.save(undated, "1")
        assert store.newest_day() == dt.datetime.now(tz=dt.UTC).date()
        publish_pages(store, config)
    assert ids_on(config.out_dir / "index.html") == ["undated"]
    assert ids_on(config.out_dir / "archive" / "2020-06.html") == ["old"]
