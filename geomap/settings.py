"""One settings object, read from the command line or the environment in one place.

Every option has a typed default. Environment variables (``GEOMAP_*``) give
the defaults that command-line options override.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .addresses import AllowedAddress, parse_allowed_addresses
from .errors import ConfigurationError
from .io import DEFAULT_MAX_BYTES
from .nlp import DEFAULT_MODEL

# Seconds between two requests to one news site, from every process together, unless its
# robots.txt asks for more (Crawl-delay): one a second is what polite crawlers default to.
DEFAULT_FETCH_DELAY_S = 1.0
# Seconds for everything one feed or page takes (all its tries, redirects and waits), and for one
# online geocoder look-up: a source that drips or keeps failing fails in that time, not in minutes.
DEFAULT_FETCH_DEADLINE_S = 60.0
DEFAULT_LOOKUP_DEADLINE_S = 20.0
# The index shows the articles of the 30 days up to the newest one: a month of news, the span an
# analyst follows a story over; older articles are on monthly archive pages.
DEFAULT_INDEX_DAYS = 30


def default_data_dir() -> Path:
    """Where built data (the gazetteer index, caches) lives: ``$GEOMAP_DATA_DIR`` or the user cache."""
    env = os.environ.get("GEOMAP_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told. Build it with :meth:`from_env` and :func:`dataclasses.replace`."""

    model: str = DEFAULT_MODEL
    data_dir: Path = field(default_factory=default_data_dir)
    gazetteer: Path | None = None
    geocoder: str = "gazetteer"
    geocoder_options: Mapping[str, str] = field(default_factory=dict)
    user_agent: str | None = None
    reference_date: dt.date | None = None
    out_dir: Path = Path("maps")
    offline_maps: bool = False
    # The result store: an SQLite file, or a postgresql:// URL that several machines share.
    store: str | None = None
    batch_size: int = 16
    processes: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES  # a source file larger than this is refused unread
    follow_links: bool = False
    # The days up to the newest article that index.html shows; older articles are on monthly pages.
    index_days: int = DEFAULT_INDEX_DAYS
    # Seconds between two requests to one news site, from every process together.
    fetch_delay: float = DEFAULT_FETCH_DELAY_S
    # Seconds one feed or page, and one online geocoder look-up, may take, all tries included.
    fetch_deadline: float = DEFAULT_FETCH_DEADLINE_S
    lookup_deadline: float = DEFAULT_LOOKUP_DEADLINE_S
    # Addresses fetching may connect to besides public ones and the origins the user gave
    # (geomap.addresses): a feed's own network, say.
    allow_addresses: tuple[AllowedAddress, ...] = ()

    @property
    def gazetteer_path(self) -> Path:
        from .gazetteer.build import INDEX_NAME

        return self.gazetteer or self.data_dir / INDEX_NAME

    @property
    def store_location(self) -> str:
        """The result store: ``store``, else ``geomap.sqlite`` in the output folder."""
        return self.store or str(self.out_dir / "geomap.sqlite")

    @property
    def geocoder_cache_path(self) -> Path:
        return self.data_dir / "geocoder-cache.sqlite"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings with defaults taken from ``GEOMAP_*`` environment variables."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        if env.get("GEOMAP_MODEL"):
            values["model"] = env["GEOMAP_MODEL"]
        if env.get("GEOMAP_DATA_DIR"):
            values["data_dir"] = Path(env["GEOMAP_DATA_DIR"]).expanduser()
        if env.get("GEOMAP_GAZETTEER"):
            values["gazetteer"] = Path(env["GEOMAP_GAZETTEER"]).expanduser()
        if env.get("GEOMAP_GEOCODER"):
            values["geocoder"] = env["GEOMAP_GEOCODER"]
        if env.get("GEOMAP_USER_AGENT"):
            values["user_agent"] = env["GEOMAP_USER_AGENT"]
        if env.get("GEOMAP_GEOCODER_OPTIONS"):
            values["geocoder_options"] = parse_options(env["GEOMAP_GEOCODER_OPTIONS"].split(","))
        if env.get("GEOMAP_REFERENCE_DATE"):
            values["reference_date"] = parse_date(env["GEOMAP_REFERENCE_DATE"])
        if env.get("GEOMAP_OFFLINE_MAPS"):
            values["offline_maps"] = env["GEOMAP_OFFLINE_MAPS"].lower() in {"1", "true", "yes", "on"}
        if env.get("GEOMAP_STORE"):
            values["store"] = env["GEOMAP_STORE"]
        if env.get("GEOMAP_INDEX_DAYS"):
            values["index_days"] = parse_days("GEOMAP_INDEX_DAYS", env["GEOMAP_INDEX_DAYS"])
        if env.get("GEOMAP_FETCH_DELAY"):
            values["fetch_delay"] = parse_seconds("GEOMAP_FETCH_DELAY", env["GEOMAP_FETCH_DELAY"])
        if env.get("GEOMAP_FETCH_DEADLINE"):
            values["fetch_deadline"] = parse_seconds(
                "GEOMAP_FETCH_DEADLINE", env["GEOMAP_FETCH_DEADLINE"], above_zero=True
            )
        if env.get("GEOMAP_LOOKUP_DEADLINE"):
            values["lookup_deadline"] = parse_seconds(
                "GEOMAP_LOOKUP_DEADLINE", env["GEOMAP_LOOKUP_DEADLINE"], above_zero=True
            )
        if env.get("GEOMAP_ALLOW_ADDRESSES"):
            values["allow_addresses"] = parse_allowed_addresses(env["GEOMAP_ALLOW_ADDRESSES"], "GEOMAP_ALLOW_ADDRESSES")
        return cls(**values)  # type: ignore[arg-type]

    def to_environ(self) -> dict[str, str]:
        """The ``GEOMAP_*`` variables that :meth:`from_env` reads back into these settings: how they
        travel to a process that runs a scheduled flow, as one of its parameters."""
        values = {
            "GEOMAP_MODEL": self.model,
            "GEOMAP_DATA_DIR": str(self.data_dir),
            "GEOMAP_GAZETTEER": str(self.gazetteer) if self.gazetteer else "",
            "GEOMAP_GEOCODER": self.geocoder,
            "GEOMAP_USER_AGENT": self.user_agent or "",
            "GEOMAP_GEOCODER_OPTIONS": ",".join(f"{k}={v}" for k, v in self.geocoder_options.items()),
            "GEOMAP_REFERENCE_DATE": self.reference_date.isoformat() if self.reference_date else "",
            "GEOMAP_OFFLINE_MAPS": "true" if self.offline_maps else "",
            "GEOMAP_FETCH_DELAY": f"{self.fetch_delay:g}",
            "GEOMAP_FETCH_DEADLINE": f"{self.fetch_deadline:g}",
            "GEOMAP_LOOKUP_DEADLINE": f"{self.lookup_deadline:g}",
            "GEOMAP_INDEX_DAYS": str(self.index_days),
            "GEOMAP_STORE": self.store or "",
            "GEOMAP_ALLOW_ADDRESSES": ",".join(str(a) for a in self.allow_addresses),
        }
        return {key: value for key, value in values.items() if value}

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given (non-None) values replaced."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigurationError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def parse_seconds(name: str, value: str, *, above_zero: bool = False) -> float:
    """A number of seconds >= 0 (> 0 when ``above_zero``), or a ConfigurationError that names the setting."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf") or (above_zero and seconds == 0):
        raise ConfigurationError(f"{name}={value!r} must be a number of seconds {'> 0' if above_zero else '>= 0'}")
    return seconds


def parse_days(name: str, value: str) -> int:
    """A whole number of days >= 1, or a ConfigurationError that names the setting."""
    if not value.strip().isdigit() or int(value) < 1:
        raise ConfigurationError(f"{name}={value!r} must be a whole number of days >= 1")
    return int(value)


def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD date, or a ConfigurationError that says what is expected."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigurationError(f"invalid date {value!r}: expected YYYY-MM-DD") from None


def parse_options(items: list[str]) -> dict[str, str]:
    """``["domain=127.0.0.1:8080", "scheme=http"]`` -> a dict."""
    options: dict[str, str] = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigurationError(f"invalid geocoder option {item!r}: expected KEY=VALUE")
        options[key.strip()] = value.strip()
    return options
