"""The registry of event rules: each rule's example gives its movements, and does not with that rule alone off.

The examples are sentences written for this project (geomap/events/rules.py). A rule whose example
still gives the same movements when it is off does nothing the others do not: the test fails, and
the rule is either made to matter or removed.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from geomap.errors import ConfigurationError
from geomap.events.draft import RuleSet
from geomap.events.rules import ALL_RULES, ARTICLE_PASSES, NO_DATE, RULE_IDS, RULES, Leg, Pass, Rule
from geomap.ingest import parse_article
from geomap.model import Event, Place, Source
from geomap.nlp import parse_texts
from geomap.pipeline import Located, Resources, link_located, locate_places

EVENTS = Path(__file__).resolve().parents[1] / "geomap" / "events"


def _located(text: str, resources: Resources) -> Located:
    source = Source(path="example.txt", text=text, format="txt", encoding="utf-8")
    article = parse_article(source, reference_date=dt.date(2023, 10, 19))
    return locate_places(article, next(parse_texts(resources.nlp, [article.text])), resources)


def _named(place: Place | None, name: str | None) -> bool:
    if place is None or name is None:
        return place is None and name is None
    return place.name == name or any(m.text == name for m in place.mentions)


def _matches(leg: Leg, event: Event, places: dict[str, Place]) -> bool:
    if leg.at:
        where = event.locations[0] if event.locations else None
        origin, destination = None, places.get(where) if where else None
    else:
        origin = places.get(event.origin) if event.origin else None
        destination = places.get(event.destination) if event.destination else None
    return (
        _named(origin, leg.origin)
        and _named(destination, leg.destination)
        and event.status is leg.status
        and (leg.type is None or event.type is leg.type)
        and (leg.mode is None or event.mode is leg.mode)
        and (leg.date is None or (event.date.iso if event.date else NO_DATE) == leg.date)
        and (leg.denied_by is None or any(leg.denied_by in d for d in event.denied_by))
    )


def _shown(event: Event, places: dict[str, Place]) -> str:
    origin = places[event.origin].name if event.origin else "?"
    where = event.destination or (event.locations[0] if event.locations else None)
    date = event.date.iso if event.date else None
    return (
        f"{origin} -> {places[where].name if where else None} "
        f"({event.status}, {event.type}, {event.mode}, {date}, denied by {list(event.denied_by)})"
    )


def _gives(rule: Rule, located: Located, resources: Resources, rules: RuleSet) -> tuple[bool, list[str]]:
    """Whether linking with ``rules`` gives exactly the rule's movements (and its events at a place),
    and what it gave."""
    events, extra = link_located(located, resources, rules=rules)
    places = {p.id: p for p in (*located.resolution.places, *extra)}
    movements = [e for e in events if e.is_movement]
    shown = [_shown(e, places) for e in events if e.is_movement or e.locations]
    left = list(movements)
    for leg in rule.gives:
        # movements one to one and no other; an event at a place need only be there
        pool = [e for e in events if not e.is_movement] if leg.at else left
        match = next((e for e in pool if _matches(leg, e, places)), None)
        if match is None:
            return False, shown
        if not leg.at:
            left.remove(match)
    return not left, shown


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in RULES])
def test_example_needs_its_rule(rule: Rule, resources: Resources) -> None:
    located = _located(rule.example, resources)
    on, shown = _gives(rule, located, resources, ALL_RULES)
    assert on, f"{rule.example!r} should give {[str(g) for g in rule.gives]}, gave {shown}"
    off, shown_off = _gives(rule, located, resources, ALL_RULES.without([rule.id]))
    assert not off, f"with {rule.id} off, {rule.example!r} still gives {shown_off}: the rule does nothing"


def _rule_ids_in_code() -> set[str]:
    """Every string in the event modules that names a registered pass ("pass.name")."""
    passes = {p.value for p in Pass}
    found: set[str] = set()
    for path in EVENTS.glob("*.py"):
        if path.name == "rules.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.count(".") == 1:
                head, _, tail = node.value.partition(".")
                if head in passes and tail and tail.replace("-", "").isalpha():
                    found.add(node.value)
    return found


def test_every_rule_in_the_code_is_registered_and_every_registered_rule_is_used() -> None:
    used = _rule_ids_in_code()
    assert used - RULE_IDS == set(), "rules the code asks about that the registry lacks"
    assert RULE_IDS - used == set(), "registered rules whose id no code names"


def test_the_registry_is_in_the_order_of_the_passes() -> None:
    order = list(Pass)
    positions = [order.index(r.pass_) for r in RULES]
    assert positions == sorted(positions)
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.example for r in RULES}) == len(RULES), "every rule has an example of its own"
    assert all(r.does and r.origin for r in RULES)
    assert set(ARTICLE_PASSES) <= {r.pass_ for r in RULES}, "every pass across sentences has rules"


def test_asking_about_a_rule_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(KeyError, match="no event rule"):
        ALL_RULES.on("roles.teleport")
    with pytest.raises(ConfigurationError, match="geomap rules"):
        ALL_RULES.without(["roles.teleport"])
    assert not ALL_RULES.without(["roles.prep"]).on("roles.prep")
