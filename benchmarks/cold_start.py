"""Wall time of a cold ``geomap extract`` on one article and of ``geomap run`` on the sample (what ``make map`` runs).

Each command runs in a fresh process, so imports and loading the model and
the gazetteer are included; ``geomap run`` includes starting Prefect's
temporary server. Then ``geomap run`` where it has nothing to do, which
answers before it imports Prefect: on the sample again (nothing new), and on
an empty folder. Run it after ``make map`` (everything installed, the
gazetteer index built).

    .venv/bin/python benchmarks/cold_start.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "reuters-lavrov-pyongyang-2023-10-19.txt"


def timed(command: list[str], *, status: int = 0) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != status:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    geomap = [sys.executable, "-m", "geomap.cli"]
    extract = [timed([*geomap, "extract", str(SAMPLE)]) for _ in range(args.runs)]
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as empty:
        run = [timed([*geomap, "run", str(SAMPLE.parent), "--out", out, "--force"]) for _ in range(args.runs)]
        unchanged = [timed([*geomap, "run", str(SAMPLE.parent), "--out", out]) for _ in range(args.runs)]
        nothing = [timed([*geomap, "run", empty, "--out", out], status=1) for _ in range(args.runs)]
    print(
        json.dumps(
            {
                "extract_one_article_s": round(statistics.median(extract), 2),
                "extract_runs_s": [round(t, 2) for t in extract],
                "run_sample_s": round(statistics.median(run), 2),
                "run_runs_s": [round(t, 2) for t in run],
                "run_nothing_new_s": round(statistics.median(unchanged), 2),
                "run_empty_folder_s": round(statistics.median(nothing), 2),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
