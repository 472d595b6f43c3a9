"""Maps, GeoJSON, CSV and KML as files: structure, contents and escaping (no browser here)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geomap.events.across_articles import combine
from geomap.export import export, to_geojson
from geomap.model import ArticleResult, Role
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
    movement = next(r for r in rows if r["kind"] == "movement" and r["origin_name"] == "Rajin")
    assert movement["destination_name"] == "Dunay" and movement["count"] == "6"
    assert float(movement["destination_lat"]) == pytest.approx(42.879, abs=0.01)
    assert any(r["kind"] == "place" and r["name"] == "Pyongyang" for r in rows)


def test_one_definition_of_a_movement(sample_result: ArticleResult, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The map, the index header, GeoJSON, CSV and KML all count the same movements; an event
    whose origin is its destination is none of them."""
    moved = next(e for e in sample_result.events if e.origin and e.destination)
    stayed = dataclasses.replace(
        moved,
        id=moved.id + "-stayed",
        places=tuple(
            dataclasses.replace(p, place_id=moved.destination) if p.role is Role.ORIGIN else p for p in moved.places
        ),
    )
    assert stayed.origin == stayed.destination is not None and not stayed.is_movement
    sample_result = dataclasses.replace(sample_result, events=(*sample_result.events, stayed))
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


def test_precisions_follow_the_acled_scale() -> None:
    """Every kind of place has a location precision, towns finer than districts finer than
    countries; dates to the day are 1, a week or a few days 2, a month or more 3, none for none."""
    import datetime as dt

    from geomap.dates import resolve_date
    from geomap.model import FeatureKind, Place
    from geomap.precision import location_precision, time_precision

    def place(kind: FeatureKind) -> Place:
        return Place("p", "P", 0.0, 0.0, kind, (), "", 1.0)

    assert {location_precision(place(kind)) for kind in FeatureKind} == {1, 2, 3}
    assert [location_precision(place(k)) for k in (FeatureKind.CITY, FeatureKind.ADMIN2, FeatureKind.COUNTRY)] == [
        1,
        2,
        3,
    ]
    anchor = dt.date(2024, 3, 14)
    precisions = {text: time_precision(resolve_date(text, anchor)) for text in DATED}
    assert precisions == DATED
    assert time_precision(None) is None


# How precisely each expression dates an event (ACLED time_precision).
DATED = {
    "on Tuesday": 1,
    "March 2": 1,
    "last week": 2,
    "late February": 2,
    "this weekend": 2,
    "in the past ten days": 2,
    "in January": 3,
    "in 2023": 3,
}


def test_exports_open_in_gdal_with_styles_times_and_precisions(sample_result: ArticleResult, tmp_path: Path) -> None:
    """A GIS user opens the GeoJSON, the CSV and the KML with GDAL (what QGIS, kepler.gl's
    converters and geopandas use) and gets typed dates, both precisions, and in KML each event
    type's colour and line width and the times Google Earth's slider reads."""
    import numpy as np
    import pyogrio
    from pyogrio.raw import read

    from geomap.render.style import line_width, type_color

    events = {e.id: e for e in combine([sample_result]).events}
    dated = {i for i, e in events.items() if e.date is not None}
    assert dated and set(events) - dated  # the sample has dated and undated events
    files = {}
    for fmt in ("geojson", "csv", "kml"):
        files[fmt] = tmp_path / f"sample.{fmt}"
        files[fmt].write_text(export([sample_result], fmt), encoding="utf-8")

    def columns(path: Path, **options: object) -> dict[str, np.ndarray]:
        meta, _, _, values = read(path, **options)
        return dict(zip(meta["fields"], values, strict=True))

    def day(value: object) -> str:
        return str(np.datetime64(value, "D"))

    # GeoJSON: every feature has a location precision; dated events a time precision and typed days.
    geo = columns(files["geojson"])
    assert set(geo["location_precision"].tolist()) <= {1, 2, 3} and len(set(geo["location_precision"].tolist())) > 1
    assert geo["date_start"].dtype.kind == "M" and geo["time_precision"].dtype.kind in "if"
    for kind, ident, start, end, precision in zip(
        geo["kind"], geo["id"], geo["date_start"], geo["date_end"], geo["time_precision"], strict=True
    ):
        if kind == "place":
            continue
        date = events[ident].date
        if date is None:
            assert np.isnat(start) and np.isnan(precision)
        else:
            assert (day(start), day(end)) == (date.start.isoformat(), date.end.isoformat())
            assert int(precision) in {1, 2, 3}
    # CSV: GDAL finds dates in date_start and date_end (every dated row has them), numbers in the precisions.
    table = columns(files["csv"], X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat", AUTODETECT_TYPE="YES")
    assert table["date_start"].dtype.kind == table["date_end"].dtype.kind == "M"
    rows = list(
        zip(table["kind"], table["id"], table["date"], table["date_start"], table["time_precision"], strict=True)
    )
    assert all((date == "") == bool(np.isnat(start)) for kind, _, date, start, _ in rows if kind != "place")
    assert all(
        (ident in dated) == (not np.isnan(precision)) for kind, ident, _, _, precision in rows if kind != "place"
    )
    assert any(kind == "place" and not np.isnat(start) for kind, _, _, start, _ in rows)  # a place's events' days
    places = {
        n: p for k, n, p in zip(table["kind"], table["name"], table["location_precision"], strict=True) if k == "place"
    }
    assert len(places) == len(sample_result.places) and set(places.values()) <= {1, 2, 3}
    assert (places["Pyongyang"], places["Russia"]) == (1, 3)  # a city is exact, a country is not
    # KML: LIBKML, with its styles resolved onto each placemark, as QGIS shows them.
    assert pyogrio.read_info(files["kml"], layer="Movements")["driver"] == "LIBKML"
    pyogrio.set_gdal_config_options({"LIBKML_RESOLVE_STYLE": True})
    try:
        drawn = {i for k, i in zip(geo["kind"], geo["id"], strict=True) if k != "place"}
        placemarks = []
        for layer in ("Movements", "Events"):
            kml = columns(files["kml"], sql=f"SELECT OGR_STYLE, * FROM {layer}")
            for style, ident, stamp, begin, finish, time, where in zip(
                kml["OGR_STYLE"],
                kml["event_id"],
                kml["timestamp"],
                kml["begin"],
                kml["end"],
                kml["time_precision"],
                kml["location_precision"],
                strict=True,
            ):
                event = events[ident]
                placemarks.append(ident)
                color = type_color(event.type).upper()
                assert f"PEN(c:{color}FF,w:{line_width(event.count):f}px)" in style, style
                assert int(where) in {1, 2, 3}
                if event.date is None:
                    assert np.isnat(stamp) and np.isnat(begin) and np.isnan(time)
                    continue
                assert int(time) in {1, 2, 3}
                if event.date.start == event.date.end:
                    assert day(stamp) == event.date.start.isoformat()
                else:
                    assert (day(begin), day(finish)) == (event.date.start.isoformat(), event.date.end.isoformat())
        assert sorted(placemarks) == sorted(drawn) and drawn & dated  # the features GeoJSON has, some dated
        kml_places = columns(files["kml"], layer="Places")
        by_name = dict(zip(kml_places["Name"], kml_places["location_precision"], strict=True))
        assert (by_name["Pyongyang"], by_name["Russia"]) == (1, 3)
        assert any(not np.isnat(v) for v in (*kml_places["timestamp"], *kml_places["begin"]))
    finally:
        pyogrio.set_gdal_config_options({"LIBKML_RESOLVE_STYLE": None})
