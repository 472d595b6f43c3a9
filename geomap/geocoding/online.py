"""Network geocoders (Nominatim, Photon, any geopy geocoder) as a candidate lookup.

Every query goes: persistent cache -> cross-process rate limiter -> the geopy
geocoder -> :func:`~geomap.geocoding.candidates.candidate_from_location` ->
cache. Timeouts, 429s, 5xx answers and unreachable services are retried with
exponential backoff; other 4xx answers are not. A name whose query fails for
good is looked up in the offline gazetteer instead: its candidates are marked
``fallback=True`` and a warning says what happened. The run goes on.
"""

from __future__ import annotations

import inspect
import math
import random
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from geopy import exc as geopy_exc
from geopy.adapters import AdapterHTTPError
from geopy.geocoders import SERVICE_TO_GEOCODER, Nominatim, Photon, get_geocoder_for_service, options
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .. import __version__
from ..errors import GeocoderConfigurationError, GeocoderError, GeocoderRejected, GeocoderUnavailable
from ..model import Candidate, FeatureKind
from ..settings import Settings
from .cache import CacheKey, GeocodeCache
from .candidates import candidate_from_location
from .http import GuardedAdapter
from .offline import OFFLINE, OfflineLookup
from .ratelimit import RateLimiter, limiter_path

# Like geopy's SERVICE_TO_GEOCODER; any other name is looked up there.
BACKENDS: dict[str, type[Geocoder]] = {"nominatim": Nominatim, "photon": Photon}
FALLBACK_SOURCE = f"{OFFLINE} (fallback)"
NOMINATIM_POLICY = "https://operations.osmfoundation.org/policies/nominatim/"
PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = f"geomap/{__version__}"
MAX_BACKOFF_S = 60.0

# Options geomap reads itself; everything else goes to the geopy geocoder's
# constructor or to its geocode() call, whichever names it.
_OWN_OPTIONS = {"max_retries", "backoff", "min_delay", "max_failures", "max_retry_after", "cache_max_age"}
_NUMBERS = {"timeout": float, "limit": int}
_RESERVED = {"self", "query", "exactly_one", "user_agent", "adapter_factory", "ssl_context"}
# Sample user agents that geopy itself refuses for the public Nominatim.
_SAMPLE_USER_AGENTS = {"", "my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here"}


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try one query, and when to give up on the service.

    ``max_retries`` counts the tries after the first; ``backoff`` is the first
    wait, doubled for each further retry; a ``Retry-After`` longer than
    ``max_retry_after`` seconds is not waited for; after ``max_failures``
    names in a row fail (0: never), the service is not asked again in this run.
    """

    max_retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 60.0
    max_failures: int = 3


@dataclass(frozen=True, slots=True)
class Backend:
    """A configured geopy geocoder and the fixed arguments of its geocode() calls."""

    name: str
    geocoder: Geocoder
    endpoint: str
    query_options: Mapping[str, object]
    policy: RetryPolicy
    min_delay: float
    cache_max_age: float | None


def backend_names() -> list[str]:
    """Every back-end name :func:`make_backend` accepts, plus the offline one."""
    return sorted({OFFLINE, *BACKENDS, *SERVICE_TO_GEOCODER})


def make_backend(settings: Settings) -> Backend:
    """The geopy geocoder ``settings.geocoder`` names, configured from ``settings.geocoder_options``.

    Raises GeocoderConfigurationError for an unknown name, an unknown or
    malformed option, or Nominatim without a User-Agent of its own.
    """
    name = settings.geocoder.strip().lower()
    cls = BACKENDS.get(name)
    if cls is None:
        try:
            cls = get_geocoder_for_service(name)
        except geopy_exc.GeocoderNotFound:
            raise GeocoderConfigurationError(
                f"unknown geocoder {settings.geocoder!r}: choose one of {', '.join(backend_names())}"
            ) from None
    user_agent = (settings.user_agent or "").strip()
    if name == "nominatim" and (user_agent in _SAMPLE_USER_AGENTS or user_agent == options.default_user_agent):
        raise GeocoderConfigurationError(
            "nominatim needs a User-Agent that names your application: pass --user-agent "
            "'yourapp/1.0 (you@example.org)' or set GEOMAP_USER_AGENT (usage policy: "
            f"{NOMINATIM_POLICY})"
        )
    own, init, call = _split_options(name, cls, settings.geocoder_options)
    try:
        geocoder = cls(user_agent=user_agent or DEFAULT_USER_AGENT, adapter_factory=_adapter_factory(), **init)
    except (TypeError, geopy_exc.ConfigurationError) as exc:
        raise GeocoderConfigurationError(f"cannot configure geocoder {name}: {exc}") from None
    endpoint = str(getattr(geocoder, "api", "") or f"{geocoder.scheme}://{getattr(geocoder, 'domain', name)}")
    min_delay = own.get("min_delay", 1.0 if name == "nominatim" else 0.0)
    if name == "nominatim" and urlsplit(endpoint).netloc == PUBLIC_NOMINATIM and min_delay < 1.0:
        raise GeocoderConfigurationError(f"the public Nominatim allows at most 1 request/s ({NOMINATIM_POLICY})")
    policy = RetryPolicy(
        max_retries=int(own.get("max_retries", 3)),
        backoff=own.get("backoff", 1.0),
        max_retry_after=own.get("max_retry_after", 60.0),
        max_failures=int(own.get("max_failures", 3)),
    )
    return Backend(name, geocoder, endpoint, call, policy, min_delay, own.get("cache_max_age"))


def _split_options(
    name: str, cls: type[Geocoder], given: Mapping[str, str]
) -> tuple[dict[str, float], dict[str, object], dict[str, object]]:
    """Option strings as geomap's own settings, the geocoder's constructor arguments and its geocode() arguments."""
    own = {key: _number(key, value) for key, value in given.items() if key in _OWN_OPTIONS}
    values = {key: _option_value(key, value) for key, value in given.items() if key not in own}
    init_params = _parameters(cls.__init__)
    call_params = _parameters(cls.geocode) - init_params
    unknown = sorted(set(values) - init_params - call_params)
    if unknown:
        valid = sorted(_OWN_OPTIONS | init_params | call_params)
        raise GeocoderConfigurationError(
            f"unknown option(s) for geocoder {name}: {', '.join(unknown)}; valid: {', '.join(valid)}"
        )
    init = {"timeout": 10.0, **{k: v for k, v in values.items() if k in init_params}}
    call: dict[str, object] = {"limit": 10} if "limit" in call_params else {}
    if issubclass(cls, Nominatim):  # names in English, with the country code and population
        call.update(addressdetails=True, extratags=True, language="en")
    elif issubclass(cls, Photon):
        call.update(language="en")
    call.update({k: v for k, v in values.items() if k in call_params})
    return own, init, call


class OnlineLookup:
    """Candidates from a network geocoder, cached, rate limited, retried, with the gazetteer as fallback.

    Thread-safe; the cache and the rate limit are shared with every other
    process using the same data dir.
    """

    def __init__(self, settings: Settings, offline: OfflineLookup) -> None:
        self.backend = make_backend(settings)
        self.name = self.backend.name
        self.offline = offline
        try:
            self.cache = GeocodeCache(settings.geocoder_cache_path, max_age=self.backend.cache_max_age)
        except GeocoderError:
            self.backend.geocoder.__exit__(None, None, None)
            raise
        domain = urlsplit(self.backend.endpoint).netloc or self.backend.endpoint
        self.limiter = RateLimiter(limiter_path(settings.data_dir, self.name, domain), min_delay=self.backend.min_delay)
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[tuple[Candidate, str], ...]] = {}
        self._warnings: dict[str, None] = {}  # an ordered set
        self._skipped: dict[str, None] = {}  # names not asked while the service is disabled
        self._failures_in_a_row = 0
        self._disabled_until = 0.0
        self._disabled_why = ""

    def candidates(self, name: str) -> Sequence[tuple[Candidate, str]]:
        """The back-end's candidates for ``name``; the gazetteer's, marked as fallback, when it fails for good."""
        query = " ".join(name.split())
        if not query:
            return ()
        with self._lock:
            memo = self._memo.get(query)
            disabled = time.time() < self._disabled_until
        if memo is not None:
            return memo
        key = CacheKey(self.name, self.backend.endpoint, query, self.backend.query_options)
        result = self._cached(key)
        if result is None and not disabled:
            disabled = self._paused_elsewhere()
        if result is None and disabled:
            return self._fall_back(query, None)
        if result is None:
            try:
                locations = self.locations(query)
                result = tuple(self._as_candidate(loc) for loc in locations)
            except (GeocoderRejected, GeocoderUnavailable) as failure:
                fallback = self._fall_back(query, str(failure))
                self._count_failure()
                return fallback
            self._store(key, locations)
        with self._lock:
            self._failures_in_a_row = 0
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[query] = result
        return result

    def demonyms(self, name: str) -> Sequence[tuple[Candidate, str]]:
        """Peoples and their countries, from the offline gazetteer: geocoding services do not know demonyms."""
        return self.offline.demonyms(name)

    def drain_warnings(self) -> list[str]:
        """The warnings since the last call, one line each, without repeats."""
        with self._lock:
            warnings = list(self._warnings)
            if self._skipped:
                names = ", ".join(repr(name) for name in list(self._skipped)[:10])
                more = f" and {len(self._skipped) - 10} more" if len(self._skipped) > 10 else ""
                warnings.append(
                    f"{self.name} not asked for {names}{more} ({self._disabled_why}); used the offline gazetteer"
                )
            self._warnings.clear()
            self._skipped.clear()
        return warnings

    def close(self) -> None:
        self.backend.geocoder.__exit__(None, None, None)
        self.cache.close()
        self.offline.close()

    def locations(self, query: str) -> list[Location]:
        """What the back-end answers for ``query`` (``[]`` when it knows no such place), past the rate limit.

        Not cached. Raises GeocoderRejected when the service refuses the query
        (a 4xx other than 429) and GeocoderUnavailable when it still fails
        after the retries; the message says why, in a few words.
        """
        policy = self.backend.policy
        tries = 0
        malformed = 0
        while True:
            tries += 1
            try:
                with self.limiter.request():
                    answer = self.backend.geocoder.geocode(query, exactly_one=False, **self.backend.query_options)
                locations = list(answer or [])
                for location in locations:  # an answer the resolver cannot read is a malformed answer
                    candidate_from_location(location, self.name)
                return locations
            except geopy_exc.ConfigurationError as exc:
                raise GeocoderConfigurationError(f"geocoder {self.name} rejected its options: {exc}") from exc
            except (geopy_exc.GeopyError, ValueError, TypeError, KeyError, IndexError) as exc:
                fault = _classify(exc)
            malformed += fault.malformed
            if not fault.retry:
                raise GeocoderRejected(_reason(fault, tries))
            if tries > policy.max_retries or malformed > 1:
                raise GeocoderUnavailable(_reason(fault, tries))
            delay = _backoff(policy.backoff, tries - 1)
            if fault.retry_after is not None:
                if fault.retry_after > policy.max_retry_after:
                    with self._lock:  # waiting that long would stall the run: do without the service meanwhile
                        self._disabled_until = time.time() + fault.retry_after
                        self._disabled_why = f"it asked for a {fault.retry_after:g} s pause"
                    self.limiter.pause(fault.retry_after)  # and so does every other process
                    raise GeocoderUnavailable(f"HTTP 429, asked to wait {fault.retry_after:g} s")
                self.limiter.pause(fault.retry_after)  # every process waits, not only this one
            elif fault.status == 429:
                self.limiter.pause(delay)
            else:
                time.sleep(delay)

    # --- failures -------------------------------------------------------------

    def _fall_back(self, query: str, failure: str | None) -> tuple[tuple[Candidate, str], ...]:
        """The gazetteer's candidates, marked; ``failure`` None means the service was not asked (disabled)."""
        result = tuple(
            (replace(candidate, fallback=True, source=FALLBACK_SOURCE), kind)
            for candidate, kind in self.offline.candidates(query)
        )
        with self._lock:
            if failure is None:
                self._skipped[query] = None
            else:
                self._warnings[f"{self.name} failed for {query!r} ({failure}); used the offline gazetteer"] = None
            self._memo[query] = result  # for this run only: failures never reach the persistent cache
        return result

    def _paused_elsewhere(self) -> bool:
        """Whether a process sharing the rate limit was asked for a pause longer than a run waits."""
        paused = self.limiter.paused_for()
        if paused <= self.backend.policy.max_retry_after:
            return False
        with self._lock:
            self._disabled_until = time.time() + paused
            self._disabled_why = f"it asked another run for a pause, {paused:.0f} s still to go"
        return True

    def _count_failure(self) -> None:
        policy = self.backend.policy
        with self._lock:
            self._failures_in_a_row += 1
            if (
                policy.max_failures
                and self._failures_in_a_row >= policy.max_failures
                and self._disabled_until != math.inf
            ):
                self._disabled_until = math.inf
                self._disabled_why = f"disabled for this run after {self._failures_in_a_row} failures in a row"
                self._warnings[
                    f"{self.name} failed {self._failures_in_a_row} times in a row; "
                    "the offline gazetteer answers for the rest of this run"
                ] = None

    def _cached(self, key: CacheKey) -> tuple[tuple[Candidate, str], ...] | None:
        try:
            locations = self.cache.get(key)
            if locations is None:
                return None
            return tuple(self._as_candidate(loc) for loc in locations)
        except (GeocoderError, ValueError, TypeError, KeyError) as exc:
            self._warn(f"geocoder cache unreadable ({exc}); asked {self.name} again")
            return None

    def _as_candidate(self, location: Location) -> tuple[Candidate, str]:
        """A service's answer as a candidate; a country becomes the gazetteer's record of it.

        So "Russia" answered by Nominatim and "Russian" resolved offline are
        one place on the map, with one id.
        """
        candidate, kind = candidate_from_location(location, self.name)
        if candidate.feature is FeatureKind.COUNTRY and candidate.country_code:
            known = self.offline.country(candidate.country_code)
            if known is not None:
                return replace(known, source=self.name), kind
        return candidate, kind

    def _store(self, key: CacheKey, locations: list[Location]) -> None:
        try:
            self.cache.put(key, locations)
        except GeocoderError as exc:
            self._warn(str(exc))

    def _warn(self, message: str) -> None:
        with self._lock:
            self._warnings[message] = None


@dataclass(frozen=True, slots=True)
class _Fault:
    what: str
    retry: bool
    status: int | None = None
    retry_after: float | None = None
    malformed: bool = False


def _classify(exc: Exception) -> _Fault:
    """Whether a failed request is worth another try, and how to describe it."""
    cause = exc.__cause__
    status = cause.status_code if isinstance(cause, AdapterHTTPError) else None
    http = f"HTTP {status}" if status else None
    if isinstance(exc, geopy_exc.GeocoderRateLimited):
        retry_after = float(exc.retry_after) if exc.retry_after is not None else None
        return _Fault("HTTP 429", retry=True, status=429, retry_after=retry_after)
    if isinstance(
        exc,
        geopy_exc.GeocoderQueryError
        | geopy_exc.GeocoderAuthenticationFailure
        | geopy_exc.GeocoderInsufficientPrivileges
        | geopy_exc.GeocoderQuotaExceeded,
    ):
        return _Fault(http or f"rejected: {exc}", retry=False, status=status)
    if isinstance(exc, geopy_exc.GeocoderTimedOut):
        return _Fault(http or "timed out", retry=True, status=status)
    if isinstance(exc, geopy_exc.GeocoderParseError) or not isinstance(exc, geopy_exc.GeopyError):
        return _Fault("malformed response", retry=True, malformed=True)
    if status is not None and 400 <= status < 500:
        return _Fault(http or "HTTP 4xx", retry=False, status=status)
    if isinstance(exc, geopy_exc.GeocoderUnavailable) and status is None:
        return _Fault("unreachable", retry=True)
    return _Fault(http or f"service error: {exc}", retry=True, status=status)


def _reason(fault: _Fault, tries: int) -> str:
    if not fault.retry:
        return f"{fault.what}, not retried"
    return f"{fault.what} after {tries} {'try' if tries == 1 else 'tries'}"


def _backoff(base: float, retry: int) -> float:
    """Exponential backoff with up to 10% jitter, so that processes that failed together do not retry together."""
    delay = base * 2.0**retry
    return min(delay + random.uniform(0, delay / 10), MAX_BACKOFF_S)


def _adapter_factory() -> Any:
    # One origin, a size cap and one deadline per request (see .http).
    return GuardedAdapter


def _parameters(function: Any) -> set[str]:
    params = inspect.signature(function).parameters.values()
    return {p.name for p in params if p.kind is not p.VAR_KEYWORD and p.name not in _RESERVED}


def _option_value(key: str, value: str) -> object:
    """An option string as the geopy argument it stands for: a number, a boolean or the string itself."""
    text = value.strip()
    if key in _NUMBERS:
        number = _number(key, text)
        return int(number) if _NUMBERS[key] is int else number
    if text.lower() in {"true", "false"}:
        return text.lower() == "true"
    return text


def _number(key: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise GeocoderConfigurationError(f"geocoder option {key}={value!r} must be a number") from None
    if number < 0 or math.isnan(number):
        raise GeocoderConfigurationError(f"geocoder option {key}={value!r} must be a number >= 0")
    return number
