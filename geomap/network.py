"""Requests to network services made fit for a run: retried with backoff, and rate limited.

Online geocoding (:mod:`geomap.geocoding.layers`) and fetching feeds and pages
(:mod:`geomap.feeds.fetch`) are both a call ``request(key) -> answer`` that may
fail. A failed request raises :class:`FailedRequest` with a :class:`Fault`
that says whether it is worth another try; these wrappers go around any such
call:

- :class:`RateLimited` waits its turn on the limit every process shares
  (:class:`~geomap.geocoding.ratelimit.RateLimiter`);
- :class:`Retrying` tries again with exponential backoff, honours
  ``Retry-After`` in every process, and raises the caller's "rejected" or
  "unavailable" error when the request fails for good.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import GeomapError, ServiceRejected, ServiceUnavailable
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

    inner: Callable[[str], T]
    limiter: RateLimiter

    def __call__(self, key: str) -> T:
        with self.limiter.request():
            return self.inner(key)


@dataclass(frozen=True, slots=True)
class Retrying(Generic[T]):
    """Failed requests tried again with exponential backoff; a 429 pauses every process sharing
    ``limiter``. ``on_long_pause`` hears of a pause longer than a run waits, before it gives up.
    A malformed answer is tried once more at most. What fails for good raises ``rejected`` (the
    service refused: not retried) or ``unavailable``."""

    inner: Callable[[str], T]
    policy: RetryPolicy
    limiter: RateLimiter
    on_long_pause: Callable[[float], None] = lambda seconds: None
    rejected: type[ServiceRejected] = ServiceRejected
    unavailable: type[ServiceUnavailable] = ServiceUnavailable
    sleep: Callable[[float], None] = time.sleep

    def __call__(self, key: str) -> T:
        tries = malformed = 0
        while True:
            tries += 1
            try:
                return self.inner(key)
            except FailedRequest as failed:
                fault = failed.fault
            malformed += fault.malformed
            if not fault.retry:
                raise self.rejected(_reason(fault, tries))
            if tries > self.policy.max_retries or malformed > 1:
                raise self.unavailable(_reason(fault, tries))
            delay = backoff(self.policy.backoff, tries - 1)
            if fault.retry_after is not None:
                if fault.retry_after > self.policy.max_retry_after:
                    self.on_long_pause(fault.retry_after)
                    self.limiter.pause(fault.retry_after)  # and so does every other process
                    raise self.unavailable(f"HTTP 429, asked to wait {fault.retry_after:g} s")
                self.limiter.pause(fault.retry_after)  # every process waits, not only this one
            elif fault.status == 429:
                self.limiter.pause(delay)
            else:
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
