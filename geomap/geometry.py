"""Lines on the sphere: great circles and the curved arcs maps draw for movements."""

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


def curved_arc(a: Point, b: Point, *, bend: float = 0.18, segments: int = 24) -> list[Point]:
    """A great-circle path from ``a`` to ``b`` bowed to the right of the direction of travel.

    Because the bow is always on the traveller's right, A to B and B to A
    curve to opposite sides and never overlap. ``bend`` is the bow's height
    as a share of the path length.
    """
    path = great_circle(a, b, segments)
    if len(path) < 3:
        return path
    # Work in a local equirectangular frame scaled at the mid latitude.
    mid_lat = math.radians((a[0] + b[0]) / 2)
    kx = max(math.cos(mid_lat), 0.05)
    (y0, x0), (y1, x1) = path[0], path[-1]
    dx, dy = (x1 - x0) * kx, y1 - y0
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return path
    # Unit normal to the right of the direction of travel.
    nx, ny = dy / length, -dx / length
    height = bend * length
    bowed: list[Point] = []
    for i, (lat, lon) in enumerate(path):
        t = i / (len(path) - 1)
        offset = height * math.sin(math.pi * t)
        bowed.append((lat + ny * offset, lon + nx * offset / kx))
    return bowed


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
