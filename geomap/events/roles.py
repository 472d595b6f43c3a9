"""Which places an event names and in what role, read from the dependency parse.

A trigger's frame (:mod:`.lexicon`) says what its prepositions, subject and
object mean: after "arrive", "in X" is the destination; after "leave", the
object is the origin; after "send", a country subject is the origin. What the
parse misses, :mod:`.sequence` reads off the word order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..gazetteer.names import SITE_NOUNS
from ..geometry import distance_km
from ..model import EventType, FeatureKind, Place, Role
from . import lexicon as lx
from .draft import OBJECT_DEPS, Discourse, Draft, RuleSet, Sentence
from .movers import class_of, mover_tokens
from .prep_roles import movement_role
from .sequence import CONTAINER_NOUNS, GROUP_HEADS
from .syntax import antecedent, conjuncts, passive, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token


def collect_places(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    token, frame = draft.trigger, draft.spec.frame
    rules = context.rules
    heads = [token]
    if draft.carrier is not token and draft.carrier.i not in context.triggers:
        # "made a trip to Moscow": the light verb's phrases are the noun's; "the flight was
        # rerouted to Anchorage": the verb is a trigger of its own and keeps them.
        heads.append(draft.carrier)
    for head in heads:
        for child in head.children:
            dep, word = child.dep_, child.lower_
            if child.i == token.i:
                continue
            if dep in {"prep", "agent", "dative"} or (dep == "advmod" and word in {"abroad", "home"}):
                if head is draft.carrier and head is not token and word in {"for", "of", "with", "by"}:
                    continue  # the light verb's own "for"/"with" phrases belong to other triggers
                _prep_places(draft, child, context, discourse)
            elif dep in OBJECT_DEPS and head is token and not draft.spec.noun:
                named = context.place(child) is not None
                role = lx.object_role(frame, token.lower_, named) if rules.on("roles.object") else None
                if role is not None:
                    for place_id in _np_places(child, context, discourse):
                        draft.add_place(place_id, role, "roles.object", f"object of '{token.text}'")
                elif frame is lx.Frame.ARRIVE:
                    continue  # "arrived at Sohar, Muscat's outlet to ...": a misparsed apposition
                # "departed Novorossiysk for Turkey", "flew the injured to Nairobi": the parser
                # often hangs the verb's phrase on its object.
                for grandchild in child.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in ROUTE_PREPS:
                        _prep_places(draft, grandchild, context, discourse)
    if frame in _THERE_FRAMES and not draft.ids(Role.DESTINATION) and rules.on("endpoint.there"):
        _there(draft, context, discourse)
    if frame is lx.Frame.DEPART and not draft.ids(Role.ORIGIN) and rules.on("roles.left-from-here"):
        _left_from_here(draft, context, discourse)
    if frame in {lx.Frame.MOTION, lx.Frame.DEPART} and not draft.spec.noun and rules.on("roles.purpose"):
        _purpose_place(draft, context, discourse)
    if frame in {lx.Frame.ARRIVE, lx.Frame.MOTION, lx.Frame.CARRY, lx.Frame.SEND} and rules.on("roles.held"):
        _held_place(draft, context, discourse)
    sends_off = (
        frame is lx.Frame.MOTION
        or (frame is lx.Frame.CARRY and draft.spec.type is EventType.DEPORTATION)
        or (frame is lx.Frame.CARRY and token.lower_ in lx.HAUL_VERBS)
    )
    if sends_off and not draft.spec.noun and rules.on("roles.send-subject") and _carries_object(token, context):
        # "Nigeria deported 50 Ghanaians to Accra", "Texas bused migrants to New York": the
        # country that sends them off is where they leave from (not so for "the UK will
        # relocate the asylum seekers", who are elsewhere)
        subject = subject_of(token)
        if subject is not None and subject.dep_ == "nsubj" and context.place(subject) is not None:
            place = context.places.get(context.place(subject) or "")
            if place is not None and place.feature in {FeatureKind.COUNTRY, FeatureKind.CITY, FeatureKind.ADMIN1}:
                draft.add_place(place.id, Role.ORIGIN, "roles.send-subject", f"the country that '{token.text}' them")
    if frame in {lx.Frame.SEND, lx.Frame.RECEIVE} and rules.on("roles.send-subject"):
        role = Role.ORIGIN if frame is lx.Frame.SEND else Role.DESTINATION
        # "Egypt planned to send rockets": through "planned"; "asked Berlin to deliver tanks": Berlin
        subject = subject_of(draft.carrier)
        if subject is not None and subject.dep_ in {"nsubj", "dobj", "pobj"}:
            subject = antecedent(subject) or subject
            for place_id in _np_places(subject, context, discourse, allow_demonym=True):
                draft.add_place(place_id, role, "roles.send-subject", f"subject of '{draft.carrier.text}'")
    if frame is lx.Frame.SEND and rules.on("roles.send-subject"):
        # "the howitzers supplied by Norway": the agent of a passive send is the origin.
        for child in draft.carrier.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.lower_ in VEHICLE_WORDS:
                        continue  # "brought by the freighter Aurora": the carrier, not where it came from
                    for place_id in _np_places(obj, context, discourse, allow_demonym=True):
                        draft.add_place(place_id, Role.ORIGIN, "roles.send-subject", "agent of a passive send")


def mover_origin(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    """ "Refugees from Sudan arrived in Chad", "the ship originating from Bandar Abbas docked in Port
    Sudan", "replacements from Togo will be deployed": where the movers are from, in their own noun
    phrase, when the trigger names no origin."""
    if draft.ids(Role.ORIGIN) or draft.spec.frame in {lx.Frame.STAY, lx.Frame.INVITE, lx.Frame.RECEIVE}:
        return
    if not context.rules.on("roles.mover-from"):
        return
    if any(c.dep_ == "prep" and c.lower_ in lx.ORIGIN_PREPS for c in draft.trigger.children):
        return  # the clause states an origin, though no place the gazetteer knows ("from the border")
    for phrase in mover_tokens(draft):
        heads = [phrase, *(c for c in phrase.children if c.dep_ == "acl" and c.lower_ in _FROM_PARTICIPLES)]
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ != "from":
                    continue
                found = False
                for obj in prep.children:
                    # "rescue teams from Algeria and Tunisia": each of them
                    for place_id in _np_places(obj, context, discourse) if obj.dep_ == "pobj" else ():
                        if place_id not in draft.ids(Role.DESTINATION):
                            why = f"'from' on '{head.text}', what moved"
                            draft.add_place(place_id, Role.ORIGIN, "roles.mover-from", why)
                            found = True
                if found:
                    return


# Participles that say where a mover comes from: "the ship originating from Bandar Abbas".
_FROM_PARTICIPLES = frozenset(
    """originating coming arriving sailing departing travelling traveling flying returning fleeing
    escaping""".split()
)


VEHICLE_WORDS = lx.VESSELS

ROUTE_PREPS = lx.DESTINATION_PREPS | lx.ORIGIN_PREPS | lx.VIA_PREPS | {"for"}


def _carries_object(verb: Token, context: Sentence) -> bool:
    """The verb carries something named as its object: "deported 50 Ghanaians", "moved weapons"."""
    return any(
        c.dep_ in {"dobj", "obj"} and (class_of(c.lower_) is not None or c.ent_type_ == "NORP" or context.demonym(c))
        for c in verb.children
    )


# Participles that say where the movers were before they moved: "an engineer held hostage in Niger".
POSITION_PARTICIPLES = frozenset(
    """held detained jailed imprisoned stranded trapped stuck based stationed living sheltering camped
    hiding kept kidnapped abducted captured released freed rescued""".split()
)


def _held_place(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    """ "An Italian engineer held hostage for two years in Niger has returned home": from Niger."""
    if draft.ids(Role.ORIGIN):
        return
    verb = draft.carrier
    sent = draft.spec.frame is lx.Frame.SEND and not passive(verb)
    movers = [c for c in verb.children if c.dep_ in ({"dobj"} if sent else {"nsubj", "nsubjpass", "dobj"})]
    subject = None if sent else subject_of(verb)  # "a battalion based in Kidal is expected to move"
    if subject is not None and subject not in movers:
        movers.append(subject)
    if draft.spec.noun:
        movers += [m for m in mover_tokens(draft) if m not in movers]  # "the deployment of troops based in Texas"
    if verb.dep_ == "acl":
        movers.append(verb.head)  # "a squadron being sent to Romania"
    # "a battalion of the 3rd Marine Regiment, stationed at Camp Schwab", "a squadron of Europe-based
    # vehicles": where the unit they come from, or what the group is made of, is based
    movers += [
        o for m in movers for p in m.children if p.dep_ == "prep" and p.lower_ in {"from", "of"} for o in p.children
    ]
    for mover in movers:
        for based in mover.children:
            if based.dep_ != "amod" or based.lower_ not in POSITION_PARTICIPLES:
                continue
            for name in based.children:  # "Bahrain-based", "European-based"
                where = context.place(name) or context.demonym(name) if name.dep_ == "npadvmod" else None
                if where is not None:
                    draft.add_place(where, Role.ORIGIN, "roles.held", f"'{name.text}-{based.text}'")
                    return
    clauses = [c for m in movers for c in m.children if c.dep_ in {"acl", "relcl"}]
    # the parser may make "held" the clause subject: "an engineer held hostage in Niger has returned"
    clauses += [c for c in verb.children if c.dep_ == "csubj"]
    # "having been held in Mali for a year, she flew home": the clause before the movement
    clauses += [c for c in verb.children if c.dep_ == "advcl"]
    if verb.dep_ in {"conj", "advcl"}:
        # "was released in Niger and flew home": the movers' first clause; the parser may also hang
        # the movement under the clause that holds them ("a nurse kept in Niger has come home")
        clauses.append(verb.head)
    own = {t.i for t in verb.subtree}
    for clause in clauses:
        if clause.lower_ in POSITION_PARTICIPLES:
            for prep in clause.subtree:
                if prep.i in own and clause.i not in own:
                    continue  # the movement's own phrases, under the clause it is coordinated with
                if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}:
                    for obj in prep.children:
                        place_id = np_place(obj, context, discourse) if obj.dep_ == "pobj" else None
                        if place_id is not None and place_id not in draft.ids(Role.DESTINATION):
                            draft.add_place(place_id, Role.ORIGIN, "roles.held", f"where they were '{clause.text}'")
                            return


_THERE_FRAMES = frozenset({lx.Frame.MOTION, lx.Frame.SEND, lx.Frame.CARRY, lx.Frame.ARRIVE})


def _there(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    """ "paratroopers who were ordered there", "she flew there on Monday": the place named last,
    earlier in the sentence or before it."""
    there = next((c for c in draft.carrier.children if c.dep_ == "advmod" and c.lower_ == "there"), None)
    if there is None:
        return
    own = set(draft.ids(Role.ORIGIN))
    before = [p for t in context.sent if t.i < there.i for p in [context.place(t)] if p is not None]
    for place_id in [*reversed(before), *reversed(discourse.seen)]:
        if place_id in context.places and place_id not in own:
            draft.add_place(place_id, Role.DESTINATION, "endpoint.there", "'there': the place named last")
            return


def _left_from_here(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    """ "Erdogan told reporters in Istanbul before leaving": a departure with no place of its own
    left from where the clause it is timed by took place."""
    verb = draft.carrier
    if verb.dep_ != "pcomp" or verb.head.lower_ not in {"before", "upon", "on"}:
        return
    clause = verb.head.head
    for prep in clause.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "at"} and prep.i != verb.head.i:
            for obj in prep.children:
                place_id = np_place(obj, context, discourse) if obj.dep_ == "pobj" else None
                if place_id is not None:
                    why = f"'{prep.text}' on '{clause.text}', before '{verb.text}'"
                    draft.add_place(place_id, Role.ORIGIN, "roles.left-from-here", why)
                    return


def _purpose_place(draft: Draft, context: Sentence, discourse: Discourse) -> None:
    """ "going to replace their comrades in Goma", "went to fight in Syria": where the
    purpose is carried out is where they went."""
    if draft.ids(Role.DESTINATION):
        return
    for clause in draft.trigger.children:
        if clause.dep_ not in {"xcomp", "advcl"} or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        ):
            continue
        if clause.lower_ in lx.VERB_TRIGGERS:
            continue  # "aiming to reach Europe": a trigger of its own
        for prep in clause.subtree:
            if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        place_id = np_place(obj, context, discourse)
                        if place_id is not None:
                            draft.add_place(
                                place_id,
                                Role.DESTINATION,
                                "roles.purpose",
                                f"'{prep.text}' in the purpose '{clause.text}'",
                            )
                            return


def _prep_places(
    draft: Draft,
    prep: Token,
    context: Sentence,
    discourse: Discourse,
    forced: Role | None = None,
    rule: str | None = None,
) -> None:
    """The places of a prepositional phrase of the trigger, in the role the preposition gives them
    (``forced``, and the ``rule`` that found the phrase, when another rule decided them)."""
    rules = context.rules
    word = prep.lower_
    objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp", "obj"}]
    if word == "out" or (word in {"away"} and objects and objects[0].lower_ == "from"):
        inner = [c for c in prep.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}]
        if inner:
            objects = [c for c in inner[0].children if c.dep_ == "pobj"]
            word = "from"
    if word == "by" and objects and objects[0].lower_ in lx.MODE_PHRASES and rules.on("roles.by-mode"):
        draft.mode = lx.MODE_PHRASES[objects[0].lower_]
        for deeper in objects[0].children:
            if deeper.dep_ == "prep":
                _prep_places(draft, deeper, context, discourse, rule="roles.by-mode")
        return
    if forced is not None:
        role: Role | None = forced
    else:
        role, own = prep_role(word, draft, rules, prep)
        rule = rule or own
    if role is None or rule is None or not rules.on(rule):
        return
    for obj in objects:
        if word in lx.PAIR_PREPS:
            if not rules.on("roles.between"):
                continue
            ids = _pair_places(obj, context, discourse)
            if draft.spec.frame is lx.Frame.STAY:
                for place_id in ids:
                    draft.add_place(place_id, Role.LOCATION, "roles.between", "'between'")
            elif len(ids) >= 2:
                draft.add_place(ids[0], Role.ORIGIN, "roles.between", "'between X and Y'")
                draft.add_place(ids[1], Role.DESTINATION, "roles.between", "'between X and Y'")
                # "daily flights between Nairobi and Juba": a service runs both ways
                draft.both_ways = draft.spec.noun and draft.trigger.lower_ in lx.SERVICE_NOUNS
            elif len(ids) == 1:
                draft.add_place(ids[0], Role.LOCATION, "roles.between", "'between'")
            continue
        for place_id in _np_places(obj, context, discourse):
            draft.add_place(place_id, role, rule, f"'{word}' on '{prep.head.text}'")


def prep_role(word: str, draft: Draft, rules: RuleSet, prep: Token | None = None) -> tuple[Role | None, str | None]:
    """The role a preposition gives a place, in the trigger's frame, and the rule that says so."""
    frame = draft.spec.frame
    if word in lx.PAIR_PREPS:
        return Role.LOCATION, "roles.between"
    if frame is lx.Frame.STAY:
        return _stay_role(word, draft)
    if word == "after" and prep is not None and rules.on("roles.after-place") and _names_a_place_only(prep, draft):
        return Role.ORIGIN, "roles.after-place"  # "After Riyadh, she will travel to Doha"
    role, rule = movement_role(word, draft, rules, prep)
    if role is not None or word not in {"in", "at"}:
        return role, rule
    if (
        word == "in"
        and prep is not None
        and frame in {lx.Frame.SEND, lx.Frame.CARRY, lx.Frame.MOTION}
        and rules.on("roles.goal-in")
        and _after_placeless_goal(prep)
    ):
        return Role.DESTINATION, "roles.goal-in"  # "moved to a shelter in Bulgaria": the shelter's place
    if frame in {lx.Frame.SEND, lx.Frame.RECEIVE, lx.Frame.CARRY}:
        return Role.LOCATION, "roles.prep"  # "the aid was handed out in Rafah": where, not whither
    return None, None


def _stay_role(word: str, draft: Draft) -> tuple[Role | None, str | None]:
    """An event at a place: "talks in Doha"; an attack has its target ("strikes on Kharkiv", "fired
    into Israel") and where it came from."""
    attack = draft.type is EventType.ATTACK
    if word in lx.DESTINATION_PREPS:
        return (Role.LOCATION, "roles.prep") if attack and word in {"to", "into"} else (None, None)
    if word in lx.ORIGIN_PREPS:
        return (Role.ORIGIN, "roles.prep") if attack else (None, None)
    if word in lx.VIA_PREPS or (word in lx.LOCATION_PREPS and word != "by"):
        return Role.LOCATION, "roles.prep"
    return None, None


def _names_a_place_only(prep: Token, draft: Draft) -> bool:
    """ "after Riyadh": the preposition's object is a place name itself, not "after talks in Cairo"."""
    return draft.spec.frame in {lx.Frame.MOTION, lx.Frame.VISIT, lx.Frame.ARRIVE, lx.Frame.DEPART} and any(
        o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ in {"GPE", "LOC", "FAC", ""} for o in prep.children
    )


def _after_placeless_goal(prep: Token) -> bool:
    """ "to a shelter in Bulgaria", parsed as two phrases of the verb: the goal names no place itself."""
    doc = prep.doc
    i = prep.i - 1
    while i >= 0 and doc[i].pos_ in {"NOUN", "ADJ", "DET", "NUM"}:
        i -= 1
    return i >= 0 and i < prep.i - 1 and doc[i].lower_ in {"to", "into"} and doc[i].head.i == prep.head.i


def _np_places(root: Token, context: Sentence, discourse: Discourse, allow_demonym: bool = False) -> list[str]:
    """The places a noun phrase names: itself, its conjuncts, "port of X", "X's Y"."""
    found: list[str] = []
    heads = [root, *conjuncts(root)]
    for head in list(heads):
        if head.lower_ in GROUP_HEADS and context.rules.on("endpoint.group-members"):
            # "Serbia and three EU countries—Croatia, Slovenia and Hungary—": the countries named
            for child in head.children:
                if child.dep_ == "appos":
                    heads.extend([child, *conjuncts(child)])
    for head in heads:
        place_id = np_place(head, context, discourse, allow_demonym)
        if place_id is not None and place_id not in found:
            found.append(place_id)
    return found


def np_place(head: Token, context: Sentence, discourse: Discourse, allow_demonym: bool = False) -> str | None:
    """The place a noun phrase headed by ``head`` names, if any."""
    rules = context.rules
    place_id = context.place(head)
    if place_id is not None:
        # "the port" of "the port of Rajin" is named by its own phrase; but "Mali's capital" is
        # a mention of the capital itself, with no other name for it
        container = head.lower_ in lx.ANAPHORIC_CONTAINERS and head.dep_ != "compound" and head.lower_ != "capital"
        if container or (rules.on("endpoint.qualifier") and _qualifies_other(head, context)):
            pass
        else:
            _note_port(head, place_id, discourse)
            return place_id
    # "Rajin port", "the Danube port of Izmail", "Ream Naval Base"; not "France's Africa policy"
    named_site = head.pos_ == "PROPN" or head.lower_ in CONTAINER_NOUNS | SITE_NOUNS
    for child in head.children:
        if child.dep_ in {"compound", "nmod", "npadvmod"} and named_site and rules.on("endpoint.named-site"):
            inner = context.place(child) or (context.demonym(child) if allow_demonym else None)
            if inner is not None:
                _note_port(head, inner, discourse)
                return inner
    # "the port of Rajin", "the city of Kherson"; not "the second leg of a tour of Africa": a
    # journey is not a place
    journey = head.lower_ in lx.NOUN_TRIGGERS or head.lower_ in JOURNEY_PARTS
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and rules.on("endpoint.of") and not journey:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    inner = np_place(obj, context, discourse) if obj.i != head.i else None
                    if inner is not None:
                        if head.lower_ in {"port", "harbor", "harbour"}:
                            discourse.last_port = inner
                        return inner
    # "the border with Georgia", "hospitals in Rwanda", "a site near San Diego",
    # "the United States' air base in Germany": where it is, before whose it is
    for child in head.children:
        if (
            child.dep_ == "prep"
            and (
                child.lower_ in {"with", "in", "near", "outside", "across", "throughout", "around"}
                or (child.lower_ == "on" and head.lower_ in SITE_NOUNS | CONTAINER_NOUNS)  # "a camp on Lesbos"
            )
            and head.pos_ in {"NOUN", "PROPN"}
            and rules.on("endpoint.located")
        ):
            for obj in child.children:
                inner = np_place(obj, context, discourse) if obj.dep_ == "pobj" else None
                if inner is not None:
                    return inner  # "a clinic in the port city of Sfax"
    # "Kabul's airport"; but "the United States' air base" is the country's, not in it
    for child in head.children:
        if child.dep_ == "poss" and rules.on("endpoint.possessor"):
            inner = context.place(child) or (context.demonym(child) if allow_demonym else None)
            owner = inner is not None and head.lower_ in OWNED_FACILITIES and _is_country(inner, context)
            if inner is not None and not owner:
                _note_port(head, inner, discourse)
                return inner
    if head.lower_ in NATIONAL_SPACES and rules.on("endpoint.national-waters"):
        # "into Iranian waters", "in Polish airspace": the country whose waters they are
        for child in head.children:
            if child.dep_ in {"amod", "compound", "nmod", "poss"}:
                country = context.demonym(child) or context.place(child)
                if country is not None:
                    return country
    if allow_demonym or head.lower_ in lx.ANAPHORIC_CONTAINERS:
        for child in head.children:
            if child.dep_ in {"amod", "compound", "nmod"} and context.demonym(child):
                demonym = context.demonym(child)
                if head.lower_ in lx.ANAPHORIC_CONTAINERS and not allow_demonym:
                    # "the German city": a city of Germany named before, not Germany itself
                    if not rules.on("endpoint.anaphor"):
                        return None
                    return resolve_anaphor(head, context, discourse, country_of=demonym)
                return demonym
    # "the same port": a port named earlier
    if (
        rules.on("endpoint.anaphor")
        and head.lower_ in {"port", "harbor", "harbour"}
        and discourse.last_port is not None
        and any(c.lower_ in {"the", "same", "that", "this"} for c in head.children)
    ):
        return discourse.last_port
    if (
        head.lower_ in lx.ANAPHORIC_CONTAINERS
        and rules.on("endpoint.anaphor")
        and any(
            c.dep_ in {"det", "poss"} and c.lower_ in {"the", "that", "this", "its", "their"} for c in head.children
        )
    ):
        return resolve_anaphor(head, context, discourse)
    return None


def _qualifies_other(token: Token, context: Sentence) -> bool:
    """ "a Panama-registered ship", "Gabon's capital Libreville": the place qualifies something else."""
    doc = token.doc
    j = token.i + 1
    while j < len(doc) and context.place(doc[j]) == context.place(token):
        j += 1
    if j + 1 < len(doc) and doc[j].text in {"-", "–"} and doc[j + 1].lower_ in _MODIFIER_SUFFIXES:
        return True
    if j < len(doc) and doc[j].tag_ == "POS":
        # "Gabon's capital Libreville", "Ethiopia's capital Addis Ababa": another place follows
        # the possessor in its noun phrase, however the parser shaped it
        if any(context.place(doc[k]) not in {None, context.place(token)} for k in range(j + 1, min(len(doc), j + 5))):
            return True
        head = token.head
        return any(context.place(c) is not None for c in head.children if c.dep_ == "appos") or (
            context.place(head) is not None and context.place(head) != context.place(token)
        )
    return False


# Parts of a journey: "the second leg of a tour of southern Africa" names no endpoint.
JOURNEY_PARTS = frozenset({"leg", "legs", "stage", "stages", "stop", "stops"})

# What a country has around it: "Iranian waters", "Polish airspace", "the Nicaraguan border", "the
# Turkish coast".
NATIONAL_SPACES = frozenset(
    {"waters", "airspace", "territory", "soil", "territorial", "border", "frontier", "coast", "coastline", "side"}
)

# Facilities a country owns abroad: "France's naval base in Djibouti".
OWNED_FACILITIES = frozenset("base bases embassy embassies consulate consulates outpost outposts mission".split())


def _is_country(place_id: str, context: Sentence) -> bool:
    place = context.places.get(place_id)
    return place is not None and place.feature is FeatureKind.COUNTRY


_MODIFIER_SUFFIXES = frozenset(
    "registered flagged flag based made built owned backed led funded operated controlled".split()
)

# What an anaphoric noun can refer back to: "the city" a city, "the country" a country.
_ANAPHOR_KINDS: dict[str, frozenset[FeatureKind]] = {
    "city": frozenset({FeatureKind.CITY}),
    "town": frozenset({FeatureKind.CITY}),
    "village": frozenset({FeatureKind.CITY}),
    "capital": frozenset({FeatureKind.CITY}),
    "port": frozenset({FeatureKind.CITY, FeatureKind.FACILITY}),
    "harbor": frozenset({FeatureKind.CITY, FeatureKind.FACILITY}),
    "harbour": frozenset({FeatureKind.CITY, FeatureKind.FACILITY}),
    "base": frozenset({FeatureKind.FACILITY}),
    "island": frozenset({FeatureKind.LANDFORM}),  # or the last place called an island (resolve_anaphor)
    "country": frozenset({FeatureKind.COUNTRY}),
    "nation": frozenset({FeatureKind.COUNTRY}),
    "territory": frozenset({FeatureKind.COUNTRY, FeatureKind.ADMIN1, FeatureKind.REGION}),
    "province": frozenset({FeatureKind.ADMIN1}),
    "region": frozenset({FeatureKind.ADMIN1, FeatureKind.REGION}),
    "state": frozenset({FeatureKind.ADMIN1}),
    "area": frozenset({FeatureKind.ADMIN1, FeatureKind.ADMIN2, FeatureKind.REGION, FeatureKind.CITY}),
}


_HOME_COUNTRY_WORDS = frozenset(
    {
        "country",
        "countries",
        "nation",
        "nations",
        "homeland",
        "homelands",
        "motherland",
        "base",
        "bases",
        "soil",
        "home",
    }
)


def names_home_country(head: Token) -> bool:
    """ "their own country", "his home country", "their homeland", "their home bases": the movers' own
    countries, not the country named last."""
    if head.lower_ not in _HOME_COUNTRY_WORDS:
        return False
    if head.lower_ in {"homeland", "homelands", "motherland"}:
        return True
    if head.lower_ == "home":
        return head.dep_ == "pobj"  # "left Gao for home", "flew back to home"
    own = any(c.lower_ in {"own", "home", "native"} for c in head.children)
    if head.lower_ in {"base", "bases", "soil"}:
        return own  # "their home bases", "home soil"; not "their bases"
    return own or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)


def resolve_anaphor(head: Token, context: Sentence, discourse: Discourse, country_of: str | None = None) -> str | None:
    """ "the city", "the country", "the German city": the last place of that kind named before."""
    kinds = _ANAPHOR_KINDS.get(head.lower_)
    if kinds is None or names_home_country(head):
        return None
    if head.lower_ == "island" and discourse.last_island is not None:
        return discourse.last_island  # "Lampedusa ... the island", once the text called it one
    country = context.places[country_of].country_code if country_of and country_of in context.places else None
    before = [context.place(t) for t in context.sent if t.i < head.i]
    if head.lower_ in {"country", "nation"} and country_of is None:
        # "the country" is a country named before it in the sentence ("Kazakhstan reported that 8,000
        # Uzbeks came into the country"), or else the one the article is about: the one it named most so far
        named_here = [
            p for p in before if p and context.places.get(p) and context.places[p].feature is FeatureKind.COUNTRY
        ]
        focus = named_here[-1] if named_here else discourse.most_named(FeatureKind.COUNTRY, context.places)
        if focus is not None:
            return focus
    for place_id in [*[p for p in reversed(before) if p], *reversed(discourse.seen)]:
        place = context.places.get(place_id)
        if place is None or place.feature not in kinds:
            continue
        if country is not None and place.country_code != country:
            continue
        return place_id
    return None


def _note_port(head: Token, place_id: str, discourse: Discourse) -> None:
    doc = head.doc
    around = {doc[i].lower_ for i in range(max(head.i - 2, 0), min(head.i + 2, len(doc)))}
    if around & {"port", "harbor", "harbour"}:
        discourse.last_port = place_id


def _pair_places(obj: Token, context: Sentence, discourse: Discourse) -> list[str]:
    """Places under "between X and Y", in text order, without possessors ("Russia's Dunai").

    Text order, because the parser does not always give the coordination the
    right shape ("between the port of [Rajin and Russia's] Dunai"). Items with
    no place of their own may refer back ("between the city and Addis Ababa").
    """
    found: dict[str, int] = {}
    for token in obj.subtree:
        place_id = context.place(token)
        if place_id is not None and not _is_possessor(token, context) and place_id not in found:
            found[place_id] = token.i
    for item in [obj, *conjuncts(obj)]:
        place_id = np_place(item, context, discourse)
        if place_id is not None and place_id not in found:
            found[place_id] = item.i
    if len(found) < 2:
        # "between the city and Ethiopia's capital Addis Ababa": the second item may lie just past
        # what the parser put under "between"
        doc = obj.doc
        end = max(t.i for t in obj.subtree) + 1
        for token in doc[end : min(len(doc), end + 6)]:
            if token.pos_ in {"VERB", "AUX", "ADP"} or (token.is_punct and token.text != "’s"):
                break
            place_id = context.place(token)
            if place_id is not None and place_id not in found and not _is_possessor(token, context):
                found[place_id] = token.i
    return [place_id for place_id, _ in sorted(found.items(), key=lambda kv: kv[1])]


def _is_possessor(token: Token, context: Sentence) -> bool:
    doc = token.doc
    j = token.i + 1
    while j < len(doc) and context.place(doc[j]) == context.place(token):
        j += 1
    return bool(j < len(doc) and doc[j].tag_ == "POS")


def country_contains(outer: Place, inner: Place) -> bool:
    """A country holds every place with its country code."""
    return outer.feature is FeatureKind.COUNTRY and outer.id != inner.id and outer.country_code == inner.country_code


def division_contains(outer: Place, inner: Place) -> bool:
    """A first-level division holds every place with its country and division codes ("landed at
    Midland in Texas")."""
    return (
        outer.feature is FeatureKind.ADMIN1
        and outer.id != inner.id
        and outer.admin1 is not None
        and (outer.country_code, outer.admin1) == (inner.country_code, inner.admin1)
    )


# Two places of different kinds this close are one spot named twice ("Lackland Air Force Base" and
# "Bexar County", "Kabul" and its airport): the distance from a town to the base or airport that
# bears its name, which is rarely more than 25 km.
SAME_SPOT_KM = 25.0

# From the most to the least precise kind of place.
PRECISION_ORDER = (
    FeatureKind.FACILITY,
    FeatureKind.CITY,
    FeatureKind.ADMIN2,
    FeatureKind.LANDFORM,
    FeatureKind.WATER,
    FeatureKind.ADMIN1,
    FeatureKind.REGION,
    FeatureKind.COUNTRY,
    FeatureKind.CONTINENT,
    FeatureKind.OTHER,
)


def same_spot(a: Place, b: Place) -> bool:
    """One place named at two granularities: a country and a place in it, or two kinds of place at one spot."""
    if a.id == b.id or country_contains(a, b) or country_contains(b, a):
        return True
    if division_contains(a, b) or division_contains(b, a):
        return True
    return a.feature is not b.feature and distance_km((a.lat, a.lon), (b.lat, b.lon)) <= SAME_SPOT_KM


def finer(a: Place, b: Place) -> bool:
    """Whether ``a`` is named more precisely than ``b``."""
    return PRECISION_ORDER.index(a.feature) < PRECISION_ORDER.index(b.feature)
