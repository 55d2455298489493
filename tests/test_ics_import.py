"""`delegate import ics`: a council's published calendar becomes its meetings, and stays in step with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ZONE, Run, fails, ok
from click.testing import Result

from delegate.ics.importing import CANCELLED_THERE, GONE_THERE
from delegate.model import Delegation, Meeting, MeetingStatus
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

FIXTURE = Path(__file__).parent / "data" / "council.ics"
VANCOUVER = ZoneInfo(ZONE)
COUNCIL = "lakeport-city-council"
NAME = "Lakeport City Council"
SERIES = "council-regular@lakeport.example"
CHAMBER = "Lakeport City Hall, Council Chamber"
AGENDAS = "https://lakeport.example/council/agendas"
SUMMARY_WINDOW = "(2026-11-27 to 2027-11-27)"


def mid(day: str) -> str:
    return f"{day}-{COUNCIL}"


REGULAR = [mid(day) for day in ("2026-12-08", "2027-04-13", "2027-05-11", "2027-06-08", "2027-07-13")]
SPECIAL = mid("2026-12-15")  # TZID=Pacific Standard Time, no DTEND
BUDGET_DAY = mid("2027-01-20")  # all day
AFTERNOON = mid("2027-02-09")  # an occurrence moved to 13:00 at another place
CANCELLED = mid("2027-03-09")  # an occurrence cancelled in the calendar
EVERY = {*REGULAR, SPECIAL, BUDGET_DAY, AFTERNOON, CANCELLED}


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VANCOUVER)


def meetings(data: Path) -> dict[str, Meeting]:
    """The meetings as a fresh reader of the folder sees them."""
    return {meeting.id: meeting for meeting in Store(data, index=False, default_zone=ZONE).all(Meeting)}


def files(data: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the folder (but the lock), with its content and modification time."""
    found: dict[str, tuple[bytes, int]] = {}
    for path in sorted(data.rglob("*")):
        if path.is_file() and path.name != ".lock":
            found[str(path.relative_to(data))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def imported(run: Run, path: Path, *options: str) -> Result:
    """`import ics PATH --body COUNCIL OPTIONS`: exit 0, and no traceback whatever it says."""
    result = run("import", "ics", str(path), "--body", COUNCIL, *options)
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def edited(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of the council's calendar with some text replaced (each must be found)."""
    text = FIXTURE.read_bytes().decode("utf-8-sig")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "council-newer.ics"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


@pytest.fixture
def council(run: Run) -> str:
    ok(run("body", "add", NAME, "--kind", "council", "--timezone", ZONE))
    return COUNCIL


@pytest.fixture
def first_import(run: Run, council: str) -> Result:
    return imported(run, FIXTURE)


# ---- the council's calendar ---------------------------------------------------------------------------


def test_the_fixture_is_what_councils_publish() -> None:
    raw = FIXTURE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfBEGIN:VCALENDAR\r\n")
    text = raw.decode("utf-8-sig")
    for feature in (
        "X-WR-TIMEZONE:America/Vancouver",
        "RRULE:",
        "EXDATE:",
        "RECURRENCE-ID:",
        "STATUS:CANCELLED",
        "VALUE=DATE:",
        "TZID=Pacific Standard Time",
        "DTSTART:not-a-date",
    ):
        assert feature in text, feature


def test_the_right_meetings_at_the_right_times(first_import: Result, data: Path) -> None:
    found = meetings(data)
    assert set(found) == EVERY
    assert mid("2027-01-12") not in found  # the EXDATE
    first = found[mid("2026-12-08")]
    assert (first.start, first.end) == (at(2026, 12, 8, 9, 30), at(2026, 12, 8, 11, 30))
    assert first.start.utcoffset() == timedelta(hours=-8)
    assert first.timezone == ZONE
    assert first.title == "Regular Council Meeting"
    assert first.place == CHAMBER
    assert first.agenda_url == AGENDAS
    assert first.status is MeetingStatus.SCHEDULED
    assert first.source_uid.startswith(f"{SERIES}/")
    summer = found[mid("2027-06-08")]
    assert summer.start == at(2027, 6, 8, 9, 30)  # the same wall time after the clocks changed
    assert summer.start.astimezone(UTC) == datetime(2027, 6, 8, 16, 30, tzinfo=UTC)
    assert len({meeting.source_uid for meeting in found.values()}) == len(found)


def test_a_moved_occurrence_is_at_its_new_time_and_place(first_import: Result, data: Path) -> None:
    moved = meetings(data)[AFTERNOON]
    assert (moved.start, moved.end) == (at(2027, 2, 9, 13, 0), at(2027, 2, 9, 15, 0))
    assert moved.place == "Lakeport Community Centre"
    assert moved.title == "Regular Council Meeting (afternoon)"
    assert moved.status is MeetingStatus.SCHEDULED


def test_a_cancelled_occurrence_is_cancelled(first_import: Result, data: Path) -> None:
    cancelled = meetings(data)[CANCELLED]
    assert cancelled.start == at(2027, 3, 9, 9, 30)
    assert cancelled.status is MeetingStatus.CANCELLED
    assert cancelled.status_reason == CANCELLED_THERE
    assert f"({CANCELLED_THERE})" in first_import.stdout


def test_an_all_day_event_is_marked_all_day(first_import: Result, data: Path) -> None:
    budget = meetings(data)[BUDGET_DAY]
    assert budget.all_day
    assert budget.start == at(2027, 1, 20)
    assert budget.end == at(2027, 1, 21)
    assert budget.title == "Budget Day — public input session"
    assert (
        "Wed 2027-01-20 all day  Lakeport City Council: Budget Day — public input session"
        in first_import.stdout
    )
    assert not any(meeting.all_day for key, meeting in meetings(data).items() if key != BUDGET_DAY)


def test_a_windows_zone_name_is_read_at_the_right_instant(first_import: Result, data: Path) -> None:
    special = meetings(data)[SPECIAL]
    assert special.start.astimezone(UTC) == datetime(2026, 12, 16, 2, 0, tzinfo=UTC)  # 18:00 PST
    assert special.timezone == ZONE  # the council's own zone, which shows the same clock
    assert special.end is None  # no DTEND, no DURATION: we do not invent one
    assert special.title == "Special Council Meeting: community safety plan"
    assert special.place == "Council Chamber"


def test_the_broken_event_is_skipped_with_its_reason(first_import: Result) -> None:
    lines = first_import.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("skipped ")
    for needle in ("Committee of the Whole", "broken-1@lakeport.example", "DTSTART", "not-a-date"):
        assert needle in lines[0], needle


def test_what_the_import_says(first_import: Result) -> None:
    lines = first_import.stdout.splitlines()
    assert lines[0] == "added     Tue 2026-12-08 09:30  Lakeport City Council: Regular Council Meeting"
    assert len([line for line in lines if line.startswith("added ")]) == len(EVERY)
    assert lines[-1] == (
        f"Imported into {NAME}: 9 new, 0 updated, 0 cancelled, 0 unchanged, 1 skipped {SUMMARY_WINDOW}."
    )


def test_the_imported_folder_checks_clean(first_import: Result, run: Run) -> None:
    assert "all records load" in ok(run("check"))


# ---- again, and again with a newer file ---------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(first_import: Result, run: Run, data: Path) -> None:
    before = files(data)
    again = imported(run, FIXTURE)
    assert again.stdout.splitlines() == [
        f"Imported into {NAME}: 0 new, 0 updated, 0 cancelled, 9 unchanged, 1 skipped {SUMMARY_WINDOW}."
    ]
    assert files(data) == before


def test_a_moved_meeting_is_updated_in_place(
    first_import: Result, run: Run, data: Path, tmp_path: Path
) -> None:
    before = meetings(data)[SPECIAL]
    newer = edited(
        tmp_path,
        (
            "DTSTART;TZID=Pacific Standard Time:20261215T180000",
            "DTSTART;TZID=Pacific Standard Time:20261215T190000",
        ),
    )
    result = imported(run, newer)
    assert "updated   Tue 2026-12-15 19:00  Lakeport City Council: Special Council Meeting" in result.stdout
    assert "(start)" in result.stdout
    assert "0 new, 1 updated, 0 cancelled, 8 unchanged" in result.stdout
    found = meetings(data)
    assert set(found) == EVERY  # same ids, nothing added
    after = found[SPECIAL]
    assert after.start == at(2026, 12, 15, 19, 0)
    assert after.source_uid == before.source_uid
    assert after.sequence > before.sequence


def test_a_moved_occurrence_of_the_series_is_updated_in_place(
    first_import: Result, run: Run, data: Path, tmp_path: Path
) -> None:
    newer = edited(
        tmp_path,
        (
            "DTSTART:20270209T130000\r\nDTEND:20270209T150000",
            "DTSTART:20270209T140000\r\nDTEND:20270209T160000",
        ),
    )
    result = imported(run, newer)
    assert "0 new, 1 updated, 0 cancelled, 8 unchanged" in result.stdout
    moved = meetings(data)[AFTERNOON]
    assert (moved.start, moved.end) == (at(2027, 2, 9, 14, 0), at(2027, 2, 9, 16, 0))
    assert moved.sequence == 1


def test_a_series_moved_to_another_hour_moves_its_meetings(
    first_import: Result, run: Run, data: Path, tmp_path: Path
) -> None:
    """The publisher moves the whole series to 10:00: every RECURRENCE-ID changes with it."""
    text = FIXTURE.read_bytes().decode("utf-8-sig")
    newer = edited(
        tmp_path,
        *[(line, line.replace("T093000", "T100000")) for line in text.splitlines() if "T093000" in line],
        ("DTEND:20261208T113000", "DTEND:20261208T120000"),
    )
    result = imported(run, newer)
    # five regular sittings, the cancelled one and the moved one (its RECURRENCE-ID changed too)
    assert "0 new, 7 updated, 0 cancelled, 2 unchanged" in result.stdout, result.stdout
    assert "updated   Tue 2026-12-08 10:00  Lakeport City Council: Regular Council Meeting (start, end" in (
        result.stdout
    )
    found = meetings(data)
    assert set(found) == EVERY
    for meeting_id in REGULAR:
        assert found[meeting_id].start.hour == 10, meeting_id
        assert found[meeting_id].status is MeetingStatus.SCHEDULED
    assert found[AFTERNOON].start == at(2027, 2, 9, 13, 0)  # its own moved time still holds
    assert found[CANCELLED].status is MeetingStatus.CANCELLED
    assert imported(run, newer).stdout.startswith(f"Imported into {NAME}: 0 new, 0 updated, 0 cancelled")


def test_an_occurrence_taken_out_of_the_series_is_cancelled(
    first_import: Result, run: Run, data: Path, tmp_path: Path
) -> None:
    newer = edited(tmp_path, ("EXDATE:20270112T093000", "EXDATE:20270112T093000,20270413T093000"))
    result = imported(run, newer)
    assert (
        f"cancelled Tue 2027-04-13 09:30  Lakeport City Council: Regular Council Meeting ({GONE_THERE})"
        in (result.stdout)
    )
    found = meetings(data)
    assert set(found) == EVERY  # cancelled, never deleted
    gone = found[mid("2027-04-13")]
    assert gone.status is MeetingStatus.CANCELLED
    assert gone.status_reason == GONE_THERE
    assert gone.sequence == 1


def test_an_occurrence_back_in_the_series_is_scheduled_again(
    first_import: Result, run: Run, data: Path, tmp_path: Path
) -> None:
    imported(run, edited(tmp_path, ("EXDATE:20270112T093000", "EXDATE:20270112T093000,20270413T093000")))
    result = imported(run, FIXTURE)
    assert "1 updated" in result.stdout
    back = meetings(data)[mid("2027-04-13")]
    assert back.status is MeetingStatus.SCHEDULED
    assert back.status_reason == ""


def test_a_dry_run_writes_nothing(run: Run, council: str, data: Path, tmp_path: Path) -> None:
    before = files(data)
    result = imported(run, FIXTURE, "--dry-run")
    assert (
        result.stdout.splitlines()[0]
        == "add       Tue 2026-12-08 09:30  Lakeport City Council: Regular Council Meeting"
    )
    assert result.stdout.splitlines()[-1] == (
        f"Dry run, nothing written: 9 new, 0 updated, 0 cancelled, 0 unchanged, 1 skipped {SUMMARY_WINDOW}."
    )
    assert "skipped" in result.stderr
    assert files(data) == before
    imported(run, FIXTURE)
    before = files(data)
    newer = edited(tmp_path, ("EXDATE:20270112T093000", "EXDATE:20270112T093000,20270413T093000"))
    result = imported(run, newer, "--dry-run")
    assert (
        f"cancel    Tue 2027-04-13 09:30  Lakeport City Council: Regular Council Meeting ({GONE_THERE})"
        in (result.stdout)
    )
    assert files(data) == before


def test_a_meeting_typed_in_by_hand_is_adopted_not_duplicated(run: Run, council: str, data: Path) -> None:
    ok(run("meeting", "add", "--body", council, "--start", "2026-12-08 09:30", "--duration", "2h"))
    mine = meetings(data)[mid("2026-12-08")]
    assert mine.source_uid == ""
    result = imported(run, FIXTURE)
    assert "updated   Tue 2026-12-08 09:30" in result.stdout
    assert "8 new, 1 updated" in result.stdout
    found = meetings(data)
    assert set(found) == EVERY  # no 2026-12-08-lakeport-city-council-2
    adopted = found[mid("2026-12-08")]
    assert adopted.source_uid.startswith(f"{SERIES}/")
    assert adopted.title == "Regular Council Meeting"
    assert imported(run, FIXTURE).stdout.startswith(f"Imported into {NAME}: 0 new, 0 updated")


def test_from_and_to_choose_the_window(run: Run, council: str, data: Path) -> None:
    result = imported(run, FIXTURE, "--from", "2027-02-01", "--to", "2027-04-13")
    assert set(meetings(data)) == {AFTERNOON, CANCELLED, mid("2027-04-13")}  # --to is inclusive
    assert result.stdout.splitlines()[-1].endswith("(2027-02-01 to 2027-04-13).")
    # a later import with another window leaves what is outside it alone
    imported(run, FIXTURE, "--from", "2027-05-01", "--to", "2027-05-31")
    assert set(meetings(data)) == {AFTERNOON, CANCELLED, mid("2027-04-13"), mid("2027-05-11")}
    statuses = {key: meeting.status for key, meeting in meetings(data).items()}
    assert statuses.pop(CANCELLED) is MeetingStatus.CANCELLED
    assert set(statuses.values()) == {MeetingStatus.SCHEDULED}  # nothing outside the window was cancelled


def test_to_before_from_is_refused(run: Run, council: str, data: Path) -> None:
    result = run(
        "import", "ics", str(FIXTURE), "--body", council, "--from", "2027-02-01", "--to", "2027-01-01"
    )
    assert result.exit_code == 2
    assert "--to is before --from" in result.stderr
    assert meetings(data) == {}


def test_what_the_user_added_survives_a_reimport(
    first_import: Result, run: Run, data: Path, tmp_path: Path
) -> None:
    delegation = ok(run("delegation", "add", "--meeting", AFTERNOON, "--topic", "Safe housing")).split()[-1]
    ok(run("meeting", "cancel", mid("2027-05-11"), "--reason", "we agreed to skip it"))
    path = Store(data, index=False).path_of(meetings(data)[AFTERNOON])
    path.write_text(path.read_text(encoding="utf-8") + 'notes = "Bring 11 copies."\n', encoding="utf-8")
    newer = edited(
        tmp_path,
        (
            "DTSTART:20270209T130000\r\nDTEND:20270209T150000",
            "DTSTART:20270209T140000\r\nDTEND:20270209T160000",
        ),
        ("LOCATION:Lakeport Community Centre", "LOCATION:Lakeport Library"),
    )
    imported(run, newer)
    found = meetings(data)
    moved = found[AFTERNOON]
    assert moved.notes == "Bring 11 copies."
    assert moved.start == at(2027, 2, 9, 14, 0)
    assert moved.place == "Lakeport Library"
    skipped = found[mid("2027-05-11")]
    assert skipped.status is MeetingStatus.CANCELLED
    assert skipped.status_reason == "we agreed to skip it"  # the user's own cancelling stands
    ours = Store(data, index=False).get(Delegation, delegation)
    assert ours.meeting == AFTERNOON
    assert "Safe housing" in ok(run("delegation", "show", delegation))


# ---- refusals -----------------------------------------------------------------------------------------


def test_an_unknown_body_is_one_line(run: Run, council: str, data: Path) -> None:
    before = files(data)
    fails(run("import", "ics", str(FIXTURE), "--body", "nobody"), 1, "nobody")
    assert files(data) == before


def _truncated(path: Path) -> None:
    path.write_bytes(FIXTURE.read_bytes()[:700])


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 8 + b"\x00\xff" * 100)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _blank(path: Path) -> None:
    path.write_bytes(b"\r\n  \r\n\t\n")


def _not_a_calendar(path: Path) -> None:
    path.write_text("Date,Meeting\n2026-12-08,Regular Council Meeting\n", encoding="utf-8")


def _unparseable(path: Path) -> None:
    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX\r\nEND:VCALENDAR\r\n")


def _missing(path: Path) -> None:
    pass


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_missing, "No such file"),
        (_empty, "empty"),
        (_blank, "empty"),
        (_binary, "not an iCalendar file"),
        (_not_a_calendar, "not an iCalendar file"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line_and_writes_nothing(
    run: Run, council: str, data: Path, tmp_path: Path, make: object, reason: str
) -> None:
    path = tmp_path / "council calendar.ics"
    make(path)  # type: ignore[operator]
    before = files(data)
    line = fails(run("import", "ics", str(path), "--body", council), 1, str(path), reason)
    assert "Traceback" not in line
    assert files(data) == before
    assert meetings(data) == {}


def test_a_file_cut_short_imports_what_is_whole_and_cancels_nothing(
    run: Run, council: str, data: Path, tmp_path: Path
) -> None:
    imported(run, FIXTURE)
    whole = meetings(data)
    path = tmp_path / "cut.ics"
    _truncated(path)
    result = imported(run, path)
    assert "the file ends early" in result.stderr
    assert "0 cancelled" in result.stdout.splitlines()[-1]
    assert meetings(data) == whole


def test_a_line_that_is_not_icalendar_is_left_out(run: Run, council: str, tmp_path: Path) -> None:
    path = tmp_path / "stray.ics"
    _unparseable(path)
    result = imported(run, path)
    assert "1 line(s) that are not iCalendar were left out (line 3)" in result.stderr


def test_a_folder_is_not_a_file(run: Run, council: str, data: Path, tmp_path: Path) -> None:
    result = run("import", "ics", str(tmp_path), "--body", council)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert meetings(data) == {}


def test_an_unreadable_file_is_one_line(
    run: Run, council: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.ics"
    path.write_bytes(FIXTURE.read_bytes())
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:  # chmod 0 would not stop root, who may run the tests
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    fails(run("import", "ics", str(path), "--body", council), 1, str(path), "Permission denied")
