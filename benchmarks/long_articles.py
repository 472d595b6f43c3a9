"""How time and peak memory grow with the length of one article: ``geomap extract`` and ``geomap run``.

Each size is an article written here of shipping sentences (every one a
movement between two ports, so that linking, merging and publishing all have
work), cut to that many characters. Each command runs in a fresh process; its
wall time and peak resident memory (from the kernel's accounting of the
child) are printed per size, with the ratio to the smallest size, so that a
curve that grows faster than the text shows. Run it after ``make map``.

    .venv/bin/python benchmarks/long_articles.py [--sizes 25000,50000,100000,200000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTS = """Odesa Istanbul Varna Burgas Constanta Piraeus Haifa Alexandria Genoa Marseille Valencia Tunis
Algiers Valletta Izmir Mersin Beirut Split Trieste Naples""".split()


def article(chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["Shipping news", ""]
    length = sum(len(line) + 1 for line in lines)
    n = 0
    while length < chars:
        origin, destination = rng.sample(PORTS, 2)
        lines.append(f"The cargo ship Nora {n} left {origin} on Monday bound for {destination}, its owner said.")
        if n % 5 == 4:
            lines.append("")
        length += len(lines[-1]) + 1 + (len(lines[-2]) + 1 if n % 5 == 4 else 0)
        n += 1
    return "\n".join(lines)[:chars]


def measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of ``command``, run as a child of this process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="25000,50000,100000,200000", help="article lengths in characters")
    args = parser.parse_args()
    geomap = [sys.executable, "-m", "geomap.cli"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm-up.txt"  # builds the gazetteer index, if the code changed, outside the figures
        warm.write_text(article(2000), encoding="utf-8")
        measured([*geomap, "extract", str(warm)])
        for chars in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"long-{chars}.txt"
            path.write_text(article(chars), encoding="utf-8")
            extract = measured([*geomap, "extract", str(path)])
            run = measured([*geomap, "run", str(path), "--out", str(Path(tmp) / f"out-{chars}"), "--offline"])
            rows.append(
                {"chars": chars, "extract_s": extract[0], "extract_mb": extract[1], "run_s": run[0], "run_mb": run[1]}
            )
    first = rows[0]
    print(f"{'chars':>8} {'extract s':>10} {'x':>5} {'extract MB':>11} {'run s':>7} {'x':>5} {'run MB':>7}")
    for row in rows:
        print(
            f"{row['chars']:>8,} {row['extract_s']:>10.1f} {row['extract_s'] / first['extract_s']:>5.1f} "
            f"{row['extract_mb']:>11.0f} {row['run_s']:>7.1f} {row['run_s'] / first['run_s']:>5.1f} "
            f"{row['run_mb']:>7.0f}"
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
