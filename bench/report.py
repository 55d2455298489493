"""Every benchmark in one run: what a user waits for, as ratios against baselines of the same run.

    python bench/report.py [--years 10] [--data DIR] [--pairs 9] [--markdown]
    python bench/report.py --scale [--data DIR --data-10x DIR]     # also at ten times the data
    python bench/report.py --peers                                  # also beside khal and calcurse

The data is a synthetic folder (bench/synthetic.py: ten years unless --years), generated once into a
temporary folder unless --data is given; a one-year folder is generated too (the export's memory is
measured against it). Then, each row a series of pairs (bench/measure.py):

- the app (bench/app.py), in a pseudo-terminal: spawn to the dashboard filled with real records, and
  to the start screen's first frame, vs a bare Textual app's first frame; each section's screen after
  its key vs a bare Screen pushed after a key; peak memory with the dashboard filled vs the bare app;
- the command line (bench/cli.py), each command a whole process on a folder whose index is warm:
  the lists (≤ 0.12 s each, CPU seconds, a bare click command beside them), a re-export after one
  meeting changed and after one follow-up done vs a first export, and the export's peak memory vs
  a one-year folder's; a follow-up added
  and marked done, beside a bare click command (shown, not judged);
- in one process: the first calendar export vs icalendar's own serialize of the same events
  (bench/export.py), and the warm load vs the cold one (bench/load.py);
- `delegate check` with hostile files added vs without (bench/check.py);
- key → next frame for a section's first visit, a revisit and a list filter, vs pushing a bare
  screen by key in the same app (bench/keys.py).

With --scale every cost is measured again on ten times the years, and each cost's growth printed as
an exponent (1.0: linear; cost × 10^exponent for ten times the data). Ratios, not seconds, are the
result: they hold on slower and faster machines alike; the lists' target is in seconds (the issue's),
so those rows are judged on CPU seconds, which other work on the machine moves least.
"""

from __future__ import annotations

import argparse
import math
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import app  # noqa: E402  (bench/ is not a package: its modules are imported from beside this one)
import check  # noqa: E402
import cli  # noqa: E402
import export  # noqa: E402
import keys  # noqa: E402
import load  # noqa: E402
from measure import Row, environment, print_rows  # noqa: E402


def load_row(data: Path, work: Path, runs: int, label: str) -> Row:
    env = environment(data, work / "cache-load")
    row = Row(f"load everything ({label}), index warm / cold, in one process", 0.1)
    for number in range(runs):
        index = work / f"index-{number}.sqlite"
        row.base.append(load.run_child("time", data, index, load.ZONE, env)["seconds"])
        row.ours.append(load.run_child("time", data, index, load.ZONE, env)["seconds"])
    row.how = f"wall s of Store.load_all in a fresh process, {runs} pairs"
    return row


def export_serialize_row(data: Path, runs: int, label: str) -> Row:
    measured = export.run(data, runs)
    row = Row(f"calendar export, first time / icalendar serialize ({label}), in one process", 1.2)
    for result in measured["runs"]:
        row.ours += result["full"]
        row.base += result["icalendar"]
    row.how = "wall s of the same events built and written, pair by pair (bench/export.py)"
    return row


def check_row(data: Path, work: Path, runs: int, label: str) -> Row:
    measured = check.run(data, runs, work)
    row = Row(f"`delegate check` ({label}) + hostile files / without", check.TARGET)
    row.ours, row.base = measured["hostile_runs"], measured["clean_runs"]
    row.how = "wall s of whole processes, index warm"
    return row


def key_rows(data: Path, work: Path, runs: int, label: str) -> list[Row]:
    """Key → next frame in the app (bench/keys.py): a section's first visit, a revisit, a list filter."""
    measured = keys.run(data, runs, work / "keys")
    rows = []
    for what, target in keys.TARGETS.items():
        row = Row(f"key → frame, {what} ({label}) / a bare screen pushed by key", target)
        row.ours, row.base = [measured[what]], [measured["bare"]]
        row.how = f"wall s, median of every press over {runs} runs (worst {measured[f'{what} worst']:.2f} s)"
        rows.append(row)
    return rows


def measure_all(data: Path, one_year: Path, work: Path, count: int, label: str, full: bool) -> list[Row]:
    work.mkdir(parents=True, exist_ok=True)
    rows = app.dashboard_rows(data, work, count, label)
    rows += app.screen_rows(data, work, max(3, count // 2), label)
    rows += cli.list_rows(data, work, count, label)
    rows += cli.export_rows(data, work, max(3, count // 3), label)
    rows.append(cli.export_memory_row(data, one_year, work, 3, label))
    rows += cli.change_rows(data, work, max(3, count // 3), label)
    if full:
        rows.append(export_serialize_row(data, 3, label))
        rows.append(load_row(data, work, 3, label))
        rows.append(check_row(data, work, max(3, count // 2), label))
        rows += key_rows(data, work, max(2, count // 4), label)
    return rows


def growth(small: list[Row], large: list[Row]) -> None:
    """How each cost grows from one size to ten times it: the exponent of the power law through both."""
    print(f"\n{'cost':64}{'1×':>10}{'10×':>10}{'exponent':>10}")
    for before, after in zip(small, large, strict=True):
        if not before.ours or not after.ours:
            continue
        was, now = statistics.median(before.ours), statistics.median(after.ours)
        exponent = math.log10(now / was) if was > 0 and now > 0 else float("nan")
        name = before.what.split(" (")[0]
        print(f"{name:64}{before.shown(before.ours):>10}{after.shown(after.ours):>10}{exponent:10.2f}")


def machine() -> str:
    import os

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", type=int, default=10, help="years of synthetic data (without --data)")
    parser.add_argument("--data", type=Path, help="an existing data folder (not changed)")
    parser.add_argument(
        "--data-10x", type=Path, help="with --scale: an existing folder of ten times the years"
    )
    parser.add_argument(
        "--pairs", type=int, default=9, help="pairs of each row (the lists; fewer for slow rows)"
    )
    parser.add_argument("--scale", action="store_true", help="measure again at ten times the years")
    parser.add_argument("--peers", action="store_true", help="also list beside khal and calcurse")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    args = parser.parse_args()
    from synthetic import generate

    work = Path(tempfile.mkdtemp(prefix="delegate-report-"))
    started = time.perf_counter()
    try:
        data = args.data
        if data is None:
            data = work / "data"
            counts = generate(data, years=args.years, fast=True)
            print(f"generated {sum(counts.values())} records ({args.years} years)", file=sys.stderr)
        one_year = work / "one-year"
        generate(one_year, years=1, fast=True)
        label = f"{args.years} years"  # with --data, say its years with --years
        print(f"# {date.today()}, {machine()}")
        rows = measure_all(data, one_year, work / "1x", args.pairs, label, full=True)
        print_rows(rows, args.markdown, f"At {label}:")
        if args.peers:
            import peers

            peer_table, notes = peers.peer_rows(data, work / "peers", args.pairs, label)
            print_rows(peer_table, args.markdown, "Beside khal and calcurse (no target; delegate / peer):")
            for note in notes:
                print(f"note: {note}")
        if args.scale:
            large = args.data_10x
            if large is None:
                large = work / "data-10x"
                counts = generate(large, years=args.years * 10, fast=True)
                print(f"generated {sum(counts.values())} records ({args.years * 10} years)", file=sys.stderr)
            big_label = f"{args.years * 10} years"
            big = measure_all(large, one_year, work / "10x", max(3, args.pairs // 2), big_label, full=False)
            print_rows(big, args.markdown, f"At ten times the data ({large.name}):")
            growth(
                [
                    row
                    for row in rows
                    if not row.what.startswith(("calendar export,", "load", "`delegate check", "key →"))
                ],
                big,
            )
        print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
