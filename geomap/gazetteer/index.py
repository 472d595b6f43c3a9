"""The on-disk gazetteer index and its read API.

The index is one SQLite file: a ``place`` table with one row per gazetteer
record and a ``name`` table mapping normalised name keys to places. It is
opened read-only and memory-mapped, so a load costs a few milliseconds and the
operating system shares its pages between processes.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from ..model import Candidate, FeatureKind
from .names import name_key

SCHEMA_VERSION = "5"

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE place(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    feature TEXT NOT NULL,
    feature_code TEXT,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL
);
CREATE TABLE name(
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY(key, place, kind)
) WITHOUT ROWID;
"""

# How a name belongs to a place, strongest first. "name" is the record's own
# name, "alt" an alternate name, "abbr" an abbreviation ("Calif."), "code" an
# ISO or postal code ("USA", "DPRK"), "demonym" a people ("Russian"), "fcode"
# a facility's code (an airport's IATA or ICAO code, a port's UN/LOCODE), which
# is never read as a place on its own: "WHO" and "CIA" are IATA codes too;
# "capital" the form "capital of Mali" under which a national capital is found.
NAME_KINDS = ("name", "alt", "abbr", "code", "demonym", "fcode", "capital")


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer record found under a name, and how the name belongs to it."""

    candidate: Candidate
    kind: str


class Gazetteer:
    """Read access to a built gazetteer index.

    Lookups are cached per instance; one instance is meant to live for the
    whole process.
    """

    def __init__(self, path: str | os.PathLike[str], *, cache_size: int = 50_000) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(f"no gazetteer index at {self.path}; build it with 'geomap gazetteer build'")
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._db.execute("PRAGMA mmap_size=1073741824")
            self.meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                f"gazetteer index {self.path} is damaged ({exc}); rebuild it with 'geomap gazetteer build'"
                " (a damaged index is rebuilt without --force)"
            ) from None
        if self.meta.get("schema") != SCHEMA_VERSION:
            raise GazetteerError(
                f"gazetteer index {self.path} has schema {self.meta.get('schema')!r}, "
                f"this geomap needs {SCHEMA_VERSION!r}; rebuild it with 'geomap gazetteer build'"
            )
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[Hit, ...]] = OrderedDict()
        self._cache_size = cache_size
        self._places: dict[int, Candidate | None] = {}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup(self, name: str) -> tuple[Hit, ...]:
        """Every record known under ``name``, biggest population first."""
        return self.lookup_key(name_key(name))

    def lookup_key(self, key: str) -> tuple[Hit, ...]:
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            rows = self._db.execute(
                "SELECT p.id, p.name, p.lat, p.lon, p.feature, p.feature_code, p.country,"
                " p.admin1, p.admin2, p.population, p.source, n.kind"
                " FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?",
                (key,),
            ).fetchall()
            best: dict[int, Hit] = {}
            for row in rows:
                hit = Hit(_candidate(row), row[11])
                previous = best.get(row[0])
                if previous is None or NAME_KINDS.index(hit.kind) < NAME_KINDS.index(previous.kind):
                    best[row[0]] = hit
            hits = tuple(sorted(best.values(), key=lambda h: -h.candidate.population))
            self._cache[key] = hits
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return hits

    def has_key(self, key: str) -> bool:
        if key in self._cache:
            return bool(self._cache[key])
        with self._lock:
            row = self._db.execute("SELECT 1 FROM name WHERE key = ? LIMIT 1", (key,)).fetchone()
        return row is not None

    def get(self, place_id: int) -> Candidate | None:
        """The record with this id (a GeoNames id for GeoNames records)."""
        if place_id in self._places:
            return self._places[place_id]
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, lat, lon, feature, feature_code, country, admin1, admin2,"
                " population, source FROM place WHERE id = ?",
                (place_id,),
            ).fetchone()
        candidate = _candidate(row) if row else None
        self._places[place_id] = candidate
        return candidate

    def country(self, code: str) -> Candidate | None:
        """The country record for an ISO 3166 alpha-2 code."""
        return self._first(
            "SELECT id FROM place WHERE feature = 'country' AND country = ? ORDER BY population DESC LIMIT 1",
            (code.upper(),),
        )

    def admin1(self, country: str, code: str) -> Candidate | None:
        """The first-level division with this GeoNames admin1 code."""
        return self._first(
            "SELECT id FROM place WHERE feature = 'admin1' AND country = ? AND admin1 = ? LIMIT 1",
            (country.upper(), code),
        )

    def _first(self, sql: str, args: tuple[str, ...]) -> Candidate | None:
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return self.get(row[0]) if row else None

    def source_counts(self) -> dict[str, int]:
        """How many records each source gave, largest first."""
        with self._lock:
            rows = self._db.execute("SELECT source, COUNT(*) FROM place GROUP BY source ORDER BY 2 DESC").fetchall()
        return {str(source): int(count) for source, count in rows}

    def stats(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT feature, COUNT(*) FROM place GROUP BY feature").fetchall()
            names = self._db.execute("SELECT COUNT(*) FROM name").fetchone()[0]
        counts = {str(feature): int(count) for feature, count in rows}
        counts["names"] = int(names)
        return counts


def _candidate(row: Sequence[Any]) -> Candidate:
    pid, name, lat, lon, feature, fcode, country, admin1, admin2, population, source = row[:11]
    return Candidate(
        name=str(name),
        lat=float(lat),
        lon=float(lon),
        feature=FeatureKind(feature),
        country_code=country or None,
        geonameid=int(pid) if int(pid) > 0 else None,
        feature_code=fcode or None,
        population=int(population or 0),
        admin1=admin1 or None,
        admin2=admin2 or None,
        source=str(source),
        index_id=int(pid),
    )
