"""Small questions asked of the dependency parse, shared by the linking stages."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from . import lexicon as lx
from .draft import CLAUSE_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def entities(span: Span) -> list[Span]:
    """The entities inside ``span``, as ``span.ents`` gives them, from one sorted list per document.

    ``Span.ents`` (and ``Doc.ents``) build every entity of the document on each call, so asking
    for each sentence's made an article's linking grow with the square of its length. The list
    is built once, when the linking stages first ask: the entities are final by then."""
    doc = span.doc
    cached = doc._.geomap_entity_list
    if cached is None:
        ents = tuple(doc.ents)
        cached = (ents, [e.start for e in ents])
        doc._.geomap_entity_list = cached
    ents, starts = cached
    found = []
    for ent in ents[bisect.bisect_left(starts, span.start) :]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            found.append(ent)
    return found


def entity_at(token: Token) -> Span | None:
    """The entity a token belongs to (one lookup table per document, built once)."""
    table = token.doc._.geomap_entities
    if table is None:
        table = {t: ent for ent in token.doc.ents for t in range(ent.start, ent.end)}
        token.doc._.geomap_entities = table
    return table.get(token.i)  # type: ignore[no-any-return]


def in_lead(token: Token) -> bool:
    return token.i in (token.doc._.geomap_lead or ())


def antecedent(pronoun: Token) -> Token | None:
    """ "Sudan said it had received ...": the reporting verb's subject is what "it" stands for.
    Not when the report comes after ("They will leave on Monday, officials said"): the pronoun
    refers back beyond the sentence, not to whoever reports."""
    if pronoun.pos_ != "PRON" or pronoun.lower_ not in {"it", "they", "we"}:
        return None
    for head in governors(pronoun.head)[:2]:
        if head.lower_ in lx.CLAIM_VERBS:
            subject = subject_of(head)
            return subject if subject is not None and subject.i < pronoun.i else None
    return None


def conjuncts(token: Token) -> list[Token]:
    result: list[Token] = []
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        current = stack.pop(0)
        result.append(current)
        stack.extend(c for c in current.children if c.dep_ == "conj")
    return result


# Prepositions whose clause shares the subject of the verb it hangs from: "before returning", "after leaving".
TEMPORAL_PREPS = frozenset({"before", "after", "upon", "on", "while", "since", "until"})


# Verbs whose infinitive's subject is their own subject, not their object: "promised Kyiv to send".
SUBJECT_CONTROL = frozenset(lx.inflect("promise") | lx.inflect("vow") | lx.inflect("pledge") | lx.inflect("threaten"))


def subject_of(verb: Token) -> Token | None:
    """Who does what ``verb`` says: its subject, or the subject of the clause it belongs to.

    The infinitive of a verb with an object is done by that object ("urged the president to
    travel", "asked the ship to leave"), unless the verb promises ("promised Kyiv to send")."""
    for _ in range(4):
        if verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            head = verb.head
            controller = next((c for c in head.children if c.dep_ in {"dobj", "obj"} and c.i < verb.i), None)
            if controller is None:  # "called on the government to send"
                controller = next(
                    (
                        o
                        for c in head.children
                        if c.dep_ == "prep" and c.lower_ == "on" and c.i < verb.i
                        for o in c.children
                        if o.dep_ == "pobj"
                    ),
                    None,
                )
            if controller is not None and head.lower_ not in SUBJECT_CONTROL:
                return controller
        for child in verb.children:
            if child.dep_ in {"nsubj", "csubj"}:
                if in_lead(child):
                    # "SEOUL, Oct 19 (Reuters) - Russian Foreign Minister Sergei Lavrov thanked":
                    # the parser makes the dateline the subject and the real one its apposition.
                    return next((t for t in child.subtree if t.dep_ == "appos" and not in_lead(t)), None)
                return child
        for child in verb.children:
            if child.dep_ == "nsubjpass" and verb.lower_ not in lx.VERB_TRIGGERS:
                return child
        if verb.dep_ in {"xcomp", "advcl", "conj", "acl", "acomp"} and verb.head.i != verb.i:
            verb = verb.head  # "is due to meet": through "due" to the subject of "is"
            continue
        if verb.dep_ == "pcomp" and verb.head.lower_ in TEMPORAL_PREPS and verb.head.head.pos_ in {"VERB", "AUX"}:
            verb = verb.head.head  # "on the ground for 90 minutes before returning": the subject of "be"
            continue
        break
    return None


def governors(token: Token) -> list[Token]:
    """The verbs a clause hangs from, nearest first."""
    chain: list[Token] = []
    current = token
    for _ in range(6):
        if current.head.i == current.i:
            break
        if current.dep_ in CLAUSE_DEPS | {"pobj", "prep", "dobj", "nsubjpass", "nsubj"}:
            current = current.head
            if current.pos_ in {"VERB", "AUX"} or current.lower_ in lx.DENY_VERBS:
                chain.append(current)
        else:
            current = current.head
    return chain


def np_text(token: Token | None) -> str | None:
    if token is None:
        return None
    tokens = [t for t in token.subtree if t.dep_ not in {"relcl", "punct"} and not t.is_space]
    if not tokens:
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    text = token.doc[start:end].text
    return re.sub(r"^(?:the|The|a|A)\s+", "", text)[:80]


def passive(verb: Token) -> bool:
    """A passive verb, or a participle coordinated with one ("were rescued and taken to ...")."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return True
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.i != verb.i and passive(verb.head)


def bounded_journey(noun: Token) -> bool:
    """ "began his European trip in France", "the tour ends in Hanoi": a journey noun that a verb
    opens or closes, so that "in" on that verb names a stop of the journey."""
    return noun.dep_ in {"dobj", "nsubj", "nsubjpass"} and noun.head.lower_ in lx.JOURNEY_BOUNDS
