"""Finding place names (and demonyms) in parsed article text.

Two recognisers are combined:

* the spaCy model's entities labelled GPE, LOC, FAC and NORP, filtered:
  streets and buildings the gazetteer cannot place are dropped, and so are
  "places" the rest of the article shows to be people ("Ripley said");
* a gazetteer-driven ruler over runs of capitalised tokens. It catches names
  the model misses ("Dunai" in "Russia's Dunai"), place names the model took
  for people or organisations ("Gainesville", "Tbilisi"), places at the start
  of organisation names ("Colorado" in "Colorado State University", "U.S."
  in "the U.S. Department of State"), well-known places and demonyms
  anywhere inside them ("the Monaco Grand Prix", "the State Russian
  Museum"), all-caps datelines, and the word "capital" in "Mali's capital".

Spans the model gets a word wrong are fixed ("Laurel" + "County", "Cairo" +
"airport", "Hebei province" without "province"), and ships named after places
("HMNZS Canterbury") are dropped.

The ruler never takes titles, calendar words, function words or given names
on their own, and asks more of a weak name (a small town, a word that is also
a surname) than of a strong one (a country, a state): a cue such as "in",
"from", "Russia's" or ", Alabama".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .false_place_words import GIVEN_NAMES, TITLES, is_stopword
from .gazetteer.names import SITE_NOUNS, name_key, site_place
from .model import Dateline, FeatureKind, Mention
from .nlp import Chunk, doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .gazetteer.index import Hit

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# The source of a "Mali's capital" mention: the resolver reads it as the capital of the country it names.
CAPITAL_SOURCE = "capital"
# The source of a place found inside a longer name ("Ohio" of "Ohio State University").
NESTED_SOURCE = "nested"
DEMONYM_LABEL = "NORP"
# Entities whose text may really be a place the model mislabelled, or hold one at their start.
OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "FAC"})
# Labels the ruler never looks inside.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "LAW", "LANGUAGE"})
# Lower-case words that may sit inside a multi-word place name.
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "du", "des", "upon", "on", "the", "da", "di", "al", "el"})
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
        "throughout",
        "inside",
        "within",
        "between",
        "downtown",
        "rural",
        "suburban",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "leaving",
        "entering",
        "of",
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
        "parish",
        "township",
        "borough",
        "suburb",
        "neighborhood",
        "neighbourhood",
        "residents",
        "resident",
        "native",
        "area",
        "mayor",
        "police",
        "officials",
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
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "upstate",
        "downstate",
        "downtown",
        "greater",
        "metro",
        "mid",
        "upper",
        "lower",
        "inner",
        "outer",
        "north central",
        "south central",
        "east central",
        "west central",
    }
)
# Words that follow a place at the start of an institution's name: "Middletown High School".
INSTITUTION_WORDS = frozenset(
    """university college school high elementary middle academy institute hospital medical clinic police
    fire sheriff sheriff's department dept county city town township village borough parish council board
    commission committee chamber library museum symphony orchestra zoo airport port station harbor harbour
    public community regional area memorial state national federal district court jail prison correctional
    church cathedral diocese mosque synagogue temple reservoir park parks water utilities transit transportation
    housing health emergency rescue ems fair festival marathon chapter branch office bureau agency authority
    club league association society foundation union bank market journal times herald news post gazette
    tribune press daily weekly star sun observer record telegraph chronicle courier democrat republican
    democratic tea party senate assembly legislature government army navy guard forces troops coast
    ministry embassy consulate military mission senior center centre convention conference""".split()
)
# Last words of place names that start with a given name.
PLACE_WORDS = frozenset(
    """county city parish township borough village town island islands lake river creek bay
harbor harbour beach heights hills springs falls park mountain mountains valley point port fort station
junction""".split()
)
MOTION_FOR = frozenset(
    """bound headed heading left leave leaves leaving departed departs departing sailed sails sailing set
    destined flew flies flying took""".split()
)
SPEECH_VERBS = frozenset(
    {
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "asked",
        "explained",
        "noted",
        "stated",
        "wrote",
        "argued",
        "insisted",
        "replied",
        "recalled",
        "testified",
    }
)
MAX_RUN_TOKENS = 6
# A place this big may stand alone; a smaller one needs a cue in the text.
STRONG_POPULATION = 100_000
STRONG_FEATURES = frozenset(
    {FeatureKind.COUNTRY, FeatureKind.ADMIN1, FeatureKind.CONTINENT, FeatureKind.REGION, FeatureKind.WATER}
)
_DATELINE_AFTER = re.compile(
    r"^\s*(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?\s*)?(?:\((?:AP|Reuters|AFP|UPI)\)|[-–—]{1,2}\s|:\s)"
)
# Lower-case words a model span may end with that the name does not include ("Hebei province").
TYPE_WORDS = frozenset({"province", "region", "state", "county", "district", "governorate", "prefecture", "city"})
# Words that end a place's name when they follow it and the longer name is in the
# gazetteer ("Laurel County", "Orleans Parish", "Cairo airport", "Lackland Air Force Base").
NAME_SUFFIXES = (
    "County",
    "Parish",
    "Borough",
    "Township",
    "International Airport",
    "airport",
    "Airport",
    "Air Force Base",
    "Air Base",
    "air base",
    "states",  # "the Baltic states", "the Gulf states"
    "countries",  # "the Nordic countries"
)
# "Mali's capital", "the Malian capital": the capital of a country named or implied just before.
_CAPITAL_OF = re.compile(r"\b([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})(?:'s|’s) capital\b")
_DEMONYM_CAPITAL = re.compile(r"\b[Tt]he ([A-Z][\w-]*(?: [A-Z][\w-]*)?) capital\b")


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
    chunks: Iterable[Chunk],
    gazetteer: NameIndex,
    *,
    dateline: Dateline | None = None,
    use_ruler: bool = True,
) -> tuple[Mention, ...]:
    """All place and demonym mentions in an article, in text order.

    Offsets refer to the article text: each chunk's offset is added.
    """
    found: list[Mention] = []
    before = ""  # the end of the previous chunk, for a name at the very start of the next
    for chunk in chunks:
        doc = chunk.doc
        text = doc_text(doc)
        people = _person_names(doc)
        candidates = list(_model_mentions(doc, gazetteer, people))
        if use_ruler:
            taken = _token_flags(doc)
            candidates.extend(_ruler_mentions(doc, gazetteer, taken, people))
            candidates.extend(_joined_names(doc, gazetteer, people))
            candidates.extend(_entity_overrides(doc, gazetteer, people))
            candidates.extend(_counted_demonyms(doc, gazetteer))
            candidates.extend(_nested_mentions(doc, gazetteer, people))
            candidates.extend(_capital_mentions(doc, gazetteer))
        candidates = [_fix_span(doc, c, gazetteer) for c in candidates]
        for cand in _without_overlaps(candidates):
            # "HMNZS Canterbury", "USS Texas": a ship named after a place is not the place.
            if _SHIP_BEFORE.search((before + text[: cand.start])[-_SHIP_WIDTH:]):
                continue
            start, end = cand.start + chunk.offset, cand.end + chunk.offset
            found.append(Mention(text[cand.start : cand.end], start, end, cand.label, cand.source))
        before = text[-_SHIP_WIDTH:]
    missed = dateline is not None and not any(m.start < dateline.end and dateline.start < m.end for m in found)
    if dateline is not None and missed and gazetteer.has_key(name_key(dateline.place)):
        found.append(Mention(dateline.place, dateline.start, dateline.end, "GPE", "dateline"))
    return tuple(sorted(found, key=lambda m: m.start))


# --- helpers ---------------------------------------------------------------

# Ship prefixes of navies and merchant fleets: HMS, USS, HMNZS, HMAS, HMCS, INS, MV, SS...
_SHIP_BEFORE = re.compile(r"\b(?:HMS|HMNZS|HMAS|HMCS|USS|USNS|INS|RFS|MV|M/V|SS|MS|MT)\s$")
_SHIP_WIDTH = 8  # characters before a name in which a prefix is looked for: the longest, and a space


def _fix_span(doc: Doc, cand: _Candidate, gazetteer: NameIndex) -> _Candidate:
    """Spans that are off by a word (issue class 8): "Laurel" of "Laurel County", "Hebei province", "Dublin City".

    A following "County" (or "Parish"...) joins the name when the longer name is
    in the gazetteer; a final lower-case type word ("province", "city") or a
    final "City" leaves it when the shorter name is and the longer one is not.
    """
    if cand.label == DEMONYM_LABEL:
        return cand
    full = doc_text(doc)
    text = full[cand.start : cand.end]
    after = full[cand.end : cand.end + 12]
    after = full[cand.end : cand.end + 24]
    for suffix in NAME_SUFFIXES:
        if after.startswith(" " + suffix) and not after[len(suffix) + 1 : len(suffix) + 2].isalpha():
            longer = f"{text} {suffix}"
            if _place_hits(gazetteer.lookup(longer)):
                return _Candidate(cand.start, cand.end + len(suffix) + 1, cand.label, cand.source, cand.priority)
    head, _, last = text.rpartition(" ")
    # "Kansas City" and "Quezon City" are towns by that name; "Dublin City" (Council) is Dublin's.
    named_city = last == "City" and any(
        h.kind == "name" and h.candidate.feature is FeatureKind.CITY for h in gazetteer.lookup(text)
    )
    if head and (last in TYPE_WORDS or last == "City") and not named_city and _place_hits(gazetteer.lookup(head)):
        return _Candidate(cand.start, cand.start + len(head), cand.label, cand.source, cand.priority)
    return cand


def singular(text: str) -> str:
    """ "North Koreans" -> "North Korean"; "Filipinos" -> "Filipino"; "Iraqis" -> "Iraqi"."""
    if text.endswith("ies") and len(text) > 4:
        return text[:-3] + "y"
    if text.endswith("is") and len(text) > 5:
        return text[:-1]  # "-i" demonyms: Iraqis, Omanis, Israelis (short words such as "Paris" are left alone)
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


def _with_abbreviation_dot(doc: Doc, start: int, end: int, hits: Sequence[Hit]) -> int:
    """ "W.Va." and "Calif." end with a dot the tokenizer split off; give it back.

    A code in capitals ("UK", "NSW", "USA") has no dot of its own: a dot after it ends the sentence.
    """
    full = doc_text(doc)
    if end < len(full) and full[end] == "." and any(h.kind in {"abbr", "code"} for h in hits):
        text = full[start:end]
        if "." in text or (len(text) <= 5 and not text.isupper()):
            return end + 1
    return end


def _capitalised(token: Token) -> bool:
    text = token.text
    if not text or not text[0].isupper():
        return False
    return token.is_alpha or all(ch.isalpha() or ch in ".-'’" for ch in text)


def _is_demonym(text: str, gazetteer: NameIndex) -> bool:
    return any(hit.kind == "demonym" for hit in gazetteer.lookup(text)) or any(
        hit.kind == "demonym" for hit in gazetteer.lookup(singular(text))
    )


def _country_demonym(hits: Sequence[Hit]) -> bool:
    return any(h.kind == "demonym" and h.candidate.feature is FeatureKind.COUNTRY for h in hits)


def _place_hits(hits: Sequence[Hit]) -> list[Hit]:
    return [h for h in hits if h.kind not in {"demonym", "fcode"}]


def _strong_hit(hit: Hit) -> bool:
    """A name that is a place by itself: a country, a state, a sea, a big city, a code like "U.S."."""
    if hit.kind == "demonym" or hit.candidate.feature is FeatureKind.FACILITY:
        return False  # an airport counts its town's people, but its name is an organisation's too
    if hit.kind in {"abbr", "code"}:
        return True
    if hit.candidate.feature in STRONG_FEATURES:
        return hit.kind == "name" or hit.candidate.feature is FeatureKind.COUNTRY
    return hit.kind == "name" and hit.candidate.population >= STRONG_POPULATION


def _person_names(doc: Doc) -> set[str]:
    """Lower-case words that are parts of multi-word person names in this text ("Ripley" of "Jim Ripley")."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[0].lower_ not in LEADING_PREPOSITIONS:
            words.update(t.lower_ for t in ent if t.is_alpha)
    return words


def _person_like(span: Span, people: set[str]) -> bool:
    """Read as a person: part of a person's name elsewhere, after a title, or the one who "said"."""
    if len(span) == 1 and span[0].lower_ in people:
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_.rstrip(".") in TITLES | {"mr", "mrs", "ms", "dr", "sen", "rep", "gov"}:
        return True
    root = span.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lower_ in SPEECH_VERBS:
        return True
    # "Jim Ripley" is a person; "Henry County" and "Charlotte Harbor" are places.
    return len(span) > 1 and span[0].lower_ in GIVEN_NAMES and span[-1].lower_ not in PLACE_WORDS


def _has_cue(span: Span, gazetteer: NameIndex | None = None) -> bool:
    """Context that makes a place reading likely."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None:
        if before.lower_ in LOCATION_CUES and before.lower_ != "of":
            return True
        if before.tag_ == "POS" or before.lower_ in {"'s", "’s"}:  # "Russia's Dunai"
            return True
        if before.lower_ == "of" and span.start > 1 and doc[span.start - 2].lower_ in CONTAINER_WORDS:
            return True  # "the port of Rajin", "the city of Kherson"
        if before.lower_ in CONTAINER_WORDS | {"capital"}:
            return True  # "Amhara's capital Bahir Dar", "the port city Odesa"
        if before.text == "," and span.start > 1 and doc[span.start - 2].ent_type_ in PLACE_LABELS:
            return True  # "Bangor, Maine"
    if after is not None:
        if after.lower_ in CONTAINER_WORDS or (after.lower_ in SITE_NOUNS and after.pos_ == "NOUN"):
            return True  # "Rajin port", "Gainesville residents", "the Lampedusa hotspot"
        if (
            after.text == ","
            and span.end + 1 < len(doc)
            and (doc[span.end + 1].ent_type_ in PLACE_LABELS or doc[span.end + 1].text.endswith("."))
        ):
            return True  # "Bangor, Maine", "Tyler, Texas", "Decatur, Ga."
        if after.text in {"-", "–"} and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in {"based", "bound"}:
            return True  # "Washington-based", "a Dibrugarh-bound train"
        if (
            after.text == ","
            and span.end + 2 < len(doc)
            and doc[span.end + 1].lower_ in {"a", "the"}
            and (
                doc[span.end + 2].lower_ in CONTAINER_WORDS
                or (span.end + 3 < len(doc) and doc[span.end + 3].lower_ in CONTAINER_WORDS)
            )
        ):
            return True  # "Izmail, a port on the Danube", "Rajin, a North Korean port"
    if (
        before is not None
        and before.lower_ == "for"
        and ((span.start > 1 and doc[span.start - 2].lower_ in MOTION_FOR) or before.head.lower_ in MOTION_FOR)
    ):
        return True  # "bound for Izmail", "left for Moscow", "left Juba for Entebbe"
    if _dateline_cue(span):
        return True
    # last, as it asks the gazetteer: "to Peru, Chile and Bolivia"
    return gazetteer is not None and _listed_with_a_place(span, gazetteer)


def _dateline_cue(span: Span) -> bool:
    """ "BEIRUT (AP) --", "TORRINGTON -", "BEIRUT:": a place opening a paragraph before an agency, a dash or a colon.

    A name in capitals needs no opening: "March 30, 2009 NEWARK --" is a dateline after a date line.
    """
    doc = span.doc
    opens = span.start == 0 or doc[span.start - 1].is_space or doc[span.start - 1].is_punct
    capitals = span.text.replace(".", "").replace(" ", "").isupper() and len(span.text) > 2
    return (opens or capitals) and bool(_DATELINE_AFTER.match(doc_text(doc)[span.end_char : span.end_char + 30]))


def _accept(
    span: Span,
    hits: Sequence[Hit],
    people: set[str],
    *,
    model_said_other: bool = False,
    gazetteer: NameIndex | None = None,
) -> bool:
    """Whether a gazetteer match is read as a place here."""
    places = _place_hits(hits)
    if not places:
        return False
    key = name_key(span.text)
    single = " " not in key
    first = span[0]
    strong = any(_strong_hit(h) for h in places)
    if key in DIRECTIONS or (single and (is_stopword(key) or first.is_stop)):
        return False
    cue = _has_cue(span, gazetteer)
    if _person_like(span, people) and not (strong and any(h.candidate.feature in STRONG_FEATURES for h in places)):
        return False
    letters = span.text.replace(".", "").replace(" ", "")
    if letters.isupper() and len(letters) > 1 and not _dateline_cue(span):
        # All capitals: an acronym ("TASS", "SWAT") unless it is a known code ("USA", "UK", "DPRK").
        return any(h.kind in {"abbr", "code"} for h in places)
    if model_said_other:
        # The model read it as a person or organisation: the name must be a place on its own, or have a cue.
        return strong or (cue and any(h.kind == "name" or h.candidate.population >= 10_000 for h in places))
    if first.is_sent_start and single and not cue:
        return strong and first.pos_ == "PROPN"
    if single:
        return cue or any(h.candidate.feature in STRONG_FEATURES or h.kind in {"abbr", "code"} for h in places)
    return strong or cue or any(h.kind == "name" and h.candidate.population >= 1000 for h in places)


# --- the model's entities --------------------------------------------------


def _model_mentions(doc: Doc, gazetteer: NameIndex, people: set[str]) -> Iterable[_Candidate]:
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS and ent.label_ != DEMONYM_LABEL:
            continue
        span = _trim(ent)
        if span is None:
            continue
        span = _without_direction(_without_preposition(span, gazetteer), gazetteer)
        text = span.text
        key = name_key(text)
        if key in DIRECTIONS or not any(ch.isupper() for ch in text):
            continue
        if ent.label_ == DEMONYM_LABEL:
            if _is_demonym(text, gazetteer):
                yield _Candidate(span.start_char, span.end_char, DEMONYM_LABEL, "model", 3)
            continue
        hits = gazetteer.lookup(text)
        if not _place_hits(hits) and _named_after_a_place(text, gazetteer):
            # "Souda Bay Naval Base", "Ramon Airbase": a site the gazetteer lacks, named after a place it has
            yield _Candidate(span.start_char, span.end_char, "FAC", "model", 3)
            continue
        if not _place_hits(hits):
            # Unknown to the gazetteer: a street or a building, or a person the model took for a place.
            if (
                ent.label_ == "FAC"
                or _person_like(span, people)
                or (ent.label_ == "GPE" and len(span) == 1 and span[0].lower_ in people)
            ):
                continue
        elif _person_like(span, people) and not any(_strong_hit(h) for h in hits):
            continue
        end = _with_abbreviation_dot(doc, span.start_char, span.end_char, hits)
        yield _Candidate(span.start_char, end, ent.label_, "model", 3)


def _named_after_a_place(name: str, gazetteer: NameIndex) -> bool:
    """A site's name ("Ramon Airbase", "Port of Aqaba") made of a place's name the gazetteer has."""
    site = site_place(name)
    while site is not None:
        if any(h.kind in {"name", "alt"} for h in _place_hits(gazetteer.lookup(site))):
            return True
        site = site_place(site)
    return False


# Rule "near X, <State>": a capitalised preposition opening a sentence is read by the model as the
# first word of a name ("Near Cody, Wyoming," is a person "Near Cody"); the name is what follows it.
LEADING_PREPOSITIONS = frozenset({"near", "outside", "inside", "in", "at", "from", "around", "across", "off"})


def _without_preposition(span: Span, gazetteer: NameIndex) -> Span:
    """ "Near Cody" -> "Cody"; but "Near East" and "In Salah" stay whole: they are names of their own. Only
    before punctuation ("Near Cody, Wyoming"): "In Goz Beida" is a name the model cut short, not "Goz"."""
    if len(span) < 2 or span[0].lower_ not in LEADING_PREPOSITIONS or _place_hits(gazetteer.lookup(span.text)):
        return span
    if span.end < len(span.doc) and not span.doc[span.end].is_punct:
        return span
    rest = span[1:]
    return rest if _place_hits(gazetteer.lookup(rest.text)) else span


def _without_direction(span: Span, gazetteer: NameIndex) -> Span:
    """ "Northeast Georgia" -> "Georgia"; but "North Carolina" and "South Korea" stay whole."""
    if len(span) < 2 or span[0].lower_ not in DIRECTIONS or gazetteer.lookup(span.text):
        return span
    rest = span[1:]
    return rest if _place_hits(gazetteer.lookup(rest.text)) else span


# --- the gazetteer ruler ---------------------------------------------------


def _token_flags(doc: Doc) -> list[bool]:
    """Tokens the ruler leaves alone: any entity (handled by the model or by the override rules)."""
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in NUMERIC_LABELS or ent.label_ in OTHER_LABELS:
            for i in range(ent.start, ent.end):
                taken[i] = True
    return taken


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


def _ruler_mentions(doc: Doc, gazetteer: NameIndex, taken: Sequence[bool], people: set[str]) -> Iterable[_Candidate]:
    for start, end in _runs(doc, taken):
        if end - start > MAX_RUN_TOKENS:
            continue
        span = _trim(doc[start:end])
        if span is None:
            continue
        span = _without_preposition(span, gazetteer)
        hits = gazetteer.lookup(span.text)
        if not hits and _is_demonym(span.text, gazetteer):
            yield _Candidate(span.start_char, span.end_char, DEMONYM_LABEL, "gazetteer", 1)
            continue
        if hits and all(h.kind == "demonym" for h in hits):
            yield _Candidate(span.start_char, span.end_char, DEMONYM_LABEL, "gazetteer", 1)
            continue
        if len(span) == 1 and span[0].pos_ == "ADJ" and _country_demonym(hits):
            # "Malian and Nigerien migrants": an adjective that is a country's demonym, though a
            # village somewhere has the same name
            yield _Candidate(span.start_char, span.end_char, DEMONYM_LABEL, "gazetteer", 1)
            continue
        if _accept(span, hits, people, gazetteer=gazetteer):
            end_char = _with_abbreviation_dot(doc, span.start_char, span.end_char, hits)
            yield _Candidate(span.start_char, end_char, "GPE", "gazetteer", 1)
        elif not hits and len(span) > 1 and (team := _leading_state(span, gazetteer)) is not None:
            yield team


def _leading_state(span: Span, gazetteer: NameIndex) -> _Candidate | None:
    """A country's or state's own name opening a name the model did not tag and the gazetteer does not
    know as a whole: "the Georgia Bulldogs", "the Ohio State Buckeyes", college teams that set the
    article in their state. Only at the start and only a country or state: "Agent Orange" and "the
    Danube Delta" hold no such name."""
    if any(t.lower_.rstrip(".") in STREET_WORDS_AND_SHORT for t in span):
        return None  # "Van Dorn Street", "Nordland Ave."
    for size in range(min(3, len(span) - 1), 0, -1):
        head = span[:size]
        key = name_key(head.text)
        if not all(_capitalised(t) for t in head) or head[0].is_sent_start or key in DIRECTIONS:
            continue  # "North Laurel High School", "the West Side"
        hits = gazetteer.lookup(head.text)
        if any(h.kind == "name" and h.candidate.feature in {FeatureKind.COUNTRY, FeatureKind.ADMIN1} for h in hits):
            end = _with_abbreviation_dot(span.doc, head.start_char, head.end_char, hits)
            return _Candidate(head.start_char, end, "GPE", NESTED_SOURCE, 0)
    return None


def _entity_overrides(doc: Doc, gazetteer: NameIndex, people: set[str]) -> Iterable[_Candidate]:
    """Whole person, organisation or group entities that are really places ("Gainesville", "Tbilisi")."""
    for ent in doc.ents:
        if ent.label_ not in OTHER_LABELS or ent.label_ == "FAC":
            continue
        span = _trim(ent)
        if span is None or len(span) > MAX_RUN_TOKENS:
            continue
        span = _without_direction(_without_preposition(span, gazetteer), gazetteer)
        hits = gazetteer.lookup(span.text)
        if _is_demonym(span.text, gazetteer) and not _place_hits(hits):
            if ent.label_ != DEMONYM_LABEL:
                # A people the model took for a product or an organisation: "two Abkhaz servicemen".
                yield _Candidate(span.start_char, span.end_char, DEMONYM_LABEL, "gazetteer", 2)
            continue  # a demonym the model labelled as one: handled with the model's mentions
        if ent.label_ == "ORG" and any(
            h.kind in {"name", "code", "abbr"} and h.candidate.feature in {FeatureKind.COUNTRY, FeatureKind.ADMIN1}
            for h in hits
        ):
            # A country the model took for an organisation: "the Democratic People's Republic of Korea"
            yield _Candidate(span.start_char, span.end_char, "GPE", "gazetteer", 2)
            continue
        if ent.label_ == "ORG" and _named_like_a_company(span, hits):
            continue
        if _accept(span, hits, people, model_said_other=True, gazetteer=gazetteer):
            end = _with_abbreviation_dot(doc, span.start_char, span.end_char, hits)
            yield _Candidate(span.start_char, end, "GPE", "gazetteer", 2)


# Rule "a region with the article": a region, sea or range is written with "the" ("fires across the
# Amazon", "drought in the Sahel", "the Caucasus"); written without it where the model reads an
# organisation, the name is a company's ("Amazon said", "shares of Amazon").
_LANDS = frozenset({FeatureKind.REGION, FeatureKind.WATER, FeatureKind.LANDFORM})


def _named_like_a_company(span: Span, hits: Sequence[Hit]) -> bool:
    """A name the model calls an organisation, that only a region, sea or range has, written without "the"."""
    places = _place_hits(hits)
    if not places or any(h.candidate.feature not in _LANDS for h in places):
        return False
    return span.start == 0 or span.doc[span.start - 1].lower_ != "the"


# Words that join two names inside one entity of the model (held-out news, class 8): "A ship left
# [Chornomorsk for Karasu]", "flew from [Port Sudan for Jeddah]", "[Odesa and Izmail]".
# Not "-" or "&": "Wal-Mart" and "Stevens & Wilkinson" are one name.
JOINERS = frozenset({"for", "to", "from", "and", "or", "via", ","})
# What a person's entity may join: "Dillon and Connor" are two people, "Kyiv for Lviv" is no one.
ROUTE_JOINERS = frozenset({"for", "to", "from", "via"})
# Words around a list item that carry the place reading of the items next to it ("Gao, Mopti,
# Timbuktu and Kidal").
LIST_WORDS = frozenset({",", "and", "or"})


def _joined_names(doc: Doc, gazetteer: NameIndex, people: set[str]) -> Iterable[_Candidate]:
    """Two or more place names the model read as one entity, joined by a preposition or a conjunction.

    Each part must be a name the gazetteer places, and the whole must not be one
    ("Trinidad and Tobago", "Bosnia and Herzegovina" stay whole). Split so, the
    names are places and the movement between them is read again.
    """
    for ent in doc.ents:
        if (ent.label_ not in OTHER_LABELS and ent.label_ not in PLACE_LABELS) or len(ent) < 3:
            continue
        tokens = [t for t in ent if not (t.i == ent.start and t.lower_ in {"the", "a", "an"})]
        joiners = ROUTE_JOINERS if ent.label_ == "PERSON" else JOINERS
        cuts = [i for i, t in enumerate(tokens) if t.lower_ in joiners and 0 < i < len(tokens) - 1]
        whole = _trim(ent)
        if not cuts or _place_hits(gazetteer.lookup(whole.text if whole is not None else ent.text)):
            continue
        parts: list[Span] = []
        start = 0
        for cut in [*cuts, len(tokens)]:
            piece = tokens[start:cut]
            start = cut + 1
            if not piece:
                continue
            parts.append(doc[piece[0].i : piece[-1].i + 1])
        named = []
        for part in parts:
            span = _trim(part)
            if span is None or not all(_capitalised(t) or t.lower_ in CONNECTORS for t in span):
                break
            key = name_key(span.text)
            hits = _place_hits(gazetteer.lookup(span.text))
            if not hits or is_stopword(key) or key in DIRECTIONS or key in GIVEN_NAMES or _person_like(span, people):
                break
            named.append((span, hits))
        else:
            for span, hits in named:
                end = _with_abbreviation_dot(doc, span.start_char, span.end_char, hits)
                yield _Candidate(span.start_char, end, "GPE", "joined", 4)  # before the whole: no place


def _listed_with_a_place(span: Span, gazetteer: NameIndex) -> bool:
    """An item of a list whose neighbour is a place name: "to Gao, Mopti, Timbuktu and Kidal"."""
    doc = span.doc
    before = span.start >= 2 and doc[span.start - 1].lower_ in LIST_WORDS
    if before and _names_a_place(_name_ending_at(doc, span.start - 1), gazetteer):
        return True
    after = span.end + 1 < len(doc) and doc[span.end].lower_ in LIST_WORDS
    return after and _names_a_place(_name_starting_at(doc, span.end + 1), gazetteer)


def _name_ending_at(doc: Doc, end: int) -> Span | None:
    """The capitalised words that end just before token ``end`` (an entity's whole text where there is one)."""
    start = end
    while start > 0 and _capitalised(doc[start - 1]) and end - start < MAX_RUN_TOKENS:
        start -= 1
    return doc[start:end] if start < end else None


def _name_starting_at(doc: Doc, start: int) -> Span | None:
    end = start
    while end < len(doc) and _capitalised(doc[end]) and end - start < MAX_RUN_TOKENS:
        end += 1
    return doc[start:end] if start < end else None


def _names_a_place(span: Span | None, gazetteer: NameIndex) -> bool:
    if span is None or span[0].is_sent_start:
        return False
    key = name_key(span.text)
    if is_stopword(key) or key in DIRECTIONS:
        return False
    return bool(_place_hits(gazetteer.lookup(span.text)))


def _counted_demonyms(doc: Doc, gazetteer: NameIndex) -> Iterable[_Candidate]:
    """ "8,000 Uzbeks", which the small model tags as one number (CARDINAL, even PERCENT): the people
    counted are a demonym mention."""
    for ent in doc.ents:
        if ent.label_ not in NUMERIC_LABELS:
            continue
        for token in ent:
            if _capitalised(token) and not token.is_sent_start and _is_demonym(token.text, gazetteer):
                yield _Candidate(token.idx, token.idx + len(token.text), DEMONYM_LABEL, "gazetteer", 2)


def _nested_mentions(doc: Doc, gazetteer: NameIndex, people: set[str]) -> Iterable[_Candidate]:
    """Places and demonyms inside entity names (issue class 4).

    "Colorado State University", "the U.S. House", "University of Florida",
    "Kerry County Council", "Monaco Grand Prix", "Northeast Texas Community
    College", "the State Russian Museum".
    """
    for ent in doc.ents:
        # The small model also calls events and codes laws: "the Monaco Grand Prix".
        if (ent.label_ not in OTHER_LABELS and ent.label_ != "LAW") or len(ent) < 2:
            continue
        tokens = [t for t in ent if not (t.i == ent.start and t.lower_ in {"the", "a", "an"})]
        if len(tokens) < 2:
            continue
        found = _leading_place(doc, tokens, gazetteer) or _place_after_of(doc, tokens, gazetteer)
        if found is not None:
            yield found
            continue
        yield from _inner_names(doc, tokens, gazetteer, people)


def _capital_mentions(doc: Doc, gazetteer: NameIndex) -> Iterable[_Candidate]:
    """The word "capital" in "Mali's capital" and "the Malian capital", as a mention of the capital city.

    The country's own name (or demonym) stays a mention of its own; the resolver
    reads the word before "capital" (source ``capital``).
    """
    text = doc_text(doc)
    for match in _CAPITAL_OF.finditer(text):
        words = match[1].split(" ")
        # "In South Sudan's capital": "In South Sudan" is no country, "South Sudan" is.
        if any(_country_hit(gazetteer, " ".join(words[i:])) for i in range(len(words))):
            yield _Candidate(match.end() - len("capital"), match.end(), "GPE", CAPITAL_SOURCE, 4)
    for match in _DEMONYM_CAPITAL.finditer(text):
        hits = gazetteer.lookup(match[1])
        if any(h.kind == "demonym" and h.candidate.feature is FeatureKind.COUNTRY for h in hits):
            yield _Candidate(match.end() - len("capital"), match.end(), "GPE", CAPITAL_SOURCE, 4)


def _country_hit(gazetteer: NameIndex, name: str) -> bool:
    return any(h.kind != "demonym" and h.candidate.feature is FeatureKind.COUNTRY for h in gazetteer.lookup(name))


# Words after a place's name that make it part of a street's or a building's name ("Dublin Road").
STREET_WORDS = frozenset({"road", "street", "avenue", "boulevard", "drive", "lane", "highway", "pike", "way"})
STREET_WORDS_AND_SHORT = STREET_WORDS | {"ave", "st", "rd", "blvd"}  # "Nordland Ave."


def _inner_strong(hit: Hit) -> bool:
    """A place known well enough to count inside an organisation's name, with no context at all."""
    candidate, kind = hit.candidate, hit.kind
    if candidate.feature is FeatureKind.COUNTRY:
        return kind in {"name", "alt", "code"}
    if candidate.feature in {FeatureKind.ADMIN1, FeatureKind.CONTINENT} or (
        candidate.feature in {FeatureKind.REGION, FeatureKind.WATER} and candidate.source == "curated"
    ):
        return kind == "name"
    return kind == "name" and candidate.feature is FeatureKind.CITY and candidate.population >= STRONG_POPULATION


def _inner_names(doc: Doc, tokens: list[Token], gazetteer: NameIndex, people: set[str]) -> Iterable[_Candidate]:
    """Well-known places and demonyms anywhere inside an organisation's name, longest first, left to right.

    Inside a name there is no context to lean on, so only names that are
    places by themselves count (countries, states, seas and regions, cities
    of 100,000), or a town followed by an institution word ("Dublin
    Historical Society"); never a word of a person's name in the article, nor
    a place that names a street ("Dublin Road").
    """
    i = 0
    while i < len(tokens):
        for size in range(min(4, len(tokens) - i), 0, -1):
            window = tokens[i : i + size]
            if len(window) == len(tokens) or window[-1].i - window[0].i != size - 1:
                continue
            if not all(_capitalised(t) for t in window):
                continue
            following = doc[window[-1].i + 1] if window[-1].i + 1 < len(doc) else None
            if following is not None and following.lower_ in STREET_WORDS:
                continue
            span = _without_direction(doc[window[0].i : window[-1].i + 1], gazetteer)
            key = name_key(span.text)
            if (is_stopword(key) and key != "us") or key in DIRECTIONS or (len(span) == 1 and key in people):
                continue
            hits = gazetteer.lookup(span.text)
            if not hits:
                continue
            institution = any(t.lower_ in INSTITUTION_WORDS for t in tokens if t.i > window[-1].i)
            if all(h.kind == "demonym" for h in hits):
                yield _Candidate(span.start_char, span.end_char, DEMONYM_LABEL, NESTED_SOURCE, 0)
            elif any(_inner_strong(h) for h in hits) or (
                institution
                and key not in GIVEN_NAMES
                and any(h.kind == "name" and h.candidate.population >= 1000 for h in _place_hits(hits))
            ):
                end = _with_abbreviation_dot(doc, span.start_char, span.end_char, hits)
                yield _Candidate(span.start_char, end, "GPE", NESTED_SOURCE, 0)
            else:
                continue
            i += size
            break
        else:
            i += 1


def _leading_place(doc: Doc, tokens: list[Token], gazetteer: NameIndex) -> _Candidate | None:
    for size in range(min(4, len(tokens) - 1), 0, -1):
        span = doc[tokens[0].i : tokens[0].i + size]
        following = tokens[size] if size < len(tokens) else None
        if following is None or not all(_capitalised(t) or t.lower_ in CONNECTORS for t in span):
            continue
        key = name_key(span.text)
        if is_stopword(key) and key not in {"us"}:
            continue
        hits = gazetteer.lookup(span.text)
        if not hits:
            continue
        label = "GPE"
        if all(h.kind == "demonym" for h in hits):
            label = DEMONYM_LABEL  # "the Russian Foreign Ministry"
            ok = _capitalised(following)
        else:
            places = _place_hits(hits)
            coded = any(h.kind in {"abbr", "code"} for h in places)  # "the U.S. House"
            institution = following.lower_ in INSTITUTION_WORDS
            named = any(h.kind == "name" for h in places)
            ok = (coded and _capitalised(following)) or (institution and named)
        if ok:
            end = _with_abbreviation_dot(doc, span.start_char, span.end_char, hits)
            return _Candidate(span.start_char, end, label, NESTED_SOURCE, 0)
    return None


def _place_after_of(doc: Doc, tokens: list[Token], gazetteer: NameIndex) -> _Candidate | None:
    for index, token in enumerate(tokens[:-1]):
        if token.lower_ not in {"of", "in", "at", "for"}:
            continue
        rest = tokens[index + 1 :]
        for size in range(min(4, len(rest)), 0, -1):
            span = doc[rest[0].i : rest[0].i + size]
            if not all(_capitalised(t) or t.lower_ in CONNECTORS for t in span):
                continue
            span = _without_direction(span, gazetteer)
            hits = _place_hits(gazetteer.lookup(span.text))
            if any(_strong_hit(h) or h.candidate.feature is FeatureKind.ADMIN2 for h in hits):
                return _Candidate(span.start_char, span.end_char, "GPE", NESTED_SOURCE, 0)
        return None
    return None


def _without_overlaps(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Keep the best of overlapping candidates: higher priority, then longer."""
    ordered = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[_Candidate] = []
    for cand in ordered:
        if all(cand.end <= k.start or k.end <= cand.start for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)
