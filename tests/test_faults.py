"""Faults a hostile tester would try, each reproduced the way it was found: with real
processes, files and Chromium.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import signal
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.settings import Settings

from .browser import Browser
from .conftest import geomap

# Every test here runs geomap (or Prefect's server) in processes of its own.
pytestmark = pytest.mark.process

ARTICLE = (
    "Grain ships leave Odesa\n\n"
    "ODESA, Aug 16 (Reuters) - The cargo ship Nora left Odesa on Wednesday bound for Istanbul, "
    "the port authority said.\n"
)

# Sentences that start like spreadsheet formulas or carry markup a KML viewer would run.
HOSTILE = (
    "Ships leave Odesa\n\n"
    "=1+1 and the cargo ship Nora left Odesa on Wednesday bound for Istanbul.\n\n"
    "@SUM(1) as a grain ship sailed from Izmail to Constanta on Thursday.\n\n"
    '<img src=x onerror="window.__pwned=1"> The tanker Vega arrived in Varna on Friday.\n'
)


def inbox_of(folder: Path, **texts: str) -> Path:
    """A folder holding one article file per keyword: ``inbox_of(path, first=ARTICLE)`` writes first.txt."""
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


# 6. KML descriptions are HTML to a viewer such as Google Earth.
def test_kml_descriptions_rendered_as_html_run_nothing(browser: Browser, hostile_file: Path) -> None:
    done = geomap("export", str(hostile_file), "--format", "kml")
    assert done.returncode == 0, done.stderr
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    descriptions = [d.text or "" for d in ET.fromstring(done.stdout).iterfind(".//k:description", ns)]
    assert any("onerror" in d for d in descriptions), "the hostile sentence should be exported, as text"
    page = browser.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.evaluate(
            """(items) => { for (const html of items) {
                const div = document.createElement("div"); div.innerHTML = html; document.body.append(div); } }""",
            descriptions,
        )
        page.wait_for_timeout(300)  # an <img onerror> fires as soon as its load fails
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("img").count() == 0
        assert "onerror" in page.inner_text("body")  # shown to the reader, not run
    finally:
        page.close()


# 7. CSV cells that a spreadsheet would run as formulas.
def test_csv_cells_never_start_a_formula(hostile_file: Path) -> None:
    done = geomap("export", str(hostile_file), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    cells = [value for row in rows for key, value in row.items() if key not in NUMERIC_COLUMNS]
    assert not [c for c in cells if c[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    assert {"'=1+1", "'@SUM"} <= {c[:5] for c in cells}, "the hostile sentences are kept, quoted"
    numbers = [value for row in rows for key, value in row.items() if key in NUMERIC_COLUMNS and value]
    assert numbers and all(float(n) is not None for n in numbers)  # numeric cells stay numbers, never quoted


NUMERIC_COLUMNS = {
    "lat",
    "lon",
    "origin_lat",
    "origin_lon",
    "destination_lat",
    "destination_lon",
    "count",
    "confidence",
    "location_lat",
    "location_lon",
    "mention_count",
    "geonameid",
}


# 8. A link in the input folder to a file outside it.
def test_links_out_of_the_input_folder_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "private" / "notes.txt"
    secret.parent.mkdir()
    secret.write_text(ARTICLE, encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(ARTICLE.replace("Nora", "Vega"), encoding="utf-8")
    (inbox / "link.txt").symlink_to(secret)
    (inbox / "inside.txt").symlink_to(inbox / "good.txt")
    out = tmp_path / "out"
    done = geomap("run", str(inbox), "--out", str(out), "--offline")
    assert done.returncode != 0  # a refused file is reported in the exit status
    assert "link.txt" in done.stdout + done.stderr and "outside" in done.stdout + done.stderr
    stored = sqlite3.connect(out / "geomap.sqlite").execute("SELECT path FROM article").fetchall()
    assert not [p for (p,) in stored if Path(p).name in {"link.txt", "notes.txt"}]
    assert (out / "good.html").is_file()
    followed = geomap("run", str(inbox), "--out", str(tmp_path / "out2"), "--offline", "--follow-links")
    assert followed.returncode == 0, followed.stdout + followed.stderr
    assert (tmp_path / "out2" / "notes.html").is_file()  # named by the file the link leads to


# 5. One damaged row in the store.
def test_a_damaged_store_row_is_named_skipped_and_redone(tmp_path: Path) -> None:
    inbox = inbox_of(
        tmp_path / "inbox", first=ARTICLE, second=ARTICLE.replace("Nora", "Vega").replace("Istanbul", "Varna")
    )
    out = tmp_path / "out"
    assert geomap("run", str(inbox), "--out", str(out), "--offline").returncode == 0
    db = sqlite3.connect(out / "geomap.sqlite")
    db.execute("UPDATE article SET result = '{not json' WHERE path LIKE '%first.txt'")
    db.commit()
    db.close()
    (out / "index.html").unlink()
    done = geomap("run", str(inbox), "--out", str(out), "--offline")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "first.txt" in done.stdout + done.stderr and "was damaged" in done.stdout + done.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "first.html" in index and "second.html" in index
    again = geomap("run", str(inbox), "--out", str(out), "--offline")
    assert "was damaged" not in again.stdout + again.stderr  # re-analysed and stored whole


# 3. Articles whose names are geomap's own output names, and an output folder inside the input.
def test_articles_named_like_outputs_keep_their_maps(tmp_path: Path) -> None:
    inbox = inbox_of(
        tmp_path / "inbox", index=ARTICLE, all=ARTICLE.replace("Nora", "Vega").replace("Istanbul", "Varna")
    )
    out = inbox / "maps"
    done = geomap("run", str(inbox), "--out", str(out), "--offline")
    assert done.returncode == 0, done.stdout + done.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    article_maps = [p for p in out.glob("*.html") if p.name != "index.html"]
    assert len(article_maps) == 2, sorted(p.name for p in out.iterdir())
    assert all(p.name in index for p in article_maps)
    assert len([p for p in out.glob("*.geojson") if p.name != "all.geojson"]) == 2
    again = geomap("run", str(inbox), "--out", str(out), "--offline")
    assert again.returncode == 0
    stored = sqlite3.connect(out / "geomap.sqlite").execute("SELECT COUNT(*) FROM article").fetchone()[0]
    assert stored == 2, "geomap read its own outputs back in as articles"


# Clear messages.
def test_an_empty_folder_says_no_articles_found(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = geomap("run", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "--offline")
    assert "no articles found" in (done.stdout + done.stderr).lower()
    assert "Traceback" not in done.stderr


def test_a_nul_byte_does_not_reject_a_good_article(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "nul.txt").write_bytes(ARTICLE.replace("the port", "the\x00 port").encode("utf-8"))
    out = tmp_path / "out"
    done = geomap("run", str(inbox), "--out", str(out), "--offline")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "nul.html").is_file()


# 1. Two runs at once on folders whose files have the same names.
def test_concurrent_runs_on_same_names_keep_every_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folders = []
    for name, port in (("a", "Varna"), ("b", "Burgas")):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(3):
            text = ARTICLE.replace("Nora", f"Nora {name.upper()}{i}").replace("Istanbul", port)
            (folder / f"news-{i}.txt").write_text(text, encoding="utf-8")
        folders.append(folder)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "geomap.cli", "run", str(folder), "--out", str(out), "--offline"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        for folder in folders
    ]
    logs = [run.communicate(timeout=900)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], logs
    ids = sqlite3.connect(out / "geomap.sqlite").execute("SELECT id FROM article").fetchall()
    assert len(ids) == 6 and len(set(ids)) == 6, ids
    maps = [p for p in out.glob("*.html") if p.name != "index.html"]
    assert len(maps) == 6
    again = geomap("run", str(folders[0]), str(folders[1]), "--out", str(out), "--offline")
    assert again.returncode == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(p.name in index for p in maps)


# 4. Edits to the front matter only, and one folder named two ways.
def test_edits_replace_whatever_the_path_spelling(tmp_path: Path) -> None:
    inbox = tmp_path / "s2"
    inbox.mkdir()
    article = inbox / "story.md"
    article.write_text("---\ntitle: First title\ndate: 2024-03-01\n---\n\n" + ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert geomap("run", "s2", "--out", str(out), "--offline", cwd=tmp_path).returncode == 0
    article.write_text("---\ntitle: Second title\ndate: 2024-03-02\n---\n\n" + ARTICLE, encoding="utf-8")
    done = geomap("run", str(inbox.resolve()), "--out", str(out), "--offline")
    assert done.returncode == 0
    rows = sqlite3.connect(out / "geomap.sqlite").execute("SELECT title FROM article").fetchall()
    assert rows == [("Second title",)]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Second title" in index and "First title" not in index


# 2. Two geomap serve processes on one inbox.
@pytest.mark.prefect_server
def test_two_serve_processes_never_share_a_deployment(tmp_path: Path) -> None:
    from flows.server import PrefectServer

    from .test_serve import wait_for

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    outs = [tmp_path / "maps-1", tmp_path / "maps-2"]
    with PrefectServer(tmp_path / "prefect") as server:

        def serve(out: Path, log: str) -> subprocess.Popen[bytes]:
            command = [sys.executable, "-m", "geomap.cli", "serve", "--inbox", str(inbox), "--out", str(out)]
            with open(tmp_path / log, "wb") as sink:
                return subprocess.Popen(
                    [*command, "--interval", "5", "--offline"],
                    env=server.env(),
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )

        first, other = serve(outs[0], "first.log"), serve(outs[1], "other.log")
        try:
            wait_for(lambda: "watching" in (tmp_path / "first.log").read_text(), 120, "the first serve")
            second = serve(outs[0], "second.log")
            assert second.wait(120) == 2  # the same output folder: refused, with a reason
            assert "already written by geomap serve" in (tmp_path / "second.log").read_text()
            (inbox / "one.txt").write_text(ARTICLE, encoding="utf-8")
            wait_for(lambda: all((out / "one.html").is_file() for out in outs), 120, "both maps of one.txt")
            os.killpg(first.pid, signal.SIGTERM)  # stopping one leaves the other watching
            first.wait(90)
            (inbox / "two.txt").write_text(ARTICLE.replace("Istanbul", "Varna"), encoding="utf-8")
            wait_for(lambda: (outs[1] / "two.html").is_file(), 120, "the other serve mapping two.txt")
            assert not (outs[0] / "two.html").exists()
            assert other.poll() is None, "the other serve process stopped with the first"
        finally:
            for process in (first, other):
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(90)


# 4. Deleted articles.
def test_prune_removes_articles_whose_files_are_gone(tmp_path: Path) -> None:
    inbox = inbox_of(tmp_path / "inbox", kept=ARTICLE, gone=ARTICLE.replace("Istanbul", "Varna"))
    out = tmp_path / "out"
    assert geomap("run", str(inbox), "--out", str(out), "--offline").returncode == 0
    (inbox / "gone.txt").unlink()
    assert geomap("run", str(inbox), "--out", str(out), "--offline").returncode == 0
    assert "gone.html" in (out / "index.html").read_text(encoding="utf-8")  # runs never drop articles
    done = geomap("prune", "--out", str(out), "--offline")
    assert done.returncode == 0, done.stderr
    assert "gone.txt" in done.stderr and "pruned 1 article" in done.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "gone.html" not in index and "kept.html" in index
    assert not (out / "gone.html").exists() and not (out / "gone.geojson").exists()
    assert sqlite3.connect(out / "geomap.sqlite").execute("SELECT COUNT(*) FROM article").fetchone() == (1,)


@contextlib.contextmanager
def small_disk(where: Path, *options: str) -> Iterator[Path]:
    """A tmpfs mounted at ``where`` (root, as the test command runs): full or read-only on demand."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(where)], check=False)
    if mounted.returncode != 0:
        pytest.fail("mounting a tmpfs needs root, as 'make test' runs in CI")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# Clear messages: a read-only or full output folder, a read-only HOME.
def test_a_read_only_output_folder_says_so(tmp_path: Path) -> None:
    inbox = inbox_of(tmp_path / "inbox", a=ARTICLE)
    with small_disk(tmp_path / "ro", "ro", "size=1m") as disk:
        done = geomap("run", str(inbox), "--out", str(disk / "out"), "--offline")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"cannot write to {disk / 'out'}: Read-only file system" in done.stderr


def test_a_full_disk_says_so_and_loses_nothing(tmp_path: Path) -> None:
    inbox = inbox_of(tmp_path / "inbox", a=ARTICLE)
    with small_disk(tmp_path / "full", "size=300k") as disk:
        done = geomap("run", str(inbox), "--out", str(disk / "out"), "--offline")
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert "No space left on device" in done.stderr
        stored = sqlite3.connect(disk / "out" / "geomap.sqlite").execute("SELECT COUNT(*) FROM article").fetchone()
    assert stored == (1,)  # analysed and stored: a run with room writes its map without parsing it again


def test_a_read_only_home_still_runs(tmp_path: Path, settings: Settings) -> None:
    inbox = inbox_of(tmp_path / "inbox", a=ARTICLE)
    with small_disk(tmp_path / "home", "ro", "size=1m") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env |= {"HOME": str(home), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        command = [sys.executable, "-m", "geomap.cli", "run", str(inbox), "--out", str(tmp_path / "out"), "--offline"]
        without_data = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
        env["GEOMAP_DATA_DIR"] = str(settings.data_dir)
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert without_data.returncode == 1 and "Traceback" not in without_data.stderr
    assert "set GEOMAP_DATA_DIR (or --data-dir) to a writable folder" in without_data.stderr
    assert done.returncode == 0, done.stderr[-3000:]
    assert "is not writable; this run keeps Prefect's database in" in done.stderr
    assert (tmp_path / "out" / "a.html").is_file()


# 13. Runs at once on a new PREFECT_HOME.
def test_four_runs_at_once_on_a_new_prefect_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    runs = []
    for n in range(4):
        inbox = tmp_path / f"inbox-{n}"
        inbox.mkdir()
        (inbox / f"story-{n}.txt").write_text(ARTICLE.replace("Nora", f"Nora {n}"), encoding="utf-8")
        command = [sys.executable, "-m", "geomap.cli", "run", str(inbox), "--out", str(tmp_path / f"out-{n}")]
        runs.append(
            subprocess.Popen(
                [*command, "--offline"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
            )
        )
    logs = [run.communicate(timeout=1200)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [log[-2000:] for log in logs]
    assert all((tmp_path / f"out-{n}" / f"story-{n}.html").is_file() for n in range(4))


def test_dates_that_cannot_be_used_say_which_date_was(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    body = "\n\nThe cargo ship Nora left Odesa on Wednesday bound for Istanbul.\n"
    (inbox / "typo.md").write_text("---\ntitle: A typo\ndate: 2024-13-45\n---" + body, encoding="utf-8")
    ahead = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    (inbox / "ahead.md").write_text(f"---\ntitle: Ahead\ndate: {ahead}\n---" + body.replace("Nora", "Vega"))
    (inbox / "good-2024-03-05.md").write_text("---\ntitle: Fine\ndate: 2024-03-04\n---" + body.replace("Nora", "Ida"))
    done = geomap("run", str(inbox), "--out", str(tmp_path / "out"), "--offline")
    assert done.returncode == 0, done.stderr
    assert "typo.md: the date '2024-13-45' in the metadata is not a date; used " in done.stderr
    assert f"ahead.md: the date {ahead} in the metadata is in the future; used " in done.stderr
    assert "good-2024-03-05.md: the date" not in done.stderr
    stored = dict(sqlite3.connect(tmp_path / "out" / "geomap.sqlite").execute("SELECT title, published FROM article"))
    assert stored["Fine"] == "2024-03-04" and stored["Ahead"] != ahead


def test_a_failing_geocoder_is_reported_on_screen(tmp_path: Path) -> None:
    from .geocoder_server import FakeGeocoder

    inbox = inbox_of(tmp_path / "inbox", a=ARTICLE)
    with FakeGeocoder.start() as service:
        service.fail("status", status=503, count=1000)
        options = [f"--geocoder-option={o}" for o in (f"domain={service.domain}", "scheme=http", "backoff=0.01")]
        done = geomap("run", str(inbox), "--out", str(tmp_path / "out"), "--offline", "--geocoder", "photon", *options)
    assert done.returncode == 0, done.stderr
    assert "geomap: warning: photon failed for 2 place(s) in 1 article(s); the offline gazetteer located them" in (
        done.stderr
    )
    assert "HTTP 503" in done.stderr


def test_a_damaged_gazetteer_is_named_and_rebuilt_without_force(tmp_path: Path, settings: Settings) -> None:
    data = tmp_path / "data"
    data.mkdir()
    index = settings.gazetteer_path.name
    (data / index).write_bytes(b"not a database, a damaged copy")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = geomap("extract", str(article), "--data-dir", str(data))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"gazetteer index {data / index} is damaged" in done.stderr
    assert "geomap gazetteer build" in done.stderr
    rebuilt = geomap("gazetteer", "build", "--data-dir", str(data))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilding it" in rebuilt.stderr
    assert geomap("extract", str(article), "--data-dir", str(data)).returncode == 0


# 10. A run stopped with SIGTERM, or killed, leaves no temporary Prefect server behind.
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c", "sigterm", "kill-9"])
def test_a_stopped_run_leaves_nothing_running(tmp_path: Path, stop: signal.Signals) -> None:
    import psutil

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(40):
        (inbox / f"news-{i}.txt").write_text(ARTICLE.replace("Nora", f"Nora {i}"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    command = [sys.executable, "-m", "geomap.cli", "run", str(inbox), "--out", str(tmp_path / "out"), "--offline"]
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict[int, psutil.Process] = {}

    def server_started() -> bool:
        for child in psutil.Process(run.pid).children(recursive=True):
            seen.setdefault(child.pid, child)
        return any("uvicorn" in " ".join(p.cmdline()) for p in seen.values() if p.is_running())

    from .test_serve import wait_for

    wait_for(server_started, 180, "the run's temporary Prefect server")
    run.send_signal(stop)
    stderr = run.communicate(timeout=120)[1].decode()
    if stop == signal.SIGTERM:
        assert run.returncode == 128 + signal.SIGTERM and "stopped (SIGTERM)" in stderr, stderr[-2000:]
    if stop == signal.SIGINT:
        assert run.returncode == 130 and "interrupted" in stderr, stderr[-2000:]

    def all_gone() -> bool:
        return not [p for p in seen.values() if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]

    wait_for(all_gone, 60, "the end of every process the run started")


def test_a_temporary_server_that_does_not_start_says_what_to_do(tmp_path: Path) -> None:
    inbox = inbox_of(tmp_path / "inbox", a=ARTICLE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect"),  # a new home: its database takes seconds to make
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "1",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    command = [sys.executable, "-m", "geomap.cli", "run", str(inbox), "--out", str(tmp_path / "out"), "--offline"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "geomap: error: Prefect's temporary server did not start" in done.stderr
    assert "PREFECT_API_URL" in done.stderr and "Traceback" not in done.stderr.split("geomap: error:")[-1]


def test_every_port_taken_says_what_to_do(tmp_path: Path) -> None:
    """Prefect's temporary server picks a port in 8000-8999; with all of them taken the run ends
    with one line that says what to do, not a traceback."""
    import resource
    import socket

    inbox = inbox_of(tmp_path / "inbox", a=ARTICLE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    command = [sys.executable, "-m", "geomap.cli", "run", str(inbox), "--out", str(tmp_path / "out"), "--offline"]
    with contextlib.ExitStack() as held:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # room for a thousand sockets
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
        held.callback(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))
        for port in range(8000, 9000):
            sock = held.enter_context(socket.socket())
            with contextlib.suppress(OSError):  # already taken by something else: taken all the same
                sock.bind(("127.0.0.1", port))
                sock.listen()
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "geomap: error: Prefect's temporary server did not start" in done.stderr
    assert "available port" in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
