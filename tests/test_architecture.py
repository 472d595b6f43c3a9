"""The layering a reader relies on: the library never imports its orchestrator, and the commands
that need Prefect come from ``flows/`` through the ``geomap.commands`` entry point."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

LIBRARY = Path(__file__).resolve().parent.parent / "geomap"
ORCHESTRATION = ("prefect", "prefect_dask", "flows")


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at its top or inside a function (absolute imports)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_library_never_imports_its_orchestrator() -> None:
    offending = {
        f"{path.relative_to(LIBRARY.parent)}: {name}"
        for path in LIBRARY.rglob("*.py")
        for name in _imported(path)
        if name.split(".")[0] in ORCHESTRATION
    }
    assert len(list(LIBRARY.rglob("*.py"))) > 40  # the walk found the library
    assert not offending


def test_an_import_of_the_orchestrator_is_seen_wherever_it_is(tmp_path: Path) -> None:
    """The check above reads imports inside functions too, where the command line once had one."""
    module = tmp_path / "lazy.py"
    module.write_text("def run():\n    from flows.geomap_flow import run_flow\n    import prefect\n", encoding="utf-8")
    assert {"flows.geomap_flow", "prefect"} <= _imported(module)


def test_run_and_serve_are_added_by_flows_and_other_commands_start_without_prefect() -> None:
    code = (
        "import sys\n"
        "from geomap import cli\n"
        "commands = cli.added_commands()\n"
        "assert set(commands) >= {'run', 'serve'}, commands\n"
        "assert all(c.handle.__module__ == 'flows.commands' for c in commands.values())\n"
        "parser = cli.build_parser(commands)\n"
        "assert parser.parse_args(['run', 'a', '--offline']).offline\n"
        "assert 'prefect' not in sys.modules, 'building the command line imported Prefect'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _module_name(path: Path) -> str:
    parts = path.relative_to(LIBRARY.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _loaded_with(path: Path) -> set[str]:
    """The library modules ``path`` imports when it is loaded: its top-level imports, relative
    ones resolved, without those only a type checker reads."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join([*base, *([node.module] if node.module else [])])
        else:
            module = node.module or ""
        if module.split(".")[0] == "geomap":
            found.add(module)
    return found


def test_no_two_library_modules_need_each_other_to_load() -> None:
    """An import cycle (``geocoding.online`` and ``geocoding.registry`` had one) makes the order
    in which modules are first imported matter."""
    graph = {_module_name(path): _loaded_with(path) for path in LIBRARY.rglob("*.py")}
    cycles = []
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            module, trail = stack.pop()
            for nxt in graph.get(module, ()):
                if nxt == start:
                    cycles.append(" -> ".join((*trail, nxt)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, (*trail, nxt)))
    assert len(graph) > 40 and not cycles


def test_the_resources_a_process_shares_are_closed(settings) -> None:  # type: ignore[no-untyped-def]
    """The model, gazetteer and geocoder loaded once a process are let go when it ends (atexit) or
    when asked, not left open in a module-level cache."""
    import sqlite3

    import pytest

    from geomap.pipeline import close_shared_resources, shared_resources

    first = shared_resources(settings)
    assert shared_resources(settings) is first
    close_shared_resources()
    with pytest.raises(sqlite3.ProgrammingError):
        first.gazetteer.lookup("Odesa Shared Resources Test")  # a name no earlier test's lookup cached
    again = shared_resources(settings)
    assert again is not first and again.gazetteer.lookup("Odesa")
    close_shared_resources()
