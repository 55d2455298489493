"""Sharing a group's calendar with a real Radicale server: the first sync, a change on each side, both
sides changing one follow-up, deletions, a server that stops mid-sync, and refused credentials."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from cli_support import fails, ok, runner_for
from radicale_support import PASSWORD, RadicaleServer
from share_support import GROUP, NOW, ZONE, Member, component, group_folder

from delegate.model import FollowUp, FollowUpStatus, Meeting, MeetingStatus
from delegate.services.share_state import ShareError, find_state
from delegate.services.shares import add_share, sync_group
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

FOLLOWUP = "followup-2026-11-05-task-000@delegate"
MEETING = "meeting-2026-12-17-safer@delegate"


@pytest.fixture
def shared(tmp_path: Path, radicale: RadicaleServer) -> tuple[Path, Member]:
    """The group, shared with a new calendar on the server and synced once."""
    data = tmp_path / "data"
    group_folder(data)
    url = radicale.calendar_url("safer")
    run = runner_for(data)
    assert "made a new calendar" in ok(run("share", "add", GROUP, url, "--user", "ana"))
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 7 sent, 0 received"
    return data, Member(url)


def store_of(data: Path) -> Store:
    return Store(data, index=False, default_zone="America/Vancouver")


def test_first_sync_sends_every_item_once_and_then_nothing(
    shared: tuple[Path, Member], radicale: RadicaleServer
) -> None:
    data, member = shared
    # 2 meetings, their 2 request deadlines, 3 follow-ups: one resource each, under the export's UIDs
    assert member.uids() == sorted(
        [
            "meeting-2026-12-03-safer@delegate",
            MEETING,
            "deadline-2026-12-03-safer@delegate",
            "deadline-2026-12-17-safer@delegate",
            *(f"followup-2026-11-05-task-{n:03d}@delegate" for n in range(3)),
        ]
    )
    assert len(radicale.items("safer")) == 7
    assert ok(runner_for(data)("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 0 received"
    # the share's state is readable TOML in the data folder, and no file there holds the password
    state = tomllib.loads((data / "shares" / f"{GROUP}.toml").read_text())
    assert state["user"] == "ana"
    assert len(state["items"]) == 7
    assert state["sync_token"]
    assert not [path for path in data.rglob("*") if path.is_file() and PASSWORD.encode() in path.read_bytes()]


def test_the_shared_items_are_the_exports_events(shared: tuple[Path, Member]) -> None:
    """The same VTODO the .ics export makes: same UID, SEQUENCE, summary, due date, status."""
    data, member = shared
    ok(runner_for(data)("export", "ics", "-o", str(data.parent / "all.ics")))
    from icalendar import Calendar

    exported = Calendar.from_ical((data.parent / "all.ics").read_bytes())
    ours = next(c for c in exported.walk("VTODO") if str(c["UID"]) == FOLLOWUP)
    theirs = component(member.read(FOLLOWUP))
    for name in ("UID", "SUMMARY", "STATUS", "SEQUENCE", "DESCRIPTION"):
        assert str(theirs[name]) == str(ours[name]), name
    assert theirs["DUE"].dt == ours["DUE"].dt == date(2026, 12, 1)


def test_a_change_here_sends_that_one_item(shared: tuple[Path, Member]) -> None:
    data, member = shared
    run = runner_for(data)
    ok(run("followup", "done", "2026-11-05-task-001"))
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 1 sent, 0 received"
    todo = component(member.read("followup-2026-11-05-task-001@delegate"))
    assert str(todo["STATUS"]) == "COMPLETED"
    assert ok(run("share", "sync")).strip() == "Safer Nights: 0 sent, 0 received"


def test_a_change_there_comes_back_with_who_and_when(
    shared: tuple[Path, Member], radicale: RadicaleServer
) -> None:
    data, member = shared

    def done_and_later(calendar: object) -> None:
        todo = component(calendar)  # type: ignore[arg-type]
        todo["STATUS"] = "COMPLETED"
        todo.pop("DUE")
        todo.add("due", date(2026, 12, 12))

    def moved(calendar: object) -> None:
        event = component(calendar)  # type: ignore[arg-type]
        start = datetime(2026, 12, 18, 17, 30, tzinfo=ZONE)
        event.pop("DTSTART")
        event.pop("DTEND")
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=2))

    member.edit(FOLLOWUP, done_and_later)
    member.edit(MEETING, moved)
    run = runner_for(data)
    # the meeting's request deadline moves with it: that one goes out
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 1 sent, 2 received"
    deadline = component(member.read("deadline-2026-12-17-safer@delegate"))
    assert deadline["DTSTART"].dt == datetime(2026, 12, 15, 12, 0, tzinfo=ZONE)

    store = store_of(data)
    item = store.get(FollowUp, "2026-11-05-task-000")
    assert item.status is FollowUpStatus.DONE
    assert item.due == date(2026, 12, 12)
    said = "marked done; due moved to 2026-12-12"
    assert f"shared calendar (ana@127.0.0.1:{radicale.port}): {said}" in item.notes
    assert item.notes.startswith("2026-11-27 08:30 PST")  # when they changed it (LAST-MODIFIED), our clock
    meeting = store.get(Meeting, "2026-12-17-safer")
    assert meeting.start == datetime(2026, 12, 18, 17, 30, tzinfo=ZONE)
    assert meeting.end == datetime(2026, 12, 18, 19, 30, tzinfo=ZONE)
    assert "moved to start 2026-12-18 17:30" in meeting.notes
    # taken in, not echoed back; the next sync has nothing to do
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 0 received"
    assert ok(run("share", "list")).count("0 open conflict") == 0


def test_a_meeting_cancelled_there_is_cancelled_here(shared: tuple[Path, Member]) -> None:
    data, member = shared

    def cancel(calendar: object) -> None:
        component(calendar)["STATUS"] = "CANCELLED"  # type: ignore[arg-type]

    member.edit(MEETING, cancel)
    ok(runner_for(data)("share", "sync", GROUP))
    meeting = store_of(data).get(Meeting, "2026-12-17-safer")
    assert meeting.status is MeetingStatus.CANCELLED
    assert meeting.status_reason == "cancelled on the shared calendar"


def test_both_sides_changing_one_follow_up_keeps_ours_and_notes_theirs(shared: tuple[Path, Member]) -> None:
    data, member = shared
    store = store_of(data)
    item = store.get(FollowUp, "2026-11-05-task-000")
    store.save(FollowUp(**{**_fields(item), "due": date(2026, 12, 20)}))  # ours: a new due date

    def done(calendar: object) -> None:
        component(calendar)["STATUS"] = "COMPLETED"  # type: ignore[arg-type]

    member.edit(FOLLOWUP, done)  # theirs: marked done
    run = runner_for(data)
    said = ok(run("share", "sync", GROUP))
    assert said.splitlines() == [
        "Safer Nights: 1 sent, 0 received, 1 conflict (ours kept, theirs noted on the record)",
        "  conflict: follow-up 2026-11-05-task-000 (Task number 0): theirs differed in status, due;"
        " ours kept",
    ]

    kept = store_of(data).get(FollowUp, "2026-11-05-task-000")
    assert kept.status is FollowUpStatus.OPEN
    assert kept.due == date(2026, 12, 20)
    assert "CONFLICT with the shared calendar" in kept.notes
    assert "ours was kept. Theirs: marked done; due moved to 2026-12-01." in kept.notes
    todo = component(member.read(FOLLOWUP))  # the server has ours again
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert todo["DUE"].dt == date(2026, 12, 20)

    listed = ok(run("share", "list"))
    assert "1 open conflict" in listed
    assert "2026-11-05-task-000" in listed
    assert ok(run("share", "resolve", GROUP, "2026-11-05-task")).strip() == "closed 1 conflict"
    assert "open conflict" not in ok(run("share", "list"))
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 0 received"


def test_deletions_go_both_ways(shared: tuple[Path, Member]) -> None:
    data, member = shared
    store = store_of(data)
    store.delete(store.get(FollowUp, "2026-11-05-task-002"))  # here
    member.delete("followup-2026-11-05-task-001@delegate")  # there
    run = runner_for(data)
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 1 sent, 1 received"
    uids = member.uids()
    assert "followup-2026-11-05-task-002@delegate" not in uids  # removed from the server
    assert "followup-2026-11-05-task-001@delegate" not in uids  # not sent back
    dropped = store_of(data).get(FollowUp, "2026-11-05-task-001")
    assert dropped.status is FollowUpStatus.DROPPED
    assert "removed from the shared calendar" in dropped.notes
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 0 received"


def test_a_to_do_a_member_adds_becomes_a_follow_up_of_the_group(shared: tuple[Path, Member]) -> None:
    data, member = shared
    member.add_todo("phone-1234", "Book the room for January", date(2026, 12, 10))
    run = runner_for(data)
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 2 sent, 1 received"
    added = [item for item in store_of(data).all(FollowUp) if item.text == "Book the room for January"]
    assert len(added) == 1
    assert added[0].due == date(2026, 12, 10)
    assert "added on the shared calendar" in added[0].notes
    uids = member.uids()  # theirs replaced by ours, once
    assert "phone-1234" not in uids
    assert f"followup-{added[0].id}@delegate" in uids
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 0 received"
    assert len([item for item in store_of(data).all(FollowUp) if item.text == added[0].text]) == 1


def test_a_server_that_stops_mid_sync_loses_nothing(tmp_path: Path, radicale: RadicaleServer) -> None:
    data = tmp_path / "data"
    store = group_folder(data, followups=40)
    add_share(store, GROUP, radicale.calendar_url("big"), "ana")

    def stop_after_ten(done: int, total: int) -> None:
        if done == 10:
            radicale.stop()

    with pytest.raises(ShareError, match="is not answering"):
        sync_group(store, GROUP, NOW, progress=stop_after_ten)
    state = find_state(data, GROUP)
    assert state is not None
    assert state.last_error
    assert state.last_sync is None
    assert len([item for item in state.items.values() if item.href]) == 10  # what was sent is remembered
    run = runner_for(data)
    said = ok(run("share", "list"))
    assert "never synced" in said
    assert "the last sync stopped: the CalDAV server at 127.0.0.1" in said

    radicale.start()
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 34 sent, 0 received"
    uids = Member(radicale.calendar_url("big")).uids()
    assert len(uids) == len(set(uids)) == 44  # every item, once
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 0 received"
    assert len(store_of(data).all(FollowUp)) == 40


def test_bad_credentials_are_one_line_and_change_nothing(
    tmp_path: Path, radicale: RadicaleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    group_folder(data)
    run = runner_for(data)
    url = radicale.calendar_url("safer")
    monkeypatch.setenv("DELEGATE_CALDAV_PASSWORD", "wrong")
    fails(run("share", "add", GROUP, url, "--user", "ana"), 1, "refused the user name or password")
    assert not (data / "shares" / f"{GROUP}.toml").exists()
    monkeypatch.setenv("DELEGATE_CALDAV_PASSWORD", PASSWORD)
    ok(run("share", "add", GROUP, url, "--user", "ana"))
    monkeypatch.setenv("DELEGATE_CALDAV_PASSWORD", "wrong")
    fails(run("share", "sync", GROUP), 1, f"the CalDAV server at 127.0.0.1:{radicale.port} refused")
    fails(run("share", "sync"), 1, "refused the user name or password")
    assert radicale.items("safer") == []
    fails(run("share", "add", GROUP, radicale.calendar_url(), "--user", "bob"), 1, "refused")


def test_a_wrong_address_or_a_server_that_is_down_is_one_line(
    tmp_path: Path, radicale: RadicaleServer
) -> None:
    data = tmp_path / "data"
    group_folder(data)
    run = runner_for(data)
    fails(run("share", "add", GROUP, "example.org/ana", "--user", "ana"), 1, "not a calendar address")
    fails(run("share", "add", GROUP, f"{radicale.base}/ana/", "--user", "ana"), 1, "a folder, not a calendar")
    fails(run("share", "add", GROUP, f"{radicale.base}/bob/x/", "--user", "ana"), 1, "does not let this user")
    fails(run("share", "add", "no-such-group", radicale.calendar_url(), "--user", "ana"), 1, "no body")
    fails(run("share", "sync", GROUP), 1, "this group is not shared")
    url = radicale.calendar_url("safer")
    ok(run("share", "add", GROUP, url, "--user", "ana"))
    radicale.stop()
    fails(run("share", "sync", GROUP), 1, "is not answering (is it down?): nothing was lost")
    assert ok(run("followup", "list")).count("Task number") == 3  # the rest keeps working
    radicale.start()
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 7 sent, 0 received"


def test_the_password_goes_to_the_keyring_not_the_data_folder(
    tmp_path: Path, radicale: RadicaleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            self.kept: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.kept[service, username] = password

        def delete_password(self, service: str, username: str) -> None:
            self.kept.pop((service, username), None)

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.delenv("DELEGATE_CALDAV_PASSWORD")
    data = tmp_path / "data"
    group_folder(data)
    from click.testing import CliRunner

    from delegate.cli import cli

    url = radicale.calendar_url("safer")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data), "share", "add", GROUP, url, "--user", "ana"], input=f"{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert list(memory.kept.values()) == [PASSWORD]
    run = runner_for(data)
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 7 sent, 0 received"
    assert not [path for path in data.rglob("*") if path.is_file() and PASSWORD.encode() in path.read_bytes()]
    ok(run("share", "remove", GROUP))
    assert memory.kept == {}
    fails(run("share", "sync", GROUP), 1, "this group is not shared")


def test_without_a_keyring_or_the_variable_it_says_what_to_set(
    tmp_path: Path, radicale: RadicaleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    group_folder(data)
    run = runner_for(data)
    url = radicale.calendar_url("safer")
    ok(run("share", "add", GROUP, url, "--user", "ana"))
    monkeypatch.delenv("DELEGATE_CALDAV_PASSWORD")  # the fixture's keyring is the null one
    fails(run("share", "sync", GROUP), 1, "no keyring on this system: set DELEGATE_CALDAV_PASSWORD")
    fails(run("share", "add", GROUP, url, "--user", "ana"), 1, "set DELEGATE_CALDAV_PASSWORD instead")


def _fields(item: FollowUp) -> dict[str, object]:
    from dataclasses import fields

    return {field.name: getattr(item, field.name) for field in fields(item)}


def test_without_a_usable_sync_token_items_are_compared_by_etag(shared: tuple[Path, Member]) -> None:
    """A token the server no longer knows (or a server without tokens): every item is listed with its
    ETag; what changed is read, and what is missing was deleted there."""
    data, member = shared
    state_file = data / "shares" / f"{GROUP}.toml"
    text = state_file.read_text()
    token = tomllib.loads(text)["sync_token"]
    state_file.write_text(text.replace(token, "http://radicale.org/ns/sync/0000"))
    member.delete("followup-2026-11-05-task-001@delegate")

    def done(calendar: object) -> None:
        component(calendar)["STATUS"] = "COMPLETED"  # type: ignore[arg-type]

    member.edit(FOLLOWUP, done)
    run = runner_for(data)
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 2 received"
    store = store_of(data)
    assert store.get(FollowUp, "2026-11-05-task-001").status is FollowUpStatus.DROPPED
    assert store.get(FollowUp, "2026-11-05-task-000").status is FollowUpStatus.DONE
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 0 received"

    def reopened(calendar: object) -> None:
        component(calendar)["STATUS"] = "NEEDS-ACTION"  # type: ignore[arg-type]

    member.edit(FOLLOWUP, reopened)  # still without tokens: the ETags tell
    assert ok(run("share", "sync", GROUP)).strip() == "Safer Nights: 0 sent, 1 received"
    assert store_of(data).get(FollowUp, "2026-11-05-task-000").status is FollowUpStatus.OPEN


def test_a_calendar_deleted_on_the_server_is_one_line(shared: tuple[Path, Member]) -> None:
    data, member = shared
    member.client.request(member.url, "DELETE")
    fails(runner_for(data)("share", "sync", GROUP), 1, "there is no calendar at that address on 127.0.0.1")


def test_my_delegations_shares_the_meetings_we_speak_at(tmp_path: Path, radicale: RadicaleServer) -> None:
    """`my-delegations`: every meeting with a delegation of ours (whatever its body), its request
    deadline, and the follow-ups of our delegations; nothing of the bodies' other meetings."""
    from delegate.model import Body, Delegation, DelegationStatus

    data = tmp_path / "data"
    store = group_folder(data)
    store.save(Body("board", "Police Board", timezone="America/Vancouver"))
    start = datetime(2026, 12, 10, 18, 0, tzinfo=ZONE)
    for day, status in ((10, DelegationStatus.REQUESTED), (11, DelegationStatus.CANCELLED)):
        meeting = Meeting(f"2026-12-{day}-board", "board", start.replace(day=day))
        store.save(meeting)
        store.save(Delegation(f"2026-12-{day}-safety", meeting.id, "Safety first", status=status))
    store.save(FollowUp("2026-12-10-thank", "Thank the board", delegation="2026-12-10-safety"))
    url = radicale.calendar_url("mine")
    run = runner_for(data)
    ok(run("share", "add", "my-delegations", url, "--user", "ana"))
    assert ok(run("share", "sync", "my-delegations")).strip() == "My delegations: 2 sent, 0 received"
    assert Member(url).uids() == ["followup-2026-12-10-thank@delegate", "meeting-2026-12-10-board@delegate"]
    assert ok(run("share", "list")).splitlines()[1].startswith("my-delegations  127.0.0.1")


def test_sync_of_every_group_goes_on_past_one_that_fails(shared: tuple[Path, Member]) -> None:
    from delegate.model import Body
    from delegate.services.share_state import ShareState, save_state

    data, _ = shared
    store = store_of(data)
    store.save(Body("board", "Police Board"))
    save_state(data, ShareState("board", "http://127.0.0.1:9/ana/board/", "ana"))  # nothing answers there
    store.save(FollowUp(**{**_fields(store.get(FollowUp, "2026-11-05-task-001")), "text": "Renamed"}))
    result = runner_for(data)("share", "sync")
    assert result.exit_code == 1
    assert result.stdout.strip() == "Safer Nights: 1 sent, 0 received"
    assert result.stderr.strip() == (
        "delegate: board: the CalDAV server at 127.0.0.1:9 is not answering (is it down?):"
        " nothing was lost, sync again later"
    )
