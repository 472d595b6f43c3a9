"""``geomap eval SPEC.json``: movements scored against a spec, the check split kept unread, ablation."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from geomap.cli import main
from geomap.errors import ConfigurationError, CorpusError
from geomap.evaluate_movements import (
    Case,
    Expected,
    evaluate_movements,
    format_movement_report,
    is_movement_spec,
    read_spec,
    score_case,
)
from geomap.events.rules import RULES
from geomap.model import Event, EventPlace, EventType, FeatureKind, Mode, Place, Role, Status
from geomap.pipeline import Resources
from geomap.settings import Settings

OWN = Path(__file__).parent / "movements" / "spec.json"

# Three places 500 km and more apart, and one 50 km from the first.
PLACES = {
    "a": Place("a", "Alpha", 10.0, 10.0, FeatureKind.CITY, (), "", 1.0, country_code="AA"),
    "a2": Place("a2", "Alpha Port", 10.3, 10.3, FeatureKind.CITY, (), "", 1.0, country_code="AA"),
    "b": Place("b", "Beta", 15.0, 15.0, FeatureKind.CITY, (), "", 1.0, country_code="BB"),
    "c": Place("c", "Gamma", 20.0, 20.0, FeatureKind.CITY, (), "", 1.0, country_code="CC"),
}


def _event(origin: str | None, destination: str, status: Status = Status.HAPPENED) -> Event:
    ends = [EventPlace(origin, Role.ORIGIN)] if origin else []
    ends.append(EventPlace(destination, Role.DESTINATION))
    return Event("x:e", "x", EventType.TRIP, "went", "", 0, 0, tuple(ends), status, Mode.UNKNOWN, 0.5)


def _expected(origin: object, destination: object, *, optional: bool = False, status: str = "happened") -> Expected:
    def end(value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    return Expected("m", end(origin), end(destination), (status,), optional, 120.0, 120.0)  # type: ignore[arg-type]


def _case(*movements: Expected) -> Case:
    return Case("01-x.txt", Path("01-x.txt"), dt.date(2024, 1, 1), "tune", False, movements)


def test_an_endpoint_is_a_point_within_its_tolerance_a_country_code_or_anything() -> None:
    case = _case(
        _expected([10.0, 10.0], [15.0, 15.0]),  # points: Alpha Port lies 50 km from Alpha
        _expected("BB", "CC"),  # codes
        _expected(None, [10.0, 10.0]),  # an origin the text does not state: any, even none
    )
    events = [_event("a2", "b"), _event("b", "c"), _event(None, "a")]
    score = score_case(case, events, PLACES)
    assert (score.tally.found, score.tally.false, score.tally.duplicates) == (3, 0, 0)


def test_an_output_with_no_origin_does_not_match_a_stated_origin() -> None:
    score = score_case(_case(_expected([10.0, 10.0], [15.0, 15.0])), [_event(None, "b")], PLACES)
    assert (score.tally.found, score.tally.false) == (0, 1)


def test_one_to_one_duplicates_optional_entries_and_statuses() -> None:
    case = _case(
        _expected(None, [15.0, 15.0], status="planned"),
        _expected(None, [20.0, 20.0], optional=True),
    )
    events = [
        _event("a", "b", Status.HAPPENED),  # matches the counted movement, with the wrong status
        _event("c", "b"),  # the same movement again: a duplicate, not false
        _event(None, "c"),  # matches only the optional one: neither found nor false
        _event("b", "a"),  # matches nothing: false
    ]
    score = score_case(case, events, PLACES)
    assert (score.tally.found, score.tally.counted, score.tally.outputs) == (1, 1, 4)
    assert (score.tally.false, score.tally.duplicates) == (1, 1)
    assert (score.tally.status_ok, score.tally.status_n) == (0, 1)
    assert any(line.startswith("false: ") for line in score.lines)


def test_the_most_specific_expected_movement_is_matched_first() -> None:
    """A point pair takes the one output that fits it, before a null origin, which any output fits."""
    case = _case(_expected(None, [15.0, 15.0]), _expected([10.0, 10.0], [15.0, 15.0]))
    score = score_case(case, [_event("a", "b"), _event(None, "b")], PLACES)
    assert score.tally.found == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("[1, 2]", "a JSON object with a list of 'cases'", id="not-an-object"),
        pytest.param("{not json", "not a JSON movement spec", id="not-json"),
        pytest.param('{"cases": [{"reference_date": "2024-01-01"}]}', "case 1: not a movement case", id="no-file"),
        pytest.param(
            '{"cases": [{"file": "a.txt", "reference_date": "2024-01-01", "movements": [{"to": [1, 2, 3]}]}]}',
            "an endpoint is [lat, lon]",
            id="bad-endpoint",
        ),
        pytest.param(
            '{"cases": [{"file": "a.txt", "reference_date": "2024-01-01", "movements": [{"to": "FR", '
            '"status": "arrived"}]}]}',
            "'arrived' is not a valid Status",
            id="bad-status",
        ),
        pytest.param(
            '{"cases": [{"file": "a.txt", "reference_date": "2024-01-01", "split": "train"}]}',
            "split 'train'",
            id="bad-split",
        ),
        pytest.param(
            '{"cases": [{"file": "a.txt", "reference_date": "2024-01-01", "movements": ["Paris"]}]}',
            "case 1: not a movement case (a movement is a JSON object",
            id="movement-not-an-object",
        ),
        pytest.param(
            '{"cases": [{"file": "a.txt", "reference_date": "2024-01-01", "movements": [{"to": "FR", "to_km": -5}]}]}',
            "case 1: not a movement case (to_km must be a distance",
            id="bad-tolerance",
        ),
        pytest.param('{"km_tol": "far", "cases": []}', "km_tol must be a distance", id="bad-km-tol"),
    ],
)
def test_a_bad_spec_is_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "spec.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(message)):
        read_spec(path)


def test_a_spec_is_told_from_a_toponym_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "x", "toponyms": []}\n{"id": 2, "text": "y", "toponyms": []}\n')
    late = tmp_path / "late.json"  # laid out by hand: "cases" after a long note, a brace on its own line
    late.write_text('{"_doc": "' + "x" * 5000 + '",\n "cases": [\n{"file": "a.txt"}]}', encoding="utf-8")
    assert is_movement_spec(OWN)
    assert is_movement_spec(late)
    assert not is_movement_spec(corpus)
    assert not is_movement_spec(tmp_path / "missing.json")


def test_our_own_reports(settings: Settings, resources: Resources) -> None:
    """The reports of tests/movements, written for these tests: what the event layer finds on them."""
    report = evaluate_movements(OWN, settings, resources=resources)
    totals = report.totals
    assert totals.counted == 52 == sum(c.counted for c in read_spec(OWN))
    # what the event layer finds today: a change that loses one movement or one status, or adds a
    # false arrow, shows here (and may lower these numbers only with a reason)
    lines = format_movement_report(report, details=True)
    assert totals.found >= 42, lines
    assert totals.false <= 5, lines
    assert totals.status_ok >= 41, lines
    negative = [s for s in report.scores if s.case.negative_control]
    assert negative and all(s.tally.outputs == 0 for s in negative), "no movement in a report that states none"


@pytest.fixture
def split_spec(tmp_path: Path) -> Path:
    """Three of our reports: the first two in the tune split, the third in the check split."""
    data = json.loads(OWN.read_text(encoding="utf-8"))
    cases = data["cases"][:3]
    cases[2]["split"] = "check"
    for case in cases:
        case["file"] = str((OWN.parent / case["file"]).resolve())
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({"km_tol": 120, "cases": cases}), encoding="utf-8")
    return path


def test_check_cases_show_counts_never_movements(split_spec: Path, settings: Settings, resources: Resources) -> None:
    report = evaluate_movements(split_spec, settings, resources=resources)
    *tune, check = report.scores
    assert all(t.lines for t in tune) and not check.lines
    assert "details" in report.as_dict()["cases"][0] and "details" not in report.as_dict()["cases"][2]
    with pytest.raises(ConfigurationError, match="--split tune"):
        evaluate_movements(split_spec, settings, resources=resources, ablate=True)
    only_check = evaluate_movements(split_spec, settings, resources=resources, split="check")
    assert [s.case.split for s in only_check.scores] == ["check"]


def test_ablation_switches_each_rule_off_in_turn(split_spec: Path, settings: Settings, resources: Resources) -> None:
    report = evaluate_movements(split_spec, settings, resources=resources, split="tune", ablate=True)
    worth = {w.rule: w for w in report.worth}
    assert set(worth) == {r.id for r in RULES}
    # both reports need their prepositions; only the president's tour needs "she" to be the traveller
    assert worth["roles.prep"].found > 0 and worth["roles.prep"].articles == 2
    assert worth["mover.traveller"].found == 1 and worth["mover.traveller"].articles == 1
    assert not worth["trigger.virtual"].pays


def test_switching_a_rule_off_changes_what_is_found(settings: Settings, resources: Resources) -> None:
    full = evaluate_movements(OWN, settings, resources=resources, only=[1])
    without = evaluate_movements(OWN, settings, resources=resources, only=[1], rules_off=["roles.prep"])
    assert without.totals.found < full.totals.found
    with pytest.raises(ConfigurationError, match=r"no event rule 'roles\.nothing'"):
        evaluate_movements(OWN, settings, resources=resources, rules_off=["roles.nothing"])


def test_the_eval_command_scores_a_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(OWN), "--only", "1,8", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [c["case"] for c in report["cases"]] == [
        "articles/01-grain-ships-bandirma.txt",
        "articles/08-neg-heatwave-spain.txt",
    ]
    assert report["recall"] > 0 and report["counted"] == 5
    assert main(["eval", str(OWN), "--only", "8", "--details"]) == 0
    out = capsys.readouterr().out
    assert "08-neg-heatwave-spain.txt: found 0/0, false 0 of 0" in out and "recall" in out
    assert main(["eval", str(OWN), "--by-kind"]) == 2
    assert "movement spec" in capsys.readouterr().err


def test_the_rules_command_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in lines] == [r.id for r in RULES]
    assert all(r["example"] and r["gives"] and r["origin"] for r in lines)
