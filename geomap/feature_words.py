"""Feature words written after place names: "Borno state", "the Ohio and Mississippi rivers".

A feature word says what kind of place the name before it is. Written in the
singular it is about the name just before it ("Borno state", "the Ohio
river"); in the plural after a list of names it is about each name of the
list ("the Kassala and Gedaref states", "Orange and Los Angeles counties", "the
Tigris and Euphrates rivers"): rule "feature word after a list". A plural after
a single name says nothing ("the Gulf states", "the Baltic states" are not
states called Gulf or Baltic).

The geocoding step (:mod:`geomap.geocode`) also asks for the name in the forms
the gazetteer records such places by ("Ohio River", "Lake Superior"); the
resolver (:mod:`geomap.resolve`) favours the candidates of the word's kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import FeatureKind, Mention


@dataclass(frozen=True, slots=True)
class FeatureWord:
    """What a feature word says: the kind of place, and the forms ("{} River") its places are recorded by."""

    word: str
    kind: FeatureKind
    forms: tuple[str, ...] = ()


# Divisions are recorded under their bare names too ("Kassala", "Orange County" under "Orange"), so
# their words ask for no other form; rivers, lakes, ranges and islands are recorded with their word.
_WORDS = (
    FeatureWord("state", FeatureKind.ADMIN1),
    FeatureWord("province", FeatureKind.ADMIN1),
    FeatureWord("region", FeatureKind.ADMIN1),
    FeatureWord("governorate", FeatureKind.ADMIN1),
    FeatureWord("oblast", FeatureKind.ADMIN1),
    FeatureWord("krai", FeatureKind.ADMIN1),
    FeatureWord("prefecture", FeatureKind.ADMIN1),
    FeatureWord("county", FeatureKind.ADMIN2),
    FeatureWord("district", FeatureKind.ADMIN2),
    FeatureWord("river", FeatureKind.WATER, ("{} River", "River {}")),
    FeatureWord("lake", FeatureKind.WATER, ("Lake {}", "{} Lake")),
    FeatureWord("island", FeatureKind.LANDFORM, ("{} Island", "{} Islands")),
    FeatureWord("mountain", FeatureKind.LANDFORM, ("{} Mountains",)),
)
_SINGULAR = {w.word: w for w in _WORDS}
_PLURAL = {("counties" if w.word == "county" else w.word + "s"): w for w in _WORDS}
_AFTER = re.compile(r"^\s*(" + "|".join(sorted(_SINGULAR.keys() | _PLURAL.keys(), key=len, reverse=True)) + r")\b")
# What joins the names of a list: "Texas and Georgia", "Colorado, Georgia, Idaho".
LIST_JOIN = frozenset({", ", " and ", ", and ", " or ", ", or ", " & "})


def feature_words(text: str, mentions: Sequence[Mention]) -> dict[int, FeatureWord]:
    """The feature word each mention is written with, by the mention's start in ``text``."""
    by_end = {m.end: m for m in mentions}
    found: dict[int, FeatureWord] = {}
    for mention in mentions:
        match = _AFTER.match(text[mention.end : mention.end + 16].lower())
        if match is None:
            continue
        word = match[1]
        if word in _SINGULAR:
            found[mention.start] = _SINGULAR[word]
            continue
        listed = _list_before(text, mention, by_end)
        if listed:  # a plural after a list: each name of it
            for item in (*listed, mention):
                found[item.start] = _PLURAL[word]
    return found


def _list_before(text: str, last: Mention, by_end: dict[int, Mention]) -> list[Mention]:
    """The names listed before ``last`` ("Kassala and" before "Gedaref"), first one first."""
    listed: list[Mention] = []
    current = last
    while True:
        before = next(
            (
                by_end[current.start - len(join)]
                for join in LIST_JOIN
                if text[max(0, current.start - len(join)) : current.start] == join
                and current.start - len(join) in by_end
            ),
            None,
        )
        if before is None or before in listed:
            return listed[::-1]
        listed.append(before)
        current = before
