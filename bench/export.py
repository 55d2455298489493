"""Calendar export of ten years of data: against icalendar's own serialize, and again after one change.

    python bench/export.py [--data DIR] [--runs 3]

Each run is a fresh process that loads the store first (not timed), then times:

- full: `export_calendar` with no cache and no ledger (the first export ever);
- icalendar: `Calendar.to_ical()` of a calendar holding the very components the full export built
  (what serializing alone costs: the baseline, measured in the same process);
- warm: the same export again with the cache the full one left (nothing changed);
- after one change: one meeting moved by an hour, then exported with that cache.

Targets (issue #8): full ≤ 1.2× icalendar; after one change ≤ 0.1× full. Best of --runs.
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


def child(data: Path) -> dict[str, Any]:
    """One measured run (in a fresh process, on a copy of the data it may change)."""
    import gc
    from dataclasses import replace
    from datetime import datetime, timedelta

    from icalendar import Calendar, Component

    from delegate.ics import export
    from delegate.ics.cache import ComponentCache
    from delegate.ics.export import serialize
    from delegate.ics.sequences import SequenceLedger
    from delegate.model import Meeting
    from delegate.store import KINDS, Store

    store = Store(data, index=False, default_zone=ZONE)
    for kind in KINDS:
        store.all(kind.cls)
    now = datetime(2026, 11, 27, 9, 0).astimezone()
    options = export.ExportOptions()

    ledger, cache = SequenceLedger(None), ComponentCache(None)
    started = time.perf_counter()
    full = export.export_calendar(store, options, now, ledger, cache=cache)
    full_seconds = time.perf_counter() - started

    # The baseline: the same components, built afresh (so never serialized before: icalendar's
    # property objects serialize faster the second time) and serialized by icalendar in one go.
    built: list[Component] = []

    def build_only(component: Component) -> bytes:
        built.append(component)
        return b""

    export.serialize = build_only
    export.export_calendar(store, options, now, SequenceLedger(None))
    export.serialize = serialize
    calendar = Calendar()
    for component in built:
        calendar.add_component(component)
    gc.disable()  # as the export does: the comparison is of serializing, not of collecting
    started = time.perf_counter()
    calendar.to_ical()
    serialize_seconds = time.perf_counter() - started
    gc.enable()

    components = len(built)
    built.clear()
    calendar = Calendar()
    gc.collect()  # each timed step starts without the previous step's garbage
    started = time.perf_counter()
    export.export_calendar(store, options, now, ledger, cache=cache)
    warm_seconds = time.perf_counter() - started

    meeting = store.all(Meeting)[len(store.all(Meeting)) // 2]
    store.save(replace(meeting, start=meeting.start + timedelta(hours=1), end=None))
    gc.collect()
    started = time.perf_counter()
    after = export.export_calendar(store, options, now, ledger, cache=cache)
    change_seconds = time.perf_counter() - started
    return {
        "full": full_seconds,
        "icalendar": serialize_seconds,
        "warm": warm_seconds,
        "after_change": change_seconds,
        "components": components,
        "bytes": len(full.data),
        "changed_bytes": sum(1 for a, b in zip(full.data, after.data, strict=False) if a != b) > 0,
    }


def run(data: Path, runs: int) -> dict[str, float]:
    """Best of `runs` fresh processes, each on its own copy of the folder."""
    results: list[dict[str, Any]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="delegate-export-") as work:
            copy = Path(work) / "data"
            shutil.copytree(data, copy)
            env = {**os.environ, "DELEGATE_CACHE": str(Path(work) / "cache")}
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", "--data", str(copy)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"the export run failed:\n{done.stderr}")
            results.append(json.loads(done.stdout))
    best = {
        key: min(result[key] for result in results) for key in ("full", "icalendar", "warm", "after_change")
    }
    best["components"] = results[0]["components"]
    return best


def report(best: dict[str, float]) -> list[tuple[str, float, float, str]]:
    """Rows of (what, ratio, target, verdict) for bench/report.py."""
    full_ratio = best["full"] / best["icalendar"]
    change_ratio = best["after_change"] / best["full"]
    return [
        (
            "export, first time (nothing cached) / icalendar serialize",
            full_ratio,
            1.2,
            _verdict(full_ratio, 1.2),
        ),
        (
            "export, nothing changed (cache warm) / icalendar serialize",
            best["warm"] / best["icalendar"],
            1.2,
            _verdict(best["warm"] / best["icalendar"], 1.2),
        ),
        ("re-export after one change / full export", change_ratio, 0.1, _verdict(change_ratio, 0.1)),
    ]


def _verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="an existing data folder (default: generate ten years)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.data)))
        return
    with tempfile.TemporaryDirectory(prefix="delegate-export-data-") as work:
        data = args.data
        if data is None:
            sys.path.insert(0, str(HERE))
            from synthetic import generate

            data = Path(work) / "data"
            generate(data, fast=True)
        best = run(data, args.runs)
    print(
        f"{int(best['components'])} components: full {best['full']:.2f} s, icalendar serialize "
        f"{best['icalendar']:.2f} s, warm {best['warm']:.2f} s, after one change {best['after_change']:.2f} s"
    )
    for what, ratio, target, verdict in report(best):
        print(f"{what:62} {ratio:6.2f}×  (target ≤ {target}×) {verdict}")


if __name__ == "__main__":
    main()
