"""What moved, how and how many: cargo, event type, mode of transport, counts and durations."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Mode
from ..number_words import CARDINALS
from . import lexicon as lx
from .draft import GOODS, OBJECT_DEPS, SUBJECT_DEPS, Draft, Sentence
from .syntax import governors, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NUMBER_WORDS = {
    **CARDINALS,
    "dozen": 12,
    "dozens": 24,
    "several": 3,
    "multiple": 2,
    "twenty": 20,
    "thirty": 30,
    "hundred": 100,
    "hundreds": 200,
}


def _mover(draft: Draft) -> Token | None:
    """What moves: the subject, the passive subject of a motion verb, or that of the verb it hangs from."""
    subject = subject_of(draft.carrier)
    if subject is not None:
        return subject
    if draft.spec.frame in {lx.Frame.MOTION, lx.Frame.ARRIVE, lx.Frame.DEPART, lx.Frame.VISIT}:
        for head in [draft.carrier, *governors(draft.carrier)[:1]]:
            passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
    return None


def set_cargo(draft: Draft, context: Sentence) -> None:
    """What is carried, when it is goods: "shipped grain", "a shipment of weapons", "a tanker carrying oil"."""
    token = draft.trigger
    phrases: list[Token] = []
    if draft.spec.noun:
        phrases.extend(c for c in token.children if c.dep_ == "compound" and c.lower_ in lx.CARGO)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                phrases.extend(c for c in child.children if c.dep_ == "pobj")
    else:
        for child in token.children:
            if child.dep_ in {"dobj", "nsubjpass"} and context.place(child) is None:
                phrases.append(child)
            if child.dep_ == "prep" and child.lower_ == "with":
                for obj in child.children:
                    phrases.append(obj)
                    for inner in obj.children:
                        if inner.dep_ == "prep" and inner.lower_ == "of":
                            phrases.extend(c for c in inner.children if c.dep_ == "pobj")
    words = [t for p in phrases for t in p.subtree if not t.is_punct]
    subject = _mover(draft)
    subject_words = {t.lower_ for t in subject.subtree} if subject is not None else set()
    if subject is not None:
        # "a tanker carrying Russian oil sailed ...": what a vessel carries is the cargo
        for child in subject.children:
            if child.dep_ in {"acl", "relcl"} and child.lower_ in {"carrying", "loaded", "laden", "transporting"}:
                words.extend(t for t in child.subtree if not t.is_punct)
    if draft.type in GOODS or subject_words & lx.VESSELS:
        cargo_words = [t.text for t in words if t.lower_ in lx.CARGO - lx.TROOPS - lx.PEOPLE_MOVING]
        if cargo_words:
            draft.cargo = cargo_words[-1].lower()


def mode_of(draft: Draft) -> Mode:
    if draft.mode is not Mode.UNKNOWN:
        return draft.mode
    words: list[str] = [draft.trigger.lower_]
    mover = None if draft.spec.noun else _mover(draft)
    if mover is not None:
        words.extend(t.lower_ for t in mover.subtree)
    heads = {draft.trigger} if draft.spec.noun else {draft.trigger, draft.carrier}
    for head in heads:
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"prep", "agent", "acl", "relcl", "compound", "amod"}:
                words.extend(t.lower_ for t in child.subtree)
    for word in words:
        for mode, vocabulary in lx.MODE_WORDS.items():
            if word in vocabulary:
                return mode
    return Mode.UNKNOWN


def count_of(noun: Token) -> int | None:
    """ "at least six trips" -> 6; "two shipments" -> 2."""
    if not noun.lower_.endswith("s"):
        return None
    for child in noun.children:
        if child.dep_ == "nummod":
            return number_of(child.text)
    return None


def times_of(verb: Token) -> int | None:
    """ "visited Seoul three times" -> 3."""
    for child in verb.children:
        if child.lower_ in {"times", "twice"}:
            if child.lower_ == "twice":
                return 2
            for inner in child.children:
                if inner.dep_ == "nummod":
                    return number_of(inner.text)
    return None


def number_of(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def duration_of(token: Token, sent: Span) -> int | None:
    """ "a two-day visit" -> 2."""
    doc = token.doc
    window = doc[max(token.i - 4, sent.start) : token.i].text.lower()
    match = re.search(r"(\w+)[\s-]+day\b", window)
    if match:
        return number_of(match.group(1))
    return None
