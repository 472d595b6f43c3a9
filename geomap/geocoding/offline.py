"""The offline gazetteer as a geopy geocoder, and the candidate lookup over it.

:class:`GazetteerGeocoder` follows geopy's ``Geocoder`` contract, so it can
stand wherever geopy's own geocoders do: ``geocode()`` returns
``geopy.Location`` objects (or a list of them), whose ``raw`` holds the
gazetteer record. It never touches the network. :class:`OfflineLookup` gives
the resolver its candidates, and is what online back-ends fall back to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from ..gazetteer.index import Gazetteer, Hit
from ..model import Candidate, FeatureKind
from .candidates import MAX_CANDIDATES, candidate_from_location

# The back-end's name: the packaged gazetteer.
OFFLINE = "gazetteer"

FEATURE_ORDER = {
    kind: rank
    for rank, kind in enumerate(
        [
            FeatureKind.COUNTRY,
            FeatureKind.ADMIN1,
            FeatureKind.CONTINENT,
            FeatureKind.REGION,
            FeatureKind.CITY,
            FeatureKind.ADMIN2,
            FeatureKind.WATER,
            FeatureKind.LANDFORM,
            FeatureKind.FACILITY,
            FeatureKind.OTHER,
        ]
    )
}


class _NoNetwork:
    """An adapter for a geocoder that must never open a connection."""

    def __init__(self, *, proxies: object = None, ssl_context: object = None) -> None:
        del proxies, ssl_context

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        raise RuntimeError("the offline gazetteer geocoder does not use the network")

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise RuntimeError("the offline gazetteer geocoder does not use the network")


class GazetteerGeocoder(Geocoder):  # type: ignore[misc]
    """Geocode names against the packaged gazetteer index, offline."""

    def __init__(self, gazetteer: Gazetteer, *, limit: int = MAX_CANDIDATES) -> None:
        from geopy.adapters import BaseSyncAdapter

        class Adapter(_NoNetwork, BaseSyncAdapter):  # type: ignore[misc]
            pass

        super().__init__(user_agent="geomap-offline", adapter_factory=Adapter)
        self.gazetteer = gazetteer
        self.limit = limit

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country_codes: str | list[str] | None = None,
        feature: str | None = None,
        **_: object,
    ) -> Location | list[Location] | None:
        """Records named ``query``: the most important first.

        With ``exactly_one`` the best single record (a record's own name before
        an alternate name; countries before states before cities of the same
        name; then by population) or None.
        """
        hits = list(self.gazetteer.lookup(query))
        if country_codes:
            codes = {country_codes.upper()} if isinstance(country_codes, str) else {c.upper() for c in country_codes}
            hits = [h for h in hits if h.candidate.country_code in codes]
        if feature:
            hits = [h for h in hits if h.candidate.feature == feature]
        # Own names before alternate names, then countries before states before towns, then size.
        hits.sort(
            key=lambda h: (
                0 if h.kind in {"name", "code", "abbr"} else 1,
                FEATURE_ORDER.get(h.candidate.feature, 99) if h.kind != "demonym" else 99,
                -h.candidate.population,
            )
        )
        if not hits:
            return None if exactly_one else []
        locations = [location_of(hit) for hit in hits[: (limit or self.limit)]]
        return locations[0] if exactly_one else locations

    def reverse(self, query: object, *, exactly_one: bool = True, **_: object) -> Location | list[Location] | None:
        raise NotImplementedError("the gazetteer geocoder does not reverse-geocode")


def location_of(hit: Hit) -> Location:
    """A geopy Location for a gazetteer hit; ``raw`` carries the record and how it matched."""
    cand = hit.candidate
    raw = asdict(cand)
    raw["feature"] = str(cand.feature)
    raw["match"] = hit.kind
    address = cand.name if not cand.country_code else f"{cand.name}, {cand.country_code}"
    return Location(address, Point(cand.lat, cand.lon), raw)


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
