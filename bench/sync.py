"""Sharing a ten-year group through CalDAV: the first sync and a sync after one change, against a real
Radicale on 127.0.0.1, compared with the same items PUT one by one with the `caldav` library.

    python bench/sync.py [--years 10] [--runs 1]

The group meets monthly for `--years` years (each meeting with its request deadline) and has fifteen
follow-ups a month: 2,040 items for ten years. Each run, on fresh calendars of one server:

- baseline: every item the sync would send, PUT one by one with caldav's `Calendar.add_event` /
  `add_todo` (what a script using the library does);
- first sync: `delegate share sync` of the group onto an empty calendar (build every item through
  the public lens, send each);
- one change: one follow-up marked done, then the sync again (the server is asked what changed since
  its sync token; one item goes out).

Targets (issue #20): the one-change sync ≤ 0.05× the first sync. Best of --runs for each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the Radicale the tests run (a child process)

from radicale_support import PASSWORD, USER, RadicaleServer  # type: ignore[import-not-found]  # noqa: E402

ZONE = ZoneInfo("America/Vancouver")
GROUP = "ten-years"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)


def ten_year_group(root: Path, years: int) -> int:
    """A group meeting monthly with fifteen follow-ups a month; the number of calendar items."""
    from delegate.model import Body, BodyKind, DeadlineRule, FollowUp, Meeting, Minutes
    from delegate.store import Store

    store = Store(root, index=False, default_zone="America/Vancouver")
    store.save(
        Body(GROUP, "Ten Years", kind=BodyKind.ACTION_GROUP, timezone="America/Vancouver",
             request_deadline=DeadlineRule(7))
    )  # fmt: skip
    items = 0
    for month in range(12 * years):
        year, number = 2017 + month // 12, month % 12 + 1
        start = datetime(year, number, 10, 18, 0, tzinfo=ZONE)
        store.save(Meeting(f"{start:%Y-%m-%d}-meeting", GROUP, start, start + timedelta(hours=2)))
        minutes = Minutes(f"{start:%Y-%m-%d}-minutes", GROUP, start.date())
        store.save(minutes)
        for task in range(15):
            store.save(
                FollowUp(f"{start:%Y-%m-%d}-task-{task:02d}", f"Task {task} of {start:%B %Y}",
                         due=start.date() + timedelta(days=14 + task), minutes=minutes.id)
            )  # fmt: skip
        items += 2 + 15  # the meeting, its request deadline, its follow-ups
    return items


def time_baseline(server: RadicaleServer, items: list[bytes]) -> float:
    """The same items, PUT one by one with the caldav library onto a fresh calendar."""
    from caldav.collection import Calendar, CalendarSet
    from caldav.davclient import DAVClient

    client = DAVClient(url=server.base, username=USER, password=PASSWORD, enable_rfc6764=False)
    parent = CalendarSet(client=client, url=f"{server.base}/{USER}/")
    calendar = Calendar(client=client, parent=parent, id=f"baseline-{time.monotonic_ns()}", name="baseline")
    calendar.save()
    started = time.perf_counter()
    for data in items:
        text = data.decode()
        if "BEGIN:VTODO" in text:
            calendar.add_todo(text)
        else:
            calendar.add_event(text)
    return time.perf_counter() - started


def run_once(server: RadicaleServer, years: int, work: Path) -> dict[str, float]:
    from dataclasses import replace

    from delegate.model import FollowUp
    from delegate.services.share_state import find_state
    from delegate.services.share_sync import share_items
    from delegate.services.shares import add_share, sync_group
    from delegate.store import Store

    data = work / f"data-{time.monotonic_ns()}"
    expected = ten_year_group(data, years)
    store = Store(data, index=False, default_zone="America/Vancouver")
    add_share(store, GROUP, server.calendar_url(), USER)
    state = find_state(data, GROUP)
    assert state is not None
    items = [item.data for item in share_items(store, state, NOW).values()]
    assert len(items) == expected, (len(items), expected)

    baseline = time_baseline(server, items)
    started = time.perf_counter()
    first = sync_group(store, GROUP, NOW)
    first_time = time.perf_counter() - started
    assert first.sent == expected, first.sent

    item = sorted(store.all(FollowUp), key=lambda found: found.id)[-1]
    store.save(replace(item, status=item.status.DONE, closed_on=date(2026, 11, 27)))
    started = time.perf_counter()
    again = sync_group(store, GROUP, NOW)
    change_time = time.perf_counter() - started
    assert (again.sent, again.received) == (1, 0), (again.sent, again.received)
    return {"items": expected, "baseline": baseline, "first": first_time, "change": change_time}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["DELEGATE_CACHE"] = str(work / "cache")
        os.environ["DELEGATE_CALDAV_PASSWORD"] = PASSWORD
        (work / "radicale").mkdir()
        server = RadicaleServer(work / "radicale")
        server.start()
        try:
            runs = [run_once(server, args.years, work) for _ in range(args.runs)]
        finally:
            server.stop()
    baseline = min(run["baseline"] for run in runs)
    first = min(run["first"] for run in runs)
    change = min(run["change"] for run in runs)
    print(f"items: {runs[0]['items']:.0f}")
    print(f"PUT one by one with caldav (baseline): {baseline:.2f} s")
    print(f"first sync:                            {first:.2f} s  ({first / baseline:.2f}× the baseline)")
    print(f"sync after one change:                 {change:.2f} s  ({change / first:.3f}× the first sync)")
    verdict = "PASS" if change / first <= 0.05 else "FAIL"
    print(f"target: one-change sync ≤ 0.05× the first sync: {verdict}")


if __name__ == "__main__":
    main()
