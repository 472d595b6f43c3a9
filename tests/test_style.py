"""The event colours: told apart with each kind of colour blindness, and visible on the basemap."""

from __future__ import annotations

import itertools
import math

import pytest

from geomap.render.style import TYPE_STYLE

Lab = tuple[float, float, float]

# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", severity 1.0: what a dichromat sees, as a matrix on linear RGB.
DICHROMACY = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
# The smallest CIE76 difference between two event colours, for every vision (see style.py).
MIN_DIFFERENCE = 15.0
LIGHTNESS = (25.0, 66.0)


def _linear(hex_colour: str) -> tuple[float, float, float]:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return channel(r), channel(g), channel(b)


def _lab(rgb: tuple[float, float, float]) -> Lab:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(hex_colour: str, vision: str) -> Lab:
    rgb = _linear(hex_colour)
    if vision == "normal":
        return _lab(rgb)
    m = DICHROMACY[vision]
    r, g, b = (sum(m[i][j] * rgb[j] for j in range(3)) for i in range(3))
    return _lab((r, g, b))


@pytest.mark.parametrize("vision", ["normal", *DICHROMACY])
def test_every_two_event_types_differ_in_colour_for_every_vision(vision: str) -> None:
    colours = {etype: colour for etype, (_, colour) in TYPE_STYLE.items()}
    closest = min(
        (math.dist(seen(a, vision), seen(b, vision)), ta, tb)
        for (ta, a), (tb, b) in itertools.combinations(colours.items(), 2)
    )
    assert closest[0] >= MIN_DIFFERENCE, closest


def test_the_simulation_merges_what_colour_blind_readers_cannot_tell_apart() -> None:
    # red and green differ for normal vision and hardly at all with deuteranopia: the check measures
    red, green = "#d62728", "#2ca02c"
    assert math.dist(seen(red, "normal"), seen(green, "normal")) > 50
    assert math.dist(seen(red, "deuteranopia"), seen(green, "deuteranopia")) < MIN_DIFFERENCE


def test_every_event_colour_stands_out_on_the_pale_basemap() -> None:
    for etype, (_, colour) in TYPE_STYLE.items():
        assert LIGHTNESS[0] <= seen(colour, "normal")[0] <= LIGHTNESS[1], etype
