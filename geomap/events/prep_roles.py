"""The role a preposition gives a place after a trigger of a movement, by the trigger's frame.

One set of rules for both readings of a sentence: the dependency parse (:func:`.roles.prep_role`)
and the word order (:func:`.sequence.cue_role`), which add only what needs the parse or the words
around. Each answer names the rule that gives it. Frames of events at a place (STAY) and
invitations are their callers' own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Role
from . import lexicon as lx
from .draft import Draft, RuleSet
from .syntax import bounded_journey, passive

if TYPE_CHECKING:
    from spacy.tokens import Token


def movement_role(word: str, draft: Draft, rules: RuleSet, prep: Token | None = None) -> tuple[Role | None, str | None]:
    """ "to", "from", "for", "via", and "in", "at" and their kin (:func:`at_role`). ``prep`` is
    the preposition's token where the parse gives it, else the word order put the place here."""
    frame = draft.spec.frame
    if word in lx.DESTINATION_PREPS:
        return Role.DESTINATION, "roles.prep"
    if word in lx.ORIGIN_PREPS:
        if (
            draft.trigger.lower_ in lx.DIVERT_VERBS
            and (prep is None or prep.head.i == draft.trigger.i)
            and rules.on("roles.diverted-from")
        ):
            return None, None  # "diverted from Istanbul to Ankara": Istanbul is where it was going
        return Role.ORIGIN, "roles.prep"
    if word == "for":
        # "left Leipzig for Kabul"; "relief goods for Fiji", "a consignment for Armenia" (meant for)
        if rules.on("roles.for") and (
            frame in {lx.Frame.DEPART, lx.Frame.MOTION, lx.Frame.CARRY} or (frame is lx.Frame.SEND and draft.spec.noun)
        ):
            return Role.DESTINATION, "roles.for"
        return None, None
    if word in lx.VIA_PREPS:
        return Role.VIA, "roles.prep"
    if word in lx.LOCATION_PREPS and word != "by":
        return at_role(word, draft, rules)
    return None, None


def at_role(word: str, draft: Draft, rules: RuleSet) -> tuple[Role | None, str | None]:
    """ "arrived in Accra", "began his trip in France", "deployed soldiers in Niamey", "unloaded at
    Aqaba", "loaded wheat at Constanta", "were taken for checks at a clinic in Sfax": where the
    frame makes a place after "in" or "at" an endpoint; after any word of place ("arrived near
    Goma", "landed outside Kabul") for arrivals, visits and journeys opened or closed there."""
    frame, trigger = draft.spec.frame, draft.trigger
    if frame in {lx.Frame.ARRIVE, lx.Frame.VISIT}:
        if trigger.lower_ in lx.OBJECT_ONLY or not rules.on("roles.arrived-in"):
            return None, None  # "reached", "entered" take their place as the object
        return Role.DESTINATION, "roles.arrived-in"
    if frame is lx.Frame.MOTION and draft.spec.noun and bounded_journey(trigger) and rules.on("roles.journey-in"):
        return Role.DESTINATION, "roles.journey-in"
    if word not in {"in", "at"}:
        return None, None
    if (
        frame is lx.Frame.SEND
        and trigger.lower_ in lx.DEPLOY_VERBS
        and trigger.dep_ != "acl"  # "paratroopers stationed at Vicenza": where they are
        and rules.on("roles.deployed-in")
    ):
        return Role.DESTINATION, "roles.deployed-in"
    if rules.on("roles.loaded-at"):
        if trigger.lower_ in lx.UNLOAD_VERBS:
            return Role.DESTINATION, "roles.loaded-at"
        if trigger.lower_ in lx.LOAD_VERBS:
            return Role.ORIGIN, "roles.loaded-at"
    if frame is lx.Frame.CARRY and passive(draft.carrier) and rules.on("roles.taken-to"):
        return Role.DESTINATION, "roles.taken-to"
    return None, None
