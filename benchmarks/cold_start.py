"""Wall time of a cold ``geomap extract`` on one article and of ``geomap run`` on the sample (what ``make map`` runs).

Each command runs in a fresh process, so imports and loading the model and
the gazetteer are included; ``geomap run`` includes starting Prefect's
temporary server. Run it after ``make map`` (everything installed, the
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


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    geomap = [sys.executable, "-m", "geomap.cli"]
    extract = [timed([*geomap, "extract", str(SAMPLE)]) for _ in range(args.runs)]
    with tempfile.TemporaryDirectory() as out:
        run = [timed([*geomap, "run", str(SAMPLE.parent), "--out", out, "--force"]) for _ in range(args.runs)]
    print(
        json.dumps(
            {
                "extract_one_article_s": round(statistics.median(extract), 2),
                "extract_runs_s": [round(t, 2) for t in extract],
                "run_sample_s": round(statistics.median(run), 2),
                "run_runs_s": [round(t, 2) for t in run],
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
