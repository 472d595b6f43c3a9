"""Roles read off the word sequence, for the phrases the parser attaches to the wrong word.

The small English model often hangs "to Warsaw" on "from Lisbon" instead of
on "flight", or "to Ukraine" on "systems" instead of "delivered". Frames that
read only the parse then lose an endpoint. This module gives each place in a
sentence that no trigger's parse claimed to the nearest trigger before it,
with the role its cue word says: the preposition in front of the place's noun
phrase ("from", "to", "into", "for", "via", "in", ...), carried along a list
("to Peru, Chile and Bolivia"), or a pattern that needs no preposition
("Guwahati-bound"). Each role says the rule that gave it (``geomap.events.rules``).

A place is never an endpoint when it only qualifies another noun: a possessor
in front of another place ("Gabon's capital Libreville"), a flag of registry
("a Panama-registered ship"), or a group of countries ("South Pacific island
countries").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ..gazetteer.names import SITE_NOUNS
from ..model import Role
from . import lexicon as lx
from .draft import Draft, RuleSet, Sentence
from .prep_roles import movement_role

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """The tokens of one place mention in a sentence (sentence-relative indices are doc indices)."""

    start: int
    end: int
    place_id: str


# Multi-word cues, read right to left from the place: "out of X", "away from X", "back to X".
_TWO_WORD_CUES: dict[tuple[str, str], str] = {
    ("out", "of"): "from",
    ("away", "from"): "from",
    ("back", "to"): "to",
    ("back", "into"): "into",
    ("home", "to"): "to",
    ("on", "to"): "to",
    ("onward", "to"): "to",
    ("onwards", "to"): "to",
    ("route", "to"): "to",
    ("way", "to"): "to",
    ("direct", "to"): "to",
    ("directly", "to"): "to",
    ("straight", "to"): "to",
    ("back", "towards"): "towards",
    ("down", "to"): "to",
    ("up", "to"): "to",
    ("ex", "-"): "from",
}

# Words that can stand inside the noun phrase between a cue and its place:
# "to the Omani port of Sohar", "from the Libyan harbour town of Zuwara".
_NP_POS = frozenset({"DET", "ADJ", "NUM", "PROPN", "NOUN", "PART", "ADV"})

# Words after a place that make it a modifier of something else, not an endpoint:
# "a Panama-registered vessel", "a Doha-based airline".
MODIFIER_SUFFIXES = frozenset(
    """registered flagged flag based made built owned backed led funded operated controlled linked
    allied aligned bred born""".split()
)

# Plural nouns that a place only qualifies: "South Pacific island countries", "EU nations".
GROUP_HEADS = frozenset(
    """countries nations states governments leaders officials ministers capitals economies members
    allies neighbours neighbors partners authorities forces""".split()
)

# Nouns whose "of" phrase names the place they are: "the port of Sohar", "the north of Idlib province".
CONTAINER_NOUNS = frozenset(
    """port ports city cities town towns village villages capital island islands province provinces region
    regions state states district districts county area areas coast republic territory kingdom emirate
    harbour harbor base airport west east north south centre center heart outskirts suburbs side part
    parts outskirt edge shores shore mouth""".split()
)


# Words between two list items: "to Peru, Chile and Bolivia".
_LIST_WORDS = frozenset({",", "and", "or", "&", "as", "well", "plus"})

# Words that mark the next item of a list as a later stop rather than another destination:
# "to Herat and further to Kandahar", "to Doha, then to Abu Dhabi".
SEQUENCE_WORDS = frozenset({"then", "later", "further", "onward", "onwards", "afterwards", "next", "thereafter"})

# Prepositions of circumstance: a place inside their phrase says nothing of the route ("despite
# objections from India", "amid protests in Kyiv", "during talks with Beijing").
CIRCUMSTANCE_PREPS = frozenset(
    "despite amid amidst about regarding concerning against like unlike because during following".split()
)

# Reporting verbs end the reach of a trigger: "flew to Doha, an official in Kabul said".
_CLAUSE_BREAKERS = frozenset({";", ":", "—", "–", "(", '"', "“", "”"})


def place_spans(sent: Span, context: Sentence) -> list[PlaceSpan]:
    spans: list[PlaceSpan] = []
    current: PlaceSpan | None = None
    for token in sent:
        place_id = context.place(token)
        if place_id is not None and current is not None and current.place_id == place_id and current.end == token.i:
            current = PlaceSpan(current.start, token.i + 1, place_id)
            spans[-1] = current
            continue
        if place_id is not None:
            current = PlaceSpan(token.i, token.i + 1, place_id)
            spans.append(current)
        else:
            current = None
    return spans


def is_qualifier(span: PlaceSpan, spans: list[PlaceSpan], doc: Span) -> bool:
    """A place that qualifies a noun rather than naming an endpoint."""
    tokens = doc.doc
    after = span.end
    if after + 1 < len(tokens) and tokens[after].text in {"-", "–"} and tokens[after + 1].lower_ in MODIFIER_SUFFIXES:
        return True
    if (
        after < len(tokens)
        and tokens[after].lower_ in MODIFIER_SUFFIXES
        and tokens[after].idx == tokens[after - 1].idx + len(tokens[after - 1].text)
    ):
        return True
    # "Gabon's capital Libreville", "the United States' air base in Germany": the possessor
    # is not the place meant when its noun phrase names another.
    if after < len(tokens) and tokens[after].tag_ == "POS":
        limit = min(len(tokens), after + 5)
        if any(s.start > after and s.start < limit for s in spans):
            return True
        head = tokens[span.start].head
        inside = {t.i for t in head.subtree}
        if any(s.start in inside and s.start >= after for s in spans):
            return True
    # "France's Africa policy", "the Gaza ceasefire": a place naming what a common noun is about.
    first = tokens[span.end - 1]
    if (
        first.dep_ in {"compound", "nmod"}
        and first.head.pos_ == "NOUN"
        and after <= first.head.i <= after + 2
        and all(tokens[j].pos_ in {"ADJ", "NOUN"} for j in range(after, first.head.i))
        and first.head.lower_ not in CONTAINER_NOUNS | SITE_NOUNS
    ):
        return True
    # "South Pacific island countries": a group the place qualifies.
    j = after
    while j < len(tokens) and j < after + 3 and tokens[j].pos_ in {"NOUN", "ADJ"}:
        if tokens[j].lower_ in GROUP_HEADS:
            return True
        j += 1
    return False


def bound_for(span: PlaceSpan, doc: Span) -> bool:
    """ "a Guwahati-bound flight": the place is the destination of the noun after it."""
    tokens = doc.doc
    after = span.end
    if after + 1 < len(tokens) and tokens[after].text in {"-", "–"} and tokens[after + 1].lower_ == "bound":
        return True
    return (
        after < len(tokens)
        and tokens[after].lower_ in {"-bound", "bound"}
        and tokens[after].idx == tokens[after - 1].idx + len(tokens[after - 1].text)
    )


@dataclass(frozen=True, slots=True)
class Cue:
    """What stands before a place: a preposition, the trigger itself (an object), or a list."""

    word: str
    list_of: PlaceSpan | None = None
    sequence: bool = False


def cue_before(span: PlaceSpan, spans: list[PlaceSpan], sent: Span, trigger: Token) -> Cue | None:
    """The cue of a place: the word before its noun phrase, or the list it continues."""
    doc = sent.doc
    i = span.start - 1
    saw_list_word = False
    sequence = False
    while i >= sent.start:
        token = doc[i]
        lower = token.lower_
        previous = next((s for s in spans if s.end == i + 1), None)
        if previous is not None and previous is not span:
            if saw_list_word:
                return Cue("list", previous, sequence)
            if token.tag_ == "POS" or (i + 1 < len(doc) and doc[i + 1].tag_ == "POS"):
                i = previous.start - 1  # "Poland's eastern border with Belarus": skip the possessor
                continue
            return None  # two places side by side with nothing between: not this trigger's
        if token.i == trigger.i:
            return Cue("obj")
        if lower in SEQUENCE_WORDS:
            sequence = True
            i -= 1
            continue
        if lower in _LIST_WORDS:
            saw_list_word = True
            i -= 1
            continue
        if token.pos_ in {"ADP", "SCONJ"} or lower in {"to", "towards", "toward", "via"}:
            if lower == "of" and i - 1 >= sent.start and doc[i - 1].lower_ in CONTAINER_NOUNS:
                i -= 1  # "the port of Sohar": "of" is inside the noun phrase
                continue
            if lower == "with" and i - 1 >= sent.start and doc[i - 1].lower_ in {"border", "frontier", "boundary"}:
                i -= 1  # "the border with Georgia"
                continue
            pair = (doc[i - 1].lower_, lower) if i - 1 >= sent.start else None
            later = sequence or _sequence_before(i, spans, sent, trigger)
            if pair in _TWO_WORD_CUES:
                return Cue(_TWO_WORD_CUES[pair], sequence=later)
            if saw_list_word:
                return None  # "visited Paris and in Berlin met ...": a new phrase, not a list
            return Cue(lower, sequence=later)
        if token.text in {"-", "–"} and i - 1 >= sent.start and doc[i - 1].lower_ == "ex":
            return Cue("from")
        if token.pos_ in _NP_POS or token.tag_ == "POS" or token.text in {"-", "–", "'", "’"}:
            i -= 1
            continue
        return None
    return None


def _stays_inside(token: Token, trigger: Token) -> bool:
    spec = lx.NOUN_TRIGGERS.get(token.lower_)
    return spec is not None and spec.frame is lx.Frame.STAY and token.head.i == trigger.i


def _sequence_before(i: int, spans: list[PlaceSpan], sent: Span, trigger: Token) -> bool:
    """ "to Lyon and onward by motorway to Turin": a sequence word since the last place."""
    doc = sent.doc
    j = i - 1
    while j > trigger.i and not any(s.start <= j < s.end for s in spans):
        if doc[j].lower_ in SEQUENCE_WORDS:
            return True
        j -= 1
    return False


def scope_end(trigger: Token, sent: Span, triggers: set[int]) -> int:
    """Where a trigger's reach ends to its right: the next trigger, clause or report.

    A noun of an event at a place inside the trigger's own phrase does not end
    it: "fled the fighting in Khartoum for Wad Madani".
    """
    doc = sent.doc
    for i in range(trigger.i + 1, sent.end):
        token = doc[i]
        if i in triggers and not _stays_inside(token, trigger):
            return i
        if token.text in _CLAUSE_BREAKERS:
            return i
        if token.lower_ in lx.CLAIM_VERBS and token.pos_ == "VERB":
            return i
        if (
            token.pos_ == "VERB"
            and token.dep_ in {"ROOT", "ccomp", "relcl", "advcl"}
            and token.lower_ not in lx.PARTICIPLE_CUES
        ):
            return i
        if token.lower_ in {"which", "who", "whom", "whose", "while", "whereas", "although", "because", "but"}:
            return i
    return sent.end


def fill_from_sequence(
    draft: Draft, context: Sentence, spans: list[PlaceSpan], claimed: set[int], triggers: set[int]
) -> list[PlaceSpan]:
    """Add the roles of the places in the trigger's reach that no parse claimed; returns those taken."""
    sent = context.sent
    rules = context.rules
    token = draft.trigger
    end = scope_end(token, sent, triggers) if rules.on("order.reach") else sent.end
    taken: list[PlaceSpan] = []
    roles: dict[int, Role] = {}
    for span in spans:
        if span.start in claimed:
            continue
        if rules.on("endpoint.qualifier") and is_qualifier(span, spans, sent):
            continue
        if rules.on("order.attached") and not _attached_here(span, draft, sent, triggers):
            continue
        role: Role | None = None
        rule, why = "", ""
        cue: Cue | None = None
        if draft.spec.noun and bound_for(span, sent) and span.end + 2 >= token.i and span.start < token.i:
            role, rule, why = Role.DESTINATION, "order.bound", "'-bound' before the trigger"
        elif token.i < span.start < end:
            cue = cue_before(span, spans, sent, token)
            if cue is None:
                continue
            if rules.on("order.apposition") and _describes_place_before(span, spans, sent, token):
                continue  # "arrived at Chabahar, India's gateway to Afghanistan"
            if cue.word == "list" and cue.list_of is not None:
                role = roles.get(cue.list_of.start) or _own_role(draft, cue.list_of.place_id)
                rule, why = "order.list", "in a list after the same cue"
            elif cue.word == "obj":
                # the place right after the trigger, by its own name ("visited Kyiv", "reached Busan")
                frame = draft.spec.frame
                role = Role.DESTINATION if frame is lx.Frame.ARRIVE else lx.object_role(frame, token.lower_, True)
                rule, why = "roles.object", f"object of '{token.text}' (word order)"
            else:
                role, rule = cue_role(cue.word, draft, rules)
                why = f"'{cue.word}' after '{token.text}' (word order)"
        elif (
            span.end <= token.i
            and cue_role("from", draft, rules)[0] is Role.ORIGIN
            and _fronted_from(span, sent, token, triggers)
        ):
            role, rule, why = Role.ORIGIN, "roles.prep", f"'from' at the head of the sentence of '{token.text}'"
        if role is None or not rule or not rules.on(rule):
            continue
        roles[span.start] = role
        draft.add_place(span.place_id, role, rule, why)
        if role is Role.DESTINATION and cue is not None and cue.sequence and rules.on("order.later-stop"):
            draft.then.add(span.place_id)
        taken.append(span)
    return taken


def _describes_place_before(span: PlaceSpan, spans: list[PlaceSpan], sent: Span, trigger: Token) -> bool:
    """ "arrived at Sohar, Muscat's outlet to the ocean": a description of the place before.

    The parser does not always mark the apposition. In the word order it is a
    place, a comma, and a noun phrase (no verb) leading to this place.
    """
    doc = sent.doc
    i = span.start - 1
    saw_noun = False
    while i > trigger.i:
        token = doc[i]
        if token.text == ",":
            before = next((s for s in spans if s.end == i), None)
            return before is not None and saw_noun
        if token.pos_ in {"VERB", "AUX", "SCONJ"} or token.lower_ in {"and", "or"}:
            return False
        if token.pos_ == "NOUN":
            saw_noun = True
        i -= 1
    return False


def _own_role(draft: Draft, place_id: str) -> Role | None:
    """The role the draft already gave a place (the list item before, taken from the parse)."""
    for place in draft.places:
        if place.place_id == place_id and place.role in {Role.ORIGIN, Role.DESTINATION, Role.VIA}:
            return place.role
    return None


def _attached_here(span: PlaceSpan, draft: Draft, sent: Span, triggers: set[int]) -> bool:
    """Whether the place may be the trigger's, though the parse hangs it elsewhere.

    The parser may hang "to Warsaw" on "from Lisbon" rather than on "flight",
    or "towards Iran" under the next verb; the word order still gives it to
    the trigger. But a place inside the reporter's noun phrase ("the police
    of the canton of Zurich said"), under another verb that stands between the
    trigger and the place ("a camp situated in South Kordofan", "poses no
    threat to the United States"), or in an apposition ("Sohar, Muscat's
    outlet to the ocean") is not the trigger's.
    """
    token = sent.doc[span.start]
    own = {draft.trigger.i, draft.carrier.i}
    current = token
    for _ in range(12):
        if current.dep_ == "appos" and current.i != token.i and _describes_a_place(current):
            return False
        if current.dep_ == "prep" and current.lower_ in CIRCUMSTANCE_PREPS:
            return False  # "docked at Hambantota despite objections from India"
        head = current.head
        if head.i == current.i or head.i in own:
            return True
        if head.pos_ in {"VERB", "AUX"} and head.lower_ not in lx.PARTICIPLE_CUES:
            if head.lower_ in lx.CLAIM_VERBS:
                return False
            return not (draft.trigger.i < head.i < token.i and head.i not in triggers)
        current = head
    return True


def _describes_a_place(appos: Token) -> bool:
    """An apposition to a place ("Sohar, Muscat's outlet to ..."), not to a person."""
    head = appos.head
    return head.ent_type_ in {"GPE", "LOC", "FAC"} or head.lower_ in CONTAINER_NOUNS


def _fronted_from(span: PlaceSpan, sent: Span, trigger: Token, triggers: set[int]) -> bool:
    """ "From Panama, they will travel on to Colombia": a fronted origin of the next trigger."""
    doc = sent.doc
    i = span.start - 1
    while i >= sent.start and doc[i].pos_ in {"DET", "ADJ"}:
        i -= 1
    if i < sent.start or doc[i].lower_ != "from":
        return False
    if i > sent.start and not (i == sent.start + 1 and doc[sent.start].pos_ in {"CCONJ", "ADV"}):
        return False  # only "From Panama, ..." at the start of the sentence
    between = range(span.end, trigger.i)
    return not any(j in triggers for j in between) and not any(doc[j].lower_ in lx.CLAIM_VERBS for j in between)


def cue_role(word: str, draft: Draft, rules: RuleSet) -> tuple[Role | None, str]:
    """The role a preposition gives a place after a trigger of this frame, and the rule that says so:
    the word-order side of the rules of :func:`.roles.prep_role`."""
    frame = draft.spec.frame
    if frame is lx.Frame.STAY:
        # "saw Kuwait's crown prince, Sheikh Mishal, in Kuwait City": where a meeting or a sighting took place
        return (Role.LOCATION if word in {"in", "at", "near", "off", "outside"} else None), "roles.prep"
    if frame is lx.Frame.INVITE:
        return None, ""
    role, rule = movement_role(word, draft, rules)
    return role, rule or ""


def mark_later_stops(draft: Draft, spans: list[PlaceSpan], context: Sentence) -> None:
    """ "to Egypt, then to Lebanon": destinations after a sequence word are later stops."""
    if not context.rules.on("order.later-stop"):
        return
    sent = context.sent
    doc = sent.doc
    destinations = set(draft.ids(Role.DESTINATION))
    ordered = [s for s in spans if s.place_id in destinations and s.start > draft.trigger.i]
    for before, after in pairwise(ordered):
        if any(doc[i].lower_ in SEQUENCE_WORDS for i in range(before.end, after.start)):
            draft.then.add(after.place_id)
