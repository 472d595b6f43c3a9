"""One settings object, read from the command line or the environment in one place.

Every option has a typed default. Environment variables (``GEOMAP_*``) give
the defaults that command-line options override.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .addresses import AllowedAddress, parse_allowed_addresses
from .credentials import masked_options, withhold_geocoder_secrets, withhold_store_password
from .databases import shown
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


def parse_seconds(name: str, value: str, *, above_zero: bool = False) -> float:
    """A number of seconds >= 0 (> 0 with ``above_zero``), or a ConfigurationError that names the
    setting."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf") or (above_zero and seconds == 0):
        raise ConfigurationError(f"{name}={value!r} must be a number of seconds {'> 0' if above_zero else '>= 0'}")
    return seconds


def parse_deadline(name: str, value: str) -> float:
    """A deadline: a number of seconds > 0."""
    return parse_seconds(name, value, above_zero=True)


def parse_whole(name: str, value: str, unit: str = "") -> int:
    """A whole number >= 1 (of ``unit``s), or a ConfigurationError that names the setting."""
    if not value.strip().isdigit() or int(value) < 1:
        raise ConfigurationError(f"{name}={value!r} must be a whole number{f' of {unit}' if unit else ''} >= 1")
    return int(value)


def parse_days(name: str, value: str) -> int:
    """A whole number of days >= 1, or a ConfigurationError that names the setting."""
    return parse_whole(name, value, "days")


def parse_date(value: str, name: str | None = None) -> dt.date:
    """A YYYY-MM-DD date, or a ConfigurationError that says what is expected (and, given its
    ``name``, which setting had it)."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        where = f"{name}: " if name else ""
        raise ConfigurationError(f"{where}invalid date {value!r}: expected YYYY-MM-DD") from None


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


def default_data_dir() -> Path:
    """Where built data (the gazetteer index, caches) lives: ``$GEOMAP_DATA_DIR`` or the user cache."""
    env = os.environ.get("GEOMAP_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told. Build it with :meth:`from_env` and :func:`dataclasses.replace`.

    Settings made by :meth:`from_env` and :meth:`with_overrides` (the command line's) hold no
    credential: a password in ``store`` and the secret ``geocoder_options`` are kept in this
    process's environment instead (:meth:`without_credentials`), for settings travel (Prefect
    records them as a run's parameters). Its repr never shows one."""

    # Each field's ``flag`` is the command-line option that sets it (geomap.cli); its variable is
    # GEOMAP_<NAME> (env_name), and a ``read`` checks what its type does not say.
    model: str = field(default=DEFAULT_MODEL, metadata={"flag": "--model"})
    data_dir: Path = field(default_factory=default_data_dir, metadata={"flag": "--data-dir"})
    gazetteer: Path | None = field(default=None, metadata={"flag": "--gazetteer"})
    geocoder: str = field(default="gazetteer", metadata={"flag": "--geocoder"})
    geocoder_options: Mapping[str, str] = field(default_factory=dict, metadata={"flag": "--geocoder-option"})
    user_agent: str | None = field(default=None, metadata={"flag": "--user-agent"})
    reference_date: dt.date | None = field(default=None, metadata={"flag": "--reference-date"})
    out_dir: Path = field(default=Path("maps"), metadata={"flag": "--out"})
    offline_maps: bool = field(default=False, metadata={"flag": "--offline"})
    # The result store: an SQLite file, or a postgresql:// URL that several machines share.
    store: str | None = field(default=None, metadata={"flag": "--store"})
    # The Prefect Secret block a run takes the PostgreSQL store's password from, when neither
    # PGPASSWORD nor a password file gives one (a worker on another machine).
    store_password_block: str | None = None
    batch_size: int = 16
    processes: int = field(default=1, metadata={"flag": "--processes"})
    max_bytes: int = DEFAULT_MAX_BYTES  # a source file larger than this is refused unread
    follow_links: bool = field(default=False, metadata={"flag": "--follow-links"})
    # The days up to the newest article that index.html shows; older articles are on monthly pages.
    index_days: int = field(default=DEFAULT_INDEX_DAYS, metadata={"flag": "--index-days", "read": parse_days})
    # Seconds between two requests to one news site, from every process together.
    fetch_delay: float = DEFAULT_FETCH_DELAY_S
    # Seconds one feed or page, and one online geocoder look-up, may take, all tries included.
    fetch_deadline: float = field(default=DEFAULT_FETCH_DEADLINE_S, metadata={"read": parse_deadline})
    lookup_deadline: float = field(default=DEFAULT_LOOKUP_DEADLINE_S, metadata={"read": parse_deadline})
    # Addresses fetching may connect to besides public ones and the origins the user gave
    # (geomap.addresses): a feed's own network, say.
    allow_addresses: tuple[AllowedAddress, ...] = field(default=(), metadata={"flag": "--allow-address"})

    def without_credentials(self) -> Settings:
        """These settings without a credential: a password in ``store`` goes to ``PGPASSWORD`` and
        each secret geocoder option to ``GEOMAP_GEOCODER_SECRET_<NAME>``, in this process's
        environment, where the store and the geocoder find them (:mod:`geomap.credentials`)."""
        store = withhold_store_password(self.store) if self.store else self.store
        options = withhold_geocoder_secrets(self.geocoder_options)
        if store == self.store and options == dict(self.geocoder_options):
            return self
        return replace(self, store=store, geocoder_options=options)

    def __repr__(self) -> str:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["store"] = shown(self.store) if self.store else self.store
        values["geocoder_options"] = masked_options(self.geocoder_options)
        return f"Settings({', '.join(f'{name}={value!r}' for name, value in values.items())})"

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
        """Settings with defaults taken from ``GEOMAP_*`` environment variables (one per field:
        :func:`env_name`), without credentials."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            name = env_name(f)
            if env.get(name):
                values[f.name] = codec_of(f).read(name, env[name])
        return cls(**values).without_credentials()  # type: ignore[arg-type]

    def to_environ(self) -> dict[str, str]:
        """The ``GEOMAP_*`` variables that :meth:`from_env` reads back into these settings, every
        field of them: how they travel to a process that runs a scheduled flow, as one of its
        parameters. Credentials stay behind, in this process's environment
        (:meth:`without_credentials`), which that process inherits."""
        travelling = self.without_credentials()
        values: dict[str, str] = {}
        for f in fields(self):
            value = getattr(travelling, f.name)
            text = "" if value is None else codec_of(f).write(value)
            if text:
                values[env_name(f)] = text
        return values

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given (non-None) values replaced, without credentials."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigurationError(f"unknown settings: {', '.join(sorted(unknown))}")
        changed = replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]
        return changed.without_credentials()


# --- one list of fields: their variables and how their values are written ---------------------
#
# Every field of Settings is read from the environment, written for a scheduled run, set by its
# command-line flag (geomap.cli) and listed in the README's table from the same place: the field
# itself. Its variable is GEOMAP_ and its name in capitals; how its text reads and writes follows
# from its type, or from the field's own ``read`` (a range the type does not say).


@dataclass(frozen=True, slots=True)
class Codec:
    """How a setting's value is read from the text of its variable (named, for errors) and written."""

    read: Callable[[str, str], Any]
    write: Callable[[Any], str]


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


CODECS: dict[str, Codec] = {
    "str": Codec(lambda name, text: text, str),
    "Path": Codec(lambda name, text: Path(text).expanduser(), str),
    "bool": Codec(lambda name, text: text.strip().lower() in TRUE_WORDS, lambda value: "true" if value else ""),
    "int": Codec(parse_whole, str),
    "float": Codec(parse_seconds, lambda value: f"{value:g}"),
    "dt.date": Codec(lambda name, text: parse_date(text, name), lambda value: value.isoformat()),
    "Mapping[str, str]": Codec(
        lambda name, text: parse_options(text.split(",")), lambda value: ",".join(f"{k}={v}" for k, v in value.items())
    ),
    "tuple[AllowedAddress, ...]": Codec(
        lambda name, text: parse_allowed_addresses(text, name), lambda value: ",".join(str(a) for a in value)
    ),
}


def env_name(f: Field[Any]) -> str:
    """The environment variable of a Settings field."""
    return "GEOMAP_" + f.name.upper()


def codec_of(f: Field[Any]) -> Codec:
    """How a Settings field's variable reads and writes: by its type, with the field's own
    ``read`` where it has one."""
    kind = str(f.type).removesuffix(" | None")
    codec = CODECS[kind]
    read = f.metadata.get("read")
    return Codec(read, codec.write) if read is not None else codec


def flag_of(f: Field[Any]) -> str | None:
    """The command-line flag that sets a Settings field, if it has one."""
    return f.metadata.get("flag")  # type: ignore[no-any-return]
