"""Re-booking by keys leaves the state true: the new slot is still to be asked for (its request
deadline on the dashboard, not met), the delegation's dated tasks and its script move with it, and
u puts everything back while the toast shows."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, Select

from delegate.model import BodyKind, Delegation, DelegationStatus, FollowUp, Script
from delegate.services.bodies import add_body
from delegate.services.dashboard import build_dashboard
from delegate.services.delegations import add_delegation, advance
from delegate.services.followups import add_followup
from delegate.services.meetings import add_meeting
from delegate.services.scripts import new_script
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.delegations import DelegationScreen
from delegate.ui.widgets.confirm import ConfirmScreen
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.prompt import ChooseScreen

ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(ZONE))


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", ZONE)


def on_disk(root: Path) -> Store:
    return Store(root, index=None)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def planned(root: Path) -> dict[str, str]:
    """A requested delegation on the 17 December board meeting, with a print task three days before
    it, an undated task, and a script naming the meeting's day; the board meets again 21 January."""
    store = on_disk(root)
    body = add_body(
        store,
        "Lakeport Police Board",
        BodyKind.POLICE_BOARD,
        members=7,
        timezone=ZONE,
        request_deadline_days=8,
    )
    first = add_meeting(store, body, datetime(2026, 12, 17, 18, 0), duration=timedelta(hours=2))[0]
    second = add_meeting(store, body, datetime(2027, 1, 21, 18, 0), duration=timedelta(hours=2))[0]
    delegation = add_delegation(store, first, "Safety first", ["Ana Ferreira"], "Adopt guidelines")
    delegation = advance(store, delegation, "request", NOW, "by email")
    printing = add_followup(
        store, "Print the handouts", due=date(2026, 12, 14), delegation=delegation, today=NOW.date()
    )
    undated = add_followup(store, "Thank the clerk", delegation=delegation, today=NOW.date())
    script = new_script(store, "Our speech", delegation)
    return {
        "first": first.id,
        "second": second.id,
        "delegation": delegation.id,
        "printing": printing.id,
        "undated": undated.id,
        "script": script.id,
    }


def test_rebook_leaves_the_slot_to_request_moves_tasks_and_script_and_is_undone(
    root: Path, planned: dict[str, str]
) -> None:
    store = on_disk(root)
    script_before = store.get(Script, planned["script"]).text
    assert "Thursday 17 December 2026" in script_before

    def saved() -> Delegation:
        return on_disk(root).get(Delegation, planned["delegation"])

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("delegation", planned["delegation"])
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DelegationScreen)
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, ChooseScreen)
            await pilot.press("down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)  # was the new slot asked for? No (Enter)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            disk = on_disk(root)
            assert (saved().status, saved().meeting) == (DelegationStatus.IDEA, planned["second"])
            # the print task stays three days before the meeting; the undated one is left alone
            assert disk.get(FollowUp, planned["printing"]).due == date(2027, 1, 18)
            assert disk.get(FollowUp, planned["undated"]).due is None
            text = disk.get(Script, planned["script"]).text
            assert "Thursday 21 January 2027" in text
            assert "17 December" not in text
            said = [str(note.message) for note in app._notifications]
            assert any("ask the clerk" in note and "u to undo" in note for note in said)
            # The new meeting's request deadline shows, not yet met, on the dashboard.
            board = build_dashboard(disk, NOW)
            [deadline] = [item for item in board.deadlines if item.meeting.id == planned["second"]]
            assert not deadline.requested

            await pilot.press("u")
            await pilot.pause()
            disk = on_disk(root)
            assert saved().meeting == planned["first"]
            assert disk.get(FollowUp, planned["printing"]).due == date(2026, 12, 14)
            assert disk.get(Script, planned["script"]).text == script_before
            assert saved().status is DelegationStatus.REQUESTED

    asyncio.run(scenario())


def test_a_task_for_the_delegation_is_added_from_its_screen(root: Path, planned: dict[str, str]) -> None:
    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("delegation", planned["delegation"])
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormScreen)
            assert form.query_one("#field-source", Select).value == f"delegation:{planned['delegation']}"
            form.query_one("#field-text", Input).value = "Book the accessible van"
            form.query_one("#field-due", Input).value = "dec 15"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, DelegationScreen)

    asyncio.run(scenario())
    [task] = [item for item in on_disk(root).all(FollowUp) if item.text == "Book the accessible van"]
    assert (task.delegation, task.due) == (planned["delegation"], date(2026, 12, 15))
