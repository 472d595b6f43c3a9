"""One definition of a place's and an event's JSON: the schema file is generated from it, and every
output (the store, GeoJSON, CSV, the map payload) validates against it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from geomap.cli import main
from geomap.events.across_articles import combine
from geomap.export import export, geojson_features
from geomap.model import ArticleResult
from geomap.render.payload import build_payload, view_of_article, view_of_articles
from geomap.schema import LIST_SEPARATOR, definition, json_schema, schema_text
from geomap.serialize import result_from_json, result_to_json, result_to_text

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "schema.json"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = definition(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_file_is_generated_from_the_one_definition(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/schema.json is what ``geomap schema`` prints from geomap.schema: it cannot drift."""
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == schema_text() == SCHEMA_FILE.read_text(encoding="utf-8"), "run: geomap schema > docs/schema.json"
    jsonschema.Draft202012Validator.check_schema(json.loads(printed))


def test_the_payload_and_the_csv_use_the_names_of_the_definitions() -> None:
    """The payload selects fields of a place and an event, and every CSV column is one of their
    fields (or an endpoint's coordinates): no output has a name of its own."""
    defs = json_schema()["$defs"]
    for selection, whole in (("payload_place", "place"), ("payload_event", "event")):
        assert set(defs[selection]["properties"]) <= set(defs[whole]["properties"])
    fields = set(defs["place"]["properties"]) | set(defs["event"]["properties"])
    flattened = {c for c in defs["csv_row"]["properties"] if c.endswith(("_lat", "_lon"))}
    assert flattened == {f"{end}_{axis}" for end in ("origin", "destination", "location") for axis in ("lat", "lon")}
    assert set(defs["csv_row"]["properties"]) - flattened <= fields


def _typed(cell: str, schema: dict[str, Any]) -> Any:
    """A CSV cell as the value the schema describes: a list split, a number parsed, a formula-like
    text unquoted (the export quotes those for spreadsheets)."""
    types = {schema.get("type")} | {o.get("type") for o in schema.get("anyOf", [])}
    if "array" in types:
        return cell.split(LIST_SEPARATOR)
    if "integer" in types:
        return int(cell)
    if "number" in types:
        return float(cell)
    return cell[1:] if cell.startswith("'") and cell[1:2] in {"=", "+", "-", "@"} else cell


@pytest.fixture(params=["sample", "hostile"])
def result(request: pytest.FixtureRequest) -> ArticleResult:
    return request.getfixturevalue(f"{request.param}_result" if request.param == "sample" else request.param)  # type: ignore[no-any-return]


def test_every_output_validates(result: ArticleResult, sample_result: ArticleResult) -> None:
    # The store and geomap extract: with and without the text, read back to the same result.
    stored = validator("result")
    for with_text in (False, True):
        data = json.loads(result_to_text(result, with_text=with_text))
        stored.validate(data)
        assert data == json.loads(json.dumps(result_to_json(result, with_text=with_text)))
    assert result_from_json(json.loads(result_to_text(result, with_text=True))) == result
    # GeoJSON: every feature's properties are a place's or an event's JSON.
    combined = combine([result])
    features = list(geojson_features(combined))
    kinds = {f["properties"]["kind"] for f in features}
    assert {"place", "movement"} <= kinds
    place, event = validator("place"), validator("event")
    for feature in features:
        (place if feature["properties"]["kind"] == "place" else event).validate(feature["properties"])
    # CSV: every row, its cells typed as the schema says.
    row_schema = json_schema()["$defs"]["csv_row"]["properties"]
    csv_row = validator("csv_row")
    rows = list(csv.DictReader(io.StringIO(export([result], "csv"))))
    assert {r["kind"] for r in rows} >= {"place", "movement"}
    for row in rows:
        csv_row.validate({k: _typed(v, row_schema[k]) for k, v in row.items() if v != ""})
    # The map payload of the article's map and of an index of both articles.
    payloads = [
        build_payload(view_of_article(result)),
        build_payload(view_of_articles([sample_result, result], title="index", hrefs={})),
    ]
    payload_place, payload_event = validator("payload_place"), validator("payload_event")
    for payload in payloads:
        assert payload["places"] and payload["events"]
        for item in payload["places"]:
            payload_place.validate(item)
        for item in payload["events"]:
            payload_event.validate(item)


def test_every_reason_of_the_payload_is_one_an_event_gives(sample_result: ArticleResult) -> None:
    """Reasons are sent once and referred to by index: the first (index 0) is referred to like the others."""
    payload = build_payload(view_of_article(sample_result))
    used = {e[k] for e in payload["events"] for k in ("origin_reason", "destination_reason") if k in e}
    assert payload["reasons"] and used == set(range(len(payload["reasons"])))


def test_a_key_no_definition_has_is_an_error(sample_result: ArticleResult) -> None:
    """What keeps the outputs honest: a renamed key, or a reference by id where the payload gives
    an index, fails validation."""
    payload = build_payload(view_of_article(sample_result))
    event = next(e for e in payload["events"] if "time_precision" in e)
    renamed = {("timePrecision" if k == "time_precision" else k): v for k, v in event.items()}
    with pytest.raises(jsonschema.ValidationError, match="timePrecision"):
        validator("payload_event").validate(renamed)
    by_id = {**event, "sources": [sample_result.article.id]}
    with pytest.raises(jsonschema.ValidationError):
        validator("payload_event").validate(by_id)
    [place] = [f for f in geojson_features(combine([sample_result])) if f["properties"]["kind"] == "place"][:1]
    with pytest.raises(jsonschema.ValidationError, match="mentions"):
        validator("place").validate({**place["properties"], "mentions": 3})
