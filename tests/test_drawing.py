"""Pages follow how they are to be drawn: a run with other drawing settings draws the stored
articles' pages again from the store, without analysing them, and says so."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from geomap.drawing import DRAWING_MARKER, drawing_fingerprint, drawn_otherwise, mark_drawn
from geomap.pipeline import run
from geomap.render.assets import shared_assets
from geomap.settings import Settings

from .conftest import SAMPLE

LINKED = re.compile(r'<script src="(\.\./)?assets/leaflet-[0-9a-f]{10}\.js">')


def test_offline_after_a_default_run_redraws_the_pages_without_analysing(settings: Settings, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    default = settings.with_overrides(out_dir=tmp_path / "maps", offline_maps=False)
    page = default.out_dir / f"{SAMPLE.stem}.html"

    first = run([inbox], default)
    assert len(first.results) == 1 and first.notices == ()
    assert LINKED.search(page.read_text()) and LINKED.search((default.out_dir / "index.html").read_text())
    shared = shared_assets(default.data_dir)
    assert {a.name for a in shared.files()} <= {p.name for p in (default.out_dir / "assets").iterdir()}

    offline = default.with_overrides(offline_maps=True)
    assert drawn_otherwise(offline.out_dir, offline=True)
    second = run([inbox], offline)
    assert second.results == () and str(inbox / SAMPLE.name) in second.skipped  # not analysed again
    assert any("drawn again from the store" in notice for notice in second.notices)
    for drawn in (page, offline.out_dir / "index.html"):
        text = drawn.read_text()
        assert not LINKED.search(text) and "assets/" not in text  # one file, all inlined
        assert "Leaflet" in text and "window.geomapOutlines = " not in text  # outlines in the data
    assert drawing_fingerprint(True) in (offline.out_dir / DRAWING_MARKER).read_text()

    third = run([inbox], offline)  # drawn this way already: nothing to say, nothing redrawn
    assert third.notices == () and not drawn_otherwise(offline.out_dir, offline=True)
    assert str(page) not in third.outputs


def test_a_folder_with_pages_but_no_marker_was_drawn_by_an_older_geomap(tmp_path: Path) -> None:
    assert not drawn_otherwise(tmp_path, offline=False)  # nothing drawn yet: nothing to redraw
    (tmp_path / "index.html").write_text("<html></html>")
    assert drawn_otherwise(tmp_path, offline=False) and drawn_otherwise(tmp_path, offline=True)
    (tmp_path / DRAWING_MARKER).write_text("not what a marker holds")  # damaged: drawn again
    assert drawn_otherwise(tmp_path, offline=False)
    mark_drawn(tmp_path, offline=False, index_days=30)
    assert not drawn_otherwise(tmp_path, offline=False) and drawn_otherwise(tmp_path, offline=True)


def test_every_module_the_pages_depend_on_is_fingerprinted() -> None:
    """A module the drawing code imports is in the drawing fingerprint or in the results version:
    otherwise a change to it (the precision labels, the payload's fields) would neither redraw the
    pages nor analyse again, and old pages would stay as they were."""
    import ast

    from geomap.drawing import DRAWING_CODE, PAGE_NEUTRAL
    from geomap.version import NOT_ANALYSIS

    package = Path(__file__).parent.parent / "geomap"
    drawing = {
        path
        for name in DRAWING_CODE
        for path in ((package / name).rglob("*.py") if (package / name).is_dir() else [package / name])
    }
    imported: set[str] = set()
    for path in drawing:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level and node.module:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                target = base / (node.module.replace(".", "/") + ".py")
                if target.is_file():
                    imported.add(target.relative_to(package).as_posix())
    fingerprinted = {p.relative_to(package).as_posix() for p in drawing}
    assert imported, "no import of the drawing code was read"
    assert {m for m in imported if m in NOT_ANALYSIS} - fingerprinted - set(PAGE_NEUTRAL) == set()
