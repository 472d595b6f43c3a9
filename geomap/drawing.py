"""How the pages of an output folder are drawn, and whether a run must draw them again.

The pages of an output folder are drawn one way: with or without network
(``offline``), by one version of the code that draws them. The folder keeps a
fingerprint of that way in :data:`DRAWING_MARKER`; a run whose way differs
draws every stored article's page again from the store, without analysing it
(:func:`geomap.archive.publish_pages`), and says so (:func:`geomap.pipeline.plan`).
This module imports no drawing library: a run that has nothing to do learns it
quickly.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .io import write_atomic

INDEX_NAME = "index.html"
DRAWING_MARKER = ".geomap-drawing"
# The code whose every change can change a page: its files' bytes make the fingerprint.
DRAWING_CODE = ("render", "publish.py", "archive.py", "export.py", "serialize.py")
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
    marker = out_dir / DRAWING_MARKER
    written = marker.read_text(encoding="utf-8").strip() if marker.is_file() else ""
    return written != drawing_fingerprint(offline)


def mark_drawn(out_dir: Path, offline: bool) -> None:
    """Record that every page of ``out_dir`` is now drawn this run's way."""
    write_atomic(out_dir / DRAWING_MARKER, drawing_fingerprint(offline) + "\n")
