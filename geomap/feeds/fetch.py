"""Fetching feeds and article pages politely, as well-behaved crawlers do.

Every request:

- goes only to ``http`` and ``https`` URLs, and each redirect is checked the
  same way, with at most :data:`MAX_REDIRECTS` hops and no loops;
- connects only to an address the fetcher's
  :class:`~geomap.addresses.AddressPolicy` allows, checked after name
  resolution on the very address connected to, for every hop of a redirect
  and for ``robots.txt`` too (:mod:`geomap.feeds.transport`);
- names the tool and a contact in its User-Agent (:func:`user_agent`);
- asks the site's ``robots.txt`` first (read once per site and fetcher, by
  RFC 9309: a missing file allows everything, a file that cannot be fetched
  because of a server error forbids everything), and honours its Crawl-delay;
- waits its turn on a per-site rate limit that every process on the data dir
  shares (:class:`~geomap.ratelimit.RateLimiter`);
- sends the ``ETag`` and ``Last-Modified`` it was given back as
  ``If-None-Match`` and ``If-Modified-Since``, so that an unchanged feed is a
  304 with no body;
- has a connect and read timeout, and a size limit that a ``Content-Length``
  or the bytes read can exceed;
- is retried with exponential backoff on timeouts, 429 and 5xx, honouring
  ``Retry-After`` (:class:`~geomap.network.Retrying`); other 4xx are not retried;
- has one deadline (:class:`~geomap.network.Deadline`, ``FetchPolicy.deadline``)
  for everything fetching one URL takes: its ``robots.txt``, every redirect, every
  try and the waits between them, and every read of an answer that drips.

What fails raises :class:`~geomap.errors.FetchRejected` (not retried: robots,
scheme, an address the policy refuses (:class:`~geomap.errors.AddressRefused`),
size, a redirect loop, a 4xx) or
:class:`~geomap.errors.FetchUnavailable` (after the retries, or at the deadline).
"""

from __future__ import annotations

import threading
import urllib.robotparser
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

from .. import __version__
from ..addresses import AddressPolicy
from ..errors import AddressRefused, AnswerCutOff, AnswerTooBig, FetchRejected, FetchUnavailable
from ..model import Validators
from ..network import (
    Deadline,
    FailedRequest,
    Fault,
    RateLimited,
    Retrying,
    RetryPolicy,
    read_body,
    retry_after_seconds,
)
from ..ratelimit import RateLimiter, limiter_path
from ..settings import DEFAULT_FETCH_DEADLINE_S, DEFAULT_FETCH_DELAY_S
from .transport import PinnedAdapter

# Redirects followed for one request; more is a loop or a trap.
MAX_REDIRECTS = 5
# The largest feed or page read, in bytes: news pages are well under 5 MB, feeds under 1 MB.
MAX_FETCH_BYTES = 10 * 1024 * 1024
# Seconds to connect, and to wait for each read, in one try (the deadline of a URL caps both).
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
# The token geomap looks for in robots.txt ("User-agent: geomap").
ROBOTS_TOKEN = "geomap"
# Where to write about geomap's requests, when the user gave no contact of their own.
PROJECT_CONTACT = "https://pypi.org/project/geomap/"
_SCHEMES = frozenset({"http", "https"})
_FORBID_ALL = ("User-agent: *", "Disallow: /")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def user_agent(contact: str | None) -> str:
    """The User-Agent of every fetch: the tool, its version and a contact (the user's, if given)."""
    given = (contact or "").strip()
    if given and "geomap" in given.lower():
        return given
    return f"geomap/{__version__} (news feed reader; +{given or PROJECT_CONTACT})"


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer: 200 with a body, or 304 Not Modified without one."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str
    charset: str | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How a fetcher behaves; the defaults are the polite ones described above. ``deadline``: the
    seconds fetching one URL may take, all its tries, redirects and waits included."""

    min_delay: float = DEFAULT_FETCH_DELAY_S
    max_bytes: int = MAX_FETCH_BYTES
    connect_timeout: float = CONNECT_TIMEOUT_S
    read_timeout: float = READ_TIMEOUT_S
    deadline: float = DEFAULT_FETCH_DEADLINE_S
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(max_retries=3, backoff=1.0, max_retry_after=60.0))


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; FetchRejected otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _SCHEMES:
        raise FetchRejected(f"{url!r}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchRejected(f"{url!r}: no host in the URL")
    return urlunsplit(parts)


class Fetcher:
    """Polite GET requests to the addresses ``addresses`` allows (by default, public ones only);
    thread-safe. Close it when done (its connections)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        contact: str | None = None,
        policy: FetchPolicy | None = None,
        addresses: AddressPolicy | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.policy = policy or FetchPolicy()
        self.addresses = addresses or AddressPolicy()
        self.user_agent = user_agent(contact)
        self._session = requests.Session()
        adapter = PinnedAdapter(self.addresses)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._session.trust_env = False  # no proxies or netrc from the environment, so tests see what users get
        self._lock = threading.Lock()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._limiters: dict[str, RateLimiter] = {}

    def close(self) -> None:
        self._session.close()

    def fetch(self, url: str, validators: Validators | None = None, *, accept: str = "*/*") -> Fetched:
        """GET ``url`` (following checked redirects), conditionally when ``validators`` are given,
        within one deadline for everything it takes."""
        current = check_url(url)
        seen = {current}
        deadline = Deadline.after(self.policy.deadline)
        for hop in range(MAX_REDIRECTS + 1):
            try:
                self._check_robots(current, deadline)
                answer = self._retrying(current, validators, accept, deadline)
            except AddressRefused as exc:  # the hop's own address (or its robots.txt's: the same)
                redirected = f"redirected to {current}: " if hop else ""
                raise AddressRefused(f"{url}: {redirected}{exc}") from None
            if isinstance(answer, Fetched):
                return replace(answer, url=url)  # the URL asked for; final_url is where it was found
            current = check_url(urljoin(current, answer))
            if current in seen:
                raise FetchRejected(f"{url}: a redirect loop (back to {current})")
            seen.add(current)
        raise FetchRejected(f"{url}: more than {MAX_REDIRECTS} redirects")

    # --- one hop ---------------------------------------------------------------

    def _retrying(self, url: str, validators: Validators | None, accept: str, deadline: Deadline) -> Fetched | str:
        host = _site(url)

        def once(target: str, deadline: Deadline) -> Fetched | str:
            return self._get(target, validators, accept, deadline)

        limiter = self._limiter(host)
        call: Retrying[Fetched | str] = Retrying(
            RateLimited(once, limiter),
            self.policy.retry,
            limiter,
            rejected=FetchRejected,
            unavailable=FetchUnavailable,
        )
        try:
            return call(url, deadline)
        except AddressRefused:
            raise  # named with its URL by fetch(), which knows the hop
        except (FetchRejected, FetchUnavailable) as exc:
            raise type(exc)(f"{url}: {exc}") from None

    def _get(self, url: str, validators: Validators | None, accept: str, deadline: Deadline) -> Fetched | str:
        """One request, within what is left of ``deadline``: the answer, or the Location of a redirect."""
        headers = {"Accept": accept}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        policy = self.policy
        try:
            response = self._session.get(
                url,
                headers=headers,
                timeout=(deadline.within(policy.connect_timeout), deadline.within(policy.read_timeout)),
                allow_redirects=False,
                stream=True,
            )
        except requests.Timeout as exc:
            raise FailedRequest(Fault("timed out", retry=True)) from exc
        except requests.RequestException as exc:
            raise FailedRequest(Fault(f"unreachable ({type(exc).__name__})", retry=True)) from exc
        with response:
            status = response.status_code
            if status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchRejected(f"HTTP {status} without a Location")
                return location
            if status == 304:
                return self._answer(url, response, b"")
            if status == 429 or status >= 500 or status == 408:
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
                raise FailedRequest(Fault(f"HTTP {status}", retry=True, status=status, retry_after=retry_after))
            if status >= 400:
                raise FailedRequest(Fault(f"HTTP {status}", retry=False, status=status))
            return self._answer(url, response, self._body(response, deadline))

    def _body(self, response: requests.Response, deadline: Deadline) -> bytes:
        limit = _size(self.policy.max_bytes)
        try:
            return read_body(response, deadline, self.policy.max_bytes)
        except AnswerTooBig as exc:
            raise FetchRejected(
                f"{_size(exc.size)}, over the {limit} limit" if exc.size else f"over the {limit} limit"
            ) from None
        except AnswerCutOff as exc:
            raise FailedRequest(Fault(str(exc), retry=True)) from exc

    def _answer(self, url: str, response: requests.Response, body: bytes) -> Fetched:
        content_type = response.headers.get("Content-Type", "")
        media = content_type.split(";")[0].strip().lower()
        charset = None
        for param in content_type.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"').lower()
        validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        return Fetched(url, url, response.status_code, body, media, charset, validators)

    # --- robots.txt and the per-site limit ----------------------------------------

    def _check_robots(self, url: str, deadline: Deadline) -> None:
        site = _site(url)
        with self._lock:
            known = site in self._robots
            rules = self._robots.get(site)
        if not known:
            rules = self._read_robots(site, deadline)
            with self._lock:
                self._robots[site] = rules
        if rules is not None and not rules.can_fetch(ROBOTS_TOKEN, url):
            raise FetchRejected(f"{url}: robots.txt of {site} forbids it")

    def _read_robots(self, site: str, deadline: Deadline) -> urllib.robotparser.RobotFileParser | None:
        """The site's rules; None when it has none (4xx). A server error forbids everything (RFC 9309)."""
        rules = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            answer = self._retrying(f"{site}/robots.txt", None, "text/plain", deadline)
        except AddressRefused:
            raise  # not "no robots.txt": the site is not fetched at all
        except FetchRejected:
            return None  # 4xx (no robots.txt), or too big to be one: no rules
        except FetchUnavailable:
            rules.parse(_FORBID_ALL)
            return rules
        if isinstance(answer, str):  # a redirected robots.txt: followed once, on the same site
            target = urljoin(f"{site}/robots.txt", answer)
            if _site(target) != site:
                return None
            try:
                answer = self._retrying(check_url(target), None, "text/plain", deadline)
            except FetchRejected:
                return None
            except FetchUnavailable:
                rules.parse(_FORBID_ALL)
                return rules
            if isinstance(answer, str):
                return None
        rules.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_TOKEN)
        if delay is not None and float(delay) > self.policy.min_delay:
            with self._lock:
                self._limiters[site] = self._new_limiter(site, min(float(delay), 60.0))
        return rules

    def _limiter(self, site: str) -> RateLimiter:
        with self._lock:
            limiter = self._limiters.get(site)
            if limiter is None:
                limiter = self._limiters[site] = self._new_limiter(site, self.policy.min_delay)
            return limiter

    def _new_limiter(self, site: str, delay: float) -> RateLimiter:
        return RateLimiter(limiter_path(self.data_dir, "fetch", urlsplit(site).netloc), min_delay=delay)


def _size(count: int) -> str:
    return f"{count / 1e3:.0f} kB" if count < 1e6 else f"{count / 1e6:.1f} MB"


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
