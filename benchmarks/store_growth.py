"""How long a run's maps take when the store is large: a full rebuild against a run of 10 new articles.

Fills a result store with synthetic articles (``map_scale.synthetic``: two
movements each, between 5,000 places, dated over one year), then times

- a full rebuild: ``index.html`` and every monthly archive page, from every
  stored article (what ``geomap prune`` does);
- a run's maps after it saved 10 new articles of the newest day: their own
  maps, the index window (the last 30 days) and the archive pages that
  changed (none: the new articles are recent).

The stored articles' own maps are taken as written (each is written once,
when its article is saved), so both figures are the index and the archives.

    .venv/bin/python benchmarks/store_growth.py [--articles 20000] [--new 10]

Target: the run's maps in under 10% of the full rebuild's time.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from map_scale import synthetic  # noqa: E402

from geomap.archive import publish_pages  # noqa: E402
from geomap.publish import article_files  # noqa: E402
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
    stored, new = results[: args.articles], results[args.articles :]
    newest = max(r.article.published for r in stored if r.article.published is not None)
    new = [dataclasses.replace(r, article=dataclasses.replace(r.article, published=newest)) for r in new]
    with ResultStore(settings.store_path) as store:
        started = time.perf_counter()
        for result in stored:
            store.save(result, "1")
            for path in article_files(result.article.id, out):  # each written once, when it was saved
                path.touch()
        fill_s = time.perf_counter() - started

        started = time.perf_counter()
        publish_pages(store, settings, rebuild=True)
        full_s = time.perf_counter() - started

        for result in new:
            store.save(result, "1")
        started = time.perf_counter()
        written = publish_pages(store, settings, fresh=new)
        run_s = time.perf_counter() - started
        window = len(store.results(since=store.newest_day() and store.newest_day() - _days(settings.index_days - 1)))
        months = len(store.months())
    print(f"store: {args.articles:,} articles over {months} months, filled in {fill_s:.1f} s")
    print(f"full rebuild (index + {months} monthly pages): {full_s:.2f} s")
    print(
        f"a run's maps after {args.new} new articles ({len(written)} files, the index window of "
        f"{window:,} articles): {run_s:.2f} s"
    )
    print(f"ratio: {run_s / full_s:.3f} (target < 0.10)")


def _days(count: int):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.timedelta(days=count)


if __name__ == "__main__":
    main()
