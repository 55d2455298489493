"""Real published calendars (tests/data/feeds, sources in its README): each imports whole, with every
sitting recurring-ical-events finds in it, at the same local times, and nothing refused."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import NOW, ZONE, Run, ok, runner_for

from delegate.model import Meeting, MeetingStatus
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

FEEDS = Path(__file__).parent / "data" / "feeds"
FILES = sorted(FEEDS.glob("*.ics"))
VANCOUVER = ZoneInfo(ZONE)
FIRST, LAST = date(2015, 1, 1), date(2030, 12, 31)
START = datetime.combine(FIRST, time(0), tzinfo=VANCOUVER)
END = datetime.combine(date(2031, 1, 1), time(0), tzinfo=VANCOUVER)
BODY = "public-body"

# How many meetings each file gives from 2015 to 2030, and how many are skipped (with their reason).
COUNTS = {
    "chicago-low-income-housing-trust-fund.ics": (30, 0),
    "cucumber-community-calls.ics": (407, 0),
    "detroit-board-of-education.ics": (33, 0),
    "great-lakes-water-authority.ics": (7, 0),
    "iserlohn-all-committees.ics": (96, 0),
    "iserlohn-city-council.ics": (7, 0),
    "iserlohn-youth-welfare-committee.ics": (6, 0),
    "new-hampshire-hearings-2021.ics": (591, 0),
    "new-hampshire-meetings-2021.ics": (0, 116),
    "new-hampshire-sessions-2021.ics": (0, 3),
    "saint-paul-public-schools-board.ics": (34, 0),
    "w3c-credible-web-group.ics": (31, 0),
}


def test_there_are_at_least_ten_real_feeds_each_named_in_the_readme() -> None:
    readme = (FEEDS / "README.md").read_text(encoding="utf-8")
    assert len(FILES) >= 10
    for path in FILES:
        assert f"`{path.name}`" in readme
    assert sorted(COUNTS) == [path.name for path in FILES]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feeds-template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DELEGATE_CACHE", str(root / "cache"))
        patch.setenv("DELEGATE_TZ", ZONE)
        patch.setenv("DELEGATE_NOW", NOW)
        ok(runner_for(root / "data")("body", "add", "Public body", "--timezone", ZONE))
    return root / "data"


@pytest.fixture
def body(template: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    shutil.copytree(template, data)
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not what is tested here
    return BODY


def independent(path: Path) -> list[datetime | date]:
    """Every occurrence's start, by icalendar and recurring-ical-events alone, on the file with the
    least mended that lets icalendar read it: CR CR LF made CRLF, a VTIMEZONE holding two TZIDs (The
    Events Calendar's) left out (every TZID of these files is also an IANA name), events without a
    start left out."""
    import recurring_ical_events
    from icalendar import Calendar

    raw = path.read_bytes().replace(b"\r\r\n", b"\r\n")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # New Hampshire's hearings hold Windows-1252 apostrophes
    if text.count("TZID:") > text.count("BEGIN:VTIMEZONE"):
        text = re.sub(r"BEGIN:VTIMEZONE.*?END:VTIMEZONE\r?\n", "", text, flags=re.DOTALL)
    calendar = Calendar.from_ical(text)
    for event in list(calendar.subcomponents):
        if event.name == "VEVENT" and "DTSTART" not in event:
            calendar.subcomponents.remove(event)
    occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(START, END)
    return [occurrence["DTSTART"].dt for occurrence in occurrences]


def in_window(value: datetime | date) -> bool:
    """Starting in the window: recurring-ical-events also gives what only overlaps it."""
    if isinstance(value, datetime):
        return START <= as_instant(value) < END  # type: ignore[operator]
    return FIRST <= value <= LAST


def as_instant(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=VANCOUVER)).astimezone(VANCOUVER)
    return value


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_a_real_feed_imports_every_sitting_at_its_local_time(
    run: Run, body: str, data: Path, path: Path
) -> None:
    result = run("import", "ics", str(path), "--body", body, "--from", f"{FIRST}", "--to", f"{LAST}")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    meetings = Store(data, index=False, default_zone=ZONE).all(Meeting)
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert (len(meetings), len(skipped)) == COUNTS[path.name]
    expected = sorted(str(as_instant(value)) for value in independent(path) if in_window(value))
    found = sorted(
        str(meeting.start.date() if meeting.all_day else meeting.start.astimezone(VANCOUVER))
        for meeting in meetings
    )
    assert found == expected


@pytest.mark.parametrize(
    ("name", "local", "zone"),
    [
        ("iserlohn-city-council.ics", datetime(2025, 12, 9, 17), "Europe/Berlin"),
        ("detroit-board-of-education.ics", datetime(2019, 4, 16, 17, 30), "America/Detroit"),
        ("great-lakes-water-authority.ics", datetime(2018, 6, 27, 14), "America/Detroit"),
        ("saint-paul-public-schools-board.ics", datetime(2026, 2, 4, 16, 30), "America/Chicago"),
        ("new-hampshire-hearings-2021.ics", datetime(2021, 1, 12, 9), "America/New_York"),
        ("w3c-credible-web-group.ics", datetime(2018, 11, 7, 13, 5), "America/New_York"),
    ],
)
def test_a_few_sittings_at_the_hour_their_publisher_gave(
    run: Run, body: str, data: Path, name: str, local: datetime, zone: str
) -> None:
    ok_enough = run(
        "import", "ics", str(FEEDS / name), "--body", body, "--from", f"{FIRST}", "--to", f"{LAST}"
    )
    assert ok_enough.exit_code == 0
    meetings = Store(data, index=False, default_zone=ZONE).all(Meeting)
    wanted = local.replace(tzinfo=ZoneInfo(zone))
    assert any(meeting.start == wanted for meeting in meetings), sorted(m.start for m in meetings)[:5]


def test_cancellations_said_in_titles_are_cancelled(run: Run, body: str, data: Path) -> None:
    path = FEEDS / "great-lakes-water-authority.ics"
    ok_enough = run("import", "ics", str(path), "--body", body, "--from", f"{FIRST}", "--to", f"{LAST}")
    assert ok_enough.exit_code == 0
    meetings = Store(data, index=False, default_zone=ZONE).all(Meeting)
    cancelled = [m for m in meetings if m.status is MeetingStatus.CANCELLED]
    assert len(cancelled) == path.read_text(encoding="utf-8").upper().count("(CANCELLED)")
    assert all("(cancel" not in m.title.lower() for m in meetings)
