"""The package's one distance, held to geopy's great circle on the same sphere."""

from __future__ import annotations

import random

import pytest
from geopy.distance import great_circle

from geomap.geometry import EARTH_RADIUS_KM, distance_km


def test_the_distance_is_geopy_s_great_circle() -> None:
    rng = random.Random(7)
    pairs = [
        ((rng.uniform(-90, 90), rng.uniform(-180, 180)), (rng.uniform(-90, 90), rng.uniform(-180, 180)))
        for _ in range(5000)
    ]
    # the same point, antipodes, across the date line, at the poles
    pairs += [
        ((10.0, 20.0), (10.0, 20.0)),
        ((0.0, 0.0), (0.0, 180.0)),
        ((1.0, 179.9), (1.0, -179.9)),
        ((90.0, 0.0), (-90.0, 0.0)),
    ]
    for a, b in pairs:
        assert distance_km(a, b) == pytest.approx(great_circle(a, b, radius=EARTH_RADIUS_KM).km, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize(
    "point", [(91.0, 0.0), (float("nan"), 0.0), (0.0, float("nan")), (0.0, float("inf"))], ids=str
)
def test_a_point_off_the_sphere_is_refused(point: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match="not a point on the sphere"):
        distance_km(point, (0.0, 0.0))
