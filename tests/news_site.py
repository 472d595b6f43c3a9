"""A small news site on 127.0.0.1 for tests: feeds, article pages and robots.txt, with faults on demand.

Every resource has an ``ETag`` (a digest of its body) and a ``Last-Modified``
(when it was last put), and a request that sends either back for an unchanged
resource gets 304 with no body. Faults are queued per path::

    site.put("/feed.xml", rss(...), "application/rss+xml")
    site.fail("/a.html", 429, retry_after="1")   # the next request to /a.html only
    site.fail("/a.html", 500, count=10)
    site.redirect("/loop1", "/loop2")
    site.drip("/slow.html", delay=0.5)           # headers, then one byte every 0.5 s

Every request is logged with its headers (:meth:`NewsSite.requests`).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Resource:
    body: bytes
    content_type: str
    modified: float
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'

    @property
    def last_modified(self) -> str:
        return formatdate(self.modified, usegmt=True)


@dataclass
class Fault:
    status: int
    retry_after: str | None = None


class NewsSite:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resources: dict[str, Resource] = {}
        self._faults: dict[str, deque[Fault]] = {}
        self._redirects: dict[str, str] = {}
        self._drips: dict[str, float] = {}
        self._log: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site._serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- set up ------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            old = self._resources.get(path)
            modified = time.time() if old is None or old.body != data else old.modified
            if old is not None and old.body != data and int(modified) <= int(old.modified):
                modified = old.modified + 1  # Last-Modified counts whole seconds
            self._resources[path] = Resource(data, content_type, modified, headers)

    def remove(self, path: str) -> None:
        with self._lock:
            self._resources.pop(path, None)

    def fail(self, path: str, status: int, *, count: int = 1, retry_after: str | None = None) -> None:
        with self._lock:
            self._faults.setdefault(path, deque()).extend(Fault(status, retry_after) for _ in range(count))

    def redirect(self, path: str, to: str) -> None:
        with self._lock:
            self._redirects[path] = to

    def drip(self, path: str, *, delay: float) -> None:
        with self._lock:
            self._drips[path] = delay

    def requests(self, path: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self._log if path is None or r["path"] == path]

    def start(self) -> NewsSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    # --- answering ---------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        with self._lock:
            self._log.append({"path": path, "headers": dict(handler.headers.items()), "time": time.time()})
            queue = self._faults.get(path)
            fault = queue.popleft() if queue else None
            target = self._redirects.get(path)
            resource = self._resources.get(path)
            drip = self._drips.get(path)
        if fault is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            self._send(handler, fault.status, b"fault", "text/plain", headers)
            return
        if target is not None:
            self._send(handler, 302, b"", "text/plain", {"Location": target})
            return
        if resource is None:
            self._send(handler, 404, b"not found", "text/plain")
            return
        tags = handler.headers.get("If-None-Match")
        since = handler.headers.get("If-Modified-Since")
        if (tags is not None and resource.etag in tags) or (tags is None and since == resource.last_modified):
            self._send(handler, 304, b"", None, {"ETag": resource.etag})
            return
        headers = {"ETag": resource.etag, "Last-Modified": resource.last_modified, **resource.headers}
        if drip is not None:
            self._drip(handler, resource, headers, drip)
            return
        self._send(handler, 200, resource.body, resource.content_type, headers)

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            handler.send_response(status)
            if content_type is not None:
                handler.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            if status != 304:
                handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if status != 304:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _drip(self, handler: BaseHTTPRequestHandler, resource: Resource, headers: dict[str, str], delay: float) -> None:
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", resource.content_type)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(resource.body)))
            handler.end_headers()
            for i in range(len(resource.body)):
                if self.stopping.wait(delay):
                    return
                handler.wfile.write(resource.body[i : i + 1])
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def page(title: str, body: str, *, published: str | None = None) -> str:
    """An article page, as news sites mark them up."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright The Test Gazette</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str, str]]) -> str:
    """An RSS 2.0 feed of (link, title, RFC 822 date, summary) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate><description>{s}</description></item>"
        for link, t, d, s in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>{entries}</channel></rss>'


def atom(items: list[tuple[str, str, str, str]]) -> str:
    """An Atom feed of (link, title, ISO date, summary) items."""
    entries = "".join(
        f'<entry><title>{t}</title><link rel="alternate" href="{link}"/><id>{link}</id>'
        f"<updated>{d}</updated><summary>{s}</summary></entry>"
        for link, t, d, s in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Gazette</title><id>urn:gazette</id><updated>2024-05-01T00:00:00Z</updated>{entries}</feed>"
    )


def json_feed(items: list[tuple[str, str, str, str]]) -> str:
    """A JSON Feed 1.1 of (link, title, ISO date, summary) items."""
    import json

    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Gazette",
            "items": [
                {"id": link, "url": link, "title": t, "date_published": d, "summary": s} for link, t, d, s in items
            ],
        }
    )
