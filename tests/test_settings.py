"""Settings come from one definition: the fields of ``Settings``. Each one's variable, its reading
and writing, its flag and its README row follow from the field, and every field travels whole."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from geomap.addresses import parse_allowed_addresses
from geomap.cli import _settings, added_commands, build_parser
from geomap.errors import ConfigurationError
from geomap.settings import Settings, env_name, flag_of

README = Path(__file__).resolve().parent.parent / "README.md"


def other_than_default(name: str, kind: str, default: Any, tmp_path: Path) -> Any:
    """A value of the field's type that is not its default."""
    others: dict[str, Any] = {
        "str": f"other-{name}",
        "Path": tmp_path / name,
        "bool": not default,
        "dt.date": dt.date(2024, 2, 29),
        "Mapping[str, str]": {"domain": "127.0.0.1:9", "timeout": "3"},
        "tuple[AllowedAddress, ...]": parse_allowed_addresses("127.0.0.1:8080,10.0.0.0/8", name),
    }
    if kind in {"int", "float"}:
        return default + 1 if kind == "int" else default + 1.5
    return others[kind]


def every_field_changed(tmp_path: Path) -> Settings:
    base = Settings.from_env({})
    changed = {
        f.name: other_than_default(f.name, str(f.type).removesuffix(" | None"), getattr(base, f.name), tmp_path)
        for f in fields(Settings)
    }
    given = base.with_overrides(**changed)
    assert all(getattr(given, f.name) != getattr(base, f.name) for f in fields(Settings))
    return given


def test_every_field_survives_the_environment(tmp_path: Path) -> None:
    given = every_field_changed(tmp_path)
    environ = given.to_environ()
    assert set(environ) == {env_name(f) for f in fields(Settings)}
    assert Settings.from_env(environ) == given
    assert Settings.from_env(Settings.from_env({}).to_environ()) == Settings.from_env({})


def test_every_field_has_a_readme_row_and_every_flag_sets_its_field(tmp_path: Path) -> None:
    table = README.read_text(encoding="utf-8").split("### Settings", 1)[1].split("\n\n**", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("|")]
    for f in fields(Settings):
        row = next((r for r in rows if f"`{env_name(f)}" in r), None)
        assert row is not None, f"no README row for {env_name(f)}"
        flag = flag_of(f)
        assert flag is None or f"`{flag}" in row, f"the README row of {env_name(f)} lacks {flag}"
    parser = build_parser(added_commands())  # with run, serve and their flags
    args = parser.parse_args(
        [
            *("run", "--follow-links", "--index-days", "7", "--processes", "2", "--offline", "--out", str(tmp_path)),
            *("--allow-address", "127.0.0.1:8080", "--geocoder-option", "domain=127.0.0.1:9", "--model", "m"),
        ]
    )
    chosen = _settings(args)
    assert (chosen.follow_links, chosen.index_days, chosen.processes, chosen.offline_maps) == (True, 7, 2, True)
    assert (
        chosen.out_dir == tmp_path
        and chosen.model == "m"
        and dict(chosen.geocoder_options) == {"domain": "127.0.0.1:9"}
    )
    assert [str(a) for a in chosen.allow_addresses] == ["127.0.0.1:8080"]


@pytest.mark.parametrize(
    ("variable", "text", "message"),
    [
        ("GEOMAP_INDEX_DAYS", "0", "whole number of days"),
        ("GEOMAP_BATCH_SIZE", "many", "whole number >= 1"),
        ("GEOMAP_FETCH_DEADLINE", "0", "seconds > 0"),
        ("GEOMAP_FETCH_DELAY", "-1", "seconds >= 0"),
        ("GEOMAP_REFERENCE_DATE", "29/02/2024", "YYYY-MM-DD"),
    ],
)
def test_a_variable_that_does_not_read_is_named(variable: str, text: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=re.escape(message)) as raised:
        Settings.from_env({variable: text})
    assert variable in str(raised.value)  # the user learns which variable to fix
