"""No credential leaves the process: a store's password and a geocoder's API key are kept in the
environment of the process that was given them, never in the settings Prefect records."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from geopy.geocoders import SERVICE_TO_GEOCODER

from geomap.credentials import GEOCODER_SECRET_PREFIX, PASSWORD_VARIABLE, SECRET_OPTIONS
from geomap.errors import ConfigurationError
from geomap.geocoding.online import make_backend
from geomap.settings import Settings

from .conftest import SAMPLE
from .services import create_database, password_role, psql


def test_settings_from_the_command_line_or_the_environment_hold_no_credential(
    clean_credentials: None,
) -> None:
    settings = Settings.from_env(
        {"GEOMAP_STORE": "postgresql://news:pa%40ss@db.example:5433/geo", "GEOMAP_GEOCODER_OPTIONS": "api_key=k-1"}
    ).with_overrides(geocoder_options={"domain": "geo.example", "Token": "t-2"})
    assert settings.store == "postgresql://news@db.example:5433/geo"
    assert settings.geocoder_options == {"domain": "geo.example"}
    assert os.environ[PASSWORD_VARIABLE] == "pa@ss"  # percent-decoded, as libpq reads a URL
    assert os.environ[f"{GEOCODER_SECRET_PREFIX}API_KEY"] == "k-1"
    assert os.environ[f"{GEOCODER_SECRET_PREFIX}TOKEN"] == "t-2"
    travelling = str(settings.to_environ()) + repr(settings)
    assert not re.search("pa%40ss|pa@ss|k-1|t-2", travelling)
    # a password given as a parameter of the URL goes the same way
    assert Settings().with_overrides(store="postgresql://db.example/geo?sslmode=require&password=pa@ss").store == (
        "postgresql://db.example/geo?sslmode=require"
    )


def test_settings_made_by_hand_keep_their_credentials_but_never_show_them(
    clean_credentials: None,
) -> None:
    """A library user's own Settings work as given, with no change to the environment; neither
    its repr nor what it hands a scheduled run holds the credentials."""
    settings = Settings(store="postgresql://news:s3cret@db.example/geo", geocoder_options={"api_key": "k-1"})
    assert settings.store == "postgresql://news:s3cret@db.example/geo"
    assert PASSWORD_VARIABLE not in os.environ
    assert "s3cret" not in repr(settings) and "k-1" not in repr(settings)
    assert "postgresql://news:***@db.example/geo" in repr(settings) and "'api_key': '***'" in repr(settings)
    assert "s3cret" not in str(settings.to_environ()) and "k-1" not in str(settings.to_environ())
    assert os.environ[PASSWORD_VARIABLE] == "s3cret"  # where the scheduled runs find it


def test_a_password_that_differs_from_pgpassword_is_refused(clean_credentials: None) -> None:
    os.environ[PASSWORD_VARIABLE] = "another"
    with pytest.raises(ConfigurationError, match="differs from the PGPASSWORD already set"):
        Settings().with_overrides(store="postgresql://news:s3cret@db.example/geo")
    assert Settings().with_overrides(store="postgresql://news:another@db.example/geo").store == (
        "postgresql://news@db.example/geo"
    )


def test_the_geocoder_gets_its_secret_options_back(clean_credentials: None) -> None:
    settings = Settings().with_overrides(geocoder="opencage", geocoder_options={"api_key": "k-1", "timeout": "3"})
    assert settings.geocoder_options == {"timeout": "3"}
    backend = make_backend(settings)
    assert backend.geocoder.api_key == "k-1"  # type: ignore[attr-defined]


def test_every_credential_argument_of_geopys_geocoders_is_a_secret_option() -> None:
    """The list follows geopy: a geocoder argument named for a key, a token, a secret or a
    password is a secret option (an ArcGIS token's lifetime, in minutes, is not a credential)."""
    named = {
        name
        for geocoder in SERVICE_TO_GEOCODER.values()
        for method in (geocoder.__init__, geocoder.geocode)
        for name in inspect.signature(method).parameters
        if re.search("key|token|secret|password", name)
    }
    assert {"api_key", "apikey", "auth_token", "password", "secret_key"} <= named  # the search found them
    assert named - SECRET_OPTIONS == {"token_lifetime"}


def _found(secret: str, *places: Path | str) -> list[str]:
    """Where ``secret`` occurs: files under the folders given (any bytes), and texts given."""
    hits = []
    for place in places:
        if isinstance(place, Path):
            hits += [str(f) for f in place.rglob("*") if f.is_file() and secret.encode() in f.read_bytes()]
        elif secret in place:
            hits.append(place[:200])
    return hits


@pytest.mark.postgres
@pytest.mark.process
def test_a_run_leaves_no_password_or_api_key_in_prefect_the_output_or_the_logs(
    tmp_path: Path, postgres_server: str, settings: Settings
) -> None:
    """geomap run with a password in --store and an API key in --geocoder-option, on a server that
    asks for the password and a geocoder that takes the key: both are used, and neither is in
    Prefect's database, its logs, the output folder or what the run printed. A second run, as a
    worker would be set up, reads the password from a password file (PGPASSFILE)."""
    from .geocoder_server import FakeGeocoder

    password, api_key = "canary-pw-7f3a9c", "canary-key-5d21e8"
    database = create_database(postgres_server, "credentials")
    as_role = password_role(database, "mapper", password)
    inbox, out, home = tmp_path / "in", tmp_path / "maps", tmp_path / "prefect"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_VARIABLE and not k.startswith(GEOCODER_SECRET_PREFIX)}
    env |= {"PREFECT_HOME": str(home), "GEOMAP_DATA_DIR": str(settings.data_dir)}
    store_url = as_role.replace("mapper@", f"mapper:{password}@")
    with FakeGeocoder.start() as service:
        geocoder = ["--geocoder", "openmapquest", "--geocoder-option", f"api_key={api_key}"]
        geocoder += [f"--geocoder-option={o}" for o in (f"domain={service.domain}", "scheme=http")]
        command = [sys.executable, "-m", "geomap.cli", "run", str(inbox), "--out", str(out), "--offline", *geocoder]
        first = subprocess.run(
            [*command, "--store", store_url], env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert first.returncode == 0, first.stderr[-3000:]
        assert psql(database, "SELECT count(*) FROM article WHERE status = 'ok'") == "1"
        queries = [request["query"] for request in service.requests()]
        assert queries and all(api_key in str(query) for query in queries)  # the key reached the service
        passfile = tmp_path / "pgpass"
        passfile.write_text(f"127.0.0.1:*:*:mapper:{password}\n", encoding="utf-8")
        passfile.chmod(0o600)
        second = subprocess.run(
            [*command, "--store", as_role, "--force"],
            env=env | {"PGPASSFILE": str(passfile)},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert second.returncode == 0, second.stderr[-3000:]
    assert "mapped 1 article" in second.stderr
    assert (home / "prefect.db").is_file() and (out / "index.html").is_file()
    for secret in (password, api_key):
        assert _found(secret, home, out, first.stdout, first.stderr, second.stdout, second.stderr) == []
