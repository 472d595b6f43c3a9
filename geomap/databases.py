"""The two databases a result store can live in: an SQLite file (the embedded default) or a
PostgreSQL server (``postgresql://…``), which work-pool workers on several machines share.

:class:`geomap.store.ResultStore` writes the same SQL to both. What differs is here: how a
statement names its parameters, how writers take turns, the SQL for an article's day and for
"this text is JSON", and, on PostgreSQL with PostGIS, the geometry columns that QGIS reads.

Writers take turns on both: SQLite's ``BEGIN IMMEDIATE`` takes the file's write lock, and on
PostgreSQL every write transaction first takes one advisory lock (:data:`WRITE_LOCK`). So two
saves of one article, from two machines at once, happen one after the other, and the second
replaces the first: the store holds each article once, as it does on SQLite.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from .errors import StoreError

DATABASE_SCHEMES = ("postgresql", "postgres")

# The key of the PostgreSQL advisory lock that every write transaction takes (any 64-bit number
# that no other program on the same database uses; this one is "geomap" in ASCII).
WRITE_LOCK = 0x67656F6D6170

# The day an article counts for, in the index window and the monthly archives: its date, or, for an
# article with none, the (UTC) day it was saved.
SQLITE_ARTICLE_DAY = "COALESCE(published, date(processed_at, 'unixepoch'))"

# The same day on PostgreSQL, as a function so that an index can be built on it (an index needs
# an IMMUTABLE expression; to_char of a date with this pattern depends on no setting).
POSTGRES_FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION geomap_day(published TEXT, processed_at DOUBLE PRECISION) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(published, to_char(DATE '1970-01-01' + floor(processed_at / 86400)::integer, 'YYYY-MM-DD'))
$$
""",
    # json_valid() as SQLite has it: PostgreSQL 15 has no IS JSON yet.
    """
CREATE OR REPLACE FUNCTION geomap_json_valid(text TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM text::json;
    RETURN TRUE;
EXCEPTION WHEN others THEN
    RETURN FALSE;
END
$$
""",
)

# Where PostGIS is installed: each place is a point and each movement a line from its origin to
# its destination (WGS 84, as the map draws them), with spatial indexes, so that QGIS opens the
# tables as layers. The line is straight in longitude and latitude, as a GIS draws two points.
POSTGIS_SCHEMA = (
    "ALTER TABLE place ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) "
    "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED",
    "ALTER TABLE event ADD COLUMN IF NOT EXISTS geom geometry(LineString, 4326)",
    "CREATE INDEX IF NOT EXISTS place_geom ON place USING GIST (geom)",
    "CREATE INDEX IF NOT EXISTS event_geom ON event USING GIST (geom)",
)
MOVEMENT_LINES = """
UPDATE event SET geom = ST_MakeLine(origin_place.geom, destination_place.geom)
FROM place AS origin_place, place AS destination_place
WHERE event.article = %s AND origin_place.article = event.article AND origin_place.place = event.origin
  AND destination_place.article = event.article AND destination_place.place = event.destination
"""


class Rows(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Database(Protocol):
    """What the result store needs of a database. Statements name parameters with ``?``."""

    location: str
    article_day: str  # SQL: the day an article counts for, from its row
    json_valid: str  # SQL: the function that says whether a text is JSON

    def execute(self, sql: str, params: Sequence[object] = ()) -> Rows: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...
    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction, which no other writer of the store interleaves with."""
        ...

    def saved(self, content_hash: str) -> None:
        """Called inside the transaction that saved an article, after its rows are written."""
        ...

    def close(self) -> None: ...


def is_database_url(location: str | Path) -> bool:
    return isinstance(location, str) and urlsplit(location).scheme in DATABASE_SCHEMES


def absolute_store(location: str) -> str:
    """A store's location as another process, started elsewhere, finds it."""
    return location if is_database_url(location) else str(Path(location).resolve())


def shown(location: str) -> str:
    """A store's location as it may be printed: a database URL with ``***`` for its password (in
    its user part, or as ``?password=``)."""
    if not is_database_url(location):
        return location
    parts = urlsplit(location)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:***@{host}"
    query = re.sub(r"(^|&)password=[^&]*", r"\1password=***", parts.query)
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def open_database(location: str | Path, schema: Sequence[str], *, timeout: float) -> Database:
    """The database at ``location`` (a file, or a ``postgresql://`` URL), with ``schema`` created.
    ``schema`` is written with ``{article_day}`` where the SQL for an article's day goes."""
    if is_database_url(location):
        return PostgresDatabase(str(location), schema, timeout=timeout)
    return SQLiteDatabase(Path(location), schema, timeout=timeout)


class SQLiteDatabase:
    article_day = SQLITE_ARTICLE_DAY
    json_valid = "json_valid"

    def __init__(self, path: Path, schema: Sequence[str], *, timeout: float) -> None:
        self.location = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            with self.transaction():
                for statement in schema:
                    self.db.execute(statement.format(article_day=self.article_day))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the result store {path}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot open the result store {path}: {exc.strerror or exc}") from None

    def execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.db.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def saved(self, content_hash: str) -> None:
        pass

    def close(self) -> None:
        self.db.close()


class PostgresDatabase:
    article_day = "geomap_day(published, processed_at)"
    json_valid = "geomap_json_valid"

    def __init__(self, url: str, schema: Sequence[str], *, timeout: float) -> None:
        self.location = url
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "a PostgreSQL store needs psycopg: pip install 'geomap[postgresql]'",
            ) from None
        self._errors = psycopg.Error
        self._lost = psycopg.OperationalError
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as exc:
            raise StoreError(cannot_connect(url, _reason(exc))) from None
        try:
            with self.transaction():
                for statement in POSTGRES_FUNCTIONS:
                    self.db.execute(statement)
                for statement in schema:
                    self.db.execute(statement.format(article_day=self.article_day))
                self.geometry = self._add_geometry()
        except psycopg.Error as exc:
            self.db.close()
            raise StoreError(f"cannot open the result store {shown(url)}: {_reason(exc)}") from None

    def _add_geometry(self) -> bool:
        """Give places and movements geometry columns if PostGIS is installed on the server (and
        may be enabled by this user); a store without them works the same."""
        (available,) = self.db.execute(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'"
        ).fetchone() or (0,)
        if not available:
            return False
        try:
            with self.db.transaction():  # a savepoint: a refusal leaves the schema as it is
                self.db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except self._errors:
            return False
        (present,) = self.db.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name IN ('place', 'event') AND column_name = 'geom'"
        ).fetchone() or (0,)
        if present < 2:  # ALTER TABLE locks out readers, even when the column is there: only once
            for statement in POSTGIS_SCHEMA:
                self.db.execute(statement)
        return True

    def execute(self, sql: str, params: Sequence[object] = ()) -> Rows:
        try:
            return self.db.execute(_placeholders(sql), tuple(params))
        except self._lost as exc:
            raise self._stopped(exc) from None

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            with self.db.cursor() as cursor:
                cursor.executemany(_placeholders(sql), rows)
        except self._lost as exc:
            raise self._stopped(exc) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                yield
        except self._lost as exc:
            raise self._stopped(exc) from None

    def _stopped(self, exc: Exception) -> StoreError:
        """The connection to the server was lost (the server stopped, or ended this session)."""
        return StoreError(
            f"the result store {shown(self.location)} stopped answering ({_reason(exc)}); "
            "once its PostgreSQL server runs again, run again: what was saved is kept"
        )

    def saved(self, content_hash: str) -> None:
        if self.geometry:
            self.db.execute(MOVEMENT_LINES, (content_hash,))

    def close(self) -> None:
        self.db.close()


def _placeholders(sql: str) -> str:
    """The store's ``?`` parameters as psycopg's ``%s`` (and a literal ``%`` kept as itself)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _reason(exc: Exception) -> str:
    """What a psycopg error says, in one line: its first, and for a connection that failed,
    libpq's own words after its "connection to server at ... failed:" and the severity."""
    text = " ".join(next(iter(str(exc).strip().splitlines()), "").split()) or type(exc).__name__
    return text.rpartition(" failed: ")[2].removeprefix("FATAL: ") if " failed: " in text else text


# What to do when a connection fails, by what libpq says (its connection errors carry no
# SQLSTATE): the advice of the first pattern found in the message.
CONNECTION_ADVICE = (
    (
        r"password authentication failed|no password supplied",
        "give its password in PGPASSWORD, a password file (PGPASSFILE, else ~/.pgpass), a Prefect Secret block "
        "(GEOMAP_STORE_PASSWORD_BLOCK) or the store URL",
    ),
    (r'role ".*" does not exist', "name a user the server knows in the store URL (postgresql://USER@HOST/DATABASE)"),
    (
        r'database ".*" does not exist',
        "create it (createdb -h {host} -p {port} -U {user} {database}) or name another in the store URL",
    ),
    (
        r"connection refused|timeout expired|timed out|no route to host|resolve host|could not translate host name",
        "start PostgreSQL on {host}:{port}, or correct the host and port in the store URL",
    ),
)


def cannot_connect(url: str, reason: str) -> str:
    """One line: why the store at ``url`` cannot be reached, and what to do (the store URL is
    ``--store`` or ``GEOMAP_STORE``)."""
    parts = urlsplit(url)
    names = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": parts.username or "$USER",
        "database": parts.path.lstrip("/") or parts.username or "$USER",
    }
    advice = next(
        (todo.format(**names) for pattern, todo in CONNECTION_ADVICE if re.search(pattern, reason, re.IGNORECASE)),
        "check the store URL (--store or GEOMAP_STORE)",
    )
    return f"cannot open the result store {shown(url)}: {reason}; {advice}"
