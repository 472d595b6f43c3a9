"""Whether an event happened, is planned, alleged, denied or only hypothetical.

The rules, in the order they are tried:

- **denied**: a negation on the trigger ("did not send"), a denial above it
  ("denied that ... sent"), or a verb of failure ("failed to reach", "the
  flight was cancelled", "forced to abandon its landing", "ruled out
  sending"). "Did not arrive until March" is not a denial.
- **hypothetical**: a condition ("if", "unless", "whether"), a modal of
  possibility ("could be returned"), or a word of possibility ("a potential
  transfer", "the choice of being moved").
- **planned**: a future ("will", "would"), an infinitive under a verb or
  noun of plans ("is expected to arrive", "is due to leave", "tried to
  cross", "Brazil's promise to ship"), "was to be shipped", or a modifier
  ("the upcoming visit"). A date after the article's is planned too (see
  :func:`geomap.events.link`).
- **alleged**: a hedge before the verb ("reportedly shipped"), an accusation
  above it ("newspapers claimed that ..."), or an arms delivery or attack that
  one party reports about others ("Iran supplied drones to Russia, U.S.
  officials said").
- otherwise **happened**: what a news agency, a ministry or a coast guard
  reports ("the ministry said the ship arrived") is a reported fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Place, Status
from . import lexicon as lx
from .draft import OBJECT_DEPS, SUBJECT_DEPS, Draft, RuleSet, Sentence
from .syntax import TEMPORAL_PREPS, governors, np_text, subject_of
from .triggers import turned_away

if TYPE_CHECKING:
    from spacy.tokens import Token


def event_status(draft: Draft, places: dict[str, Place], context: Sentence) -> tuple[Status, str | None]:
    """The event's status and who reported (or denied) it, where the text says."""
    rules = context.rules
    token, carrier = draft.trigger, draft.carrier
    verbs = [carrier] if carrier is token else [token, carrier]
    chain = governors(carrier)
    shared = _shared_verb(carrier) if rules.on("status.shared-mood") else None
    if shared is not None:
        # "was to be sent to Mersin, then trucked to Adana": the second verb shares the first's mood
        verbs.append(shared)
        chain = governors(shared)
    if rules.on("trigger.turned-away") and turned_away(token):
        return Status.DENIED, None  # "turned away at the Ceuta border": never got in
    denied = _denied(verbs, chain, rules, carrier if carrier is not token else None)
    if denied is not None:
        return Status.DENIED, denied or None
    if rules.on("status.intercepted") and _intercepted(draft):
        return Status.DENIED, None
    if _hypothetical(draft, verbs, chain, rules):
        return Status.HYPOTHETICAL, None
    if _planned(draft, chain, rules):
        return Status.PLANNED, None
    if rules.on("status.postponed") and carrier.lower_ in lx.POSTPONE_VERBS and carrier is not token:
        return Status.PLANNED, None  # "the trip, postponed last month": still to come
    # "possibly related to the transfer", "reportedly shipped": a hedge before the verb.
    if (
        rules.on("status.hedge")
        and any(
            c.lower_ in lx.HEDGES and c.dep_ in {"advmod", "aux", "amod"} and c.i < v.i
            for v in verbs
            for c in v.children
        )
        and not (draft.spec.noun and token.dep_ in SUBJECT_DEPS)
    ):
        return Status.ALLEGED, None
    for head in _claim_scope(carrier, chain)[:4] if rules.on("status.accusation") else ():
        if head.lower_ in lx.ACCUSATION_VERBS:
            return Status.ALLEGED, np_text(subject_of(head))
        if head.lower_ in lx.ALLEGATION_NOUNS:
            return Status.ALLEGED, None
    # "The White House said North Korea provided Russia with weapons": a report, which stays a
    # report (alleged only where it hedges, held-out news, class 5); a denial of it in a later sentence
    # makes it alleged (denials.attach). Only the reported clause's own predicate counts, not
    # events in its subject or relative clauses.
    clause = carrier.head if carrier.dep_ == "conj" else carrier
    reported = clause.dep_ in {"ccomp", "xcomp"} and clause.head.lower_ in lx.CLAIM_VERBS
    # "... related to the transfer of munitions, CSIS said": the report may hang below the clause
    trailing = [
        c for c in clause.children if c.lower_ in lx.CLAIM_VERBS and c.dep_ in {"ccomp", "parataxis", "conj", "advcl"}
    ]
    for head in [clause.head] if reported else trailing[:1]:
        return Status.HAPPENED, np_text(subject_of(head))
    return Status.HAPPENED, None


def _shared_verb(verb: Token) -> Token | None:
    """The verb whose mood this one shares, when it has no auxiliary or subject of its own: the
    first of a coordination ("shipped ... and transported", "shipped ..., then transported") or
    the verb a time clause hangs from ("is expected to stay an hour before returning")."""
    if any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass", "neg"} for c in verb.children):
        return None
    sequence = verb.dep_ == "advcl" and any(c.lower_ == "then" for c in verb.children)
    if (verb.dep_ == "conj" or sequence) and verb.head.pos_ in {"VERB", "AUX"}:
        return verb.head
    if verb.pos_ == "NOUN" and verb.dep_ in {"appos", "npadvmod"} and verb.head.pos_ == "VERB":
        return verb.head  # "will travel to Beijing next month, his first visit to China": the same trip
    if verb.dep_ == "pcomp" and verb.head.lower_ in TEMPORAL_PREPS:
        head = verb.head.head
        for _ in range(3):  # "meet the king in Rabat on Monday before seeing ...": up to the verb
            if head.pos_ in {"VERB", "AUX"}:
                return head
            if head.head.i == head.i:
                break
            head = head.head
    return None


def _claim_scope(verb: Token, chain: list[Token]) -> list[Token]:
    """The verbs above an event up to a relative clause: "officials suspect Cuba approved it over an
    incident in which a submarine docked at Guantanamo" does not make the docking a suspicion."""
    scope: list[Token] = []
    current = verb
    for head in chain:
        if any(t.dep_ == "relcl" for t in _path_up(current, head)):
            break
        scope.append(head)
        current = head
    return scope


def _path_up(token: Token, top: Token) -> list[Token]:
    path = [token]
    while path[-1].i != top.i and path[-1].head.i != path[-1].i and len(path) < 12:
        path.append(path[-1].head)
    return path[:-1]


def _denied(verbs: list[Token], chain: list[Token], rules: RuleSet, light: Token | None) -> str | None:
    """Who denied it ("" when only the text says it did not happen), or None. ``light`` is the verb
    that carries a noun trigger ("cancelled" of "the flight was cancelled")."""
    for verb in verbs:
        negated = any(c.dep_ == "neg" or (c.lower_ in lx.NEGATIONS and c.dep_ in {"neg", "det"}) for c in verb.children)
        if negated and rules.on("status.negation") and not any(c.lower_ in {"until", "till"} for c in verb.subtree):
            return ""
        if rules.on("status.failure") and verb is light and _failure(verb):
            return ""  # "the flight was cancelled"; not the trigger itself: "abandoned Kherson" left it
    for head in chain[:3]:
        if head.lower_ in lx.DENY_VERBS and rules.on("status.denial"):
            return np_text(subject_of(head)) or ""
        if rules.on("status.failure") and _failure(head) and _complement_of(verbs[-1], head):
            return ""
    return None


def _intercepted(draft: Draft) -> bool:
    """A movement under way whose mover was stopped: "seized a dhow carrying arms bound for Yemen",
    "intercepted 300 migrants trying to reach Italy", "stopped a truck carrying migrants to Vienna"."""
    current = draft.carrier
    under_way = draft.in_progress or current.lower_ in lx.UNDER_WAY
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return False
        if current.dep_ not in {"acl", "xcomp", "advcl", "dobj", "pobj", "nsubjpass", "prep", "relcl"}:
            return False
        if head.lower_ in lx.UNDER_WAY:
            under_way = True
        if head.pos_ == "VERB" and head.lower_ in lx.INTERCEPT_VERBS:
            return under_way
        current = head
    return False


def _complement_of(verb: Token, head: Token) -> bool:
    """Whether ``verb``'s clause is what ``head`` is about ("failed to reach", "stopped the ship from
    docking", "refused permission to dock"), not a clause of time or reason beside it ("before
    arriving in Hanoi, he stopped in Manila")."""
    current = verb
    for _ in range(8):
        if current.i == head.i or current.head.i == current.i:
            return current.i == head.i
        if current.dep_ in {"advcl", "relcl", "conj", "parataxis"}:
            return False
        if current.dep_ in {"pcomp", "pobj"} and current.head.lower_ in TEMPORAL_PREPS | {"because"}:
            return False
        current = current.head
    return False


def _failure(verb: Token) -> bool:
    word = verb.lower_
    if word not in lx.FAILURE_VERBS:
        return False
    particle = lx.FAILURE_PARTICLES.get(word)
    return particle is None or any(c.lower_ == particle for c in verb.children)


def _hypothetical(draft: Draft, verbs: list[Token], chain: list[Token], rules: RuleSet) -> bool:
    carrier, token = draft.carrier, draft.trigger
    if rules.on("status.demand") and _demanded(carrier, chain):
        return True
    if rules.on("status.condition") and any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for v in [carrier, *chain[:2]] for c in v.children
    ):
        return True
    if not rules.on("status.possibility"):
        return False
    for verb in verbs:
        modals = [c for c in verb.children if c.dep_ == "aux" and c.lower_ in lx.POSSIBILITY_MODALS]
        perfect = any(c.dep_ == "aux" and c.lower_ == "have" for c in verb.children)
        purpose = any(c.dep_ == "mark" and c.lower_ in {"so", "that"} for c in verb.children)
        if modals and not perfect and not purpose:
            return True
    words = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound", "det"}}
    if words & lx.POSSIBILITY_WORDS:
        return True
    # "the choice of being moved to a shelter in Bulgaria"
    head = carrier
    for _ in range(3):
        if head.dep_ in {"pcomp", "pobj", "acl"} and head.head.lower_ == "of":
            head = head.head
            continue
        if head.lower_ == "of":
            # "the option of being moved", "the possible prospect of a transfer"
            noun = head.head
            return noun.lower_ in lx.POSSIBILITY_WORDS or any(
                c.dep_ in {"amod", "compound"} and c.lower_ in lx.POSSIBILITY_WORDS for c in noun.children
            )
        break
    return False


def _demanded(verb: Token, chain: list[Token]) -> bool:
    """Called for, not done: the clause under a verb of demand ("urged X to travel", "called on X to
    send", "demanded that the troops be brought home", "appealed for the ship to be allowed to dock")."""
    current = verb
    for head in chain[:3]:
        if current.dep_ not in {"xcomp", "ccomp", "advcl", "conj"} and not (
            current.dep_ == "xcomp" or any(c.dep_ == "mark" for c in current.children)
        ):
            return False
        word = head.lower_
        if word in lx.DEMAND_VERBS:
            particles = lx.DEMAND_PARTICLES.get(word)
            return particles is None or any(c.lower_ in particles for c in head.children)
        current = head
    return False


def _planned(draft: Draft, chain: list[Token], rules: RuleSet) -> bool:
    token, carrier = draft.trigger, draft.carrier
    if rules.on("status.shared-mood"):
        carrier = _shared_verb(carrier) or carrier
    future = any(c.dep_ == "aux" and c.lower_ in lx.FUTURE_AUX for c in carrier.children)
    if (
        future
        and rules.on("status.future")
        and not (draft.spec.noun and token.dep_ in SUBJECT_DEPS and carrier.lower_ not in lx.LIGHT_VERBS)
    ):
        return True
    # "so they can carry on north": a purpose
    if rules.on("status.purpose") and any(c.dep_ == "mark" and c.lower_ in {"so"} for c in carrier.children):
        return True
    if rules.on("status.plan-verb") and _under_a_plan(carrier, token, chain):
        return True
    if draft.spec.noun and rules.on("status.plan-noun") and _planned_noun(token, carrier):
        return True
    if rules.on("status.plan-noun") and _plan_stated_around(carrier, carrier.head):
        return True
    return (
        rules.on("status.plan-noun")
        and carrier.dep_ in {"acl", "relcl", "xcomp"}
        and any(head.lower_ in lx.PLAN_CONTEXT_NOUNS for head in chain[:2])
    )


def _under_a_plan(carrier: Token, token: Token, chain: list[Token]) -> bool:
    """ "plans to visit", "is expected to arrive", "is due to leave", "is due in Rome", "was to be shipped"."""
    if token.lower_ == "due":
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in carrier.children)
    if infinitive:
        head = carrier.head
        if carrier.dep_ in {"xcomp", "ccomp", "advcl"} and (
            head.lower_ in lx.PLAN_VERBS
            or any(c.lower_ in lx.PLAN_VERBS for c in head.children if c.dep_ in {"acomp", "attr"})
        ):
            return True
        # "was to be shipped": "be" with an infinitive of the future
        if carrier.dep_ == "xcomp" and head.lower_ in {"was", "were", "is", "are", "be"}:
            return True
        if carrier.dep_ in {"acl", "relcl"} and (head.lower_ in lx.PLAN_CONTEXT_NOUNS or head.lower_ in lx.PLAN_VERBS):
            return True  # "Brazil's promise to ship", "the first plane due to leave"
        if carrier.dep_ == "xcomp" and head.dep_ == "amod" and head.lower_ in lx.PLAN_VERBS:
            return True
        if carrier.dep_ in {"xcomp", "advcl"} and head.dep_ in {"xcomp", "acl"} and head.head.lower_ in lx.PLAN_VERBS:
            return True  # "were set to leave", "is expected to be sent"
    if carrier.lower_ in lx.PLAN_VERBS and carrier is not token:
        return True
    if any(c.dep_ in {"acomp", "attr"} and c.lower_ in lx.PLAN_VERBS for c in carrier.children):
        return True  # "is due to meet ... before seeing": the time clause hangs from "is due"
    return any(head.lower_ in lx.PLAN_VERBS and carrier.dep_ in {"xcomp", "advcl"} for head in chain[:2])


def _plan_stated_around(carrier: Token, head: Token) -> bool:
    """ "Preparations are under way to send aid", "plans are being made to fly the wounded", "is making
    preparations to evacuate": the parser hangs the infinitive on the clause whose subject (or its
    own) names the plan."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in carrier.children):
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in lx.PLAN_CONTEXT_NOUNS for c in carrier.children):
        return True
    return carrier.dep_ in {"xcomp", "advcl", "ccomp"} and any(
        c.dep_ in {"nsubj", "nsubjpass", "attr"} and c.lower_ in lx.PLAN_CONTEXT_NOUNS for c in head.children
    )


def _planned_noun(token: Token, carrier: Token) -> bool:
    """ "the upcoming visit", "getting ready for the next voyage", "further transfers are in the works"."""
    if any(c.lower_ in lx.PLAN_MODIFIERS for c in token.children if c.dep_ in {"amod", "compound", "advmod"}):
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "for":
        governor = token.head.head
        if governor.lower_ in lx.PLAN_CONTEXT_NOUNS or any(
            c.lower_ in lx.PLAN_CONTEXT_NOUNS for c in governor.children if c.dep_ in OBJECT_DEPS
        ):
            return True
        if governor.lower_ in lx.PLAN_VERBS:
            return True
    return any(
        c.dep_ == "prep" and c.lower_ == "in" and any(o.lower_ == "works" for o in c.children) for c in carrier.children
    )
