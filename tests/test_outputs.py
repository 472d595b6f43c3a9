"""Maps, GeoJSON, CSV and KML as files: structure, contents and escaping (no browser here)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geomap.events.across_articles import combine
from geomap.export import export, to_geojson
from geomap.model import ArticleResult
from geomap.pipeline import Resources
from geomap.publish import publish_article, publish_index
from geomap.render.assets import shared_assets
from geomap.render.maps import build_map, map_html
from geomap.render.payload import view_of_article

from .conftest import analyse_text, payload_of


def test_geojson_places_points_movements_lines(sample_result: ArticleResult) -> None:
    data = to_geojson(combine([sample_result]))
    kinds = {f["properties"]["kind"] for f in data["features"]}
    assert kinds == {"place", "movement", "event"}
    for feature in data["features"]:
        geometry, properties = feature["geometry"], feature["properties"]
        if properties["kind"] == "movement" and properties["origin"]:
            assert geometry["type"] == "LineString" and len(geometry["coordinates"]) > 10
        else:
            assert geometry["type"] == "Point"
        if properties["kind"] == "movement" and not properties["origin"]:
            # a movement with only a destination is a point on its destination
            assert properties["destination"] and geometry["coordinates"] == [
                round(p.lon, 6) for p in sample_result.places if p.id == properties["destination"]
            ] + [round(p.lat, 6) for p in sample_result.places if p.id == properties["destination"]]
    rajin = next(f for f in data["features"] if f["properties"].get("origin_name") == "Rajin")
    lon, lat = rajin["geometry"]["coordinates"][0]
    assert abs(lat - 42.25) < 0.1 and abs(lon - 130.28) < 0.1
    assert rajin["properties"]["count"] == 6 and rajin["properties"]["mode"] == "sea"


def test_geojson_written_in_pieces_is_the_same_collection(sample_result: ArticleResult, tmp_path: Path) -> None:
    """The GeoJSON files are written a feature at a time; what a reader gets is the same
    FeatureCollection, one feature a line, that ``to_geojson`` gives, place events included."""
    from geomap.export import geojson_text

    combined = combine([sample_result])
    (_, written) = publish_article(sample_result, tmp_path)
    text = written.read_text(encoding="utf-8")
    assert json.loads(text) == to_geojson(combined) == json.loads("".join(geojson_text(combined)))
    assert len(text.splitlines()) == len(to_geojson(combined)["features"]) + 2
    places = [f for f in to_geojson(combined)["features"] if f["properties"]["kind"] == "place"]
    assert all(
        f["properties"]["events"]
        == [e.id for e in sample_result.events if any(p.place_id == f["id"] for p in e.places)]
        for f in places
    )
    assert any(f["properties"]["events"] for f in places)


def test_result_text_is_the_result_json(sample_result: ArticleResult) -> None:
    """``geomap extract`` and the store write a result's JSON an event at a time: the same text,
    byte for byte, as the JSON of the whole result at once."""
    from geomap.serialize import result_to_json, result_to_text

    for with_text in (False, True):
        assert result_to_text(sample_result, with_text=with_text) == json.dumps(
            result_to_json(sample_result, with_text=with_text), ensure_ascii=False
        )


def test_csv_export(sample_result: ArticleResult) -> None:
    rows = list(csv.DictReader(io.StringIO(export([sample_result], "csv"))))
    movement = next(r for r in rows if r["kind"] == "movement" and r["origin"] == "Rajin")
    assert movement["destination"] == "Dunay" and movement["count"] == "6"
    assert float(movement["destination_lat"]) == pytest.approx(42.879, abs=0.01)
    assert any(r["kind"] == "place" and r["name"] == "Pyongyang" for r in rows)


def test_one_definition_of_a_movement(sample_result: ArticleResult, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The map, the index header, GeoJSON, CSV and KML all count the same movements."""
    expected = sum(1 for e in sample_result.events if e.is_movement)
    assert expected > sum(1 for e in sample_result.events if e.origin and e.destination)  # some lack an origin
    payload = payload_of(map_html(build_map(view_of_article(sample_result), shared=shared_assets(settings.data_dir))))
    geojson = to_geojson(combine([sample_result]))
    rows = list(csv.DictReader(io.StringIO(export([sample_result], "csv"))))
    kml = ET.fromstring(export([sample_result], "kml"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    folders = {f.findtext("k:name", namespaces=ns): f for f in kml.findall(".//k:Folder", ns)}
    index, _ = publish_index([sample_result], tmp_path)
    header = re.search(r"(\d+) movements", index.read_text(encoding="utf-8"))
    assert len(payload["movements"]) == expected
    assert sum(1 for f in geojson["features"] if f["properties"]["kind"] == "movement") == expected
    assert sum(1 for r in rows if r["kind"] == "movement") == expected
    assert len(folders["Movements"].findall("k:Placemark", ns)) == expected
    assert header is not None and int(header.group(1)) == expected


def test_kml_export_is_valid_xml(hostile: ArticleResult) -> None:
    root = ET.fromstring(export([hostile], "kml"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert root.findall(".//k:Placemark", ns)
    assert root.findall(".//k:LineString", ns)


def test_movements_reported_twice_merge_in_the_index(resources: Resources) -> None:
    one = analyse_text("The cargo ship left Odesa on Monday bound for Istanbul.", resources)
    two = analyse_text("A grain ship sailed from Odesa to Istanbul on Monday, port officials said.", resources)
    two = ArticleResult(
        two.article.__class__(**{**{s: getattr(two.article, s) for s in two.article.__slots__}, "id": "other"}),
        two.places,
        tuple(
            e.__class__(**{**{s: getattr(e, s) for s in e.__slots__}, "article_id": "other", "sources": ("other",)})
            for e in two.events
        ),
    )
    merged = combine([one, two])
    moves = [e for e in merged.events if e.is_movement]
    assert len(moves) == 1
    assert set(moves[0].sources) == {one.article.id, "other"}
    assert len(moves[0].evidence) == 2
