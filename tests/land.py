"""Whether a line stays at sea: its points sampled against Natural Earth's 1:10m land.

The land is the union of the admin-0 country polygons in the archive geomap draws its offline
basemap from (:func:`geomap.render.assets.natural_earth_countries`), read with pyshp as
``build_basemap`` reads it. Those polygons hold the great lakes and inland seas that a border
runs through (the Great Lakes, the Caspian): a line there counts as over land.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any

from geomap.geometry import distance_km
from geomap.render.assets import natural_earth_countries

Point = tuple[float, float]  # (lat, lon)


@lru_cache(maxsize=1)
def land() -> Any:
    """Every country of Natural Earth 1:10m as one prepared (multi)polygon, lon/lat."""
    import shapefile
    import shapely
    from shapely.geometry import shape

    with zipfile.ZipFile(natural_earth_countries()) as zf:
        stem = next(n[:-4] for n in zf.namelist() if n.endswith(".shp"))
        reader = shapefile.Reader(shp=zf.open(stem + ".shp"), dbf=zf.open(stem + ".dbf"), shx=zf.open(stem + ".shx"))
        union = shapely.union_all([shape(s.__geo_interface__) for s in reader.iterShapes()])
    shapely.prepare(union)
    return union


def sample(points: Sequence[Point], every_km: float = 5.0) -> list[Point]:
    """Points along the line through ``points``, at most ``every_km`` apart, ends included."""
    samples: list[Point] = []
    for a, b in pairwise(points):
        n = max(1, math.ceil(distance_km(a, b) / every_km))
        samples.extend((a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n))
    samples.append(points[-1])
    return samples


def on_land(points: Sequence[Point]) -> list[Point]:
    """Those of ``points`` that lie on land (longitudes taken modulo 360)."""
    import shapely

    if not points:
        return []
    lats = [p[0] for p in points]
    lons = [(p[1] + 180.0) % 360.0 - 180.0 for p in points]
    inside = shapely.contains_xy(land(), lons, lats)
    return [p for p, hit in zip(points, inside, strict=True) if hit]


def land_between_connectors(path: Sequence[Point], every_km: float = 5.0) -> list[Point]:
    """The sampled points of a drawn sea path that lie on land, its first and last segments left
    out: those are the connectors from each place (a city centre, the middle of a country) to the
    maritime network, drawn straight over whatever lies between."""
    assert len(path) >= 4, path
    return on_land(sample(path[1:-1], every_km))
