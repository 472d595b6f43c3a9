"""A fake geocoding service on 127.0.0.1 that speaks Nominatim and Photon, for tests.

It answers ``GET /search`` (and any path ending in ``/search`` or
``/forward``, as Nominatim look-alikes use) with Nominatim's JSON, and
``GET /api`` with Photon's GeoJSON, for a small built-in set of places. It logs
every request, and ``POST /_control`` queues faults for the next requests::

    {"fault": "status", "status": 429, "retry_after": "1", "count": 2}
    {"fault": "timeout", "delay": 1.0}      # answer only after ``delay`` seconds
    {"fault": "malformed"}                  # 200 with a truncated JSON body
    {"fault": "shape"}                      # 200 with well-formed JSON of another shape (no coordinates)
    {"fault": "redirect", "location": URL}  # 302 to URL (the query string kept)
    {"fault": "huge", "size": 50000000}     # 200 with a JSON body of ``size`` bytes, sent fast
    {"fault": "drip", "delay": 0.5, "size": 300}  # 200, then one byte every ``delay`` s
    {"reset": true}                         # forget faults and the request log

``GET /_requests`` returns the log. Run it in a thread (:meth:`FakeGeocoder.start`)
or as its own process (``python tests/geocoder_server.py --port 0``, or
:meth:`FakeGeocoder.spawn`); either way it stops when the test is done.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.request
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"


@dataclass(frozen=True)
class FakePlace:
    """One place the fake service knows, with what Nominatim and Photon say about it."""

    name: str
    lat: float
    lon: float
    country_code: str
    country: str
    osm_class: str
    osm_type: str
    photon_type: str
    state: str | None = None
    alt_names: tuple[str, ...] = ()
    importance: float = 0.5
    admin_level: int | None = None
    population: int | None = None
    osm_id: int = 0

    def names(self) -> set[str]:
        return {_fold(self.name), *(_fold(n) for n in self.alt_names)}

    def display_name(self) -> str:
        parts = [self.name, self.state, self.country] if self.osm_type != "country" else [self.name]
        return ", ".join(p for p in parts if p)

    def nominatim(self, place_id: int, *, v2: bool, details: bool, extratags: bool) -> dict[str, Any]:
        """The place as one item of Nominatim's ``format=json`` (or ``jsonv2``) answer."""
        item: dict[str, Any] = {
            "place_id": place_id,
            "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
            "osm_type": "relation" if self.osm_class == "boundary" else "node",
            "osm_id": self.osm_id or place_id * 1000,
            "lat": f"{self.lat:.7f}",
            "lon": f"{self.lon:.7f}",
            "display_name": self.display_name(),
            "importance": self.importance,
            "boundingbox": [
                f"{self.lat - 0.1:.7f}",
                f"{self.lat + 0.1:.7f}",
                f"{self.lon - 0.1:.7f}",
                f"{self.lon + 0.1:.7f}",
            ],
        }
        if v2:
            item.update(category=self.osm_class, type=self.osm_type, place_rank=16, addresstype=self.photon_type)
            item["name"] = self.name
        else:
            item.update({"class": self.osm_class, "type": self.osm_type})
        if details:
            address = {"country": self.country, "country_code": self.country_code.lower()}
            if self.state:
                address["state"] = self.state
            if self.osm_class == "place":
                address[self.osm_type] = self.name
            item["address"] = address
        if extratags:
            tags: dict[str, str] = {}
            if self.admin_level is not None:
                tags["admin_level"] = str(self.admin_level)
            if self.population is not None:
                tags["population"] = str(self.population)
            item["extratags"] = tags
        return item

    def photon(self) -> dict[str, Any]:
        """The place as one feature of Photon's GeoJSON answer."""
        properties: dict[str, Any] = {
            "osm_type": "R" if self.osm_class == "boundary" else "N",
            "osm_id": self.osm_id or 1,
            "osm_key": self.osm_class,
            "osm_value": self.osm_type,
            "type": self.photon_type,
            "name": self.name,
            "countrycode": self.country_code,
            "country": self.country,
        }
        if self.state:
            properties["state"] = self.state
        if self.population is not None:
            properties["extent_population"] = self.population
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [self.lon, self.lat]},
            "properties": properties,
        }


PLACES = (
    FakePlace(
        "Pyongyang",
        39.0392,
        125.7625,
        "KP",
        "North Korea",
        "place",
        "city",
        "city",
        importance=0.72,
        population=2870000,
    ),
    FakePlace(
        "Seoul", 37.5667, 126.9783, "KR", "South Korea", "place", "city", "city", importance=0.78, population=9586195
    ),
    FakePlace("Rajin", 42.2456, 130.2770, "KP", "North Korea", "place", "town", "city", "Rason", ("Najin",), 0.41),
    FakePlace("Dunay", 42.879, 132.335, "RU", "Russia", "place", "village", "city", "Primorsky Krai", ("Dunai",), 0.3),
    FakePlace("Geneva", 46.2044, 6.1432, "CH", "Switzerland", "place", "city", "city", "Geneva", ("Genève",), 0.69),
    FakePlace("Paris", 48.8535, 2.3484, "FR", "France", "place", "city", "city", "Ile-de-France", importance=0.88),
    FakePlace("Paris", 33.6609, -95.5555, "US", "United States", "place", "town", "city", "Texas", importance=0.5),
    FakePlace(
        "Russia",
        64.6863,
        97.7453,
        "RU",
        "Russia",
        "boundary",
        "administrative",
        "country",
        importance=0.93,
        admin_level=2,
    ),
    FakePlace(
        "Sea of Japan", 40.0, 135.0, "JP", "Japan", "natural", "sea", "other", alt_names=("East Sea",), importance=0.6
    ),
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def search(query: str, limit: int) -> list[FakePlace]:
    """Places named ``query`` (any case, accents ignored), most important first."""
    wanted = _fold(query)
    hits = [place for place in PLACES if wanted in place.names()]
    return sorted(hits, key=lambda p: -p.importance)[:limit]


@dataclass
class Fault:
    """What to do instead of answering, for the next ``count`` geocoding requests."""

    fault: str
    count: int = 1
    status: int = 500
    retry_after: str | None = None
    delay: float = 2.0
    location: str = ""
    size: int = 0


class FakeState:
    """The request log and the queued faults, shared by the server's handler threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[dict[str, Any]] = []
        self.faults: deque[Fault] = deque()
        self.stopping = threading.Event()

    def record(self, entry: dict[str, Any]) -> Fault | None:
        with self.lock:
            self.log.append(entry)
            if not self.faults:
                return None
            fault = self.faults[0]
            fault.count -= 1
            if fault.count <= 0:
                self.faults.popleft()
            return fault

    def control(self, command: Mapping[str, Any]) -> None:
        with self.lock:
            if command.get("reset"):
                self.faults.clear()
                self.log.clear()
            if "fault" in command:
                self.faults.append(Fault(**{k: v for k, v in command.items() if k != "reset"}))


class Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: nothing to tell it
            self._get()

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/_control":
            self._send(404, {"error": "not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            self.server.state.control(json.loads(self.rfile.read(length) or b"{}"))
        except (ValueError, TypeError) as exc:
            self._send(400, {"error": str(exc)})
            return
        self._send(200, {"ok": True})

    def _get(self) -> None:
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/_requests":
            with self.server.state.lock:
                self._send(200, list(self.server.state.log))
            return
        api = "photon" if url.path.rstrip("/").endswith("/api") else None
        if url.path.rstrip("/").endswith(("/search", "/forward")):
            api = "nominatim"
        if api is None:
            self._send(404, {"error": f"no such endpoint: {url.path}"})
            return
        entry = {
            "api": api,
            "path": url.path,
            "query": params,
            "user_agent": self.headers.get("User-Agent"),
            "time": time.time(),
        }
        fault = self.server.state.record(entry)
        if fault is not None and fault.fault == "timeout":
            self.server.state.stopping.wait(fault.delay)
        elif fault is not None and fault.fault == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            self._send(fault.status, {"error": f"fake failure {fault.status}"}, headers)
            return
        elif fault is not None and fault.fault == "malformed":
            self._send_bytes(200, b'[{"place_id": 1, "lat": "39.0', "application/json")
            return
        elif fault is not None and fault.fault == "shape":
            self._send(200, [{"place_id": 1, "display_name": "Nowhere"}] if api == "nominatim" else {"features": [{}]})
            return
        elif fault is not None and fault.fault == "redirect":
            query = urlsplit(self.path).query
            self._send_bytes(302, b"", "text/plain", {"Location": f"{fault.location}?{query}"})
            return
        elif fault is not None and fault.fault in {"huge", "drip"}:
            self._stream(fault)
            return
        q = params.get("q", "")
        limit = int(params.get("limit") or (10 if api == "nominatim" else 15))
        places = search(q, limit)
        if api == "photon":
            self._send(200, {"type": "FeatureCollection", "features": [p.photon() for p in places]})
            return
        fmt = params.get("format", "xml")
        if fmt not in {"json", "jsonv2"}:
            self._send(400, {"error": f"unsupported format {fmt!r} in this fake"})
            return
        details, extratags = (params.get(flag, "0") not in {"", "0"} for flag in ("addressdetails", "extratags"))
        answer = [
            p.nominatim(PLACES.index(p) + 1, v2=fmt == "jsonv2", details=details, extratags=extratags) for p in places
        ]
        self._send(200, answer)

    def _stream(self, fault: Fault) -> None:
        """An answer too big to keep, or one that never ends: sent until the client hangs up."""
        size = fault.size or 1000
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()  # no length: the answer ends when the connection closes
        self.wfile.write(b"[")
        sent, block = 1, b" " * 65536
        while sent < size and not self.server.state.stopping.is_set():
            if fault.fault == "drip":
                self.wfile.write(b" ")
                self.wfile.flush()
                sent += 1
                self.server.state.stopping.wait(fault.delay)
            else:
                self.wfile.write(block[: size - sent])
                sent += len(block)
        self.wfile.write(b"]")

    def _send(self, status: int, body: object, headers: Mapping[str, str] | None = None) -> None:
        self._send_bytes(status, json.dumps(body).encode(), "application/json; charset=utf-8", headers)

    def _send_bytes(self, status: int, body: bytes, ctype: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, port: int = 0) -> None:
        super().__init__((HOST, port), Handler)
        self.state = FakeState()


class FakeGeocoder:
    """A client for a running fake service, in this process or another one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.domain = f"{HOST}:{port}"
        self.url = f"http://{self.domain}"

    def fail(self, fault: str, *, count: int = 1, **params: object) -> None:
        """The next ``count`` geocoding requests get ``fault`` ("status", "timeout", "malformed", "shape"...)."""
        self._post({"fault": fault, "count": count, **params})

    def reset(self) -> None:
        """Forget queued faults and the request log."""
        self._post({"reset": True})

    def requests(self) -> list[dict[str, Any]]:
        """Every geocoding request so far: api, path, query, user_agent, time."""
        with urllib.request.urlopen(f"{self.url}/_requests", timeout=5) as response:
            log: list[dict[str, Any]] = json.load(response)
        return log

    def _post(self, command: Mapping[str, object]) -> None:
        request = urllib.request.Request(
            f"{self.url}/_control", data=json.dumps(command).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            response.read()

    @classmethod
    @contextmanager
    def start(cls) -> Iterator[FakeGeocoder]:
        """The service in a thread of this process, on a free port, until the block exits."""
        server = FakeServer()
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield cls(server.server_address[1])
        finally:
            server.state.stopping.set()
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    @classmethod
    @contextmanager
    def spawn(cls, *, max_seconds: float = 120.0) -> Iterator[FakeGeocoder]:
        """The service in its own process, on a free port, until the block exits (or ``max_seconds`` pass)."""
        script = str(Path(__file__).resolve())
        command = [sys.executable, script, "--port", "0", "--max-seconds", str(max_seconds), "--stop-on-eof"]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            if not line.startswith("listening on "):
                raise RuntimeError(f"the fake geocoder did not start: {line!r}")
            yield cls(int(line.rsplit(":", 1)[1]))
        finally:
            assert process.stdin is not None
            process.stdin.close()  # EOF on stdin stops the server
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()


def main(argv: list[str] | None = None) -> None:
    """Serve until SIGINT, ``--max-seconds`` or (with ``--stop-on-eof``) the end of stdin; print the address first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop after this long, whatever happens")
    parser.add_argument("--stop-on-eof", action="store_true", help="stop when stdin closes (the parent is gone)")
    args = parser.parse_args(argv)
    server = FakeServer(args.port)
    print(f"listening on http://{HOST}:{server.server_address[1]}", flush=True)
    stop = threading.Event()

    def watch_stdin() -> None:  # the parent closing our stdin (or dying) means: stop
        sys.stdin.read()
        stop.set()

    if args.stop_on_eof:
        threading.Thread(target=watch_stdin, daemon=True).start()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        stop.wait(args.max_seconds)
    except KeyboardInterrupt:
        pass
    finally:
        server.state.stopping.set()
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
