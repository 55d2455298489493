"""Loading the whole data folder: cold (no index yet) vs warm (the index is there), ten years of data.

    python bench/load.py [--runs 3] [--data DIR] [--years 10] [--seed 1] [--profile]

Without --data, a synthetic ten-year folder (bench/synthetic.py) is generated into a temporary
folder first. Each run then times `Store(root, index=PATH).load_all()` twice, each time in a fresh
Python process (nothing cached in memory; imports are done before the clock starts):

- cold: PATH does not exist yet, so every file is parsed, and the index is written;
- warm: the same PATH again, now present, so every record comes from the index.

The best (smallest) of --runs is reported for each, with their ratio against the target
warm ≤ 0.1 × cold. "Cold" is about the index, not the disk: the files are in the OS page cache
after the first run, as they are for a returning user. A third, untimed process measures the
warm load's peak memory with tracemalloc (which slows it down, so it is not timed). When the
target is missed (or with --profile) the warm load is profiled with cProfile and the top of the
profile printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET = 0.1
ZONE = "America/Toronto"  # the synthetic data's own zone (part of the index signature: keep it fixed)


# ---- the child: one load in a fresh process -------------------------------------------------------


def memory_now() -> tuple[int, int]:
    """(resident now, peak resident) of this process, in bytes.

    On Linux from /proc (getrusage's ru_maxrss survives exec, so a child would report its parent's
    peak); elsewhere getrusage's peak for both (KiB on Linux and BSD, bytes on macOS).
    """
    try:
        fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
        return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        return peak, peak


def reset_peak() -> None:
    """Start the peak-resident count afresh from here (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def child(mode: str, data: Path, index: Path | None, zone: str) -> dict[str, Any]:
    """Load everything once and report seconds, counts, problems and memory (runs in a fresh process)."""
    from delegate.store import KINDS, Store

    classes = [kind.cls for kind in KINDS]  # imported now: a fixed cost of every run, not of a load
    rss_before = memory_now()[0]  # the interpreter and delegate's imports
    reset_peak()
    result: dict[str, Any] = {}
    if mode == "memory":
        import tracemalloc

        tracemalloc.start()
        store = Store(data, index=index, default_zone=zone)
        problems = store.load_all()
        result["traced_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    elif mode == "profile":
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        store = Store(data, index=index, default_zone=zone)
        problems = store.load_all()
        profiler.disable()
        result["seconds"] = time.perf_counter() - started
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs()
        stats.sort_stats("tottime").print_stats(18)
        stats.sort_stats("cumulative").print_stats(22)
        result["profile"] = text.getvalue()
    else:
        started = time.perf_counter()
        store = Store(data, index=index, default_zone=zone)
        problems = store.load_all()
        result["seconds"] = time.perf_counter() - started
    result["rss_before"] = rss_before
    result["rss_peak"] = memory_now()[1]
    result["counts"] = {kind.name: len(store.all(cls)) for kind, cls in zip(KINDS, classes, strict=True)}
    result["problems"] = len(problems)
    return result


def run_child(mode: str, data: Path, index: Path | None, zone: str, env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--data", str(data)]
    command += ["--zone", zone] + (["--index", str(index)] if index is not None else [])
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {mode} load failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# ---- the parent: generate, run, report ------------------------------------------------------------


def megabytes(size: float) -> str:
    return f"{size / 2**20:.1f} MB"


def folder_size(root: Path) -> tuple[int, int]:
    files = total = 0
    for directory, _folders, names in os.walk(root):
        for name in names:
            files += 1
            total += (Path(directory) / name).stat().st_size
    return files, total


def measure(data: Path, work: Path, args: argparse.Namespace, env: dict[str, str]) -> None:
    """Time the loads, print the table and the verdict (and the profile when the target is missed)."""
    colds: list[dict[str, Any]] = []
    warms: list[dict[str, Any]] = []
    for run in range(args.runs):
        index = work / f"index-{run}.sqlite"  # absent: this run's cold load creates it
        colds.append(run_child("time", data, index, args.zone, env))
        warms.append(run_child("time", data, index, args.zone, env))
        print(f"run {run + 1}: cold {colds[-1]['seconds']:.3f} s, warm {warms[-1]['seconds']:.3f} s")
    parse_only = run_child("time", data, None, args.zone, env)  # no index at all: parse, write nothing
    memory = run_child("memory", data, work / "index-0.sqlite", args.zone, env)
    index_size = sum(path.stat().st_size for path in work.glob("index-0.sqlite*"))

    cold = min(colds, key=lambda result: result["seconds"])
    warm = min(warms, key=lambda result: result["seconds"])
    ratio = warm["seconds"] / cold["seconds"]
    same = all(result["counts"] == cold["counts"] for result in [*colds, *warms, parse_only, memory])
    rows = [
        ("cold (no index yet; writes it)", cold["seconds"]),
        ("warm (index present)", warm["seconds"]),
        ("parse only (index off)", parse_only["seconds"]),
    ]
    print(f"\n{'':34}{'seconds':>10}{'× cold':>9}")
    for label, seconds in rows:
        print(f"{label:34}{seconds:10.3f}{seconds / cold['seconds']:9.2f}")
    counts = ", ".join(f"{count} {name}" for name, count in cold["counts"].items())
    print(f"\nrecords: {sum(cold['counts'].values())} ({counts})")
    print(f"problems: {cold['problems']} cold, {warm['problems']} warm; same records in every load: {same}")
    print(f"index: {megabytes(index_size)} on disk")
    grown = warm["rss_peak"] - warm["rss_before"]
    print(
        f"warm load memory: peak RSS {megabytes(warm['rss_peak'])} (imports alone "
        f"{megabytes(warm['rss_before'])}, so +{megabytes(grown)} for the load); "
        f"tracemalloc peak {megabytes(memory['traced_peak'])}"
    )
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"target warm ≤ {TARGET}× cold: {verdict} ({ratio:.3f}×, best of {args.runs})")

    if args.profile or ratio > TARGET:
        profiled = run_child("profile", data, work / "index-0.sqlite", args.zone, env)
        print(f"\nwarm load under cProfile ({profiled['seconds']:.3f} s with the profiler on):")
        print(profiled["profile"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each load; the best is reported")
    parser.add_argument("--data", type=Path, help="an existing data folder (default: generate one)")
    parser.add_argument("--years", type=int, default=10, help="years of synthetic data (without --data)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (without --data)")
    parser.add_argument(
        "--fast-generate", action="store_true", help="generate with the no-fsync fast path (same files)"
    )
    parser.add_argument("--zone", default=ZONE, help="the store's default zone")
    parser.add_argument("--profile", action="store_true", help="profile the warm load even if it passes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (data, indexes)")
    parser.add_argument("--child", choices=("time", "memory", "profile"), help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data, args.index, args.zone)))
        return

    work = Path(tempfile.mkdtemp(prefix="delegate-load-"))
    # Keep the user's cache and data dirs out of it (every Store here gets an explicit index path).
    env = {**os.environ, "DELEGATE_CACHE": str(work / "cache"), "DELEGATE_HOME": str(work / "home")}
    try:
        data = args.data
        if data is None:
            sys.path.insert(0, str(HERE))
            from synthetic import generate

            data = work / "data"
            started = time.perf_counter()
            counts = generate(data, args.years, args.seed, fast=args.fast_generate)
            print(f"generated {sum(counts.values())} records in {time.perf_counter() - started:.1f} s")
        files, size = folder_size(data)
        print(f"data: {data} ({files} files, {megabytes(size)})")
        measure(data, work, args, env)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
