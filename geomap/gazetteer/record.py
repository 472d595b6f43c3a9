"""The record every gazetteer source yields."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import FeatureKind


@dataclass(frozen=True, slots=True)
class Record:
    """One place for the index, with every name it is known by.

    ``id`` is the GeoNames id where the source has one; records without one
    get a negative id at build time. ``names`` holds ``(name, kind)`` pairs,
    kind being one of ``alt``, ``abbr``, ``code`` or ``demonym``.
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
