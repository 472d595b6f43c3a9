"""The geomap command as a user runs it: JSON Lines output, bad input, exports."""

from __future__ import annotations

import codecs
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.nlp import split_text
from geomap.settings import Settings

from .conftest import ROOT, SAMPLE, geomap

GOOD = (
    "Title line\n\nODESA, Aug 16 (Reuters) - The first cargo ship left Odesa on Wednesday bound for "
    "Istanbul, Ukraine's navy said."
)


@pytest.mark.process
def test_extract_prints_the_documented_fields() -> None:
    done = geomap("extract", str(SAMPLE))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data["article"]) >= {"id", "path", "title", "published"}
    assert data["article"]["published"] == "2023-10-19"
    place_fields = {"id", "name", "lat", "lon", "country_code", "geonameid", "feature", "mentions", "reason"}
    for place in data["places"]:
        assert set(place) >= place_fields
        for mention in place["mentions"]:
            assert set(mention) >= {"start", "end", "text"}
    event_fields = {
        "id",
        "type",
        "trigger",
        "sentence",
        "start",
        "end",
        "date",
        "actors",
        "origin",
        "destination",
        "locations",
        "status",
        "mode",
        "count",
        "confidence",
    }
    ids = {p["id"] for p in data["places"]}
    for event in data["events"]:
        assert set(event) >= event_fields
        for key in ("origin", "destination"):
            assert event[key] is None or event[key] in ids
        assert all(loc in ids for loc in event["locations"])
    shipment = next(e for e in data["events"] if e["count"] == 6)
    assert shipment["mode"] == "sea" and shipment["date"] == "2023-08-21/2023-10-19"
    assert "prefect" not in done.stderr.lower()


@pytest.mark.process
def test_extract_does_not_import_prefect() -> None:
    code = (
        "import sys, geomap.cli, geomap.pipeline, geomap.render.maps, geomap.store, geomap.evaluate;"
        "print('prefect' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.fixture
def messy_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "copy-of-good.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (inbox / "scan.pdf.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (inbox / "latin1.txt").write_bytes("Talks in Bogotá\n\nMinisters met in Bogotá on Friday.".encode("latin-1"))
    (inbox / "cp1252.txt").write_bytes("“Quote” – Ministers met in Zürich.".encode("cp1252"))
    (inbox / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Ministers met in Geneva.".encode("utf-16-le"))
    (inbox / "page.html").write_text(
        "<html><head><title>Port news</title><script>var x='Moscow';</script></head><body><nav>Home Paris</nav>"
        "<article><p>A tanker sailed from Rotterdam to Lagos on Monday, the port authority said.</p>"
        "<p>It carried diesel for Nigeria's market.</p></article></body></html>",
        encoding="utf-8",
    )
    (inbox / "no-date.txt").write_text("Ships anchored off Singapore.", encoding="utf-8")
    return inbox


@pytest.mark.process
def test_bad_input_gets_one_line_each_and_good_articles_are_mapped(messy_inbox: Path) -> None:
    missing = messy_inbox / "vanished.txt"
    done = geomap("extract", str(messy_inbox), str(missing))
    assert done.returncode == 1
    results = {Path(json.loads(line)["article"]["path"]).name: json.loads(line) for line in done.stdout.splitlines()}
    # The two copies are one article: the first in file order is mapped, the other is named a duplicate.
    assert set(results) == {"copy-of-good.txt", "latin1.txt", "cp1252.txt", "utf16.txt", "page.html", "no-date.txt"}
    errors = [line for line in done.stderr.splitlines() if line.startswith("geomap: skipped")]
    by_file = {Path(line.split(": ")[1]).name: line for line in errors}
    assert set(by_file) == {"good.txt", "empty.txt", "binary.txt", "scan.pdf.txt", "vanished.txt"}
    assert "empty" in by_file["empty.txt"]
    assert "binary" in by_file["binary.txt"]
    assert "PDF" in by_file["scan.pdf.txt"]
    assert "duplicate of" in by_file["good.txt"] and "copy-of-good.txt" in by_file["good.txt"]
    assert "no such file" in by_file["vanished.txt"]
    assert {p["name"] for p in results["latin1.txt"]["places"]} >= {"Bogotá"}
    assert {p["name"] for p in results["utf16.txt"]["places"]} >= {"Geneva"}
    html = results["page.html"]
    assert html["article"]["title"] == "Port news"
    assert {p["name"] for p in html["places"]} >= {"Rotterdam", "Lagos"}
    assert "Moscow" not in {p["name"] for p in html["places"]}
    assert results["no-date.txt"]["article"]["published"] is not None  # the file's mtime


@pytest.mark.process
def test_only_duplicates_is_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD)
    done = geomap("extract", str(tmp_path))
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1
    assert "duplicate of" in done.stderr


def test_long_text_is_split_below_max_length() -> None:
    paragraph = "Ships sailed from Odesa to Istanbul on Monday. " * 40 + "\n\n"
    text = paragraph * (20_000_000 // len(paragraph))
    pieces = split_text(text, 50_000)
    assert len(text) >= 19_000_000
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 50_000 for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces[:50])


def test_long_texts_are_parsed_a_piece_at_a_time() -> None:
    """The parser's memory grows with its batch: a long article's 50,000-character pieces go one
    at a time, while short articles still share a batch (``nlp.BATCH_CHARS``)."""
    from spacy.lang.en import English

    from geomap.nlp import parse_texts

    batches: list[int] = []

    class Counting(English):  # the real pipeline, with each nlp.pipe call's characters noted
        def pipe(self, texts, **kwargs):  # type: ignore[no-untyped-def, override]
            batch = list(texts)
            if kwargs.get("as_tuples"):  # the call geomap makes (spaCy then calls pipe again itself)
                batches.append(sum(len(text) for text, _ in batch))
            yield from super().pipe(batch, **kwargs)

    paragraph = "Ships sailed from Odesa to Istanbul on Monday. " * 40 + "\n\n"
    long_text = paragraph * (200_000 // len(paragraph))
    short = ["A ship left Odesa for Istanbul on Monday."] * 10
    parsed = list(parse_texts(Counting(), [long_text, *short], batch_size=32))
    assert "".join(chunk.doc.text for chunk in parsed[0].chunks()) == long_text and len(parsed) == 11
    assert len(batches) > 3 and max(batches) <= 50_000  # about four pieces, never two at once
    assert batches[-1] >= sum(len(t) for t in short)  # the short ones together


def test_a_texts_parses_are_let_go_once_handed_over() -> None:
    """A long article's parses are its largest part: once the caller drops them, nothing else
    holds them while it stores and publishes (the parse generator waits at its yield)."""
    import gc

    from spacy.lang.en import English
    from spacy.tokens import Doc

    from geomap.nlp import parse_texts

    def live_docs() -> int:
        gc.collect()
        return sum(isinstance(o, Doc) for o in gc.get_objects())

    parsed = parse_texts(English(), ["A ship left Odesa.\n\n" * 2000, "Another text."], max_chars=5000)
    chunks = next(parsed)
    assert len(chunks) == 8 and live_docs() >= 8
    del chunks
    assert live_docs() <= 1  # the one the generator is working on


def test_a_long_texts_parses_are_packed_and_unpacked_a_section_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a long article holds does not grow with it: its parses are packed as they are made
    and no more than a section of them is live at once, with nothing of the parse lost."""
    import gc

    from spacy.lang.en import English
    from spacy.tokens import Doc

    from geomap import nlp

    model = English()
    model.add_pipe("sentencizer")
    ruler = model.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Odesa"}])  # type: ignore[attr-defined]
    text = "A ship left Odesa. It sailed on.\n\n" * 400

    def what(chunk: nlp.Chunk) -> tuple[int, str, list[str], list[str]]:
        return chunk.offset, chunk.doc.text, [e.text for e in chunk.doc.ents], [s.text for s in chunk.doc.sents]

    whole = [what(chunk) for chunk in next(nlp.parse_texts(model, [text], max_chars=1000)).chunks()]
    monkeypatch.setattr(nlp, "SECTION_PIECES", 3)
    parsed = next(nlp.parse_texts(model, [text], max_chars=1000))
    assert len(parsed) == 14 and not parsed.live  # 14 pieces, packed
    live_most = 0
    rebuilt = []
    for chunk in parsed.chunks():
        gc.collect()
        live_most = max(live_most, sum(isinstance(o, Doc) for o in gc.get_objects()))
        rebuilt.append(what(chunk))
    assert live_most <= 3 + 1  # a section, and the one being handed over
    assert rebuilt == whole and "".join(piece for _, piece, _, _ in rebuilt) == text
    short = next(nlp.parse_texts(model, ["A ship left Odesa."]))
    assert len(short.live) == 1 and not short.packed  # a news article stays as it was parsed


@pytest.mark.slow
def test_text_over_spacy_max_length_is_processed(tmp_path: Path) -> None:
    paragraph = "The cargo ship left Odesa on Monday bound for Istanbul, officials said. " * 20 + "\n\n"
    big = tmp_path / "big.txt"
    big.write_text("Big file\n\n" + paragraph * (1_100_000 // len(paragraph)), encoding="utf-8")
    done = geomap("extract", str(big), timeout=900)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    odesa = next(p for p in data["places"] if p["name"] == "Odesa")
    assert len(odesa["mentions"]) > 1000
    assert odesa["mentions"][-1]["start"] > 1_000_000


@pytest.mark.parametrize("fmt", ["geojson", "csv", "kml"])
@pytest.mark.process
def test_export(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"sample.{fmt}"
    done = geomap("export", str(SAMPLE), "--format", fmt, "--output", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "Rajin" in text and "Dunay" in text
    if fmt == "geojson":
        assert json.loads(text)["type"] == "FeatureCollection"


@pytest.mark.process
def test_bad_options_are_explained() -> None:
    done = geomap("extract", str(SAMPLE), "--reference-date", "19/10/2023")
    assert done.returncode == 2
    assert "expected YYYY-MM-DD" in done.stderr
    done = geomap("extract", str(SAMPLE), "--model", "no_such_model_xyz")
    assert done.returncode == 2
    assert "no_such_model_xyz" in done.stderr and "not installed" in done.stderr


def geomap_importing(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """The geomap command in a process of its own, and the top-level packages it imported
    (``python -X importtime`` writes each import on standard error)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "geomap.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    imported = {m.group(1) for m in re.finditer(r"^import time:[^|]*\|[^|]*\|\s*([\w]+)", done.stderr, re.M)}
    said = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("import time:"))
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout, said), imported


@pytest.mark.process
def test_a_second_run_with_nothing_new_starts_no_prefect(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "maps"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(GOOD, encoding="utf-8")
    first, imported = geomap_importing("run", str(inbox), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "prefect" in imported and "mapped 1 article" in first.stderr
    index = (out / "index.html").stat().st_mtime_ns
    second, imported = geomap_importing("run", str(inbox), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert second.stderr.splitlines() == [f"geomap: nothing new; 1 article unchanged; maps in {out}/"]
    assert "prefect" not in imported and "spacy" not in imported
    assert (out / "index.html").stat().st_mtime_ns == index
    (inbox / "ferry.txt").write_text(GOOD.replace("Istanbul", "Varna"), encoding="utf-8")
    third = geomap("run", str(inbox), "--out", str(out))
    assert third.returncode == 0 and "mapped 1 article" in third.stderr, third.stderr


@pytest.mark.parametrize("given", ["missing", "empty", "output folder"])
@pytest.mark.process
def test_a_run_on_nothing_to_read_says_so_at_once(tmp_path: Path, given: str) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    (out / "index.html").write_text("<html><body>Ships left Odesa for Istanbul.</body></html>", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    path = {"missing": tmp_path / "nowhere", "empty": tmp_path / "empty", "output folder": out}[given]
    done, imported = geomap_importing("run", str(path), "--out", str(out))
    expected = {
        "missing": (2, f"geomap: error: no such file or folder: {path}"),
        "empty": (1, f"geomap: error: no articles found in {path}"),
        "output folder": (
            1,
            f"geomap: error: no articles found in {path} ({path}: the output folder, which geomap writes and "
            "never reads)",
        ),
    }[given]
    assert (done.returncode, done.stderr.splitlines()) == (expected[0], [expected[1]])
    assert "prefect" not in imported


@pytest.mark.parametrize("command", ["extract", "export"])
@pytest.mark.process
def test_extract_and_export_on_no_articles_say_so(tmp_path: Path, command: str) -> None:
    (tmp_path / "empty").mkdir()
    data = tmp_path / "data"  # no gazetteer yet: it is not built for nothing
    done = geomap(command, str(tmp_path / "empty"), "--data-dir", str(data))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == f"geomap: error: no articles found in {tmp_path / 'empty'}"
    assert not list(data.glob("gazetteer*"))
    out = tmp_path / "maps"
    out.mkdir()
    (out / "odesa.html").write_text("<html><body>Ships left Odesa for Istanbul.</body></html>", encoding="utf-8")
    done = geomap(command, "maps", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert "no articles found in maps (maps: the output folder" in done.stderr


@pytest.mark.process
def test_export_reads_the_store_as_the_run_stored_it(tmp_path: Path, settings: Settings) -> None:
    from geomap.pipeline import run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    chosen = settings.with_overrides(out_dir=tmp_path / "maps")
    assert run([inbox], chosen).ok
    store = chosen.store_location
    for fmt in ("geojson", "csv", "kml"):
        stored = geomap("export", "--store", store, "--format", fmt)
        analysed = geomap("export", str(inbox), "--format", fmt)
        assert stored.returncode == 0 == analysed.returncode, stored.stderr + analysed.stderr
        assert "Rajin" in stored.stdout and stored.stdout == analysed.stdout
    empty = tmp_path / "empty.sqlite"
    from geomap.store import ResultStore

    ResultStore(empty).close()
    done = geomap("export", "--store", str(empty))
    assert done.returncode == 1 and done.stderr.strip() == f"geomap: error: no articles found in the store {empty}"
    done = geomap("export", "--store", str(tmp_path / "none.sqlite"))
    assert done.returncode == 2 and "no result store at" in done.stderr
    done = geomap("export", "--store", store, str(inbox))
    assert done.returncode == 2 and "not both" in done.stderr


@pytest.mark.process
def test_a_gazetteer_lookup_without_a_match_says_so() -> None:
    found = geomap("gazetteer", "lookup", "Odesa")
    assert found.returncode == 0 and "Odesa" in found.stdout
    done = geomap("gazetteer", "lookup", "Qwxzyville")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.strip() == "geomap: no place named 'Qwxzyville' in the gazetteer"


@pytest.mark.slow
@pytest.mark.process
def test_the_first_build_of_the_gazetteer_says_each_step(tmp_path: Path) -> None:
    done = geomap("extract", str(SAMPLE), "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    steps = re.findall(r"^geomap: gazetteer: step (\d+)/(\d+): ", done.stderr, re.M)
    assert len(steps) > 3 and steps == [(str(k), steps[0][1]) for k in range(1, int(steps[0][1]) + 1)]
    assert "geomap: gazetteer: building the index at" in done.stderr.splitlines()[0]
    again = geomap("extract", str(SAMPLE), "--data-dir", str(tmp_path / "data"))
    assert "gazetteer" not in again.stderr


def test_the_readme_names_every_command_and_option() -> None:
    """The README's synopsis (each command's lines) names every option ``--help`` lists, and its
    Settings table every pipeline setting: a new option cannot go undocumented."""
    import argparse
    import itertools

    from geomap.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    synopsis = section.split("```\n", 2)[1]
    settings_table = section.split("\n### Settings\n", 1)[1]
    lines: dict[str, str] = {}
    for line in synopsis.splitlines():
        if line.startswith("geomap"):
            command = " ".join(itertools.takewhile(lambda w: w.isalpha() and w.islower(), line.split()))
            lines[command] = lines.get(command, "") + " " + line
        else:
            lines[command] += " " + line

    checked: list[tuple[str, str]] = []

    def check(parser: argparse.ArgumentParser, command: str) -> None:
        common = {a for g in parser._action_groups if g.title == "pipeline settings" for a in g._group_actions}
        assert any(f"{line} ".startswith(f"{command} ") for line in lines), f"'{command}' is not in the synopsis"
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    check(child, f"{command} {name}")
                continue
            if isinstance(action, argparse._HelpAction) and command != "geomap":
                continue  # every command's -h: "geomap COMMAND --help lists its options"
            for option in action.option_strings:
                if action in common:
                    assert f"`{option}" in settings_table, f"{option} is not in the README's Settings table"
                else:
                    assert re.search(rf"[\[ |]{re.escape(option)}[\] =]", lines[command] + " "), (
                        f"'{command} {option}' is not in the README's synopsis"
                    )
                checked.append((command, option))

    check(build_parser(), "geomap")
    assert ("geomap run", "--feed") in checked and ("geomap bench", "--limit") in checked
    assert ("geomap serve", "--offline") in checked and ("geomap gazetteer lookup", "--model") in checked


@pytest.mark.process
def test_make_serve_passes_its_variables_on() -> None:
    """``make serve INTERVAL=… PORT=… OFFLINE=1`` (and CRON, URLS) reach the local server's options."""
    import shlex

    def command(*variables: str) -> list[str]:
        done = subprocess.run(["make", "-n", "serve", *variables], cwd=ROOT, capture_output=True, text=True, check=True)
        line = next(line for line in done.stdout.replace("\\\n", " ").splitlines() if "flows.local_server" in line)
        return shlex.split(line)

    given = command("INTERVAL=300", "PORT=4321", "OFFLINE=1", "URLS=today.txt", "OUT=out")
    assert given[given.index("--interval") + 1] == "300" and given[given.index("--port") + 1] == "4321"
    assert "--offline" in given and "--urls=today.txt" in given and given[given.index("--out") + 1] == "out"
    plain = command("CRON=*/15 * * * *", "OFFLINE=0")
    assert plain[plain.index("--cron") + 1] == "*/15 * * * *"
    assert not {"--offline", "--interval", "--port"} & set(plain)
