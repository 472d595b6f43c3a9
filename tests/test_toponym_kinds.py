"""How ``geomap eval --by-kind`` reads what kind of place a gold toponym is."""

from __future__ import annotations

import pytest

from geomap.evaluate import GoldToponym
from geomap.model import Candidate, FeatureKind
from geomap.toponym_kinds import kind_from_words, toponym_kind


@pytest.mark.parametrize(
    ("name", "title", "kind"),
    [
        pytest.param("Brindle River", "", "natural", id="a-river"),
        pytest.param("Motuora", "Motuora Island", "natural", id="an-island-named-by-its-title"),
        pytest.param("Fort Kessel", "", "landmark", id="a-fort"),
        pytest.param("Harwell Square", "", "landmark", id="a-square"),
        pytest.param("Dunmore", "Dunmore refugee camp", "camp_crossing", id="a-camp"),
        pytest.param("Orlen", "Orlen Township, Ohio", "admin2", id="a-township"),
        pytest.param("Kelmscott", "Kelmscott (suburb)", "neighbourhood", id="a-suburb"),
        pytest.param("Velda", "Velda District", "admin2", id="a-district"),
        # The last kind word says what the whole is: a park on a lake is a park.
        pytest.param("Lake Tiber Park", "", "landmark", id="the-last-word-speaks"),
        pytest.param("Xqzmoor", "", None, id="no-kind-word"),
    ],
)
def test_kind_from_words(name: str, title: str, kind: str | None) -> None:
    assert kind_from_words(name, title) == kind


def test_a_near_candidate_speaks_before_the_words() -> None:
    # "Lake Brill" the town, at the gold point: a town, though its name has "Lake" in it.
    town = Candidate("Lake Brill", 40.0, -80.0, FeatureKind.CITY, country_code="US")
    assert toponym_kind(GoldToponym(0, 10, "Lake Brill", 40.0, -80.0), [(town, "name")]) == ("city", True)


def test_a_section_of_a_town_is_a_neighbourhood() -> None:
    section = Candidate("Orvale", 6.5, 3.4, FeatureKind.CITY, country_code="NG", feature_code="PPLX")
    assert toponym_kind(GoldToponym(0, 6, "Orvale", 6.5, 3.4), [(section, "name")]) == ("neighbourhood", True)


def test_words_speak_when_no_candidate_is_near() -> None:
    # A town called Brindle River far away says nothing of the river at the gold point.
    town = Candidate("Brindle River", 10.0, 10.0, FeatureKind.CITY, country_code="NG")
    toponym = GoldToponym(0, 13, "Brindle River", 45.0, -100.0)
    assert toponym_kind(toponym, [(town, "name")]) == ("natural", True)


def test_an_unknown_name_is_other() -> None:
    assert toponym_kind(GoldToponym(0, 7, "Xqzmoor", 1.0, 1.0), []) == ("other", True)


def test_a_country_named_like_islands_is_a_country() -> None:
    # The gold point of "Tokelo Islands" the country lies 274 km from its record's: still the country.
    country = Candidate("Tokelo Islands", -9.0, 160.0, FeatureKind.COUNTRY, country_code="SB")
    toponym = GoldToponym(0, 14, "Tokelo Islands", -9.6, 162.3)
    assert toponym_kind(toponym, [(country, "name")]) == ("country", False)


def test_accented_kind_words() -> None:
    assert kind_from_words("Bahía de Tortuga") == "natural"
