"""What kind of place a gold toponym is, for reporting a corpus's results by kind (``geomap eval --by-kind``).

Coverage work needs to know what the misses are made of: rivers and islands
want another source than neighbourhoods or border crossings. A gold toponym's
kind is read, in this order, from

1. its reference candidate: the candidate of its name nearest to the gold
   point when one lies within 161 km (a facility only when nothing else does),
   by the candidate's feature (:data:`FEATURE_KINDS`; a GeoNames section of a
   town, ``PPLX``, is a neighbourhood);
2. a country, first-level division or continent of its name within 1,000 km
   (two reference points of a large place can be that far apart, as GeoNames'
   and Wikipedia's points of a country are: "Solomon Islands" is a country,
   not islands);
3. the words of its name, and of its title in the corpus (a Wikipedia page in
   GeoVirus) when there is one: "Neches River", "Waiheke Island", "Fort
   Bragg", "Kakuma refugee camp" (:data:`KIND_WORDS`, rule "kind from words");
4. a country, continent or international region or sea of its name at any
   distance ("the Americas" with its point far from any);

and is ``other`` when none of these says: mostly villages and neighbourhoods
too small for any source, named without a word that says what they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from .geometry import distance_km
from .model import Candidate, FeatureKind

# The kinds, in the order the report lists them. "region" is a continent or a region, curated or
# GeoNames', whatever its borders; the word "region" after a name ("Tigray region") says a division.
KINDS = (
    "country",
    "admin1",
    "admin2",
    "city",
    "neighbourhood",
    "natural",
    "camp_crossing",
    "landmark",
    "region",
    "other",
)
FEATURE_KINDS: dict[FeatureKind, str] = {
    FeatureKind.COUNTRY: "country",
    FeatureKind.ADMIN1: "admin1",
    FeatureKind.ADMIN2: "admin2",
    FeatureKind.CITY: "city",
    FeatureKind.WATER: "natural",
    FeatureKind.LANDFORM: "natural",
    FeatureKind.FACILITY: "landmark",
    FeatureKind.CONTINENT: "region",
    FeatureKind.REGION: "region",
    FeatureKind.OTHER: "other",
}
# GeoNames feature codes of sections of towns: neighbourhoods, not towns.
NEIGHBOURHOOD_CODES = frozenset({"PPLX"})

# Rule "kind from words": the words English names and titles of places carry, by the kind they say.
# Written for this module from the generic terms of GeoNames' feature classes H, T, L, S and A.
KIND_WORDS: dict[str, frozenset[str]] = {
    kind: frozenset(words.split())
    for kind, words in {
        "natural": "river lake bay sea gulf ocean strait island islands isle atoll archipelago mountain mountains"
        " mount hill hills range valley desert plateau peninsula creek delta coast canyon falls glacier volcano"
        " forest swamp reef harbour harbor lagoon basin plain plains bahía baía golfo golfe lago lac río rio",
        "camp_crossing": "camp crossing checkpoint border corridor",
        "landmark": "square street avenue road bridge airport port station hospital university college school park"
        " fort base barracks prison palace cathedral church mosque temple stadium market mall museum tower hotel"
        " centre center reserve refuge area mine dam plant farm",
        "neighbourhood": "neighbourhood neighborhood suburb quarter ward borough slum",
        "admin2": "county district regency parish municipality township",
        "admin1": "province state governorate oblast prefecture region territory",
    }.items()
}
_WORD_KIND = {word: kind for kind, words in KIND_WORDS.items() for word in words}
_WORD = re.compile(r"[^\W\d_]+")  # letters, accented ones too ("Bahía")

# The radius of every geoparsing measure: 161 km (100 miles), as in the literature (Gritta et al. 2018).
ACC_KM = 161.0
# How far a large place's reference point may lie from the gold point and still name its kind (see above).
LARGE_KIND_KM = 1000.0
_LARGE = frozenset({FeatureKind.COUNTRY, FeatureKind.ADMIN1, FeatureKind.CONTINENT})


class Toponym(Protocol):
    """A gold toponym as far as its kind goes: its name, its point and its title, if any."""

    @property
    def name(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def title(self) -> str: ...


def kind_from_words(*texts: str) -> str | None:
    """The kind the last kind word of the texts says ("Rangitoto Island" -> natural), or None."""
    found = None
    for text in texts:
        for word in _WORD.findall(text.replace("_", " ")):
            found = _WORD_KIND.get(word.lower(), found)
    return found


def toponym_kind(toponym: Toponym, candidates: Sequence[tuple[Candidate, str]]) -> tuple[str, bool]:
    """The kind of place a gold toponym is (see the module docstring), and whether it lies within one country.

    A place lies within one country unless its reference candidate is a
    country, a continent, or a region or sea of no one country.
    """
    kind, reference = _kind(toponym, candidates)
    return kind, reference is None or not wide(reference)


def _kind(toponym: Toponym, candidates: Sequence[tuple[Candidate, str]]) -> tuple[str, Candidate | None]:
    point = (toponym.lat, toponym.lon)
    scored = sorted(((distance_km((c.lat, c.lon), point), c) for c, _ in candidates), key=lambda x: x[0])
    # A town's port or airport lies beside it: the town, not the facility, says what kind of place it is.
    near = next((c for d, c in scored if d < ACC_KM and c.feature is not FeatureKind.FACILITY), None) or next(
        (c for d, c in scored if d < ACC_KM), None
    )
    if near is not None:
        if near.feature is FeatureKind.CITY and near.feature_code in NEIGHBOURHOOD_CODES:
            return "neighbourhood", near
        return FEATURE_KINDS[near.feature], near
    large = next((c for d, c in scored if d < LARGE_KIND_KM and c.feature in _LARGE), None)
    if large is not None:  # "Solomon Islands" 274 km from the country's GeoNames point is the country
        return FEATURE_KINDS[large.feature], large
    worded = kind_from_words(toponym.name, toponym.title)
    if worded is not None:
        return worded, None
    widest = next((c for _, c in scored if wide(c)), None)
    return (FEATURE_KINDS[widest.feature], widest) if widest is not None else ("other", None)


def wide(candidate: Candidate) -> bool:
    """A country, a continent, or a region or sea that belongs to no one country."""
    return candidate.feature in {FeatureKind.COUNTRY, FeatureKind.CONTINENT} or (
        candidate.feature in {FeatureKind.REGION, FeatureKind.WATER} and not candidate.country_code
    )
