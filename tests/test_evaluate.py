"""The metrics of ``geomap eval`` on a tiny hand-made corpus with known answers."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.errors import CorpusError
from geomap.evaluate import MAX_ERROR_KM, GoldToponym, auc, evaluate_corpus, format_report, read_corpus
from geomap.model import Candidate, FeatureKind
from geomap.pipeline import Resources
from geomap.settings import Settings
from geomap.toponym_kinds import KINDS, toponym_kind

KEYS = {"corpus", "documents", "gold_toponyms", "recognition", "end_to_end", "gold_toponyms_given", "coverage_161"}


def _doc(doc_id: str, text: str, toponyms: list[tuple[str, float, float]]) -> dict[str, object]:
    spans = []
    for name, lat, lon in toponyms:
        start = text.index(name)
        spans.append({"start": start, "end": start + len(name), "name": name, "lat": lat, "lon": lon})
    return {"id": doc_id, "text": text, "toponyms": spans}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    docs = [
        # Paris, France: found and right. Berlin: found and right.
        _doc(
            "a",
            "Ministers met in Paris and later flew to Berlin.",
            [("Paris", 48.8534, 2.3488), ("Berlin", 52.5244, 13.4105)],
        ),
        # The gold says Paris, Texas; the text gives no clue, so the resolver picks France: wrong by ~8,000 km.
        _doc("b", "The fair opened in Paris on Friday.", [("Paris", 33.6609, -95.5555)]),
        # A place the gazetteer has never heard of: found by the model but unresolvable, so not a predicted
        # place (it is reported, not mapped), wrong end to end, uncovered, and the worst error when gold is given.
        _doc("c", "Villagers in Xqztown cheered.", [("Xqztown", 10.0, 10.0)]),
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return path


def test_auc_bounds() -> None:
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([MAX_ERROR_KM] * 3) == pytest.approx(1.0, abs=1e-4)
    assert auc([0.0, MAX_ERROR_KM]) == pytest.approx(0.5, abs=1e-4)
    assert auc([160.0]) == pytest.approx(math.log(161) / math.log(MAX_ERROR_KM))


def test_metrics_on_a_tiny_corpus(corpus: Path, settings: Settings, resources: Resources) -> None:
    report = evaluate_corpus(corpus, settings, progress=False, resources=resources)
    assert set(report) == KEYS
    assert report["documents"] == 3
    assert report["gold_toponyms"] == 4
    # Predicted places: three of the four gold spans, and nothing else; Xqztown is left unmapped.
    rec = report["recognition"]
    assert (rec["precision"], rec["recall"]) == (1.0, 0.75)
    # Right within 161 km: Paris (a) and Berlin; Paris (b) is wrong; Xqztown has no coordinates.
    assert report["end_to_end"]["acc_161"] == pytest.approx(0.5)
    given = report["gold_toponyms_given"]
    assert given["acc_161"] == pytest.approx(0.5)
    assert given["median_km"] > 161
    assert 0.4 < given["auc"] < 0.6
    # Paris, Berlin and Paris, Texas all have a candidate within 161 km; Xqztown has none.
    assert report["coverage_161"] == pytest.approx(0.75)


@pytest.mark.process
def test_eval_command_prints_the_json_keys(corpus: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "eval", str(corpus), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == KEYS
    table = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "eval", str(corpus)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "recognition F1" in table.stdout and "coverage@161 km" in table.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("not json\n", "tiny.jsonl:1", id="not-json"),
        pytest.param('{"id": "x"}\n', "tiny.jsonl:1", id="no-text"),
        pytest.param(
            '{"text": "ab", "toponyms": [{"start": 0, "end": 9, "lat": 1, "lon": 2}]}\n',
            "outside",
            id="span-outside-text",
        ),
        pytest.param(
            '{"text": "ab", "toponyms": [{"start": 0, "end": 2, "lat": NaN, "lon": 2}]}\n',
            "has no point",
            id="no-point",
        ),
    ],
)
def test_bad_corpus_lines_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "tiny.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        list(read_corpus(path))


def test_by_kind(corpus: Path, settings: Settings, resources: Resources) -> None:
    report = evaluate_corpus(corpus, settings, progress=False, resources=resources, by_kind=True)
    kinds = report["by_kind"]
    assert set(kinds) == {*KINDS, "sub_country"}
    # Paris, Berlin and Paris (Texas) are towns; Xqztown has no candidate and no kind word, so it is "other".
    assert kinds["city"]["toponyms"] == 3 and kinds["other"]["toponyms"] == 1
    assert kinds["other"]["uncovered"] == 1 and kinds["city"]["uncovered"] == 0
    assert kinds["city"]["gold_toponyms_given_acc_161"] == pytest.approx(2 / 3, abs=1e-3)
    assert kinds["sub_country"]["toponyms"] == 4
    assert "by_kind" not in evaluate_corpus(corpus, settings, progress=False, resources=resources)
    # The table shows the kinds the corpus has, with their uncovered toponyms.
    table = format_report(report).splitlines()
    assert any(row.split()[:2] == ["other", "1"] and row.split()[-1] == "1" for row in table)
    assert not any(row.startswith("camp_crossing") for row in table)


@pytest.mark.parametrize(
    ("gold", "expected"),
    [
        pytest.param((52.0, 20.0), ("country", False), id="country-at-its-point"),
        pytest.param((52.6, 19.0), ("country", False), id="country-at-another-point-within-1000-km"),
        pytest.param((41.02, -80.61), ("city", True), id="the-namesake-town"),
    ],
)
def test_toponym_kind(gold: tuple[float, float], expected: tuple[str, bool]) -> None:

    country = Candidate("Poland", 52.0, 20.0, FeatureKind.COUNTRY, country_code="PL")
    town = Candidate("Poland", 41.02, -80.61, FeatureKind.CITY, country_code="US")
    toponym = GoldToponym(0, 6, "Poland", *gold)
    assert toponym_kind(toponym, [(country, "name"), (town, "name")]) == expected


def test_a_page_title_is_read_for_its_words(tmp_path: Path) -> None:
    path = tmp_path / "titled.jsonl"
    page = "https://en.wikipedia.org/wiki/Motuora_Island_%28New_Zealand%29"
    record = {
        "text": "Boats left Motuora.",
        "toponyms": [{"start": 11, "end": 18, "lat": -36.5, "lon": 174.8, "page": page}],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = read_corpus(path)
    assert doc.toponyms[0].title == "Motuora Island (New Zealand)"
