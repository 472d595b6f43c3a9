"""Requests to network services made fit for a run: within one deadline, retried with backoff,
and rate limited.

Online geocoding (:mod:`geomap.geocoding.layers`) and fetching feeds and pages
(:mod:`geomap.feeds.fetch`) are both a call ``request(key, deadline) -> answer``
that may fail. A failed request raises :class:`FailedRequest` with a
:class:`Fault` that says whether it is worth another try; these wrappers go
around any such call:

- :class:`RateLimited` waits its turn on the limit every process shares
  (:class:`~geomap.geocoding.ratelimit.RateLimiter`);
- :class:`Retrying` tries again with exponential backoff, honours
  ``Retry-After`` in every process, and raises the caller's "rejected" or
  "unavailable" error when the request fails for good.

A source (a feed, a page, one geocoder look-up) has one :class:`Deadline` for
all its tries: each try connects and reads within what is left of it
(:func:`read_body` reads an answer within it, however slowly it drips), no
wait between tries runs past it, and when it passes the source fails with one
line that says so. No request leaves once the process is stopping
(:mod:`geomap.stopping`).
"""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import requests
import urllib3.exceptions

from . import stopping
from .errors import (
    AnswerCutOff,
    AnswerTooBig,
    DeadlinePassed,
    GeomapError,
    ServiceRejected,
    ServiceUnavailable,
    Stopped,
)
from .ratelimit import RateLimiter

T = TypeVar("T")

# The longest wait between two tries, whatever the backoff has grown to.
MAX_BACKOFF_S = 60.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one request, and when to give up on the service.

    ``max_retries`` counts the tries after the first; ``backoff`` is the first
    wait, doubled for each further retry; a ``Retry-After`` longer than
    ``max_retry_after`` seconds is not waited for; after ``max_failures``
    names in a row fail (0: never), the service is not asked again for
    ``give_up_s`` seconds (a run's worth: a long-lived worker asks again later).
    """

    max_retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 60.0
    max_failures: int = 3
    give_up_s: float = 3600.0


@dataclass(frozen=True, slots=True)
class Deadline:
    """One source's time for everything it takes: every try, every wait between tries and every
    read of an answer ends by ``ends`` (on the clock of :func:`time.monotonic`)."""

    seconds: float
    ends: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(seconds, time.monotonic() + seconds)

    def left(self) -> float:
        """The seconds left, 0 once it has passed."""
        return max(0.0, self.ends - time.monotonic())

    def within(self, timeout: float) -> float:
        """``timeout``, or what is left of the deadline when that is less (never 0, which a
        socket would take for "do not wait")."""
        return max(0.001, min(timeout, self.left()))

    def gave_up(self, tries: int, what: str) -> str:
        """The one line that says a source failed at its deadline."""
        made = f"after {tries} {'try' if tries == 1 else 'tries'} " if tries else ""
        return f"gave up {made}within its {self.seconds:g} s deadline: {what}"


@dataclass(frozen=True, slots=True)
class Fault:
    """What went wrong with one request, and whether it is worth another try."""

    what: str
    retry: bool
    status: int | None = None
    retry_after: float | None = None
    malformed: bool = False


class FailedRequest(GeomapError):
    """One request that failed; :class:`Retrying` decides what follows from its :class:`Fault`."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.what)
        self.fault = fault


@dataclass(frozen=True, slots=True)
class RateLimited(Generic[T]):
    """Each request waits its turn on the limit shared by every process on the same service."""

    inner: Callable[[str, Deadline], T]
    limiter: RateLimiter

    def __call__(self, key: str, deadline: Deadline) -> T:
        with self.limiter.request(within=deadline.left()):
            if deadline.left() <= 0:
                raise DeadlinePassed("no turn on the rate limit in time")
            return self.inner(key, deadline)


@dataclass(frozen=True, slots=True)
class Retrying(Generic[T]):
    """Failed requests tried again with exponential backoff; a 429 pauses every process sharing
    ``limiter``. ``on_long_pause`` hears of a pause longer than a run waits, before it gives up.
    A malformed answer is tried once more at most. What fails for good raises ``rejected`` (the
    service refused: not retried) or ``unavailable``; so does a try that fails at the deadline,
    or after which the next could not start before it. No try starts once the process is
    stopping, and no wait outlasts the stop."""

    inner: Callable[[str, Deadline], T]
    policy: RetryPolicy
    limiter: RateLimiter
    on_long_pause: Callable[[float], None] = lambda seconds: None
    rejected: type[ServiceRejected] = ServiceRejected
    unavailable: type[ServiceUnavailable] = ServiceUnavailable
    sleep: Callable[[float], None] = stopping.pause

    def __call__(self, key: str, deadline: Deadline) -> T:
        tries = malformed = 0
        while True:
            stopping.check()
            tries += 1
            try:
                return self.inner(key, deadline)
            except FailedRequest as failed:
                fault = failed.fault
            except DeadlinePassed as passed:
                raise self.unavailable(deadline.gave_up(tries - 1, str(passed))) from None
            malformed += fault.malformed
            if not fault.retry:
                raise self.rejected(_reason(fault, tries))
            if deadline.left() <= 0:
                raise self.unavailable(deadline.gave_up(tries, fault.what))
            if tries > self.policy.max_retries or malformed > 1:
                raise self.unavailable(_reason(fault, tries))
            delay = backoff(self.policy.backoff, tries - 1)
            if fault.retry_after is not None:
                if fault.retry_after > self.policy.max_retry_after:
                    self.on_long_pause(fault.retry_after)
                    self.limiter.pause(fault.retry_after)  # and so does every other process
                    raise self.unavailable(f"HTTP 429, asked to wait {fault.retry_after:g} s")
                self.limiter.pause(fault.retry_after)  # every process waits, not only this one
                wait = fault.retry_after
            elif fault.status == 429:
                self.limiter.pause(delay)
                wait = delay
            else:
                wait = delay
            if wait >= deadline.left():  # the next try could not start in time: not waited for
                raise self.unavailable(deadline.gave_up(tries, fault.what))
            if fault.retry_after is None and fault.status != 429:
                self.sleep(delay)


def retry_after_seconds(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """A ``Retry-After`` header as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())


def _reason(fault: Fault, tries: int) -> str:
    if not fault.retry:
        return f"{fault.what}, not retried"
    return f"{fault.what} after {tries} {'try' if tries == 1 else 'tries'}"


def backoff(base: float, retry: int) -> float:
    """Exponential backoff with up to 10% jitter, so that processes that failed together do not retry together."""
    delay = base * 2.0**retry
    return min(delay + random.uniform(0, delay / 10), MAX_BACKOFF_S)


# The most read from a socket at once: what has come, not a full chunk.
_READ_SIZE = 64 * 1024


def read_body(response: requests.Response, deadline: Deadline, max_bytes: int) -> bytes:
    """The body of ``response`` (sent with ``stream=True``), read as it comes, within
    ``deadline`` and ``max_bytes``.

    Each read from the socket waits no longer than what is left of the deadline, so an answer
    that drips is cut at the deadline, not at its last byte (a ``requests`` timeout counts each
    read on its own). Raises AnswerTooBig (its declared length, or the bytes read, over
    ``max_bytes``), AnswerCutOff (broken off, or not complete at the deadline) or Stopped (the
    process is stopping: a socket shut down reads as the end of the answer, which it is not);
    the response is closed then.
    """
    try:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise AnswerTooBig(max_bytes, int(declared))
        sock = _socket_of(response)
        body = bytearray()
        while True:
            left = deadline.left()
            if left <= 0:
                raise AnswerCutOff("timed out", timed_out=True)
            if sock is not None:
                sock.settimeout(left)
            chunk = response.raw.read1(_READ_SIZE, decode_content=True)  # at most one read from the socket
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise AnswerTooBig(max_bytes)
        stopping.check()
        return bytes(body)
    except (AnswerTooBig, AnswerCutOff, Stopped):
        response.close()
        raise
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as error:
        response.close()
        stopping.check()
        if isinstance(error, TimeoutError | urllib3.exceptions.TimeoutError) or "timed out" in str(error).lower():
            raise AnswerCutOff("timed out", timed_out=True) from None
        raise AnswerCutOff(f"cut off ({type(error).__name__})") from None


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket an answer is read from, while it is being read (urllib3 keeps its connection)."""
    sock = getattr(getattr(response.raw, "_connection", None), "sock", None)
    return sock if isinstance(sock, socket.socket) else None
