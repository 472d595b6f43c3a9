"""Which language an article is written in, so that it meets a model made for that language.

geomap's models and rules read English (and French, for places only:
:data:`MODELS`); an article in another language is named and not mapped,
instead of being parsed by a model that cannot read it.

The detector is lingua (``lingua-language-detector``): its n-gram models are
compiled into the wheel, so nothing is downloaded at first use, it is
maintained, and it is the most accurate of the installable detectors on short
text. It runs in its low-accuracy mode over all its 75 languages: the high-
accuracy mode loaded 940 MB and took 12 s before its first answer, the low one
100 MB and 0.5 s, and both named the language of every text of 200 characters
or more we measured (below). langid, langdetect and the fastText detectors were
the alternatives: older, non-deterministic (langdetect), or with a model that
is fetched at first use.

Most articles never reach lingua: a text whose words are mostly English
function words is English (:data:`ENGLISH_SHARE`), found in about 0.1 ms,
where lingua takes 4-10 ms an article on a busy machine, as much as a tenth of
what the whole pipeline spends on a news article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

ENGLISH = "en"


# The language of each spaCy model geomap runs, and what it reads there. An article in any other
# language is not mapped (:func:`not_mapped_reason`).
@dataclass(frozen=True, slots=True)
class LanguageModel:
    """The spaCy model for articles in one language, and whether its events (and so movements)
    are read: the event rules are English."""

    model: str | None  # None: the model the settings name (``--model``)
    events: bool


MODELS: dict[str, LanguageModel] = {
    ENGLISH: LanguageModel(None, events=True),
    # Places only: French events and movements need rules of their own.
    "fr": LanguageModel("fr_core_news_sm", events=False),
}


def language_models() -> list[str]:
    """The spaCy models of the languages besides English that geomap maps."""
    return [spec.model for spec in MODELS.values() if spec.model is not None]


# How much of an article is read to tell its language: its opening is enough, and a long
# article costs no more than a short one.
SAMPLE_CHARS = 1_000

# Below this many characters a text is too short to tell: it is read as English. On texts of our
# own, lingua named English sentences of 41, 80 and 141 characters that were full of foreign names
# or quotes German, French and Spanish, and a 14-character English headline Tagalog; of 814
# English news articles of 200 characters or more (the LGL and GeoVirus corpora and the seed
# article), it named every one English, and 10 articles of our own in German, Spanish, French,
# Italian, Portuguese, Dutch, Swedish, Polish, Turkish and Indonesian (267-385 characters) each in
# its language.
MIN_CHARS = 200

# A text in which at least this share of the words are English stop words (spaCy's list) is
# English without asking lingua. Of those 818 English texts, 812 had a share of 0.25 or more
# (median 0.43, lowest 0.12); the 23 foreign texts of our own of 70 characters or more had at
# most 0.15 (0.02-0.09 for those of 200 characters or more).
ENGLISH_SHARE = 0.25

# lingua's confidence (0-1) in the language it names that makes the name stand; below it the text
# is read as English. Every text of 200 characters or more above got more than 0.99 for its
# language; the margin is for articles that mix two languages.
MIN_CONFIDENCE = 0.9

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when it is too short
    to tell (:data:`MIN_CHARS`) or lingua is unsure (:data:`MIN_CONFIDENCE`)."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if english_share(sample) >= ENGLISH_SHARE:
        return ENGLISH
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()


def english_share(text: str) -> float:
    """The share of the words of ``text`` that are English stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = _WORD.findall(text.lower())
    return sum(word in STOP_WORDS for word in words) / len(words) if words else 0.0


@cache
def _detector() -> LanguageDetector:
    """lingua's detector, loaded once a process, when the first text needs it."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def language_name(code: str) -> str:
    """The English name of a language by its ISO 639-1 code ("de": "German")."""
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code)).name.title()
    except ValueError:
        return code


def article_language(text: str) -> str:
    """The language an article is read in: the one detected, else (too short, unsure) English."""
    return detect_language(text) or ENGLISH


def not_mapped_reason(code: str) -> str:
    """Why an article in the language ``code`` is not mapped, as the run and the index say it."""
    names = " and ".join(language_name(c) for c in MODELS)
    return f"written in {language_name(code)} ({code}): geomap maps articles in {names}"
