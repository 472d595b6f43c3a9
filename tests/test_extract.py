"""Finding place names in parsed text (``geomap.extract``), with the real model and gazetteer:
one sentence per error class, written for these tests."""

from __future__ import annotations

from geomap.extract import extract_mentions
from geomap.model import Dateline
from geomap.nlp import Chunk, parse_texts
from geomap.pipeline import Resources


def _mentions(resources: Resources, *pieces: str, dateline: Dateline | None = None) -> list[tuple[str, int]]:
    """The names found in ``pieces``, each parsed as a chunk of one text, with their offsets."""
    chunks, offset = [], 0
    for piece in pieces:
        (chunk,) = next(parse_texts(resources.nlp, [piece])).live
        chunks.append(Chunk(offset, chunk.doc))
        offset += len(piece)
    return [(m.text, m.start) for m in extract_mentions(chunks, resources.gazetteer, dateline=dateline)]


def test_offsets_are_the_articles_across_chunks(resources: Resources) -> None:
    first = "The ferry left Piraeus on Monday.\n\n"
    second = "It reached Heraklion a day later."
    found = _mentions(resources, first, second)
    text = first + second
    assert ("Piraeus", text.index("Piraeus")) in found
    assert ("Heraklion", text.index("Heraklion")) in found


def test_a_ship_named_after_a_place_is_not_the_place(resources: Resources) -> None:
    found = [name for name, _ in _mentions(resources, "The destroyer USS Texas sailed from Norfolk on Monday.")]
    assert "Norfolk" in found and "Texas" not in found


def test_a_ship_prefix_at_the_end_of_the_previous_chunk_still_counts(resources: Resources) -> None:
    """A long text is cut into chunks; a name whose prefix ends the chunk before is still a ship."""
    found = [name for name, _ in _mentions(resources, "Crowds watched as the destroyer USS ", "Texas left Norfolk.")]
    assert "Norfolk" in found and "Texas" not in found


def test_a_dateline_the_model_missed_is_a_mention_once(resources: Resources) -> None:
    """The model does not tag this dateline's all-caps name; the dateline still makes it a mention."""
    text = "MARIUPOL, March 3 - Shelling continued overnight. A ferry left Odesa for Istanbul."
    assert not [name for name, start in _mentions(resources, text) if start == 0]  # what the model alone finds
    dateline = Dateline(place="Mariupol", start=0, end=8, date=None)
    (chunk,) = next(parse_texts(resources.nlp, [text])).live
    found = extract_mentions([chunk], resources.gazetteer, dateline=dateline)
    assert [(m.text, m.source) for m in found if m.start == 0] == [("Mariupol", "dateline")]
    assert ("Odesa", text.index("Odesa")) in [(m.text, m.start) for m in found]


def test_near_x_comma_state_is_a_place(resources: Resources) -> None:
    """Rule "near X, <State>": the model reads "Near Laramie" as a person; the place is Laramie."""
    found = [name for name, _ in _mentions(resources, "Near Laramie, Wyoming, a truck overturned on the interstate.")]
    assert "Laramie" in found and "Near Laramie" not in found


def test_a_name_that_starts_with_a_preposition_stays_whole(resources: Resources) -> None:
    """ "the Near East" is a region of its own: the leading word is dropped only when the whole is no place."""
    found = [name for name, _ in _mentions(resources, "Experts on the Near East met in Cairo.")]
    assert "Near East" in found


def test_a_state_leading_a_name_the_model_missed(resources: Resources) -> None:
    """ "the Georgia Bulldogs": an untagged name the gazetteer does not know as a whole is read like an
    entity's, so a college team's state is found and sets the article in that state."""
    found = [name for name, _ in _mentions(resources, "Fans of the Georgia Bulldogs packed the bars in Athens.")]
    assert "Georgia" in found and "Athens" in found
