"""How place names are normalised into index keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʻ": "'", "ʼ": "'"})
_DASHES = re.compile(r"[\u2010-\u2015\-]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The lookup key of a name: case, accents, dots and dashes folded.

    "São Paulo", "Sao Paulo" and "SAO PAULO" share a key, as do "U.S." and
    "US", and "Winston-Salem" and "Winston Salem". Non-Latin scripts are kept
    as they are, apart from case.
    """
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).casefold()
    text = _DASHES.sub(" ", text.replace(".", ". "))
    text = _SPACES.sub(" ", text).strip(" ,;:'\"()")
    parts = text.split(" ")
    # Expand abbreviations except in last position ("Main St." is a street, not a saint).
    words = [_EXPANSIONS.get(w, w) if i < len(parts) - 1 else w for i, w in enumerate(parts)]
    return _join_initials(" ".join(w.rstrip(".") for w in words if w not in {"", "."}))


# "St. Louis" and "Saint Louis", "Mt. Pleasant" and "Mount Pleasant", "Ft. Worth" and "Fort Worth".
_EXPANSIONS = {
    "st.": "saint",
    "st": "saint",
    "ste.": "sainte",
    "mt.": "mount",
    "mt": "mount",
    "ft.": "fort",
    "ft": "fort",
    "pt.": "port",
}


def _join_initials(key: str) -> str:
    """ "u s" -> "us", "w va" -> "wva", "n y c" -> "nyc": abbreviations written with or without spaces."""
    words = key.split(" ")
    if len(words) > 1 and all(len(w) <= 2 for w in words) and sum(len(w) for w in words) <= 6:
        return "".join(words)
    return key


_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")


def strip_possessive(text: str) -> str:
    """ "Russia's" -> "Russia"; "Texas'" -> "Texas"."""
    return _POSSESSIVE.sub("", text)


def capital_name(country: str) -> str:
    """The index name under which a country's capital is found: "capital of Mali"."""
    return f"capital of {country}"


# Nouns of sites that stand at a place: "the Kabul airport", "Rajin port", "the Lampedusa hotspot",
# "the Kakuma camp", "Kabul International Airport". A place named before one locates it, and a name
# followed by one is read as a place.
SITE_NOUNS = frozenset(
    """airport airports airbase airfield airstrip base bases port ports seaport harbour harbor station terminal
    terminals crossing crossings gate camp camps border pier wharf dock docks jetty quay anchorage shipyard
    refinery marina embassy consulate hospital hospitals hotspot checkpoint barracks garrison fort naval""".split()
)

# Words that make a name a site's: "Souda Bay Naval Base", "Ramon Airbase", "the Sikka Terminal",
# "Torkham Border Crossing" (held-out news, class 2). A site the gazetteer lacks stands where the place
# it is named after is: its name without these words.
_SITE_SUFFIX_WORDS = """Bay|Airport|International Airport|Airfield|Air Field|Airstrip|Air Base|Airbase|Air Force Base
    |Air Station|Naval Base|Naval Station|Naval Air Station|Navy Base|Military Base|Base|Port|Seaport|Harbour
    |Harbor|Terminal|Oil Terminal|LNG Terminal|Container Terminal|Refinery|Border Crossing|Crossing|Border Post
    |Crossing Point|Checkpoint|Border Checkpoint|Camp|Refugee Camp|Anchorage|Docks|Dock|Shipyard|Pier|Wharf
    |Quay|Jetty|Barracks|Garrison|Hotspot|Reception Centre|Reception Center|Detention Centre|Detention Center"""
# Each word stripped: one that ends a line of the string above must not keep the line break and indent.
SITE_SUFFIXES = tuple(sorted((w.strip() for w in _SITE_SUFFIX_WORDS.split("|")), key=len, reverse=True))
SITE_PREFIXES = ("Port of ", "Naval Station ", "Naval Base ", "Camp ", "Joint Base ")


def site_place(name: str) -> str | None:
    """The place a site's name is made from ("Souda Bay Naval Base" -> "Souda Bay" -> "Souda"), or None."""
    for suffix in SITE_SUFFIXES:
        for form in (suffix, suffix.lower()):
            if name.endswith(" " + form) and len(name) > len(form) + 3:
                return name[: -len(form) - 1].strip()
    for prefix in SITE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            return name[len(prefix) :].strip()
    return None
