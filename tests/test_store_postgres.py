"""The result store on a real PostgreSQL server with PostGIS: what QGIS reads, writers on several
connections at once, and the errors a user sees. (The store's behaviour that does not depend on
the database runs on both, in test_store.py.)"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import psycopg
import pytest

from flows.server import free_port
from geomap.errors import StoreError
from geomap.model import ArticleResult
from geomap.store import ResultStore

from .conftest import SAMPLE, geomap
from .news_site import NewsSite, page
from .services import create_database, password_role, postgres, psql, stop_postgres

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def database(postgres_server: str, request: pytest.FixtureRequest) -> str:
    return create_database(postgres_server, request.node.name.replace("[", "_").replace("]", "").lower()[:60])


def _copy(result: ArticleResult, name: str) -> ArticleResult:
    article = dataclasses.replace(result.article, id=name, path=f"/in/{name}.txt", content_hash=f"{name:0>64}")
    return dataclasses.replace(result, article=article)


def test_places_are_points_and_movements_lines_that_a_gis_opens(sample_result: ArticleResult, database: str) -> None:
    with ResultStore(database) as store:
        store.save(sample_result, "1")
        store.save(sample_result, "1")  # saved again: the lines are drawn once more, not twice
    with psycopg.connect(database) as db:
        columns = dict(
            db.execute(
                "SELECT f_table_name, type FROM geometry_columns WHERE f_geometry_column = 'geom' AND srid = 4326"
            ).fetchall()
        )
        assert columns == {"place": "POINT", "event": "LINESTRING"}
        points = {
            place: (x, y) for place, x, y in db.execute("SELECT place, ST_X(geom), ST_Y(geom) FROM place").fetchall()
        }
        assert points == {p.id: (p.lon, p.lat) for p in sample_result.places}
        lines = db.execute(
            "SELECT event, ST_X(ST_StartPoint(geom)), ST_Y(ST_StartPoint(geom)), "
            "ST_X(ST_EndPoint(geom)), ST_Y(ST_EndPoint(geom)) FROM event WHERE geom IS NOT NULL"
        ).fetchall()
    movements = [e for e in sample_result.events if e.origin and e.destination]
    assert movements, "the sample has movements"
    assert sorted(row[0] for row in lines) == sorted(e.id for e in movements)
    for event_id, *ends in lines:
        event = next(e for e in movements if e.id == event_id)
        assert event.origin and event.destination
        assert tuple(ends) == (*points[event.origin], *points[event.destination])


def test_a_user_who_may_not_enable_postgis_gets_a_store_without_geometry(
    sample_result: ArticleResult, database: str
) -> None:
    psql(
        database,
        "CREATE ROLE writer LOGIN; GRANT ALL ON SCHEMA public TO writer; ALTER DATABASE "
        + database.rsplit("/", 1)[1]
        + " OWNER TO writer",
    )
    as_writer = database.replace("//prefect@", "//writer@")
    with ResultStore(as_writer) as store:
        store.save(sample_result, "1")
        assert store.counts()["places"] == len(sample_result.places)
    assert psql(database, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'geom'") == "0"


def test_writers_on_several_connections_store_each_article_once(sample_result: ArticleResult, database: str) -> None:
    """As work-pool workers on two machines do: each saves the same articles, in its own order,
    and the store holds each one once, with all of its places and events."""
    results = [_copy(sample_result, f"a{i}") for i in range(12)]
    errors: list[BaseException] = []

    def write(order: list[ArticleResult]) -> None:
        try:
            with ResultStore(database) as store:
                for result in order:
                    store.save(result, "1")
                    store.claim_id(result.article.path, result.article.id, result.article.id + "-2")
        except BaseException as exc:  # noqa: BLE001 - reported below, from the test's own thread
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(order,)) for order in (results, results[::-1], results[3:] + results[:3])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with ResultStore(database) as store:
        assert store.counts() == {
            "articles": 12,
            "failed": 0,
            "places": 12 * len(sample_result.places),
            "events": 12 * len(sample_result.events),
        }
        assert sorted(r.article.id for r in store.results()) == sorted(r.article.id for r in results)
    assert psql(database, "SELECT count(*) FROM ident") == "12"  # each file claimed one id


def test_a_store_that_cannot_be_reached_is_a_clear_error_without_the_password(postgres_server: str) -> None:
    port = int(postgres_server.rsplit(":", 1)[1].split("/")[0])
    url = f"postgresql://geomap:s3cret@127.0.0.1:{port}/no_such_database"
    with pytest.raises(StoreError) as caught:
        ResultStore(url, timeout=5)
    said = str(caught.value)
    assert "no_such_database" in said and "does not exist" in said
    assert "s3cret" not in said and "geomap:***@127.0.0.1" in said


def test_geomap_run_maps_into_a_postgresql_store(tmp_path: Path, database: str) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "maps"
    first = geomap("run", str(inbox), "--out", str(out), "--offline", "--store", database)
    assert first.returncode == 0, first.stderr[-3000:]
    assert (out / f"{SAMPLE.stem}.html").is_file() and (out / "index.html").is_file()
    assert not (out / "geomap.sqlite").exists()
    assert psql(database, "SELECT count(*) FROM article WHERE status = 'ok'") == "1"
    again = geomap("run", str(inbox), "--out", str(out), "--offline", "--store", database)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "nothing new; 1 article unchanged" in again.stderr  # answered from the PostgreSQL store


@pytest.mark.process
@pytest.mark.parametrize("fault", ["nothing-listens", "wrong-password", "no-database"])
def test_a_store_that_cannot_be_opened_is_one_line_that_says_what_to_do(
    tmp_path: Path, postgres_server: str, fault: str
) -> None:
    """Before anything starts: no Prefect, no traceback, one line naming the store (without the
    password) and what to do."""
    server = postgres_server.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)[0]
    store, advice = {
        "nothing-listens": (f"postgresql://geomap@127.0.0.1:{free_port()}/news", "start PostgreSQL on 127.0.0.1:"),
        "wrong-password": ("", "give its password in PGPASSWORD, a password file"),
        "no-database": (f"{server}/no_such_news", "create it (createdb -h 127.0.0.1 -p "),
    }[fault]
    if fault == "wrong-password":
        role = password_role(create_database(postgres_server, "locked_news"), "reader", "right-one")
        store = role.replace("reader@", "reader:wrong-one@")
    (tmp_path / "a.txt").write_text("Ships\n\nA ferry sailed from Dover to Calais.", encoding="utf-8")
    done = geomap("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "maps"), "--store", store)
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("geomap: error: cannot open the result store postgresql://") and advice in line
    assert "wrong-one" not in line


class StoppingSite(NewsSite):
    """A news site that stops a PostgreSQL server when its article is first asked for."""

    def __init__(self, stop: Callable[[], None]) -> None:
        super().__init__()
        self.stop_server = stop
        self.stopped = threading.Event()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.path == "/story.html" and not self.stopped.is_set():
            self.stop_server()
            self.stopped.set()
        super()._serve(handler)


@pytest.mark.process
def test_a_server_that_stops_during_a_run_is_one_line_without_a_traceback(tmp_path: Path) -> None:
    """The store opens, the run starts, and the server goes down while the run fetches its article:
    Prefect logs the failed task and flow in a line each, without their tracebacks, and the run
    ends with one line that says what to do."""
    with postgres() as server:
        store = create_database(server, "news")
        site = StoppingSite(lambda: stop_postgres(store)).start()
        try:
            site.put("/story.html", page("Ferry crosses", "A ferry sailed from Dover to Calais on Friday."))
            urls = tmp_path / "urls.txt"
            urls.write_text(site.url("/story.html") + "\n", encoding="utf-8")
            done = geomap("run", "--urls", str(urls), "--out", str(tmp_path / "maps"), "--store", store)
        finally:
            site.stop()
    said = done.stdout + done.stderr
    assert site.stopped.is_set(), said[-3000:]  # the server went down during the run
    assert done.returncode == 1, said[-3000:]
    assert "Traceback" not in said and 'File "' not in said, said[-5000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("geomap: error:")]
    assert len(errors) == 1, said[-3000:]
    assert "result store" in errors[0] and "PostgreSQL" in errors[0], errors


def test_a_connection_lost_while_the_store_is_open_is_a_store_error(database: str) -> None:
    with ResultStore(database) as store:
        psql(  # as a server restarting, or an administrator, ends the store's session
            database,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        with pytest.raises(StoreError) as caught:
            store.lookup("0" * 64)
    said = str(caught.value)
    assert "\n" not in said and "stopped answering" in said and "run again" in said
