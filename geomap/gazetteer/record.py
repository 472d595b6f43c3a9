"""The record every gazetteer source yields, and the rows it becomes in the index."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import FeatureKind
from .names import name_key

PlaceRow = tuple[int, str, float, float, str, str | None, str | None, str | None, str | None, int, str]
NameRow = tuple[str, int, str]


@dataclass(frozen=True, slots=True)
class Record:
    """One place for the index, with every name it is known by.

    ``id`` is the GeoNames id where the source has one; records without one
    get a negative id at build time. ``names`` holds ``(name, kind)`` pairs,
    kind being one of ``alt``, ``abbr``, ``code`` or ``demonym``. ``name`` is
    the name the place is shown by, looked up as ``name_kind``: a division
    shown by its English exonym ("Bavaria") is found by it as the other name
    it is ("alt"), and by its own ("Bayern") as a ``name``.
    """

    id: int | None
    name: str
    lat: float
    lon: float
    feature: FeatureKind
    source: str
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    feature_code: str | None = None
    names: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    name_kind: str = "name"

    def place_row(self, pid: int) -> PlaceRow:
        """The ``place`` table row, under ``pid`` (the id, or a synthetic one)."""
        return (
            pid,
            self.name,
            self.lat,
            self.lon,
            str(self.feature),
            self.feature_code,
            self.country,
            self.admin1,
            self.admin2,
            self.population,
            self.source,
        )

    def name_rows(self, pid: int) -> list[NameRow]:
        """One ``name`` table row per searchable name, the main name included."""
        rows = []
        for name, kind in {(self.name, self.name_kind), *self.names}:
            key = name_key(name)
            if key:
                rows.append((key, pid, kind))
        return rows


def write_rows(
    db: sqlite3.Connection, places: Sequence[PlaceRow], names: Sequence[NameRow], *, commit: bool = True
) -> None:
    """Write a batch; a later record with the same id replaces an earlier one."""
    db.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    db.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", names)
    if commit:
        db.commit()
