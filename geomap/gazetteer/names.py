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
    text = _DASHES.sub(" ", text.replace(".", ""))
    return _SPACES.sub(" ", text).strip(" ,;:'\"()")


_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")


def strip_possessive(text: str) -> str:
    """ "Russia's" -> "Russia"; "Texas'" -> "Texas"."""
    return _POSSESSIVE.sub("", text)
