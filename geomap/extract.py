"""Finding place names (and demonyms) in parsed article text.

Two recognisers are combined:

* the spaCy model's entities labelled GPE, LOC, FAC and NORP;
* a gazetteer-driven ruler over runs of capitalised tokens, which catches
  names the model misses ("Dunai" in "Russia's Dunai"), places nested in
  organisation names ("Colorado" in "Colorado State University") and
  all-caps datelines.

The ruler refuses titles, calendar words, common nouns and given names unless
the context supports a place reading, and never takes tokens that the model
labelled as a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .gazetteer.names import name_key
from .model import Dateline, FeatureKind, Mention
from .nlp import Chunk
from .stopwords import COMMON, is_stopword

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .gazetteer.index import Hit

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DEMONYM_LABEL = "NORP"
# Labels whose tokens the ruler leaves alone: what the model is sure is not a place.
BLOCKING_LABELS = frozenset(
    {
        "PERSON",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
        "EVENT",
        "PRODUCT",
    }
)
# Lower-case words that may sit inside a multi-word place name.
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "du", "des", "upon", "on", "the", "da", "di", "and", "al", "el"})
LOCATION_CUES = frozenset(
    {
        "in",
        "at",
        "from",
        "to",
        "into",
        "near",
        "toward",
        "towards",
        "via",
        "outside",
        "across",
        "around",
        "through",
        "visit",
        "visited",
        "visiting",
        "reached",
        "left",
    }
)
CONTAINER_WORDS = frozenset(
    {
        "port",
        "city",
        "town",
        "village",
        "province",
        "state",
        "county",
        "region",
        "capital",
        "island",
        "district",
        "republic",
        "coast",
        "border",
        "harbour",
        "harbor",
    }
)
DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "midwest",
        "the north",
        "the south",
        "the east",
        "the west",
    }
)
MAX_RUN_TOKENS = 6
# Below this population a single-word ruler match needs a cue in the text.
STRONG_POPULATION = 100_000
STRONG_FEATURES = frozenset({FeatureKind.COUNTRY, FeatureKind.ADMIN1, FeatureKind.CONTINENT, FeatureKind.REGION})


class NameIndex(Protocol):
    """What extraction needs from a gazetteer: names and their records."""

    def lookup(self, name: str) -> tuple[Hit, ...]: ...

    def has_key(self, key: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    label: str
    source: str
    priority: int


def extract_mentions(
    chunks: Sequence[Chunk],
    gazetteer: NameIndex,
    *,
    dateline: Dateline | None = None,
    use_ruler: bool = True,
) -> tuple[Mention, ...]:
    """All place and demonym mentions in an article, in text order.

    Offsets refer to the article text: each chunk's offset is added.
    """
    found: list[Mention] = []
    for chunk in chunks:
        candidates = list(_model_mentions(chunk.doc, gazetteer))
        if use_ruler:
            taken = _token_flags(chunk.doc)
            candidates.extend(_ruler_mentions(chunk.doc, gazetteer, taken))
            candidates.extend(_nested_mentions(chunk.doc, gazetteer, taken))
        for cand in _without_overlaps(candidates):
            start, end = cand.start + chunk.offset, cand.end + chunk.offset
            found.append(Mention(chunk.doc.text[cand.start : cand.end], start, end, cand.label, cand.source))
    dateline_missed = dateline is not None and not any(m.start < dateline.end and dateline.start < m.end for m in found)
    if dateline is not None and dateline_missed and gazetteer.has_key(name_key(dateline.place)):
        found.append(Mention(dateline.place, dateline.start, dateline.end, "GPE", "dateline"))
    return tuple(sorted(found, key=lambda m: m.start))


def _model_mentions(doc: Doc, gazetteer: NameIndex) -> Iterable[_Candidate]:
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS and ent.label_ != DEMONYM_LABEL:
            continue
        span = _trim(ent)
        if span is None:
            continue
        text = span.text
        key = name_key(text)
        if key in DIRECTIONS or not any(ch.isupper() for ch in text):
            continue
        if ent.label_ == DEMONYM_LABEL:
            if not _is_demonym(text, gazetteer):
                continue
            yield _Candidate(span.start_char, span.end_char, DEMONYM_LABEL, "model", 3)
        else:
            yield _Candidate(span.start_char, span.end_char, ent.label_, "model", 3)


def _is_demonym(text: str, gazetteer: NameIndex) -> bool:
    return any(hit.kind == "demonym" for hit in gazetteer.lookup(text)) or any(
        hit.kind == "demonym" for hit in gazetteer.lookup(singular(text))
    )


def singular(text: str) -> str:
    """ "North Koreans" -> "North Korean"; "Filipinos" -> "Filipino"."""
    if text.endswith("ies") and len(text) > 4:
        return text[:-3] + "y"
    if text.endswith("s") and not text.endswith(("ss", "is", "us")) and len(text) > 3:
        return text[:-1]
    return text


def _trim(span: Span) -> Span | None:
    """Drop a leading article, trailing possessive and punctuation from a span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    if start >= end:
        return None
    trimmed = doc[start:end]
    text = trimmed.text
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return doc.char_span(trimmed.start_char, trimmed.end_char - len(suffix), alignment_mode="contract")
    return trimmed


def _token_flags(doc: Doc) -> list[bool]:
    """Tokens the ruler must leave alone: model places, and non-place entities."""
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in BLOCKING_LABELS or ent.label_ in PLACE_LABELS or ent.label_ == DEMONYM_LABEL:
            for i in range(ent.start, ent.end):
                taken[i] = True
    return taken


def _capitalised(token: Token) -> bool:
    text = token.text
    if not text or not text[0].isupper():
        return False
    return token.is_alpha or all(ch.isalpha() or ch in ".-'’" for ch in text)


def _runs(doc: Doc, taken: Sequence[bool]) -> Iterable[tuple[int, int]]:
    """Maximal runs of capitalised tokens (with connectors inside) not taken."""
    i, n = 0, len(doc)
    while i < n:
        if taken[i] or not _capitalised(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n and not taken[j]:
            if _capitalised(doc[j]):
                j += 1
            elif doc[j].lower_ in CONNECTORS and j + 1 < n and _capitalised(doc[j + 1]) and not taken[j + 1]:
                j += 2
            else:
                break
        yield i, j
        i = j


def _ruler_mentions(doc: Doc, gazetteer: NameIndex, taken: Sequence[bool]) -> Iterable[_Candidate]:
    orgs = {t.i: ent for ent in doc.ents if ent.label_ == "ORG" for t in ent}
    for start, end in _runs(doc, taken):
        if end - start > MAX_RUN_TOKENS:
            continue
        span = doc[start:end]
        span_trimmed = _trim(span)
        if span_trimmed is None:
            continue
        org = next((orgs[t.i] for t in span_trimmed if t.i in orgs), None)
        if org is not None:
            # The model says organisation: only a whole, well-known place name
            # overrides it ("DPRK"), never a hamlet named like a news agency ("TASS").
            whole = _trim(org)
            if whole is None or (whole.start, whole.end) != (span_trimmed.start, span_trimmed.end):
                continue
            if not any(_strong_hit(h) for h in gazetteer.lookup(whole.text)):
                continue
        text = span_trimmed.text
        key = name_key(text)
        hits = gazetteer.lookup(text)
        label = "GPE"
        if not hits:
            if _is_demonym(text, gazetteer):
                yield _Candidate(span_trimmed.start_char, span_trimmed.end_char, DEMONYM_LABEL, "gazetteer", 1)
            continue
        if all(h.kind == "demonym" for h in hits):
            label = DEMONYM_LABEL
        if _accept_ruler_match(span_trimmed, key, hits):
            yield _Candidate(span_trimmed.start_char, span_trimmed.end_char, label, "gazetteer", 1)


def _strong_hit(hit: Hit) -> bool:
    return hit.kind != "demonym" and (
        hit.candidate.feature in STRONG_FEATURES
        or hit.candidate.population >= STRONG_POPULATION
        or hit.kind in {"abbr", "code"}
    )


def _accept_ruler_match(span: Span, key: str, hits: Sequence[Hit]) -> bool:
    doc = span.doc
    single = len(span) == 1 or " " not in key
    if single and is_stopword(key):
        return False
    if key in DIRECTIONS:
        return False
    first = span[0]
    strong = any(_strong_hit(h) for h in hits)
    cue = _has_cue(span)
    all_caps = span.text.isupper() and len(span.text) > 3
    if first.is_sent_start and single and not cue:
        # A capitalised word opening a sentence is weak evidence of a name.
        return strong and first.pos_ == "PROPN"
    if all_caps and not cue and not strong:
        return False
    if single and not (strong or cue):
        return first.pos_ == "PROPN" and first.i > 0 and doc[first.i - 1].lower_ in LOCATION_CUES
    return True


def _has_cue(span: Span) -> bool:
    """Context that makes a place reading likely."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None:
        if before.lower_ in LOCATION_CUES:
            return True
        if before.tag_ == "POS" or before.lower_ in {"'s", "’s"}:  # "Russia's Dunai"
            return True
        if before.lower_ == "of" and span.start > 1 and doc[span.start - 2].lower_ in CONTAINER_WORDS:
            return True  # "the port of Rajin"
        if before.text == "," and span.start > 1 and doc[span.start - 2].ent_type_ in PLACE_LABELS:
            return True  # "Bangor, Maine"
    if after is not None:
        if after.lower_ in CONTAINER_WORDS:
            return True  # "Rajin port"
        if after.text == "," and span.end + 1 < len(doc) and doc[span.end + 1].ent_type_ in PLACE_LABELS:
            return True
        if after.text in {"-", "–"} and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "based":
            return True  # "Washington-based"
    return False


def _nested_mentions(doc: Doc, gazetteer: NameIndex, taken: Sequence[bool]) -> Iterable[_Candidate]:
    """Places at the edge of organisation names: "Colorado State University", "University of Florida"."""
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        whole = _trim(ent)
        if whole is not None and any(
            _strong_hit(h) and h.candidate.feature in {FeatureKind.COUNTRY, FeatureKind.ADMIN1}
            for h in gazetteer.lookup(whole.text)
        ):
            # A country the model took for an organisation: "the Democratic People's Republic of Korea"
            yield _Candidate(whole.start_char, whole.end_char, "GPE", "gazetteer", 2)
            continue
        if len(ent) < 2:
            continue
        tokens = list(ent)
        while tokens and tokens[0].lower_ in {"the", "a", "an"}:
            tokens = tokens[1:]
        if len(tokens) < 2:
            continue
        options: list[tuple[int, int]] = []
        for size in range(min(4, len(tokens) - 1), 0, -1):
            options.append((tokens[0].i, tokens[0].i + size))
        for index, token in enumerate(tokens[:-1]):
            if token.lower_ in {"of", "in", "at"}:
                for size in range(min(4, len(tokens) - index - 1), 0, -1):
                    options.append((tokens[index + 1].i, tokens[index + 1].i + size))
        for start, end in options:
            span = doc[start:end]
            if not all(_capitalised(t) or t.lower_ in CONNECTORS for t in span):
                continue
            key = name_key(span.text)
            if is_stopword(key) or key in COMMON:
                continue
            hits = gazetteer.lookup(span.text)
            if any(
                h.kind in {"name", "alt", "abbr"}
                and (
                    h.candidate.feature in STRONG_FEATURES
                    or h.candidate.feature is FeatureKind.ADMIN2
                    or h.candidate.population >= STRONG_POPULATION
                )
                for h in hits
            ):
                yield _Candidate(span.start_char, span.end_char, "GPE", "nested", 0)
                break


def _without_overlaps(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Keep the best of overlapping candidates: higher priority, then longer."""
    ordered = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[_Candidate] = []
    for cand in ordered:
        if all(cand.end <= k.start or k.end <= cand.start for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)
