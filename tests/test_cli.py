"""Every `delegate` command through click's CliRunner: what it prints, and what it leaves on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from cli_support import NOW, ZONE, Run, fails, ok, ok_noted
from click.testing import CliRunner

from delegate import __version__
from delegate.cli import cli
from delegate.services.meetings import REPEAT_WINDOW

pytestmark = pytest.mark.usefixtures("cli_environment")

BOARD = "lakeport-police-board"
DECEMBER = f"2026-12-09-{BOARD}"
JANUARY = f"2027-01-21-{BOARD}"
CONFIDENTIAL = "Rosa Jimenez"


def toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def meeting_file(data: Path, meeting_id: str) -> Path:
    return data / "meetings" / meeting_id[:4] / f"{meeting_id}.toml"


def delegation_file(data: Path, delegation_id: str) -> Path:
    return data / "delegations" / delegation_id[:4] / f"{delegation_id}.toml"


def history_lines(show_output: str) -> list[str]:
    lines = show_output.splitlines()
    return [line for line in lines[lines.index("history:") + 1 :] if line.strip()]


@pytest.fixture
def board(run: Run) -> str:
    ok(
        run(
            "body", "add", "Lakeport Police Board", "--kind", "police-board", "--members", "7",
            "--timezone", ZONE, "--place", "City Hall",
        )
    )  # fmt: skip
    return BOARD


@pytest.fixture
def meetings(run: Run, board: str) -> tuple[str, str]:
    """A board meeting in December (with --end) and one in January (with --duration)."""
    ok(run("meeting", "add", "--body", board, "--start", "2026-12-09 18:00", "--end", "2026-12-09 20:00"))
    ok(run("meeting", "add", "--body", board, "--start", "2027-01-21 18:00", "--duration", "2h"))
    return DECEMBER, JANUARY


# ---- the program itself --------------------------------------------------------------------------


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"], prog_name="delegate")
    assert ok(result).strip() == f"delegate, version {__version__}"


def test_python_m_delegate_version(tmp_path: Path) -> None:
    env = {**os.environ, "DELEGATE_HOME": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "delegate", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"delegate, version {__version__}"
    assert done.stderr == ""
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_every_command(run: Run, flag: str) -> None:
    out = ok(run(flag))
    assert out.startswith("Usage: delegate")
    for command in ("body", "meeting", "delegation", "person", "check"):
        assert command in out


@pytest.mark.parametrize(
    ("group", "commands"),
    [
        ("body", ("add", "list", "show")),
        ("meeting", ("add", "list", "show", "cancel")),
        ("delegation", ("add", "request", "confirm", "deliver", "cancel", "rebook", "list", "show")),
        ("person", ("add", "list", "show")),
    ],
)
def test_group_help(run: Run, data: Path, group: str, commands: tuple[str, ...]) -> None:
    out = ok(run(group, "--help"))
    assert out.startswith(f"Usage: delegate {group}")
    for command in commands:
        assert command in out
        assert ok(run(group, command, "--help")).startswith(f"Usage: delegate {group} {command}")
    assert not data.exists()  # help reads and writes nothing


# ---- bodies --------------------------------------------------------------------------------------


def test_body_add_with_every_option(run: Run, data: Path) -> None:
    out = ok(
        run(
            "body", "add", "Lakeport Police Board",
            "--kind", "police-board",
            "--members", "7",
            "--speaking-limit", "3:30",
            "--phone", "555-0100",
            "--email", "clerk@lakeport.example",
            "--url", "https://lakeport.example/board",
            "--request-deadline-days", "10",
            "--request-deadline-time", "16:30",
            "--timezone", "America/Toronto",
            "--jurisdiction", "Lakeport",
            "--how-to-request", "Email the clerk with the topic",
            "--place", "City Hall, room 2",
        )
    )  # fmt: skip
    assert out == f"added body {BOARD}\n"
    saved = toml(data / "bodies" / f"{BOARD}.toml")
    assert saved == {
        "schema": 1,
        "name": "Lakeport Police Board",
        "kind": "police-board",
        "jurisdiction": "Lakeport",
        "phone": "555-0100",
        "email": "clerk@lakeport.example",
        "url": "https://lakeport.example/board",
        "how_to_request": "Email the clerk with the topic",
        "request_deadline": {"days_before": 10, "at": saved["request_deadline"]["at"]},
        "speaking_limit": "3:30",
        "members": 7,
        "place": "City Hall, room 2",
        "timezone": "America/Toronto",
    }
    assert saved["request_deadline"]["at"].isoformat() == "16:30:00"

    shown = ok(run("body", "show", BOARD))
    for text in (
        "Lakeport Police Board",
        "police-board",
        "555-0100",
        "clerk@lakeport.example",
        "https://lakeport.example/board",
        "Email the clerk with the topic",
        "10 days before, 16:30",
        "3:30",
        "City Hall, room 2",
        "America/Toronto",
        "Lakeport",
    ):
        assert text in shown


def test_body_add_with_only_a_name_uses_the_defaults(run: Run, data: Path) -> None:
    # Regression: the --timezone default ("") used to be refused as an unknown zone.
    assert ok(run("body", "add", "Harbour Action Group")) == "added body harbour-action-group\n"
    assert toml(data / "bodies" / "harbour-action-group.toml") == {
        "schema": 1,
        "name": "Harbour Action Group",
    }
    shown = ok(run("body", "show", "harbour-action-group"))
    assert "speaking limit  5:00" in shown
    assert "other" in shown


def test_body_add_twice_gets_a_second_id(run: Run) -> None:
    assert ok(run("body", "add", "Council")) == "added body council\n"
    assert ok(run("body", "add", "Council", "--again")) == "added body council-2\n"


def test_body_list(run: Run, board: str) -> None:
    ok(run("body", "add", "Lakeport City Council", "--kind", "council", "--speaking-limit", "10"))
    lines = ok(run("body", "list")).splitlines()
    assert lines[0].split() == ["ID", "KIND", "LIMIT", "MEMBERS", "NAME"]
    assert lines[1].split() == ["lakeport-city-council", "council", "10:00", "Lakeport", "City", "Council"]
    assert lines[2].split() == [board, "police-board", "5:00", "7", "Lakeport", "Police", "Board"]
    assert len(lines) == 3


def test_body_list_empty(run: Run, data: Path) -> None:
    assert "no bodies yet" in ok(run("body", "list"))
    assert ok(run("body", "list", "--json")) == "[]\n"
    assert not data.exists()


def test_body_list_json(run: Run, board: str) -> None:
    ok(run("body", "add", "Lakeport City Council", "--kind", "council"))
    items = json.loads(ok(run("body", "list", "--json")))
    assert isinstance(items, list)
    assert [item["id"] for item in items] == ["lakeport-city-council", board]
    assert next(iter(items[1])) == "id"  # the id comes first
    assert items[1]["name"] == "Lakeport Police Board"
    assert items[1]["kind"] == "police-board"
    assert items[1]["members"] == 7
    assert "schema" not in items[1]


def test_body_show(run: Run, board: str, meetings: tuple[str, str]) -> None:
    ok(run("delegation", "add", "--meeting", meetings[0], "--topic", "Safety first"))
    out = ok(run("body", "show", board))
    assert "name  Lakeport Police Board" in out
    assert "members  7" in out
    assert "time zone  America/Vancouver" in out
    next_meetings = out.split("next meetings:")[1].split("delegations")[0]
    assert "Wed 2026-12-09 18:00" in next_meetings
    assert "Thu 2027-01-21 18:00" in next_meetings
    assert "delegations (1):" in out
    assert "2026-12-09  idea" in out
    assert "Safety first" in out
    [item] = json.loads(ok(run("body", "show", board, "--json")))
    assert item["id"] == board


# ---- meetings ------------------------------------------------------------------------------------


def test_meeting_add_with_end(run: Run, data: Path, board: str) -> None:
    out = run("meeting", "add", "--body", board, "--start", "2026-12-09 18:00", "--end", "2026-12-09 20:30")
    assert ok(out) == f"added meeting {DECEMBER}\n"
    saved = toml(meeting_file(data, DECEMBER))
    assert saved["body"] == board
    assert saved["start"] == datetime.fromisoformat("2026-12-09T18:00:00-08:00")
    assert saved["end"] == datetime.fromisoformat("2026-12-09T20:30:00-08:00")
    assert saved["timezone"] == ZONE
    assert saved["place"] == "City Hall"  # the body's usual place
    shown = ok(run("meeting", "show", DECEMBER))
    assert "end  Wed 2026-12-09 20:30" in shown


def test_meeting_add_with_duration(run: Run, board: str) -> None:
    ok(run("meeting", "add", "--body", board, "--start", "2026-12-09 18:00", "--duration", "1h30m"))
    [item] = json.loads(ok(run("meeting", "show", DECEMBER, "--json")))
    start, end = datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["end"])
    assert end - start == timedelta(minutes=90)


def test_meeting_add_without_end(run: Run, data: Path, board: str) -> None:
    ok(run("meeting", "add", "--body", board, "--start", "2026-12-09 18:00", "--place", "Online"))
    saved = toml(meeting_file(data, DECEMBER))
    assert "end" not in saved
    assert saved["place"] == "Online"


def test_meeting_times_are_in_the_bodys_zone(run: Run) -> None:
    ok(run("body", "add", "Toronto Police Board", "--timezone", "America/Toronto"))
    ok(
        run(
            "meeting",
            "add",
            "--body",
            "toronto",
            "--start",
            "2026-12-09 18:00",
            "--agenda-url",
            "https://a.ex",
        )
    )
    [item] = json.loads(ok(run("meeting", "show", "2026-12-09-toronto-police-board", "--json")))
    assert item["start"] == "2026-12-09T18:00:00-05:00"
    assert item["timezone"] == "America/Toronto"
    assert item["agenda_url"] == "https://a.ex"


def _third_thursdays(start: date, until: date) -> list[date]:
    found: list[date] = []
    year, month = start.year, start.month
    while True:
        first = date(year, month, 1)
        day = first + timedelta(days=(3 - first.weekday()) % 7 + 14)
        if day > until:
            return found
        if day >= start:
            found.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


RULE = "FREQ=MONTHLY;BYDAY=3TH"


def test_meeting_add_repeat_creates_one_file_per_occurrence(run: Run, data: Path, board: str) -> None:
    start = datetime(2027, 1, 21, 18, 0)
    out = ok(run("meeting", "add", "--body", board, "--start", f"{start:%Y-%m-%d %H:%M}", "--repeat", RULE))
    expected = _third_thursdays(start.date(), (start + REPEAT_WINDOW).date())
    files = sorted((data / "meetings").rglob("*.toml"))
    assert len(files) == len(expected) >= 12
    assert out == f"added {len(files)} meetings, {JANUARY} … {expected[-1]:%Y-%m-%d}-{board}\n"
    assert [path.stem for path in files] == [f"{day:%Y-%m-%d}-{board}" for day in expected]
    first, *rest = (toml(path) for path in files)
    assert first["repeat"] == RULE
    assert "series" not in first
    for saved in rest:
        assert saved["series"] == JANUARY
        assert "repeat" not in saved
        assert saved["start"].hour == 18
        assert saved["start"].weekday() == 3


def test_meeting_add_repeat_with_count(run: Run, data: Path, board: str) -> None:
    out = run(
        "meeting", "add", "--body", board, "--start", "2026-12-01 18:00", "--duration", "2h",
        "--repeat", "RRULE:FREQ=WEEKLY;COUNT=4",
    )  # fmt: skip
    assert ok(out).startswith("added 4 meetings")
    files = sorted((data / "meetings").rglob("*.toml"))
    assert [path.stem[:10] for path in files] == ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22"]
    for path in files:
        saved = toml(path)
        assert saved["end"] - saved["start"] == timedelta(hours=2)


def test_meeting_add_repeat_from_a_start_the_rule_does_not_give(run: Run, data: Path, board: str) -> None:
    # Regression: a Wednesday --start with a third-Thursday rule made a Wednesday meeting nobody holds,
    # and COUNT=3 gave four meetings.
    out = run(
        "meeting", "add", "--body", board, "--start", "2027-02-03 18:00", "--duration", "2h",
        "--repeat", "FREQ=MONTHLY;BYDAY=3TH;COUNT=3",
    )  # fmt: skip
    assert ok(out) == f"added 3 meetings, 2027-02-18-{board} … 2027-04-15-{board}\n"
    files = sorted((data / "meetings").rglob("*.toml"))
    assert [path.stem[:10] for path in files] == ["2027-02-18", "2027-03-18", "2027-04-15"]
    first = toml(files[0])
    assert first["repeat"] == "FREQ=MONTHLY;BYDAY=3TH;COUNT=3"
    assert first["end"] - first["start"] == timedelta(hours=2)


def test_meeting_add_repeat_with_two_sessions_a_day_keeps_both(run: Run, data: Path, board: str) -> None:
    # Regression: occurrences on the same day got the same id, so the later one overwrote the earlier.
    out = run(
        "meeting", "add", "--body", board, "--start", "2026-12-01 10:00",
        "--repeat", "FREQ=WEEKLY;BYDAY=TU;BYHOUR=10,18;COUNT=4",
    )  # fmt: skip
    assert ok(out).startswith("added 4 meetings")
    starts = sorted(
        toml(path)["start"].strftime("%Y-%m-%d %H:%M") for path in (data / "meetings").rglob("*.toml")
    )
    assert starts == ["2026-12-01 10:00", "2026-12-01 18:00", "2026-12-08 10:00", "2026-12-08 18:00"]


def test_meeting_list_from_to(run: Run, board: str, meetings: tuple[str, str]) -> None:
    ok(run("meeting", "add", "--body", board, "--start", "2026-12-31 23:30"))
    everything = ok(run("meeting", "list")).splitlines()
    assert everything[0].split() == ["ID", "WHEN", "STATUS", "TITLE", "PLACE"]
    assert [line.split()[0] for line in everything[1:]] == [DECEMBER, f"2026-12-31-{board}", JANUARY]

    december = ok(run("meeting", "list", "--from", "2026-12-09", "--to", "2026-12-31")).splitlines()[1:]
    assert [line.split()[0] for line in december] == [DECEMBER, f"2026-12-31-{board}"]  # both ends inclusive
    assert december[0].split()[1:] == ["Wed", "2026-12-09", "18:00", "scheduled", "City", "Hall"]  # no title

    later = json.loads(ok(run("meeting", "list", "--from", "2027-01-01", "--json")))
    assert [item["id"] for item in later] == [JANUARY]
    earlier = json.loads(ok(run("meeting", "list", "--to", "2026-12-30", "--json")))
    assert [item["id"] for item in earlier] == [DECEMBER]
    assert "no meetings in that range" in ok(run("meeting", "list", "--from", "2030-01-01"))


def test_meeting_list_relative_dates_and_body(run: Run, board: str, meetings: tuple[str, str]) -> None:
    ok(run("body", "add", "Lakeport City Council"))
    ok(run("meeting", "add", "--body", "lakeport-city", "--start", "2026-11-28 10:00"))
    soon = json.loads(ok(run("meeting", "list", "--from", "today", "--to", "tomorrow", "--json")))
    assert [item["id"] for item in soon] == ["2026-11-28-lakeport-city-council"]
    ours = json.loads(ok(run("meeting", "list", "--body", "lakeport-pol", "--json")))
    assert [item["id"] for item in ours] == list(meetings)


def test_meeting_list_empty(run: Run) -> None:
    assert "no meetings yet" in ok(run("meeting", "list"))


def test_meeting_show(run: Run, meetings: tuple[str, str]) -> None:
    ok(run("delegation", "add", "--meeting", DECEMBER, "--topic", "Safety first"))
    out = ok(run("meeting", "show", DECEMBER))
    assert "body  Lakeport Police Board (lakeport-police-board)" in out
    assert "start  Wed 2026-12-09 18:00 America/Vancouver" in out
    assert "end  Wed 2026-12-09 20:00" in out
    assert "place  City Hall" in out
    assert "status  scheduled" in out
    assert "our delegation: Safety first [idea] (2026-12-09-safety-first)" in out


def test_meeting_list_and_show_titles_and_all_day(run: Run) -> None:
    ok(run("body", "add", "Lakeport City Council"))
    imported = run(
        "import", "ics", str(Path(__file__).parent / "data" / "council.ics"), "--body", "lakeport-city"
    )
    assert imported.exit_code == 0, imported.output  # (one broken event is reported on stderr)
    listed = ok(run("meeting", "list", "--to", "2027-01-31")).splitlines()
    assert listed[0].split() == ["ID", "WHEN", "STATUS", "TITLE", "PLACE"]
    budget = next(line for line in listed if line.startswith("2027-01-20"))
    assert "Wed 2027-01-20 all day  scheduled  Budget Day — public input session" in budget
    assert "00:00" not in budget
    special = next(line for line in listed if line.startswith("2026-12-15"))
    assert "Special Council Meeting: community safety plan  Council Chamber" in special

    shown = ok(run("meeting", "show", "2027-01-20"))
    assert "title  Budget Day — public input session" in shown
    assert "start  Wed 2027-01-20 all day" in shown
    assert "00:00" not in shown
    assert not any(line.split()[0] == "end" for line in shown.splitlines())  # one day: no last day


def test_meeting_cancel_with_reason(run: Run, data: Path, meetings: tuple[str, str]) -> None:
    ok(run("delegation", "add", "--meeting", DECEMBER, "--topic", "Safety first"))
    out = ok(run("meeting", "cancel", DECEMBER, "--reason", "no quorum"))
    assert out.splitlines()[0] == f"cancelled meeting {DECEMBER}"
    assert "delegate delegation rebook 2026-12-09-safety-first --meeting ID" in out
    saved = toml(meeting_file(data, DECEMBER))
    assert saved["status"] == "cancelled"
    assert saved["status_reason"] == "no quorum"
    assert saved["sequence"] == 1  # calendars that imported it see the change
    assert "status  cancelled — no quorum" in ok(run("meeting", "show", DECEMBER))
    assert "cancelled" in ok(run("meeting", "list")).splitlines()[1]
    next_meetings = ok(run("body", "show", BOARD)).split("next meetings:")[1].split("\n\n")[0]
    assert JANUARY in next_meetings
    assert DECEMBER not in next_meetings  # a cancelled meeting is not coming up


# ---- delegations ---------------------------------------------------------------------------------

DELEGATION = "2026-12-09-safety-first-reporting-guidelines"


@pytest.fixture
def delegation(run: Run, meetings: tuple[str, str]) -> str:
    out = run(
        "delegation", "add", "--meeting", "2026-12-09", "--topic", "Safety first: reporting guidelines",
        "--speaker", "Ana Ferreira", "--speaker", "Priya Natarajan", "--ask", "Adopt written guidelines",
    )  # fmt: skip
    assert ok(out) == f"added delegation {DELEGATION}\n"
    return DELEGATION


def test_delegation_add_with_several_speakers(run: Run, data: Path, delegation: str) -> None:
    saved = toml(delegation_file(data, delegation))
    assert saved["meeting"] == DECEMBER
    assert saved["topic"] == "Safety first: reporting guidelines"
    assert saved["speakers"] == ["Ana Ferreira", "Priya Natarajan"]
    assert saved["ask"] == "Adopt written guidelines"
    assert saved.get("status", "idea") == "idea"
    assert "history" not in saved


def test_delegation_request_confirm_deliver_with_notes(run: Run, data: Path, delegation: str) -> None:
    assert ok(run("delegation", "request", delegation, "--note", "emailed the clerk")) == (
        f"delegation {delegation} is now requested\n"
    )
    assert ok(run("delegation", "confirm", delegation, "--note", "item 4 on the agenda")) == (
        f"delegation {delegation} is now confirmed\n"
    )
    before = delegation_file(data, delegation).read_bytes()
    fails(
        run("delegation", "deliver", delegation, "--note", "Spoke 4:55"),
        1,
        "its meeting starts Wed 09 Dec 2026 18:00",
        "--early",
    )
    assert delegation_file(data, delegation).read_bytes() == before  # not counted as made
    spoke = run("delegation", "deliver", delegation, "--note", "Spoke 4:55; referred to the Chief", "--early")
    assert ok(spoke) == f"delegation {delegation} is now delivered\n"
    saved = toml(delegation_file(data, delegation))
    assert saved["status"] == "delivered"
    assert saved["outcome"] == "Spoke 4:55; referred to the Chief"
    assert [(e["status"], e["note"], e["meeting"]) for e in saved["history"]] == [
        ("requested", "emailed the clerk", DECEMBER),
        ("confirmed", "item 4 on the agenda", DECEMBER),
        ("delivered", "Spoke 4:55; referred to the Chief", DECEMBER),
    ]
    assert all(e["at"] == datetime.fromisoformat(f"{NOW}:00-08:00") for e in saved["history"])
    shown = ok(run("delegation", "show", delegation))
    assert "status  delivered" in shown
    assert "outcome  Spoke 4:55; referred to the Chief" in shown
    assert history_lines(shown) == [
        f"  2026-11-27 09:00  requested   {DECEMBER} — emailed the clerk",
        f"  2026-11-27 09:00  confirmed   {DECEMBER} — item 4 on the agenda",
        f"  2026-11-27 09:00  delivered   {DECEMBER} — Spoke 4:55; referred to the Chief",
    ]


def test_delegation_cancel_then_rebook_keeps_history(run: Run, data: Path, delegation: str) -> None:
    ok(run("delegation", "request", delegation, "--note", "emailed the clerk"))
    out = ok(run("delegation", "cancel", delegation, "--reason", "No money for bus fare"))
    assert out.startswith(f"delegation {delegation} is cancelled")
    cancelled = toml(delegation_file(data, delegation))
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "No money for bus fare"
    assert "cancelled because  No money for bus fare" in ok(run("delegation", "show", delegation))

    out = ok(
        run("delegation", "rebook", delegation, "--meeting", "2027-01", "--note", "next month", "--requested")
    )
    assert out == f"delegation {delegation} re-booked onto {JANUARY} (requested)\n"
    path = delegation_file(data, delegation)  # the id, and so the file, stays the same
    assert sorted((data / "delegations").rglob("*.toml")) == [path]
    saved = toml(path)
    assert saved["meeting"] == JANUARY
    assert saved["status"] == "requested"
    assert "cancel_reason" not in saved
    assert [(e["status"], e["meeting"], e["note"]) for e in saved["history"]] == [
        ("requested", DECEMBER, "emailed the clerk"),
        ("cancelled", DECEMBER, "No money for bus fare"),
        ("requested", JANUARY, "next month"),
    ]
    shown = ok(run("delegation", "show", delegation))
    assert "meeting  Thu 2027-01-21 18:00 (2027-01-21-lakeport-police-board)" in shown
    history = history_lines(shown)
    assert len(history) == 3
    assert "cancelled" in history[1]
    assert "No money for bus fare" in history[1]
    assert history[2].endswith(f"requested   {JANUARY} — next month")

    # the re-booked delegation goes on through its life on the new meeting
    ok(run("delegation", "confirm", delegation))
    ok(run("delegation", "deliver", delegation, "--note", "done", "--early"))
    ok(run("delegation", "followed-up", delegation, "--note", "thank-you letters sent"))
    assert toml(path)["status"] == "followed-up"
    assert len(toml(path)["history"]) == 6


def test_delegation_rebook_leaves_the_new_slot_to_request(run: Run, data: Path, delegation: str) -> None:
    ok(run("delegation", "request", delegation))
    ok(run("delegation", "cancel", delegation, "--reason", "No money for bus fare"))
    out = ok(run("delegation", "rebook", delegation, "--meeting", JANUARY))
    assert out.startswith(f"delegation {delegation} re-booked onto {JANUARY} (to be requested: ")
    assert toml(delegation_file(data, delegation)).get("status", "idea") == "idea"
    shown = ok(run("delegation", "show", delegation))
    assert history_lines(shown)[-1].endswith(f"idea        {JANUARY} — re-booked from {DECEMBER}")


def test_delegation_rebook_moves_its_open_tasks_and_script(run: Run, data: Path, delegation: str) -> None:
    ok(run("followup", "add", "Print the handouts", "--delegation", delegation, "--due", "2026-12-06"))
    ok(run("followup", "add", "Ask for the minutes", "--delegation", delegation, "--due", "2026-12-16"))
    ok(run("followup", "add", "Undated", "--delegation", delegation))
    ok(run("script", "new", "Our speech", "--delegation", delegation))
    [script] = (data / "scripts").glob("*.md")
    assert "Wednesday 9 December 2026, 18:00" in script.read_text()
    out = ok(run("delegation", "rebook", delegation, "--meeting", "jan 21"))
    # three days before the meeting stays three days before it; the script names the new day
    assert "moved follow-up 2026-11-27-print-the-handouts to 2027-01-18" in out
    assert "moved follow-up 2026-11-27-ask-for-the-minutes to 2027-01-28" in out
    assert "undated" not in out
    assert "Thursday 21 January 2027, 18:00" in script.read_text()
    assert "Wednesday 9 December" not in script.read_text()
    assert ok(run("script", "versions", "our-speech")).count("\n") >= 2  # the old text is kept


def test_delegation_rebook_an_idea_stays_an_idea(run: Run, data: Path, delegation: str) -> None:
    out = ok(run("delegation", "rebook", delegation, "--meeting", JANUARY))
    assert "(to be requested: " in out
    [entry] = toml(delegation_file(data, delegation))["history"]
    assert entry["note"] == f"re-booked from {DECEMBER}"


def test_delegation_list(run: Run, delegation: str) -> None:
    ok(run("delegation", "add", "--meeting", JANUARY, "--topic", "Landlord contact"))
    ok(run("delegation", "request", delegation))
    lines = ok(run("delegation", "list")).splitlines()
    assert lines[0].split() == ["ID", "MEETING", "STATUS", "TOPIC"]
    assert lines[1].startswith(delegation)
    assert "Wed 2026-12-09 18:00  requested  Safety first: reporting guidelines" in lines[1]
    assert lines[2].startswith("2027-01-21-landlord-contact")
    requested = ok(run("delegation", "list", "--status", "requested")).splitlines()
    assert len(requested) == 2
    assert requested[1].startswith(delegation)


def test_delegation_list_json(run: Run, delegation: str) -> None:
    ok(run("delegation", "add", "--meeting", JANUARY, "--topic", "Landlord contact"))
    ok(run("delegation", "request", delegation, "--note", "emailed"))
    items = json.loads(ok(run("delegation", "list", "--json")))
    assert [item["id"] for item in items] == [delegation, "2027-01-21-landlord-contact"]
    first = items[0]
    assert first["meeting"] == DECEMBER
    assert first["speakers"] == ["Ana Ferreira", "Priya Natarajan"]
    assert first["status"] == "requested"
    assert first["history"] == [
        {"at": "2026-11-27T09:00:00-08:00", "status": "requested", "meeting": DECEMBER, "note": "emailed"}
    ]
    only_ideas = json.loads(ok(run("delegation", "list", "--status", "idea", "--json")))
    assert [item["id"] for item in only_ideas] == ["2027-01-21-landlord-contact"]


def test_delegation_list_empty(run: Run) -> None:
    assert "no delegations yet" in ok(run("delegation", "list"))


def test_delegation_show(run: Run, delegation: str) -> None:
    out = ok(run("delegation", "show", delegation))
    assert "topic  Safety first: reporting guidelines" in out
    assert "status  idea" in out
    assert "body  Lakeport Police Board" in out
    assert f"meeting  Wed 2026-12-09 18:00 ({DECEMBER})" in out
    assert "speakers  Ana Ferreira, Priya Natarajan" in out
    assert "ask  Adopt written guidelines" in out
    assert "copies to bring  9" in out  # seven members and two spares
    assert "history:" not in out
    [item] = json.loads(ok(run("delegation", "show", delegation, "--json")))
    assert item["id"] == delegation


# ---- people --------------------------------------------------------------------------------------


def _leaks(text: str) -> list[str]:
    words = (CONFIDENTIAL, "Rosa", "Jimenez", "rosa@", "555-0199")
    return [word for word in words if word.lower() in text.lower()]


@pytest.fixture
def people(run: Run, board: str) -> str:
    ok(run("body", "add", "Lakeport City Council"))
    out = run(
        "person", "add", CONFIDENTIAL, "--confidential", "--role", "Peer representative",
        "--org", "Lakeport Collective", "--email", "rosa@collective.example", "--phone", "555-0199",
        "--member-of", board, "--member-of", "lakeport-city",
    )  # fmt: skip
    assert ok(out) == "added confidential person confidential-peer-representative\n"
    ok(run("person", "add", "Ana Ferreira", "--org", "Lakeport Collective", "--role", "Speaker"))
    return "confidential-peer-representative"


def test_person_add_confidential_saves_name_but_not_in_its_file_name(
    run: Run, data: Path, people: str
) -> None:
    saved = toml(data / "people" / f"{people}.toml")
    assert saved["name"] == CONFIDENTIAL
    assert saved["confidential"] is True
    assert saved["member_of"] == [BOARD, "lakeport-city-council"]
    for path in data.rglob("*"):
        assert not _leaks(str(path.relative_to(data)))


def test_person_list_hides_the_confidential_name(run: Run, people: str) -> None:
    out = ok(run("person", "list"))
    assert not _leaks(out)
    assert "Peer representative (confidential)" in out
    assert "Ana Ferreira" in out
    listed = run("person", "list", "--json")
    assert not _leaks(listed.stdout + listed.stderr)
    by_id = {item["id"]: item for item in json.loads(ok(listed))}
    assert by_id[people]["name"] == "Peer representative"
    assert by_id[people]["member_of"] == [BOARD, "lakeport-city-council"]
    assert "email" not in by_id[people]
    assert by_id["ana-ferreira"]["name"] == "Ana Ferreira"


def test_person_show_hides_the_confidential_name(run: Run, people: str) -> None:
    out = ok(run("person", "show", people))
    assert not _leaks(out)
    assert "name  Peer representative" in out
    assert "yes — shown to others as Peer representative" in out
    assert f"member of  {BOARD}, lakeport-city-council" in out
    shown_json = ok(run("person", "show", "confidential", "--json"))
    assert not _leaks(shown_json)


def test_person_internal_shows_the_confidential_name(run: Run, people: str) -> None:
    assert "Rosa Jimenez (confidential)" in ok_noted(run("person", "list", "--internal"), "INTERNAL COPY")
    by_id = {item["id"]: item for item in json.loads(ok_noted(run("person", "list", "--internal", "--json")))}
    assert by_id[people]["name"] == CONFIDENTIAL
    assert by_id[people]["email"] == "rosa@collective.example"
    out = ok_noted(run("person", "show", people, "--internal"))
    assert f"name  {CONFIDENTIAL}" in out
    assert "phone  555-0199" in out


def test_confidential_person_without_role_is_a_community_member(run: Run) -> None:
    assert ok(run("person", "add", "Kim Lee", "--confidential")) == (
        "added confidential person confidential-community-member\n"
    )
    out = ok(run("person", "list"))
    assert "Community member (confidential)" in out
    assert "Kim" not in out


def test_person_list_empty(run: Run) -> None:
    assert "no people yet" in ok(run("person", "list"))


# ---- check ---------------------------------------------------------------------------------------


def test_check_empty_folder(run: Run, data: Path) -> None:
    assert ok(run("check")) == f"{data}: all records load\n"


def test_check_clean_folder(run: Run, data: Path, delegation: str, people: str) -> None:
    ok(run("delegation", "request", delegation))
    assert ok(run("check")) == f"{data}: all records load\n"


def test_check_warnings_do_not_fail(run: Run, data: Path, board: str) -> None:
    path = data / "bodies" / f"{board}.toml"
    path.write_text(path.read_text() + 'colour = "blue"\n')
    result = run("check")
    assert result.exit_code == 0
    assert f"warning: bodies/{board}.toml: unknown key 'colour' (ignored)" in result.stdout
    assert "1 warning(s)" in result.stdout


def test_check_broken_files(run: Run, data: Path, meetings: tuple[str, str]) -> None:
    (data / "bodies" / "broken.toml").write_text(
        'schema = 1\nname = "Broken"\nkind = "council\nmembers = 3\n'
    )
    (data / "bodies" / "typo.toml").write_text('schema = 1\nname = "Typo"\nmembers = "seven"\n')
    result = run("check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = result.stderr.splitlines()
    assert errors[0].startswith("error: bodies/broken.toml:3: is not valid TOML")
    assert errors[1] == "error: bodies/typo.toml:3: members: should be a whole number, not text"
    assert errors[-1] == f"2 error(s), 0 warning(s) in {data}"
    assert result.stdout == ""


def test_check_reports_dangling_references(run: Run, data: Path, delegation: str) -> None:
    meeting_file(data, DECEMBER).unlink()
    result = run("check")
    assert result.exit_code == 1
    assert f"delegations/2026/{delegation}.toml: refers to a meeting that does not exist: '{DECEMBER}'" in (
        result.stderr
    )


# ---- ids: exact, unique prefix, ambiguous, unknown -----------------------------------------------


def test_unique_prefixes_work_everywhere(run: Run, meetings: tuple[str, str]) -> None:
    assert "Lakeport Police Board" in ok(run("body", "show", "lake"))
    assert DECEMBER in ok(run("meeting", "show", "2026-12"))
    ok(run("delegation", "add", "--meeting", "2027", "--topic", "Landlord contact"))
    assert "is now requested" in ok(run("delegation", "request", "2027-01-21-land"))
    ok(run("person", "add", "Ana Ferreira", "--member-of", "lakeport-p"))
    assert "ana-ferreira" in ok(run("person", "show", "ana"))


def test_exact_id_wins_over_a_longer_one(run: Run) -> None:
    ok(run("body", "add", "Council"))
    ok(run("body", "add", "Council Finance Committee"))
    assert "name  Council\n" in ok(run("body", "show", "council"))


def test_ambiguous_prefix_lists_the_candidates(run: Run, data: Path, meetings: tuple[str, str]) -> None:
    ok(run("body", "add", "Lakeport City Council"))
    message = fails(run("body", "show", "lakeport"), 1)
    assert message == "delegate: 'lakeport' matches 2 bodies: lakeport-city-council, lakeport-police-board"
    message = fails(run("delegation", "add", "--meeting", "20", "--topic", "x"), 1, "matches 2 meetings")
    assert DECEMBER in message
    assert JANUARY in message
    assert not (data / "delegations").exists()


def test_unknown_id(run: Run, meetings: tuple[str, str]) -> None:
    fails(run("meeting", "show", "2031"), 1, "no meeting with id '2031'")
    message = fails(run("body", "show", "police"), 1, "no body with id 'police'")
    assert message.endswith(f"did you mean {BOARD}?")


def test_body_add_keeps_its_usual_schedule(run: Run, data: Path) -> None:
    result = run(
        "body", "add", "Safer Nights", "--kind", "action-group", "--schedule", "FREQ=MONTHLY;BYDAY=1WE"
    )
    assert result.exit_code == 0, result.stderr
    assert 'recurrence = "FREQ=MONTHLY;BYDAY=1WE"' in (data / "bodies" / "safer-nights.toml").read_text()
    bad = run("body", "add", "Other", "--schedule", "FREQ=NOPE")
    assert bad.exit_code == 1
    assert not (data / "bodies" / "other.toml").exists()


def test_meeting_add_across_the_clock_change_lasts_what_was_asked(run: Run, data: Path) -> None:
    from delegate.model import Meeting
    from delegate.store import Store

    ok(run("body", "add", "Night Board", "--timezone", ZONE))
    ok(run("meeting", "add", "--body", "night", "--start", "2026-11-01 01:30", "--duration", "2h"))
    ok(run("meeting", "add", "--body", "night", "--start", "2027-03-14 01:30", "--duration", "2h"))
    meetings = Store(data, index=False, default_zone=ZONE).all(Meeting)
    assert len(meetings) == 2
    for meeting in meetings:
        assert meeting.end is not None
        assert meeting.end.timestamp() - meeting.start.timestamp() == 2 * 3600
