"""`delegate check` on ten years of records, with hostile files added vs without, as a user runs it.

    python bench/check.py [--runs 5] [--data DIR]

Without --data a synthetic ten-year folder (bench/synthetic.py) is generated first. A copy of it gets
every hostile file of bench/hostile.py in four places (deep nesting, huge files, a dotted key of twenty
thousand parts, FIFOs, links to a device, outside the folder and in a loop, binary garbage…). Each
run times `delegate check` as a whole process on both folders, index warm as a returning user has it;
the best of --runs is reported for each, and their ratio against the target hostile ≤ 1.5 × clean.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hostile import add_all  # noqa: E402  (bench/ is not a package)
from measure import environment  # noqa: E402

TARGET = 1.5


def time_check(data: Path, cache: Path) -> float:
    env = environment(data, cache)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "delegate", "--data-dir", str(data), "check"],
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
    )
    return time.perf_counter() - started


def run(data: Path, runs: int, work: Path) -> dict[str, Any]:
    """Seconds of `check` on `data` and on a copy with hostile files (best of `runs`), and the ratio."""
    hostile = work / "hostile"
    shutil.copytree(data, hostile, symlinks=True)
    add_all(hostile)
    clean_cache, hostile_cache = work / "cache-clean", work / "cache-hostile"
    time_check(data, clean_cache)  # the index written once: a returning user's folder
    time_check(hostile, hostile_cache)
    clean, bad = [], []
    for _ in range(runs):
        clean.append(time_check(data, clean_cache))
        bad.append(time_check(hostile, hostile_cache))
    return {
        "clean": min(clean),
        "hostile": min(bad),
        "ratio": min(bad) / min(clean),
        "clean_runs": clean,
        "hostile_runs": bad,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="an existing data folder (default: generate ten years)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="delegate-check-"))
    try:
        data = args.data
        if data is None:
            from synthetic import generate

            data = work / "data"
            generate(data, fast=True)
        measured = run(data, args.runs, work)
        verdict = "PASS" if measured["ratio"] <= TARGET else "FAIL"
        print(
            f"check, ten years: {measured['clean']:.2f} s; with hostile files: {measured['hostile']:.2f} s; "
            f"ratio {measured['ratio']:.2f}× (target ≤ {TARGET}×) {verdict}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
