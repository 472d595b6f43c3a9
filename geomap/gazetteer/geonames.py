"""Adding a GeoNames dump to the index (``geomap gazetteer import``).

Users with a full dump (``allCountries.zip``, ``cities500.zip``, ``US.zip``
or their ``.txt`` files, from download.geonames.org/export/dump/) can add
it to the packaged index. Records with a GeoNames id the index already holds
are replaced; everything else is added.

Each import is remembered beside the index (:data:`IMPORTS_NAME`), and a new
index, built when geomap or its source packages change, takes the dumps in
again: an upgrade does not silently drop what the user added.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ..errors import GazetteerError
from ..model import FeatureKind
from .record import NameRow, PlaceRow, Record, write_rows

log = logging.getLogger(__name__)

# The list of imported dumps, beside the index.
IMPORTS_NAME = "gazetteer-imports.json"
# The 19 tab-separated columns of a GeoNames "geoname" table dump.
COLUMNS = 19
BATCH = 20_000


def feature_kind(feature_class: str, feature_code: str) -> FeatureKind:
    """GeoNames feature class and code to a geomap feature kind."""
    if feature_class == "P":
        return FeatureKind.CITY
    if feature_class == "A":
        if feature_code.startswith("PCL"):
            return FeatureKind.COUNTRY
        if feature_code == "ADM1":
            return FeatureKind.ADMIN1
        if feature_code in {"ADM2", "ADM3", "ADM4", "ADM5", "ADMD"}:
            return FeatureKind.ADMIN2
        return FeatureKind.REGION
    if feature_class == "H":
        return FeatureKind.WATER
    if feature_class == "T":
        return FeatureKind.LANDFORM
    if feature_class == "L":
        if feature_code == "CONT":
            return FeatureKind.CONTINENT
        return FeatureKind.REGION if feature_code.startswith("RGN") or feature_code == "AREA" else FeatureKind.OTHER
    if feature_class == "S":
        return FeatureKind.FACILITY
    return FeatureKind.OTHER


def parse_line(line: str, *, number: int = 0, source: str = "geonames-import") -> Record | None:
    """One dump line as a Record, or None for a line to skip (blank or comment)."""
    if not line.strip() or line.startswith("#"):
        return None
    fields = line.rstrip("\n").split("\t")
    if len(fields) < COLUMNS - 1:
        raise GazetteerError(f"line {number}: {len(fields)} columns, a GeoNames dump line has {COLUMNS}")
    try:
        geonameid = int(fields[0])
        lat, lon = float(fields[4]), float(fields[5])
        population = int(fields[14] or 0)
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90):
            raise ValueError(f"no point at {fields[4]}, {fields[5]}")
    except ValueError as exc:
        raise GazetteerError(f"line {number}: not a GeoNames record ({exc})") from None
    name, ascii_name = fields[1], fields[2]
    names = {(a, "alt") for a in fields[3].split(",") if a}
    if ascii_name and ascii_name != name:
        names.add((ascii_name, "alt"))
    feature_class, feature_code = fields[6], fields[7]
    return Record(
        id=geonameid,
        name=name,
        lat=lat,
        lon=lon,
        feature=feature_kind(feature_class, feature_code),
        source=source,
        country=fields[8] or None,
        admin1=fields[10] or None,
        admin2=fields[11] or None,
        population=population,
        feature_code=feature_code or None,
        names=frozenset(names),
    )


@contextmanager
def _open_dump(path: Path) -> Iterator[TextIO]:
    if not path.is_file():
        raise GazetteerError(f"no GeoNames dump at {path}")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise GazetteerError(f"{path} holds no GeoNames .txt file")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            yield handle


def import_geonames(index: Path, dump: Path, *, progress: Callable[[str], None] | None = None) -> int:
    """Add every record of a GeoNames dump to the index; returns how many were imported."""
    if not index.is_file():
        raise GazetteerError(f"no gazetteer index at {index}; build it first with 'geomap gazetteer build'")
    db = sqlite3.connect(index)
    started = time.perf_counter()
    count = 0
    source = f"geonames-import:{dump.name}"
    try:
        db.execute("PRAGMA synchronous=OFF")
        places: list[PlaceRow] = []
        names: list[NameRow] = []
        with _open_dump(dump) as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    record = parse_line(line, number=number, source=source)
                except GazetteerError as exc:
                    raise GazetteerError(f"{dump}: {exc}") from None
                if record is None or record.id is None:
                    continue
                places.append(record.place_row(record.id))
                names.extend(record.name_rows(record.id))
                count += 1
                if len(places) >= BATCH:
                    write_rows(db, places, names, commit=False)  # one transaction: a bad line adds nothing
                    places, names = [], []
                    if progress is not None:
                        progress(f"{count:,} records")
        write_rows(db, places, names, commit=False)
        sources = db.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
        merged = ",".join(sorted({*(sources[0].split(",") if sources else []), source}))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('sources', ?)", (merged,))
        db.commit()
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{dump}: not UTF-8 text ({exc.reason})") from None
    finally:
        db.close()
    if progress is not None:
        progress(f"imported {count:,} records in {time.perf_counter() - started:.1f}s")
    return count


def imported_dumps(index: Path) -> list[Path]:
    """The dumps imported into the indexes of ``index``'s folder, first import first."""
    listing = index.with_name(IMPORTS_NAME)
    try:
        paths = json.loads(listing.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except ValueError as exc:
        raise GazetteerError(f"{listing} is not a list of imported dumps ({exc}); fix or remove it") from None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise GazetteerError(f"{listing} is not a list of imported dumps' paths; fix or remove it")
    return [Path(p) for p in paths]


def remember_import(index: Path, dump: Path) -> None:
    """Add ``dump`` to the imports of ``index``'s folder, so that a new index takes it in too.

    The path is kept as given, made absolute (a link such as ``latest.zip``
    stays a link, followed anew at each build).
    """
    dump = dump.absolute()
    dumps = [d for d in imported_dumps(index) if d != dump] + [dump]
    listing = index.with_name(IMPORTS_NAME)
    tmp = listing.with_name(f".{listing.name}.tmp")
    tmp.write_text(json.dumps([str(d) for d in dumps], indent=1), encoding="utf-8")
    os.replace(tmp, listing)


def replay_imports(new_index: Path, listed_for: Path, *, progress: Callable[[str], None] | None = None) -> int:
    """Import again, into a newly built index, the dumps imported before beside ``listed_for``; returns how many.

    A dump that is gone, or no longer reads as a GeoNames dump, is said and
    left out of this index, but stays on the list (a disk not mounted today
    may be back tomorrow): the message says how to forget it.
    """
    taken = 0
    for dump in imported_dumps(listed_for):
        try:
            import_geonames(new_index, dump, progress=progress)
            taken += 1
        except GazetteerError as exc:
            message = (
                f"the GeoNames dump {dump}, imported before, was not taken into the new index ({exc}); "
                f"to forget it, remove it from {listed_for.with_name(IMPORTS_NAME)}"
            )
            log.warning(message)
            if progress is not None:
                progress(message)
    return taken


def imports_in(index: Path) -> list[str]:
    """The names of the dumps an index file holds imports of (its ``geonames-import:NAME`` sources)."""
    try:
        db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return []
    sources = str(row[0]).split(",") if row else []
    return [s.split(":", 1)[1] for s in sources if s.startswith("geonames-import:")]
