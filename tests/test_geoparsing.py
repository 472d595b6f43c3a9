"""Recognition and disambiguation on short texts, with the real model and gazetteer."""

from __future__ import annotations

import pytest

from geomap.geometry import haversine_km
from geomap.model import ArticleResult, FeatureKind
from geomap.pipeline import Resources

from .conftest import analyse_text


def mention_texts(result: ArticleResult) -> set[str]:
    return {m.text for p in result.places for m in p.mentions} | {m.text for m in result.unresolved}


def place_for(result: ArticleResult, text: str):  # type: ignore[no-untyped-def]
    for place in result.places:
        if any(m.text == text for m in place.mentions):
            return place
    raise AssertionError(
        f"{text!r} not resolved; places: {[(p.name, [m.text for m in p.mentions]) for p in result.places]}"
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [
        pytest.param("Kim met Vladimir Putin on Tuesday.", "Kim", id="kim"),
        pytest.param("President Vladimir Putin spoke.", "Vladimir", id="vladimir"),
        pytest.param(
            "He was welcomed by the foreign minister, Choe Son Hui, at the airport.", "Son", id="choe-son-hui"
        ),
        pytest.param("Ripley said the council would vote. Jim Ripley is the mayor.", "Ripley", id="surname-said"),
        pytest.param("Russia's TASS news agency reported the talks.", "TASS", id="news-agency"),
        pytest.param("As SWAT officers arrived, the DUI suspect fled.", "SWAT", id="acronyms"),
        pytest.param("But the plan failed. In the end nobody came.", "In", id="function-words"),
        pytest.param("The White House said the talks went well.", "White House", id="white-house"),
    ],
)
def test_not_places(resources: Resources, text: str, word: str) -> None:
    result = analyse_text(text, resources)
    assert not any(word in t.split() or word == t for t in mention_texts(result)), mention_texts(result)


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        pytest.param("The shipments reached Russia's Dunai in August.", "Dunai", "RU", id="possessive-model-miss"),
        pytest.param("Students at Colorado State University protested.", "Colorado", "US", id="place-in-org-name"),
        pytest.param("the U.S. Department of State said on Monday.", "U.S.", "US", id="abbreviation-in-org"),
        pytest.param("Officials in Tbilisi said the talks failed.", "Tbilisi", "GE", id="capital-tagged-as-person"),
        pytest.param("GAINESVILLE, Fla. (AP) -- Police arrested two men.", "GAINESVILLE", "US", id="all-caps-dateline"),
        pytest.param("The Russian Foreign Ministry spoke.", "Russian", "RU", id="demonym-in-org"),
        pytest.param("Flooding hit W.Va. towns on Sunday.", "W.Va.", "US", id="abbreviation-with-dot"),
    ],
)
def test_recognised(resources: Resources, text: str, mention: str, expected: str) -> None:
    result = analyse_text(text, resources)
    place = place_for(result, mention)
    assert place.country_code == expected


@pytest.mark.parametrize(
    ("text", "mention", "point", "feature"),
    [
        pytest.param(
            "The mill in Bangor, Maine, closed.", "Bangor", (44.8012, -68.7778), FeatureKind.CITY, id="x-comma-state"
        ),
        pytest.param(
            "Protesters gathered in Bangor, Northern Ireland, on Saturday.",
            "Bangor",
            (54.66, -5.67),
            FeatureKind.CITY,
            id="x-comma-region",
        ),
        pytest.param("Exports from the USA rose.", "USA", (39.76, -98.5), FeatureKind.COUNTRY, id="usa-not-a-building"),
        pytest.param(
            "France and Germany signed the deal.",
            "France",
            (46.0, 2.0),
            FeatureKind.COUNTRY,
            id="france-is-the-country",
        ),
        pytest.param("European leaders met.", "European", (48.69, 9.14), FeatureKind.CONTINENT, id="demonym-europe"),
        pytest.param(
            "Ships left the port of Rajin for Russia.", "Rajin", (42.25, 130.3), FeatureKind.CITY, id="port-of"
        ),
        pytest.param(
            "The governor of Georgia visited Atlanta and Savannah.",
            "Georgia",
            (32.75, -83.5),
            FeatureKind.ADMIN1,
            id="georgia-the-state",
        ),
        pytest.param(
            "Georgia's army withdrew from South Ossetia as Russian troops neared Tbilisi.",
            "Georgia",
            (42.0, 43.5),
            FeatureKind.COUNTRY,
            id="georgia-the-country",
        ),
        pytest.param(
            "Washington said sanctions would follow.",
            "Washington",
            (38.895, -77.036),
            FeatureKind.CITY,
            id="washington-the-capital",
        ),
        pytest.param(
            "The Washington-based think tank published images.",
            "Washington",
            (38.895, -77.036),
            FeatureKind.CITY,
            id="washington-based",
        ),
        pytest.param(
            "Paris, Tenn. (AP) - The Henry County sheriff said Paris police helped.",
            "Henry County",
            (36.33, -88.3),
            FeatureKind.ADMIN2,
            id="local-county-agrees-with-town",
        ),
        pytest.param(
            "Tankers crossed the Black Sea to the Bosphorus.", "Black Sea", (43.0, 35.0), FeatureKind.WATER, id="sea"
        ),
        pytest.param(
            "PARIS (Reuters) - French officials said.", "PARIS", (48.85, 2.35), FeatureKind.CITY, id="dateline-city"
        ),
    ],
)
def test_disambiguation(
    resources: Resources, text: str, mention: str, point: tuple[float, float], feature: FeatureKind
) -> None:
    result = analyse_text(text, resources)
    place = place_for(result, mention)
    assert haversine_km((place.lat, place.lon), point) < 161, place
    assert place.feature is feature
    assert place.reason and 0 < place.score <= 1


def test_unknown_names_do_not_empty_the_output(resources: Resources) -> None:
    result = analyse_text("Troops moved from Xyzzyville to Kharkiv and Qwertabad.", resources)
    assert "Kharkiv" in {p.name for p in result.places}
    assert {m.text for m in result.unresolved} >= {"Xyzzyville"} or "Xyzzyville" not in mention_texts(result)


def test_reason_explains_the_choice(resources: Resources) -> None:
    result = analyse_text("The mill in Bangor, Maine, closed.", resources)
    reason = place_for(result, "Bangor").reason
    assert "Bangor, Maine" in reason
