"""Lines on the sphere: great circles for the exports, distances for everyone.

The map client (``render/static/geomap.js``) draws its bowed arcs itself from
the two end points."""

from __future__ import annotations

import math
from collections.abc import Iterable

Point = tuple[float, float]  # (lat, lon)

# The mean Earth radius (IUGG), in kilometres: the sphere every distance here is measured on.
EARTH_RADIUS_KM = 6371.0088


def _to_vector(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _to_point(x: float, y: float, z: float) -> Point:
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def great_circle(a: Point, b: Point, segments: int = 32) -> list[Point]:
    """Points along the shorter great circle from ``a`` to ``b``, longitudes kept continuous.

    Longitudes are unwrapped (they may pass 180 or -180) so that a line across
    the antimeridian is drawn the short way rather than across the world.
    """
    va, vb = _to_vector(*a), _to_vector(*b)
    dot = max(-1.0, min(1.0, sum(p * q for p, q in zip(va, vb, strict=True))))
    omega = math.acos(dot)
    if omega < 1e-9:
        return [a, b]
    points: list[Point] = []
    for i in range(segments + 1):
        t = i / segments
        s1 = math.sin((1 - t) * omega) / math.sin(omega)
        s2 = math.sin(t * omega) / math.sin(omega)
        points.append(_to_point(*(s1 * p + s2 * q for p, q in zip(va, vb, strict=True))))
    return unwrap_longitudes(points, a[1])


def unwrap_longitudes(points: Iterable[Point], start_lon: float) -> list[Point]:
    """``points`` with each longitude moved by whole turns to within 180 degrees of the one before
    it (the first, of ``start_lon``), so that a line through them never jumps across the
    antimeridian."""
    result: list[Point] = []
    previous = start_lon
    for lat, lon in points:
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        result.append((lat, lon))
        previous = lon
    return result


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres, on a sphere of :data:`EARTH_RADIUS_KM` (the haversine formula).

    The one distance of the package (the resolver's proximity, the same-spot
    test of roles, the evaluation's errors). It is asked about 100,000 times
    for LGL's 588 articles, with few pairs repeated (a cache answered 15%).
    geopy's ``great_circle`` gives the same figure (tests/test_geometry.py
    holds the two together) but builds two Point objects a call: with it the
    resolve stage of ``geomap bench`` took 1.8 s on LGL, with this 0.8 s. A latitude
    outside [-90, 90] or a longitude that is not a number is a ValueError.
    """
    (lat1, lon1), (lat2, lon2) = a, b
    if not (-90.0 <= lat1 <= 90.0 and -90.0 <= lat2 <= 90.0 and math.isfinite(lon1) and math.isfinite(lon2)):
        raise ValueError(f"not a point on the sphere: {a}, {b}")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
