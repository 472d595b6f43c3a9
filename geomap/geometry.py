"""Lines on the sphere: great circles for the exports, distances for everyone.

The map client (``render/static/geomap.js``) draws its bowed arcs itself from
the two end points."""

from __future__ import annotations

import math

Point = tuple[float, float]  # (lat, lon)


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
    return _unwrap(points, a[1])


def _unwrap(points: list[Point], start_lon: float) -> list[Point]:
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


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
