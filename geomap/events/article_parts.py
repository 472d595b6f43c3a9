"""Where places sit on the parse, and the parts of an article that are not its story: headline, dateline, captions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..gazetteer.names import SITE_NOUNS
from ..model import (
    Article,
    Mention,
    Place,
)
from ..nlp import Chunk, doc_text
from .syntax import entity_at

if TYPE_CHECKING:
    from spacy.tokens import Span


CAPTION = re.compile(
    r"(?i)(\bfile photo\b|\bphoto(?:graph)?\s*(?:by|:|credit)|\breuters/|\bap photo\b|\bafp\b.*\bphoto\b"
    r"|\bis seen\b|\bare seen\b|\bpictured\b|\bposes?\b.*\bphoto\b|^\s*(?:photo|image|caption)\s*[:|])"
)


def token_places(chunk: Chunk, places: Sequence[Place]) -> tuple[dict[int, str], dict[int, str]]:
    place_at: dict[int, str] = {}
    demonym_at: dict[int, str] = {}
    doc = chunk.doc
    found: list[tuple[Mention, Span, str]] = []
    for place in places:
        for mention in place.mentions:
            start, end = mention.start - chunk.offset, mention.end - chunk.offset
            if start < 0 or end > len(doc_text(doc)):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                found.append((mention, span, place.id))
    covered = {t.i for _, span, _ in found for t in span}
    places_by_id = {p.id: p for p in places}
    for mention, span, place_id in found:
        if _inside_a_name(mention, span, covered):
            continue
        # A place written as an adjective ("Ukrainian grain") or as its people ("Palestinians")
        # is a nationality, whatever the model labelled it.
        adjective = all(t.pos_ == "ADJ" for t in span)
        people = span[-1].tag_ in {"NNS", "NNPS"} and span.text.lower() != places_by_id[place_id].name.lower()
        target = demonym_at if mention.is_demonym or adjective or people else place_at
        for token in span:
            target[token.i] = place_id
    return place_at, demonym_at


def _inside_a_name(mention: Mention, span: Span, covered: set[int]) -> bool:
    """A place found inside a longer name ("Assam Rifles", "Red Cross") is not where anything went,
    unless the name is of a site at that place ("Kabul International Airport"), or the "name" is
    only places the model ran together ("Vanuatu, Papua New Guinea")."""
    if mention.source != "nested":
        return False
    # entities never overlap: the one holding the span's first token is the only one that can hold it
    holder = entity_at(span.doc[span.start])
    outer = holder if holder is not None and span.end <= holder.end and len(holder) > len(span) else None
    if outer is None or any(t.lower_ in SITE_NOUNS for t in outer):
        return False
    return any(t.is_alpha and t.i not in covered and t.lower_ not in {"and", "of", "the"} for t in outer)


def headline_end(article: Article) -> int:
    """Where the headline ends, if the text opens with one: events come from the story, not its headline."""
    first, _, rest = article.text.partition("\n")
    line = first.strip()
    if not rest.strip() or not line or len(line) > 200 or line[-1] in '.!?"”':
        return 0
    return len(first)


def dateline_lead(article: Article) -> tuple[int, int] | None:
    """The "SEOUL, Oct 19 (Reuters) -" span: no actor, place or date of an event."""
    if article.dateline is None:
        return None
    match = re.compile(r"[-–—]{1,2}\s").search(article.text, article.dateline.end, article.dateline.end + 80)
    return (article.dateline.start, match.end()) if match else None


def mark_lead(chunk: Chunk, lead: tuple[int, int] | None, place_at: dict[int, str], demonym_at: dict[int, str]) -> None:
    doc = chunk.doc
    doc._.geomap_lead = frozenset()
    if lead is None:
        return
    start, end = lead[0] - chunk.offset, lead[1] - chunk.offset
    if end <= 0 or start >= len(doc_text(doc)):
        return
    inside = frozenset(t.i for t in doc if start <= t.idx < end)
    doc._.geomap_lead = inside
    for i in inside:
        place_at.pop(i, None)
        demonym_at.pop(i, None)


def aside_spans(article: Article) -> list[tuple[int, int]]:
    """Character ranges of photo captions and other matter outside the story.

    Paragraphs between the title and the dateline are captions; so is any
    short paragraph that reads like one ("FILE PHOTO: ...", "... is seen in").
    """
    ranges: list[tuple[int, int]] = []
    text = article.text
    story_start = article.dateline.start if article.dateline else 0
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        start, end = offset, offset + len(paragraph)
        offset = end + 1
        if not paragraph.strip() or (index == 0 and paragraph.strip() == article.title):
            continue
        before_dateline = end <= story_start and start > 0
        looks_like_caption = len(paragraph) < 400 and CAPTION.search(paragraph) is not None
        if before_dateline or (looks_like_caption and start >= story_start and not _is_story_lead(paragraph)):
            ranges.append((start, end))
    return ranges


def _is_story_lead(paragraph: str) -> bool:
    return bool(re.match(r"^[A-Z][A-Z .'-]+,.*\((?:Reuters|AP|AFP)\)", paragraph))
