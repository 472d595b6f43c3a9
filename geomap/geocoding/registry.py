"""Geocoder back-ends by name, and the candidate lookup the resolver uses.

Like geopy's ``SERVICE_TO_GEOCODER``, a name selects a back-end:
``gazetteer`` (the offline default), ``nominatim``, ``photon``, or any other
geopy geocoder by its geopy name. Network back-ends are wrapped with a
persistent cache, a cross-process rate limit and retries (see
:mod:`geomap.geocoding.online`); when one fails for good, names fall back to
the offline gazetteer, marked as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..gazetteer.index import Gazetteer
from ..model import Candidate
from ..settings import Settings
from .candidates import candidate_from_location
from .offline import GazetteerGeocoder

OFFLINE = "gazetteer"


class CandidateLookup(Protocol):
    """Candidates for a place name, for the resolver."""

    name: str

    def candidates(self, name: str) -> Sequence[tuple[Candidate, str]]: ...

    def demonyms(self, name: str) -> Sequence[tuple[Candidate, str]]: ...

    def drain_warnings(self) -> list[str]: ...

    def close(self) -> None: ...


class OfflineLookup:
    """Candidates from the packaged gazetteer, through its geopy geocoder."""

    name = OFFLINE

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.geocoder = GazetteerGeocoder(gazetteer)
        self._cache: dict[str, tuple[tuple[Candidate, str], ...]] = {}

    def candidates(self, name: str) -> Sequence[tuple[Candidate, str]]:
        cached = self._cache.get(name)
        if cached is None:
            locations = self.geocoder.geocode(name, exactly_one=False) or []
            assert isinstance(locations, list)
            cached = tuple(candidate_from_location(loc, OFFLINE) for loc in locations)
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[name] = cached
        return cached

    def demonyms(self, name: str) -> Sequence[tuple[Candidate, str]]:
        return self.candidates(name)

    def country(self, code: str) -> Candidate | None:
        """The gazetteer's record of a country, by ISO code."""
        return self.geocoder.gazetteer.country(code)

    def drain_warnings(self) -> list[str]:
        return []

    def close(self) -> None:
        self._cache.clear()


def make_lookup(settings: Settings, gazetteer: Gazetteer) -> CandidateLookup:
    """The candidate lookup for the configured back-end."""
    if settings.geocoder in {OFFLINE, "offline", ""}:
        return OfflineLookup(gazetteer)
    from .online import OnlineLookup

    lookup: CandidateLookup = OnlineLookup(settings, OfflineLookup(gazetteer))
    return lookup
