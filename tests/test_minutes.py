"""Minutes and follow-ups: services (start, edit, circulate, approve, export) and the CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import fails, ok, ok_noted
from click.testing import CliRunner, Result
from pypdf import PdfReader

from delegate.cli import cli
from delegate.model import (
    Body,
    BodyKind,
    FollowUp,
    FollowUpStatus,
    LifecycleError,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Person,
    ValidationError,
)
from delegate.services.audience import INTERNAL_BANNER, Audience
from delegate.services.documents import export_document
from delegate.services.followups import add_followup, close_followup, list_followups
from delegate.services.minutes import (
    add_action,
    add_decision,
    add_item,
    approve_minutes,
    business_arising,
    circulate_minutes,
    set_attendance,
    set_discussion,
    start_minutes,
)
from delegate.services.minutes_views import minutes_document
from delegate.store import NotFoundError, Store

TZ = ZoneInfo("America/Vancouver")
TODAY = date(2026, 11, 27)
GROUP = "night-group"


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def store(tmp_store: Store) -> Store:
    tmp_store.save(Body(GROUP, "Night Group", kind=BodyKind.ACTION_GROUP, place="The Hall"))
    tmp_store.save(Body("board", "Police Board", kind=BodyKind.POLICE_BOARD))
    for person in (
        Person("ana", "Ana Ferreira", "Rights Collective", member_of=(GROUP,)),
        Person("dana", "Dana Morris", "Police Service", member_of=(GROUP,)),
        Person("tom", "Tom Reid", "Public Health", member_of=(GROUP,)),
        Person("pat", "Pat Quill", member_of=(GROUP,)),
        Person("vex", "Velma Oxtrude", "Hidden Org", "Peer rep", confidential=True, member_of=(GROUP,)),
        Person("outsider", "Olga Other", "Elsewhere"),
    ):
        tmp_store.save(person)
    for meeting_id, day, status in (
        ("m-oct", date(2026, 10, 7), MeetingStatus.HELD),
        ("m-nov", date(2026, 11, 4), MeetingStatus.HELD),
        ("m-dec-cancelled", date(2026, 12, 1), MeetingStatus.CANCELLED),
        ("m-dec", date(2026, 12, 2), MeetingStatus.SCHEDULED),
        ("m-jan", date(2027, 1, 6), MeetingStatus.SCHEDULED),
    ):
        tmp_store.save(Meeting(meeting_id, GROUP, at(day), status=status))
    tmp_store.save(Meeting("board-dec", "board", at(date(2026, 11, 28))))
    return tmp_store


def group(store: Store) -> Body:
    return store.get(Body, GROUP)


def export_minutes(store: Store, minutes: Minutes, fmt: str, *, internal: bool) -> bytes:
    """The minutes as the one document exporter makes them, for the public or an internal copy."""
    return export_document(minutes_document(store, minutes, Audience.of(internal)), fmt)


# ---- follow-ups ------------------------------------------------------------------------------------


def test_add_followup_ids_are_dated_unique_and_redacted(store: Store) -> None:
    first = add_followup(store, "Call the clerk", owner="ana", due=date(2026, 12, 1), today=TODAY)
    second = add_followup(store, "Call the clerk", today=TODAY)
    assert (first.id, second.id) == ("2026-11-27-call-the-clerk", "2026-11-27-call-the-clerk-2")
    assert first.created == TODAY
    assert first.status is FollowUpStatus.OPEN
    secret = add_followup(store, "Ask Velma Oxtrude about the van", today=TODAY)
    assert "velma" not in secret.id
    assert "oxtrude" not in secret.id
    assert secret.id == "2026-11-27-ask-peer-rep-about-the-van"
    assert secret.text == "Ask Velma Oxtrude about the van"  # the record keeps what was typed
    with pytest.raises(ValidationError):
        add_followup(store, "   ", today=TODAY)


def test_list_followups_sorts_by_due_and_filters(store: Store) -> None:
    late = add_followup(store, "Late one", owner="ana", due=date(2026, 11, 1), today=TODAY)
    undated = add_followup(store, "No date", owner="Someone Else", today=TODAY)
    soon = add_followup(store, "Soon", owner="tom", due=date(2026, 12, 3), today=TODAY)
    closed = close_followup(store, add_followup(store, "Finished", today=TODAY), done=True, today=TODAY)
    assert [item.id for item in list_followups(store, today=TODAY)] == [late.id, soon.id, undated.id]
    assert list_followups(store, today=TODAY, overdue=True) == [late]
    assert list_followups(store, today=TODAY, owner="tom") == [soon]
    assert list_followups(store, today=TODAY, owner="someone  else") == [undated]
    assert closed in list_followups(store, today=TODAY, status=None)
    assert list_followups(store, today=TODAY, status="done") == [closed]
    with pytest.raises(ValidationError, match="unknown status"):
        list_followups(store, today=TODAY, status="finished")


def test_close_followup_done_or_dropped_once(store: Store) -> None:
    item = add_followup(store, "Book the room", today=TODAY)
    dropped = close_followup(store, item, done=False, today=TODAY, reason="room is free")
    assert store.get(FollowUp, item.id) == dropped
    assert (dropped.status, dropped.closed_on, dropped.reason) == (
        FollowUpStatus.DROPPED,
        TODAY,
        "room is free",
    )
    with pytest.raises(LifecycleError, match="already dropped"):
        close_followup(store, dropped, done=True, today=TODAY)


# ---- starting minutes ------------------------------------------------------------------------------


def test_start_minutes_prefills_from_the_group(store: Store) -> None:
    minutes = start_minutes(store, group(store), None, today=TODAY)
    assert minutes.id == "2026-12-02-night-group"
    assert (minutes.date, minutes.meeting, minutes.next_meeting) == (
        date(2026, 12, 2),
        "m-dec",
        date(2027, 1, 6),
    )
    assert minutes.status is MinutesStatus.DRAFT
    assert minutes.present == minutes.regrets == ()  # attendance is taken, never assumed
    assert [item.title for item in minutes.items] == [
        "Business arising",
        "Round table: Police Service",
        "Round table: Public Health",
        "Round table: Rights Collective",
        "Round table: community members",  # Pat (no organization) and the confidential member
        "New business",
    ]
    assert "Hidden Org" not in " ".join(item.title for item in minutes.items)
    assert minutes.items[0].discussion == ""
    assert store.get(Minutes, minutes.id) == minutes
    again = start_minutes(store, group(store), date(2026, 12, 2), today=TODAY)
    assert again.id == "2026-12-02-night-group-2"


def test_start_minutes_on_a_day_without_a_meeting(store: Store) -> None:
    minutes = start_minutes(store, group(store), date(2026, 12, 1), today=TODAY)  # that meeting is cancelled
    assert (minutes.meeting, minutes.next_meeting) == ("", date(2026, 12, 2))
    later = start_minutes(store, group(store), None, today=date(2027, 2, 1))  # nothing scheduled: today
    assert (later.date, later.meeting, later.next_meeting) == (date(2027, 2, 1), "", None)


def test_start_minutes_refuses_a_body_that_is_not_an_action_group(store: Store) -> None:
    with pytest.raises(ValidationError, match="Police Board is a police-board, not an action group"):
        start_minutes(store, store.get(Body, "board"), None, today=TODAY)
    assert store.all(Minutes) == []


def test_open_followups_carry_forward_into_business_arising(store: Store) -> None:
    october = start_minutes(store, group(store), date(2026, 10, 7), today=date(2026, 10, 7))
    october, kept = add_action(
        store, october, "Write to the coalition", owner="ana", due=date(2026, 10, 20), today=date(2026, 10, 7)
    )
    october, done = add_action(store, october, "Bring the kits", owner="tom", today=date(2026, 10, 7))
    october, secret = add_action(store, october, "Phone the landlord", owner="vex", today=date(2026, 10, 7))
    close_followup(store, done, done=True, today=date(2026, 10, 10))
    loose = add_followup(store, "Not from minutes", today=date(2026, 10, 8))
    assert business_arising(store, group(store), date(2026, 11, 4)) == [kept, store.get(FollowUp, secret.id)]
    assert business_arising(store, group(store), date(2026, 10, 7)) == []  # not from the same day's
    november = start_minutes(store, group(store), date(2026, 11, 4), today=date(2026, 11, 4))
    assert november.items[0].title == "Business arising"
    # Written as the public sees it: it opens on the note-taker's screen at the table.
    assert november.items[0].discussion.splitlines() == [
        "- Write to the coalition — Ana Ferreira — due 2026-10-20",
        "- Phone the landlord — Peer rep — no due date",
    ]
    assert store.get(FollowUp, secret.id).owner == "vex"  # the follow-up keeps who it is
    assert loose.text not in november.items[0].discussion
    public = export_minutes(store, november, "md", internal=False).decode()
    assert "- Phone the landlord — Peer rep — no due date" in public
    assert "Velma" not in public
    assert "Oxtrude" not in public


# ---- editing ---------------------------------------------------------------------------------------


def test_attendance_items_discussion_and_decisions(store: Store) -> None:
    minutes = start_minutes(store, group(store), None, today=TODAY)
    minutes = set_attendance(store, minutes, "tom", False)
    assert "tom" not in minutes.present
    assert minutes.regrets == ("tom",)
    minutes = set_attendance(store, minutes, "tom", True)
    assert "tom" in minutes.present
    assert minutes.regrets == ()
    minutes = set_attendance(store, minutes, "outsider", True)
    assert minutes.present[-1] == "outsider"
    with pytest.raises(NotFoundError):
        set_attendance(store, minutes, "nobody", True)
    minutes = add_item(store, minutes, "  Winter shelter  ")
    assert minutes.items[-1].title == "Winter shelter"
    minutes = set_discussion(store, minutes, 6, "Beds are full by nine.")
    minutes = add_decision(store, minutes, 6, "Ask for two late beds.")
    assert minutes.items[6].discussion == "Beds are full by nine."
    assert minutes.items[6].decisions == ("Ask for two late beds.",)
    typing = set_discussion(store, minutes, 6, "Beds are full by nine.\n")  # kept as typed, mid-sentence
    assert store.get(Minutes, minutes.id).items[6].discussion == "Beds are full by nine.\n"
    minutes = set_discussion(store, typing, 6, "Beds are full by nine.")
    assert store.get(Minutes, minutes.id) == minutes
    with pytest.raises(ValidationError, match="no agenda item 8"):
        set_discussion(store, minutes, 7, "x")
    with pytest.raises(ValidationError):
        add_item(store, minutes, " ")
    with pytest.raises(ValidationError):
        add_decision(store, minutes, 0, "")


def test_add_action_creates_a_linked_followup(store: Store) -> None:
    minutes = start_minutes(store, group(store), None, today=TODAY)
    minutes, followup = add_action(
        store, minutes, "Email the inspector", owner="dana", due=date(2026, 12, 9), today=TODAY
    )
    assert followup.minutes == minutes.id
    assert followup.owner == "dana"
    assert followup.due == date(2026, 12, 9)
    assert store.get(FollowUp, followup.id) == followup
    action = store.get(Minutes, minutes.id).actions[-1]
    assert (action.text, action.owner, action.due, action.followup) == (
        "Email the inspector",
        "dana",
        date(2026, 12, 9),
        followup.id,
    )


def test_state_flow_and_refusals(store: Store) -> None:
    minutes = start_minutes(store, group(store), None, today=TODAY)
    with pytest.raises(LifecycleError, match="only circulated minutes can be approved"):
        approve_minutes(store, minutes)
    circulated = circulate_minutes(store, minutes)
    assert store.get(Minutes, minutes.id).status is MinutesStatus.CIRCULATED
    with pytest.raises(LifecycleError, match="only draft minutes can be circulated"):
        circulate_minutes(store, circulated)
    approved = approve_minutes(store, circulated, "m-jan")
    assert (approved.status, approved.approved_at) == (MinutesStatus.APPROVED, "m-jan")
    assert store.get(Minutes, minutes.id) == approved
    with pytest.raises(LifecycleError, match="approved"):
        add_item(store, approved, "Late addition")
    with pytest.raises(LifecycleError):
        add_action(store, approved, "Late action", today=TODAY)
    assert [item.id for item in store.all(FollowUp)] == []
    text = export_minutes(store, approved, "md", internal=False).decode()
    assert "*Approved at the meeting of Wednesday 6 January 2027.*" in text


# ---- exports ---------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def written(store: Store) -> Minutes:
    minutes = start_minutes(store, group(store), None, today=TODAY)
    minutes = set_discussion(store, minutes, 1, "Velma said the vans stop at ten.")
    minutes = add_decision(store, minutes, 1, "Oxtrude will check the route.")
    minutes, _ = add_action(
        store, minutes, "Draft the letter", owner="vex", due=date(2026, 12, 9), today=TODAY
    )
    return minutes


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_exports_are_public_by_default(store: Store, written: Minutes, fmt: str) -> None:
    data = export_minutes(store, written, fmt, internal=False)
    text = pdf_text(data) if fmt == "pdf" else data.decode()
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
    if fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
    assert "Minutes: Night Group" in text
    assert "Peer rep said the vans stop at ten." in text
    assert "Peer rep will check the route." in text
    assert "Velma" not in text
    assert "Oxtrude" not in text
    assert "INTERNAL" not in text


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_internal_exports_name_people_and_say_so_first(store: Store, written: Minutes, fmt: str) -> None:
    data = export_minutes(store, written, fmt, internal=True)
    text = pdf_text(data) if fmt == "pdf" else data.decode()
    assert "Velma Oxtrude" in text
    assert "Velma said the vans" in text
    assert INTERNAL_BANNER in text
    if fmt == "md":
        assert text.splitlines()[0] == f"**{INTERNAL_BANNER}**"
    if fmt == "pdf":
        assert text.startswith("INTERNAL COPY")


def test_export_refuses_an_unknown_format(store: Store, written: Minutes) -> None:
    with pytest.raises(ValidationError, match="unknown format 'docx'"):
        export_minutes(store, written, "docx", internal=False)


# ---- CLI -------------------------------------------------------------------------------------------

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("DELEGATE_NOW", "2026-11-27T09:00")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    data = tmp_path / "data"

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--data-dir", str(data), *args], prog_name="delegate")

    return invoke


def files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def demo(run: Run, tmp_path: Path) -> Path:
    ok(run("demo"))
    return tmp_path / "data"


def test_cli_minutes_flow(run: Run, demo: Path, tmp_path: Path) -> None:
    out = ok(run("minutes", "new", "--group", "safer"))
    assert out.startswith(
        "added minutes 2026-12-02-safer-nights-action-group (draft, 7 items; take attendance"
    )
    ok(run("minutes", "attend", "2026-12-02", "--members"))
    listed = json.loads(ok(run("minutes", "list", "--group", "safer", "--json")))
    assert [item["id"] for item in listed][:2] == [
        "2026-12-02-safer-nights-action-group",
        "2026-11-04-safer-nights-action-group",
    ]
    assert listed[0]["status"] == "draft"
    table = ok(run("minutes", "list"))
    assert table.splitlines()[0].split() == ["ID", "DATE", "STATUS", "ACTIONS", "GROUP"]
    shown = ok(run("minutes", "show", "2026-12-02"))
    assert "- Write to the shelter coalition about late-night beds — Ana Ferreira — due 2026-11-11" in shown
    assert "Peer representative" in shown
    assert "Rosa" not in shown
    fails(run("minutes", "approve", "2026-12-02"), 1, "only circulated minutes can be approved")
    assert ok(run("minutes", "circulate", "2026-12-02")).startswith(
        "minutes 2026-12-02-safer-nights-action-group are now circulated (read-only; "
    )
    fails(run("minutes", "circulate", "2026-12-02"), 1, "only draft minutes")
    out = ok(run("minutes", "approve", "2026-12-02", "--at", "2027-01-06"))
    assert out.startswith(
        "minutes 2026-12-02-safer-nights-action-group are now approved at meeting 2027-01-06"
    )
    exported = ok(run("minutes", "export", "2026-12-02", "--format", "md"))
    assert exported.startswith("# Minutes: Safer Nights Action Group")
    assert "Approved at the meeting of Wednesday 6 January 2027" in exported


def test_cli_minutes_export_files(run: Run, demo: Path, tmp_path: Path) -> None:
    out = ok(run("minutes", "export", "2026-11-04", "--format", "pdf"))
    target = tmp_path / "2026-11-04-safer-nights-action-group.pdf"
    assert out == f"wrote minutes 2026-11-04-safer-nights-action-group (pdf) to {target.name}\n"
    assert "Rosa" not in pdf_text(target.read_bytes())
    out = ok_noted(run("minutes", "export", "2026-11-04", "--format", "pdf", "--internal"), "INTERNAL COPY")
    internal = tmp_path / "2026-11-04-safer-nights-action-group-INTERNAL.pdf"
    assert out == f"wrote minutes {target.stem} (pdf, internal copy) to {internal.name}\n"
    assert "Rosa Jimenez" in pdf_text(internal.read_bytes())
    ok(run("minutes", "export", "2026-11-04", "--format", "html", "-o", "out.html"))
    assert "Rosa" not in (tmp_path / "out.html").read_text()


def test_cli_minutes_errors_write_nothing(run: Run, demo: Path) -> None:
    before = files(demo)
    fails(run("minutes", "new", "--group", "lakeport-police"), 1, "not an action group")
    fails(run("minutes", "new", "--group", "nothing-like-this"), 1, "no body")
    fails(run("minutes", "new", "--group", "safer", "--date", "someday"), 2, "--date")
    fails(run("minutes", "export", "2026-11-04", "--format", "docx"), 2, "--format")
    fails(run("minutes", "show", "1999"), 1, "no minutes")
    fails(run("minutes", "approve", "2026-11-04", "--at", "no-such-meeting"), 1, "no meeting")
    assert files(demo) == before


def test_cli_minutes_refuses_pdf_to_a_terminal(run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("delegate.cli.editing._is_terminal", lambda stream: True)
    fails(run("minutes", "export", "2026-11-04", "--format", "pdf", "-o", "-"), 1, "not writing the PDF")


def test_cli_followups(run: Run, demo: Path) -> None:
    out = ok_noted(
        run(
            "followup", "add", "Call Rosa about the shelter", "--owner", "confidential", "--due", "2026-12-01"
        ),
        "This names a confidential person: shown as 'Peer representative' in anything shared.",
    )
    assert out == "added follow-up 2026-11-27-call-peer-representative-about-the\n"
    ok(run("followup", "add", "Bring snacks", "--owner", "Jo from the cafe", "--minutes", "2026-11-04"))
    ok(run("followup", "add", "Send the letter", "--owner", "Ana Ferreira", "--delegation", "2026-12-17"))
    listed = json.loads(ok(run("followup", "list", "--json")))
    by_text = {item["text"]: item for item in listed}
    assert by_text["Call Peer representative about the shelter"]["owner"] == "Peer representative"
    assert by_text["Bring snacks"]["owner"] == "Jo from the cafe"
    assert by_text["Bring snacks"]["minutes"] == "2026-11-04-safer-nights-action-group"
    assert by_text["Send the letter"]["owner"] == "Ana Ferreira"
    assert by_text["Send the letter"]["delegation"].startswith("2026-12-17")
    plain = ok(run("followup", "list"))
    assert "Rosa" not in plain
    assert "Jimenez" not in plain
    assert "Peer representative" in plain
    internal = ok_noted(run("followup", "list", "--internal", "--owner", "Rosa Jimenez"), "INTERNAL COPY")
    assert "Rosa Jimenez" in internal
    assert "Call Rosa about the shelter" in internal
    assert len(internal.splitlines()) == 2
    overdue = ok(run("followup", "list", "--overdue"))
    assert "(overdue)" in overdue
    assert "2026-11-30" not in overdue
    assert (
        ok(run("followup", "done", "2026-11-27-call"))
        == "follow-up 2026-11-27-call-peer-representative-about-the is done\n"
    )
    fails(run("followup", "done", "2026-11-27-call"), 1, "already done")
    ok(run("followup", "drop", "2026-11-27-bring", "--reason", "cafe closed"))
    everything = json.loads(ok(run("followup", "list", "--all", "--json")))
    statuses = {item["id"]: item["status"] for item in everything}
    assert statuses["2026-11-27-call-peer-representative-about-the"] == "done"
    assert statuses["2026-11-27-bring-snacks"] == "dropped"
    assert "2026-11-27-bring-snacks" not in ok(run("followup", "list"))


def test_cli_followup_errors_write_nothing(run: Run, demo: Path) -> None:
    before = files(demo)
    fails(run("followup", "add", "X", "--minutes", "2026-11-04", "--delegation", "2026-12-17"), 2, "not both")
    fails(run("followup", "add", "X", "--due", "soonish"), 2, "--due")
    fails(run("followup", "add", "   "), 1, "needs some text")
    fails(run("followup", "add", "X", "--minutes", "nope"), 1, "no minutes")
    fails(run("followup", "done", "no-such"), 1, "no follow-up")
    assert files(demo) == before
