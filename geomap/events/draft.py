"""The working state of event linking: drafts of events, parsed sentences, what earlier sentences said."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import (
    Actor,
    EventPlace,
    EventType,
    Mode,
    Role,
    Status,
    TimeSpan,
)
from . import lexicon as lx

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


# How far apart (in characters) two mentions of one event may be.
MERGE_WINDOW = 6000


MOVEMENT_TYPES = frozenset(
    {EventType.VISIT, EventType.TRIP, EventType.SHIPMENT, EventType.TRANSFER, EventType.DEPLOYMENT}
)


TRAVEL = frozenset({EventType.VISIT, EventType.TRIP})


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
    last_port: str | None = None
    last_group: list[Actor] = field(default_factory=list)


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

    def ids(self, role: Role) -> list[str]:
        return [p.place_id for p in self.places if p.role is role]

    def add_place(self, place_id: str, role: Role, inferred: bool = False) -> None:
        if any(p.place_id == place_id and p.role is role for p in self.places):
            return
        if role in {Role.ORIGIN, Role.DESTINATION} and any(
            p.place_id == place_id for p in self.places if p.role in {Role.ORIGIN, Role.DESTINATION}
        ):
            return
        self.places.append(EventPlace(place_id, role, inferred))


class Sentence:
    """One parsed sentence with the article's places mapped onto its tokens."""

    def __init__(self, sent: Span, offset: int, place_at: dict[int, str], demonym_at: dict[int, str]) -> None:
        self.sent = sent
        self.offset = offset
        self.place_at = place_at
        self.demonym_at = demonym_at
        self.owners: set[int] = set()

    def place(self, token: Token) -> str | None:
        return self.place_at.get(token.i)

    def demonym(self, token: Token) -> str | None:
        return self.demonym_at.get(token.i)
