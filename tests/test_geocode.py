"""The geocoding step: which names it asks a back-end for, in what form, and what it hands the resolver.

The records are invented and the sentences written for these tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from geomap.extract import CAPITAL_SOURCE
from geomap.geocode import geocode_names
from geomap.model import Article, Candidate, DateSource, FeatureKind, Mention
from geomap.resolve import choose_places

K = FeatureKind


def rec(name: str, feature: FeatureKind, cc: str, pop: int = 0, rid: int = 1) -> Candidate:
    return Candidate(
        name=name, lat=1.0, lon=2.0, feature=feature, country_code=cc, population=pop, source="t", index_id=rid
    )


VELDA = rec("Velda", K.COUNTRY, "VD", 9_000_000, rid=1)
VELDA_CAPITAL = rec("Orvo", K.CITY, "VD", 800_000, rid=2)
MARN = rec("Marn", K.CITY, "VD", 40_000, rid=3)
INDEX: dict[str, list[tuple[Candidate, str]]] = {
    "Velda": [(VELDA, "name")],
    "Veldan": [(VELDA, "demonym")],
    "capital of Velda": [(VELDA_CAPITAL, "capital")],
    "Marn": [(MARN, "name")],
}


class Recording:
    """A back-end that answers from INDEX and remembers every query, in order."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, query: str) -> Sequence[tuple[Candidate, str]]:
        self.asked.append(query)
        return INDEX.get(query, [])


def mentions_of(text: str, *names: str, source: str = "model") -> list[Mention]:
    found = []
    for name in names:
        start = text.index(name)
        found.append(Mention(name, start, start + len(name), "GPE", source))
    return found


def article(text: str) -> Article:
    return Article("a", "a.txt", "", text, None, DateSource.NONE, "")


def test_each_name_is_asked_once_however_often_it_is_written() -> None:
    text = "Trucks left Marn at dawn. By noon Marn was empty, and Marn's mayor left too."
    starts = [i for i in range(len(text)) if text.startswith("Marn", i)]
    mentions = [Mention("Marn", i, i + 4, "GPE", "model") for i in starts[:2]]
    mentions.append(Mention("Marn's", starts[2], starts[2] + 6, "GPE", "model"))
    lookup = Recording()
    names = geocode_names(article(text), mentions, lookup)
    assert lookup.asked == ["Marn"]
    assert [(n.key, len(n.mentions), n.candidates) for n in names] == [("marn", 3, ((MARN, "name"),))]


def test_a_longer_form_is_asked_only_when_the_name_has_no_record() -> None:
    text = "Grain from the Marn Valley and from Velda reached the coast."
    lookup = Recording()
    names = geocode_names(article(text), mentions_of(text, "Marn Valley", "Velda"), lookup)
    assert lookup.asked == ["Marn Valley", "Marn", "Velda"]
    assert names[0].candidates == ((MARN, "alt"),)


def test_a_capital_is_asked_from_the_answer_for_its_country() -> None:
    """ "Velda's capital" asks for Velda first, then for the capital of what Velda turned out to be;
    two such mentions are one name, keyed by the country."""
    text = "Velda's capital was quiet. Later, Velda's capital woke up."
    first, second = text.index("capital"), text.rindex("capital")
    mentions = [
        Mention("capital", first, first + 7, "GPE", CAPITAL_SOURCE),
        Mention("capital", second, second + 7, "GPE", CAPITAL_SOURCE),
    ]
    lookup = Recording()
    names = geocode_names(article(text), mentions, lookup)
    assert lookup.asked == ["Velda", "capital of Velda"] * 2
    assert [(n.key, n.capital_of, n.candidates) for n in names] == [
        ("capital:VD", "Velda", ((VELDA_CAPITAL, "capital"),))
    ] * 2
    places = choose_places(article(text), names).places
    assert [(p.name, len(p.mentions)) for p in places] == [("Orvo", 2)]
    assert places[0].reason.startswith("the capital of Velda")


def test_a_name_without_candidates_is_kept_and_reported_unresolved() -> None:
    text = "Aid reached Zzyx and Marn."
    names = geocode_names(article(text), mentions_of(text, "Zzyx", "Marn"), Recording())
    assert [(n.key, n.candidates) for n in names] == [("zzyx", ()), ("marn", ((MARN, "name"),))]
    resolution = choose_places(article(text), names)
    assert [m.text for m in resolution.unresolved] == ["Zzyx"]
    assert [p.name for p in resolution.places] == ["Marn"]
