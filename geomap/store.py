"""The result store: a database of processed articles, places and events, in an SQLite file
(the embedded default) or on a PostgreSQL server (:mod:`geomap.databases`).

Articles are keyed by the SHA-256 of their text. Each article's result is
written in one transaction, so a run killed at any point loses nothing that
had finished, and a re-run does only what is left. Several runs, on one
machine or on several sharing a PostgreSQL store, may share a store: their
writes take turns (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock),
and keys make every write idempotent.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .databases import SQLITE_ARTICLE_DAY, Database, open_database
from .errors import StoreError
from .model import ArticleResult, Failure, Validators
from .serialize import event_to_json, place_to_json, result_from_json, result_to_text

# The day an article counts for, in the index window and the monthly archives, in an SQLite store.
ARTICLE_DAY = SQLITE_ARTICLE_DAY

# article_id: save() replaces an article by hash, path or id, and claim_id() looks ids up; without
# it each save scanned the table (20,000 stored articles: 27 ms a save, against 1 ms with it).
# article_day: the index window and the archives select articles by their day ({article_day}, the
# database's SQL for it).
# also_at_article: deleting an article deletes the other places it was found at.
SCHEMA_SCRIPT = """
CREATE TABLE IF NOT EXISTS article(
    hash TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    path TEXT NOT NULL,
    title TEXT,
    published TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,
    pipeline TEXT NOT NULL,
    processed_at DOUBLE PRECISION NOT NULL,
    result TEXT
);
CREATE INDEX IF NOT EXISTS article_path ON article(path);
CREATE INDEX IF NOT EXISTS article_id ON article(id);
CREATE INDEX IF NOT EXISTS article_day ON article({article_day});
CREATE TABLE IF NOT EXISTS ident(
    path TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS place(
    article TEXT NOT NULL REFERENCES article(hash) ON DELETE CASCADE,
    place TEXT NOT NULL,
    name TEXT NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    feature TEXT NOT NULL,
    country TEXT,
    mentions INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY(article, place)
);
CREATE TABLE IF NOT EXISTS event(
    article TEXT NOT NULL REFERENCES article(hash) ON DELETE CASCADE,
    event TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    date TEXT,
    origin TEXT,
    destination TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY(article, event)
);
CREATE TABLE IF NOT EXISTS also_at(
    path TEXT PRIMARY KEY,
    article TEXT NOT NULL REFERENCES article(hash) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS archive_page(
    month TEXT PRIMARY KEY,
    articles INTEGER NOT NULL,
    newest DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS also_at_article ON also_at(article);
CREATE TABLE IF NOT EXISTS fetched(
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    fetched_at DOUBLE PRECISION NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    hash: str
    id: str
    path: str
    status: str
    error: str | None
    pipeline: str


class ResultStore:
    """Read and write processed results. One instance per process; cheap to open.

    ``location`` is an SQLite file, or a ``postgresql://`` URL (see :mod:`geomap.databases`)."""

    def __init__(self, location: str | Path, *, timeout: float = 60.0) -> None:
        self.db: Database = open_database(location, _statements(SCHEMA_SCRIPT), timeout=timeout)
        self.day = self.db.article_day

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[Database]:
        with self.db.transaction():
            yield self.db

    def lookup(self, content_hash: str) -> StoredArticle | None:
        row = self.db.execute(
            "SELECT hash, id, path, status, error, pipeline FROM article WHERE hash = ?", (content_hash,)
        ).fetchone()
        return StoredArticle(*row) if row else None

    def is_done(self, content_hash: str, pipeline: str) -> bool:
        """Processed successfully by this version (:mod:`geomap.version`), its result whole (see :meth:`done_id`)."""
        return self.done_id(content_hash, pipeline) is not None

    def done_id(self, content_hash: str, pipeline: str) -> str | None:
        """The id the article is stored under, if this version (:mod:`geomap.version`) processed it successfully
        and its result is whole (JSON; see :meth:`discard_damaged`): a run leaves it as it is."""
        row = self.db.execute(
            "SELECT id FROM article WHERE hash = ? AND status = 'ok' AND pipeline = ? AND "
            f"{self.db.json_valid}(result)",
            (content_hash, pipeline),
        ).fetchone()
        return str(row[0]) if row else None

    def save(self, result: ArticleResult, pipeline: str) -> str | None:
        """Store one article's result, replacing any earlier one, in one transaction; None when saved.

        When another run stored the same text from another path since this run planned (two
        machines given one article at once), that copy is kept and its path returned: the
        article is stored once, under the path that got there first.
        """
        article = result.article
        event_rows = []  # an event at a time: a long article's events, as dicts all at once, are large
        for event in result.events:
            e = event_to_json(event)
            text = json.dumps(e, ensure_ascii=False)
            event_rows.append(
                (article.content_hash, e["id"], e["type"], e["status"], e["date"], e["origin"], e["destination"], text)
            )
        data = result_to_text(result, with_text=True, event_texts=[row[-1] for row in event_rows])
        with self._transaction() as db:
            kept = db.execute(
                "SELECT path FROM article WHERE hash = ? AND status = 'ok' AND pipeline = ? AND path <> ?",
                (article.content_hash, pipeline, article.path),
            ).fetchone()
            if kept is not None:
                return str(kept[0])
            # The same hash replaces itself; a file whose text changed replaces its old version, which
            # has its path or, however the path was spelled, its id (one file's, see claim_id).
            db.execute(
                "DELETE FROM article WHERE hash = ? OR path = ? OR id = ?",
                (article.content_hash, article.path, article.id),
            )
            db.execute(
                "INSERT INTO article VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    article.content_hash,
                    article.id,
                    article.path,
                    article.title,
                    article.published.isoformat() if article.published else None,
                    "ok",
                    None,
                    pipeline,
                    time.time(),
                    data,
                ),
            )
            db.executemany(
                "INSERT INTO place (article, place, name, lat, lon, feature, country, mentions, data) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (
                        article.content_hash,
                        p.id,
                        p.name,
                        p.lat,
                        p.lon,
                        str(p.feature),
                        p.country_code,
                        len(p.mentions),
                        json.dumps(place_to_json(p), ensure_ascii=False),
                    )
                    for p in result.places
                ],
            )
            db.executemany(
                "INSERT INTO event (article, event, type, status, date, origin, destination, data) "
                "VALUES (?,?,?,?,?,?,?,?)",
                event_rows,
            )
            db.saved(article.content_hash)
        return None

    def kept_failure(self, content_hash: str, pipeline: str) -> Failure | None:
        """The outcome this version (:mod:`geomap.version`) stored for an article it does not map
        (written in another language: :attr:`Failure.language`), which a run keeps as it is; None
        for any other article, and for a failure a run tries again."""
        row = self.db.execute(
            "SELECT path, error, result FROM article WHERE hash = ? AND status = 'failed' AND pipeline = ? "
            f"AND result IS NOT NULL AND {self.db.json_valid}(result)",
            (content_hash, pipeline),
        ).fetchone()
        if row is None:
            return None
        language = json.loads(row[2]).get("language")
        return Failure(row[0], row[1] or "", language=language) if isinstance(language, str) else None

    def save_failure(self, failure: Failure, content_hash: str, article_id: str, pipeline: str) -> None:
        """Record that an article failed, unless it already has a good result. A failed row's
        ``result`` is NULL, or names the language of an article that is not mapped for it
        (``{"language": "de"}``: :meth:`kept_failure`)."""
        with self._transaction() as db:
            row = db.execute("SELECT status FROM article WHERE hash = ?", (content_hash,)).fetchone()
            if row and row[0] == "ok":
                return
            db.execute("DELETE FROM article WHERE hash = ?", (content_hash,))
            db.execute(
                "INSERT INTO article VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    content_hash,
                    article_id,
                    failure.path,
                    None,
                    None,
                    "failed",
                    failure.reason,
                    pipeline,
                    time.time(),
                    json.dumps({"language": failure.language}) if failure.language else None,
                ),
            )

    def results(
        self,
        *,
        besides: Sequence[ArticleResult] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[ArticleResult]:
        """Every stored good result, oldest article first; one per article id. ``since`` and
        ``until`` (inclusive) keep the articles of those days only (:data:`ARTICLE_DAY`), and no
        other row is read. A row that no longer reads (see :meth:`discard_damaged`) is left out.
        Results in ``besides`` (a run's own, just saved) are given as they are, and their rows are
        not read again."""
        where, bounds = _day_bounds(self.day, since, until)
        rows = self.db.execute(
            f"SELECT id, hash FROM article WHERE status = 'ok' AND result IS NOT NULL{where} "
            "ORDER BY published IS NOT NULL, published, id, processed_at",  # undated first, in every database
            bounds,
        ).fetchall()
        fresh = {r.article.id: r for r in besides if _within(r, since, until)}
        by_id: dict[str, ArticleResult] = {}
        for article_id, content_hash in rows:
            if article_id in fresh:
                by_id[article_id] = fresh[article_id]
                continue
            (text,) = self.db.execute("SELECT result FROM article WHERE hash = ?", (content_hash,)).fetchone()
            result = _readable(text)
            if result is not None:
                by_id[result.article.id] = result
        return [*by_id.values(), *(r for article_id, r in fresh.items() if article_id not in by_id)]

    def newest_day(self) -> dt.date | None:
        """The day of the newest stored article (:data:`ARTICLE_DAY`)."""
        (day,) = self.db.execute(f"SELECT MAX({self.day}) FROM article WHERE status = 'ok'").fetchone()
        return dt.date.fromisoformat(day) if day else None

    def months(self) -> list[tuple[str, int, float]]:
        """Each month ("2024-05") that has stored articles, with how many and when the newest of
        them was saved: what an archive page of the month is built from."""
        return [
            (month, count, newest)
            for month, count, newest in self.db.execute(
                f"SELECT substr({self.day}, 1, 7) AS month, COUNT(*), MAX(processed_at) FROM article "
                "WHERE status = 'ok' AND result IS NOT NULL GROUP BY month ORDER BY month"
            )
        ]

    def discard_damaged(self, given: Collection[str] = ()) -> list[str]:
        """Remove the rows whose stored result no longer reads, and name their files, so that a
        run analyses them again instead of failing on them. Every row is checked for being JSON
        (in SQLite, without reading it out); the rows of the files or URLs ``given`` (a run's
        inputs) are read whole. A row that is JSON but does not read as a result, of an input not
        given, is left out of the maps by :meth:`results` and redone when its input is given."""
        damaged = self.db.execute(
            "SELECT hash, path FROM article WHERE status = 'ok' AND "
            f"(result IS NULL OR NOT {self.db.json_valid}(result))"
        ).fetchall()
        for path in dict.fromkeys(given):
            for content_hash, text in self.db.execute(
                f"SELECT hash, result FROM article WHERE status = 'ok' AND path = ? AND {self.db.json_valid}(result)",
                (path,),
            ).fetchall():
                if _readable(text) is None:
                    damaged.append((content_hash, path))
        if damaged:
            with self._transaction() as db:
                db.executemany("DELETE FROM article WHERE hash = ?", [(h,) for h, _ in damaged])
        return [path for _, path in damaged]

    def claim_id(self, path: str, wanted: str, fallback: str) -> str:
        """The article id of the file at ``path``: the one it has had before, else ``wanted`` if
        no other file holds it, else ``fallback``. Claims are made one at a time across
        processes, so two runs at once never give two files one id."""
        with self._transaction() as db:
            row = db.execute("SELECT id FROM ident WHERE path = ?", (path,)).fetchone()
            if row:
                return str(row[0])
            for choice in (wanted, fallback):
                holders = db.execute(
                    "SELECT path FROM ident WHERE id = ? UNION SELECT path FROM article WHERE id = ?", (choice, choice)
                ).fetchall()
                # a store written before ids were claimed may name the same file another way
                if all(_same_file(holder, path) for (holder,) in holders):
                    db.execute("INSERT INTO ident VALUES (?, ?)", (path, choice))
                    return choice
        raise StoreError(f"no free article id for {path}: both {wanted!r} and {fallback!r} are taken")

    def forget(self, path: str) -> list[str]:
        """Remove every stored version of the file at ``path``; the ids it had."""
        with self._transaction() as db:
            ids = [row[0] for row in db.execute("SELECT id FROM article WHERE path = ?", (path,))]
            db.execute("DELETE FROM article WHERE path = ?", (path,))
            db.execute("DELETE FROM ident WHERE path = ?", (path,))
        return ids

    def archived(self, month: str) -> tuple[int, float] | None:
        """How many articles, saved up to when, a month's archive page was last built from."""
        row = self.db.execute("SELECT articles, newest FROM archive_page WHERE month = ?", (month,)).fetchone()
        return (int(row[0]), float(row[1])) if row else None

    def mark_archived(self, month: str, articles: int, newest: float) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO archive_page VALUES (?, ?, ?) ON CONFLICT(month) DO UPDATE SET "
                "articles = excluded.articles, newest = excluded.newest",
                (month, articles, newest),
            )

    def validators(self, url: str) -> Validators | None:
        """What the server of ``url`` said to send back, as stored when its articles were saved."""
        row = self.db.execute("SELECT etag, last_modified FROM fetched WHERE url = ?", (url,)).fetchone()
        return Validators(row[0], row[1]) if row else None

    def remember_fetch(self, url: str, validators: Validators) -> None:
        """Store a feed's or a page's validators; called once the articles it gave are saved."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO fetched VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
                (url, validators.etag, validators.last_modified, time.time()),
            )

    def holds(self, path: str) -> bool:
        """Whether an article (good or failed) is stored for the file or URL ``path``, as its own
        or as a place it was also found at."""
        row = self.db.execute(
            "SELECT 1 FROM article WHERE path = ? UNION ALL SELECT 1 FROM also_at WHERE path = ? LIMIT 1", (path, path)
        ).fetchone()
        return row is not None

    def also_at(self, content_hash: str, path: str) -> None:
        """Record that the stored article ``content_hash`` was found at ``path`` too (a story
        republished under another URL): it stays one article."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO also_at SELECT ?, hash FROM article WHERE hash = ? AND path != ? "
                "ON CONFLICT(path) DO UPDATE SET article = excluded.article",
                (path, content_hash, path),
            )

    def other_paths(self, content_hash: str) -> list[str]:
        """The other places the article was found at, besides its own path."""
        return [
            row[0]
            for row in self.db.execute("SELECT path FROM also_at WHERE article = ? ORDER BY path", (content_hash,))
        ]

    def found_at(self) -> dict[str, list[str]]:
        """By article id, the other places each article was found at (:meth:`also_at`): one read
        of a table that holds only republished stories."""
        found: dict[str, list[str]] = {}
        for article_id, path in self.db.execute(
            "SELECT article.id, also_at.path FROM also_at JOIN article ON article.hash = also_at.article "
            "ORDER BY also_at.path"
        ):
            found.setdefault(article_id, []).append(path)
        return found

    def paths(self) -> list[str]:
        """The file of every stored article, good or failed."""
        return [row[0] for row in self.db.execute("SELECT DISTINCT path FROM article ORDER BY path")]

    def counts(self) -> dict[str, int]:
        row = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM article WHERE status='ok'), (SELECT COUNT(*) FROM article WHERE "
            "status='failed'), (SELECT COUNT(*) FROM place), (SELECT COUNT(*) FROM event)"
        ).fetchone()
        return {"articles": row[0], "failed": row[1], "places": row[2], "events": row[3]}

    def failures(self) -> list[tuple[str, str]]:
        return [
            (p, e or "")
            for p, e in self.db.execute("SELECT path, error FROM article WHERE status = 'failed' ORDER BY path")
        ]


def _day_bounds(day: str, since: dt.date | None, until: dt.date | None) -> tuple[str, tuple[str, ...]]:
    where = ""
    bounds: tuple[str, ...] = ()
    if since is not None:
        where, bounds = f" AND {day} >= ?", (since.isoformat(),)
    if until is not None:
        where, bounds = f"{where} AND {day} <= ?", (*bounds, until.isoformat())
    return where, bounds


def article_day(result: ArticleResult, saved_at: float | None = None) -> dt.date:
    """The day an article counts for (its date; else the day it was saved), as :data:`ARTICLE_DAY`."""
    if result.article.published is not None:
        return result.article.published
    return dt.datetime.fromtimestamp(saved_at if saved_at is not None else time.time(), tz=dt.UTC).date()


def _within(result: ArticleResult, since: dt.date | None, until: dt.date | None) -> bool:
    day = article_day(result)
    return (since is None or day >= since) and (until is None or day <= until)


def _same_file(a: str, b: str) -> bool:
    return a == b or Path(a).resolve() == Path(b).resolve()


def _readable(text: str) -> ArticleResult | None:
    try:
        return result_from_json(json.loads(text))
    except (ValueError, KeyError, TypeError):
        return None


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
