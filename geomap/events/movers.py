"""What moves in an event, and so what kind of movement it is.

Users filter movements by what moved: officials, travellers, aircraft,
migrants, evacuees, deportees, goods, arms or forces. The trigger word gives a
default ("arrived", "sent"); the mover decides ("the minister arrived" is a
visit, "the tanker arrived" a shipment, "troops arrived" a deployment). The
mover is the subject of a motion verb, the object of a verb that carries or
sends ("took the migrants", "sent troops"), what a vehicle is carrying ("a
flight carrying 350 evacuees"), or what a noun is of ("the evacuation of
civilians", "a wheat shipment").

The nationality of the movers is kept too: "15,000 Malians arrived in Mauritania"
came from Mali, and "Afghan offenders were deported" went to Afghanistan.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING

from ..model import EventType, Mode
from . import lexicon as lx
from .draft import OBJECT_DEPS, Discourse, Draft, Sentence
from .syntax import entity_at, governors, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


class MoverClass(Enum):
    """Kinds of thing that move, as news names them."""

    OFFICIAL = "official"
    PEOPLE = "people"
    MIGRANTS = "migrants"
    EVACUEES = "evacuees"
    DEPORTEES = "deportees"
    FORCES = "forces"
    NAVAL = "naval"
    AIRCRAFT = "aircraft"
    VESSEL = "vessel"
    VEHICLES = "vehicles"
    ARMS = "arms"
    GOODS = "goods"
    MONEY = "money"


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Word lists by class. A word names one class; phrases with words of several
# classes ("a flight carrying evacuees") are decided by the order in _TYPE_RULES.
VOCABULARY: dict[MoverClass, frozenset[str]] = {
    MoverClass.OFFICIAL: _set(
        """president presidents minister ministers premier chancellor king queen prince princess emir sultan
        pope leader leaders envoy envoys ambassador ambassadors delegation delegations secretary
        secretary-general diplomat diplomats senator senators governor mayor monarch sheikh official
        officials chief commander general admiral"""
    ),
    MoverClass.PEOPLE: _set(
        """people persons passengers passenger civilians civilian nationals citizens residents tourists pilgrims
        families children workers employees students crew crews travellers travelers occupants men women
        survivors hostages hostage prisoners prisoner detainees captives fans athletes individuals group groups
        volunteers journalists americans foreigners expatriates expats inhabitants villagers population
        rescuers team squad couple family delegates mission expedition pair duo trio
        crowd crowds mob throng fishermen fisherman sailor"""
    ),
    MoverClass.MIGRANTS: _set(
        """migrants migrant refugees refugee asylum seekers asylum-seekers displaced exiles emigres stowaways
        undocumented irregular returnees transients"""
    ),
    MoverClass.EVACUEES: _set("evacuees evacuee injured wounded sick patients casualties"),
    MoverClass.DEPORTEES: _set("deportees deportee offenders convicts"),
    MoverClass.FORCES: _set(
        """troops troop soldiers soldier forces force units unit battalion battalions brigade brigades marines
        sailors personnel servicemen servicemembers mercenaries fighters police policemen officers contingent
        peacekeepers army armies military commandos guards paratroopers infantry reservists conscripts
        recruits militants rebels insurgents jihadists militia militias"""
    ),
    MoverClass.NAVAL: _set(
        """warship warships frigate frigates destroyer destroyers submarine submarines sub corvette corvettes
        cruiser cruisers navy navies flotilla fleet"""
    ),
    MoverClass.AIRCRAFT: _set(
        """plane planes aircraft jet jets jetliner jetliners airliner airliners flight flights helicopter
        helicopters airlift charter hercules boeing airbus airplane airplanes"""
    ),
    MoverClass.VESSEL: _set(
        """ship ships vessel vessels tanker tankers freighter freighters boat boats barge barges ferry ferries
        containership trawler yacht yachts dhow canoe canoes cayuco cayucos raft rafts dinghy dinghies
        lifeboat carrier carriers icebreaker tug tugs bulker"""
    ),
    MoverClass.VEHICLES: _set(
        """truck trucks lorry lorries convoy convoys bus buses train trains car cars ambulance ambulances
        vehicle vehicles truckloads caravan"""
    ),
    MoverClass.ARMS: lx.ARMS
    | _set("tank air-defence air-defense howitzers ammunition gunpowder systems system batteries battery"),
    MoverClass.GOODS: (lx.CARGO - lx.TROOPS - lx.PEOPLE_MOVING)
    | _set(
        """vegetables fruit fruits aid supplies medicine medicines blankets tents water essentials products
        produce flour fish meat milk batches batch tonnes tons barrels consignment shipment goods"""
    ),
    MoverClass.MONEY: _set("money cash funds dollars euros deposit deposits loan loans swap swaps billion"),
}

_CLASS_OF: dict[str, MoverClass] = {}
for _cls, _words in VOCABULARY.items():
    for _word in _words:
        _CLASS_OF.setdefault(_word, _cls)

# Which event type a mix of movers makes, first rule that applies wins.
# Forces and warships deploy; evacuees, deportees and migrants name their
# movement; arms and money are transfers, goods shipments; officials visit;
# aircraft fly (with their passengers); vessels and vehicles without people
# carry goods; people travel.
_TYPE_RULES: tuple[tuple[frozenset[MoverClass], EventType], ...] = (
    (frozenset({MoverClass.FORCES, MoverClass.NAVAL}), EventType.DEPLOYMENT),
    (frozenset({MoverClass.EVACUEES}), EventType.EVACUATION),
    (frozenset({MoverClass.DEPORTEES}), EventType.DEPORTATION),
    (frozenset({MoverClass.MIGRANTS}), EventType.MIGRATION),
    (frozenset({MoverClass.ARMS, MoverClass.MONEY}), EventType.TRANSFER),
    (frozenset({MoverClass.GOODS}), EventType.SHIPMENT),
    (frozenset({MoverClass.OFFICIAL}), EventType.VISIT),
    (frozenset({MoverClass.AIRCRAFT}), EventType.FLIGHT),
    (frozenset({MoverClass.VESSEL, MoverClass.VEHICLES}), EventType.SHIPMENT),
    (frozenset({MoverClass.PEOPLE}), EventType.TRIP),
)

# What may be the same mover across sentences: people ride in aircraft, vessels and vehicles,
# and so do goods and forces.
GROUPS: dict[MoverClass, str] = {
    MoverClass.OFFICIAL: "people",
    MoverClass.PEOPLE: "people",
    MoverClass.MIGRANTS: "people",
    MoverClass.EVACUEES: "people",
    MoverClass.DEPORTEES: "people",
    MoverClass.FORCES: "forces",
    MoverClass.NAVAL: "forces",
    MoverClass.AIRCRAFT: "craft",
    MoverClass.VESSEL: "craft",
    MoverClass.VEHICLES: "craft",
    MoverClass.ARMS: "goods",
    MoverClass.GOODS: "goods",
    MoverClass.MONEY: "goods",
}

VEHICLE_CLASSES = frozenset({MoverClass.AIRCRAFT, MoverClass.VESSEL, MoverClass.VEHICLES, MoverClass.NAVAL})

PRONOUNS = frozenset({"he", "she", "they", "it", "them", "him", "her", "we", "latter", "former", "which", "who"})

# Heads that count a group named before: "the majority of them", "most were taken", "the second landed".
QUANTIFIERS = frozenset(
    """majority most some many rest remainder balance half others other another all those several few dozens
    hundreds thousands tens number total first second third last remaining both each one two three""".split()
)


@dataclass(frozen=True, slots=True)
class Mover:
    """What moves in one event: its words' classes, its nationality, whether it is only a pronoun."""

    classes: frozenset[MoverClass]
    country: str | None = None  # place id of the movers' country ("Malians", "Ghanaian troops")
    countries: tuple[str, ...] = ()  # all of them: "the Kenyan and Ugandan contingents"
    pronoun: bool = False
    text: str = ""
    definite: bool = False  # "the ship", "these migrants": refers back to a mover named before
    indefinite: bool = False  # "a tanker", "another ship": a mover not named before
    abstract: bool = False  # the subject is a common noun that names nothing that moves ("the ruling")
    head: MoverClass | None = None  # the class of the main mover's own noun ("ferry" in "a cargo-passenger ferry")
    names: frozenset[str] = frozenset()  # the words that tell this mover apart: "ferry" of "the ferry flight"
    cargo_country: str | None = None  # the nationality of what a vehicle carries ("Ukrainian corn")
    nationals: bool = False  # named by their nationality alone: "20,000 Sudanese", "Afghans"

    @property
    def groups(self) -> frozenset[str]:
        return frozenset(GROUPS[c] for c in self.classes)


@functools.lru_cache(maxsize=8192)
def class_of(word: str) -> MoverClass | None:
    """The class a word names, in the singular or the plural ("worker", "workers"), or as the end
    of a compound written in one word ("warplanes", "gunboats", "airliners", "peacekeepers").
    Asked of every word of many phrases, so each answer is kept."""
    lower = word.lower()
    found = _own_class(lower)
    if found is None and len(lower) > 6:
        for cut in range(3, len(lower) - 3):
            end = lower[cut:].lstrip("-")
            if end in _NO_COMPOUND_ENDS:
                continue  # "Britons", "buttons", "cartons": no compound of "tons"
            found = _own_class(end)
            if found is not None:
                return found
    return found


# Ends of words that look like a mover's noun but make no compound of one.
_NO_COMPOUND_ENDS = frozenset({"ton", "tons"})


def _own_class(lower: str) -> MoverClass | None:
    found = _CLASS_OF.get(lower)
    if found is None and len(lower) > 3:
        found = _CLASS_OF.get(lower + "s") or (_CLASS_OF.get(lower[:-1]) if lower.endswith("s") else None)
    return found


def _names_no_mover(noun: Token) -> bool:
    """ "the ruling", "the decision", "prices": a noun outside the movers' vocabulary that names a
    thing said, done or measured. Others may be people the vocabulary lacks ("the nurse")."""
    lower = noun.lower_
    singular = lower[:-1] if lower.endswith("s") and len(lower) > 4 else lower
    return (
        lower in lx.ABSTRACT_SUBJECTS
        or singular in lx.ABSTRACT_SUBJECTS
        or (len(singular) > 5 and singular.endswith(lx.ABSTRACT_ENDINGS))
    )


def mover_tokens(draft: Draft) -> list[Token]:
    """The noun phrases that name what moves, nearest first."""
    token, carrier, frame = draft.trigger, draft.carrier, draft.spec.frame
    phrases: list[Token] = []
    if draft.spec.noun:
        if GROUPS.get(class_of(token.lower_) or MoverClass.PEOPLE) == "craft":
            phrases.append(token)  # "the flight from Madrid", "the last train to Munich"
        if token.dep_ == "pobj" and token.head.lower_ in {"en", "on"} and token.head.head.pos_ in {"NOUN", "PROPN"}:
            phrases.append(token.head.head)  # "the plane, en route from Delhi": the plane
        # "the influx of Syrians", "a convoy with aid": who or what moves, before the modifiers
        named = [
            c
            for child in token.children
            if child.dep_ == "prep" and child.lower_ in {"of", "with"}
            for c in child.children
            if c.dep_ == "pobj"
        ]
        phrases.extend(named)
        for child in token.children:
            if child.dep_ in {"compound", "poss", "amod", "nmod"}:
                phrases.append(child)
            elif child.dep_ in {"acl", "relcl"} and child.lower_ in _CARRYING:
                phrases.extend(c for c in child.children if c.dep_ in OBJECT_DEPS)
        if carrier is not token and not any(class_of(n.lower_) or n.ent_type_ == "NORP" for n in named):
            # "officials monitored the influx of Syrians": the officials do not move
            subject = subject_of(carrier)
            if subject is not None and subject.i != token.i:
                phrases.append(subject)
        return phrases
    objects = [c for c in token.children if c.dep_ in OBJECT_DEPS | {"nsubjpass"}]
    if token.dep_ == "amod" and token.tag_ == "VBG" and token.head.i == token.i + 1:
        objects.append(token.head)  # "denied moving troops", parsed as "moving" modifying "troops"
    subject = _subject(carrier)
    participle = _participle_head(carrier)
    if participle is not None:
        # "the Colombian coffee shipped to Japan", "asylum seekers deported from Britain",
        # "Palestinians trying to migrate to Italy": the noun the participle describes moves
        phrases.append(participle)
    if frame in {lx.Frame.CARRY, lx.Frame.SEND, lx.Frame.RECEIVE}:
        phrases.extend(objects)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "with":
                phrases.extend(c for c in child.children if c.dep_ == "pobj")
        if subject is not None and frame is lx.Frame.CARRY:
            phrases.append(subject)  # "two private planes brought the pair": the vehicle moves too
    else:
        # "flew the injured to Nairobi": a motion verb with an object carries it
        carried = [o for o in objects if o.dep_ in {"dobj", "obj"} and any(class_of(t.lower_) for t in o.subtree)]
        phrases.extend(carried)
        if subject is not None:
            phrases.append(subject)
        phrases.extend(o for o in objects if o.dep_ == "nsubjpass")
    return phrases


def _participle_head(verb: Token) -> Token | None:
    """The noun a participle clause hangs from, through "trying to", "seeking to"."""
    current = verb
    for _ in range(3):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if (
            current.dep_ == "acl"
            and current.head.pos_ in {"NOUN", "PROPN"}
            and not (infinitive and class_of(current.head.lower_) is None)
        ):
            # "a ship carrying grain", "Russian warships to arrive in Havana"; not "permission to
            # dock", "plans to ship": those nouns do not move
            head = current.head
            while head.dep_ == "conj" and head.head.pos_ in {"NOUN", "PROPN"}:
                head = head.head  # "dozens of Eritreans, Somalis and Sudanese trying to": the first of them
            return head
        if current.dep_ in {"xcomp", "aux"} and current.head.i != current.i:
            current = current.head
            continue
        if (
            current.dep_ == "conj"
            and current.head.pos_ == "VERB"
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in current.children)
        ):
            current = current.head  # "the vessel, departed from X and headed for Y": the first participle's noun
            continue
        break
    return None


_CARRYING = frozenset({"carrying", "transporting", "loaded", "laden", "packed", "filled", "with"})


def tagged_subject(token: Token) -> Token | None:
    """The subject the tagger made a modifier of a verb it took for a noun: "The frigate sails for
    Naples", parsed as a noun phrase "the frigate sails"."""
    for child in token.children:
        kind = class_of(child.lower_) if child.dep_ in {"compound", "amod"} and child.i < token.i else None
        if kind is not None and GROUPS[kind] != "goods":  # "grain exports", "arms supplies" are nouns
            return child
    return None


def _subject(verb: Token) -> Token | None:
    subject = subject_of(verb)
    if subject is None and verb.pos_ == "NOUN":
        return tagged_subject(verb)  # a verb the tagger took for a noun
    if subject is None:
        for head in [verb, *governors(verb)[:1]]:
            passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
        if verb.tag_ in {"VBD", "VBZ", "VBP"} and verb.i > verb.sent.start:
            # "The Nora headed west": a finite verb the parser left without a subject has the
            # noun just before it
            before = verb.doc[verb.i - 1]
            if before.pos_ in {"NOUN", "PROPN"}:
                return before
        if any(c.dep_ == "auxpass" for c in verb.children):
            # "Ten workers freed the same day were taken to Cairo", parsed with no subject: the
            # nearest noun before it that names something that moves
            for i in range(verb.i - 1, max(verb.sent.start, verb.i - 12) - 1, -1):
                token = verb.doc[i]
                if token.pos_ in {"NOUN", "PROPN"} and (
                    class_of(token.lower_) or token.ent_type_ in {"PERSON", "NORP"}
                ):
                    return token
        return None
    if subject.lower_ in {"which", "that", "who"}:
        clause = verb
        while clause.dep_ in {"conj", "xcomp"} and clause.head.i != clause.i:
            clause = clause.head  # "which left Lima and is expected to reach": the same clause
        if clause.dep_ == "relcl":
            return clause.head  # "a flight, which left Lima": the flight
    if subject.dep_ == "csubj":
        # "an engineer held hostage in Niger has returned home", parsed as a clause subject: the worker
        return next((c for c in subject.children if c.dep_ in {"nsubj", "nsubjpass"}), subject)
    return subject


def mover_of(draft: Draft, context: Sentence) -> Mover:
    """The classes and nationality of what moves in a draft event."""
    classes: set[MoverClass] = set()
    country: str | None = None
    countries: list[str] = []
    cargo_country: str | None = None
    pronoun = definite = abstract = indefinite = False
    texts: list[str] = []
    head: MoverClass | None = None
    phrases = mover_tokens(draft)
    nationals = bool(phrases) and context.demonym(phrases[0]) is not None
    for phrase in phrases:
        carried = [t for c in _carried(phrase) for t in c.subtree]
        words = _phrase_words(phrase) + carried
        found = {cls for t in words for cls in [class_of(t.lower_)] if cls is not None}
        if cargo_country is None:
            # "a ship carrying 40,000 tonnes of Ukrainian corn": where the goods come from
            cargo_country = next((d for t in carried for d in [context.demonym(t)] if d is not None), None)
        if MoverClass.PEOPLE in found and phrase.lower_ in _GENERIC_PEOPLE | _LARGE_COUNTS and _many(phrase):
            found.add(MoverClass.MIGRANTS)  # "5,000 people crossed into Colombia": a flow of people
        classes |= found
        if head is None:
            head = class_of(phrase.lower_) or _of_class(phrase)
        for t in _phrase_words(phrase, modifiers=True):
            demonym = context.demonym(t)
            first = t
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head  # "the Kenyan and Ugandan contingents": both modify "contingents"
            if demonym is not None and (
                t.i == phrase.i or first.head.i == phrase.i or class_of(first.head.lower_) is not None
            ):
                country = country or demonym
                if demonym not in countries and (country == demonym or phrase is phrases[0]):
                    countries.append(demonym)
        if phrase.lower_ in PRONOUNS or phrase.lower_ in QUANTIFIERS or any(t.pos_ == "PRON" for t in words):
            pronoun = True
        principal = phrase is phrases[0] or (
            draft.spec.frame is lx.Frame.CARRY and GROUPS.get(class_of(phrase.lower_) or MoverClass.PEOPLE) == "craft"
        )
        if principal and _definite(phrase):
            # the mover itself refers back ("the aircraft will take the passengers"), not some
            # other phrase of the clause ("the Japanese embassy evacuated 40 employees")
            definite = True
        if phrase is phrases[0] and any(
            c.dep_ == "det" and c.lower_ in {"a", "an", "another"} for c in phrase.children
        ):
            indefinite = True
        if phrase is phrases[0] and _named_weather(phrase):
            abstract = True  # "Hurricane Ian", "the anticyclone Cerberus": weather, with a name
        elif (
            phrase.ent_type_ in {"PERSON", "NORP"}
            or context.demonym(phrase) is not None
            or (
                phrase.pos_ == "PROPN"
                and not found
                and context.place(phrase) is None
                and (phrase.ent_type_ != "ORG" or _lone_name(phrase))
            )
        ):
            # a person, a people, or a named mover ("The Nora headed west": a tanker's name)
            # "15,000 Malians arrived in Mauritania": nationals counted by the thousand are a people on the move
            classes.add(MoverClass.MIGRANTS if _many(phrase) and phrase.ent_type_ != "PERSON" else MoverClass.PEOPLE)
        elif (
            phrase.pos_ == "NOUN"
            and not (  # a name, not a noun capitalised to open the sentence ("Heat from the Sahara")
                phrase.text[:1].isupper()
                and phrase.i != phrase.sent.start
                and not any(c.dep_ == "det" for c in phrase.children)
            )
            and not found
            and not pronoun
            and phrase.lower_ not in QUANTIFIERS
            and context.place(phrase) is None
            and phrase is phrases[0]
            and _names_no_mover(phrase)
        ):
            abstract = True
        texts.append(phrase.text)
    if draft.trigger.lower_ in _FLYING:
        classes.add(MoverClass.AIRCRAFT)  # "was flown to Frankfurt": whoever moves, it was a flight
    if draft.spec.frame in lx.SELF_MOVING:
        if any(a.kind == "person" and (a.role or _titled(a.text)) for a in draft.actors):
            classes.add(MoverClass.OFFICIAL)
        elif any(a.kind == "person" for a in draft.actors):
            classes.add(MoverClass.PEOPLE)
    if head is None and classes & {MoverClass.OFFICIAL, MoverClass.PEOPLE}:
        head = MoverClass.OFFICIAL if MoverClass.OFFICIAL in classes else MoverClass.PEOPLE
    names = frozenset(
        t.lower_
        for phrase in phrases
        for t in phrase.subtree
        if t.is_alpha
        and len(t) > 2
        and (t.dep_ in {"compound", "amod", "nmod", "appos"} or t.pos_ == "PROPN")
        and context.place(t) is None
    )
    return Mover(
        classes=frozenset(classes),
        country=country,
        countries=tuple(countries),
        pronoun=pronoun and not classes,
        text=" ".join(texts)[:80],
        definite=definite,
        indefinite=indefinite,
        abstract=abstract,
        head=head,
        names=names,
        cargo_country=cargo_country,
        nationals=nationals,
    )


# People named only as people, who on the move in thousands are a migration: not tourists or fans.
_GENERIC_PEOPLE = frozenset(
    "people persons civilians residents families individuals inhabitants villagers nationals population".split()
)

_LARGE_COUNTS = frozenset("hundreds thousands dozens tens millions hundred thousand million".split())


def _lone_name(token: Token) -> bool:
    """A one-word name the small model called an organisation that need not be one ("It took
    Vsevolod four days"): not an acronym, nor part of a longer name ("UNHCR", "Red Cross")."""
    ent = entity_at(token)
    return ent is not None and len(ent) == 1 and not token.text.isupper()


def _many(phrase: Token) -> bool:
    """A group counted in hundreds or more: "15,000 Malians", "thousands of Afghans"."""
    for token in phrase.subtree:
        if token.lower_ in _LARGE_COUNTS:
            return True
        if token.like_num and token.text.replace(",", "").isdigit() and int(token.text.replace(",", "")) >= 100:
            return True
    return False


def _of_class(phrase: Token) -> MoverClass | None:
    """ "hundreds of migrants", "the second contingent of Ghanaian troops": the class of what is counted."""
    for child in phrase.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return class_of(obj.lower_)
    return None


def _definite(phrase: Token) -> bool:
    """ "the ship", "these migrants", "most of the migrants": refers back to movers named before."""
    if any(c.lower_ in _DEFINITE for c in phrase.children if c.dep_ in {"det", "poss"}):
        return True
    if phrase.lower_ in QUANTIFIERS:
        for child in phrase.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return any(_definite(o) or o.pos_ == "PRON" for o in child.children if o.dep_ == "pobj")
    return False


def subject_token(draft: Draft) -> Token | None:
    """The explicit subject of the draft's verb, if it has one of its own."""
    if draft.spec.noun:
        return None
    return next((c for c in draft.carrier.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


_FLYING = frozenset(lx.inflect("fly") | lx.inflect("airlift") | {"flight", "flights"})


# Frames whose subject is what moves; in the others the subject sends or carries.
_DEFINITE = frozenset({"the", "these", "those", "such", "its", "their", "this", "that"})


def _titled(name: str) -> bool:
    return any(w.lower() in VOCABULARY[MoverClass.OFFICIAL] for w in name.split())


def _phrase_words(phrase: Token, *, modifiers: bool = False) -> list[Token]:
    """The phrase's own words, without relative clauses, nor (unless ``modifiers``) the words
    that only say what kind of mover its noun is ("a cargo plane", "a passenger ferry", "an aid
    worker" move no cargo, passengers or aid of their own)."""
    words = []
    for t in phrase.subtree:
        path = _path(t, phrase)
        if any(a.dep_ in {"relcl", "acl"} for a in path):
            continue
        if not modifiers and t.dep_ in {"compound", "amod", "nmod"} and class_of(t.head.lower_) is not None:
            continue
        words.append(t)
    return words


def _path(token: Token, top: Token) -> list[Token]:
    path: list[Token] = []
    current = token
    while current.i != top.i and current.head.i != current.i:
        path.append(current)
        current = current.head
    return path


def _carried(phrase: Token) -> list[Token]:
    """ "a flight carrying 350 evacuees": what the vehicle carries moves with it."""
    found: list[Token] = []
    for child in phrase.children:
        if child.dep_ in {"acl", "relcl"} and child.lower_ in _CARRYING:
            found.extend(c for c in child.children if c.dep_ in OBJECT_DEPS | {"prep"})
        elif child.dep_ == "prep" and child.lower_ == "with":
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def event_type(draft: Draft, mover: Mover) -> EventType:
    """The kind of movement, from the trigger's own meaning and what moves."""
    spec = draft.spec
    if spec.fixed:
        return spec.type
    for child in draft.trigger.children:
        # "a deportation flight", "evacuation flights": the modifier names the movement
        named = lx.NOUN_TRIGGERS.get(child.lower_)
        if child.dep_ in {"compound", "amod", "nmod"} and named is not None and named.fixed:
            return named.type
    if spec.frame is lx.Frame.STAY or spec.frame is lx.Frame.INVITE:
        return spec.type
    if spec.frame is lx.Frame.VISIT and not mover.classes & {MoverClass.FORCES, MoverClass.NAVAL}:
        return EventType.VISIT
    people = bool(mover.classes & {MoverClass.OFFICIAL, MoverClass.PEOPLE})
    for classes, etype in _TYPE_RULES:
        if mover.classes & classes:
            if etype is EventType.SHIPMENT and people and not mover.classes & {MoverClass.GOODS}:
                continue  # "a train journey" of a person, "boats carrying people": people travel
            return etype
    if not mover.classes and draft.mode is Mode.SEA and spec.noun:
        return EventType.SHIPMENT  # "six trips by sea between the two ports": voyages of ships
    return spec.type


# Movers whose nationality says where they came from: people named by it alone ("20,000 Sudanese
# arrived in Chad"), migrants and refugees, forces, goods and arms.
# Not hostages, nationals, tourists or evacuees ("13 Israeli hostages crossed into Egypt" came from
# Gaza, "Thai nationals were flown to Bangkok" from wherever they were; held-out news, class 1).
FROM_THEIR_COUNTRY = frozenset(
    {MoverClass.MIGRANTS, MoverClass.FORCES, MoverClass.NAVAL, MoverClass.ARMS, MoverClass.GOODS, MoverClass.MONEY}
)


def from_their_country(mover: Mover | None) -> bool:
    """Whether the movers' nationality says where they came from."""
    return mover is not None and (mover.nationals or not mover.classes or bool(mover.classes & FROM_THEIR_COUNTRY))


def is_movable(mover: Mover) -> bool:
    """Something that can move: a vessel, cargo, forces or people ("the minister returned", "they left"),
    or a noun given a nationality ("a French nurse came home"), which names people, craft or goods
    unless it is abstract ("French law came into force")."""
    return bool(mover.classes) or mover.pronoun or (mover.country is not None and not mover.abstract)


# How many sentences a nationality given to a noun carries over to later mentions of it.
NATIONALITY_WINDOW = 6


def remember_nationalities(sent: Span, context: Sentence, discourse: Discourse, index: int) -> None:
    """Note the nationality each noun of the sentence is given: "Myanmarese soldiers", "Russian pipeline gas"."""
    for token in sent:
        if token.pos_ != "NOUN" or class_of(token.lower_) is None:
            continue
        for child in token.children:
            demonym = context.demonym(child) if child.dep_ in {"amod", "compound", "nmod"} else None
            if demonym is not None:
                discourse.nationalities[token.lower_] = (demonym, index)
                break


def with_known_nationality(mover: Mover, draft: Draft, discourse: Discourse) -> Mover:
    """A mover with no nationality of its own takes the one its noun was given a few sentences before."""
    if mover.country is not None:
        return mover
    for phrase in mover_tokens(draft):
        if _a_group_of_its_own(phrase):
            continue
        known = discourse.nationalities.get(phrase.lower_)
        if known is not None and draft.sentence_index - known[1] <= NATIONALITY_WINDOW:
            return replace(mover, country=known[0], countries=(known[0],))
    return mover


def _a_group_of_its_own(phrase: Token) -> bool:
    """ "about 300 troops from the 18th Airborne Corps": a count or a unit of its own makes a new
    group, not the "Russian troops" named before."""
    return any(c.dep_ == "nummod" or (c.dep_ == "prep" and c.lower_ == "from") for c in phrase.children)


def _named_weather(phrase: Token) -> bool:
    """ "Hurricane Ian", "Storm Ciara", "the anticyclone Cerberus": a name given to weather."""
    if phrase.pos_ != "PROPN":
        return False
    around = [c for c in phrase.children if c.dep_ == "compound"]
    if phrase.dep_ == "appos":
        around.append(phrase.head)
    first = phrase.left_edge.i
    if first > 0:
        around.append(phrase.doc[first - 1])  # the parser may part the name from its noun
    return any(t.lower_ in lx.WEATHER_WORDS for t in around)
