"""Every publisher's quirk, each on a file written the way that publisher writes it, imported through the
command line: what cannot be read is skipped with its reason, the rest imports, and nothing is refused."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ZONE, Run, ok
from click.testing import Result

from delegate.ics.quirks import placeholder_end, says_to_be_announced, status_in_title, time_in_title
from delegate.model import Meeting, MeetingStatus
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

VANCOUVER = ZoneInfo(ZONE)
COUNCIL = "lakeport-city-council"
WINDOW = ("--from", "2026-01-01", "--to", "2027-12-31")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: ZoneInfo = VANCOUVER) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def calendar(*events: str, head: str = "", newline: str = "\r\n") -> bytes:
    """A VCALENDAR around `events` (each given with '\n' between its lines), with `newline` breaks."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Publisher//EN", *head.splitlines()]
    for event in events:
        lines += ["BEGIN:VEVENT", *event.strip().splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return (newline.join(lines) + newline).encode("utf-8")


@pytest.fixture
def council(run: Run) -> str:
    ok(run("body", "add", "Lakeport City Council", "--kind", "council", "--timezone", ZONE))
    return COUNCIL


def imported(run: Run, tmp_path: Path, data: bytes, *options: str) -> Result:
    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    result = run("import", "ics", str(path), "--body", COUNCIL, *WINDOW, *options)
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output
    return result


def meetings(data: Path) -> list[Meeting]:
    found = Store(data, index=False, default_zone=ZONE).all(Meeting)
    return sorted(found, key=lambda meeting: meeting.start)


REGULAR = "UID:r{n}@clerk\nDTSTART;TZID=America/Vancouver:2026120{n}T180000\n" + (
    "DTEND;TZID=America/Vancouver:2026120{n}T200000\nSUMMARY:Regular Council Meeting"
)


# ---- line endings, encodings, folds ----------------------------------------------------------------


def test_lines_ending_cr_cr_lf_are_read(run: Run, council: str, data: Path, tmp_path: Path) -> None:
    # A Windows program that writes CRLF through a text-mode file (ics.py on Windows, NH's House calendar).
    result = imported(run, tmp_path, calendar(REGULAR.format(n=1), REGULAR.format(n=8), newline="\r\r\n"))
    assert ": 2 new, " in result.stdout.splitlines()[-1]
    assert [m.start for m in meetings(data)] == [at(2026, 12, 1, 18), at(2026, 12, 8, 18)]


@pytest.mark.parametrize(("newline", "bom"), [("\n", b""), ("\r\n", b"\xef\xbb\xbf"), ("\r", b"")])
def test_bare_lf_lone_cr_and_a_bom_are_read(
    run: Run, council: str, data: Path, tmp_path: Path, newline: str, bom: bytes
) -> None:
    result = imported(run, tmp_path, bom + calendar(REGULAR.format(n=1), newline=newline))
    assert ": 1 new, " in result.stdout.splitlines()[-1]
    assert meetings(data)[0].title == "Regular Council Meeting"


def test_a_line_folded_inside_a_character_is_whole_again(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    title = "Séance du conseil — Comité plénier"
    raw = f"SUMMARY:{title}".encode()
    cut = raw.index("é".encode()) + 1  # between the two bytes of é
    event = (
        b"BEGIN:VEVENT\r\nUID:fold@clerk\r\nDTSTART;TZID=America/Vancouver:20261201T180000\r\n"
        + raw[:cut]
        + b"\r\n "
        + raw[cut:]
        + b"\r\nEND:VEVENT\r\n"
    )
    imported(run, tmp_path, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + event + b"END:VCALENDAR\r\n")
    assert meetings(data)[0].title == title


def test_windows_1252_text_is_read(run: Run, council: str, data: Path, tmp_path: Path) -> None:
    body = calendar(REGULAR.format(n=1).replace("Regular Council Meeting", "Café council"))
    imported(run, tmp_path, body.decode("utf-8").encode("cp1252"))
    assert meetings(data)[0].title == "Café council"


# ---- components and properties -------------------------------------------------------------------------


def test_a_vtimezone_with_two_tzids_costs_nothing(run: Run, council: str, data: Path, tmp_path: Path) -> None:
    zone = (
        "BEGIN:VTIMEZONE\nTZID:Pacific Time\nTZID:America/Vancouver\nBEGIN:STANDARD\n"
        "DTSTART:19701101T020000\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\nTZOFFSETFROM:-0700\n"
        "TZOFFSETTO:-0800\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:19700308T020000\n"
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\nTZOFFSETFROM:-0800\nTZOFFSETTO:-0700\nEND:DAYLIGHT\n"
        "END:VTIMEZONE"
    )
    event = "UID:tz@clerk\nDTSTART;TZID=Pacific Time:20260714T180000\nSUMMARY:Summer sitting"
    result = imported(run, tmp_path, calendar(event, head=zone))
    assert result.stderr == ""
    assert meetings(data)[0].start == at(2026, 7, 14, 18)


def test_events_without_a_start_are_skipped_and_the_rest_imported(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    no_start = "UID:meeting-1@house\nSUMMARY:Meeting: STATE VETERANS ADVISORY COMMITTEE : REMOTE"
    result = imported(run, tmp_path, calendar(no_start, REGULAR.format(n=1), no_start.replace("-1", "-2")))
    assert ": 1 new, " in result.stdout.splitlines()[-1]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 2
    assert all("it has no start time (DTSTART)" in line for line in skipped)


def test_duplicate_uids_for_separate_sittings_are_separate_meetings(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    # A publisher that numbers the committee, not the sitting: one UID, three dates.
    first = "UID:committee-7@clerk\nDTSTART;TZID=America/Vancouver:20261201T100000\nSUMMARY:Finance"
    second = first.replace("20261201", "20261215")
    copy = second.replace("SUMMARY:Finance", "SUMMARY:Finance (room 2)\nSEQUENCE:2")
    result = imported(run, tmp_path, calendar(first, second, copy))
    assert ": 2 new, " in result.stdout.splitlines()[-1]
    found = meetings(data)
    assert [m.start for m in found] == [at(2026, 12, 1, 10), at(2026, 12, 15, 10)]
    assert found[1].title == "Finance (room 2)"  # of two copies of one sitting, the later version
    again = imported(run, tmp_path, calendar(first, second, copy))
    assert ": 0 new, 0 updated, 0 cancelled, 2 unchanged" in again.stdout.splitlines()[-1]


# ---- times and zones ---------------------------------------------------------------------------------


def test_a_windows_zone_name_is_read(run: Run, council: str, data: Path, tmp_path: Path) -> None:
    event = "UID:w@clerk\nDTSTART;TZID=Eastern Standard Time:20260714T180000\nSUMMARY:Joint session"
    imported(run, tmp_path, calendar(event))
    assert meetings(data)[0].start == at(2026, 7, 14, 18, tz=ZoneInfo("America/New_York"))


def test_floating_times_follow_x_wr_timezone(run: Run, council: str, data: Path, tmp_path: Path) -> None:
    event = "UID:f@clerk\nDTSTART:20260714T180000\nDTEND:20260714T200000\nSUMMARY:Sitting in Berlin"
    imported(run, tmp_path, calendar(event, head="X-WR-TIMEZONE:Europe/Berlin"))
    found = meetings(data)[0]
    assert found.start == at(2026, 7, 14, 18, tz=ZoneInfo("Europe/Berlin"))
    assert found.end == at(2026, 7, 14, 20, tz=ZoneInfo("Europe/Berlin"))


def test_an_end_at_midnight_of_the_day_keeps_the_start_and_takes_the_usual_length(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    # Dresden's OParl export: DTEND at 00:00 of the sitting's own day, floating, with X-WR-TIMEZONE.
    usual = (
        "UID:m1@ratsinfo\nDTSTART:20261201T160000\nDTEND:20261201T183000\nSUMMARY:56. Sitzung des Stadtrates"
    )
    odd = (
        "UID:m2@ratsinfo\nDTSTART:20261210T160000\nDTEND:20261210T000000\nSUMMARY:57. Sitzung des Stadtrates"
    )
    result = imported(run, tmp_path, calendar(usual, odd, head="X-WR-TIMEZONE;VALUE=TEXT:America/Vancouver"))
    assert result.stderr == ""
    found = meetings(data)
    assert found[1].start == at(2026, 12, 10, 16)
    assert found[1].end == at(2026, 12, 10, 18, 30)  # the body's usual two and a half hours


def test_an_end_at_midnight_after_the_sitting_is_a_placeholder(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    # ALLRIS: a sitting not yet held ends "at midnight"; one held has its real end.
    held = (
        "UID:s1@allris\nDTSTART;TZID=Europe/Berlin:20261201T170000\nDTEND;TZID=Europe/Berlin:20261201T190700"
    )
    ahead = (
        "UID:s2@allris\nDTSTART;TZID=Europe/Berlin:20261215T170000\nDTEND;TZID=Europe/Berlin:20261216T000000"
    )
    imported(run, tmp_path, calendar(held + "\nSUMMARY:Rat", ahead + "\nSUMMARY:Rat"))
    found = meetings(data)
    assert found[1].end is not None
    assert found[1].end - found[1].start == timedelta(hours=2, minutes=7)


def test_an_end_in_the_repeated_hour_of_the_autumn_change_is_after_its_start(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    # 01:30 PDT to 01:00 PST: the end's wall time is earlier, the instant is half an hour later.
    event = (
        "UID:f1@clerk\nDTSTART;TZID=America/Vancouver:20261101T013000\n"
        "DTEND:20261101T090000Z\nSUMMARY:Night session"
    )
    imported(run, tmp_path, calendar(event))
    (found,) = meetings(data)
    assert found.end is not None
    utc = ZoneInfo("UTC")
    assert found.end.astimezone(utc) - found.start.astimezone(utc) == timedelta(minutes=30)


def test_legistar_one_minute_ends_take_the_usual_length(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    ok(run("meeting", "add", "--body", COUNCIL, "--start", "2026-11-03 18:00", "--duration", "3h"))
    # 18:00 in Vancouver, "ending" 18:01
    event = "UID:legistar-1001\nDTSTART:20261202T020000Z\nDTEND:20261202T020100Z\nSUMMARY:City Council"
    imported(run, tmp_path, calendar(event))
    sitting = meetings(data)[-1]
    assert sitting.start == at(2026, 12, 1, 18)
    assert sitting.end == at(2026, 12, 1, 21)  # the body's usual three hours


def test_a_moved_occurrence_ending_before_its_new_start_is_filed_on_its_new_date(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    series = (
        "UID:series@clerk\nDTSTART;TZID=America/Vancouver:20261201T180000\n"
        "DTEND;TZID=America/Vancouver:20261201T200000\nRRULE:FREQ=WEEKLY;COUNT=3\nSUMMARY:Council"
    )
    moved = (
        "UID:series@clerk\nRECURRENCE-ID;TZID=America/Vancouver:20261208T180000\n"
        "DTSTART;TZID=America/Vancouver:20261210T180000\n"
        "DTEND;TZID=America/Vancouver:20261208T200000\nSUMMARY:Council (moved)"
    )
    result = imported(run, tmp_path, calendar(series, moved))
    assert result.stderr == ""
    starts = [m.start for m in meetings(data)]
    assert starts == [at(2026, 12, 1, 18), at(2026, 12, 10, 18), at(2026, 12, 15, 18)]


def test_a_day_with_its_time_in_the_title_is_a_timed_sitting(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    event = "UID:d@civicplus\nDTSTART;VALUE=DATE:20261201\nSUMMARY:City Council Meeting 6:30 PM"
    imported(run, tmp_path, calendar(event))
    found = meetings(data)[0]
    assert (found.start, found.all_day, found.title) == (
        at(2026, 12, 1, 18, 30),
        False,
        "City Council Meeting",
    )


def test_a_time_to_be_announced_is_a_day_not_a_midnight_sitting(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    event = "UID:t@clerk\nDTSTART;TZID=America/Vancouver:20261201T000000\nSUMMARY:Budget workshop - time TBA"
    imported(run, tmp_path, calendar(event))
    found = meetings(data)[0]
    assert found.all_day
    assert found.start.date() == at(2026, 12, 1).date()


# ---- cancelled and postponed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "status", "title"),
    [
        ("Legal Committee Meeting (Cancelled)", MeetingStatus.CANCELLED, "Legal Committee Meeting"),
        ("Operations Committee Meeting (CANCELLED)", MeetingStatus.CANCELLED, "Operations Committee Meeting"),
        ("Canceled - Regular Council Meeting", MeetingStatus.CANCELLED, "Regular Council Meeting"),
        (
            "==CANCELLED==State-Federal Relations : REMOTE",
            MeetingStatus.CANCELLED,
            "State-Federal Relations : REMOTE",
        ),
        ("POSTPONED: Public Hearing", MeetingStatus.POSTPONED, "Public Hearing"),
        ("Finanzausschuss - ENTFÄLLT", MeetingStatus.CANCELLED, "Finanzausschuss"),
        ("Motion on cancelled funding", MeetingStatus.SCHEDULED, "Motion on cancelled funding"),
    ],
)
def test_a_status_said_in_the_title_is_the_meetings_status(
    run: Run, council: str, data: Path, tmp_path: Path, summary: str, status: MeetingStatus, title: str
) -> None:
    event = f"UID:c@clerk\nDTSTART;TZID=America/Vancouver:20261201T180000\nSUMMARY:{summary}"
    imported(run, tmp_path, calendar(event))
    found = meetings(data)[0]
    assert (found.status, found.title) == (status, title)
    if status is not MeetingStatus.SCHEDULED:
        assert "its title says" in found.status_reason


def test_a_sitting_that_becomes_cancelled_counts_as_cancelled(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    imported(run, tmp_path, calendar(REGULAR.format(n=1)))
    cancelled = REGULAR.format(n=1).replace("Regular Council Meeting", "Regular Council Meeting (Cancelled)")
    result = imported(run, tmp_path, calendar(cancelled))
    assert ": 0 new, 0 updated, 1 cancelled, 0 unchanged" in result.stdout.splitlines()[-1]
    assert result.stdout.startswith("cancelled ")


def test_a_cancelled_sitting_that_loses_its_time_keeps_it(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    imported(run, tmp_path, calendar(REGULAR.format(n=1)))
    day_only = "UID:r1@clerk\nDTSTART;VALUE=DATE:20261201\nSTATUS:CANCELLED\nSUMMARY:Regular Council Meeting"
    result = imported(run, tmp_path, calendar(day_only))
    assert ": 0 new, 0 updated, 1 cancelled" in result.stdout.splitlines()[-1]
    found = meetings(data)[0]
    assert (found.status, found.all_day, found.start) == (MeetingStatus.CANCELLED, False, at(2026, 12, 1, 18))
    assert found.end == at(2026, 12, 1, 20)


# ---- the quirks one by one ------------------------------------------------------------------------------


def test_status_markers_only_where_publishers_put_them() -> None:
    assert status_in_title("GLWA Board Meeting (Cancelled)") == (
        "GLWA Board Meeting",
        "cancelled",
        "Cancelled",
    )
    assert status_in_title("CANCELLED: Budget") == ("Budget", "cancelled", "CANCELLED")
    assert status_in_title("Cancelled") == ("Cancelled", "cancelled", "Cancelled")
    assert status_in_title("Report on cancelled contracts")[1] == ""


@pytest.mark.parametrize(
    ("title", "expected", "rest"),
    [
        ("Council Meeting 6:30 PM", time(18, 30), "Council Meeting"),
        ("Council Meeting at 7 p.m.", time(19, 0), "Council Meeting"),
        ("9:00am Committee of the Whole", time(9, 0), "Committee of the Whole"),
        ("Sitzung 17:00 Uhr", time(17, 0), "Sitzung"),
        ("Regular Meeting", None, "Regular Meeting"),
        ("Item 12: roads", None, "Item 12: roads"),
    ],
)
def test_times_in_titles(title: str, expected: time | None, rest: str) -> None:
    assert time_in_title(title) == (expected, rest)


def test_placeholder_ends() -> None:
    start = at(2026, 12, 1, 18)
    assert placeholder_end(start, at(2026, 12, 1))  # before the start
    assert placeholder_end(start, start + timedelta(minutes=1))
    assert placeholder_end(start, at(2026, 12, 2))  # midnight after
    assert not placeholder_end(start, at(2026, 12, 1, 21))
    assert not placeholder_end(at(2026, 12, 1), at(2026, 12, 2))  # a day from midnight is a day
    assert says_to_be_announced("Budget workshop (time TBD)")
    assert not says_to_be_announced("Tabard Inn")


def test_meeting_list_json_has_the_status_and_the_reason_of_every_meeting(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    cancelled = REGULAR.format(n=8).replace("Regular Council Meeting", "Regular Council Meeting (Cancelled)")
    imported(run, tmp_path, calendar(REGULAR.format(n=1), cancelled))
    listed = json.loads(ok(run("meeting", "list", "--from", "2026-12-01", "--to", "2026-12-31", "--json")))
    by_day = {item["start"][:10]: item for item in listed}
    assert (by_day["2026-12-01"]["status"], by_day["2026-12-01"]["status_reason"]) == ("scheduled", "")
    assert by_day["2026-12-08"]["status"] == "cancelled"
    assert (
        by_day["2026-12-08"]["status_reason"]
        == "cancelled in the published calendar (its title says 'Cancelled')"
    )
