"""Credentials (the store's password, a geocoder's API key) stay in the process that is given them.

Settings travel: Prefect records them as a flow run's parameters (in its database, shown by its
API and UI), a deployment carries them to its runs (:meth:`Settings.to_environ`), and they are
logged. So a credential given with them, a password in a ``postgresql://`` URL or a secret
``--geocoder-option`` such as ``api_key=...``, is taken out when a
:class:`~geomap.settings.Settings` is made and kept in this process's environment, which the
processes it starts inherit (the scheduled runs of ``geomap serve``, local Dask workers):

* the store's password as ``PGPASSWORD``, where libpq (under psycopg) reads it, as it reads a
  password file (``PGPASSFILE``, else ``~/.pgpass``): how a worker elsewhere is given it;
* a secret geocoder option ``NAME`` as ``GEOMAP_GEOCODER_SECRET_NAME``, which the geocoder reads
  back (:func:`geocoder_secrets`) and a worker elsewhere may be given the same way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from urllib.parse import unquote, urlsplit, urlunsplit

from .databases import is_database_url
from .errors import ConfigurationError

# Where libpq reads a password that the connection string does not give.
PASSWORD_VARIABLE = "PGPASSWORD"
# A secret geocoder option NAME lives in the environment variable of this prefix and NAME.
GEOCODER_SECRET_PREFIX = "GEOMAP_GEOCODER_SECRET_"

# The geocoder options that are credentials: the arguments of geopy's geocoders (constructor or
# geocode()) that hold a key, a token, a secret or a password (tests/test_credentials.py checks
# geopy's argument names for those words), and the plain names people write for them.
SECRET_OPTIONS = frozenset(
    {
        "api_key",  # OpenCage, Bing, Google, Mapbox, MapQuest, TomTom, Pelias and a dozen more
        "apikey",  # HERE
        "app_code",  # HERE (its older credentials)
        "auth_id",  # SmartyStreets (LiveAddress): its id and token are one credential
        "auth_token",  # SmartyStreets
        "password",  # ArcGIS, IGN France
        "secret_key",  # Google Maps for Work
        "security_key",  # Baidu
        "subscription_key",  # Azure Maps
        "key",
        "token",
        "secret",
        "client_secret",
        "access_token",
    }
)


def is_secret_option(name: str) -> bool:
    return name.strip().lower() in SECRET_OPTIONS


def masked_options(options: Mapping[str, str]) -> dict[str, str]:
    """Geocoder options as they may be shown: each secret one's value as ``***``."""
    return {name: "***" if is_secret_option(name) else value for name, value in options.items()}


def split_password(location: str) -> tuple[str, str | None]:
    """A ``postgresql://`` URL without its password (in its user part, or as ``?password=``), and
    the password (percent-decoded, as libpq reads it); any other location as it is, with none."""
    if not is_database_url(location):
        return location, None
    parts = urlsplit(location)
    password = None if parts.password is None else unquote(parts.password)
    netloc = parts.netloc
    if password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}@{host}"
    kept = []
    for item in parts.query.split("&") if parts.query else ():
        key, _, value = item.partition("=")
        if unquote(key) == "password":
            password = unquote(value)  # libpq, too, takes the query's over the user part's
        else:
            kept.append(item)
    if password is None:
        return location, None
    return urlunsplit(parts._replace(netloc=netloc, query="&".join(kept))), password


def keep(variable: str, value: str, what: str, environ: MutableMapping[str, str] | None = None) -> None:
    """Put ``value`` into the environment as ``variable``; a ConfigurationError if the
    environment already holds another value there (``what`` names the setting it came from)."""
    env = os.environ if environ is None else environ
    held = env.get(variable)
    if held is not None and held != value:
        raise ConfigurationError(f"{what} differs from the {variable} already set: give it in one place only")
    env[variable] = value


def withhold_store_password(location: str, environ: MutableMapping[str, str] | None = None) -> str:
    """``location`` without a password, which goes to ``PGPASSWORD`` (:func:`keep`)."""
    bare, password = split_password(location)
    if password is not None:
        keep(PASSWORD_VARIABLE, password, "the password in the store URL", environ)
    return bare


def withhold_geocoder_secrets(
    options: Mapping[str, str], environ: MutableMapping[str, str] | None = None
) -> dict[str, str]:
    """``options`` without the secret ones, which go to ``GEOMAP_GEOCODER_SECRET_<NAME>``."""
    kept: dict[str, str] = {}
    for name, value in options.items():
        if is_secret_option(name):
            keep(GEOCODER_SECRET_PREFIX + name.strip().upper(), value, f"the geocoder option {name}", environ)
        else:
            kept[name] = value
    return kept


def geocoder_secrets(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The secret geocoder options this process holds (``GEOMAP_GEOCODER_SECRET_<NAME>``), by name."""
    env = os.environ if environ is None else environ
    return {
        key[len(GEOCODER_SECRET_PREFIX) :].lower(): value
        for key, value in env.items()
        if key.startswith(GEOCODER_SECRET_PREFIX) and len(key) > len(GEOCODER_SECRET_PREFIX)
    }
