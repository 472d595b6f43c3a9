"""Measuring geoparsing on a corpus with gold toponyms (``geomap eval``).

The corpus is JSON Lines: ``{"id", "text", "toponyms": [{"start", "end",
"name", "lat", "lon", "geonameid"?}]}``. Four measures are reported:

* ``recognition``: precision, recall and F1 of predicted place spans against
  gold spans, by strict (exact character span) match. Predicted spans are the
  place and demonym mentions the resolver placed: a name the candidate source
  cannot place is listed as unresolved, not mapped, so it is no prediction.
* ``end_to_end``: from raw text. A gold toponym is right only when a predicted
  span matches it exactly and resolves within 161 km; missed toponyms count as
  wrong in ``acc_161``. ``mean_km`` and ``median_km`` are over the gold
  toponyms that were both recognised and resolved.
* ``gold_toponyms_given``: the gold spans themselves are resolved, with the
  rest of the article as context. A toponym the resolver cannot place gets the
  largest possible error (20,039 km) in every measure. ``auc`` is the area
  under the curve of log(1 + error) over the sorted errors, normalised by
  log(20,039), as in Gritta et al. (2018); lower is better.
* ``coverage_161``: the share of gold toponyms for which the candidate
  source has at least one candidate within 161 km, the ceiling any ranker
  works under.

With ``by_kind`` the last three measures, and the count of uncovered
toponyms, are also given per kind of place (countries, divisions, towns,
neighbourhoods, natural features, camps and crossings, landmarks, regions;
:mod:`geomap.toponym_kinds` says how a kind is read) and for ``sub_country``
toponyms: everything but countries, continents, and regions and seas that
belong to no one country.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CorpusError
from .extract import extract_mentions, singular
from .gazetteer.names import strip_possessive
from .geocode import place_candidates
from .geometry import distance_km
from .io import iter_jsonl
from .model import Article, Candidate, DateSource, Mention
from .nlp import parse_texts
from .pipeline import Resources, load_resources
from .resolve import resolve_places
from .settings import Settings
from .toponym_kinds import ACC_KM, KINDS, toponym_kind

MAX_ERROR_KM = 20039.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    # The place's title in the corpus, if it gives one (GeoVirus: its Wikipedia page): words that say its kind.
    title: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_corpus(path: str | Path, *, limit: int | None = None) -> Iterator[Document]:
    """Documents of a corpus file; a malformed line raises CorpusError naming it."""
    count = 0
    try:
        lines = iter_jsonl(path)
        for number, line in lines:
            if limit is not None and count >= limit:
                return
            try:
                data = json.loads(line)
                text = data["text"]
                toponyms = tuple(
                    GoldToponym(
                        int(t["start"]),
                        int(t["end"]),
                        str(t.get("name", text[t["start"] : t["end"]])),
                        float(t["lat"]),
                        float(t["lon"]),
                        _title(t.get("page") or t.get("title")),
                    )
                    for t in data.get("toponyms", [])
                )
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
                for t in toponyms:
                    if not (0 <= t.start < t.end <= len(text)):
                        raise ValueError(f"toponym span {t.start}-{t.end} is outside the text")
                    if not (math.isfinite(t.lat) and math.isfinite(t.lon) and -90 <= t.lat <= 90):
                        raise ValueError(f"toponym {t.name!r} has no point ({t.lat}, {t.lon})")
            except (ValueError, KeyError, TypeError) as exc:
                raise CorpusError(f"{path}:{number}: not a corpus record ({exc})") from None
            yield Document(str(data.get("id", number)), text, toponyms)
            count += 1
    except FileNotFoundError:
        raise CorpusError(f"no corpus file at {path}") from None
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 ({exc.reason})") from None


def _title(page: object) -> str:
    """ "https://en.wikipedia.org/wiki/Rangitoto_Island" -> "Rangitoto Island"; a plain title as it is."""
    from urllib.parse import unquote

    if not isinstance(page, str):
        return ""
    return unquote(page.rsplit("/", 1)[-1]).replace("_", " ")


def _article(doc: Document) -> Article:
    return Article(
        id=doc.id, path=doc.id, title="", text=doc.text, published=None, date_source=DateSource.NONE, content_hash=""
    )


def auc(errors: Sequence[float]) -> float:
    """Area under the log error curve (Gritta et al. 2018): 0 is perfect, 1 is the worst."""
    if len(errors) < 2:
        return 0.0 if not errors else math.log(errors[0] + 1) / math.log(MAX_ERROR_KM)
    values = [math.log(e + 1) for e in sorted(errors)]
    area = sum((values[i] + values[i + 1]) / 2 for i in range(len(values) - 1))
    return area / (math.log(MAX_ERROR_KM) * (len(values) - 1))


def _summary(errors: Sequence[float], total: int) -> dict[str, float]:
    right = sum(1 for e in errors if e < ACC_KM)
    return {
        "acc_161": round(right / total, 4) if total else 0.0,
        "mean_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else 0.0,
    }


def evaluate_corpus(
    path: str | Path,
    settings: Settings,
    *,
    limit: int | None = None,
    progress: bool = True,
    resources: Resources | None = None,
    by_kind: bool = False,
) -> dict[str, Any]:
    """Run the measures of this module over a corpus file."""
    docs = list(read_corpus(path, limit=limit))
    own = resources is None
    resources = resources or load_resources(settings)
    try:
        return _evaluate(Path(path), docs, resources, progress=progress, by_kind=by_kind)
    finally:
        if own:
            resources.close()


@dataclass
class _Tally:
    """Per-kind counts: toponyms, right end to end, right with gold given, covered."""

    total: int = 0
    e2e: int = 0
    given: int = 0
    covered: int = 0

    def as_dict(self) -> dict[str, float]:
        n = self.total or 1
        return {
            "toponyms": self.total,
            "end_to_end_acc_161": round(self.e2e / n, 4),
            "gold_toponyms_given_acc_161": round(self.given / n, 4),
            "coverage_161": round(self.covered / n, 4),
            "uncovered": self.total - self.covered,
        }


def _evaluate(
    path: Path, docs: Sequence[Document], resources: Resources, *, progress: bool, by_kind: bool = False
) -> dict[str, Any]:
    from tqdm import tqdm

    tallies = {kind: _Tally() for kind in (*KINDS, "sub_country")}

    tp = fp = fn = 0
    gold_total = sum(len(d.toponyms) for d in docs)
    e2e_errors: list[float] = []
    given_errors: list[float] = []
    covered = 0
    lookup = resources.lookup
    bar = tqdm(total=len(docs), desc="eval", unit="doc", file=sys.stderr, disable=not progress or len(docs) < 20)
    parsed = parse_texts(resources.nlp, (d.text for d in docs), batch_size=resources.settings.batch_size)
    for doc, parses in zip(docs, parsed, strict=True):
        article = _article(doc)
        mentions = extract_mentions(parses.chunks(), resources.gazetteer)
        resolution = resolve_places(article, mentions, lookup.candidates, demonyms=lookup.demonyms)
        where = {(m.start, m.end): (p.lat, p.lon) for p in resolution.places for m in p.mentions}
        # A name the candidate source cannot place is reported, not mapped: it is no predicted place.
        predicted = set(where)
        gold = {(t.start, t.end) for t in doc.toponyms}
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)

        e2e_right: list[bool] = []
        for t in doc.toponyms:
            point = where.get((t.start, t.end))
            if point is not None:
                e2e_errors.append(distance_km(point, (t.lat, t.lon)))
            e2e_right.append(point is not None and e2e_errors[-1] < ACC_KM)

        gold_mentions = [_gold_mention(doc.text, t, resources) for t in doc.toponyms]
        given = resolve_places(article, gold_mentions, lookup.candidates, demonyms=lookup.demonyms)
        where = {(m.start, m.end): (p.lat, p.lon) for p in given.places for m in p.mentions}
        for t, right in zip(doc.toponyms, e2e_right, strict=True):
            point = where.get((t.start, t.end))
            given_errors.append(distance_km(point, (t.lat, t.lon)) if point is not None else MAX_ERROR_KM)
            candidates = _candidates(t, resources)
            hit = int(any(distance_km((c.lat, c.lon), (t.lat, t.lon)) < ACC_KM for c, _ in candidates))
            covered += hit
            if by_kind:
                kind, sub_country = toponym_kind(t, candidates)
                for tally in (tallies[kind], tallies["sub_country"]) if sub_country else (tallies[kind],):
                    tally.total += 1
                    tally.e2e += right
                    tally.given += given_errors[-1] < ACC_KM
                    tally.covered += hit
        bar.update(1)
    bar.close()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    e2e = _summary(e2e_errors, gold_total)
    given_summary = _summary(given_errors, gold_total)
    given_summary["auc"] = round(auc(given_errors), 4)
    report: dict[str, Any] = {
        "corpus": path.name,
        "documents": len(docs),
        "gold_toponyms": gold_total,
        "recognition": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)},
        "end_to_end": e2e,
        "gold_toponyms_given": given_summary,
        "coverage_161": round(covered / gold_total, 4) if gold_total else 0.0,
    }
    if by_kind:
        report["by_kind"] = {kind: tally.as_dict() for kind, tally in tallies.items()}
    return report


def _gold_mention(text: str, toponym: GoldToponym, resources: Resources) -> Mention:
    surface = text[toponym.start : toponym.end]
    hits = resources.lookup.demonyms(singular(surface)) or ()
    is_demonym = any(kind == "demonym" for _, kind in hits) and not any(
        kind != "demonym" for _, kind in resources.lookup.candidates(strip_possessive(surface))
    )
    return Mention(surface, toponym.start, toponym.end, "NORP" if is_demonym else "GPE", "gold")


def _candidates(toponym: GoldToponym, resources: Resources) -> list[tuple[Candidate, str]]:
    """Every candidate of a gold toponym's name, as a place and as a demonym."""
    name = strip_possessive(toponym.name)
    return place_candidates(name, resources.lookup.candidates) + list(resources.lookup.demonyms(singular(name)))


def format_report(report: dict[str, Any]) -> str:
    """The report as a readable table."""
    rec, e2e, given = report["recognition"], report["end_to_end"], report["gold_toponyms_given"]
    rows = [
        f"corpus {report['corpus']}: {report['documents']} documents, {report['gold_toponyms']} gold toponyms",
        "",
        f"{'measure':<42}{'value':>10}",
        f"{'recognition precision (strict spans)':<42}{rec['precision']:>10.3f}",
        f"{'recognition recall':<42}{rec['recall']:>10.3f}",
        f"{'recognition F1':<42}{rec['f1']:>10.3f}",
        f"{'end to end acc@161 km':<42}{e2e['acc_161']:>10.3f}",
        f"{'end to end mean error km (recognised)':<42}{e2e['mean_km']:>10.1f}",
        f"{'end to end median error km (recognised)':<42}{e2e['median_km']:>10.1f}",
        f"{'gold toponyms given acc@161 km':<42}{given['acc_161']:>10.3f}",
        f"{'gold toponyms given mean error km':<42}{given['mean_km']:>10.1f}",
        f"{'gold toponyms given median error km':<42}{given['median_km']:>10.1f}",
        f"{'gold toponyms given AUC (lower is better)':<42}{given['auc']:>10.3f}",
        f"{'coverage@161 km (ranker ceiling)':<42}{report['coverage_161']:>10.3f}",
    ]
    if "by_kind" in report:
        rows += [
            "",
            f"{'kind':<14}{'toponyms':>10}{'end to end':>12}{'gold given':>12}{'coverage':>10}{'uncovered':>11}",
        ]
        for kind, values in report["by_kind"].items():
            if not values["toponyms"]:
                continue  # the JSON keeps every kind; the table shows those the corpus has
            rows.append(
                f"{kind:<14}{values['toponyms']:>10}{values['end_to_end_acc_161']:>12.3f}"
                f"{values['gold_toponyms_given_acc_161']:>12.3f}{values['coverage_161']:>10.3f}{values['uncovered']:>11}"
            )
    return "\n".join(rows)
