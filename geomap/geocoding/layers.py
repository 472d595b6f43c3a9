"""A network geocoder as one call, and the small wrappers that make it fit for a run.

The contract is one method, as httpx's transports and geopy's ``RateLimiter``
have it: ``geocode(query) -> list[Location]`` (``[]`` when the service knows
no such place). A call that fails raises :class:`~geomap.errors.GeocoderRejected`
(the service refused the query) or :class:`~geomap.errors.GeocoderUnavailable`
(it could not answer). Each concern is a wrapper around any such call:

- :class:`Service` asks the geopy geocoder once, within what is left of the
  look-up's deadline (:class:`~geomap.network.Deadline`: one for all its tries);
- :class:`~geomap.network.RateLimited` waits its turn on the limit every
  process shares, and :class:`~geomap.network.Retrying` tries again with
  backoff and honours ``Retry-After`` (both shared with fetching feeds);
- :class:`GivingUp` stops asking after repeated failures (or failures in a row
  that took as long as one look-up's deadline), or while the service asked for a
  pause longer than a run waits;
- :class:`Cached` answers from the persistent cache and fills it.

:class:`~geomap.geocoding.online.OnlineLookup` stacks them, and falls back to
the offline gazetteer when the stack fails.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from geopy import exc as geopy_exc
from geopy.adapters import AdapterHTTPError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from ..errors import GeocoderConfigurationError, GeocoderError, GeocoderRejected, GeocoderUnavailable
from ..network import Deadline, FailedRequest, Fault, RetryPolicy
from ..ratelimit import RateLimiter
from .cache import CacheKey, GeocodeCache
from .candidates import candidate_from_location


class Geocode(Protocol):
    """The whole contract of a network back-end."""

    def __call__(self, query: str, /) -> list[Location]: ...


class NotAsked(GeocoderUnavailable):
    """The service was not asked: it gave up after failures, or asked every process to pause."""


@dataclass(frozen=True, slots=True)
class Service:
    """One request to a geopy geocoder, within its timeout and what is left of ``deadline``; an
    answer the resolver could not read is a malformed one."""

    name: str
    geocoder: Geocoder
    options: Mapping[str, object]

    def __call__(self, query: str, deadline: Deadline) -> list[Location]:
        timeout = deadline.within(self.geocoder.timeout)
        try:
            answer = self.geocoder.geocode(query, exactly_one=False, timeout=timeout, **self.options)
            locations = list(answer or [])
            for location in locations:
                candidate_from_location(location, self.name)
            return locations
        except geopy_exc.ConfigurationError as exc:
            raise GeocoderConfigurationError(f"geocoder {self.name} rejected its options: {exc}") from exc
        except geopy_exc.GeopyError as exc:
            raise FailedRequest(classify(exc)) from exc
        except (ValueError, TypeError, KeyError, IndexError) as exc:  # an answer of another shape than the API's
            detail = f"{type(exc).__name__}: {exc}"
            what = f"malformed response ({detail if len(detail) <= 80 else detail[:79] + '…'})"
            raise FailedRequest(Fault(what, retry=True, malformed=True)) from exc


@dataclass
class GivingUp:
    """Not asking a service that failed ``policy.max_failures`` names in a row, or whose failures
    in a row took ``budget`` seconds together (a look-up's deadline: a service that drips is
    given up on after one look-up, not after one deadline per name), or that asked some process
    for a pause longer than a run waits; :class:`NotAsked` says why. ``on_give_up`` hears the one
    line that says it gave up."""

    inner: Geocode
    policy: RetryPolicy
    limiter: RateLimiter
    name: str
    on_give_up: Callable[[str], None] = lambda message: None
    clock: Callable[[], float] = time.time
    budget: float = math.inf
    why: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _failures_in_a_row: int = 0
    _failing_for: float = 0.0
    _until: float = 0.0
    _gave_up: bool = False

    def __call__(self, query: str) -> list[Location]:
        with self._lock:
            given_up = self.clock() < self._until
        if not given_up:
            paused = self.limiter.paused_for()
            if paused > self.policy.max_retry_after:
                self.pause(paused, f"it asked another run for a pause, {paused:.0f} s still to go")
                given_up = True
        if given_up:
            raise NotAsked(self.why)
        started = time.monotonic()
        try:
            return self.inner(query)
        except (GeocoderRejected, GeocoderUnavailable):
            self._count_failure(time.monotonic() - started)
            raise

    def answered(self) -> None:
        """A name was answered (by the service or its cache): the failures in a row start again."""
        with self._lock:
            self._failures_in_a_row = 0
            self._failing_for = 0.0

    def pause(self, seconds: float, why: str) -> None:
        """Do without the service for ``seconds``."""
        with self._lock:
            self._until = self.clock() + seconds
            self.why = why

    def _count_failure(self, seconds: float) -> None:
        policy = self.policy
        with self._lock:
            self._failures_in_a_row += 1
            self._failing_for += seconds
            failures, spent = self._failures_in_a_row, self._failing_for
            too_many = bool(policy.max_failures) and failures >= policy.max_failures
            if self._gave_up or not (too_many or spent >= self.budget):
                return
            self._gave_up = True
            self._until = self.clock() + policy.give_up_s
            self.why = f"disabled for this run after {failures} {'failure' if failures == 1 else 'failures'} in a row"
        how = f"{failures} times in a row" if too_many else f"for {spent:.0f} s in a row, as long as a look-up may take"
        self.on_give_up(f"{self.name} failed {how}; the offline gazetteer answers for the rest of this run")


@dataclass(frozen=True, slots=True)
class Cached:
    """Answers from the persistent cache (shared by every process on the data dir); what the
    service answers is stored. A cache that cannot be read or written is said, and passed by."""

    inner: Geocode
    cache: GeocodeCache
    key: Callable[[str], CacheKey]
    name: str
    warn: Callable[[str], None]

    def __call__(self, query: str) -> list[Location]:
        key = self.key(query)
        try:
            hit = self.cache.get(key)
            for location in hit or ():
                candidate_from_location(location, self.name)
        except (GeocoderError, ValueError, TypeError, KeyError) as exc:
            self.warn(f"geocoder cache unreadable ({exc}); asked {self.name} again")
            hit = None
        if hit is not None:
            return hit
        locations = self.inner(query)
        try:
            self.cache.put(key, locations)
        except GeocoderError as exc:
            self.warn(str(exc))
        return locations


def classify(exc: geopy_exc.GeopyError) -> Fault:
    """Whether a failed request is worth another try, and how to describe it."""
    cause = exc.__cause__
    status = cause.status_code if isinstance(cause, AdapterHTTPError) else None
    http = f"HTTP {status}" if status else None
    if isinstance(exc, geopy_exc.GeocoderRateLimited):
        retry_after = float(exc.retry_after) if exc.retry_after is not None else None
        return Fault("HTTP 429", retry=True, status=429, retry_after=retry_after)
    if isinstance(
        exc,
        geopy_exc.GeocoderQueryError
        | geopy_exc.GeocoderAuthenticationFailure
        | geopy_exc.GeocoderInsufficientPrivileges
        | geopy_exc.GeocoderQuotaExceeded,
    ):
        return Fault(http or f"rejected: {exc}", retry=False, status=status)
    if isinstance(exc, geopy_exc.GeocoderTimedOut):
        return Fault(http or "timed out", retry=True, status=status)
    if isinstance(exc, geopy_exc.GeocoderParseError):
        return Fault("malformed response", retry=True, malformed=True)
    if status is not None and 400 <= status < 500:
        return Fault(http or "HTTP 4xx", retry=False, status=status)
    if isinstance(exc, geopy_exc.GeocoderUnavailable) and status is None:
        return Fault("unreachable", retry=True)
    return Fault(http or f"service error: {exc}", retry=True, status=status)
