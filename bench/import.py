"""Reading published calendars: every file of the shared corpus and the real feeds, each against what
icalendar and recurring-ical-events alone take on it, and a daily series that began years ago.

    python bench/import.py [--runs 3] [--window-from 2026-11-27] [CORPUS_DIR ...]

For each file, best of --runs:

- delegate: `read_calendar` over the import's default window (twelve months from --window-from), as
  `delegate import ics` reads it (repairs, quirks, one event per occurrence);
- baseline: `Calendar.from_ical` and `recurring_ical_events.of(...).between(...)` over the same window
  on the same bytes (for a file icalendar refuses, no baseline: it is counted apart).

Printed: every file over 0.1 s, the slowest file, the whole corpus's totals and their ratio, and how
many files were refused or raised; then the slowest file when every event of every file is read
(1990–2040, as tests/test_ics_corpus.py reads them). Then a daily series begun in 2010, read for a year:
expanding only the window (`between`) against walking every occurrence from the start (`after`, as
the reader did before). Targets (issue #18): no file over 1 s, none refused but a file with nothing
of iCalendar in it, no exception.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
DEFAULT_DIRS = [
    HERE.parent / "tests" / "corpus" / "ics",
    Path("/work/shared/corpus/ics/icalendar"),
    HERE.parent / "tests" / "data" / "feeds",
]
ZONE = ZoneInfo("America/Vancouver")
SLOW_FILE = 1.0  # seconds: the target for any one file


def best(runs: int, step: Callable[[], object]) -> float:
    fastest = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        step()
        fastest = min(fastest, time.perf_counter() - began)
    return fastest


def baseline(data: bytes, start: datetime, end: datetime) -> int:
    import recurring_ical_events
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    return len(list(recurring_ical_events.of(calendar, skip_bad_series=True).between(start, end)))


def daily_since_2010() -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//bench//EN",
        "BEGIN:VEVENT",
        "UID:daily@bench",
        "DTSTART;TZID=America/Vancouver:20100104T090000",
        "DURATION:PT30M",
        "RRULE:FREQ=DAILY",
        "SUMMARY:Daily briefing",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


def walk_from_start(data: bytes, start: datetime, end: datetime) -> int:
    """What the reader did before: every occurrence from the series' start, stopping at the window's end."""
    import recurring_ical_events
    from icalendar import Calendar

    found = 0
    for occurrence in recurring_ical_events.of(Calendar.from_ical(data)).after(start):
        if occurrence["DTSTART"].dt >= end:
            break
        found += 1
    return found


def main() -> None:  # noqa: PLR0915 - one report, measure by measure
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dirs", nargs="*", type=Path, help="folders of .ics files (default: the corpora)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--window-from", type=date.fromisoformat, default=date(2026, 11, 27))
    args = parser.parse_args()

    from delegate.ics.reader import CalendarFileError, read_calendar

    start = datetime.combine(args.window_from, datetime.min.time(), tzinfo=ZONE)
    end = start + timedelta(days=366)
    unique: dict[bytes, Path] = {}  # the shared corpus is also in tests/corpus: each file once
    for folder in args.dirs or DEFAULT_DIRS:
        for path in sorted(folder.glob("*.ics")):
            unique.setdefault(hashlib.sha256(path.read_bytes()).digest(), path)
    files = sorted(unique.values(), key=lambda path: path.name)
    ours_total = base_total = ours_with_base = 0.0
    refused: list[str] = []
    raised: list[str] = []
    timings: list[tuple[float, str]] = []
    no_baseline = 0
    warnings.simplefilter("ignore")
    for path in files:
        data = path.read_bytes()

        def ours(data: bytes = data, name: str = path.name) -> None:
            with contextlib.suppress(CalendarFileError):
                read_calendar(data, name, start=start, end=end, default_zone=ZONE)

        try:
            read_calendar(data, path.name, start=start, end=end, default_zone=ZONE)
        except CalendarFileError:
            refused.append(path.name)
        except Exception as error:  # the target is none: say which file and what
            raised.append(f"{path.name}: {type(error).__name__}")
            continue
        seconds = best(args.runs, ours)
        ours_total += seconds
        timings.append((seconds, path.name))
        try:
            base = best(args.runs, partial(baseline, data, start, end))
        except Exception:
            no_baseline += 1
            continue
        base_total += base
        ours_with_base += seconds

    timings.sort(reverse=True)
    print(f"{len(files)} files, window {start:%Y-%m-%d} to {end:%Y-%m-%d}, best of {args.runs}")
    for seconds, name in timings:
        if seconds > 0.1:
            print(f"  {seconds:7.3f} s  {name}")
    slowest_seconds, slowest = timings[0] if timings else (0.0, "")
    verdict = "PASS" if slowest_seconds <= SLOW_FILE else "FAIL"
    print(f"slowest file: {slowest} {slowest_seconds:.3f} s (target ≤ {SLOW_FILE:g} s) {verdict}")
    print(f"whole corpus: delegate {ours_total:.2f} s")
    if base_total:
        print(
            f"files icalendar also reads ({len(files) - no_baseline - len(raised)}): delegate "
            f"{ours_with_base:.2f} s, icalendar + recurring-ical-events {base_total:.2f} s, "
            f"ratio {ours_with_base / base_total:.2f}×"
        )
    print(f"files icalendar itself refuses or raises on: {no_baseline}")
    print(f"refused by delegate: {len(refused)} {refused}")
    print(f"exceptions: {len(raised)} {raised}")

    wide_start, wide_end = datetime(1990, 1, 1, tzinfo=ZONE), datetime(2041, 1, 1, tzinfo=ZONE)
    wide = []
    for path in files:
        data = path.read_bytes()

        def everything(data: bytes = data, name: str = path.name) -> None:
            with contextlib.suppress(CalendarFileError):
                read_calendar(data, name, start=wide_start, end=wide_end, default_zone=ZONE)

        wide.append((best(args.runs, everything), path.name))
    wide.sort(reverse=True)
    print(
        f"over 1990–2040 (every event of every file): slowest {wide[0][1]} {wide[0][0]:.3f} s, "
        f"whole corpus {sum(seconds for seconds, _ in wide):.2f} s"
    )

    data = daily_since_2010()
    window = best(
        args.runs, lambda: read_calendar(data, "daily.ics", start=start, end=end, default_zone=ZONE)
    )
    walked = best(args.runs, lambda: walk_from_start(data, start, end))
    print(
        f"daily series since 2010, one year read: only the window {window:.3f} s, walking from its start "
        f"{walked:.3f} s, ratio {window / walked:.2f}×"
    )


if __name__ == "__main__":
    main()
