"""Which words of a sentence report an event, and in which sense.

A word is a trigger when the lexicon lists it with the right part of speech,
and when its sense is the one that reports an event: "touched down" but not
"touched on", "set off" but not "set up", "headed for Doha" but not "headed
by a colonel", "the flight to Doha" but not "the Tina crossing" (a place) or
"a cargo ship" (a modifier), and never a visit "via video".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import EventType
from . import lexicon as lx
from .draft import RuleSet
from .movers import tagged_subject
from .syntax import in_lead

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Participles of motion the tagger may call adjectives: "the ship was bound for Izmail".
PARTICIPLES = frozenset({"bound", "headed", "destined", "docked", "moored", "anchored", "stationed", "deployed"})

# Nouns that name a place when a name or "border" stands before them: "the Tina crossing", "the border crossing".
PLACE_LIKE_NOUNS = frozenset({"crossing", "crossings", "passage", "transit", "landing"})

_NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "compound", "conj", "appos", "attr"})


def sentence_triggers(sent: Span, rules: RuleSet) -> list[tuple[Token, lx.Trigger]]:
    """The sentence's triggers in text order, with their lexicon entries."""
    found = []
    for token in sent:
        if in_lead(token):
            continue
        spec = trigger_of(token, rules)
        if spec is not None and not (rules.on("trigger.virtual") and _virtual(token)):
            found.append((token, spec))
    return found


def trigger_of(token: Token, rules: RuleSet) -> lx.Trigger | None:
    """The lexicon entry of a token in the sense it has here, or None."""
    lower = token.lower_
    nominal = token.dep_ in _NOMINAL_DEPS or token.pos_ in {"NOUN", "PROPN"}
    vehicle_on_a_route = rules.on("trigger.vehicle-route")
    if (
        vehicle_on_a_route
        and lower in lx.VEHICLE_NOUNS
        and token.head.lower_ == "home"
        and token.dep_ in {"compound", "amod", "nmod"}
    ):
        return VEHICLE_ON_A_ROUTE  # "on a plane home from Oman"
    if (
        rules.on("trigger.modifier")
        and token.dep_ in {"compound", "amod", "nmod"}
        and token.head.pos_ in {"NOUN", "PROPN"}
        and token.tag_ not in FINITE
        and not _gerund_after_a_verb(token)
    ):
        return None  # "cargo ship", "trade talks delegation": a modifier, not an event
    if lower in _DESCEND and rules.on("trigger.step-off"):
        # "descended from the aircraft at Ciampino": getting off a vehicle is arriving
        off_a_vehicle = any(
            c.dep_ in {"prep", "prt"}
            and c.lower_ in {"from", "off", "down"}
            and any(o.lower_ in lx.VEHICLE_NOUNS for o in [*c.children, *token.children])
            for c in token.children
        )
        return lx.Trigger(EventType.TRIP, lx.Frame.ARRIVE) if off_a_vehicle else None
    if lower in lx.STOP_VERBS and token.pos_ in {"VERB", "AUX"} and rules.on("trigger.port-call"):
        particle, prepositions = lx.STOP_VERBS[lower]
        if (particle is None or any(c.dep_ == "prt" and c.lower_ == particle for c in token.children)) and (
            _stop_at_a_place(token, prepositions)
        ):
            return lx.PORT_CALL  # "called at Apia", "stopped in Manila", "put in at Valletta"
    if (
        lower in lx.STOP_NOUNS
        and token.pos_ == "NOUN"
        and rules.on("trigger.port-call")
        and _stop_at_a_place(token, frozenset({"at", "in"}))
        and (lower.startswith("stop") or any(c.lower_ == "port" for c in token.children))
    ):
        return STOP_AT  # "a port call in Colombo", "a brief stop in Doha"
    if lower in _ORDER and token.pos_ == "VERB" and rules.on("trigger.ordered-to") and _ordered_to_a_place(token):
        return ORDERED_TO  # "the Pentagon ordered 3,000 troops to Poland", "paratroopers were ordered there"
    if lower in _TURN and rules.on("trigger.turned-away") and turned_away(token):
        return TURNED_AWAY  # "the migrants were turned away at the Ceuta border": refused at a place
    if lower == "due" and token.pos_ == "ADJ" and rules.on("trigger.due-in") and _stop_at_a_place(token, _DUE_AT):
        return lx.PORT_CALL  # "Lula is due in Abu Dhabi on Saturday": an arrival still to come
    if lower in {"route", "way"} and token.pos_ == "NOUN" and rules.on("trigger.en-route") and _on_the_way(token):
        return ON_THE_WAY  # "en route from Delhi to London", "on its way from Odesa to Haifa"
    if lower in lx.PARTICLE_VERBS and token.pos_ in {"VERB", "AUX"} and rules.on("trigger.particle"):
        particles, spec = lx.PARTICLE_VERBS[lower]
        if _particle(token) & particles:
            return spec
        if lower not in lx.VERB_TRIGGERS or lower in lx.inflect("touch") or lower in lx.inflect("splash"):
            return None
    if (
        lower in lx.VERB_TRIGGERS
        and lower not in lx.NOUN_TRIGGERS
        and token.pos_ == "NOUN"
        and rules.on("trigger.verb-tagged-noun")
        and _verb_tagged_noun(token)
    ):
        return lx.VERB_TRIGGERS[lower]  # "The frigate sails for Naples": the verb tagged a noun
    if lower in lx.NOUN_TRIGGERS and nominal and token.tag_ != "VBG":
        if lower in {"return", "stay", "travel"} and token.pos_ == "VERB":
            return lx.VERB_TRIGGERS.get(lower)
        if (
            lower in PLACE_LIKE_NOUNS
            and rules.on("trigger.named-crossing")
            and (_names_a_place(token) or _is_located_at(token))
        ):
            return None
        return lx.NOUN_TRIGGERS[lower]
    if lower in lx.VERB_TRIGGERS and (token.pos_ in {"VERB", "AUX"} or (lower in PARTICIPLES and token.pos_ == "ADJ")):
        if lower in lx.inflect("head") and any(c.dep_ == "agent" for c in token.children):
            return None  # "a group headed by a colonel"
        return lx.VERB_TRIGGERS[lower]
    if token.pos_ == "NOUN" and lower.endswith("s") and lower[:-1] in lx.NOUN_TRIGGERS:
        return lx.NOUN_TRIGGERS[lower[:-1]]
    if vehicle_on_a_route and lower in lx.VEHICLE_NOUNS and token.pos_ == "NOUN" and _has_route(token):
        return VEHICLE_ON_A_ROUTE  # "the night bus from Porto to Vigo", "a plane home from Oman"
    return None


def _verb_tagged_noun(token: Token) -> bool:
    """ "The frigate sails for Naples", "the convoy heads to Kherson": a verb of the third person
    the tagger took for a plural noun and made the sentence's root (with the subject as its
    compound), with a phrase "to" (or "for", "towards") naming a place; not "the heads of state",
    "sent supplies to Qatar"."""
    children = list(token.children)
    if token.dep_ != "ROOT" or not token.lower_.endswith("s") or any(c.dep_ in {"poss", "nummod"} for c in children):
        return False  # "sent supplies to Qatar": a noun where the sentence has its verb
    if any(c.dep_ in {"det", "amod"} for c in children) and tagged_subject(token) is None:
        return False
    return any(
        c.dep_ == "prep" and c.lower_ in {"to", "for", "towards", "toward", "into"} and _names_a_place_below(c)
        for c in token.children
    )


def _names_a_place_below(prep: Token) -> bool:
    return any(t.dep_ == "pobj" and t.pos_ == "PROPN" for t in prep.children)


# A stop named with a noun: a visit to the place ("a port call in Colombo").
STOP_AT = lx.Trigger(EventType.VISIT, lx.Frame.VISIT, noun=True)


def _stop_at_a_place(token: Token, prepositions: frozenset[str]) -> bool:
    """The verb or noun of a stop has a phrase with one of ``prepositions`` and a proper noun in it,
    and (a verb) no object of its own: "stopped in Manila", not "stopped the convoy in Manila"."""
    if any(c.dep_ in {"dobj", "obj"} for c in token.children):
        return False
    for child in token.children:
        words = [child] if child.dep_ == "prep" else [c for c in child.children if c.dep_ == "prep"]
        if child.dep_ == "prt" or child.dep_ == "prep":
            for prep in words:
                if prep.lower_ in prepositions and any(t.pos_ == "PROPN" for t in prep.subtree):
                    return True
    return False


# Verbs of command that send what they command where their "to" phrase says.
_ORDER = frozenset(lx.inflect("order"))
ORDERED_TO = lx.Trigger(EventType.SHIPMENT, lx.Frame.SEND)


def _ordered_to_a_place(token: Token) -> bool:
    """ "ordered 3,000 troops to Poland", "were ordered there": an object (or a passive subject)
    sent to a named place; not "ordered them to leave" (an infinitive) nor "ordered an inquiry"."""
    commanded = any(c.dep_ in {"dobj", "nsubjpass"} for c in token.children)
    to_a_place = any(
        (c.dep_ == "prep" and c.lower_ in {"to", "into"} and any(t.pos_ == "PROPN" for t in c.subtree))
        or (c.dep_ == "advmod" and c.lower_ in {"there", "home"})
        for c in token.children
    )
    return commanded and to_a_place


_DUE_AT = frozenset({"in", "at"})
_TURN = frozenset(lx.inflect("turn"))
# An arrival refused: its status is denied (status.py).
TURNED_AWAY = lx.Trigger(EventType.TRIP, lx.Frame.ARRIVE)


def turned_away(token: Token) -> bool:
    """ "turned away at the border", "were turned away from Ceuta": refused entry."""
    return token.lower_ in _TURN and any(c.dep_ in {"prt", "advmod"} and c.lower_ == "away" for c in token.children)


# A movement under way: "en route from Delhi to London", "on its way to Haifa".
ON_THE_WAY = lx.Trigger(EventType.TRIP, lx.Frame.MOTION, noun=True)


def on_the_way(token: Token) -> bool:
    """ "route" of "en route", "way" of "on its way", with a place phrase of its own."""
    return token.lower_ in {"route", "way"} and token.head.lower_ in {"en", "on"} and _on_the_way(token)


def _on_the_way(token: Token) -> bool:
    if token.head.lower_ not in {"en", "on"} or token.dep_ != "pobj":
        return False
    return any(c.dep_ == "prep" and c.lower_ in {"from", "to", "towards", "toward"} for c in token.children)


def _gerund_after_a_verb(token: Token) -> bool:
    """ "denied moving troops", "accused of sending arms": a gerund the parser made a modifier of its
    object is still the verb, when a verb or a preposition stands right before it."""
    if token.tag_ != "VBG" or token.i == 0 or token.head.i != token.i + 1:
        return False
    before = token.doc[token.i - 1]
    return before.pos_ in {"VERB", "AUX"} or (before.pos_ in {"ADP", "SCONJ"} and before.lower_ != "the")


# Finite verb tags: a verb the parser hangs under a noun is still a verb ("The Nora headed west").
FINITE = frozenset({"VBD", "VBZ", "VBP"})

_DESCEND = frozenset(lx.inflect("descend") | lx.inflect("step") | lx.inflect("climb"))

# A vehicle noun with a route of its own reports a movement; what moves decides its type.
VEHICLE_ON_A_ROUTE = lx.Trigger(EventType.TRIP, lx.Frame.MOTION, noun=True)


def _has_route(noun: Token) -> bool:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"to", "from", "for", "into", "towards", "toward", "between"}:
            return True
        if child.lower_ == "home" and child.dep_ in {"advmod", "npadvmod", "amod", "compound"}:
            return True
        if child.dep_ in {"amod", "compound"} and child.lower_.endswith("-bound"):
            return True
    return False


def _particle(token: Token) -> set[str]:
    words = {c.lower_ for c in token.children if c.dep_ in {"prt", "dobj", "advmod"}}
    doc = token.doc
    if token.i + 1 < len(doc):
        words.add(doc[token.i + 1].lower_)
    return words


def _names_a_place(token: Token) -> bool:
    """ "the Adre crossing", "the Torkham border crossing": a place, not an event."""
    return any(
        c.dep_ in {"compound", "nmod", "amod"} and (c.pos_ == "PROPN" or c.lower_ in {"border", "frontier"})
        for c in token.children
    )


def _is_located_at(token: Token) -> bool:
    """ "lines at several checkpoints into Armenia", "through several crossings": the crossings are
    where, or the way, not what happened."""
    return token.dep_ == "pobj" and token.head.lower_ in {"at", "near", "outside", "around", "through", "via"}


def _virtual(token: Token) -> bool:
    """ "will visit Micronesia via video", "a virtual tour": not a movement."""
    for child in token.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in {"via", "by", "over", "through"}
            and any(c.lower_ in lx.VIRTUAL_WORDS for c in child.children if c.dep_ == "pobj")
        ):
            return True
        if child.lower_ in {"virtually", "remotely", "online", "virtual"}:
            return True
    doc = token.doc
    for i in range(token.i + 1, min(len(doc), token.i + 15)):
        word = doc[i].lower_
        if word in {",", ";", ".", ":"} or (word == "and" and i + 1 < len(doc) and doc[i + 1].pos_ == "VERB"):
            return False
        if word in {"via", "by", "over"} and i + 1 < len(doc) and doc[i + 1].lower_ in lx.VIRTUAL_WORDS:
            return True
    return False
