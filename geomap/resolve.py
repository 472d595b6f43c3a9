"""Choosing where each place name points, using the whole article.

The geocoding step (:mod:`geomap.geocode`) gives every name its candidates,
from the offline gazetteer or an online geocoder; choosing among them asks
nothing more. Each candidate is scored on:

* how the name matched (its own name, an alternate, an abbreviation, a code);
* its kind and size (countries and states before hamlets; population);
* the countries and states the article names, including demonyms and the
  dateline, "X, Y" and "X in Y" patterns ("Bangor, Maine", "Tripoli in
  Lebanon") and possessives ("Russia's Dunai");
* "port of X", "New York police", datelines and other cues for a town;
  "Borno state" and lists of states for a division; "the capital, X";
* its distance to the other places of the article;
* and, before all of these, whether the name is a country's or a state's own
  name: a namesake must then be placed by the text ("Poland, Ohio").

The best candidate becomes a :class:`~geomap.model.Place` that keeps its score
and a one-line reason. Names with no candidate are returned as unresolved, never
dropped silently.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .extract import NESTED_SOURCE
from .feature_words import LIST_JOIN, feature_words
from .geocode import (
    NAMED_AFTER_CITY_SHARE,
    WIDE,
    WIDE_OR_STATE,
    WITHIN_KIND,
    LookupFn,
    NameCandidates,
    candidate_key,
    geocode_names,
    within_city,
    written_containers,
)
from .geometry import distance_km
from .model import Article, Candidate, FeatureKind, Mention, Place

# Every weight below is added to (or taken from) a candidate's score; the
# best score wins. Unless said otherwise the values were set by hand on
# development runs over LGL (US local news) and GeoVirus (world news) so that
# each rule fixes the error class it names without reversing the others; no
# value was fitted to a particular toponym. tests/test_resolve.py pins each
# one: setting it to zero fails a test.

# How the name matched: a record's own name, an alternate name, an
# abbreviation ("Calif."), a code ("USA"), or a facility code (an airport's
# IATA code: as good as an alternate name, a little better since each is
# unique), or the place a site is named after ("Souda Bay Naval Base" at
# Souda: as good as an alternate name of the site), or the city a place the gazetteer lacks is written
# inside ("Kibera in Nairobi" at Nairobi, geomap.geocode.WITHIN_CITY_KM: weighed as a site's place;
# what makes it win over a namesake abroad is the city holding it, CONTAINER_BONUS or IN_CONTAINER_BONUS,
# so no test turns on this value).
# Demonyms ("Russian") and
# capitals ("Mali's capital") are only ever compared among themselves and
# weigh as own names.
NAME_WEIGHT = {"name": 1.0, "alt": 0.55, "abbr": 0.9, "code": 0.85, "fcode": 0.6, "site": 0.55, "within": 0.55}
_AS_NAME = frozenset({"demonym", "capital"})
# GeoNames alternate names of small places include old names, misspellings and
# neighbouring places' names: weaker evidence still.
SMALL_ALT_PENALTY = 0.2
SMALL = 10_000
# A town of no known size (a hamlet the index knows from its ZIP code, a dump line without a
# population) is weak evidence beside namesakes whose size is known: it loses 1.0, about what
# naming its country gives it (COUNTRY_CONTEXT 0.9), so that an article naming the United States
# does not make "Riga" a hamlet in Michigan, while the hamlet's own state named, or the text
# placing it, still does. On LGL against 0: 0.5 gained 15 toponyms and lost 6, 1.0 gained 19 and
# lost 11, 1.5 gained 19 and lost 22; GeoVirus gained 1 at 1.0.
UNSIZED_TOWN_PENALTY = 1.0
# What kind of place news means by a bare name, before any context: countries
# and states before towns, towns before counties, facilities last (they are
# named with their kind: "Schiphol Airport").
FEATURE_PRIOR = {
    FeatureKind.COUNTRY: 0.75,
    FeatureKind.ADMIN1: 0.55,
    FeatureKind.CONTINENT: 0.7,
    FeatureKind.REGION: 0.45,
    FeatureKind.CITY: 0.25,
    FeatureKind.ADMIN2: 0.2,
    FeatureKind.WATER: 0.15,
    FeatureKind.LANDFORM: 0.1,
    FeatureKind.FACILITY: -0.3,
    FeatureKind.OTHER: -0.2,
}
# Size: 0.6 per log10 of population over 7 (a city of 10 million gets the full 0.6).
IMPORTANCE_WEIGHT = 0.6
# "Bangor, Maine": the place written after the comma contains this candidate.
CONTAINER_BONUS = 2.5
# "Tripoli in Lebanon", "Tyre in southern Lebanon": the place written after "in" contains this
# candidate (rule "in-container"). As strong as the comma: the writer has placed the name, so the
# capital of another country ("Tripoli", Libya) must not win on its size and its capital bonus.
IN_CONTAINER_BONUS = 2.5
# "Russia's Dunai": the possessor contains this candidate.
POSSESSIVE_BONUS = 2.0
# The article names the candidate's country (saturating: see _choose).
COUNTRY_CONTEXT = 0.9
# The article names the candidate's state or province.
ADMIN_CONTEXT = 0.7
# A national capital ("Washington", "Tbilisi") before its namesakes.
CAPITAL_BONUS = 0.6
# "the Pacific", "the Gulf": a definite article before a sea or region name.
DEFINITE_BONUS = 0.6
GEOGRAPHIC = frozenset({FeatureKind.WATER, FeatureKind.REGION, FeatureKind.LANDFORM, FeatureKind.CONTINENT})
# A division named after its main city ("Geneva", "Seoul") is rarely what news means by the name:
# the division takes this penalty when a city of that name and at least NAMESAKE_CITY_POPULATION
# people lies in it.
NAMESAKE_PENALTY = 0.6
NAMESAKE_CITY_POPULATION = 100_000
# "port of Rajin", "Rajin port", "New York police", a dateline: the name is used as a town.
PORT_CUE_BONUS = 0.4
# "New York police", a dateline ("NEW YORK (Reuters) -"): the name is used as a
# town, even where a state has it as its own name and the town only as an
# alternate (issue class 1). 1.2 exceeds that gap: the name weights' 0.45, the
# kinds' 0.3 and ALT_WHEN_NAMED_PENALTY's 0.3.
TOWN_CUE_BONUS = 1.2
# Closeness to the other places of the article (exp(-km / PROXIMITY_KM)).
PROXIMITY = 0.8
PROXIMITY_KM = 400.0
# An alternate name loses to a record that has the name as its own.
ALT_WHEN_NAMED_PENALTY = 0.3
# A demonym says where people are from, not where things happen: it weighs this much as country evidence.
DEMONYM_EVIDENCE = 0.3
# Other names of the article have candidates in the same state ("Paris" and "Henry County", Tennessee).
ADMIN_SUPPORT = 0.3
# Shares of the other names' first choices in the candidate's country and state.
COHERENCE_COUNTRY = 0.6
COHERENCE_ADMIN = 0.6
# Issue class 1: an unqualified country or state name is the country or the
# state. Any other candidate of the name ("Poland, Ohio", "Mexico, Missouri",
# a town called California) takes this penalty unless the text places it there:
# a container or possessor that holds it ("Poland, Ohio"), a town cue or a
# dateline (for towns), a division word ("Niger State", for divisions), or, for
# a state namesake of a country ("Georgia"), the article's other places lying
# in that state. 2.5 equals CONTAINER_BONUS, so a written container undoes it,
# and exceeds the most that context alone gives a namesake (country, state,
# support and proximity together, about 2.3 on development articles).
PROMINENT_NAMESAKE_PENALTY = 2.5
# Issue class 7, the article's home region: a namesake matched by its own name
# is placed by the text when this share of the other places' first choices are
# towns, counties or sites in its state ("Lebanon" in an article about
# Myerstown and Annville, Pa.; "Georgia" with Atlanta and Savannah), or, for a
# state that shares a country's name, COUNTRY_QUALIFY_SHARE of them lie in its
# country (local US news naming "Georgia"). Naming the state itself is not
# enough ("exports from Ohio to Poland"), and a list of states is no home.
ADMIN_QUALIFY_SHARE = 0.25
COUNTRY_QUALIFY_SHARE = 0.5
# A world city's own name: a town that has it only as an alternate name (a transliteration, a
# former name) and is under SMALL_NAMESAKE_SHARE of its size takes PROMINENT_NAMESAKE_PENALTY unless
# the text places it ("Alexandria, Ukraine's ministry said" is Egypt's Alexandria, not Oleksandriya;
# held-out news, class 6). A million people: the cities news names without a country. Rule "world
# city": where no country or state has the name, such a city is what the bare name means (see
# _prominent), so a namesake under SMALL_NAMESAKE_SHARE of its size that has the name as its own
# takes the penalty too unless the text places it ("Moscow, Idaho", an article about Latah County):
# an article that names Washington does not move "talks in Moscow" to Moscow, Pennsylvania.
WORLD_CITY_POPULATION = 1_000_000
# The world city's penalty is smaller than a country's or a state's: 1.5 is at least what naming
# the namesake's country gives it (COUNTRY_CONTEXT 0.9 and at most COHERENCE_COUNTRY 0.6 for a full
# share), so "Washington" alone does not move Moscow, but a home state's context (its towns nearby,
# its university or team) still wins: on LGL, 2.5 moved Alexandria, Virginia, written beside
# Washington, and Manhattan, Kansas, written with K-State's teams, abroad; 1.5 moved neither
# (tests: 0.5 moves Moscow, 2.0 moves Alexandria).
WORLD_CITY_NAMESAKE_PENALTY = 1.5
# A namesake that another name of the article plausibly shares a state with is placed by the text
# ("Paris" with "Henry County", Tennessee). The support sums, over the other names, how plausible
# their reading in that state is beside their likeliest one (1.0 for an equal, exp(-gap / 0.3) for
# a less likely one, see _admin_support): 0.5 is one other name whose reading there is at least
# half as likely as its best, as Henry County, Tennessee (pop. 11k) is beside Henry County, Georgia
# (65k). On LGL this kept 24 mentions of Paris, Tennessee, and its county in four articles.
WORLD_CITY_LOCAL_SUPPORT = 0.5
# Only states this big are what a bare name means, so that Jamaica's Hanover
# parish or Antigua's Saint Paul do not shadow Hanover and St. Paul: 300,000
# is just below the smallest US state as the index counts it (Vermont, 346,868
# people in towns of 500 or more). A state named after a city inside it that
# holds NAMED_AFTER_CITY_SHARE of its people (Senegal's Saint-Louis region,
# Jamaica's Kingston parish) is the city's namesake, not the other way round
# (NAMED_AFTER_CITY_SHARE lives in geomap.geocode, which reads it too).
PROMINENT_ADMIN1_POPULATION = 300_000
# A state or a curated sea or region shadows only namesakes this small beside
# it (a tenth of its population): Mozambique's Gaza province (1.2M) must not
# shadow Gaza city (0.4M), while California (39M) does shadow California,
# Pennsylvania (7k). A country's name shadows every namesake.
SMALL_NAMESAKE_SHARE = 0.1
# "Borno state", "the state of Washington", "Cuba's Havana province": a division
# word next to the name makes the division what it means (issue class 1), and
# so does a list of states ("Texas and Georgia", "Virginia, Washington, West
# Virginia"): county words count for counties, state words for states. 1.5
# exceeds what a capital namesake has over a division known by an alternate
# name (CAPITAL_BONUS 0.6, the name gap 0.45 and ALT_WHEN_NAMED_PENALTY 0.3).
DIVISION_CUE_BONUS = 1.5
# Rule "feature word after a list" (geomap.feature_words): a plural feature word after a list gives
# each name of it the cue a singular word gives one name ("the Kassala and Gedaref states", "Orange
# and Los Angeles counties"); then the list is not read as a list of states. The same cue from a
# river, lake, island or range word ("the Ohio and Mississippi rivers") weighs FEATURE_WORD_BONUS: as
# much as a division word, which lifts a river over the state of its name (the state's lead from its
# kind and size is about 0.4) but not over a place the text names otherwise.
FEATURE_WORD_BONUS = 1.5
# "the capital, Juba": a capital city is what the name means.
CAPITAL_CUE_BONUS = 1.0
# Big cities are often known in English by a GeoNames alternate name (Mecca
# for Makkah): for a city this big an alternate name weighs as its own name,
# when no country or state has the name and every record that has it as its
# own is under SMALL_NAMESAKE_SHARE of the city's size (Mecca, California:
# 8,577 people). GeoNames alternates of big cities also hold noise ("Cancun"
# for Changchun), which the size test keeps out beside Cancún itself.
EXONYM_POPULATION = 1_000_000
# A dateline names the article's home: its place counts this many times in the coherence shares.
DATELINE_WEIGHT = 2.0
_PORT_BEFORE = re.compile(r"(?:port|harbou?r|city|town|village) of\s*$", re.IGNORECASE)
_PORT_AFTER = re.compile(r"^\s*(?:port|harbou?r|airport|residents)\b", re.IGNORECASE)
# Words only a town has: "New York police", "the Paris mayor", "Sochi city council".
_TOWN_AFTER = re.compile(
    r"^\s*(?:police|mayor|city hall|city council|city manager|subway|metro system|borough)\b", re.IGNORECASE
)
_DIVISION_BEFORE = re.compile(r"(?:state|province|region|governorate|oblast|prefecture) of\s*$", re.IGNORECASE)
_COUNTY_BEFORE = re.compile(r"(?:county|district) of\s*$", re.IGNORECASE)
# Kinds of record a bare name stands for (issue class 1), strongest first.
_PROMINENT_COUNTRY_KINDS = frozenset({"name", "alt", "code", "abbr"})
_PROMINENT_KINDS = frozenset({"name"})


@dataclass
class _Group:
    """All mentions of one name in an article."""

    key: str
    demonym: bool
    mentions: list[Mention] = field(default_factory=list)
    candidates: list[tuple[Candidate, str]] = field(default_factory=list)
    # The places written after the name that hold it, each with the words between: ", " ("Bangor, Maine"),
    # " in " ("Tripoli in Lebanon"), " in southern " ("Tyre in southern Lebanon").
    containers: list[tuple[_Group, str]] = field(default_factory=list)
    possessors: list[_Group] = field(default_factory=list)
    port_cue: bool = False
    town_cue: bool = False
    # The kinds the feature words next to the name say (geomap.feature_words): ADMIN1 for "state",
    # "province"...; ADMIN2 for "county", "district"; WATER for "river", "lake"; LANDFORM for "island".
    feature_cue: set[FeatureKind] = field(default_factory=set)
    contained: list[_Group] = field(default_factory=list)
    listed_with: list[_Group] = field(default_factory=list)
    capital_cue: bool = False
    capital_of: str | None = None
    inside: str | None = None
    dateline: bool = False
    definite: bool = False
    choice: tuple[Candidate, str] | None = None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolver's output for one article."""

    places: tuple[Place, ...]
    unresolved: tuple[Mention, ...]


def resolve_places(
    article: Article,
    mentions: Sequence[Mention],
    lookup: LookupFn,
    *,
    demonyms: LookupFn | None = None,
    source: str = "gazetteer",
) -> Resolution:
    """Geocode every mention of the article, then choose each name's place using the article as context.

    ``lookup`` gives candidates for a name; ``demonyms`` (default: ``lookup``)
    gives them for demonyms such as "Russian".
    """
    return choose_places(article, geocode_names(article, mentions, lookup, demonyms=demonyms), source=source)


def choose_places(article: Article, names: Sequence[NameCandidates], *, source: str = "gazetteer") -> Resolution:
    """The place of each name, from the geocoding step's candidates and the article as context. Asks nothing."""
    groups = {
        i: _Group(
            key=name.key,
            demonym=name.demonym,
            mentions=list(name.mentions),
            candidates=list(name.candidates),
            capital_of=name.capital_of,
        )
        for i, name in enumerate(names)
    }
    _link_patterns(article, groups)
    if article.dateline is not None:
        for group in groups.values():
            if any(m.start == article.dateline.start for m in group.mentions):
                group.dateline = True

    ordered = [g for g in groups.values() if g.candidates]
    evidence = _country_evidence(ordered)
    admins = _admin_evidence(ordered)
    support = _admin_support(ordered)
    for group in ordered:
        _choose(group, evidence, admins, anchors=None, support=support)
    # Second pass: the first choices of the other names are context too (their
    # countries, their states, their distance), so places that belong together win.
    anchors = [g for g in ordered if g.choice is not None]
    first = {
        g.key: (g.choice, _confidence(g), len(g.mentions) ** 0.5 * (DATELINE_WEIGHT if g.dateline else 1.0))
        for g in anchors
    }
    for group in ordered:
        _choose(
            group,
            evidence,
            admins,
            anchors=[a for a in anchors if a is not group],
            coherence=_coherence(first, exclude=group.key),
            support=support,
        )

    _drop_strays(ordered)
    places: dict[str, Place] = {}
    unresolved: list[Mention] = []
    for group in groups.values():
        if group.choice is None:
            unresolved.extend(group.mentions)
            continue
        candidate, _kind = group.choice
        pid = place_id(candidate)
        reason = "; ".join(group.reasons)
        existing = places.get(pid)
        if existing is not None:
            merged = tuple(sorted(existing.mentions + tuple(group.mentions), key=lambda m: m.start))
            places[pid] = replace(existing, mentions=merged)
            continue
        places[pid] = Place(
            id=pid,
            name=candidate.name,
            lat=candidate.lat,
            lon=candidate.lon,
            feature=candidate.feature,
            mentions=tuple(sorted(group.mentions, key=lambda m: m.start)),
            reason=reason,
            score=round(_confidence(group), 3),
            country_code=candidate.country_code,
            geonameid=candidate.geonameid,
            population=candidate.population,
            source=candidate.source or source,
            fallback=candidate.fallback,
            admin1=candidate.admin1,
        )
    ordered_places = sorted(places.values(), key=lambda p: p.mentions[0].start)
    return Resolution(tuple(ordered_places), tuple(sorted(unresolved, key=lambda m: m.start)))


def place_id(candidate: Candidate) -> str:
    """A stable id: the GeoNames id where there is one, else the source's own key."""
    if candidate.geonameid:
        return f"geonames:{candidate.geonameid}"
    if candidate.index_id:
        return f"gazetteer:{candidate.index_id}"
    return f"{candidate.source}:{candidate.lat:.4f},{candidate.lon:.4f}"


def _link_patterns(article: Article, groups: dict[int, _Group]) -> None:
    """ "X, Y" containers, "Y's X" possessors and "port of X" cues."""
    text = article.text
    words = feature_words(text, [m for g in groups.values() for m in g.mentions])
    by_start: dict[int, _Group] = {}
    by_end: dict[int, _Group] = {}
    for group in groups.values():
        for mention in group.mentions:
            by_start[mention.start] = group
            by_end[mention.end] = group
    containers = written_containers(text, [m for g in groups.values() for m in g.mentions])
    for group in groups.values():
        for mention in group.mentions:
            for outer, how in containers.get(mention.start, ()):
                _add_container(group, by_start[outer.start], how)  # "Bangor, Maine", "Tripoli in Lebanon"
            before = text[max(0, mention.start - 3) : mention.start]
            for suffix in ("'s ", "’s "):
                if before.endswith(suffix) and mention.start - len(suffix) in by_end:
                    possessor = by_end[mention.start - len(suffix)]
                    if possessor is not group and possessor not in group.possessors:
                        group.possessors.append(possessor)
            if _PORT_BEFORE.search(text[max(0, mention.start - 20) : mention.start]) or _PORT_AFTER.match(
                text[mention.end : mention.end + 12]
            ):
                group.port_cue = True
            if _TOWN_AFTER.match(text[mention.end : mention.end + 16]):
                group.town_cue = True  # "New York police"
            before20 = text[max(0, mention.start - 20) : mention.start]
            if _DIVISION_BEFORE.search(before20):
                group.feature_cue.add(FeatureKind.ADMIN1)  # "the state of Washington"
            if _COUNTY_BEFORE.search(before20):
                group.feature_cue.add(FeatureKind.ADMIN2)
            if (word := words.get(mention.start)) is not None:
                group.feature_cue.add(word.kind)  # "Borno state", "the Kassala and Gedaref states"
            for join in LIST_JOIN:
                neighbour = by_start.get(mention.end + len(join)) if text.startswith(join, mention.end) else None
                if neighbour is not None and neighbour is not group:
                    group.listed_with.append(neighbour)
                    neighbour.listed_with.append(group)
            if text[max(0, mention.start - 13) : mention.start].lower().endswith("the capital, "):
                group.capital_cue = True  # "from the capital, Juba"
            if mention.source == NESTED_SOURCE and group.inside is None:
                group.inside = _enclosing_name(text, mention)
            if text[max(0, mention.start - 4) : mention.start].lower() == "the ":
                group.definite = True  # "the Pacific", "the Gulf", "the Balkans"


def _add_container(group: _Group, container: _Group, how: str) -> None:
    if container is group or container.demonym or any(c is container for c, _ in group.containers):
        return
    group.containers.append((container, how))
    container.contained.append(group)  # "Atlanta, Georgia" places Georgia too


_WORD_BEFORE = re.compile(r"([A-Z][\w.&'’-]*) $")
_WORDS_AFTER = re.compile(r"^(?: (?:of the |of |for |de |and )?[A-Z][\w.&'’-]*)+")


def _enclosing_name(text: str, mention: Mention) -> str | None:
    """The longer name a nested mention sits in ("Ohio State University" for "Ohio"), read off the text."""
    start = mention.start
    while (match := _WORD_BEFORE.search(text[max(0, start - 40) : start])) is not None:
        start -= len(match[0])
    after = _WORDS_AFTER.match(text[mention.end : mention.end + 80])
    end = mention.end + (len(after[0]) if after else 0)
    name = text[start:end].removeprefix("The ").rstrip(".")
    return name if (start, end) != (mention.start, mention.end) else None


def _strong(candidate: Candidate, kind: str) -> bool:
    return candidate.feature in {FeatureKind.COUNTRY, FeatureKind.ADMIN1} and kind in {
        "name",
        "alt",
        "abbr",
        "code",
        "demonym",
    }


def _country_evidence(groups: Sequence[_Group]) -> dict[str, Counter[str]]:
    """Per group: how strongly the *other* groups point at each country."""
    contributions: dict[str, Counter[str]] = {}
    for group in groups:
        countries = {c.country_code for c, k in group.candidates if _strong(c, k) and c.country_code}
        if not countries:
            top = group.candidates[0][0]
            if top.population >= 1_000_000 and top.country_code and len(group.candidates) <= 3:
                countries = {top.country_code}
        weight = len(group.mentions) ** 0.5 * (1.5 if group.dateline else 1.0)
        if group.demonym:
            weight *= DEMONYM_EVIDENCE  # "British Prime Minister ... flew to Washington": about the person
        contributions[group.key] = Counter({code: weight / len(countries) for code in countries})
    total: Counter[str] = Counter()
    for counter in contributions.values():
        total.update(counter)
    return {key: total - counter for key, counter in contributions.items()}


def _admin_evidence(groups: Sequence[_Group]) -> dict[str, Counter[tuple[str, str]]]:
    contributions: dict[str, Counter[tuple[str, str]]] = {}
    for group in groups:
        admins = {
            (c.country_code, c.admin1)
            for c, k in group.candidates
            if c.feature is FeatureKind.ADMIN1 and c.country_code and c.admin1 and k != "demonym"
        }
        weight = len(group.mentions) ** 0.5
        contributions[group.key] = Counter({a: weight / len(admins) for a in admins}) if admins else Counter()
    total: Counter[tuple[str, str]] = Counter()
    for counter in contributions.values():
        total.update(counter)
    return {key: total - counter for key, counter in contributions.items()}


def _prominent(candidates: Sequence[tuple[Candidate, str]]) -> Candidate | None:
    """The record a bare name stands for: the country, else the state, else a world city, else a curated sea or
    region of that name."""
    countries = [c for c, k in candidates if c.feature is FeatureKind.COUNTRY and k in _PROMINENT_COUNTRY_KINDS]
    if countries:
        return max(countries, key=lambda c: c.population)
    cities = [c for c, _ in candidates if c.feature is FeatureKind.CITY]
    states = [
        c
        for c, k in candidates
        if c.feature is FeatureKind.ADMIN1
        and k in _PROMINENT_KINDS
        and c.population >= PROMINENT_ADMIN1_POPULATION
        and not any(
            t.country_code == c.country_code
            and t.admin1 == c.admin1
            and t.population >= NAMED_AFTER_CITY_SHARE * c.population
            for t in cities
        )
    ]
    if states:
        return max(states, key=lambda c: c.population)
    world_cities = [c for c, k in candidates if c in cities and k == "name" and c.population >= WORLD_CITY_POPULATION]
    if world_cities:  # rule "world city": "talks in Moscow" are in Russia's capital, not in Moscow, Pennsylvania
        return max(world_cities, key=lambda c: c.population)
    wide = [
        c
        for c, k in candidates
        if k in _PROMINENT_KINDS
        and (c.feature is FeatureKind.CONTINENT or (c.source == "curated" and c.feature in GEOGRAPHIC))
    ]
    return max(wide, key=lambda c: c.population) if wide else None


def _qualified(
    group: _Group,
    candidate: Candidate,
    kind: str,
    prominent: Candidate,
    placed: bool,
    coherence: _Coherence | None,
) -> bool:
    """Whether the text places a namesake of a country or state name there (see PROMINENT_NAMESAKE_PENALTY)."""
    if placed:
        return True
    if (
        candidate.feature is FeatureKind.CITY
        and prominent.feature is not FeatureKind.CITY  # "the Moscow mayor" is Moscow's, as a dateline "MOSCOW" is
        and (group.port_cue or group.town_cue or group.dateline)
    ):
        return True
    if candidate.feature is FeatureKind.CITY and candidate.feature_code == "PPLC":
        return prominent.feature is not FeatureKind.COUNTRY  # "Washington"
    if candidate.feature in group.feature_cue or _listed_with_states(group, candidate):
        return True
    if coherence is None or kind != "name" or not candidate.country_code:
        return False
    where = (candidate.country_code, candidate.admin1 or "")
    if candidate.admin1 and coherence.local_admins.get(where, 0.0) >= ADMIN_QUALIFY_SHARE:
        return True
    return (
        candidate.feature is FeatureKind.ADMIN1
        and prominent.feature is FeatureKind.COUNTRY
        and coherence.local_countries.get(candidate.country_code, 0.0) >= COUNTRY_QUALIFY_SHARE
    )


def _listed_with_states(group: _Group, candidate: Candidate) -> bool:
    """ "Texas and Georgia", "Colorado, Georgia, Idaho": a state listed beside another state of its country."""
    if candidate.feature is not FeatureKind.ADMIN1:
        return False
    return any(
        c.feature is FeatureKind.ADMIN1 and c.country_code == candidate.country_code and k == "name"
        for other in group.listed_with
        for c, k in other.candidates
    )


def _same(a: Candidate, b: Candidate) -> bool:
    return candidate_key(a) == candidate_key(b)


def _importance(candidate: Candidate) -> float:
    return min(1.0, math.log10(candidate.population + 1) / 7.0)


CONTAINERS = frozenset({FeatureKind.COUNTRY, FeatureKind.ADMIN1, FeatureKind.ADMIN2})


def _contains(container: Candidate, candidate: Candidate) -> bool:
    """Whether a country, a division or a big city contains a candidate ("Bangor, Maine", "Kibera in Nairobi")."""
    if container.feature is FeatureKind.CITY:
        return within_city(container, candidate)
    if container.feature not in CONTAINERS or candidate is container:
        return False
    if container.country_code is None or candidate.country_code != container.country_code:
        return False
    if container.feature is FeatureKind.COUNTRY:
        return True
    if container.feature is FeatureKind.ADMIN1:
        return candidate.admin1 is not None and candidate.admin1 == container.admin1
    if container.feature is FeatureKind.ADMIN2:
        return (
            candidate.admin2 is not None
            and candidate.admin2 == container.admin2
            and (candidate.admin1 == container.admin1)
        )
    return False


@dataclass(frozen=True, slots=True)
class _Coherence:
    countries: dict[str, float]
    admins: dict[tuple[str, str], float]
    # The same shares counting only places below the state (towns, counties, sites): where the article is set.
    local_countries: dict[str, float] = field(default_factory=dict)
    local_admins: dict[tuple[str, str], float] = field(default_factory=dict)


def _coherence(first: dict[str, tuple[tuple[Candidate, str] | None, float, float]], *, exclude: str) -> _Coherence:
    """Shares of the other names' first choices by country and by state, weighted by confidence."""
    countries: dict[str, float] = {}
    admins: dict[tuple[str, str], float] = {}
    local_countries: dict[str, float] = {}
    local_admins: dict[tuple[str, str], float] = {}
    total = 0.0
    for key, (choice, confidence, mentions) in first.items():
        if key == exclude or choice is None or key.startswith("demonym:"):
            continue  # a demonym describes people, not where the other places are
        candidate = choice[0]
        if candidate.feature in {FeatureKind.CONTINENT, FeatureKind.REGION, FeatureKind.WATER}:
            continue
        weight = confidence * mentions
        total += weight
        if not candidate.country_code:
            continue
        local = candidate.feature not in {FeatureKind.COUNTRY, FeatureKind.ADMIN1}
        _add(countries, candidate.country_code, weight)
        if local:
            _add(local_countries, candidate.country_code, weight)
        if candidate.admin1 and candidate.feature is not FeatureKind.COUNTRY:
            _add(admins, (candidate.country_code, candidate.admin1), weight)
            if local:
                _add(local_admins, (candidate.country_code, candidate.admin1), weight)
    if not total:
        return _Coherence({}, {})
    return _Coherence(
        {k: v / total for k, v in countries.items()},
        {k: v / total for k, v in admins.items()},
        {k: v / total for k, v in local_countries.items()},
        {k: v / total for k, v in local_admins.items()},
    )


def _add(shares: dict[Any, float], key: Any, weight: float) -> None:
    shares[key] = shares.get(key, 0.0) + weight


def _admin_support(groups: Sequence[_Group]) -> dict[str, dict[tuple[str, str], float]]:
    """For each name: in which states the *other* names have candidates too.

    Local news names several places of one state; a state where two or three
    of the article's names all have a candidate ("Paris" and "Henry County",
    both in Tennessee) is likely the right one for each of them.
    """
    per_group: dict[str, dict[tuple[str, str], float]] = {}
    for group in groups:
        priors = [_prior(c, k) for c, k in group.candidates]
        top = max(priors, default=0.0)
        best: dict[tuple[str, str], float] = {}
        for (candidate, kind), prior in zip(group.candidates, priors, strict=True):
            if not candidate.country_code or not candidate.admin1 or kind == "demonym":
                continue
            if candidate.feature in {FeatureKind.COUNTRY, FeatureKind.CONTINENT, FeatureKind.REGION}:
                continue
            # Only plausible readings count: Maine's towns named China, Moscow and Paris
            # must not make each other likely when the countries and capitals are far likelier.
            weight = math.exp((prior - top) / 0.3)
            key = (candidate.country_code, candidate.admin1)
            best[key] = max(best.get(key, 0.0), weight)
        per_group[group.key] = best
    support: dict[str, dict[tuple[str, str], float]] = {}
    for group in groups:
        totals: dict[tuple[str, str], float] = {}
        for other, weights in per_group.items():
            if other == group.key:
                continue
            for key, weight in weights.items():
                totals[key] = totals.get(key, 0.0) + weight
        support[group.key] = dict(totals)
    return support


def _name_weight(kind: str) -> float:
    return NAME_WEIGHT["name"] if kind in _AS_NAME else NAME_WEIGHT[kind]


def _prior(candidate: Candidate, kind: str) -> float:
    """How likely a candidate is before any context: how its name matched, its kind and its size."""
    score = _name_weight(kind) + FEATURE_PRIOR.get(candidate.feature, 0.0) + IMPORTANCE_WEIGHT * _importance(candidate)
    if candidate.feature_code == "PPLC":
        score += CAPITAL_BONUS
    if kind == "alt" and candidate.population < SMALL:
        score -= SMALL_ALT_PENALTY
    return score


def _choose(
    group: _Group,
    evidence: dict[str, Counter[str]],
    admins: dict[str, Counter[tuple[str, str]]],
    anchors: list[_Group] | None,
    coherence: _Coherence | None = None,
    support: dict[str, dict[tuple[str, str], float]] | None = None,
) -> None:
    countries = evidence.get(group.key, Counter())
    country_total = sum(countries.values()) or 1.0
    admin = admins.get(group.key, Counter())
    # A division named after its main city ("Geneva", "Seoul", "Mexico City") is
    # rarely what news means by the city's name.
    namesake_cities = {
        (c.country_code, c.admin1)
        for c, k in group.candidates
        if c.feature is FeatureKind.CITY and k == "name" and c.population >= NAMESAKE_CITY_POPULATION
    }
    has_name_match = any(k == "name" for _, k in group.candidates)
    prominent = _prominent(group.candidates)
    largest_named = max((c.population for c, k in group.candidates if k == "name"), default=0)
    largest_named_city = max(
        (c.population for c, k in group.candidates if k == "name" and c.feature is FeatureKind.CITY), default=0
    )
    shared = (support or {}).get(group.key, {})
    sized_namesake = any(c.population for c, _ in group.candidates)
    scored: list[tuple[float, Candidate, str, list[str]]] = []
    for candidate, kind in group.candidates:
        reasons: list[str] = []
        score = _name_weight(kind) + FEATURE_PRIOR.get(candidate.feature, 0.0)
        if (
            kind == "alt"
            and candidate.feature is FeatureKind.CITY
            and candidate.population >= EXONYM_POPULATION
            and prominent is None
            and largest_named < SMALL_NAMESAKE_SHARE * candidate.population
        ):
            score += NAME_WEIGHT["name"] - NAME_WEIGHT["alt"]
        elif kind == "alt" and has_name_match:
            score -= ALT_WHEN_NAMED_PENALTY
        if kind == "alt" and candidate.population < SMALL:
            score -= SMALL_ALT_PENALTY
        if candidate.feature is FeatureKind.CITY and not candidate.population and sized_namesake:
            score -= UNSIZED_TOWN_PENALTY
        together = (
            shared.get((candidate.country_code, candidate.admin1), 0.0)
            if candidate.country_code and candidate.admin1
            else 0.0
        )
        if candidate.country_code and together:
            score += ADMIN_SUPPORT * min(together, 2.0) / 2.0
            if together >= 1.0:
                reasons.append("other places of the article share its state or province")
        score += IMPORTANCE_WEIGHT * _importance(candidate)
        code = candidate.country_code
        if code and countries.get(code):
            # Evidence saturates: two clear mentions of a country are as good as ten.
            strength = min(1.0, countries[code] / 2.0) * (0.5 + 0.5 * countries[code] / country_total)
            score += COUNTRY_CONTEXT * strength
            if strength > 0.2:
                reasons.append(f"{code} is named in the article")
        if code and candidate.admin1 and admin.get((code, candidate.admin1)) and kind != "demonym":
            score += ADMIN_CONTEXT
            if candidate.feature is not FeatureKind.ADMIN1:
                reasons.append("its state or province is named in the article")
        placed = False
        for container, how in group.containers:
            if any(_contains(c, candidate) for c, k in container.candidates if k != "demonym"):
                score += CONTAINER_BONUS if how == ", " else IN_CONTAINER_BONUS
                reasons.append(f"written as '{group.mentions[0].text}{how}{container.mentions[0].text}'")
                placed = True
                break
        for possessor in group.possessors:
            if any(_contains(c, candidate) for c, k in possessor.candidates if k != "demonym"):
                score += POSSESSIVE_BONUS
                reasons.append(f"written as '{possessor.mentions[0].text}'s {group.mentions[0].text}'")
                placed = True
                break
        if not placed and any(
            _contains(candidate, c) for inner in group.contained for c, k in inner.candidates if k != "demonym"
        ):
            placed = True  # "Atlanta, Georgia": the state holds a place written before it
        if (
            prominent is not None
            and candidate is not prominent
            and (
                prominent.feature is FeatureKind.COUNTRY
                or candidate.population < SMALL_NAMESAKE_SHARE * prominent.population
            )
            and not _qualified(group, candidate, kind, prominent, placed, coherence)
            and not (prominent.feature is FeatureKind.CITY and together >= WORLD_CITY_LOCAL_SUPPORT)
        ):
            shadowed = (
                WORLD_CITY_NAMESAKE_PENALTY if prominent.feature is FeatureKind.CITY else PROMINENT_NAMESAKE_PENALTY
            )
        else:
            shadowed = 0.0
        if (
            kind == "alt"
            and largest_named_city >= WORLD_CITY_POPULATION
            and candidate.population < SMALL_NAMESAKE_SHARE * largest_named_city
            and not placed
        ):
            # "bound for Alexandria": Egypt's, not Oleksandriya; one penalty, not this and the world city's
            shadowed = max(shadowed, PROMINENT_NAMESAKE_PENALTY)
        score -= shadowed
        if candidate.feature in group.feature_cue:
            division = candidate.feature in {FeatureKind.ADMIN1, FeatureKind.ADMIN2}
            score += DIVISION_CUE_BONUS if division else FEATURE_WORD_BONUS
            reasons.append("named with a division word" if division else "named with a feature word")
        elif not group.feature_cue and _listed_with_states(group, candidate):
            score += DIVISION_CUE_BONUS
            reasons.append("listed with other divisions of its country")
        if group.capital_cue and candidate.feature_code == "PPLC":
            score += CAPITAL_CUE_BONUS
            reasons.append("written as 'the capital'")
        if candidate.feature_code == "PPLC":
            score += CAPITAL_BONUS
        if group.definite and candidate.feature in GEOGRAPHIC:
            score += DEFINITE_BONUS
        if (
            candidate.feature in {FeatureKind.ADMIN1, FeatureKind.ADMIN2}
            and (candidate.country_code, candidate.admin1) in namesake_cities
            and candidate.feature not in group.feature_cue  # "Havana province" is the province
        ):
            score -= NAMESAKE_PENALTY
        if group.port_cue and candidate.feature is FeatureKind.CITY:
            score += PORT_CUE_BONUS
            reasons.append("a port or town by its context")
        if (group.town_cue or group.dateline) and candidate.feature is FeatureKind.CITY:
            score += TOWN_CUE_BONUS
            reasons.append("a dateline city" if group.dateline else "a town by its context")
        if coherence is not None and code:
            score += COHERENCE_COUNTRY * coherence.countries.get(code, 0.0)
            if candidate.admin1:
                score += COHERENCE_ADMIN * coherence.admins.get((code, candidate.admin1), 0.0)
        if anchors:
            nearest = (
                None
                if candidate.feature is FeatureKind.COUNTRY
                else min(
                    (
                        _distance_km(candidate, a.choice[0])
                        for a in anchors
                        # Another name resolved to this very record is no evidence for it ("Mecca" and "Medina"),
                        # nor is a name placed at the city it is written inside ("Kariakoo, Dar es Salaam").
                        if a.choice is not None
                        and a.choice[0].feature not in WIDE
                        and a.choice[1] != WITHIN_KIND
                        and not _same(a.choice[0], candidate)
                    ),
                    default=None,
                )
            )
            if nearest is not None:
                closeness = math.exp(-nearest / PROXIMITY_KM)
                score += PROXIMITY * closeness
                if closeness > 0.5 and len(group.candidates) > 1:
                    reasons.append(f"{nearest:.0f} km from another place in the article")
        scored.append((score, candidate, kind, reasons))
    if not scored:
        return
    scored.sort(key=lambda s: -s[0])
    best = scored[0]
    group.choice = (best[1], best[2])
    group.score = best[0]
    group.reasons = _describe(best[1], best[2], len(scored), best[3])
    if group.capital_of:
        group.reasons.insert(0, f"the capital of {group.capital_of}")
    if group.inside:
        group.reasons.append(f"named inside '{group.inside}'")
    group.scores = [s[0] for s in scored[:10]]


# A stray: a small place (under STRAY_POPULATION people) that nothing in the text places (no
# country or state named, no "X, Y", no cue, no other place near it), in a country no other place
# of the article is in, and over STRAY_KM from all of them: "the Tina crossing" in a report from
# Sudan and Chad is no hamlet of New Caledonia. Such a name is left unresolved: a marker and an
# arrow on the wrong continent are worse than none (held-out news, class 6). 10,000 is SMALL; 2,500 km
# is farther than the places of one regional story lie apart (a border region, a sea, a country).
STRAY_POPULATION = SMALL
STRAY_KM = 2500.0


def _drop_strays(groups: Sequence[_Group]) -> None:
    chosen = [g for g in groups if g.choice is not None and not g.demonym]
    for group in chosen:
        candidate, kind = group.choice  # type: ignore[misc]
        if (
            kind == "demonym"
            or candidate.feature in WIDE_OR_STATE
            or candidate.population >= STRAY_POPULATION
            or len(group.reasons) > 1
            or group.dateline
        ):
            continue
        others = [g.choice[0] for g in groups if g is not group and g.choice is not None]
        if len(others) < 2 or any(o.country_code == candidate.country_code for o in others):
            continue
        near = [_distance_km(candidate, o) for o in others if o.feature not in WIDE]
        if all(d > STRAY_KM for d in near):
            group.choice = None


def _describe(candidate: Candidate, kind: str, count: int, reasons: list[str]) -> list[str]:
    what = {
        FeatureKind.CITY: "populated place",
        FeatureKind.ADMIN1: "first-level division",
        FeatureKind.ADMIN2: "second-level division",
    }.get(candidate.feature, str(candidate.feature))
    head = f"{what}"
    if candidate.population:
        head += f", population {candidate.population:,}"
    if kind == "demonym":
        head += " (from a demonym)"
    elif kind in {"abbr", "code"}:
        head += " (abbreviation)"
    elif kind == "alt":
        head += " (alternate name)"
    elif kind == "site":
        head += " (the place a site is named after: the site is not in the gazetteer)"
    elif kind == "within":
        head += " (the city it is written inside: the place itself is not in the gazetteer)"
    if count > 1:
        head += f"; best of {count} candidates"
    return [head, *reasons]


def _confidence(group: _Group) -> float:
    scores = group.scores or [group.score]
    exps = [math.exp((s - scores[0]) / 0.4) for s in scores]
    return exps[0] / sum(exps)


def _distance_km(a: Candidate, b: Candidate) -> float:
    """How far apart two candidates are, for the proximity bonus."""
    return distance_km((a.lat, a.lon), (b.lat, b.lon))
