"""A shared group's screen in the app: its calendar, when it last synced, what went each way, the open
conflicts, and `y` to sync now (against a real Radicale)."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from pathlib import Path

import pytest
from radicale_support import RadicaleServer
from share_support import FOLLOWUP_ID, GROUP, NOW, Member, component, group_folder
from textual.widgets import Static

from delegate.model import FollowUp, FollowUpStatus
from delegate.services.shares import add_share, sync_group
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.bodies import BodyScreen


def share_text(screen: BodyScreen) -> str:
    return str(screen.query_one("#share", Static).render())


def test_a_shared_group_shows_its_last_sync_and_syncs_by_key(
    tmp_path: Path, radicale: RadicaleServer
) -> None:
    data = tmp_path / "data"
    store = group_folder(data)
    url = radicale.calendar_url("safer")
    add_share(store, GROUP, url, "ana")
    sync_group(store, GROUP, NOW)
    member = Member(url)

    def done(calendar: object) -> None:
        component(calendar)["STATUS"] = "COMPLETED"  # type: ignore[arg-type]

    member.edit(f"followup-{FOLLOWUP_ID}@delegate", done)  # theirs: done
    item = store.get(FollowUp, FOLLOWUP_ID)
    store.save(dataclasses.replace(item, due=date(2026, 12, 24)))  # ours: a new due date
    before: list[str] = []
    after: list[str] = []
    notes: list[str] = []

    async def scenario() -> None:
        app = make_app(data, now=lambda: NOW, watch=False)
        async with app.run_test(size=(140, 50)) as pilot:
            await pilot.pause()
            app.open_record("body", GROUP)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, BodyScreen)
            assert screen.query_one("#share-section").display
            before.append(share_text(screen))
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            after.append(share_text(screen))
            notes.extend(str(note.message) for note in app._notifications)

    asyncio.run(scenario())
    assert before[0].splitlines()[:2] == [f"{url} (as ana)", "Synced 2026-11-27 09:00: 7 sent, 0 received"]
    assert "Open conflicts" not in before[0]
    shown = after[0].splitlines()
    assert shown[1] == "Synced 2026-11-27 09:00: 1 sent, 0 received; 1 open conflict"
    assert shown[2] == "Open conflicts (ours kept; theirs is in the record's notes):"
    assert shown[3].startswith(f"  follow-up {FOLLOWUP_ID} (Task number 0): theirs differed in status, due")
    assert any(note.startswith("Safer Nights: 1 sent, 0 received, 1 conflict") for note in notes), notes
    kept = Store(data, index=False).get(FollowUp, FOLLOWUP_ID)
    assert kept.status is FollowUpStatus.OPEN
    assert "CONFLICT with the shared calendar" in kept.notes


def test_a_sync_that_fails_is_a_notification_and_the_app_goes_on(
    tmp_path: Path, radicale: RadicaleServer
) -> None:
    data = tmp_path / "data"
    add_share(group_folder(data), GROUP, radicale.calendar_url("safer"), "ana")
    radicale.stop()
    notes: list[str] = []
    shown: list[str] = []

    async def scenario() -> None:
        app = make_app(data, now=lambda: NOW, watch=False)
        async with app.run_test(size=(140, 50)) as pilot:
            await pilot.pause()
            app.open_record("body", GROUP)
            await pilot.pause()
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, BodyScreen)
            shown.append(share_text(app.screen))
            notes.extend(str(note.message) for note in app._notifications)
            await pilot.press("u")  # the rest of the app keeps working
            await pilot.pause()
            assert app.current_mode == "followups"

    asyncio.run(scenario())
    assert any(note.startswith("Not synced: the CalDAV server at 127.0.0.1") for note in notes), notes
    assert "Never synced; the last sync stopped: the CalDAV server at 127.0.0.1" in shown[0]


@pytest.mark.usefixtures("radicale")
def test_no_sync_key_for_a_group_that_is_not_shared(tmp_path: Path) -> None:
    data = tmp_path / "data"
    group_folder(data)

    async def scenario() -> None:
        app = make_app(data, now=lambda: NOW, watch=False)
        async with app.run_test(size=(140, 50)) as pilot:
            await pilot.pause()
            app.open_record("body", GROUP)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, BodyScreen)
            assert not screen.query_one("#share-section").display
            assert screen.check_action("sync_share", ()) is False  # not in the footer either
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not [note for note in app._notifications if "ync" in str(note.message)]

    asyncio.run(scenario())
    assert not (data / "shares").exists()
