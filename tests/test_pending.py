"""What a run has to do, known before it starts: missing paths, no articles, nothing new."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from geomap.errors import InputNotFound, NoArticlesFound
from geomap.io import article_files, index_files
from geomap.pending import find_inputs, work_to_do
from geomap.pipeline import run
from geomap.settings import Settings

FERRY = "Ferry news\n\nDOVER, Oct 20 (Reuters) - A ferry sailed from Dover to Calais on Friday, the port said."
BARGE = "River news\n\nA barge carried grain from Vienna to Budapest on Monday, its owner said."


@pytest.fixture
def mapped(tmp_path: Path, settings: Settings) -> tuple[Path, Settings]:
    """A folder of two articles that a run has mapped, with its settings."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (inbox / "barge.txt").write_text(BARGE, encoding="utf-8")
    chosen = settings.with_overrides(out_dir=tmp_path / "maps")
    summary = run([inbox], chosen)
    assert len(summary.results) == 2 and summary.ok
    return inbox, chosen


def test_a_path_that_does_not_exist_is_named(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "here.txt").write_text(FERRY, encoding="utf-8")
    with pytest.raises(InputNotFound, match=r"no such file or folder: .*nowhere$"):
        find_inputs([tmp_path / "here.txt", tmp_path / "nowhere"], settings)


def test_an_empty_folder_and_the_output_folder_hold_no_articles(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoArticlesFound, match=r"no articles found in .*empty$"):
        find_inputs([tmp_path / "empty"], settings)
    out = tmp_path / "maps"
    out.mkdir()
    (out / "index.html").write_text("<html><body>a map</body></html>", encoding="utf-8")
    (out / "odesa.html").write_text("<html><body>Ships left Odesa.</body></html>", encoding="utf-8")
    with pytest.raises(NoArticlesFound, match="the output folder"):
        find_inputs([out], settings.with_overrides(out_dir=out))


def test_a_mapped_folder_has_nothing_new(mapped: tuple[Path, Settings]) -> None:
    inbox, settings = mapped
    assert work_to_do(find_inputs([inbox], settings), settings) is None


def test_other_drawing_settings_are_work(mapped: tuple[Path, Settings]) -> None:
    """--offline after a default run, or an index over other days, has pages to write again."""
    inbox, settings = mapped
    inputs = find_inputs([inbox], settings)
    offline = settings.with_overrides(offline_maps=not settings.offline_maps)
    assert "drawn another way" in str(work_to_do(inputs, offline))
    assert "another number of days" in str(work_to_do(inputs, settings.with_overrides(index_days=7)))
    run([inbox], offline)
    assert work_to_do(inputs, offline) is None


def test_a_new_file_is_work(mapped: tuple[Path, Settings]) -> None:
    inbox, settings = mapped
    (inbox / "third.txt").write_text(FERRY.replace("Calais", "Dunkirk"), encoding="utf-8")
    assert "third.txt is new" in str(work_to_do(find_inputs([inbox], settings), settings))


def test_an_edited_file_is_work(mapped: tuple[Path, Settings]) -> None:
    inbox, settings = mapped
    (inbox / "barge.txt").write_text(BARGE.replace("Budapest", "Bratislava"), encoding="utf-8")
    assert "barge.txt is new, changed" in str(work_to_do(find_inputs([inbox], settings), settings))


def test_a_copy_of_a_mapped_article_is_nothing_new(mapped: tuple[Path, Settings]) -> None:
    inbox, settings = mapped
    (inbox / "ferry-again.txt").write_text(FERRY, encoding="utf-8")
    assert work_to_do(find_inputs([inbox], settings), settings) is None


def test_an_input_that_does_not_read_is_work(mapped: tuple[Path, Settings]) -> None:
    """The run names it (and lists it in the index): it is not skipped in silence."""
    inbox, settings = mapped
    (inbox / "scan.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert "scan.txt: is a PDF file" in str(work_to_do(find_inputs([inbox], settings), settings))


def test_a_missing_page_is_work(mapped: tuple[Path, Settings]) -> None:
    inbox, settings = mapped
    page, _ = article_files("ferry", settings.out_dir)
    page.unlink()
    assert work_to_do(find_inputs([inbox], settings), settings) == f"{page} is missing"
    index, _ = index_files(settings.out_dir)
    index.unlink()
    assert work_to_do(find_inputs([inbox], settings), settings) == f"{index} is missing"


def test_another_pipeline_version_or_a_damaged_row_is_work(mapped: tuple[Path, Settings]) -> None:
    inbox, settings = mapped
    inputs = find_inputs([inbox], settings)
    with sqlite3.connect(settings.store_location) as db:
        db.execute("UPDATE article SET pipeline = 'older' WHERE path LIKE '%ferry.txt'")
    assert "ferry.txt is new, changed" in str(work_to_do(inputs, settings))
    with sqlite3.connect(settings.store_location) as db:
        db.execute("UPDATE article SET pipeline = (SELECT pipeline FROM article WHERE path LIKE '%barge.txt')")
        db.execute("UPDATE article SET result = '{not json' WHERE path LIKE '%barge.txt'")
    assert "barge.txt is new, changed" in str(work_to_do(inputs, settings))


def test_no_store_is_work_and_the_check_writes_nothing(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(FERRY, encoding="utf-8")
    chosen = settings.with_overrides(out_dir=tmp_path / "maps")
    assert "no result store" in str(work_to_do(find_inputs([tmp_path / "a.txt"], chosen), chosen))
    assert not chosen.out_dir.exists()
