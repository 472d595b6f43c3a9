"""Every geocoder back-end against one contract, and the online ones against a fake service.

The contract (:class:`GeocoderContract`) is what the resolver relies on, and
runs against the offline gazetteer, Nominatim, Photon and a geopy geocoder
chosen by name. The online back-ends talk to :mod:`tests.geocoder_server` on
127.0.0.1: the tests make it fail in the ways real services fail, and check
what a user would notice: the answer, the fallback and its warning, the number
of requests, and the time between them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import subprocess
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from geopy.location import Location

from geomap.errors import GeocoderConfigurationError
from geomap.gazetteer.index import NAME_KINDS, Gazetteer
from geomap.geocoding.cache import CacheKey, GeocodeCache
from geomap.geocoding.offline import OfflineLookup
from geomap.geocoding.online import FALLBACK_SOURCE, OnlineLookup
from geomap.geocoding.registry import CandidateLookup, make_lookup
from geomap.geometry import distance_km
from geomap.model import Candidate, FeatureKind
from geomap.ratelimit import RateLimiter
from geomap.settings import Settings

from .geocoder_server import FakeGeocoder

USER_AGENT = "geomap-tests/1.0 (tests@example.org)"
PLACE_KINDS = {FeatureKind.CITY, FeatureKind.ADMIN1, FeatureKind.ADMIN2}
# Short waits, so that the failure tests take a fraction of a second each.
FAST = {"min_delay": "0", "backoff": "0.05", "timeout": "2", "max_retries": "3"}

MakeSettings = Callable[..., Settings]
OpenLookup = Callable[..., OnlineLookup]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return distance_km((lat1, lon1), (lat2, lon2))


@pytest.fixture
def server() -> Iterator[FakeGeocoder]:
    with FakeGeocoder.start() as fake:
        yield fake


@pytest.fixture
def make_settings(settings: Settings, server: FakeGeocoder, tmp_path: Path) -> MakeSettings:
    """Settings for a back-end on the fake server, with a data dir (cache, rate limit) of this test's own."""

    def make(geocoder: str = "nominatim", *, user_agent: str | None = USER_AGENT, **options: str) -> Settings:
        merged = {"domain": server.domain, "scheme": "http", **FAST, **options}
        return replace(
            settings,
            data_dir=tmp_path / "data",
            gazetteer=settings.gazetteer_path,
            geocoder=geocoder,
            geocoder_options={k: v for k, v in merged.items() if v is not None},
            user_agent=user_agent,
        )

    return make


@pytest.fixture
def open_lookup(make_settings: MakeSettings, gazetteer: Gazetteer) -> Iterator[OpenLookup]:
    """Open online lookups on the fake server; all are closed when the test ends."""
    opened: list[OnlineLookup] = []

    def open_(geocoder: str = "nominatim", *, user_agent: str | None = USER_AGENT, **options: str) -> OnlineLookup:
        lookup = OnlineLookup(make_settings(geocoder, user_agent=user_agent, **options), OfflineLookup(gazetteer))
        opened.append(lookup)
        return lookup

    yield open_
    for lookup in opened:
        lookup.close()


def run_together(scripts: list[list[str]], *, timeout: float = 60) -> list[str]:
    """Run each ``[code, *args]`` in its own Python process; all start their work at once; their stdouts.

    A script prints "ready" once loaded, then waits for a line on stdin.
    """
    with contextlib.ExitStack() as stack:
        processes = [
            stack.enter_context(
                subprocess.Popen(
                    [sys.executable, "-c", *script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
                )
            )
            for script in scripts
        ]
        stack.callback(_kill_running, processes)  # runs before the Popen exits, which wait
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = []
        for process in processes:
            out, _ = process.communicate(timeout=timeout)
            assert process.returncode == 0, out
            outputs.append(out)
        return outputs


def _kill_running(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()


# --- the contract -------------------------------------------------------------

KNOWN = [
    pytest.param("Pyongyang", 39.0392, 125.7625, id="pyongyang"),
    pytest.param("Seoul", 37.5665, 126.9780, id="seoul"),
    pytest.param("Rajin", 42.2500, 130.2833, id="rajin"),
    pytest.param("Dunay", 42.879, 132.335, id="dunay"),
    pytest.param("Dunai", 42.879, 132.335, id="dunai-alternate-spelling"),
    pytest.param("Geneva", 46.2044, 6.1432, id="geneva"),
    pytest.param("Paris", 48.8566, 2.3522, id="paris"),
]


class GeocoderContract(ABC):
    """What every back-end promises the resolver. A subclass says how to build one.

    ``source`` is the ``Candidate.source`` of its ordinary answers (None: the
    gazetteer's own record sources).
    """

    source: str | None = None

    @abstractmethod
    def make_lookup(self, request: pytest.FixtureRequest) -> CandidateLookup:
        """A fresh lookup; ask ``request.getfixturevalue`` for any fixture it needs."""

    @pytest.fixture
    def lookup(self, request: pytest.FixtureRequest) -> Iterator[CandidateLookup]:
        lookup = self.make_lookup(request)
        yield lookup
        lookup.close()

    @pytest.mark.parametrize(("name", "lat", "lon"), KNOWN)
    def test_known_name_is_found_near_its_true_point(
        self, lookup: CandidateLookup, name: str, lat: float, lon: float
    ) -> None:
        near = [(c, kind) for c, kind in lookup.candidates(name) if km(c.lat, c.lon, lat, lon) < 10]
        assert near, f"no candidate for {name} within 10 km of ({lat}, {lon})"
        assert any(c.feature in PLACE_KINDS for c, _ in near)
        assert not any(c.fallback for c, _ in near)

    def test_country_name_is_a_country(self, lookup: CandidateLookup) -> None:
        assert any(c.feature is FeatureKind.COUNTRY and c.country_code == "RU" for c, _ in lookup.candidates("Russia"))

    def test_unknown_name_is_an_empty_sequence(self, lookup: CandidateLookup) -> None:
        found = lookup.candidates("Xqzzyvlle Nowhere")
        assert isinstance(found, Sequence)
        assert len(found) == 0
        assert lookup.drain_warnings() == []

    def test_answers_are_candidates_with_a_match_kind(self, lookup: CandidateLookup) -> None:
        found = lookup.candidates("Paris")
        assert found
        for candidate, kind in found:
            assert isinstance(candidate, Candidate)
            assert isinstance(candidate.feature, FeatureKind)
            assert kind in NAME_KINDS
            assert -90 <= candidate.lat <= 90 and -180 <= candidate.lon <= 180
            assert not candidate.fallback
            assert (candidate.source == self.source) if self.source else ("fallback" not in candidate.source)
        assert any(c.country_code == "FR" for c, _ in found)

    def test_same_name_same_answer(self, lookup: CandidateLookup) -> None:
        assert list(lookup.candidates("Seoul")) == list(lookup.candidates("Seoul"))

    @pytest.mark.parametrize(
        ("demonym", "country"),
        [pytest.param("Russian", "RU", id="russian"), pytest.param("North Korean", "KP", id="north-korean")],
    )
    def test_demonym_names_its_country(self, lookup: CandidateLookup, demonym: str, country: str) -> None:
        found = lookup.demonyms(demonym)
        assert any(
            c.feature is FeatureKind.COUNTRY and c.country_code == country and kind == "demonym" for c, kind in found
        )


class TestOfflineGazetteer(GeocoderContract):
    def make_lookup(self, request: pytest.FixtureRequest) -> CandidateLookup:
        return OfflineLookup(request.getfixturevalue("gazetteer"))


class TestNominatim(GeocoderContract):
    source = "nominatim"

    def make_lookup(self, request: pytest.FixtureRequest) -> CandidateLookup:
        open_lookup: OpenLookup = request.getfixturevalue("open_lookup")
        return open_lookup("nominatim")


class TestPhoton(GeocoderContract):
    source = "photon"

    def make_lookup(self, request: pytest.FixtureRequest) -> CandidateLookup:
        open_lookup: OpenLookup = request.getfixturevalue("open_lookup")
        return open_lookup("photon")


class TestGeopyServiceByName(GeocoderContract):
    """A geopy geocoder geomap has no entry for, found through ``get_geocoder_for_service``."""

    source = "openmapquest"

    def make_lookup(self, request: pytest.FixtureRequest) -> CandidateLookup:
        open_lookup: OpenLookup = request.getfixturevalue("open_lookup")
        return open_lookup("openmapquest", api_key="test-key")


# --- caching -------------------------------------------------------------------

ONLINE = [pytest.param("nominatim", id="nominatim"), pytest.param("photon", id="photon")]


@pytest.mark.parametrize("backend", ONLINE)
def test_cache_answers_repeat_queries_within_and_across_runs(
    server: FakeGeocoder, open_lookup: OpenLookup, backend: str
) -> None:
    first = open_lookup(backend)
    seoul = first.candidates("Seoul")
    assert first.candidates("Xqzzyvlle") == ()
    assert len(server.requests()) == 2
    assert first.candidates("Seoul") == seoul
    first.close()
    second = open_lookup(backend)  # a new run, same data dir
    assert second.candidates("Seoul") == seoul
    assert second.candidates("Xqzzyvlle") == ()  # "not found" is an answer too
    assert len(server.requests()) == 2


def test_query_options_are_part_of_the_cache_key(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    assert len(open_lookup(limit="1").candidates("Paris")) == 1
    assert len(open_lookup(limit="5").candidates("Paris")) == 2
    assert [r["query"]["limit"] for r in server.requests()] == ["1", "5"]


def test_cache_round_trips_locations_and_empty_answers(tmp_path: Path) -> None:
    key = CacheKey("nominatim", "http://127.0.0.1:1/search", "Seoul", {"limit": 10})
    location = Location("Seoul, South Korea", (37.5667, 126.9783), {"class": "place", "type": "city"})
    with GeocodeCache(tmp_path / "cache.sqlite") as cache:
        assert cache.get(key) is None
        cache.put(key, [location])
        cache.put(replace(key, query="Xqzzyvlle"), [])
        assert cache.get(replace(key, query="Xqzzyvlle")) == []
        assert cache.get(replace(key, options={"limit": 5})) is None
    with GeocodeCache(tmp_path / "cache.sqlite") as cache:
        (back,) = cache.get(key) or []
    assert (back.address, back.point, back.raw) == (location.address, location.point, location.raw)
    with GeocodeCache(tmp_path / "cache.sqlite", max_age=0.0) as stale:
        assert stale.get(key) is None


CACHE_WRITER = """
import sys
from pathlib import Path
from geopy.location import Location
from geomap.geocoding.cache import CacheKey, GeocodeCache

print("ready", flush=True)
sys.stdin.readline()
with GeocodeCache(Path(sys.argv[1])) as cache:  # a new file: every process creates it at once
    for i in range(50):
        cache.put(CacheKey("photon", "x", f"{sys.argv[2]}-{i}"), [Location("x", (1.0, 2.0), {"i": i})])
print("done", flush=True)
"""


def test_cache_takes_concurrent_writers_in_many_processes(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    outputs = run_together([[CACHE_WRITER, str(path), str(n)] for n in range(4)])
    assert [out.strip() for out in outputs] == ["done"] * 4
    with GeocodeCache(path) as cache:
        assert len(cache) == 200
        assert cache.get(CacheKey("photon", "x", "3-49")) is not None


# --- retries and fallback ----------------------------------------------------------


def test_429_waits_for_retry_after_then_succeeds(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    lookup = open_lookup()
    server.fail("status", status=429, retry_after="1")
    started = time.monotonic()
    found = lookup.candidates("Seoul")
    assert time.monotonic() - started >= 0.95
    assert found and not any(c.fallback for c, _ in found)
    first, second = server.requests()
    assert second["time"] - first["time"] >= 0.95
    assert lookup.drain_warnings() == []


@pytest.mark.parametrize(
    ("fault", "params", "count"),
    [
        pytest.param("status", {"status": 500}, 2, id="500-twice"),
        pytest.param("status", {"status": 502}, 1, id="502"),
        pytest.param("status", {"status": 503}, 1, id="503"),
        pytest.param("status", {"status": 429}, 1, id="429-without-retry-after"),
        pytest.param("timeout", {"delay": 1.5}, 1, id="timeout"),
        pytest.param("malformed", {}, 1, id="malformed-json-once"),
    ],
)
def test_transient_failures_are_retried(
    server: FakeGeocoder, open_lookup: OpenLookup, fault: str, params: dict[str, object], count: int
) -> None:
    lookup = open_lookup(timeout="0.5")
    server.fail(fault, count=count, **params)
    found = lookup.candidates("Rajin")
    assert [c.source for c, _ in found] == ["nominatim"]
    assert len(server.requests()) == count + 1
    assert lookup.drain_warnings() == []


@pytest.mark.parametrize(
    "status",
    [
        pytest.param(400, id="400-bad-request"),
        pytest.param(401, id="401-unauthorized"),
        pytest.param(403, id="403-forbidden"),
        pytest.param(404, id="404-wrong-endpoint"),
    ],
)
def test_4xx_is_not_retried_and_falls_back(server: FakeGeocoder, open_lookup: OpenLookup, status: int) -> None:
    lookup = open_lookup()
    server.fail("status", status=status, count=5)
    found = lookup.candidates("Rajin")
    assert len(server.requests()) == 1
    assert found
    assert all(c.fallback and c.source == FALLBACK_SOURCE for c, _ in found)
    assert any(km(c.lat, c.lon, 42.25, 130.2833) < 10 for c, _ in found)
    assert lookup.drain_warnings() == [
        f"nominatim failed for 'Rajin' (HTTP {status}, not retried); used the offline gazetteer"
    ]
    assert lookup.drain_warnings() == []


def test_malformed_json_twice_falls_back(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    lookup = open_lookup("photon")
    server.fail("malformed", count=5)
    found = lookup.candidates("Dunay")
    assert len(server.requests()) == 2
    assert found and all(c.fallback for c, _ in found)
    assert lookup.drain_warnings() == [
        "photon failed for 'Dunay' (malformed response after 2 tries); used the offline gazetteer"
    ]


@pytest.mark.parametrize("backend", ["nominatim", "photon"])
def test_an_answer_of_another_shape_is_said_with_what_was_wrong(
    server: FakeGeocoder, open_lookup: OpenLookup, backend: str
) -> None:
    """Well-formed JSON without coordinates is a malformed answer: tried once more, then the fallback,
    and the warning names what could not be read, so a changed API is not a silent fallback."""
    lookup = open_lookup(backend)
    server.fail("shape", count=5)
    found = lookup.candidates("Dunay")
    assert len(server.requests()) == 2
    assert found and all(c.fallback for c, _ in found)
    [warning] = lookup.drain_warnings()
    assert warning.startswith(f"{backend} failed for 'Dunay' (malformed response (")
    assert warning.endswith(") after 2 tries); used the offline gazetteer")
    assert "Error" in warning


def test_failures_are_not_cached(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    lookup = open_lookup(max_retries="2")
    server.fail("status", status=500, count=3)
    assert all(c.fallback for c, _ in lookup.candidates("Seoul"))
    assert lookup.candidates("Seoul")[0][0].fallback  # remembered for this run, without asking again
    assert len(server.requests()) == 3
    assert lookup.drain_warnings() == [
        "nominatim failed for 'Seoul' (HTTP 500 after 3 tries); used the offline gazetteer"
    ]
    found = open_lookup().candidates("Seoul")  # the next run asks again
    assert [c.source for c, _ in found] == ["nominatim"]
    assert len(server.requests()) == 4


def test_repeated_failures_stop_asking_for_the_rest_of_the_run(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    open_lookup().candidates("Seoul")  # an earlier run left Seoul in the cache
    lookup = open_lookup(max_retries="0", max_failures="2")
    server.fail("status", status=500, count=100)
    for name in ["Rajin", "Geneva", "Dunay", "Paris"]:
        assert all(c.fallback for c, _ in lookup.candidates(name))
    assert [c.source for c, _ in lookup.candidates("Seoul")] == ["nominatim"]  # the cache still answers
    assert len(server.requests()) == 3
    assert lookup.drain_warnings() == [
        "nominatim failed for 'Rajin' (HTTP 500 after 1 try); used the offline gazetteer",
        "nominatim failed for 'Geneva' (HTTP 500 after 1 try); used the offline gazetteer",
        "nominatim failed 2 times in a row; the offline gazetteer answers for the rest of this run",
        "nominatim not asked for 'Dunay', 'Paris' (disabled for this run after 2 failures in a row); "
        "used the offline gazetteer",
    ]


def test_long_retry_after_is_not_waited_for(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    lookup = open_lookup()
    server.fail("status", status=429, retry_after="3600", count=5)
    started = time.monotonic()
    assert all(c.fallback for c, _ in lookup.candidates("Seoul"))
    assert all(c.fallback for c, _ in lookup.candidates("Paris"))
    assert time.monotonic() - started < 600  # not the hour asked for, however busy the machine
    assert len(server.requests()) == 1
    assert lookup.drain_warnings()[0] == (
        "nominatim failed for 'Seoul' (HTTP 429, asked to wait 3600 s); used the offline gazetteer"
    )


def test_unreachable_service_falls_back(make_settings: MakeSettings, gazetteer: Gazetteer) -> None:
    with FakeGeocoder.start() as gone:
        domain = gone.domain  # a port nobody listens on any more
    settings = make_settings("photon", domain=domain, max_retries="1")
    lookup = OnlineLookup(settings, OfflineLookup(gazetteer))
    try:
        assert all(c.fallback for c, _ in lookup.candidates("Geneva"))
        assert lookup.drain_warnings() == [
            "photon failed for 'Geneva' (unreachable after 2 tries); used the offline gazetteer"
        ]
    finally:
        lookup.close()


# --- requests and configuration -----------------------------------------------------


def test_requests_carry_user_agent_and_nominatim_parameters(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    open_lookup().candidates("Pyongyang")
    open_lookup("photon").candidates("Pyongyang")
    nominatim, photon = server.requests()
    assert nominatim["user_agent"] == photon["user_agent"] == USER_AGENT
    assert nominatim["path"] == "/search"
    assert nominatim["query"]["q"] == "Pyongyang"
    assert nominatim["query"]["format"] == "json"
    assert nominatim["query"]["limit"] == "10"
    assert nominatim["query"]["accept-language"] == "en"
    assert nominatim["query"]["addressdetails"] not in {"", "0"}
    assert (photon["path"], photon["query"]["q"]) == ("/api", "Pyongyang")


@pytest.mark.parametrize(
    "user_agent",
    [
        pytest.param(None, id="unset"),
        pytest.param("", id="empty"),
        pytest.param("geopy/2.5.0", id="geopy-default"),
        pytest.param("my-application", id="geopy-sample"),
    ],
)
def test_nominatim_requires_a_user_agent(
    make_settings: MakeSettings, gazetteer: Gazetteer, user_agent: str | None
) -> None:
    settings = make_settings("nominatim", user_agent=user_agent)
    with pytest.raises(GeocoderConfigurationError) as error:
        make_lookup(settings, gazetteer)
    message = str(error.value)
    assert "\n" not in message
    assert "--user-agent" in message and "GEOMAP_USER_AGENT" in message
    assert "https://operations.osmfoundation.org/policies/nominatim/" in message


def test_other_services_get_geomaps_user_agent_by_default(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    open_lookup("photon", user_agent=None).candidates("Seoul")
    assert server.requests()[0]["user_agent"].startswith("geomap/")


@pytest.mark.parametrize(
    ("geocoder", "options", "needle"),
    [
        pytest.param("nominatimm", {}, "choose one of", id="unknown-backend"),
        pytest.param("photon", {"colour": "red"}, "unknown option(s) for geocoder photon: colour", id="unknown-option"),
        pytest.param("photon", {"timeout": "soon"}, "timeout='soon' must be a number", id="bad-number"),
        pytest.param("photon", {"max_retries": "-1"}, "must be a number >= 0", id="negative"),
        pytest.param("google", {}, "cannot configure geocoder google", id="missing-api-key"),
        pytest.param(
            "nominatim",
            {"domain": "nominatim.openstreetmap.org", "scheme": "https", "min_delay": "0.5"},
            "at most 1 request/s",
            id="public-nominatim-too-fast",
        ),
    ],
)
def test_configuration_errors_say_what_is_wrong(
    make_settings: MakeSettings, gazetteer: Gazetteer, geocoder: str, options: dict[str, str], needle: str
) -> None:
    with pytest.raises(GeocoderConfigurationError) as error:
        make_lookup(make_settings(geocoder, **options), gazetteer)
    assert needle in str(error.value)
    if geocoder == "nominatimm":
        assert all(name in str(error.value) for name in ("gazetteer", "nominatim", "photon", "openmapquest"))


def test_make_lookup_picks_the_backend(make_settings: MakeSettings, gazetteer: Gazetteer) -> None:
    offline = make_lookup(make_settings("gazetteer"), gazetteer)
    online = make_lookup(make_settings("photon"), gazetteer)
    try:
        assert (offline.name, online.name) == ("gazetteer", "photon")
        assert isinstance(online, OnlineLookup)
    finally:
        offline.close()
        online.close()


def test_server_runs_as_its_own_process(settings: Settings, gazetteer: Gazetteer, tmp_path: Path) -> None:
    with FakeGeocoder.spawn(max_seconds=60) as fake:
        options = {"domain": fake.domain, "scheme": "http", **FAST}
        online = replace(
            settings, data_dir=tmp_path, gazetteer=settings.gazetteer_path, geocoder="photon", geocoder_options=options
        )
        lookup = OnlineLookup(online, OfflineLookup(gazetteer))
        try:
            fake.fail("status", status=500)
            assert [c.country_code for c, _ in lookup.candidates("Geneva")] == ["CH"]
            assert len(fake.requests()) == 2
        finally:
            lookup.close()


# --- rate limiting -------------------------------------------------------------------


def test_rate_limit_is_shared_between_limiters_on_one_file(tmp_path: Path) -> None:
    path = tmp_path / "limit.lock"
    first, second = RateLimiter(path, min_delay=0.3), RateLimiter(path, min_delay=0.3)
    assert first.wait() == 0.0
    started = time.monotonic()
    second.wait()
    assert time.monotonic() - started >= 0.25
    RateLimiter(path).pause(0.3)  # a 429 seen by one process pauses all of them
    started = time.monotonic()
    RateLimiter(path).wait()
    assert time.monotonic() - started >= 0.25


def test_rate_limit_holds_across_threads(tmp_path: Path) -> None:
    stamps: list[float] = []
    # the send times as the limiter grants them, under its lock: a stamp taken after it returns
    # measures the scheduler of a busy machine, not the limiter
    limiter = RateLimiter(tmp_path / "limit.lock", min_delay=0.1, on_grant=stamps.append)

    def work() -> None:
        for _ in range(3):
            with limiter.request():
                pass

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamps.sort()
    assert len(stamps) == 9
    assert min(b - a for a, b in itertools.pairwise(stamps)) >= 0.1


CLIENT = """
import json, sys
from pathlib import Path
from geomap.gazetteer.index import NAME_KINDS, Gazetteer
from geomap.geometry import distance_km
from geomap.geocoding.online import OnlineLookup
from geomap.geocoding.offline import OfflineLookup
from geomap.settings import Settings

config = json.loads(sys.argv[1])
settings = Settings(
    data_dir=Path(config["data_dir"]), gazetteer=Path(config["gazetteer"]), geocoder="nominatim",
    geocoder_options=config["options"], user_agent=config["user_agent"],
)
with Gazetteer(settings.gazetteer_path) as gazetteer:
    lookup = OnlineLookup(settings, OfflineLookup(gazetteer))
    print("ready", flush=True)
    sys.stdin.readline()
    found = {name: [c.source for c, _ in lookup.candidates(name)] for name in config["names"]}
    print(json.dumps({"found": found, "warnings": lookup.drain_warnings()}), flush=True)
    lookup.close()
"""


@pytest.mark.process
def test_nominatim_rate_limit_holds_across_two_processes(
    server: FakeGeocoder, settings: Settings, tmp_path: Path
) -> None:
    names = [["Pyongyang", "Seoul", "Rajin"], ["Geneva", "Paris", "Dunay"]]
    scripts = []
    for n, batch in enumerate(names):
        config = {
            "data_dir": str(tmp_path / "shared"),
            "gazetteer": str(settings.gazetteer_path),
            "options": {"domain": server.domain, "scheme": "http", "timeout": "5"},  # the default 1 request/s
            "user_agent": f"{USER_AGENT} worker-{n}",
            "names": batch,
        }
        scripts.append([CLIENT, json.dumps(config)])
    outputs = [json.loads(out) for out in run_together(scripts)]
    for output, batch in zip(outputs, names, strict=True):
        assert output["warnings"] == []
        assert all(output["found"][name] and set(output["found"][name]) == {"nominatim"} for name in batch)
    log = sorted(server.requests(), key=lambda r: r["time"])
    assert len(log) == 6
    assert {r["user_agent"] for r in log} == {f"{USER_AGENT} worker-0", f"{USER_AGENT} worker-1"}
    gaps = [b["time"] - a["time"] for a, b in itertools.pairwise(log)]
    assert min(gaps) >= 0.95, gaps


# --- what an answer may be ---------------------------------------------------------


def test_a_redirect_to_another_host_is_not_followed(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    lookup = open_lookup()
    with FakeGeocoder.start() as elsewhere:
        server.fail("redirect", location=f"{elsewhere.url}/search")
        found = lookup.candidates("Seoul")
        assert elsewhere.requests() == []  # neither the query nor the User-Agent went there
    assert found and all(c.fallback for c, _ in found)
    (warning,) = lookup.drain_warnings()
    assert f"redirected to another host ({elsewhere.domain}); not followed" in warning


def test_a_redirect_within_the_service_is_followed(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    lookup = open_lookup()
    server.fail("redirect", location=f"{server.url}/v1/search")
    found = lookup.candidates("Seoul")
    assert found and not any(c.fallback for c, _ in found)
    assert [r["path"] for r in server.requests()] == ["/search", "/v1/search"]


def test_an_answer_too_big_to_be_one_is_refused(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    lookup = open_lookup()
    server.fail("huge", size=200_000_000)
    found = lookup.candidates("Seoul")
    assert found and all(c.fallback for c, _ in found)
    assert "over the 10.4858 MB limit; refused" in lookup.drain_warnings()[0]
    assert len(server.requests()) == 1  # refused, not retried


def test_an_answer_that_drips_is_cut_at_one_deadline(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    # one byte every 0.2 s for 300 bytes: a minute, if each read had its own timeout
    lookup = open_lookup(timeout="1", max_retries="1")
    server.fail("drip", delay=0.2, size=300, count=2)
    started = time.monotonic()
    found = lookup.candidates("Seoul")
    assert time.monotonic() - started < 30
    assert found and all(c.fallback for c, _ in found)
    assert "timed out after 2 tries" in lookup.drain_warnings()[0]


def test_a_long_retry_after_holds_for_every_process(
    server: FakeGeocoder, open_lookup: OpenLookup, settings: Settings, tmp_path: Path
) -> None:
    first = open_lookup()
    server.fail("status", status=429, retry_after="3600")
    assert all(c.fallback for c, _ in first.candidates("Seoul"))
    config = {
        "data_dir": str(tmp_path / "data"),  # the data dir, and so the rate limit, of open_lookup
        "gazetteer": str(settings.gazetteer_path),
        "options": {"domain": server.domain, "scheme": "http", **FAST},
        "user_agent": f"{USER_AGENT} other-run",
        "names": ["Paris", "Geneva"],
    }
    (output,) = [json.loads(out) for out in run_together([[CLIENT, json.dumps(config)]])]
    assert len(server.requests()) == 1  # the other run asked nothing
    assert all(set(sources) == {FALLBACK_SOURCE} for sources in output["found"].values())
    assert "asked another run for a pause" in output["warnings"][0]


def test_a_service_given_up_on_is_asked_again_after_a_while(server: FakeGeocoder, open_lookup: OpenLookup) -> None:
    """Giving up lasts a run's worth of time (``RetryPolicy.give_up_s``), not the life of the
    process: a long-lived worker that shares its resources between runs asks the service again."""
    lookup = open_lookup(max_retries="0", max_failures="2")
    now = [1_000_000.0]
    lookup.giving_up.clock = lambda: now[0]
    server.fail("status", status=500, count=2)
    for name in ["Rajin", "Geneva", "Dunay"]:
        assert all(c.fallback for c, _ in lookup.candidates(name))
    assert len(server.requests()) == 2  # Dunay was not asked
    now[0] += lookup.backend.policy.give_up_s + 1
    assert [c.source for c, _ in lookup.candidates("Seoul")] == ["nominatim"]
    assert len(server.requests()) == 3


# --- one deadline per look-up -------------------------------------------------------


def test_a_look_up_that_drips_is_cut_at_its_deadline_not_at_each_tries_timeout(
    server: FakeGeocoder, make_settings: MakeSettings, gazetteer: Gazetteer
) -> None:
    # each try may take 2 s and there are 3 retries, but the look-up as a whole has 1 s
    settings = replace(make_settings(timeout="2", max_retries="3"), lookup_deadline=1.0)
    lookup = OnlineLookup(settings, OfflineLookup(gazetteer))
    try:
        server.fail("drip", delay=0.2, size=300, count=10)
        found = lookup.candidates("Seoul")
        assert found and all(c.fallback for c, _ in found)
        assert len(server.requests()) == 1  # the deadline passed during the first try: no other
        assert lookup.drain_warnings()[0] == (
            "nominatim failed for 'Seoul' (gave up after 1 try within its 1 s deadline: timed out); "
            "used the offline gazetteer"
        )
    finally:
        lookup.close()


def test_no_wait_between_tries_runs_past_the_deadline(
    server: FakeGeocoder, make_settings: MakeSettings, gazetteer: Gazetteer
) -> None:
    # tries at 0 s and about 2 s; the third would come after a 4 s wait, past the 5 s deadline
    settings = replace(make_settings(backoff="2", max_retries="10"), lookup_deadline=5.0)
    lookup = OnlineLookup(settings, OfflineLookup(gazetteer))
    try:
        server.fail("status", status=500, count=100)
        assert all(c.fallback for c, _ in lookup.candidates("Seoul"))
        assert len(server.requests()) == 2
        assert lookup.drain_warnings()[0] == (
            "nominatim failed for 'Seoul' (gave up after 2 tries within its 5 s deadline: HTTP 500); "
            "used the offline gazetteer"
        )
    finally:
        lookup.close()


def test_a_service_that_holds_a_look_up_to_its_deadline_is_not_asked_for_the_next_names(
    server: FakeGeocoder, make_settings: MakeSettings, gazetteer: Gazetteer
) -> None:
    """A service that drips would hold every name of an article for a deadline each: after one
    look-up that failed for a whole deadline, the gazetteer answers for the rest of the run."""
    settings = replace(make_settings(timeout="2"), lookup_deadline=1.0)
    lookup = OnlineLookup(settings, OfflineLookup(gazetteer))
    try:
        server.fail("drip", delay=0.2, size=300, count=10)
        for name in ["Seoul", "Paris", "Geneva"]:
            assert all(c.fallback for c, _ in lookup.candidates(name))
        assert [r["query"]["q"] for r in server.requests()] == ["Seoul"]
        warnings = lookup.drain_warnings()
        assert (
            "nominatim failed for 1 s in a row, as long as a look-up may take; the offline gazetteer answers "
            in (warnings[1])
        )
        assert warnings[2].startswith("nominatim not asked for 'Paris', 'Geneva'")
    finally:
        lookup.close()
