"""Network geocoders (Nominatim, Photon, any geopy geocoder) as a candidate lookup.

A back-end is configured from settings (:func:`make_backend`), then wrapped
(:mod:`.layers`): persistent cache -> giving up after repeated failures ->
retries -> cross-process rate limit -> the geopy geocoder. Timeouts, 429s, 5xx
answers and unreachable services are retried with exponential backoff; other
4xx answers are not. A look-up has one deadline for all its tries
(``Settings.lookup_deadline``). A name whose query fails for good is looked up in the
offline gazetteer instead: its candidates are marked ``fallback=True`` and a
warning says what happened. The run goes on.
"""

from __future__ import annotations

import inspect
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from geopy import exc as geopy_exc
from geopy.geocoders import SERVICE_TO_GEOCODER, Nominatim, Photon, get_geocoder_for_service, options
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .. import __version__
from ..credentials import geocoder_secrets
from ..errors import GeocoderConfigurationError, GeocoderError, GeocoderRejected, GeocoderUnavailable
from ..model import Candidate, FeatureKind
from ..network import Deadline, RateLimited, Retrying, RetryPolicy
from ..ratelimit import RateLimiter, limiter_path
from ..settings import Settings
from .cache import CacheKey, GeocodeCache
from .candidates import candidate_from_location
from .http import GuardedAdapter
from .layers import Cached, Geocode, GivingUp, NotAsked, Service
from .offline import OFFLINE, OfflineLookup

# Like geopy's SERVICE_TO_GEOCODER; any other name is looked up there.
BACKENDS: dict[str, type[Geocoder]] = {"nominatim": Nominatim, "photon": Photon}
FALLBACK_SOURCE = f"{OFFLINE} (fallback)"
NOMINATIM_POLICY = "https://operations.osmfoundation.org/policies/nominatim/"
PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = f"geomap/{__version__}"

# Options geomap reads itself; everything else goes to the geopy geocoder's
# constructor or to its geocode() call, whichever names it.
_OWN_OPTIONS = {"max_retries", "backoff", "min_delay", "max_failures", "max_retry_after", "cache_max_age"}
_NUMBERS = {"timeout": float, "limit": int}
_RESERVED = {"self", "query", "exactly_one", "user_agent", "adapter_factory", "ssl_context"}
# Sample user agents that geopy itself refuses for the public Nominatim.
_SAMPLE_USER_AGENTS = {"", "my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here"}


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
    deadline: float  # seconds for one look-up, all its tries and waits included


def backend_names() -> list[str]:
    """Every back-end name :func:`make_backend` accepts, plus the offline one."""
    return sorted({OFFLINE, *BACKENDS, *SERVICE_TO_GEOCODER})


def make_backend(settings: Settings) -> Backend:
    """The geopy geocoder ``settings.geocoder`` names, configured from ``settings.geocoder_options``
    and the secret options this process holds (:func:`geomap.credentials.geocoder_secrets`).

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
    given = {**settings.geocoder_options, **geocoder_secrets()}
    own, init, call = _split_options(name, cls, given)
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
    cache_max_age = own.get("cache_max_age")
    return Backend(name, geocoder, endpoint, call, policy, min_delay, cache_max_age, settings.lookup_deadline)


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
        limiter = RateLimiter(limiter_path(settings.data_dir, self.name, domain), min_delay=self.backend.min_delay)
        self._lock = threading.Lock()
        self._fallbacks: dict[str, tuple[tuple[Candidate, str], ...]] = {}  # this run's only: never cached
        self._warnings: dict[str, None] = {}  # an ordered set
        self._skipped: dict[str, None] = {}  # names not asked while the service is given up on
        self._gave_up: list[str] = []  # said after the failure that made it give up
        service = Service(self.name, self.backend.geocoder, self.backend.query_options)
        policy = self.backend.policy
        retrying = Retrying(
            RateLimited(service, limiter),
            policy,
            limiter,
            on_long_pause=self._asked_to_pause,
            rejected=GeocoderRejected,
            unavailable=GeocoderUnavailable,
        )
        deadline = self.backend.deadline

        def look_up(query: str) -> list[Location]:
            return retrying(query, Deadline.after(deadline))  # one deadline for all the tries of a look-up

        self.giving_up = GivingUp(look_up, policy, limiter, self.name, on_give_up=self._gave_up.append, budget=deadline)
        self.geocode: Geocode = Cached(
            self.giving_up,
            self.cache,
            key=lambda query: CacheKey(self.name, self.backend.endpoint, query, self.backend.query_options),
            name=self.name,
            warn=self._warn,
        )

    def candidates(self, name: str) -> Sequence[tuple[Candidate, str]]:
        """The back-end's candidates for ``name``; the gazetteer's, marked as fallback, when it fails for good."""
        query = " ".join(name.split())
        if not query:
            return ()
        with self._lock:
            fallback = self._fallbacks.get(query)
        if fallback is not None:
            return fallback
        try:
            locations = self.geocode(query)
        except NotAsked:
            return self._fall_back(query, None)
        except (GeocoderRejected, GeocoderUnavailable) as failure:
            return self._fall_back(query, str(failure))
        self.giving_up.answered()
        return tuple(self._as_candidate(location) for location in locations)

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
                    f"{self.name} not asked for {names}{more} ({self.giving_up.why}); used the offline gazetteer"
                )
            self._warnings.clear()
            self._skipped.clear()
        return warnings

    def close(self) -> None:
        self.backend.geocoder.__exit__(None, None, None)
        self.cache.close()
        self.offline.close()

    def _asked_to_pause(self, seconds: float) -> None:
        """The service asked for a pause longer than a run waits: do without it meanwhile."""
        self.giving_up.pause(seconds, f"it asked for a {seconds:g} s pause")

    def _fall_back(self, query: str, failure: str | None) -> tuple[tuple[Candidate, str], ...]:
        """The gazetteer's candidates, marked; ``failure`` None means the service was not asked."""
        result = tuple(
            (replace(candidate, fallback=True, source=FALLBACK_SOURCE), kind)
            for candidate, kind in self.offline.candidates(query)
        )
        with self._lock:
            if failure is None:
                self._skipped[query] = None
            else:
                self._warnings[f"{self.name} failed for {query!r} ({failure}); used the offline gazetteer"] = None
            for notice in self._gave_up:
                self._warnings[notice] = None
            self._gave_up.clear()
            if len(self._fallbacks) > 100_000:
                self._fallbacks.clear()
            self._fallbacks[query] = result
        return result

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

    def _warn(self, message: str) -> None:
        with self._lock:
            self._warnings[message] = None


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
