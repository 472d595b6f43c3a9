"""From geopy ``Location`` objects to the :class:`~geomap.model.Candidate` records the ranker reads.

Any geopy geocoder can feed the resolver: the offline gazetteer puts its record
in ``Location.raw``; Nominatim and Photon answers are mapped here, field by
field, to the same shape.
"""

from __future__ import annotations

from typing import Any

from geopy.location import Location

from ..model import Candidate, FeatureKind

# The most candidates a name gets from any back-end: the offline geocoder's limit, and the
# resolver's cap on what an online one answers (a larger `limit` option is cut to it). It is the
# limit the offline geocoder always had (38 records answer "Springfield"; the ranked first 50 of
# the 114 for "San Jose" are kept); the resolver's own cap of 60 never took effect beside it.
MAX_CANDIDATES = 50

# OSM class/type (Nominatim) or osm_key/osm_value and type (Photon) to a feature kind.
_OSM_PLACE = {
    "country": FeatureKind.COUNTRY,
    "state": FeatureKind.ADMIN1,
    "province": FeatureKind.ADMIN1,
    "region": FeatureKind.ADMIN1,
    "county": FeatureKind.ADMIN2,
    "district": FeatureKind.ADMIN2,
    "city": FeatureKind.CITY,
    "town": FeatureKind.CITY,
    "village": FeatureKind.CITY,
    "hamlet": FeatureKind.CITY,
    "suburb": FeatureKind.CITY,
    "municipality": FeatureKind.CITY,
    "locality": FeatureKind.CITY,
    "continent": FeatureKind.CONTINENT,
    "island": FeatureKind.LANDFORM,
    "islet": FeatureKind.LANDFORM,
    "sea": FeatureKind.WATER,
    "ocean": FeatureKind.WATER,
}
_OSM_CLASS = {
    "waterway": FeatureKind.WATER,
    "water": FeatureKind.WATER,
    "natural": FeatureKind.LANDFORM,
    "amenity": FeatureKind.FACILITY,
    "building": FeatureKind.FACILITY,
    "tourism": FeatureKind.FACILITY,
    "aeroway": FeatureKind.FACILITY,
    "railway": FeatureKind.FACILITY,
    "highway": FeatureKind.FACILITY,
    "shop": FeatureKind.FACILITY,
    "office": FeatureKind.FACILITY,
    "man_made": FeatureKind.FACILITY,
    "leisure": FeatureKind.FACILITY,
    "historic": FeatureKind.FACILITY,
}
_ADMIN_LEVEL = {2: FeatureKind.COUNTRY, 4: FeatureKind.ADMIN1, 5: FeatureKind.ADMIN1, 6: FeatureKind.ADMIN2}


def candidate_from_location(location: Location, source: str) -> tuple[Candidate, str]:
    """The candidate a geopy Location describes, and how its name matched.

    Raises ValueError for an answer without coordinates: geopy reads missing
    ones as (0, 0), and no place a service names lies exactly there.
    """
    raw: Any = location.raw if isinstance(location.raw, dict) else {}
    if location.latitude == 0 and location.longitude == 0:
        raise ValueError("an answer without coordinates")
    if "feature" in raw and "index_id" in raw:  # the offline gazetteer
        fields = {k: v for k, v in raw.items() if k != "match"}
        fields["feature"] = FeatureKind(fields["feature"])
        return Candidate(**fields), str(raw.get("match", "name"))
    if "properties" in raw and "geometry" in raw:  # Photon (GeoJSON feature)
        props = raw.get("properties") or {}
        photon_feature = _OSM_PLACE.get(str(props.get("type", ""))) or _OSM_PLACE.get(
            str(props.get("osm_value", "")), _OSM_CLASS.get(str(props.get("osm_key", "")), FeatureKind.OTHER)
        )
        return Candidate(
            name=str(props.get("name") or location.address.split(",")[0]),
            lat=float(location.latitude),
            lon=float(location.longitude),
            feature=photon_feature,
            country_code=_upper(props.get("countrycode")),
            population=_int(props.get("extent_population") or props.get("population")),
            source=source,
        ), "name"
    # Nominatim and look-alikes (jsonv2 / json)
    address = raw.get("address") or {}
    osm_class = str(raw.get("class") or raw.get("category") or "")
    osm_type = str(raw.get("type") or raw.get("addresstype") or "")
    feature: FeatureKind | None = _OSM_PLACE.get(osm_type) or _OSM_PLACE.get(str(raw.get("addresstype", "")))
    if feature is None and osm_class == "boundary":
        feature = _ADMIN_LEVEL.get(_int((raw.get("extratags") or {}).get("admin_level")), FeatureKind.ADMIN2)
    if feature is None:
        feature = _OSM_CLASS.get(osm_class, FeatureKind.OTHER if osm_class != "place" else FeatureKind.CITY)
    name = str(raw.get("name") or location.address.split(",")[0])
    return Candidate(
        name=name,
        lat=float(location.latitude),
        lon=float(location.longitude),
        feature=feature,
        country_code=_upper(address.get("country_code")),
        population=_int((raw.get("extratags") or {}).get("population")),
        source=source,
    ), "name"


def _upper(value: object) -> str | None:
    return str(value).upper() if value else None


def _int(value: object) -> int:
    try:
        return int(str(value).replace(",", "").split(".")[0]) if value not in (None, "") else 0
    except ValueError:
        return 0
