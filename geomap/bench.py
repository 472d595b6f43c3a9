"""``geomap bench``: how fast the pipeline runs, against bare spaCy on the same texts.

Both runs use the same texts and the same number of processes. The pipeline
run covers everything ``geomap extract`` does except reading files and
writing output: parsing, recognition, resolution and events. The spaCy run is
``nlp.pipe`` of the configured model loaded with all its components, the
natural ceiling on a CPU.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import CorpusError
from .ingest import normalize_text
from .io import iter_jsonl
from .model import Article, ArticleResult, DateSource
from .settings import Settings

STAGES = ("language", "parse", "extract", "geocode", "resolve", "events", "routes")


def read_texts(path: Path, limit: int | None = None) -> list[str]:
    """Texts of a JSON Lines corpus (the ``text`` field), or of the article files under a folder."""
    import json

    if path.is_dir():
        from .ingest import parse_article
        from .io import find_articles, read_source

        files, _ = find_articles([path])
        return [parse_article(read_source(f)).text for f in files[:limit]]
    texts: list[str] = []
    try:
        for number, line in iter_jsonl(path):
            if limit is not None and len(texts) >= limit:
                break
            try:
                texts.append(str(json.loads(line)["text"]))
            except (ValueError, KeyError, TypeError):
                raise CorpusError(f"{path}:{number}: no text field") from None
    except FileNotFoundError:
        raise CorpusError(f"no corpus file at {path}") from None
    return texts


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _articles(texts: Sequence[str], offset: int) -> list[Article]:
    return [
        Article(
            id=f"bench-{offset + i}",
            path=f"bench-{offset + i}",
            title="",
            text=normalize_text(text),
            published=None,
            date_source=DateSource.NONE,
            content_hash="",
        )
        for i, text in enumerate(texts)
    ]


def _pipeline_worker(args: tuple[Settings, list[str], int]) -> dict[str, Any]:
    """Load the resources, run the pipeline over a share of the texts, report timings."""
    from .pipeline import load_resources, process

    settings, texts, offset = args
    resources = load_resources(settings)
    load = dict(resources.timings)
    resources.timings.clear()
    started = time.perf_counter()
    results = list(process(_articles(texts, offset), resources))
    elapsed = time.perf_counter() - started
    failures = sum(1 for r in results if not isinstance(r, ArticleResult))
    stages = {stage: resources.timings.get(stage, 0.0) for stage in STAGES}
    resources.close()
    return {"elapsed": elapsed, "stages": stages, "load": load, "failures": failures, "peak_rss_mb": _peak_rss_mb()}


def _spacy_worker(args: tuple[str, list[str], int]) -> dict[str, Any]:
    """Bare ``nlp.pipe`` of the full model over a share of the texts."""
    import spacy

    model, texts, batch_size = args
    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe((normalize_text(t) for t in texts), batch_size=batch_size):
        pass
    return {"elapsed": time.perf_counter() - started, "peak_rss_mb": _peak_rss_mb()}


def _shares(texts: Sequence[str], processes: int) -> list[tuple[list[str], int]]:
    """Texts cut into ``processes`` shares of about the same number of words."""
    total = sum(len(t.split()) for t in texts)
    target = total / processes
    shares: list[tuple[list[str], int]] = []
    current: list[str] = []
    words = 0
    offset = 0
    for index, text in enumerate(texts):
        current.append(text)
        words += len(text.split())
        if words >= target * (len(shares) + 1) and len(shares) < processes - 1:
            shares.append((current, offset))
            current, offset = [], index + 1
    shares.append((current, offset))
    return shares


def _run_parallel(fn: Any, jobs: list[Any], processes: int) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    if processes == 1:
        outputs = [fn(jobs[0])]
    else:
        with mp.get_context("spawn").Pool(processes) as pool:
            outputs = pool.map(fn, jobs)
    return outputs, time.perf_counter() - started


def run_bench(corpus: Path, settings: Settings, *, processes: int = 1, limit: int | None = None) -> dict[str, Any]:
    """Measure the pipeline and bare spaCy on the corpus; returns the figures ``geomap bench --json`` prints."""
    from .gazetteer.build import ensure_gazetteer

    ensure_gazetteer(settings.gazetteer_path)
    texts = read_texts(corpus, limit)
    if not texts:
        raise CorpusError(f"{corpus}: no texts")
    processes = max(1, min(processes, len(texts)))
    words = sum(len(t.split()) for t in texts)
    shares = _shares(texts, processes)

    pipeline, _ = _run_parallel(_pipeline_worker, [(settings, share, offset) for share, offset in shares], processes)
    # Throughput counts from the first article to the last, in the slowest process: loading is measured apart.
    pipeline_s = max(p["elapsed"] for p in pipeline)
    bare, _ = _run_parallel(
        _spacy_worker, [(settings.model, share, settings.batch_size) for share, _ in shares], processes
    )
    spacy_s = max(b["elapsed"] for b in bare)
    stages = {stage: round(sum(p["stages"][stage] for p in pipeline), 3) for stage in STAGES}
    words_per_s = words / pipeline_s
    spacy_words_per_s = words / spacy_s
    return {
        "corpus": corpus.name,
        "articles": len(texts),
        "words": words,
        "processes": processes,
        "articles_per_s": round(len(texts) / pipeline_s, 2),
        "words_per_s": round(words_per_s, 1),
        "spacy_articles_per_s": round(len(texts) / spacy_s, 2),
        "spacy_words_per_s": round(spacy_words_per_s, 1),
        "ratio": round(words_per_s / spacy_words_per_s, 3),
        "stages": stages,
        "gazetteer_load_s": round(max(p["load"].get("gazetteer_load", 0.0) for p in pipeline), 3),
        "model_load_s": round(max(p["load"].get("model_load", 0.0) for p in pipeline), 3),
        "sea_routes_load_s": round(max(p["load"].get("sea_routes_load", 0.0) for p in pipeline), 3),
        "peak_rss_mb": round(max(p["peak_rss_mb"] for p in pipeline), 1),
        "failures": sum(p["failures"] for p in pipeline),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }


def format_bench(report: dict[str, Any]) -> str:
    """The figures as a readable table."""
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in report["stages"].items())
    return "\n".join(
        [
            f"corpus {report['corpus']}: {report['articles']} articles, {report['words']:,} words, "
            f"{report['processes']} process(es)",
            f"  pipeline     {report['articles_per_s']:8.2f} articles/s {report['words_per_s']:10.0f} words/s",
            f"  bare spaCy   {report['spacy_articles_per_s']:8.2f} articles/s "
            f"{report['spacy_words_per_s']:10.0f} words/s",
            f"  ratio        {report['ratio']:.3f} (pipeline words/s / spaCy words/s)",
            f"  stages       {stages}",
            f"  loading      gazetteer {report['gazetteer_load_s']:.3f}s, model {report['model_load_s']:.3f}s, "
            f"sea routes {report.get('sea_routes_load_s', 0.0):.3f}s",
            f"  peak memory  {report['peak_rss_mb']:.0f} MB per process",
        ]
    )
