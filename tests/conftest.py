"""Shared fixtures: the real model, the real gazetteer index, the sample article."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Prefect state of the tests (and of the processes they start) stays out of the user's ~/.prefect,
# and no test talks to a Prefect server the user may have configured.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="geomap-test-prefect-")
os.environ.pop("PREFECT_API_URL", None)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from geomap.gazetteer.build import ensure_gazetteer
from geomap.gazetteer.index import Gazetteer
from geomap.model import ArticleResult
from geomap.pipeline import Resources, load_resources
from geomap.settings import Settings

from .browser import Browser, chromium
from .news_site import NewsSite

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE = SEEDS / "reuters-lavrov-pyongyang-2023-10-19.txt"
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Default settings; the gazetteer index is built once into the user data dir and shared."""
    return Settings.from_env()


@pytest.fixture(scope="session")
def gazetteer(settings: Settings) -> Iterator[Gazetteer]:
    path = ensure_gazetteer(settings.gazetteer_path)
    with Gazetteer(path) as index:
        yield index


@pytest.fixture(scope="session")
def resources(settings: Settings, gazetteer: Gazetteer) -> Iterator[Resources]:
    res = load_resources(settings)
    yield res
    res.close()


@pytest.fixture(scope="session")
def nlp(resources: Resources):  # type: ignore[no-untyped-def]
    return resources.nlp


@pytest.fixture(scope="session")
def sample_result(settings: Settings, resources: Resources) -> ArticleResult:
    from geomap.pipeline import extract

    (result,) = list(extract([SAMPLE], settings, resources))
    assert isinstance(result, ArticleResult)
    return result


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave screenshots and maps for a person to look at."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def analyse_text(text: str, resources: Resources, *, published: str = "2023-10-19", title: str = "") -> ArticleResult:
    """Run the real pipeline on a short text, as if it were an article file."""
    import datetime as dt

    from geomap.ingest import parse_article
    from geomap.model import Source
    from geomap.nlp import parse_texts
    from geomap.pipeline import analyse_article

    body = f"{title}\n\n{text}" if title else text
    source = Source(path="inline.txt", text=body, format="txt", encoding="utf-8")
    article = parse_article(source, reference_date=dt.date.fromisoformat(published))
    return analyse_article(article, next(parse_texts(resources.nlp, [article.text])), resources)


def _credentials_held() -> dict[str, str]:
    from geomap.credentials import GEOCODER_SECRET_PREFIX, PASSWORD_VARIABLE

    return {k: v for k, v in os.environ.items() if k == PASSWORD_VARIABLE or k.startswith(GEOCODER_SECRET_PREFIX)}


@pytest.fixture
def clean_credentials() -> Iterator[None]:
    """No credential (geomap.credentials) in this process's environment during the test, and the
    same as before after it: settings with a credential put it there."""
    before = _credentials_held()
    for name in before:
        del os.environ[name]
    yield
    for name in _credentials_held():
        del os.environ[name]
    os.environ.update(before)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One PostgreSQL server (with PostGIS, where installed) for the session's store tests."""
    from .services import postgres

    with postgres() as url:
        yield url


STORES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=STORES)
def store_at(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty result store is: an SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.sqlite")
    from .services import create_database

    server = request.getfixturevalue("postgres_server")
    return create_database(server, f"store_{next(_DATABASES)}")


_DATABASES = itertools.count()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium for the tests of one module."""
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Chromium is missing: run 'make test', which installs it from Debian")
    with chromium() as instance:
        yield instance


def geomap(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The geomap command, as a user runs it, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "geomap.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )


# An article whose text is markup and script: it must reach every page only as text.
HOSTILE = (
    "Ships <script>window.__pwned=1</script> {{ 6*7 }} leave Odesa\n\n"
    "ODESA, Aug 16 (Reuters) - The ship `${window.__pwned=2}` left Odesa on Wednesday "
    '<img src=x onerror="window.__pwned=3"> bound for Istanbul, officials said.\n\n'
    "The </script><script>window.__pwned=4</script> vessel docked in Istanbul on Thursday. "
    # template syntax: the page builder must not run it ({{ 6*7 }} would become 42) nor choke on it
    "Crews {{ 6*7 }} and {% if x %} the {{cite news}} left Istanbul on Friday."
)


def payload_of(page: str) -> dict:  # type: ignore[type-arg]
    """The data a map page hands to the client: the JSON of its application/json script element."""
    match = re.search(r'<script type="application/json" id="geomap-payload">(.*?)</script>', page, re.S)
    assert match, "no geomap-payload script in the page"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def hostile(resources: Resources) -> ArticleResult:
    return analyse_text(HOSTILE, resources, published="2023-08-17")


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """A news site on 127.0.0.1 that serves the pages and feeds a test puts on it."""
    server = NewsSite().start()
    yield server
    server.stop()
