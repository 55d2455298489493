"""The calendar for an audience: a public export (the default) names no confidential person anywhere,
not in its events, its UIDs, nor in the cache and ledger it leaves on disk; --internal keeps names
and says so. The app and the CLI run the one export; an import lists a council's titles safely."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted
from icalendar import Calendar
from ics_support import by_uid, parse_strict, unfolded
from mentions_support import (
    DECEMBER,
    JANUARY,
    JO_ROLE,
    LEGACY_FOLLOWUP,
    NOW,
    PRESENTATION,
    ZOE_LABEL,
    leaks,
    mentions_folder,
)

from delegate.ics.sequences import LEDGER_NAME
from delegate.locations import cache_path
from delegate.model import Meeting
from delegate.store import Store
from delegate.ui.app import make_app

pytestmark = pytest.mark.usefixtures("cli_environment")

# Where an event can carry text: every one is searched, and these by name.
PROPERTIES = ("SUMMARY", "DESCRIPTION", "UID", "LOCATION", "CATEGORIES", "URL")


@pytest.fixture
def folder(data: Path) -> Path:
    mentions_folder(data)
    return data


def every_value(calendar: Calendar) -> list[str]:
    """Every property value of every component (alarms too), as text."""
    values = []
    for component in calendar.walk():
        for name, prop in component.property_items(recursive=False):
            values.append(f"{name}:{prop.decode() if isinstance(prop, bytes) else prop}")
    return values


def public_calendar(run: Run, *args: str) -> tuple[bytes, Calendar]:
    result = run("export", "ics", *args)
    ok(result)
    return result.stdout_bytes, parse_strict(result.stdout_bytes)


def test_a_public_calendar_names_no_confidential_person(run: Run, folder: Path) -> None:
    data, calendar = public_calendar(run)
    assert leaks(unfolded(data)) == []
    for value in every_value(calendar):
        assert leaks(value) == [], value
    events = {**by_uid(calendar), **by_uid(calendar, "VTODO")}
    for event in events.values():
        for name in PROPERTIES:
            assert leaks(str(event.get(name, ""))) == [], (name, event.get(name))

    # They are there, by role (or "Community member"), wherever the records named them.
    december = events[f"meeting-{DECEMBER}@delegate"]
    assert str(december["SUMMARY"]) == (
        f"Lakeport Police Board — our delegation: Safety first: what {JO_ROLE}'s group saw"
    )
    description = str(december["DESCRIPTION"])
    assert f"speaking: {JO_ROLE}, {ZOE_LABEL}, Ana Ferreira" in description
    assert f"We ask: Fund the beds {JO_ROLE} asked for" in description
    presentation = events[f"meeting-{PRESENTATION}@delegate"]
    assert str(presentation["SUMMARY"]) == f"Lakeport Police Board: Presentation by {JO_ROLE}"
    assert str(presentation["LOCATION"]) == f"{JO_ROLE} Hall"
    assert "URL" not in presentation  # a link that names her would lead nowhere by role: left out
    assert "Agenda:" not in str(presentation.get("DESCRIPTION", ""))
    assert f"cancelled: {JO_ROLE} is ill" in str(events[f"meeting-{JANUARY}@delegate"]["DESCRIPTION"])
    deadline = events[f"deadline-{DECEMBER}@delegate"]
    assert f"Email the clerk; {JO_ROLE} knows the process." in str(deadline["DESCRIPTION"])
    schedule = events["schedule-safer-nights@delegate"]
    assert str(schedule["LOCATION"]) == f"The back room at {JO_ROLE}'s"
    call = events["followup-2026-11-27-call-peer-representative@delegate"]
    assert str(call["SUMMARY"]) == f"Call {JO_ROLE} about the shelter"
    assert str(call["DESCRIPTION"]) == f"Who: {JO_ROLE}"
    thanks = events["followup-2026-11-27-thank-the-board@delegate"]
    assert str(thanks["SUMMARY"]) == f"Thank the board for hearing {ZOE_LABEL}"
    assert f"Who: {ZOE_LABEL}" in str(thanks["DESCRIPTION"])
    assert f"From: delegation: Safety first: what {JO_ROLE}'s group saw" in str(thanks["DESCRIPTION"])
    dropped = events["followup-2026-11-27-book-the-room@delegate"]
    assert str(dropped["DESCRIPTION"]) == f"Dropped: {ZOE_LABEL} found one"
    # An id made before she was marked confidential: the UID reads as the public reads the id.
    legacy = events["followup-2026-11-20-ask-peer-representative+1@delegate"]
    assert str(legacy["SUMMARY"]) == f"Ask {JO_ROLE}'s sister"


def test_the_calendar_file_cache_and_ledger_name_no_one(run: Run, folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "public.ics"
    ok(run("export", "ics", "-o", str(target)))
    ledger = folder / LEDGER_NAME
    cache = cache_path(folder, "calendar", ".pickle")
    for path in (target, ledger, cache):
        assert path.is_file(), path
        assert leaks(path.read_bytes().decode("utf-8", "replace")) == [], path
    assert "followup-2026-11-20-ask-peer-representative+1@delegate" in ledger.read_text()

    # Again, from the cache: the same file, and still nobody named.
    first = target.read_bytes()
    ok(run("export", "ics", "-o", str(target)))
    assert target.read_bytes() == first
    for path in (ledger, cache):
        assert leaks(path.read_bytes().decode("utf-8", "replace")) == [], path


def test_an_internal_calendar_keeps_the_names_apart_and_says_so(run: Run, folder: Path) -> None:
    ok(run("export", "ics", "-o", "public.ics"))
    public_ledger = (folder / LEDGER_NAME).read_bytes()
    result = run("export", "ics", "--internal")
    ok_noted(result, "INTERNAL COPY")
    calendar = parse_strict(result.stdout_bytes)
    assert str(calendar["X-WR-CALNAME"]) == "INTERNAL: delegate"
    events = {**by_uid(calendar), **by_uid(calendar, "VTODO")}
    assert "speaking: Jo Jiménez, Zoë Quillon, Ana Ferreira" in str(
        events[f"meeting-{DECEMBER}@delegate"]["DESCRIPTION"]
    )
    assert str(events[f"followup-{LEGACY_FOLLOWUP}@delegate"]["SUMMARY"]) == "Ask Jiménez's sister"
    assert str(events[f"meeting-{PRESENTATION}@delegate"]["URL"]).endswith("jimenez-presentation")
    # Its versions and cache are its own: the public ones are as the public export left them.
    assert (folder / LEDGER_NAME).read_bytes() == public_ledger
    internal_ledger = folder / LEDGER_NAME.replace(".toml", "-internal.toml")
    assert "Jim" not in public_ledger.decode()
    assert internal_ledger.is_file()
    assert cache_path(folder, "calendar-internal", ".pickle").is_file()


def test_a_public_calendar_is_named_plainly(run: Run, folder: Path) -> None:
    _, calendar = public_calendar(run)
    assert str(calendar["X-WR-CALNAME"]) == "delegate"


def test_the_app_and_the_cli_export_the_same_calendar(run: Run, folder: Path, tmp_path: Path) -> None:
    """`c` in Meetings and `delegate export ics` are one service: one ledger, the same bytes."""
    said: list[str] = []

    async def main() -> None:
        app = make_app(folder, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("m")
            await pilot.pause()
            await pilot.press("c")
            await app.workers.wait_for_complete()
            await pilot.pause()
            said.extend(str(note.message) for note in app._notifications)

    asyncio.run(main())
    from_app = (folder / "exports" / "delegate.ics").read_bytes()
    assert leaks(from_app.decode()) == []
    [done] = [message for message in said if message.startswith("Calendar exported:")]
    assert done == (
        "Calendar exported: 5 meetings, 1 schedule, 3 deadlines, 4 follow-ups"
        f" → {folder / 'exports' / 'delegate.ics'}"
    )
    out = ok(run("export", "ics", "-o", str(tmp_path / "cli.ics")))
    assert out.strip() == f"Wrote 5 meetings, 1 schedule, 3 deadlines, 4 follow-ups to {tmp_path / 'cli.ics'}"
    assert (tmp_path / "cli.ics").read_bytes() == from_app


def test_an_unknown_body_writes_nothing(run: Run, folder: Path, tmp_path: Path) -> None:
    fails(run("export", "ics", "--body", "nobody", "-o", str(tmp_path / "x.ics")), 1, "nobody")
    assert not (tmp_path / "x.ics").exists()
    assert not (folder / LEDGER_NAME).exists()


# ---- import: a council's titles are untrusted text ------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"


def _feed(tmp_path: Path) -> Path:
    path = tmp_path / "council.ics"
    path.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Lakeport//EN\r\nBEGIN:VEVENT\r\n"
            "UID:hearing@lakeport.example\r\nDTSTAMP:20261101T000000Z\r\n"
            "DTSTART;TZID=America/Vancouver:20261210T180000\r\n"
            f"SUMMARY:Hearing with jimenez{ESCAPES}\r\nLOCATION:Council Chamber\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()
    )
    return path


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_import_lists_titles_with_escapes_shown_and_names_by_role(
    run: Run, folder: Path, tmp_path: Path, dry_run: bool
) -> None:
    feed = _feed(tmp_path)
    before = shutil.copytree(folder, tmp_path / "before")
    out = ok(run("import", "ics", str(feed), "--body", "lakeport", *(["--dry-run"] if dry_run else [])))
    assert "\x1b" not in out
    assert "\x07" not in out
    assert leaks(out) == []
    verb = "add      " if dry_run else "added    "
    assert f"{verb} Thu 2026-12-10 18:00  Lakeport Police Board: Hearing with {JO_ROLE}␛]0;pwned␇␛[2J" in out
    assert out.splitlines()[-1].startswith("Dry run, nothing written: 1 new" if dry_run else "Imported into")
    meetings = {meeting.id: meeting for meeting in Store(folder, index=False).all(Meeting)}
    if dry_run:
        assert set(meetings) == {meeting.id for meeting in Store(before, index=False).all(Meeting)}
    else:  # saved as the feed had it: only what is shown is made safe
        assert meetings["2026-12-10-lakeport-police-board"].title == f"Hearing with jimenez{ESCAPES}"


def test_an_internal_import_listing_shows_the_name(run: Run, folder: Path, tmp_path: Path) -> None:
    out = ok_noted(run("import", "ics", str(_feed(tmp_path)), "--body", "lakeport", "--internal"), "INTERNAL")
    assert "Hearing with jimenez␛]0;pwned␇␛[2J" in out
