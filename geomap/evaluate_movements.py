"""Measuring movements on annotated articles (``geomap eval SPEC.json``), and what each rule is worth.

A spec is one JSON object::

    {"km_tol": 120,
     "cases": [{"file": "articles/01-tour.txt", "reference_date": "YYYY-MM-DD",
                "split": "tune" | "check", "negative_control": bool,
                "movements": [{"what": str, "from": [lat, lon] | "CC" | null, "to": [lat, lon] | "CC" | null,
                               "status": str | [str, ...], "optional": bool,
                               "from_km": number, "to_km": number}]}]}

``file`` is relative to the spec. An endpoint is a reference point (matched
within ``km_tol`` km, or the movement's own ``from_km`` / ``to_km``), an ISO
3166 country code (matched by the output place's country), or ``null`` (the
text does not state it: anything matches, even no origin). The output movements of a case are its events with a
destination. Expected movements take them one to one, greedily: the counted
ones first, then optional ones, the most specific first (points before codes
before nulls), each the first unused output whose origin and destination both
match. An output is false when it matches no expected movement at all; one that
matches an expected movement another output took is a duplicate, not false.
``recall`` is found / counted, ``precision`` (outputs - false) / outputs,
``status`` the share of found movements whose status is one the case allows.

Each article is parsed and its places resolved once; event linking then runs in
this process, as often as asked: once for the figures, and once more per rule
for ``ablate``, which switches each rule of the registry off in turn and counts
what the figures lose or gain. Cases of the ``check`` split stand for articles
nobody has read: only their counts are reported, never their movements, and
they are never ablated.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ArticleError, ConfigurationError, CorpusError
from .events.draft import RuleSet
from .events.rules import ALL_RULES, RULES
from .geometry import distance_km
from .ingest import parse_article
from .io import read_source
from .model import Event, Place, Status
from .nlp import parse_texts
from .pipeline import Located, Resources, link_located, load_resources, locate_places
from .settings import Settings

DEFAULT_KM = 120.0
SPLITS = ("tune", "check")

# An endpoint as a spec gives it: a reference point, a country code, or None (anything).
Endpoint = tuple[float, float] | str | None


@dataclass(frozen=True, slots=True)
class Expected:
    """One annotated movement."""

    what: str
    origin: Endpoint
    destination: Endpoint
    statuses: tuple[str, ...] | None
    optional: bool
    origin_km: float
    destination_km: float

    @property
    def specificity(self) -> int:
        """Points before codes before nulls."""
        return sum(0 if e is None else 1 if isinstance(e, str) else 2 for e in (self.origin, self.destination))


@dataclass(frozen=True, slots=True)
class Case:
    """One annotated article."""

    name: str
    path: Path
    reference_date: dt.date
    split: str
    negative_control: bool
    movements: tuple[Expected, ...]

    @property
    def counted(self) -> int:
        return sum(1 for m in self.movements if not m.optional)

    @property
    def readable(self) -> bool:
        """Whether what was found in it may be shown (not for the check split)."""
        return self.split != "check"


def read_spec(path: str | Path) -> tuple[Case, ...]:
    """The cases of a spec file; anything malformed raises CorpusError naming the case."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusError(f"no movement spec at {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path}: not a JSON movement spec ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CorpusError(f"{path}: a movement spec is a JSON object with a list of 'cases'")
    try:
        default_km = _number(data.get("km_tol", DEFAULT_KM), "km_tol")
    except ValueError as exc:
        raise CorpusError(f"{path}: {exc}") from None
    return tuple(_case(path, index, raw, default_km) for index, raw in enumerate(data["cases"], start=1))


def is_movement_spec(path: str | Path) -> bool:
    """Whether a file is a movement spec (one JSON object with cases), not a JSON Lines corpus.

    A corpus's first line is a whole JSON object, a document, so only a spec is read to its end."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
            try:
                data = json.loads(first)
            except json.JSONDecodeError:
                data = json.loads(first + handle.read())  # a spec laid out over several lines
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and "cases" in data


def _case(spec: Path, index: int, raw: Any, default_km: float) -> Case:
    where = f"{spec}: case {index}"
    try:
        name = str(raw["file"])
        reference = dt.date.fromisoformat(str(raw["reference_date"]))
        split = str(raw.get("split", "tune"))
        if split not in SPLITS:
            raise ValueError(f"split {split!r} is none of {', '.join(SPLITS)}")
        movements = tuple(_expected(m, default_km) for m in raw.get("movements", []))
    except (KeyError, TypeError, ValueError) as exc:
        raise CorpusError(f"{where}: not a movement case ({exc})") from None
    return Case(name, spec.parent / name, reference, split, bool(raw.get("negative_control")), movements)


def _expected(raw: Any, default_km: float) -> Expected:
    if not isinstance(raw, dict):
        raise ValueError(f"a movement is a JSON object, not {raw!r}")
    status = raw.get("status")
    statuses = None if status is None else (status,) if isinstance(status, str) else tuple(map(str, status))
    for value in statuses or ():
        Status(value)  # ValueError names a status that does not exist
    return Expected(
        str(raw.get("what", "")),
        _endpoint(raw.get("from")),
        _endpoint(raw.get("to")),
        statuses,
        bool(raw.get("optional")),
        _number(raw.get("from_km", default_km), "from_km"),
        _number(raw.get("to_km", default_km), "to_km"),
    )


def _endpoint(value: Any) -> Endpoint:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == 2:
        return (float(value[0]), float(value[1]))
    raise ValueError(f"an endpoint is [lat, lon], a country code or null, not {value!r}")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be a distance in km, not {value!r}")
    return float(value)


# --- matching ---------------------------------------------------------------------------------


def endpoint_matches(want: Endpoint, place: Place | None, km: float) -> bool:
    if want is None:
        return True
    if place is None:
        return False
    if isinstance(want, str):
        return (place.country_code or "").upper() == want.upper()
    return distance_km(want, (place.lat, place.lon)) <= km


@dataclass(frozen=True, slots=True)
class Output:
    """An output movement as the matching sees it."""

    event: Event
    origin: Place | None
    destination: Place | None

    def brief(self) -> str:
        origin = self.origin.name if self.origin else None
        destination = self.destination.name if self.destination else None
        return f"{self.event.type} {self.event.status} {origin} -> {destination} [{self.event.trigger}]"


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts of one case, or the sum of several: what the figures are made of."""

    counted: int = 0
    found: int = 0
    outputs: int = 0
    false: int = 0
    duplicates: int = 0
    status_ok: int = 0
    status_n: int = 0
    greedy_short: int = 0  # expected movements a maximum matching would pair and the greedy one did not

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Tally)))

    @property
    def recall(self) -> float:
        return self.found / self.counted if self.counted else 0.0

    @property
    def precision(self) -> float:
        return (self.outputs - self.false) / self.outputs if self.outputs else 1.0

    @property
    def status(self) -> float:
        return self.status_ok / self.status_n if self.status_n else 0.0


@dataclass(frozen=True, slots=True)
class CaseScore:
    """How the output movements of one case match its annotation."""

    case: Case
    tally: Tally
    lines: tuple[str, ...] = ()  # pairings, misses, false outputs and duplicates, for readable cases


def score_case(case: Case, events: Sequence[Event], places: dict[str, Place]) -> CaseScore:
    outputs = [
        Output(e, places.get(e.origin) if e.origin else None, places.get(e.destination) if e.destination else None)
        for e in events
        if e.destination is not None
    ]
    expected = case.movements
    # matches[i]: the outputs expected movement i matches, in output order
    matches = [
        [
            j
            for j, out in enumerate(outputs)
            if endpoint_matches(m.origin, out.origin, m.origin_km)
            and endpoint_matches(m.destination, out.destination, m.destination_km)
        ]
        for m in expected
    ]
    order = sorted(range(len(expected)), key=lambda i: (expected[i].optional, -expected[i].specificity))
    taken: dict[int, int] = {}  # output index -> expected index
    got: dict[int, int] = {}  # expected index -> output index
    for i in order:
        j = next((j for j in matches[i] if j not in taken), None)
        if j is not None:
            taken[j], got[i] = i, j
    counted = [i for i, m in enumerate(expected) if not m.optional]
    found = sum(1 for i in counted if i in got)
    best = _maximum_matching([matches[i] for i in counted])
    matched = {j for row in matches for j in row}
    false = [j for j in range(len(outputs)) if j not in matched]
    duplicates = [j for j in range(len(outputs)) if j not in taken and j not in false]
    status_n = status_ok = 0
    for i in counted:
        allowed = expected[i].statuses
        if i in got and allowed is not None:
            status_n += 1
            status_ok += outputs[got[i]].event.status.value in allowed
    lines: list[str] = []
    if case.readable:
        for i, m in enumerate(expected):
            tag = " (optional)" if m.optional else ""
            if i in got:
                out = outputs[got[i]]
                mark = ""
                if m.statuses is not None and out.event.status.value not in m.statuses:
                    mark = f"  STATUS got {out.event.status}, want {'/'.join(m.statuses)}"
                lines.append(f"paired{tag}: {m.what}  <=  {out.brief()}{mark}")
            elif not m.optional:
                lines.append(f"missed: {m.what}")
        lines += [f"false: {outputs[j].brief()}" for j in false]
        lines += [f"duplicate: {outputs[j].brief()}" for j in duplicates]
    tally = Tally(
        case.counted, found, len(outputs), len(false), len(duplicates), status_ok, status_n, max(best - found, 0)
    )
    return CaseScore(case, tally, tuple(lines))


def _maximum_matching(adjacent: list[list[int]]) -> int:
    """The size of a maximum bipartite matching (Kuhn's augmenting paths)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacent[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(adjacent)) if augment(i, set()))


# --- running ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """A case with its article parsed and its places resolved, ready to link (again)."""

    case: Case
    located: Located | None
    failure: str | None = None


def totals(scores: Sequence[CaseScore]) -> Tally:
    return sum((s.tally for s in scores), Tally())


def select(cases: Sequence[Case], *, split: str = "all", only: Sequence[int] = ()) -> list[Case]:
    """The cases of a split ("tune", "check" or "all"), and of the numbers ``only`` names."""
    chosen = [c for c in cases if split == "all" or c.split == split]
    if only:
        wanted = set(only)
        chosen = [c for c in chosen if _number_of(c.name) in wanted]
    return chosen


def _number_of(name: str) -> int | None:
    stem = Path(name).name
    digits = stem.split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def prepare(cases: Sequence[Case], resources: Resources) -> list[Prepared]:
    """Read, parse (in one batch) and locate the places of every case's article."""
    articles = []
    prepared: dict[int, Prepared] = {}
    for index, case in enumerate(cases):
        try:
            source = read_source(case.path)
            articles.append((index, parse_article(source, reference_date=case.reference_date)))
        except ArticleError as exc:
            prepared[index] = Prepared(case, None, exc.reason)
    parses = parse_texts(resources.nlp, (a.text for _, a in articles), batch_size=resources.settings.batch_size)
    for (index, article), parsed in zip(articles, parses, strict=True):
        prepared[index] = Prepared(cases[index], locate_places(article, parsed, resources))
    return [prepared[i] for i in range(len(cases))]


def score(item: Prepared, resources: Resources, rules: RuleSet = ALL_RULES) -> CaseScore:
    """Link a prepared case's events with ``rules`` and score them."""
    if item.located is None:
        return CaseScore(item.case, Tally(counted=item.case.counted), (f"not read: {item.failure}",))
    events, extra = link_located(item.located, resources, rules=rules)
    places = {p.id: p for p in (*item.located.resolution.places, *extra)}
    return score_case(item.case, events, places)


@dataclass(frozen=True, slots=True)
class Worth:
    """What one rule is worth: what the figures lose when it alone is off."""

    rule: str
    found: int  # movements it finds (found with it, minus without)
    false: int  # false outputs it adds (negative: false outputs it prevents)
    status: int  # statuses it gets right
    outputs: int  # outputs it adds
    articles: int  # articles whose figures it changes

    @property
    def pays(self) -> bool:
        return bool(self.found or self.false or self.status or self.outputs)


@dataclass
class MovementReport:
    spec: str
    scores: list[CaseScore]
    totals: Tally
    rules_off: tuple[str, ...] = ()
    worth: list[Worth] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        t = self.totals
        return {
            "spec": self.spec,
            "cases": [
                {
                    "case": s.case.name,
                    "split": s.case.split,
                    **asdict(s.tally),
                    "negative_control": s.case.negative_control,
                    **({"details": list(s.lines)} if s.case.readable else {}),
                }
                for s in self.scores
            ],
            "recall": round(t.recall, 4),
            "precision": round(t.precision, 4),
            "status": round(t.status, 4),
            **asdict(t),
            "rules_off": list(self.rules_off),
            "worth": [asdict(w) for w in self.worth],
        }


def evaluate_movements(
    path: str | Path,
    settings: Settings,
    *,
    split: str = "all",
    only: Sequence[int] = (),
    rules_off: Sequence[str] = (),
    ablate: bool = False,
    resources: Resources | None = None,
    progress: Callable[[str], None] | None = None,
) -> MovementReport:
    """Score the movements of a spec's cases; with ``ablate``, also what each rule is worth."""
    cases = select(read_spec(path), split=split, only=only)
    if not cases:
        raise CorpusError(f"{path}: no case in the split {split!r}{' with those numbers' if only else ''}")
    if ablate and not all(c.readable for c in cases):
        raise ConfigurationError("--ablate chooses rules, so it runs only on cases that may be read: add --split tune")
    rules = ALL_RULES.without(rules_off)
    own = resources is None
    resources = resources or load_resources(settings)
    try:
        prepared = prepare(cases, resources)
        scores = [score(item, resources, rules) for item in prepared]
        report = MovementReport(str(path), scores, totals(scores), tuple(rules_off))
        if ablate:
            report.worth = ablation(prepared, scores, resources, rules, progress=progress)
        return report
    finally:
        if own:
            resources.close()


def ablation(
    prepared: Sequence[Prepared],
    baseline: Sequence[CaseScore],
    resources: Resources,
    rules: RuleSet,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Worth]:
    """Switch each rule of the registry off in turn (on the parses already made): what each is worth."""
    worth: list[Worth] = []
    base = totals(baseline)
    for number, entry in enumerate(RULES, start=1):
        if entry.id in rules.off:
            continue
        if progress is not None:
            progress(f"ablation {number}/{len(RULES)}: {entry.id}")
        scores = [score(item, resources, rules.without([entry.id])) for item in prepared]
        off = totals(scores)
        changed = sum(1 for a, b in zip(baseline, scores, strict=True) if a.tally != b.tally)
        worth.append(
            Worth(
                entry.id,
                base.found - off.found,
                base.false - off.false,
                base.status_ok - off.status_ok,
                base.outputs - off.outputs,
                changed,
            )
        )
    return worth


# --- reporting --------------------------------------------------------------------------------


def format_movement_report(report: MovementReport, *, details: bool = False) -> str:
    rows: list[str] = []
    for s in report.scores:
        c = s.tally
        tag = " [negative control]" if s.case.negative_control else ""
        greedy = f" (greedy; a maximum matching finds {c.found + c.greedy_short})" if c.greedy_short else ""
        rows.append(
            f"{s.case.name}: found {c.found}/{c.counted}{greedy}, false {c.false} of {c.outputs} output "
            f"movements ({c.duplicates} duplicates), status {c.status_ok}/{c.status_n}{tag}"
        )
        if details:
            rows += [f"    {line}" for line in s.lines]
    t = report.totals
    if t.greedy_short:
        rows.append(f"(greedy matching left {t.greedy_short} expected movements that a maximum matching would pair)")
    if report.rules_off:
        rows.append(f"rules off: {', '.join(report.rules_off)}")
    rows.append(f"duplicates (outputs matching an already matched movement, not counted false): {t.duplicates}")
    rows.append(
        f"recall {t.recall:.2f} precision {t.precision:.2f} status {t.status:.2f} "
        f"(found {t.found}/{t.counted}, false {t.false})"
    )
    if report.worth:
        rows += ["", format_worth(report.worth)]
    return "\n".join(rows)


def format_worth(worth: Sequence[Worth]) -> str:
    """The ablation table, the rules that pay most first; those that pay nothing last."""
    ranked = sorted(worth, key=lambda w: (-(w.found - w.false + w.status), -w.articles, w.rule))
    rows = [
        "what each rule is worth (switched off alone): movements it finds, false outputs it adds, "
        "statuses it gets right, articles it changes",
        f"{'rule':<28}{'found':>7}{'false':>7}{'status':>8}{'outputs':>9}{'articles':>10}",
    ]
    for w in ranked:
        flag = "" if w.pays else "  pays nothing"
        if w.pays and w.articles == 1:
            flag = "  one article only"
        rows.append(f"{w.rule:<28}{w.found:>+7}{w.false:>+7}{w.status:>+8}{w.outputs:>+9}{w.articles:>10}{flag}")
    return "\n".join(rows)


def print_progress(line: str) -> None:
    print(f"geomap: {line}", file=sys.stderr, flush=True)
