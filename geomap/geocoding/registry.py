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
from .offline import OFFLINE, OfflineLookup


class CandidateLookup(Protocol):
    """Candidates for a place name, for the resolver."""

    name: str

    def candidates(self, name: str) -> Sequence[tuple[Candidate, str]]: ...

    def demonyms(self, name: str) -> Sequence[tuple[Candidate, str]]: ...

    def drain_warnings(self) -> list[str]: ...

    def close(self) -> None: ...


def make_lookup(settings: Settings, gazetteer: Gazetteer) -> CandidateLookup:
    """The candidate lookup for the configured back-end."""
    if settings.geocoder in {OFFLINE, "offline", ""}:
        return OfflineLookup(gazetteer)
    from .online import OnlineLookup

    lookup: CandidateLookup = OnlineLookup(settings, OfflineLookup(gazetteer))
    return lookup
