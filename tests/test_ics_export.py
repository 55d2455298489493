"""`delegate export ics`: meetings, schedules, deadlines and follow-ups as a calendar other tools read."""

from __future__ import annotations

import re
import shutil
import stat
import tomllib
import warnings
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import NOW, ZONE, Run, fails, ok, ok_noted, runner_for
from dateutil.rrule import rrulestr
from icalendar import Calendar
from ics_support import alarms, by_uid, parse_strict, unfolded, value

from delegate.ics.export import ExportOptions, export_calendar
from delegate.ics.sequences import LEDGER_NAME, SequenceLedger
from delegate.model import Body, Meeting
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

VANCOUVER = ZoneInfo(ZONE)
TORONTO_NAME = "America/Toronto"
TORONTO = ZoneInfo(TORONTO_NAME)

BOARD = "lakeport-police-board"
COMMITTEE = "provincial-justice-committee"
GROUP = "safer-nights"
TABLE = "harm-reduction-table"  # a schedule and no meetings
DECEMBER = f"2026-12-09-{BOARD}"
JANUARY = f"2027-01-21-{BOARD}"  # cancelled
FEBRUARY = f"2027-02-18-{BOARD}"
HEARING = f"2026-12-15-{COMMITTEE}"
ROUND_TABLE = f"2026-12-02-{GROUP}"
AGENDA = "https://lakeport.example/police-board/agenda/2026-12-09"

CONFIDENTIAL = "Rosa Jimenez"
CONFIDENTIAL_WORDS = ("Rosa", "Jimenez")
ROLE = "Peer representative"


def uid(kind: str, record_id: str) -> str:
    return f"{kind}-{record_id}@delegate"


def export(run: Run, *args: str) -> bytes:
    """`delegate export ics ARGS` to stdout: succeeds, says nothing on stderr, returns the bytes."""
    result = run("export", "ics", *args)
    ok(result)
    return result.stdout_bytes


def exported(run: Run, *args: str) -> Calendar:
    return parse_strict(export(run, *args))


def texts(calendar: Calendar) -> str:
    """Every property value of every component, as text, one a line."""
    return "\n".join(
        _text(item)
        for component in calendar.walk()
        for prop in component.values()
        for item in (prop if isinstance(prop, list) else [prop])
    )


def _text(item: object) -> str:
    if isinstance(item, str):
        return str(item)  # vText: the value itself, unescaped
    raw = item.to_ical()  # type: ignore[attr-defined]
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def ledger_file(data: Path) -> Path:
    return data / LEDGER_NAME


def meeting_file(data: Path, meeting_id: str) -> Path:
    return data / "meetings" / meeting_id[:4] / f"{meeting_id}.toml"


# ---- one folder, built once by the CLI and copied for every test --------------------------------------


@dataclass(frozen=True)
class Ids:
    rosa: str  # the confidential person
    delegation: str  # ours, at DECEMBER: she speaks, and the ask names her
    call_rosa: str  # open, owned by her, names her in its text
    thanks: str  # done, from the delegation
    room: str  # dropped, with a reason naming her
    undated: str  # open, no due date


def _build(run: Run) -> Ids:
    def do(*args: str) -> str:
        """Run a command that must succeed; the id it added (the last word of its first line)."""
        return ok_noted(run(*args)).splitlines()[0].split()[-1]

    do(
        "body", "add", "Lakeport Police Board", "--kind", "police-board", "--members", "7",
        "--timezone", ZONE, "--place", "City Hall", "--speaking-limit", "5:00",
        "--request-deadline-days", "8", "--email", "board.clerk@lakeport.example",
        "--how-to-request", f"Email the clerk; {CONFIDENTIAL} knows the process.",
    )  # fmt: skip
    do("body", "add", "Provincial Justice Committee", "--kind", "committee", "--timezone", TORONTO_NAME)
    do(
        "body", "add", "Safer Nights", "--kind", "action-group", "--timezone", ZONE,
        "--schedule", "FREQ=MONTHLY;BYDAY=1WE", "--place", "Outreach Society",
    )  # fmt: skip
    do("body", "add", "Harm Reduction Table", "--timezone", ZONE, "--schedule", "FREQ=WEEKLY;BYDAY=TU")
    rosa = do("person", "add", CONFIDENTIAL, "--role", ROLE, "--confidential", "--member-of", GROUP)
    do("person", "add", "Ana Ferreira", "--org", "Lakeport Outreach Society")
    do(
        "meeting", "add", "--body", BOARD, "--start", "2026-12-09 18:00", "--duration", "2h",
        "--agenda-url", AGENDA,
    )  # fmt: skip
    do("meeting", "add", "--body", BOARD, "--start", "2027-01-21 18:00", "--duration", "2h")
    do("meeting", "add", "--body", BOARD, "--start", "2027-02-18 18:00", "--duration", "2h")
    do("meeting", "cancel", JANUARY, "--reason", "no quorum")
    do("meeting", "add", "--body", COMMITTEE, "--start", "2026-12-15 10:00", "--duration", "1h")
    do("meeting", "add", "--body", GROUP, "--start", "2026-12-02 10:00", "--duration", "90m")
    delegation = do(
        "delegation", "add", "--meeting", DECEMBER, "--topic", "Safety first",
        "--speaker", CONFIDENTIAL, "--speaker", "Ana Ferreira",
        "--ask", f"Fund the shelter beds {CONFIDENTIAL} asked for",
    )  # fmt: skip
    call_rosa = do(
        "followup", "add", f"Call {CONFIDENTIAL} about the shelter", "--owner", rosa, "--due", "2026-12-04"
    )
    thanks = do(
        "followup", "add", "Send thanks to the board", "--owner", "ana-ferreira", "--due", "2026-12-10",
        "--delegation", delegation,
    )  # fmt: skip
    do("followup", "done", thanks)
    room = do("followup", "add", "Book the room", "--due", "2027-02-01")
    do("followup", "drop", room, "--reason", f"{CONFIDENTIAL} found one")
    undated = do("followup", "add", "Ask about the minutes")
    return Ids(rosa, delegation, call_rosa, thanks, room, undated)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ids]:
    """Four bodies (two zones, two schedules), five meetings, a delegation, people and follow-ups."""
    root = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DELEGATE_CACHE", str(root / "cache"))
        patch.setenv("DELEGATE_TZ", ZONE)
        patch.setenv("DELEGATE_NOW", NOW)
        patch.delenv("DELEGATE_HOME", raising=False)
        ids = _build(runner_for(root / "data"))
    return root / "data", ids


@pytest.fixture
def ids(template: tuple[Path, Ids], data: Path) -> Ids:
    """The folder above, copied to this test's data folder; its record ids."""
    shutil.copytree(template[0], data)
    return template[1]


# ---- meetings -----------------------------------------------------------------------------------------


def test_every_meeting_becomes_one_event(run: Run, ids: Ids) -> None:
    events = by_uid(exported(run))
    meetings = {key for key in events if key.startswith("meeting-")}
    assert meetings == {uid("meeting", m) for m in (DECEMBER, JANUARY, FEBRUARY, HEARING, ROUND_TABLE)}


def test_a_meeting_with_our_delegation_says_so(run: Run, ids: Ids) -> None:
    event = by_uid(exported(run))[uid("meeting", DECEMBER)]
    summary = str(event["SUMMARY"])
    assert "Lakeport Police Board" in summary
    assert "Safety first" in summary
    assert str(event["LOCATION"]) == "City Hall"
    assert str(event["URL"]) == AGENDA
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert f"Agenda: {AGENDA}" in description
    assert "5:00 to speak" in description
    assert "Ana Ferreira" in description
    assert "Fund the shelter beds" in description


def test_a_meeting_without_a_delegation_is_just_the_body(run: Run, ids: Ids) -> None:
    event = by_uid(exported(run))[uid("meeting", FEBRUARY)]
    assert str(event["SUMMARY"]) == "Lakeport Police Board"
    assert "to speak" not in str(event.get("DESCRIPTION", ""))


def test_a_cancelled_meeting_is_cancelled_with_its_reason_and_no_alarm(run: Run, ids: Ids) -> None:
    events = by_uid(exported(run))
    cancelled = events[uid("meeting", JANUARY)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "no quorum" in str(cancelled["DESCRIPTION"])
    assert alarms(cancelled) == []
    assert uid("deadline", JANUARY) not in events  # no reminder to ask for a slot at a cancelled meeting


def test_times_are_in_the_body_zone_with_a_vtimezone_for_each(run: Run, ids: Ids) -> None:
    calendar = exported(run)
    events = by_uid(calendar)
    december = events[uid("meeting", DECEMBER)]
    assert december["DTSTART"].params["TZID"] == ZONE
    assert value(december, "DTSTART") == datetime(2026, 12, 9, 18, 0, tzinfo=VANCOUVER)
    assert value(december, "DTEND") == datetime(2026, 12, 9, 20, 0, tzinfo=VANCOUVER)
    hearing = events[uid("meeting", HEARING)]
    assert hearing["DTSTART"].params["TZID"] == TORONTO_NAME
    assert value(hearing, "DTSTART") == datetime(2026, 12, 15, 10, 0, tzinfo=TORONTO)
    assert value(hearing, "DTSTART").utcoffset() == timedelta(hours=-5)
    used = {
        prop.params["TZID"]
        for component in calendar.walk()
        if component.name != "VTIMEZONE"
        for name in ("DTSTART", "DTEND", "EXDATE")
        for prop in (component.get(name) if isinstance(component.get(name), list) else [component.get(name)])
        if prop is not None and "TZID" in prop.params
    }
    assert used == {ZONE, TORONTO_NAME}
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == used


def test_a_meeting_across_the_night_the_clocks_change_keeps_its_instants(run: Run, data: Path) -> None:
    """01:30 happens twice in Vancouver on 1 November 2026; both, and a spring-forward meeting, stay exact."""
    ok(run("body", "add", "Lakeport City Council", "--timezone", ZONE))
    store = Store(data, index=False, default_zone=ZONE)
    first = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)  # 01:30 PDT
    second = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)  # 01:30 PST, an hour later
    spring = datetime(2027, 3, 14, 9, 30, tzinfo=UTC)  # 01:30 PST, the clocks jump at 02:00
    expected: dict[str, tuple[datetime, datetime]] = {}
    for number, begins in enumerate((first, second, spring)):
        meeting_id = f"dst-{number}"
        ends = begins + timedelta(hours=2)
        store.save(
            Meeting(
                id=meeting_id,
                body="lakeport-city-council",
                start=begins.astimezone(VANCOUVER),
                end=ends.astimezone(VANCOUVER),
                timezone=ZONE,
            )
        )
        expected[uid("meeting", meeting_id)] = (begins, ends)
    events = by_uid(exported(run))
    for key, (begins, ends) in expected.items():
        assert value(events[key], "DTSTART").astimezone(UTC) == begins, key
        assert value(events[key], "DTEND").astimezone(UTC) == ends, key
    assert value(events[uid("meeting", "dst-0")], "DTSTART").tzinfo == VANCOUVER
    assert value(events[uid("meeting", "dst-2")], "DTEND") == datetime(2027, 3, 14, 4, 30, tzinfo=VANCOUVER)


# ---- alarms -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "trigger"),
    [
        ((), timedelta(days=-1)),
        (("--alarm", "2h"), timedelta(hours=-2)),
        (("--alarm", "1d"), timedelta(days=-1)),
    ],
)
def test_meetings_remind_ahead(run: Run, ids: Ids, options: tuple[str, ...], trigger: timedelta) -> None:
    data = export(run, *options)
    event = by_uid(parse_strict(data))[uid("meeting", DECEMBER)]
    (alarm,) = alarms(event)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == trigger
    assert "Lakeport Police Board" in str(alarm["DESCRIPTION"])
    text = "-P1D" if trigger == timedelta(days=-1) else "-PT2H"
    assert f"TRIGGER:{text}" in unfolded(data)


def test_no_alarms_means_none_at_all(run: Run, ids: Ids) -> None:
    data = export(run, "--no-alarms")
    calendar = parse_strict(data)
    assert list(calendar.walk("VALARM")) == []
    assert b"VALARM" not in data
    assert by_uid(calendar)[uid("meeting", DECEMBER)]  # the meetings are still there


# ---- schedules, deadlines, follow-ups -------------------------------------------------------------------


def _first_of_rule(event: Calendar) -> datetime | date:
    """The first occurrence the event's RRULE gives from its own DTSTART (dateutil skips a DTSTART
    the rule does not give, where RFC 5545 would count it anyway)."""
    begins = value(event, "DTSTART")
    rule = event["RRULE"].to_ical().decode()
    if isinstance(begins, datetime):
        wall = begins.replace(tzinfo=None)
        return rrulestr(rule, dtstart=wall)[0].replace(tzinfo=begins.tzinfo)
    midnight = datetime.combine(begins, time(0))
    return rrulestr(rule, dtstart=midnight)[0].date()


def test_a_body_schedule_is_one_repeating_event_starting_on_a_real_occurrence(run: Run, ids: Ids) -> None:
    events = by_uid(exported(run))
    assert sum(1 for key in events if key.startswith("schedule-")) == 2
    schedule = events[uid("schedule", GROUP)]
    rule = schedule["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert [str(day) for day in rule["BYDAY"]] == ["1WE"]
    begins = value(schedule, "DTSTART")
    assert begins == datetime(2026, 12, 2, 10, 0, tzinfo=VANCOUVER)  # the first Wednesday, at its hour
    assert _first_of_rule(schedule) == begins
    assert value(schedule, "DURATION") == timedelta(minutes=90)
    assert str(schedule["LOCATION"]) == "Outreach Society"
    # the round table on 2 December is its own event: the rhythm leaves that date out
    exdates = schedule["EXDATE"] if isinstance(schedule["EXDATE"], list) else [schedule["EXDATE"]]
    assert datetime(2026, 12, 2, 10, 0, tzinfo=VANCOUVER) in [d.dt for ex in exdates for d in ex.dts]


def test_a_schedule_without_any_meeting_is_a_day_long_reminder(run: Run, ids: Ids) -> None:
    schedule = by_uid(exported(run))[uid("schedule", TABLE)]
    begins = value(schedule, "DTSTART")
    assert type(begins) is date
    assert begins.weekday() == 1  # a Tuesday: the rule's day, not today's (a Friday)
    assert date(2026, 11, 27) <= begins <= date(2026, 12, 3)
    assert _first_of_rule(schedule) == begins


def test_a_request_deadline_is_an_event_with_a_reminder(run: Run, ids: Ids) -> None:
    events = by_uid(exported(run))
    deadline = events[uid("deadline", FEBRUARY)]
    assert str(deadline["SUMMARY"]).startswith("Request deadline: Lakeport Police Board")
    assert value(deadline, "DTSTART") == datetime(2027, 2, 10, 12, 0, tzinfo=VANCOUVER)  # 8 days before, noon
    assert deadline["DTSTART"].params["TZID"] == ZONE
    assert "board.clerk@lakeport.example" in str(deadline["DESCRIPTION"])
    (alarm,) = alarms(deadline)
    assert alarm["TRIGGER"].dt == timedelta(days=-1)
    assert "RELATED" not in alarm["TRIGGER"].params  # before its start: only a to-do's is from its end
    assert uid("deadline", HEARING) not in events  # that body has no deadline rule


def test_a_deadline_already_met_says_requested_and_does_not_nag(run: Run, ids: Ids) -> None:
    before = by_uid(exported(run))[uid("deadline", DECEMBER)]
    assert "requested" not in str(before["SUMMARY"])
    assert len(alarms(before)) == 1
    ok(run("delegation", "request", ids.delegation, "--note", "emailed the clerk"))
    after = by_uid(exported(run))[uid("deadline", DECEMBER)]
    assert str(after["SUMMARY"]).endswith("— requested")
    assert alarms(after) == []
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1


def test_followups_are_todos_with_due_dates_and_status(run: Run, ids: Ids) -> None:
    todos = by_uid(exported(run), "VTODO")
    assert set(todos) == {uid("followup", f) for f in (ids.call_rosa, ids.thanks, ids.room, ids.undated)}
    open_one = todos[uid("followup", ids.call_rosa)]
    assert value(open_one, "DUE") == date(2026, 12, 4)
    assert str(open_one["STATUS"]) == "NEEDS-ACTION"
    assert "COMPLETED" not in open_one
    (alarm,) = alarms(open_one)
    assert alarm["TRIGGER"].params["RELATED"] == "END"  # before the due date, not a start it lacks
    done = todos[uid("followup", ids.thanks)]
    assert str(done["SUMMARY"]) == "Send thanks to the board"
    assert str(done["STATUS"]) == "COMPLETED"
    assert value(done, "COMPLETED").date() == date(2026, 11, 27)
    assert value(done, "COMPLETED").tzinfo is not None
    assert int(done["PERCENT-COMPLETE"]) == 100
    assert alarms(done) == []
    assert "delegation: Safety first" in str(done["DESCRIPTION"])
    dropped = todos[uid("followup", ids.room)]
    assert str(dropped["STATUS"]) == "CANCELLED"
    undated = todos[uid("followup", ids.undated)]
    assert "DUE" not in undated
    assert str(undated["STATUS"]) == "NEEDS-ACTION"


# ---- what goes in -------------------------------------------------------------------------------------


def test_from_and_to_keep_what_falls_between(run: Run, ids: Ids) -> None:
    calendar = exported(run, "--from", "2026-12-09", "--to", "2027-01-31")
    events = by_uid(calendar)
    assert {key for key in events if key.startswith("meeting-")} == {
        uid("meeting", DECEMBER),
        uid("meeting", HEARING),
        uid("meeting", JANUARY),
    }
    assert uid("meeting", ROUND_TABLE) not in events
    assert uid("meeting", FEBRUARY) not in events
    assert uid("deadline", FEBRUARY) not in events
    todos = by_uid(calendar, "VTODO")
    # dated follow-ups in the window, and an open undated one (always relevant); not a closed undated one
    assert set(todos) == {uid("followup", ids.thanks), uid("followup", ids.undated)}


def test_from_and_to_are_inclusive_days(run: Run, ids: Ids) -> None:
    events = by_uid(exported(run, "--from", "2026-12-09", "--to", "2026-12-09", "--no-followups"))
    assert {key for key in events if key.startswith("meeting-")} == {uid("meeting", DECEMBER)}


def test_body_keeps_that_body_only(run: Run, ids: Ids) -> None:
    calendar = exported(run, "--body", COMMITTEE, "--body", "safer")
    events = by_uid(calendar)
    assert {key for key in events if key.startswith("meeting-")} == {
        uid("meeting", HEARING),
        uid("meeting", ROUND_TABLE),
    }
    assert {key for key in events if key.startswith("schedule-")} == {uid("schedule", GROUP)}
    assert not any(key.startswith("deadline-") for key in events)
    assert set(by_uid(calendar, "VTODO")) == set()  # the follow-ups belong to the board's delegation or none
    board = by_uid(exported(run, "--body", BOARD), "VTODO")
    assert set(board) == {uid("followup", ids.thanks)}


def test_no_followups_leaves_the_todos_out(run: Run, ids: Ids) -> None:
    calendar = exported(run, "--no-followups")
    assert list(calendar.walk("VTODO")) == []
    assert uid("meeting", DECEMBER) in by_uid(calendar)


def test_an_unknown_body_is_one_line(run: Run, ids: Ids, data: Path) -> None:
    fails(run("export", "ics", "--body", "nobody"), 1, "nobody")
    assert not ledger_file(data).exists()


def test_to_before_from_is_refused(run: Run, ids: Ids) -> None:
    result = run("export", "ics", "--from", "2027-01-01", "--to", "2026-12-01")
    assert result.exit_code == 2
    assert "--to is before --from" in result.stderr
    assert result.stdout == ""


# ---- updates: UID, SEQUENCE, DTSTAMP ------------------------------------------------------------------


def _stamps(calendar: Calendar) -> dict[str, tuple[int, datetime]]:
    return {
        str(component["UID"]): (int(component["SEQUENCE"]), value(component, "DTSTAMP"))
        for name in ("VEVENT", "VTODO")
        for component in calendar.walk(name)
    }


def test_uids_come_from_the_records_and_stay(run: Run, ids: Ids, data: Path) -> None:
    first = set(_stamps(exported(run)))
    ledger_file(data).unlink()  # even without its memory, an export names the same events
    second = set(_stamps(exported(run)))
    assert first == second
    assert all(
        re.fullmatch(r"(meeting|deadline|schedule|followup)-[a-z0-9-]+@delegate", key) for key in first
    )


def test_an_unchanged_export_is_byte_identical(
    run: Run, ids: Ids, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = export(run)
    stamps = _stamps(parse_strict(first))
    assert {stamp for _sequence, stamp in stamps.values()} == {datetime(2026, 11, 27, 17, 0, tzinfo=UTC)}
    # a first export starts at each record's own count (cancelling a meeting counted one change)
    assert {key for key, (sequence, _stamp) in stamps.items() if sequence} == {uid("meeting", JANUARY)}
    ledger = ledger_file(data).read_bytes()
    monkeypatch.setenv("DELEGATE_NOW", "2026-11-28T10:15")
    assert export(run) == first
    assert ledger_file(data).read_bytes() == ledger  # nothing changed, nothing rewritten


def test_a_change_raises_the_sequence_of_that_event_only(
    run: Run, ids: Ids, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _stamps(exported(run))
    # (days on which no schedule passes an occurrence: a schedule starts at its next one)
    monkeypatch.setenv("DELEGATE_NOW", "2026-11-28T08:00")
    ok(run("meeting", "cancel", FEBRUARY, "--reason", "the board moved it"))
    after = _stamps(exported(run))
    key = uid("meeting", FEBRUARY)
    assert after[key] == (before[key][0] + 1, datetime(2026, 11, 28, 16, 0, tzinfo=UTC))
    changed = {name for name in after if after[name] != before.get(name)}
    # the meeting, and its request deadline, which a cancelled meeting no longer has
    assert changed == {key}
    assert uid("deadline", FEBRUARY) not in after
    monkeypatch.setenv("DELEGATE_NOW", "2026-11-29T08:00")
    assert _stamps(exported(run)) == after  # and it stays put after that


def test_a_hand_edit_of_the_record_counts_as_a_change(run: Run, ids: Ids, data: Path) -> None:
    key = uid("meeting", DECEMBER)
    before = by_uid(exported(run))[key]
    path = meeting_file(data, DECEMBER)
    text = path.read_text(encoding="utf-8")
    assert 'place = "City Hall"' in text
    path.write_text(
        text.replace('place = "City Hall"', 'place = "Lakeport Library, room 2"'), encoding="utf-8"
    )
    after = by_uid(exported(run))[key]
    assert str(after["LOCATION"]) == "Lakeport Library, room 2"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


def test_a_hand_edit_of_the_ledger_is_survived(run: Run, ids: Ids, data: Path) -> None:
    """The ledger is only a memory: edited by hand (a sequence raised), the next export follows it;
    made unreadable, the export still works and starts counting afresh."""
    key = uid("meeting", DECEMBER)
    exported(run)
    path = ledger_file(data)
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    sequence, digest, _changed = table["events"][key].split()
    assert sequence == "0"
    path.write_text(
        path.read_text(encoding="utf-8").replace(f'{key}" = "0 {digest}', f'{key}" = "4 {digest}'),
        encoding="utf-8",
    )
    assert int(by_uid(exported(run))[key]["SEQUENCE"]) == 4
    ok(run("meeting", "cancel", DECEMBER))
    assert int(by_uid(exported(run))[key]["SEQUENCE"]) == 5
    path.write_bytes(b"\x00not toml")
    assert int(by_uid(exported(run))[key]["SEQUENCE"]) == 1  # the meeting's own count: it was cancelled once


def test_the_sequence_never_falls_below_the_record_own(data: Path) -> None:
    """An imported meeting carries the publisher's SEQUENCE; ours starts there."""
    store = Store(data, index=False, default_zone=ZONE)
    store.save(Body(id="council", name="Council", timezone=ZONE))
    start = datetime(2026, 12, 8, 9, 30, tzinfo=VANCOUVER)
    store.save(Meeting(id="m", body="council", start=start, timezone=ZONE, sequence=7))
    ledger = SequenceLedger.load(data / LEDGER_NAME)
    result = export_calendar(store, ExportOptions(), datetime(2026, 11, 27, 17, tzinfo=UTC), ledger)
    assert int(by_uid(parse_strict(result.data))[uid("meeting", "m")]["SEQUENCE"]) == 7
    assert result.counts == {"meetings": 1, "schedules": 0, "deadlines": 0, "follow-ups": 0}


# ---- confidential people ------------------------------------------------------------------------------


def _import_titled(run: Run, tmp_path: Path) -> None:
    """A published calendar that names her in a sitting's title and place."""
    path = tmp_path / "published.ics"
    path.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Lakeport//EN\r\nBEGIN:VEVENT\r\n"
            "UID:hearing@lakeport.example\r\nDTSTAMP:20261101T000000Z\r\n"
            "DTSTART;TZID=America/Vancouver:20261210T180000\r\n"
            f"SUMMARY:Presentation by {CONFIDENTIAL}\r\nLOCATION:{CONFIDENTIAL} Hall\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()
    )
    ok(run("import", "ics", str(path), "--body", BOARD))


def test_no_confidential_name_anywhere_in_an_export(run: Run, ids: Ids, tmp_path: Path) -> None:
    _import_titled(run, tmp_path)
    data = export(run)
    calendar = parse_strict(data)
    for text in (unfolded(data), texts(calendar)):
        for word in (CONFIDENTIAL, *CONFIDENTIAL_WORDS):
            assert word.casefold() not in text.casefold(), word
    assert f"speaking: {ROLE}, Ana Ferreira" in texts(calendar)  # she is there, by her role
    assert f"Presentation by {ROLE}" in texts(calendar)
    todos = by_uid(calendar, "VTODO")
    assert str(todos[uid("followup", ids.call_rosa)]["SUMMARY"]) == f"Call {ROLE} about the shelter"
    assert str(todos[uid("followup", ids.call_rosa)]["DESCRIPTION"]) == f"Who: {ROLE}"


def test_an_internal_copy_keeps_the_names(run: Run, ids: Ids, tmp_path: Path) -> None:
    _import_titled(run, tmp_path)
    result = run("export", "ics", "--internal")
    ok_noted(result, "INTERNAL COPY")  # said even when the file goes to stdout
    calendar = parse_strict(result.stdout_bytes)
    assert str(calendar["X-WR-CALNAME"]) == "INTERNAL: delegate"  # and the calendar's name says so
    text = texts(calendar)
    assert f"speaking: {CONFIDENTIAL}, Ana Ferreira" in text
    assert f"Who: {CONFIDENTIAL}" in text
    assert f"Presentation by {CONFIDENTIAL}" in text
    assert f"Dropped: {CONFIDENTIAL} found one" in text


def test_an_internal_file_says_so(run: Run, ids: Ids, tmp_path: Path) -> None:
    target = tmp_path / "internal.ics"
    result = run("export", "ics", "--internal", "-o", str(target))
    ok_noted(result, "INTERNAL COPY")
    assert CONFIDENTIAL in texts(parse_strict(target.read_bytes()))


# ---- the file -----------------------------------------------------------------------------------------


def test_output_file_is_for_the_owner_only(run: Run, ids: Ids, tmp_path: Path) -> None:
    target = tmp_path / "out" / "delegate.ics"
    target.parent.mkdir()
    out = ok(run("export", "ics", "-o", str(target)))
    assert out.strip() == f"Wrote 5 meetings, 2 schedules, 2 deadlines, 4 follow-ups to {target}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == export(run)
    # an existing file others could read is replaced, not reused with its mode
    target.chmod(0o644)
    ok(run("export", "ics", "-o", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [path.name for path in target.parent.iterdir()] == ["delegate.ics"]  # no temp file left


def test_a_file_that_cannot_be_written_moves_no_version(
    run: Run, ids: Ids, data: Path, tmp_path: Path
) -> None:
    """The event versions are remembered only once the file is written: a failed write changes none."""
    ok(run("export", "ics", "-o", str(tmp_path / "first.ics")))
    before = ledger_file(data).read_bytes()
    store = Store(data, index=False, default_zone=ZONE)
    meeting = store.get(Meeting, FEBRUARY)
    store.save(replace(meeting, place="Harbour Room"))
    missing = tmp_path / "no such folder" / "delegate.ics"
    fails(run("export", "ics", "-o", str(missing)), 1, "does not exist", "nothing was written")
    assert not missing.parent.exists()
    assert ledger_file(data).read_bytes() == before
    fails(run("export", "ics", "-o", str(tmp_path)), 2, "is a directory")
    assert ledger_file(data).read_bytes() == before
    ok(run("export", "ics", "-o", str(tmp_path / "second.ics")))
    assert ledger_file(data).read_bytes() != before  # written: now the moved meeting's version counts


def test_the_calendar_itself(run: Run, ids: Ids) -> None:
    data = export(run)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//delegate//delegate//EN\r\n")
    calendar = parse_strict(data)
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert "METHOD" not in calendar  # a METHOD would make clients treat it as an invitation
    for component in (*calendar.walk("VEVENT"), *calendar.walk("VTODO")):
        assert component["DTSTAMP"].to_ical().endswith(b"Z")  # DTSTAMP must be in UTC


def test_an_empty_folder_exports_an_empty_calendar(run: Run) -> None:
    data = export(run)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calendar = Calendar.from_ical(data)
    assert calendar.subcomponents == []
    assert str(calendar["PRODID"]) == "-//delegate//delegate//EN"


# ---- the cache of serialized events ---------------------------------------------------------------


def test_a_warm_export_is_the_same_bytes_as_a_cold_one(tmp_path: Path) -> None:
    """Events served from the cache must be exactly what icalendar would write afresh."""
    import copy

    from delegate.ics.cache import ComponentCache
    from delegate.services.demo import write_demo

    now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(ZONE))
    store = Store(tmp_path / "data", index=False, default_zone=ZONE)
    write_demo(store, now)
    cache = ComponentCache(tmp_path / "cache.pickle")
    ledger = SequenceLedger(None)
    first = export_calendar(store, ExportOptions(), now, ledger, cache=cache)
    first.remember()
    meeting = store.all(Meeting)[3]
    store.save(replace(meeting, place="Harbour Room", start=meeting.start + timedelta(hours=1)))
    warm_ledger, cold_ledger = copy.deepcopy(ledger), copy.deepcopy(ledger)
    warm = export_calendar(store, ExportOptions(), now, warm_ledger, cache=ComponentCache.load(cache.path))
    cold = export_calendar(store, ExportOptions(), now, cold_ledger, cache=ComponentCache(None))
    assert warm.data == cold.data
    assert warm.data != first.data
    assert b"LOCATION:Harbour Room" in warm.data
    parse_strict(warm.data)


def test_a_new_process_reuses_unchanged_events_and_sees_a_person_made_confidential(tmp_path: Path) -> None:
    """Events are reused by their records' file stamps; marking a speaker confidential must not be
    missed: the event naming them is made again, redacted."""
    import copy

    from delegate.ics.cache import ComponentCache
    from delegate.model import Person
    from delegate.services.demo import write_demo

    now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(ZONE))
    root = tmp_path / "data"
    write_demo(Store(root, index=False, default_zone=ZONE), now)
    store = Store(root, index=False, default_zone=ZONE)
    ledger, cache = SequenceLedger(None), ComponentCache(tmp_path / "cache.pickle")
    export_calendar(store, ExportOptions(), now, ledger, cache=cache).remember()
    assert b"Ana Ferreira" in export_calendar(store, ExportOptions(), now, copy.deepcopy(ledger)).data

    later = Store(root, index=False, default_zone=ZONE)  # the next run of `delegate export ics`
    ana = later.get(Person, "ana-ferreira")
    later.save(replace(ana, confidential=True, role="Spokesperson"))
    warm = export_calendar(
        later, ExportOptions(), now, copy.deepcopy(ledger), cache=ComponentCache.load(cache.path)
    )
    cold = export_calendar(later, ExportOptions(), now, copy.deepcopy(ledger), cache=ComponentCache(None))
    assert warm.data == cold.data
    assert b"Ana Ferreira" not in warm.data


def test_a_new_process_with_nothing_changed_gives_the_same_file(tmp_path: Path) -> None:
    import copy

    from delegate.ics.cache import ComponentCache
    from delegate.services.demo import write_demo

    now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(ZONE))
    root = tmp_path / "data"
    write_demo(Store(root, index=False, default_zone=ZONE), now)
    ledger, cache = SequenceLedger(None), ComponentCache(tmp_path / "cache.pickle")
    first = export_calendar(
        Store(root, index=False, default_zone=ZONE), ExportOptions(), now, ledger, cache=cache
    )
    first.remember()
    again = export_calendar(
        Store(root, index=False, default_zone=ZONE),
        ExportOptions(),
        now,
        copy.deepcopy(ledger),
        cache=ComponentCache.load(cache.path),
    )
    assert again.data == first.data
    assert again.counts == first.counts


def test_a_new_process_with_nothing_changed_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache on disk is read back: the next `delegate export ics` takes every event from it."""
    from delegate.ics import export as export_module
    from delegate.ics.cache import ComponentCache
    from delegate.services.demo import write_demo

    now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(ZONE))
    root = tmp_path / "data"
    write_demo(Store(root, index=False, default_zone=ZONE), now)
    ledger_path, cache_path = tmp_path / "ledger.toml", tmp_path / "cache.pickle"
    built: list[object] = []
    serialize = export_module.serialize

    def counted(component: object, shared: object = None) -> bytes:
        built.append(component)
        return serialize(component, shared)  # type: ignore[arg-type]

    monkeypatch.setattr(export_module, "serialize", counted)

    def export_in_a_new_process() -> bytes:
        store = Store(root, index=False, default_zone=ZONE)
        ledger, cache = SequenceLedger.load(ledger_path), ComponentCache.load(cache_path)
        result = export_calendar(store, ExportOptions(), now, ledger, cache=cache)
        result.remember()
        return result.data

    first = export_in_a_new_process()
    assert len(built) > 20
    built.clear()
    assert export_in_a_new_process() == first
    assert built == []
    # One meeting moved: its event and its deadline are built again, nothing else.
    store = Store(root, index=False, default_zone=ZONE)
    meeting = next(m for m in store.all(Meeting) if m.start > now)
    store.save(replace(meeting, start=meeting.start + timedelta(hours=1), end=None))
    export_in_a_new_process()
    assert 1 <= len(built) <= 3  # the meeting, its deadline, the body's usual rhythm (a date taken)


def test_the_default_zone_changed_rebuilds_events_without_a_zone_of_their_own(tmp_path: Path) -> None:
    from delegate.ics.cache import ComponentCache

    root = tmp_path / "data"
    store = Store(root, index=False, default_zone="America/Toronto")
    store.save(Body(id="council", name="Council"))
    store.save(Meeting(id="m", body="council", start=datetime(2026, 12, 8, 14, 0, tzinfo=UTC)))
    now = datetime(2026, 11, 27, 17, tzinfo=UTC)
    ledger, cache = SequenceLedger(None), ComponentCache(tmp_path / "cache.pickle")
    before = export_calendar(store, ExportOptions(), now, ledger, cache=cache)
    before.remember()
    assert b"DTSTART;TZID=America/Toronto:20261208T090000" in before.data

    moved = Store(root, index=False, default_zone="America/Vancouver")  # DELEGATE_TZ changed
    after = export_calendar(moved, ExportOptions(), now, ledger, cache=ComponentCache.load(cache.path))
    assert b"DTSTART;TZID=America/Vancouver:20261208T060000" in after.data
    assert b"America/Toronto" not in after.data
