"""Whole commands as a user runs them: spawn to exit, on a folder whose index is warm.

    python bench/cli.py [--data DIR] [--pairs 15] [--changes]     # --changes: only the last rows

- the lists (`followup list --overdue`, `meeting list` for a week, `delegation list`), each paired
  with a bare click command (what any click program costs to start), judged on their own seconds
  (target ≤ 0.12 s each);
- the calendar export: a first export (no ledger, no cache of events) and, after one meeting file
  changed, the export again; then after one follow-up marked done in its file, again; each one's
  ratio to the first (target ≤ 0.2×);
- the export's peak memory against a one-year folder's export (target under 2×);
- one record changed as a user changes it: `followup add`, then `followup done` of the one added
  (by its id, as a list shows it), each paired with a bare click command (shown, not judged).

Seconds are CPU seconds (user + system, from the kernel): on a machine other work shares they move
far less than wall seconds, which are shown beside them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import tomllib
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import tomli_w
from measure import BARE_CLICK, NOW, Row, delegate, environment, pairs, peak_memory, print_rows, run

LIST_TARGET = 0.12
WEEK_START = date.fromisoformat(NOW[:10])
LISTS = (
    ("followup list --overdue", ("followup", "list", "--overdue")),
    (
        "meeting list (a week)",
        ("meeting", "list", "--from", f"{WEEK_START}", "--to", f"{WEEK_START + timedelta(days=6)}"),
    ),
    ("delegation list", ("delegation", "list")),
)


def list_rows(data: Path, work: Path, count: int, label: str) -> list[Row]:
    env = environment(data, work / "cache-lists")
    bare = work / "bare_click.py"
    bare.write_text(BARE_CLICK)
    rows = []
    for name, args in LISTS:
        for _ in range(2):  # the index written and its folders' stamps kept: a returning user
            run(delegate(*args), env)
        walls: list[float] = []
        row = Row(f"`delegate {name}` ({label}), whole process", LIST_TARGET, absolute=True)

        def ours(args: tuple[str, ...] = args, walls: list[float] = walls) -> float:
            sample = run(delegate(*args), env)
            walls.append(sample.wall)
            return sample.cpu

        pairs(count, ours, lambda: run([sys.executable, str(bare), "hello"], env).cpu, row)
        row.how = (
            f"CPU s, median of {count} runs (wall {statistics.median(walls):.3f} s); "
            "baseline: a bare click command"
        )
        rows.append(row)
    return rows


def working_copy(data: Path, work: Path) -> Path:
    """A copy of `data` the rows that change records may change (made once per work folder)."""
    copy = work / "changed-data"
    if not copy.exists():
        shutil.copytree(data, copy, symlinks=True)
    return copy


def export_rows(data: Path, work: Path, count: int, label: str) -> list[Row]:
    """A first export against the export after one change (a meeting edited; a follow-up marked
    done, what is done most), all as whole processes."""
    copy = working_copy(data, work)
    cache = work / "cache-export"
    env = environment(copy, cache)
    output = work / "calendar.ics"
    command = delegate("export", "ics", "-o", str(output))
    run(delegate("meeting", "list"), env)  # the index warm
    meetings = sorted((copy / "meetings").rglob("*.toml"))
    followups = sorted((copy / "followups").rglob("*.toml"))
    row = Row(f"re-export after one change / first export ({label}), whole processes", 0.2)
    done = Row(f"re-export after a follow-up done / first export ({label}), whole processes", 0.2)
    walls: dict[str, list[float]] = {row.what: [], done.what: []}
    for number in range(count):
        forget_exports(copy, cache)
        first = run(command, env)
        meeting, followup = meetings[len(meetings) // 3 + number], followups[len(followups) // 3 + number]
        for changed, change in (
            (row, partial(change_meeting, meeting)),
            (done, partial(follow_up_done, followup)),
        ):
            change()
            again = run(command, env)
            walls[changed.what].append(again.wall / first.wall)
            changed.ours.append(again.cpu)
            changed.base.append(first.cpu)
    for changed, what in ((row, "one meeting file changed"), (done, "one follow-up marked done in its file")):
        changed.how = (
            f"CPU s, {count} pairs (first export, then {what} and exported again); "
            f"wall ratio {statistics.median(walls[changed.what]):.2f}×"
        )
    return [row, done]


def export_memory_row(data: Path, one_year: Path, work: Path, count: int, label: str) -> Row:
    """Peak memory of a first export of `data` against a first export of one year."""
    row = Row(f"peak memory, calendar export ({label}) / export of one year", 2.0, unit="MB")
    output = str(work / "memory.ics")
    for folder, into in ((data, row.ours), (one_year, row.base)):
        cache = work / f"cache-memory-{folder.name}"
        env = environment(folder, cache)
        run(delegate("meeting", "list"), env)
        for _ in range(count):
            forget_exports(folder, cache, ledger=False)
            into.append(float(peak_memory(("export", "ics", "-o", output), env)))
    row.how = f"VmHWM of the whole process, median of {count} first exports each (index warm)"
    return row


def change_rows(data: Path, work: Path, count: int, label: str) -> list[Row]:
    """A follow-up added, then marked done by its id: whole processes on a copy of `data`, each
    paired with a bare click command. Neither needs the kind read whole (its ids are its files'
    names, and the one record is read alone), so neither should grow much with the history."""
    copy = working_copy(data, work)
    env = environment(copy, work / "cache-changes")
    bare = work / "bare_click.py"
    bare.write_text(BARE_CLICK)
    run(delegate("followup", "list"), env)  # the index warm
    added = Row(f"`delegate followup add` ({label}), whole process", float("inf"))
    done = Row(f"`delegate followup done ID` ({label}), whole process", float("inf"))
    for number in range(count):
        text = f"Bench change {number} of {count}"
        for row, args in (
            (added, ("followup", "add", text, "--due", NOW[:10])),
            (done, ("followup", "done", f"{NOW[:10]}-bench-change-{number}-of-{count}")),
        ):
            row.ours.append(run(delegate(*args), env).cpu)
            row.base.append(run([sys.executable, str(bare), "hello"], env).cpu)
    for row in (added, done):
        row.how = f"CPU s, median of {count} runs; baseline: a bare click command"
    return [added, done]


def forget_exports(data: Path, cache: Path, *, ledger: bool = True) -> None:
    """Back to a first export: no event versions (the ledger, in the folder) and no cached events."""
    if ledger:
        for path in data.glob("calendar-sequences*.toml"):
            path.unlink()
    for path in cache.glob("calendar*"):  # events by kind, each group's bytes, what they were made from
        path.unlink()


def follow_up_done(path: Path) -> None:
    """Mark a follow-up done in its file (one already closed gets a note instead), as the app does."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    if table.get("status", "open") == "open":
        table["status"] = "done"
        table["closed_on"] = date.fromisoformat(NOW[:10])
    else:
        table["notes"] = f"{table.get('notes', '')} (changed)".strip()
    temp = path.with_name(f".{path.name}.bench")
    temp.write_text(tomli_w.dumps(table), encoding="utf-8")
    os.replace(temp, path)


def change_meeting(path: Path) -> None:
    """Change one meeting's file as an editor does (a new file put in its place)."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    table["notes"] = f"{table.get('notes', '')} (changed)".strip()
    temp = path.with_name(f".{path.name}.bench")
    temp.write_text(tomli_w.dumps(table), encoding="utf-8")
    os.replace(temp, path)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="a data folder (default: generate ten years)")
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--changes", action="store_true", help="only a follow-up added and marked done")
    parser.add_argument("--label", default="ten years", help="what the folder holds, for the rows' names")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="delegate-cli-"))
    try:
        from synthetic import generate

        data = args.data
        if data is None:
            data = work / "data"
            generate(data, fast=True)
        rows = []
        if not args.changes:
            one_year = work / "one-year"
            generate(one_year, years=1, fast=True)
            rows += list_rows(data, work, args.pairs, args.label)
            rows += export_rows(data, work, max(3, args.pairs // 3), args.label)
            rows.append(export_memory_row(data, one_year, work, 3, args.label))
        rows += change_rows(data, work, max(3, args.pairs // 3), args.label)
        print_rows(rows, markdown=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
