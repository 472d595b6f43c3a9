"""The geocoding step: every place name of an article, with the candidates a back-end answers for it.

This is the only step of an analysis that may use the network (an online
geocoder, with its cache, rate limit and retries: :mod:`geomap.geocoding`).
What it returns is all the resolver reads, so choosing the places
(:func:`geomap.resolve.choose_places`) is pure and asks nothing more.

The queries follow from the text and from earlier answers: a name is asked as
written; a name with no record is asked in the shorter form it stands for
("the Swat Valley" -> Swat, "North Dallas" -> Dallas); "Mali's capital" asks
for the country named before "capital", then for that country's capital; a name
written with a feature word is also asked in the form the word gives it ("the
Ohio and Mississippi rivers" -> Ohio River, Mississippi River).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .extract import CAPITAL_SOURCE, NESTED_SOURCE, STREET_WORDS, singular
from .feature_words import LIST_JOIN, FeatureWord, feature_words
from .gazetteer.names import capital_name, name_key, site_place, strip_possessive
from .geocoding.candidates import MAX_CANDIDATES
from .geometry import distance_km
from .model import Article, Candidate, FeatureKind, Mention

LookupFn = Callable[[str], Sequence[tuple[Candidate, str]]]

# How a candidate matched when the name is a site's and the candidate the place it is named after.
SITE_KIND = "site"
# Rule "inside a named city": "Kibera in Nairobi", "Apapa Wharf, Lagos", "Eastleigh in Nairobi". A
# place written with a city of WITHIN_CITY_POPULATION or more after it lies within WITHIN_CITY_KM of
# the city's point (a district, a port, a slum: Lagos' Makoko lies 5 km from it, Johannesburg's
# Soweto 19 km); the resolver counts such a city as holding the name's records there, as it counts a
# state (geomap.resolve.CONTAINER_BONUS). When none of the name's records lies there, the city itself
# is its candidate, matched as WITHIN_KIND: a marker at the city rather than none, or a namesake
# abroad (an English Eastleigh). After a comma only for a name with no record at all and outside a
# list: "Rome, Paris and London" are three cities.
WITHIN_KIND = "within"
WITHIN_CITY_POPULATION = 100_000
WITHIN_CITY_KM = 30.0
# A state named after a city inside it that holds this share of its people (Lagos State, Senegal's
# Saint-Louis region, Jamaica's Kingston parish) is the city's namesake, not the other way round: its
# name still names the city (and geomap.resolve lets it shadow no namesake elsewhere).
NAMED_AFTER_CITY_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class NameCandidates:
    """All mentions of one name in an article, and its candidates with how each matched.

    ``key`` is the name as the resolver compares it; a capital's is its
    country's ("capital:ML"), so that two mentions of one capital are one name.
    ``capital_of`` names that country.
    """

    key: str
    demonym: bool
    mentions: tuple[Mention, ...]
    candidates: tuple[tuple[Candidate, str], ...]
    capital_of: str | None = None


def geocode_names(
    article: Article, mentions: Sequence[Mention], lookup: LookupFn, *, demonyms: LookupFn | None = None
) -> tuple[NameCandidates, ...]:
    """Each distinct name of ``mentions``, in order of first mention, with its candidates.

    ``lookup`` gives candidates for a name; ``demonyms`` (default: ``lookup``)
    gives them for demonyms such as "Russian". A name without candidates is
    kept, with none, so that it is reported unresolved.
    """
    demonym_lookup = demonyms or lookup
    words = feature_words(article.text, mentions)
    names: list[NameCandidates] = []
    keys: dict[int, str] = {}
    for key, (demonym, group) in _group(mentions).items():
        text = group[0].text
        capital_of = None
        if group[0].source == CAPITAL_SOURCE:
            found = _capital(group[0], article.text, lookup, demonym_lookup)
            if found is not None:
                capital_of, capital = found
                key = f"capital:{capital[0].country_code}"
            hits = [capital] if found is not None else []
        elif demonym:
            hits = [h for h in demonym_lookup(text) if h[1] == "demonym"] or [
                h for h in demonym_lookup(singular(text)) if h[1] == "demonym"
            ]
        else:
            hits = place_candidates(strip_possessive(text), lookup)
            featured = {words[m.start] for m in group if m.start in words}
            hits = _with_feature_forms(strip_possessive(text), featured, hits, lookup)
        names.append(NameCandidates(key, demonym, tuple(group), tuple(hits[:MAX_CANDIDATES]), capital_of))
        keys.update((m.start, key) for m in group)
    return _within_cities(article.text, mentions, names, keys)


def holding_cities(candidates: Sequence[tuple[Candidate, str]]) -> list[Candidate]:
    """The cities a name written after another one may stand for, if it is a city's own name and no
    country's or state's ("Nairobi", "Lagos"; not "Georgia", nor "New York", the state's own name and
    only an alternate name of the city)."""
    cities = [
        c
        for c, k in candidates
        if c.feature is FeatureKind.CITY and k == "name" and c.population >= WITHIN_CITY_POPULATION
    ]
    for c, k in candidates:
        if k not in {"name", "abbr", "code"} or c.feature not in {FeatureKind.COUNTRY, FeatureKind.ADMIN1}:
            continue
        named_after = c.feature is FeatureKind.ADMIN1 and any(
            t.country_code == c.country_code
            and t.admin1 == c.admin1
            and t.population >= NAMED_AFTER_CITY_SHARE * c.population
            for t in cities
        )
        if not named_after:
            return []
    return cities


def within_city(city: Candidate, candidate: Candidate) -> bool:
    """Whether a record lies inside a city of WITHIN_CITY_POPULATION or more (see WITHIN_CITY_KM)."""
    return (
        city.feature is FeatureKind.CITY
        and city.population >= WITHIN_CITY_POPULATION
        and candidate.country_code == city.country_code
        and distance_km((city.lat, city.lon), (candidate.lat, candidate.lon)) <= WITHIN_CITY_KM
    )


# Places too large for distance to them to mean anything (the resolver's proximity skips them).
WIDE = frozenset({FeatureKind.COUNTRY, FeatureKind.CONTINENT, FeatureKind.REGION, FeatureKind.WATER})
# ... and states: too big to lie inside a city ("Kibera in Nairobi", never "Texas in Houston") or to be
# a stray the resolver drops.
WIDE_OR_STATE = WIDE | {FeatureKind.ADMIN1}


def candidate_key(candidate: Candidate) -> tuple[object, ...]:
    """What makes two candidates one record: the same record of the same source, at the same point."""
    return (candidate.index_id, candidate.source, candidate.lat, candidate.lon)


def _within_cities(
    text: str, mentions: Sequence[Mention], names: list[NameCandidates], keys: dict[int, str]
) -> tuple[NameCandidates, ...]:
    """Each name written inside a city that none of its records lies in, with the city as a candidate
    (rule "inside a named city", see WITHIN_CITY_KM)."""
    by_key = {n.key: n for n in names}
    goes_on, comes_to = _listed(text, mentions)
    containers = written_containers(text, mentions)
    out: list[NameCandidates] = []
    for name in names:
        extra: list[tuple[Candidate, str]] = []
        # Only a small place lies inside a city: not a name that is a country's, a state's or a region's
        # too; and a street ("Mill Road, Cambridge") is no place to mark.
        wide = any(c.feature in WIDE_OR_STATE for c, k in name.candidates if k in {"name", "abbr", "code"})
        street = name.mentions[0].text.rsplit(" ", 1)[-1].lower() in STREET_WORDS
        if not name.demonym and name.capital_of is None and not wide and not street:
            for mention in name.mentions:
                for outer, how in containers.get(mention.start, ()):
                    holder = by_key.get(keys.get(outer.start, ""))
                    cities = holding_cities(holder.candidates) if holder is not None and holder is not name else []
                    if not cities or any(within_city(city, c) for city in cities for c, _ in name.candidates):
                        continue
                    if how == ", " and (name.candidates or mention.start in comes_to or outer.start in goes_on):
                        continue
                    extra += [(city, WITHIN_KIND) for city in cities if (city, WITHIN_KIND) not in extra]
        out.append(replace(name, candidates=name.candidates + tuple(extra)) if extra else name)
    return tuple(out)


def _listed(text: str, mentions: Sequence[Mention]) -> tuple[set[int], set[int]]:
    """The starts of the mentions a list goes on after ("Rome" of "Rome, Paris and London") and of those
    it comes to ("London", "Paris"): "Kibera, Nairobi" alone is no list."""
    by_start = {m.start: m for m in mentions}
    goes_on: set[int] = set()
    comes_to: set[int] = set()
    for mention in mentions:
        for join in LIST_JOIN:
            if text.startswith(join, mention.end) and mention.end + len(join) in by_start:
                goes_on.add(mention.start)
                comes_to.add(mention.end + len(join))
    return goes_on, comes_to


# "Tripoli in Lebanon", "Tyre in southern Lebanon": what lies between a name and the place that holds it.
_IN_CONTAINER = re.compile(
    r" in (?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)ern |central |the (?:north|south|east|west) of )?"
)


def written_containers(text: str, mentions: Sequence[Mention]) -> dict[int, list[tuple[Mention, str]]]:
    """For each mention (by its start), the mentions written right after it as the place that holds it,
    with the words between: "Bangor, Maine" (", "), "Tripoli in Lebanon" (" in "), "Tyre in southern
    Lebanon". A comma followed by a possessive starts who said it, not a place that holds the name
    before: "bound for Alexandria, Ukraine's ministry said" (held-out news, class 6). A place found
    inside a longer name is not held by what follows that name: "the University of Southern Indiana in
    Evansville" is not Indiana in Evansville."""
    by_start = {m.start: m for m in mentions}
    found: dict[int, list[tuple[Mention, str]]] = {}
    for mention in mentions:
        if mention.source == NESTED_SOURCE:
            continue
        outer = by_start.get(mention.end + 2) if text.startswith(", ", mention.end) else None
        if outer is not None and text[outer.end : outer.end + 2] not in {"'s", "’s"}:
            found.setdefault(mention.start, []).append((outer, ", "))
        written_in = _IN_CONTAINER.match(text, mention.end, mention.end + 40)
        if written_in is not None and written_in.end() in by_start:
            found.setdefault(mention.start, []).append((by_start[written_in.end()], written_in[0]))
    return found


def _with_feature_forms(
    name: str, words: set[FeatureWord], hits: list[tuple[Candidate, str]], lookup: LookupFn
) -> list[tuple[Candidate, str]]:
    """The records of the forms a feature word gives the name ("the Ohio and Mississippi rivers" asks for
    "Ohio River"), of the word's kind, first: the word says the name means one of them."""
    extra: list[tuple[Candidate, str]] = []
    for word in sorted(words, key=lambda w: w.word):
        for form in word.forms:
            extra += [(c, k) for c, k in lookup(form.format(name)) if c.feature is word.kind and k in {"name", "alt"}]
    if not extra:
        return hits
    seen: set[tuple[object, ...]] = set()
    merged: list[tuple[Candidate, str]] = []
    for candidate, kind in (*extra, *hits):
        key = candidate_key(candidate)
        if key not in seen:
            seen.add(key)
            merged.append((candidate, kind))
    return merged


def _group(mentions: Sequence[Mention]) -> dict[str, tuple[bool, list[Mention]]]:
    """Mentions by the name they are compared as; a demonym's is its singular, a capital's its place in the text."""
    groups: dict[str, tuple[bool, list[Mention]]] = {}
    for mention in mentions:
        if mention.is_demonym:
            key = "demonym:" + name_key(singular(mention.text))
        elif mention.source == CAPITAL_SOURCE:
            key = f"capital@{mention.start}"  # each "capital" is read from the country named before it
        else:
            key = name_key(strip_possessive(mention.text))
        if key:
            groups.setdefault(key, (mention.is_demonym, []))[1].append(mention)
    return groups


_COUNTRY_BEFORE = re.compile(r"([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})(?:'s|’s) $")
_DEMONYM_BEFORE = re.compile(r"[Tt]he ([A-Z][\w-]*(?: [A-Z][\w-]*)?) $")


def _capital(
    mention: Mention, text: str, lookup: LookupFn, demonyms: LookupFn
) -> tuple[str, tuple[Candidate, str]] | None:
    """The country named just before "capital" ("Mali's capital", "the Malian capital") and its capital city."""
    before = text[max(0, mention.start - 60) : mention.start]
    countries: list[Candidate] = []
    if (match := _COUNTRY_BEFORE.search(before)) is not None:
        words = match[1].split(" ")
        for i in range(len(words)):
            countries = [
                c for c, k in lookup(" ".join(words[i:])) if c.feature is FeatureKind.COUNTRY and k != "demonym"
            ]
            if countries:
                break
    elif (match := _DEMONYM_BEFORE.search(before)) is not None:
        countries = [c for c, k in demonyms(match[1]) if c.feature is FeatureKind.COUNTRY and k == "demonym"]
    for country in countries:
        capitals = [(c, k) for c, k in lookup(capital_name(country.name)) if k == "capital"]
        if capitals:
            return country.name, capitals[0]
    return None


# Name forms that hide a place the gazetteer has (issue class 3), tried only when
# the name itself has no record: "the Salinas Valley" lies at Salinas, "the
# Danube Delta" at the Danube's mouth, "Greater Mumbai" and "North Dallas" are
# parts of those cities.
_PLACE_SUFFIXES = (" Valley", " Delta", " valley", " delta")
_PLACE_PREFIXES = ("Greater ", "North ", "South ", "East ", "West ", "Central ", "Downtown ")
# The prefix form must name a city at least this big ("North Dallas"), so that
# "West Prince" does not become a hamlet called Prince.
PREFIX_CITY_POPULATION = 100_000


# A site named after a city lies near it: "the Port of Havana" is Havana's port in Cuba, not the one
# in Florida that also goes by that name. Within this distance of a namesake city of this size.
SITE_NEAR_KM = 50.0
SITE_CITY_POPULATION = 100_000


def _near_namesake(hits: list[tuple[Candidate, str]], site: str, lookup: LookupFn) -> list[tuple[Candidate, str]]:
    """The sites among ``hits`` that lie by a big city of the name they are named after, if any do."""
    if len(hits) < 2:
        return hits
    cities = [
        c
        for c, k in lookup(site)
        if k == "name" and c.feature is FeatureKind.CITY and c.population >= SITE_CITY_POPULATION
    ]
    if not cities:
        return hits
    near = [h for h in hits if any(distance_km((h[0].lat, h[0].lon), (c.lat, c.lon)) <= SITE_NEAR_KM for c in cities)]
    return near or hits


def place_candidates(name: str, lookup: LookupFn) -> list[tuple[Candidate, str]]:
    """The records of a name, or of the place a longer form of it stands for ("the Swat Valley" -> Swat,
    "Souda Bay Naval Base" -> Souda: a site stands where the place it is named after is)."""
    hits = list(lookup(name))
    site = site_place(name)
    if hits:
        return _near_namesake(hits, site, lookup) if site is not None else hits
    # A site the gazetteer lacks stands where the place it is named after is.
    while site is not None:
        inner = [(c, SITE_KIND) for c, k in lookup(site) if k in {"name", "alt"}]
        if inner:
            return inner
        site = site_place(site)
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            inner = [(c, "alt") for c, k in lookup(name[: -len(suffix)]) if k in {"name", "alt"}]
            if inner:
                return [h for h in inner if h[0].feature is not FeatureKind.FACILITY] or inner
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return [
                (c, "alt")
                for c, k in lookup(rest)
                if k == "name" and c.feature is FeatureKind.CITY and c.population >= PREFIX_CITY_POPULATION
            ]
    return []
