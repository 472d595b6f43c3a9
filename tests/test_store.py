"""The result store: transactions, a run killed with SIGKILL, two runs at once."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from geomap.model import ArticleResult, Failure
from geomap.settings import Settings
from geomap.store import ARTICLE_DAY, ResultStore

PORTS = [
    ("Odesa", "Istanbul"),
    ("Rotterdam", "Lagos"),
    ("Busan", "Vladivostok"),
    ("Piraeus", "Alexandria"),
    ("Hamburg", "Gdansk"),
    ("Mombasa", "Durban"),
    ("Santos", "Lisbon"),
    ("Valencia", "Genoa"),
    ("Singapore", "Manila"),
    ("Dover", "Calais"),
]


def write_articles(folder: Path, count: int, *, start: int = 0) -> list[Path]:
    """Short, distinct articles about ships between ports."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        origin, destination = PORTS[i % len(PORTS)]
        path = folder / f"ships-{i:03d}.txt"
        path.write_text(
            f"Shipping report {i}\n\nA cargo ship left {origin} on Monday bound for {destination}, "
            f"port officials said in report number {i}. The vessel carried {i + 3} containers.",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_save_replaces_and_reads_back(sample_result: ArticleResult, store_at: str) -> None:
    with ResultStore(store_at) as store:
        store.save(sample_result, "1")
        store.save(sample_result, "1")
        assert store.counts() == {
            "articles": 1,
            "failed": 0,
            "places": len(sample_result.places),
            "events": len(sample_result.events),
        }
        assert store.is_done(sample_result.article.content_hash, "1")
        assert not store.is_done(sample_result.article.content_hash, "2")
        (back,) = store.results()
        assert back.article.text == sample_result.article.text
        assert [e.id for e in back.events] == [e.id for e in sample_result.events]
        assert back.events[0].date == sample_result.events[0].date
        store.save_failure(Failure(sample_result.article.path, "x"), sample_result.article.content_hash, "a", "1")
        assert store.counts()["articles"] == 1  # a later failure never replaces a good result


def test_a_runs_own_results_are_used_as_they_are(sample_result: ArticleResult, store_at: str) -> None:
    """The index of a run is built from the results it has in hand (a long article's stored row is
    not read back a second time) and from the store for every other article."""
    import dataclasses

    other = dataclasses.replace(
        sample_result,
        article=dataclasses.replace(sample_result.article, id="other", path="/elsewhere/other.txt", content_hash="h2"),
    )
    with ResultStore(store_at) as store:
        store.save(sample_result, "1")
        store.save(other, "1")
        both = store.results(besides=[sample_result])
    assert sorted(r.article.id for r in both) == sorted([sample_result.article.id, "other"])
    assert any(r is sample_result for r in both)  # the same object, not a copy read back
    assert next(r for r in both if r.article.id == "other") == other


def test_a_changed_file_replaces_its_old_version(sample_result: ArticleResult, store_at: str) -> None:
    import dataclasses

    changed = dataclasses.replace(
        sample_result, article=dataclasses.replace(sample_result.article, content_hash="other", text="changed")
    )
    with ResultStore(store_at) as store:
        store.save(sample_result, "1")
        store.save(changed, "1")
        assert [r.article.text for r in store.results()] == ["changed"]


def _run(inputs: list[Path], out: Path, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "geomap.cli", "run", *map(str, inputs), "--out", str(out)],
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stored(store_path: Path) -> int:
    if not store_path.exists():
        return 0
    try:
        with sqlite3.connect(store_path, timeout=30) as db:
            return int(db.execute("SELECT COUNT(*) FROM article WHERE status='ok'").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.slow
def test_kill_9_in_the_middle_loses_nothing(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "maps"
    articles = write_articles(inbox, 50)
    store = out / "geomap.sqlite"
    run = _run([inbox], out, tmp_path / "run.log")
    seen: set[int] = set()
    deadline = time.monotonic() + 300
    while _stored(store) < 5 and time.monotonic() < deadline and run.poll() is None:
        seen.update(p.pid for p in psutil.Process(run.pid).children(recursive=True))
        time.sleep(0.05)
    before = _stored(store)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(30)
    assert 0 < before < 50, f"could not catch the run in the middle ({before} stored)"
    # nothing of the killed run may survive it; its watcher (geomap.orphans) ends what the kill
    # did not reach, then itself, within a few seconds
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and [pid for pid in seen if _alive(pid)]:
        time.sleep(0.5)
    for pid in seen:
        if _alive(pid):
            process = psutil.Process(pid)
            process.kill()
            pytest.fail(f"process {pid} ({' '.join(process.cmdline()[:4])}) outlived the killed run")
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rerun = _run([inbox], out, tmp_path / "rerun.log")
    assert rerun.wait(600) == 0, (tmp_path / "rerun.log").read_text()[-2000:]
    with ResultStore(store) as results:
        rows = results.db.execute("SELECT hash, COUNT(*) FROM article GROUP BY hash").fetchall()
        assert len(rows) == 50 and all(n == 1 for _, n in rows)
        assert results.counts()["articles"] == 50
    assert "unchanged" in (tmp_path / "rerun.log").read_text()  # what was stored before the kill is kept
    index = (out / "index.html").read_text()
    for article in articles:
        assert (out / f"{article.stem}.html").is_file()
        assert f"{article.stem}.html" in index


@pytest.mark.slow
def test_two_runs_at_once_share_the_store(tmp_path: Path) -> None:
    first = write_articles(tmp_path / "a", 12)
    second = write_articles(tmp_path / "b", 12, start=6)  # half of them are the same texts
    out = tmp_path / "maps"
    runs = [_run([tmp_path / "a"], out, tmp_path / "a.log"), _run([tmp_path / "b"], out, tmp_path / "b.log")]
    for run in runs:
        assert run.wait(600) == 0, (tmp_path / "a.log").read_text()[-2000:] + (tmp_path / "b.log").read_text()[-2000:]
    with sqlite3.connect(out / "geomap.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        hashes = db.execute("SELECT hash, COUNT(*) FROM article GROUP BY hash").fetchall()
    distinct_texts = {p.read_text() for p in first + second}
    assert len(hashes) == len(distinct_texts) == 18
    assert all(n == 1 for _, n in hashes)


def test_saving_and_the_index_window_use_indexes_not_scans(tmp_path: Path) -> None:
    """A store of tens of thousands of articles stays quick to save into and to read a window
    from: the statements a run makes for each article search an index, never the whole table."""
    with ResultStore(tmp_path / "s.sqlite") as store:
        plans = {
            "save": "DELETE FROM article WHERE hash = ? OR path = ? OR id = ?",
            "claim": "SELECT path FROM ident WHERE id = ? UNION SELECT path FROM article WHERE id = ?",
            "window": f"SELECT id, hash FROM article WHERE status = 'ok' AND {ARTICLE_DAY} >= ?",
        }
        for what, statement in plans.items():
            steps = [
                row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {statement}", ("x",) * statement.count("?"))
            ]
            assert not any(step.startswith("SCAN article") for step in steps), (what, steps)


def test_damaged_rows_are_found_without_reading_every_stored_result(
    sample_result: ArticleResult, store_at: str
) -> None:
    """Rows that are not JSON are found whatever the run's inputs; a row that is JSON but no result
    is read, and found, only when its input is given again; until then the maps leave it out."""
    import dataclasses

    def stored(name: str) -> ArticleResult:
        article = dataclasses.replace(
            sample_result.article, id=name, path=f"/in/{name}.txt", content_hash=f"{name:0>64}"
        )
        return dataclasses.replace(sample_result, article=article)

    with ResultStore(store_at) as store:
        for name in ("broken", "odd", "fine"):
            store.save(stored(name), "1")
        store.db.execute("UPDATE article SET result = '{not json' WHERE id = 'broken'")
        store.db.execute("UPDATE article SET result = '{}' WHERE id = 'odd'")
        assert store.discard_damaged(given=["/in/fine.txt"]) == ["/in/broken.txt"]
        assert [r.article.id for r in store.results()] == ["fine"]
        assert store.discard_damaged(given=["/in/odd.txt", "/in/fine.txt"]) == ["/in/odd.txt"]
        assert sorted(store.paths()) == ["/in/fine.txt"]


def test_the_same_text_saved_from_a_second_path_keeps_the_first(store_at: str, sample_result: ArticleResult) -> None:
    """Two machines given one article at once: whichever saves first is the article, the other is a copy."""
    copy = dataclasses.replace(
        sample_result, article=dataclasses.replace(sample_result.article, path="/elsewhere/copy.txt", id="copy")
    )
    with ResultStore(store_at) as store:
        assert store.save(sample_result, "v") is None
        assert store.save(copy, "v") == sample_result.article.path
        assert store.paths() == [sample_result.article.path]
        assert store.save(sample_result, "v") is None  # the same path saves again, as a forced re-run does


def test_a_copy_stored_first_by_another_run_gets_no_page_of_its_own(
    sample_result: ArticleResult, settings: Settings, tmp_path: Path
) -> None:
    from geomap.pipeline import save_and_publish

    config = settings.with_overrides(out_dir=tmp_path / "maps", store=str(tmp_path / "store.sqlite"))
    copy = dataclasses.replace(
        sample_result, article=dataclasses.replace(sample_result.article, path="/elsewhere/copy.txt", id="copy")
    )
    first = save_and_publish([sample_result], [sample_result.article], config)
    second = save_and_publish([copy], [copy.article], config)  # planned before the first was saved
    assert first.outputs and not second.outputs
    (skipped,) = second.outcomes
    assert isinstance(skipped, Failure) and skipped.duplicate_of == sample_result.article.path
    assert sorted(p.name for p in (tmp_path / "maps").glob("*.html")) == [f"{sample_result.article.id}.html"]
