"""Calendar export of ten years of data: against icalendar's own serialize, and again after one change.

    python bench/export.py [--data DIR] [--runs 3] [--pairs 3]

Each run is a fresh process that loads the store first (not timed), then times, --pairs times:

- full: `export_calendar` with no cache and no ledger (the first export ever);
- icalendar: `Calendar.to_ical()` of a calendar holding the very components a full export builds
  (what serializing alone costs: the baseline), built afresh each time (never serialized before);

one right after the other, which one first alternating (neither always runs in the warmer process).
Then, --pairs times, with the cache the last export left:

- warm: the same export again (nothing changed);
- after one change: one more meeting moved by an hour, then exported.

Best of each over all runs and pairs: the machine's speed drifts by ±25% within seconds (other
work on the host slows a step, never speeds it), so the fastest of many is the steadiest estimate
of what a step costs; the pair-by-pair ratios are printed too, to show the spread. Targets (issue
#8): full ≤ 1.2× icalendar; after one change ≤ 0.1× full.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ZONE = "America/Toronto"


def child(data: Path, pairs: int) -> dict[str, Any]:  # noqa: PLR0915 - one measurement, step by step
    """One measured run (in a fresh process, on a copy of the data it may change)."""
    import gc
    from dataclasses import replace
    from datetime import datetime, timedelta

    from icalendar import Calendar, Component

    from delegate.ics import export
    from delegate.ics.cache import ComponentCache
    from delegate.ics.sequences import SequenceLedger
    from delegate.ics.serialize import serialize
    from delegate.model import Meeting
    from delegate.store import KINDS, Store

    store = Store(data, index=False, default_zone=ZONE)
    for kind in KINDS:
        store.all(kind.cls)
    now = datetime(2026, 11, 27, 9, 0).astimezone()
    options = export.ExportOptions()
    ledger, cache = SequenceLedger(None), ComponentCache(None)

    def full_export() -> float:
        nonlocal ledger, cache
        ledger, cache = SequenceLedger(None), ComponentCache(None)
        gc.collect()  # each timed step starts without the previous step's garbage
        started = time.perf_counter()
        export.export_calendar(store, options, now, ledger, cache=cache)
        return time.perf_counter() - started

    built: list[Component] = []

    def build_only(component: Component, shared: object = None) -> bytes:
        built.append(component)
        return b""

    def icalendar_serialize() -> float:
        built.clear()
        export.serialize = build_only  # type: ignore[attr-defined]  # the name export.py calls
        try:
            export.export_calendar(store, options, now, SequenceLedger(None))
        finally:
            export.serialize = serialize  # type: ignore[attr-defined]
        calendar = Calendar()
        for component in built:
            calendar.add_component(component)
        gc.collect()
        gc.disable()  # as the export does: the comparison is of serializing, not of collecting
        started = time.perf_counter()
        calendar.to_ical()
        seconds = time.perf_counter() - started
        gc.enable()
        return seconds

    fulls, baselines = [], []
    for number in range(pairs):
        if number % 2:
            baselines.append(icalendar_serialize())
            fulls.append(full_export())
        else:
            fulls.append(full_export())
            baselines.append(icalendar_serialize())
    components = len(built)
    built.clear()

    export.export_calendar(store, options, now, ledger, cache=cache)  # the cache of the last export
    warms, changes = [], []
    meetings = store.all(Meeting)
    for number in range(pairs):
        gc.collect()
        started = time.perf_counter()
        export.export_calendar(store, options, now, ledger, cache=cache)
        warms.append(time.perf_counter() - started)

        meeting = meetings[len(meetings) // 2 + number]
        store.save(replace(meeting, start=meeting.start + timedelta(hours=1), end=None))
        gc.collect()
        started = time.perf_counter()
        export.export_calendar(store, options, now, ledger, cache=cache)
        changes.append(time.perf_counter() - started)
    return {
        "full": fulls,
        "icalendar": baselines,
        "warm": warms,
        "after_change": changes,
        "components": components,
    }


def run(data: Path, runs: int, pairs: int = 3) -> dict[str, Any]:
    """Best of `runs` fresh processes (each on its own copy of the folder) of `pairs` pairs each."""
    results: list[dict[str, Any]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="delegate-export-") as work:
            copy = Path(work) / "data"
            shutil.copytree(data, copy)
            env = {**os.environ, "DELEGATE_CACHE": str(Path(work) / "cache")}
            command = [sys.executable, str(Path(__file__).resolve()), "--child", "--data", str(copy)]
            done = subprocess.run(
                [*command, "--pairs", str(pairs)], capture_output=True, text=True, env=env, check=False
            )
            if done.returncode != 0:
                raise SystemExit(f"the export run failed:\n{done.stderr}")
            results.append(json.loads(done.stdout))
    fulls = [seconds for result in results for seconds in result["full"]]
    baselines = [seconds for result in results for seconds in result["icalendar"]]
    best = {
        "full": min(fulls),
        "icalendar": min(baselines),
        "warm": min(seconds for result in results for seconds in result["warm"]),
        "after_change": min(seconds for result in results for seconds in result["after_change"]),
    }
    return {
        **best,
        "full_ratio": best["full"] / best["icalendar"],
        "warm_ratio": best["warm"] / best["icalendar"],
        "change_ratio": best["after_change"] / best["full"],
        "pair_ratios": sorted(
            full / base
            for result in results
            for full, base in zip(result["full"], result["icalendar"], strict=True)
        ),
        "components": results[0]["components"],
        "runs": results,
    }


def report(best: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    """Rows of (what, ratio, target, verdict)."""
    return [
        (
            "export, first time (nothing cached) / icalendar serialize",
            best["full_ratio"],
            1.2,
            _verdict(best["full_ratio"], 1.2),
        ),
        (
            "export, nothing changed (cache warm) / icalendar serialize",
            best["warm_ratio"],
            1.2,
            _verdict(best["warm_ratio"], 1.2),
        ),
        (
            "re-export after one change / full export",
            best["change_ratio"],
            0.1,
            _verdict(best["change_ratio"], 0.1),
        ),
    ]


def _verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="an existing data folder (default: generate ten years)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes")
    parser.add_argument("--pairs", type=int, default=3, help="full export and baseline pairs in each")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.data, args.pairs)))
        return
    with tempfile.TemporaryDirectory(prefix="delegate-export-data-") as work:
        data = args.data
        if data is None:
            sys.path.insert(0, str(HERE))
            from synthetic import generate

            data = Path(work) / "data"
            generate(data, fast=True)
        best = run(data, args.runs, args.pairs)
    print(
        f"{int(best['components'])} components: full {best['full']:.2f} s, icalendar serialize "
        f"{best['icalendar']:.2f} s, warm {best['warm']:.2f} s, after one change {best['after_change']:.2f} s"
        " (best of each); full / icalendar pair by pair: "
        + " ".join(f"{ratio:.2f}×" for ratio in best["pair_ratios"])
    )
    for what, ratio, target, verdict in report(best):
        print(f"{what:62} {ratio:6.2f}×  (target ≤ {target}×) {verdict}")


if __name__ == "__main__":
    main()
