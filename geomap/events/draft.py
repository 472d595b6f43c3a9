"""The working state of event linking: drafts of events, parsed sentences, what earlier sentences
said, the article's drafts between passes, and which rules are switched on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ConfigurationError
from ..model import (
    MOVEMENT_FAMILIES,
    Actor,
    EventPlace,
    EventType,
    FeatureKind,
    Mode,
    Place,
    Role,
    Status,
    TimeSpan,
)
from . import lexicon as lx

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ..nlp import Chunk
    from .movers import Mover


# How far apart (in characters) two mentions of one event may be.
MERGE_WINDOW = 6000


MOVEMENT_TYPES = frozenset(MOVEMENT_FAMILIES)


TRAVEL = frozenset({EventType.VISIT, EventType.TRIP, EventType.FLIGHT})


PEOPLE_FLOWS = frozenset({EventType.MIGRATION, EventType.EVACUATION, EventType.DEPORTATION})


FORCES = frozenset({EventType.DEPLOYMENT, EventType.WITHDRAWAL})


GOODS = frozenset({EventType.SHIPMENT, EventType.TRANSFER})


PERSON_LABELS = frozenset({"PERSON"})


GROUP_WORDS = frozenset(
    {
        "allies",
        "countries",
        "nations",
        "sides",
        "governments",
        "partners",
        "neighbors",
        "neighbours",
        "states",
        "both",
        "two",
    }
)


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})


CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "xcomp", "acl", "conj", "parataxis", "pcomp", "csubj"})


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Which event rules are on: every rule of the registry (:mod:`.rules`) but those in ``off``.

    ``known`` holds the registry's ids, so that asking about a rule that does not exist is an
    error, not a rule silently on.
    """

    known: frozenset[str]
    off: frozenset[str] = frozenset()

    def on(self, rule_id: str) -> bool:
        if rule_id not in self.known:
            raise KeyError(f"no event rule {rule_id!r} in the registry")
        return rule_id not in self.off

    def without(self, rule_ids: Iterable[str]) -> RuleSet:
        """These rules switched off too; an id the registry does not have is a ConfigurationError."""
        ids = frozenset(rule_ids)
        unknown = sorted(ids - self.known)
        if unknown:
            raise ConfigurationError(
                f"no event rule {', '.join(map(repr, unknown))}; `geomap rules` lists the rules and their ids"
            )
        return RuleSet(self.known, self.off | ids)


# How many sentences a traveller stays the one "he" or "she" refers to in a later movement: a
# paragraph about a visit (arrival, welcome, talks, return) rarely runs longer.
TRAVELLER_WINDOW = 6


@dataclass
class Person:
    name: str
    role: str | None
    country: str | None


@dataclass
class Discourse:
    """What earlier sentences established, for references in later ones."""

    persons: list[Person] = field(default_factory=list)
    last_person: Person | None = None
    # The last person a movement took, and the sentence that says so ("he" of a later movement).
    last_traveller: tuple[Person, int] | None = None
    # The latest person with each word of a name, and with each last name: "Kim" and "Kim Jong Un"
    # find a person in one lookup, not a scan of everyone named so far (a long text names thousands).
    by_word: dict[str, Person] = field(default_factory=dict)
    by_last_name: dict[str, Person] = field(default_factory=dict)
    last_port: str | None = None
    last_island: str | None = None  # the last place called an island ("the island of Lampedusa")
    last_group: list[Actor] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # place ids in the order the text named them
    # The nationality last given to a noun ("Myanmarese soldiers", "Russian gas"), with its sentence,
    # for later mentions of the same noun without one ("the remaining soldiers", "it delivers gas").
    nationalities: dict[str, tuple[str, int]] = field(default_factory=dict)

    named: dict[str, int] = field(default_factory=dict)  # how often each place was named so far
    vessels: set[str] = field(default_factory=set)  # ships named so far, folded: "the Sea Lark" later

    def add_person(self, person: Person) -> None:
        self.persons.append(person)
        self.index_person(person)

    def index_person(self, person: Person) -> None:
        """Make ``person`` findable by the words of its name (again, after the name grew)."""
        words = person.name.split()
        for word in words:
            self.by_word[word] = person
        if words:
            self.by_last_name[words[-1]] = person

    def person_named(self, name: str) -> Person | None:
        """The latest person a one-word name is part of, or whose last name a longer name ends with."""
        words = name.split()
        if not words:
            return None
        return self.by_word.get(words[0]) if len(words) == 1 else self.by_last_name.get(words[-1])

    def traveller(self, index: int) -> Person | None:
        """The last person a movement took, if that was at most TRAVELLER_WINDOW sentences before."""
        if self.last_traveller is None or index - self.last_traveller[1] > TRAVELLER_WINDOW:
            return None
        return self.last_traveller[0]

    def saw(self, place_ids: list[str]) -> None:
        for place_id in place_ids:
            if place_id in self.seen:
                self.seen.remove(place_id)
            self.seen.append(place_id)
            self.named[place_id] = self.named.get(place_id, 0) + 1

    def most_named(self, kind: FeatureKind, places: dict[str, Place]) -> str | None:
        """The place of this kind named most often so far (the latest of equals)."""
        ranked = [(self.named[p], i, p) for i, p in enumerate(self.seen) if p in places and places[p].feature is kind]
        return max(ranked)[2] if ranked else None


@dataclass
class Draft:
    trigger: Token
    carrier: Token
    spec: lx.Trigger
    type: EventType
    sentence_start: int
    sentence_end: int
    sentence: str
    places: list[EventPlace] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    status: Status = Status.HAPPENED
    denied_by: list[str] = field(default_factory=list)
    mode: Mode = Mode.UNKNOWN
    count: int | None = None
    cargo: str | None = None
    date: TimeSpan | None = None
    relative: tuple[Token, int, str] | None = None
    duration_days: int | None = None
    aside: bool = False
    confidence: float = 0.6
    evidence: list[tuple[int, int, str]] = field(default_factory=list)
    definite: bool = False
    reporter: str | None = None
    parent: Draft | None = None
    merged: bool = False
    position: int = 0
    sentence_index: int = 0
    mover: Mover | None = None
    then: set[str] = field(default_factory=set)  # destinations that are later stops ("then to Doha")
    absorbed: set[int] = field(default_factory=set)  # trigger tokens of drafts folded into this one
    in_progress: bool = False  # "headed to", "bound for": under way, not arrived
    both_ways: bool = False  # "flights between A and B": A to B and B to A

    def tokens(self) -> set[int]:
        """The trigger tokens this draft stands for: its own and those folded into it."""
        return {self.trigger.i, self.carrier.i} | self.absorbed

    def take_tokens(self, other: Draft) -> None:
        """Stand for ``other`` too: its trigger tokens and the destinations it was only meant for."""
        self.absorbed |= other.tokens()

    def ids(self, role: Role) -> list[str]:
        return [p.place_id for p in self.places if p.role is role]

    def add_place(self, place_id: str, role: Role, rule: str, why: str, *, inferred: bool = False) -> None:
        """Add a place in a role, once, saying which rule linked it and from which words; a place is
        never both origin and destination of one event."""
        self.keep_place(EventPlace(place_id, role, inferred, because(rule, why)))

    def keep_place(self, place: EventPlace) -> None:
        """Add a place already linked (by this draft's rules or another's), once."""
        if any(p.place_id == place.place_id and p.role is place.role for p in self.places):
            return
        if place.role in {Role.ORIGIN, Role.DESTINATION} and any(
            p.place_id == place.place_id for p in self.places if p.role in {Role.ORIGIN, Role.DESTINATION}
        ):
            return
        self.places.append(place)

    def drop_place(self, place_id: str, role: Role) -> None:
        self.places = [p for p in self.places if not (p.place_id == place_id and p.role is role)]


def because(rule: str, why: str) -> str:
    """The reason an endpoint carries: the id of the rule that linked it, then the words it read."""
    return f"{rule}: {why}"


class Sentence:
    """One parsed sentence with the article's places mapped onto its tokens."""

    def __init__(
        self,
        sent: Span,
        offset: int,
        place_at: dict[int, str],
        demonym_at: dict[int, str],
        places: dict[str, Place] | None = None,
        *,
        rules: RuleSet,
        index: int = 0,
    ) -> None:
        self.rules = rules
        self.index = index  # the sentence's number in the article
        self.sent = sent
        self.offset = offset
        self.place_at = place_at
        self.demonym_at = demonym_at
        self.places: dict[str, Place] = places or {}
        self.owners: set[int] = set()  # tokens that own dates: triggers and the verbs carrying noun triggers
        self.triggers: set[int] = set()  # the trigger tokens

    def place(self, token: Token) -> str | None:
        return self.place_at.get(token.i)

    def demonym(self, token: Token) -> str | None:
        return self.demonym_at.get(token.i)


CountryPlace = Callable[[str], "str | None"]


@dataclass
class Linking:
    """An article's drafts between the passes that work across its sentences, and what they need."""

    drafts: list[Draft]
    places: dict[str, Place]  # the article's places by id, and those the passes added
    chunks: Sequence[Chunk]
    country_id: CountryPlace  # the id of a country's place by its code, adding it when the text never names it
    rules: RuleSet
    dateline: str | None = None  # the place the story is filed from ("KIGALI, May 3 (Reuters) -")

    def live(self) -> list[Draft]:
        return [d for d in self.drafts if not d.merged]
