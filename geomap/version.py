"""The version stored with each result: a fingerprint of what decides results.

A result is what the analysis code made of an article's text with one spaCy
model, one gazetteer build, one geocoder and one maritime network. The
fingerprint covers all of them, so it changes by itself whenever any of them
does, and a run analyses again what an older version made
(:func:`geomap.pipeline.plan`); nobody has to remember to bump a number. The
gazetteer already names its index file this way
(:func:`geomap.gazetteer.build.build_fingerprint`).

It is worked out from files and package metadata, never by loading the
model: :mod:`geomap.pending` asks for it before a run starts anything.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path
from typing import TYPE_CHECKING

from .language import language_models

if TYPE_CHECKING:
    from .settings import Settings

PACKAGE = Path(__file__).parent

# The modules of geomap that only read, store, draw or report results, and never change one: a
# change to them does not make stored results stale. Every other module counts, so that a module
# added later decides results until it is named here.
NOT_ANALYSIS = (
    "archive.py",
    "bench.py",
    "cli.py",
    "databases.py",
    "drawing.py",
    "evaluate.py",
    "evaluate_movements.py",
    "export.py",
    "orphans.py",
    "pending.py",
    "precision.py",
    "schema.py",
    "publish.py",
    "render",
    "serialize.py",
    "store.py",
    "version.py",
)

# The packages whose data decide results besides the model and the gazetteer's own sources: the
# maritime network sea routes follow, and the language detector that decides which articles are
# mapped, and with which model (geomap.language).
RESULT_PACKAGES = ("searoute", "lingua-language-detector")


def analysis_code(package: Path = PACKAGE) -> list[Path]:
    """The source files whose every change can change a result, in a fixed order."""
    skipped = {package / name for name in NOT_ANALYSIS}
    return [
        path
        for path in sorted(package.rglob("*.py"))
        if not any(path == s or s in path.parents for s in skipped) and "__pycache__" not in path.parts
    ]


def analysis_version(model: str, geocoder: str, gazetteer: str, package: Path = PACKAGE) -> str:
    """The fingerprint stored with every result made with this ``model`` (a package name or a
    path), this ``geocoder`` and this gazetteer index (its file name carries its build), by the
    code of ``package``."""
    digest = hashlib.sha256()
    for path in analysis_code(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(f"model={model}:{_model_version(model)}".encode())
    for other in language_models():
        digest.update(f"model={other}:{_model_version(other)}".encode())
    digest.update(f"geocoder={geocoder}".encode())
    digest.update(f"gazetteer={Path(gazetteer).name}".encode())
    for name in RESULT_PACKAGES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


def _model_version(model: str) -> str:
    """A spaCy model's version from its package metadata, or from the meta.json of a model folder."""
    if "/" not in model and util.find_spec(model) is not None:
        try:
            return metadata.version(model)
        except metadata.PackageNotFoundError:
            pass
    meta = Path(model) / "meta.json"
    return hashlib.sha256(meta.read_bytes()).hexdigest()[:16] if meta.is_file() else "unknown"


def version_of(settings: Settings) -> str:
    """The version the results of a run with ``settings`` are stored with (worked out once a
    process: the code it runs does not change under it)."""
    return _this_version(settings.model, settings.geocoder, str(settings.gazetteer_path))


@lru_cache(maxsize=8)
def _this_version(model: str, geocoder: str, gazetteer: str) -> str:
    return analysis_version(model, geocoder, gazetteer)
