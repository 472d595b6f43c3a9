"""How the pages of an output folder are drawn, and whether a run must draw them again.

The pages of an output folder are drawn one way: with or without network
(``offline``), by one version of the code that draws them. The folder keeps a
fingerprint of that way in :data:`DRAWING_MARKER` (with the days its index
shows, which decide whether a run with no new article has the index to
rewrite: :func:`geomap.pending.work_to_do`); a run whose way differs
draws every stored article's page again from the store, without analysing it
(:func:`geomap.archive.publish_pages`), and says so (:func:`geomap.pipeline.plan`).
This module imports no drawing library: a run that has nothing to do learns it
quickly.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .io import INDEX_NAME, write_atomic

DRAWING_MARKER = ".geomap-drawing"
# The code whose every change can change a page: its files' bytes make the fingerprint. Any module it
# imports is here, part of the analysis (a change to that analyses again, see geomap.version), or
# one of PAGE_NEUTRAL: tests/test_drawing.py checks that none falls between.
DRAWING_CODE = ("render", "publish.py", "archive.py", "export.py", "serialize.py", "precision.py", "schema.py")
# What the drawing code uses that puts nothing on a page: this fingerprint, and the store it reads from.
PAGE_NEUTRAL = ("drawing.py", "store.py")
# The packages whose versions can change a page.
DRAWING_PACKAGES = ("folium", "branca", "XStatic-Leaflet", "XStatic-Leaflet-MarkerCluster")


@lru_cache(maxsize=2)
def drawing_fingerprint(offline: bool) -> str:
    """A fingerprint of how pages are drawn: the setting, the drawing code and its packages."""
    digest = hashlib.sha256(f"offline={offline}".encode())
    package = Path(__file__).parent
    for name in DRAWING_CODE:
        target = package / name
        for path in sorted(target.rglob("*")) if target.is_dir() else [target]:
            if path.is_file() and path.suffix in {".py", ".js", ".css"}:
                digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in DRAWING_PACKAGES:
        digest.update(f"{name}={version(name)}".encode())
    return digest.hexdigest()[:16]


def drawn_otherwise(out_dir: Path, offline: bool) -> bool:
    """Whether the pages already in ``out_dir`` were drawn another way than this run's (a folder
    with no index yet has nothing to draw again)."""
    if not (out_dir / INDEX_NAME).is_file():
        return False
    return _marked(out_dir).get("drawing") != drawing_fingerprint(offline)


def indexed_otherwise(out_dir: Path, index_days: int) -> bool:
    """Whether the index in ``out_dir`` shows another number of days than this run's."""
    return (out_dir / INDEX_NAME).is_file() and _marked(out_dir).get("index_days") != index_days


def mark_drawn(out_dir: Path, offline: bool, index_days: int) -> None:
    """Record that every page of ``out_dir`` is now drawn this run's way, its index over
    ``index_days`` days."""
    marker = {"drawing": drawing_fingerprint(offline), "index_days": index_days}
    write_atomic(out_dir / DRAWING_MARKER, json.dumps(marker) + "\n")


def _marked(out_dir: Path) -> dict[str, object]:
    """What the folder's marker says; nothing for a folder drawn before markers, or a damaged one."""
    try:
        marked = json.loads((out_dir / DRAWING_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return marked if isinstance(marked, dict) else {}
