"""Geocoder answers kept on disk, shared by every run and every process.

One SQLite file (WAL journal, a generous busy timeout) holds what each
back-end answered for each query: the geopy ``Location`` objects as JSON, so
that a cached answer goes through the same conversion as a fresh one. An empty
answer ("not found") is an answer and is kept; a failure is not.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy.location import Location

from ..errors import GeocoderError

SCHEMA = """
CREATE TABLE IF NOT EXISTS geocodes (
    backend TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    query TEXT NOT NULL,
    options TEXT NOT NULL,
    results TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (backend, endpoint, query, options)
)
"""
BUSY_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class CacheKey:
    """What makes two geocoder answers interchangeable: the service, where it runs, the query, the query options."""

    backend: str
    endpoint: str
    query: str
    options: Mapping[str, object] = field(default_factory=dict)

    @property
    def options_json(self) -> str:
        return json.dumps(dict(self.options), sort_keys=True, separators=(",", ":"), default=str)


class GeocodeCache:
    """A persistent map from :class:`CacheKey` to the locations a back-end returned.

    Safe to open from many processes and threads at once. With ``max_age``
    (seconds), older answers count as absent.
    """

    def __init__(self, path: Path, *, max_age: float | None = None) -> None:
        self.path = path
        self.max_age = max_age
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _connect(path)
        except (OSError, sqlite3.Error) as exc:
            raise GeocoderError(
                f"cannot open the geocoder cache {path}: {exc}; delete the file or choose another data dir"
            ) from exc

    def get(self, key: CacheKey) -> list[Location] | None:
        """The stored answer (``[]`` for a cached "not found"), or None when there is none or it is too old."""
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT results, created_at FROM geocodes WHERE backend=? AND endpoint=? AND query=? AND options=?",
                    (key.backend, key.endpoint, key.query, key.options_json),
                ).fetchone()
        except sqlite3.Error as exc:
            raise GeocoderError(f"cannot read the geocoder cache {self.path}: {exc}") from exc
        if row is None or (self.max_age is not None and time.time() - row[1] > self.max_age):
            return None
        try:
            return [_location(item) for item in json.loads(row[0])]
        except (ValueError, TypeError, KeyError):  # a damaged row is a miss; the next put replaces it
            return None

    def put(self, key: CacheKey, locations: Sequence[Location]) -> None:
        """Store ``locations`` as the answer for ``key``, replacing any older one."""
        results = json.dumps([_record(loc) for loc in locations], separators=(",", ":"))
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO geocodes (backend, endpoint, query, options, results, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (key.backend, key.endpoint, key.query, key.options_json, results, time.time()),
                )
        except sqlite3.Error as exc:
            raise GeocoderError(f"cannot write the geocoder cache {self.path}: {exc}") from exc

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM geocodes").fetchone()
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> GeocodeCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the cache at ``path``, in WAL mode, with its table, however many processes open it at once."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute(SCHEMA)
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            # Switching a new file to WAL needs it to itself, and SQLite reports
            # "locked" at once instead of waiting: wait here instead.
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.05))
        except BaseException:
            db.close()
            raise


def _record(location: Location) -> dict[str, Any]:
    return {"address": location.address, "lat": location.latitude, "lon": location.longitude, "raw": location.raw}


def _location(item: dict[str, Any]) -> Location:
    return Location(item["address"], (float(item["lat"]), float(item["lon"])), item["raw"])
