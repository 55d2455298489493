"""Every benchmark in one run, as a table of ratios against baselines measured in the same run.

    python bench/report.py [--runs 5] [--data DIR] [--markdown]

Ten years of synthetic data (bench/synthetic.py) is generated once unless --data is given. Then:

- load: the whole folder with the index present (warm) vs without it (cold), each in a fresh process;
- first paint: spawn to the dashboard's first frame in a pseudo-terminal, vs a bare Textual app;
- peak memory: resident memory of the app once its dashboard is shown on ten years of records (which
  reads what is still in play, not the history), vs the bare app;
- export: the calendar export vs icalendar's own serialize of the same components, first time and
  with its cache, and the re-export after one change vs the full export (bench/export.py);
- check: `delegate check` on the folder with hostile files added vs without (bench/check.py);
- keys: key → next frame for a section's first visit, a revisit and a list filter, vs pushing a bare
  screen by key in the same app (bench/keys.py).

Medians for the pty runs (several) and the export (each paired with its baseline), best-of for the
rest. Ratios, not seconds, are the result: they hold on slower and faster machines alike. --markdown
prints the table for the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import check  # noqa: E402  (bench/ is not a package: its modules are imported from beside this one)
import export  # noqa: E402
import keys  # noqa: E402
import load  # noqa: E402
import startup  # noqa: E402

Row = tuple[str, str, str, float, float]  # what, ours, baseline, ratio, target


def measure_load(data: Path, work: Path, runs: int) -> Row:
    env = {**os.environ, "DELEGATE_CACHE": str(work / "cache"), "DELEGATE_HOME": str(work / "home")}
    colds, warms = [], []
    for run in range(runs):
        index = work / f"index-{run}.sqlite"
        colds.append(load.run_child("time", data, index, load.ZONE, env)["seconds"])
        warms.append(load.run_child("time", data, index, load.ZONE, env)["seconds"])
    cold, warm = min(colds), min(warms)
    return ("load ten years, index warm vs cold", f"{warm:.2f} s", f"{cold:.2f} s", warm / cold, 0.1)


def measure_app(data: Path, work: Path, runs: int) -> list[Row]:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "DELEGATE_CACHE": str(work / "cache-app"),
        "DELEGATE_HOME": str(data),
        "TEXTUAL": "",
    }
    bare = work / "bare.py"
    bare.write_text(startup.BARE_APP)
    ours = [sys.executable, "-m", "delegate"]
    marker = b"Next meetings"
    startup.spawn_and_time(ours, marker, env, settle=3.0)  # warm the index and the OS file cache
    paints: dict[str, list[float]] = {"bare": [], "ours": []}
    peaks: dict[str, list[int]] = {"bare": [], "ours": []}
    for _ in range(runs):
        for name, command, seen in (
            ("bare", [sys.executable, str(bare)], b"bare textual ready"),
            ("ours", ours, marker),
        ):
            painted, _exit, _peak = startup.spawn_and_time(command, seen, env)
            paints[name].append(painted)
    for name, command, seen in (
        ("bare", [sys.executable, str(bare)], b"bare textual ready"),
        ("ours", ours, marker),
    ):
        for _ in range(max(1, runs // 2)):
            peaks[name].append(startup.spawn_and_time(command, seen, env, settle=3.0)[2])
    filled = [startup.spawn_and_time(ours, marker, env, then=startup.FILLED)[0] for _ in range(runs)]
    paint_ours, paint_bare = statistics.median(paints["ours"]), statistics.median(paints["bare"])
    filled_ours = statistics.median(filled)
    peak_ours, peak_bare = max(peaks["ours"]), max(peaks["bare"])
    return [
        (
            "first paint, dashboard vs bare Textual",
            f"{paint_ours:.2f} s",
            f"{paint_bare:.2f} s",
            paint_ours / paint_bare,
            1.25,
        ),
        (
            "dashboard filled in (ten years) vs bare first paint",
            f"{filled_ours:.2f} s",
            f"{paint_bare:.2f} s",
            filled_ours / paint_bare,
            float("inf"),
        ),
        (
            "peak memory, dashboard on ten years vs bare Textual",
            f"{peak_ours / 2**20:.0f} MB",
            f"{peak_bare / 2**20:.0f} MB",
            peak_ours / peak_bare,
            1.5,
        ),
    ]


def measure_export(data: Path, runs: int) -> list[Row]:
    measured = export.run(data, runs)
    full, serialize = measured["full"], measured["icalendar"]
    return [
        (
            "calendar export, first time / icalendar serialize",
            f"{full:.2f} s",
            f"{serialize:.2f} s",
            measured["full_ratio"],
            1.2,
        ),
        (
            "calendar export, cache warm / icalendar serialize",
            f"{measured['warm']:.2f} s",
            f"{serialize:.2f} s",
            measured["warm_ratio"],
            1.2,
        ),
        (
            "re-export after one change / full export",
            f"{measured['after_change']:.2f} s",
            f"{full:.2f} s",
            measured["change_ratio"],
            0.1,
        ),
    ]


def measure_check(data: Path, work: Path, runs: int) -> Row:
    measured = check.run(data, runs, work)
    return (
        "check, ten years + hostile files vs without",
        f"{measured['hostile']:.2f} s",
        f"{measured['clean']:.2f} s",
        measured["ratio"],
        check.TARGET,
    )


def measure_keys(data: Path, work: Path, runs: int) -> list[Row]:
    measured = keys.run(data, runs, work / "keys")
    bare = measured["bare"]
    return [
        (
            f"key → frame, {what} / bare screen",
            f"{measured[what] * 1000:.0f} ms",
            f"{bare * 1000:.0f} ms",
            measured[f"{what} ratio"],
            target,
        )
        for what, target in keys.TARGETS.items()
    ]


def print_table(rows: list[Row], markdown: bool) -> None:
    if markdown:
        print("| measure | delegate | baseline | ratio | target | |")
        print("|---|---:|---:|---:|---:|---|")
        for what, ours, base, ratio, target in rows:
            limit = "—" if target == float("inf") else f"≤ {target}×"
            print(f"| {what} | {ours} | {base} | {ratio:.2f}× | {limit} | {verdict(ratio, target)} |")
        return
    print(f"\n{'measure':50}{'delegate':>11}{'baseline':>11}{'ratio':>8}{'target':>9}")
    for what, ours, base, ratio, target in rows:
        limit = "" if target == float("inf") else f"≤ {target}×"
        print(f"{what:50}{ours:>11}{base:>11}{ratio:7.2f}×{limit:>9}  {verdict(ratio, target)}")


def verdict(ratio: float, target: float) -> str:
    if target == float("inf"):
        return "(no target)"
    return "PASS" if ratio <= target else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure")
    parser.add_argument("--data", type=Path, help="an existing data folder (default: generate ten years)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="delegate-report-"))
    try:
        data = args.data
        if data is None:
            from synthetic import generate

            data = work / "data"
            counts = generate(data, fast=True)
            print(f"generated {sum(counts.values())} records (ten years)")
        rows = [measure_load(data, work, min(args.runs, 3))]
        rows += measure_app(data, work, args.runs)
        rows += measure_export(data, min(args.runs, 3))
        rows.append(measure_check(data, work, args.runs))
        rows += measure_keys(data, work, min(args.runs, 3))
        print_table(rows, args.markdown)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
