"""The role of a place named after "in", "at" or "on", by the trigger's frame.

One set of rules for both readings of a sentence: the dependency parse (:func:`.roles.prep_role`)
and the word order (:func:`.sequence.cue_role`). Each answer names the rule that gives it.
"""

from __future__ import annotations

from ..model import Role
from . import lexicon as lx
from .draft import Draft, RuleSet
from .syntax import bounded_journey, passive


def at_role(word: str, draft: Draft, rules: RuleSet) -> tuple[Role | None, str | None]:
    """ "arrived in Accra", "began his trip in France", "deployed soldiers in Niamey", "unloaded at
    Aqaba", "loaded wheat at Constanta", "were taken for checks at a clinic in Sfax": where the
    frame makes a place after "in" or "at" (or "on", for arrivals and journeys) an endpoint."""
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
