"""How long a run's maps take when the store is large: a full rebuild against a run of 10 new articles.

Fills a result store with synthetic articles (``map_scale.synthetic``: two
movements each, between 5,000 places, dated over one year), then times

- a full rebuild: ``index.html`` and every monthly archive page, from every
  stored article (what ``geomap prune`` does);
- a run's maps after it saved 10 new articles of the next day (the feed goes
  on): their own maps and the index window (the last 30 days); no archive
  page changes;
- the same when the 10 articles are dated in a month that has an archive page
  already (late reports): that month's page is rebuilt as well.

The stored articles' own maps are taken as written (each is written once,
when its article is saved), so both figures are the index and the archives.

    .venv/bin/python benchmarks/store_growth.py [--articles 20000] [--new 10]

Target: the run's maps in under 10% of the full rebuild's time.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from map_scale import synthetic  # noqa: E402

from geomap.archive import publish_pages  # noqa: E402
from geomap.io import article_files  # noqa: E402
from geomap.model import ArticleResult  # noqa: E402
from geomap.settings import Settings  # noqa: E402
from geomap.store import ResultStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--new", type=int, default=10)
    args = parser.parse_args()

    out = Path(tempfile.mkdtemp(prefix="geomap-growth-"))
    settings = Settings.from_env().with_overrides(out_dir=out)
    results = synthetic(args.articles + args.new, 5_000, 2 * (args.articles + args.new))
    stored, extra = results[: args.articles], results[args.articles :]
    last = max(r.article.published for r in stored if r.article.published is not None)
    next_day = [_dated(r, last + dt.timedelta(days=1), "next") for r in extra]
    late = [_dated(r, last - dt.timedelta(days=40), "late") for r in extra]
    with ResultStore(settings.store_location) as store:
        started = time.perf_counter()
        for result in stored:
            store.save(result, "1")
            for path in article_files(result.article.id, out):  # each written once, when it was saved
                path.touch()
        fill_s = time.perf_counter() - started
        months = len(store.months())

        started = time.perf_counter()
        publish_pages(store, settings, rebuild=True)
        full_s = time.perf_counter() - started
        print(f"store: {args.articles:,} articles over {months} months, filled in {fill_s:.1f} s")
        print(f"full rebuild (the index and {months} monthly pages): {full_s:.2f} s")
        for what, new in (("of the next day", next_day), ("of an archived month", late)):
            for result in new:
                store.save(result, "1")
            started = time.perf_counter()
            written = publish_pages(store, settings, fresh=new)
            run_s = time.perf_counter() - started
            newest = store.newest_day()
            assert newest is not None
            window = len(store.results(since=newest - dt.timedelta(days=settings.index_days - 1)))
            pages = sorted({Path(p).stem for p in written if "/archive/" in p})
            print(
                f"a run's maps after {len(new)} new articles {what}: {run_s:.2f} s, ratio {run_s / full_s:.3f} "
                f"(target < 0.10; the window's {window:,} articles, archive pages rebuilt: {pages or 'none'})"
            )


def _dated(result: ArticleResult, day: dt.date, tag: str) -> ArticleResult:
    article = dataclasses.replace(
        result.article,
        id=f"{result.article.id}-{tag}",
        path=f"{tag}-{result.article.path}",
        content_hash=f"{tag}-{result.article.content_hash}",
        published=day,
    )
    return dataclasses.replace(result, article=article)


if __name__ == "__main__":
    main()
