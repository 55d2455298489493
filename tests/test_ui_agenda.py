"""An action group's screen: its standing agreements, who signed (public names), its next agenda by key."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from demo_ui_support import NOW, demo_folder
from textual.widgets import DataTable, Static

from delegate.services.demo import CONFIDENTIAL_NAMES
from delegate.services.demo_audit import AGREEMENTS
from delegate.ui.app import make_app
from delegate.ui.screens.bodies import BodyScreen

GROUP = "safer-nights-action-group"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return demo_folder(tmp_path)


def test_group_screen_shows_agreements_and_signatures_and_writes_the_agenda(root: Path) -> None:
    seen: list[str] = []

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("body", GROUP)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, BodyScreen)
            agreements = str(screen.query_one("#agreements", Static).render())
            assert agreements.splitlines()[0] == f"1. {AGREEMENTS[0]}"
            assert f"{len(AGREEMENTS)}. {AGREEMENTS[-1]}" in agreements
            table = screen.query_one("#signatures", DataTable)
            signed = {
                str(table.get_row_at(row)[0]): str(table.get_row_at(row)[1]) for row in range(table.row_count)
            }
            assert signed["Tom Reid"] == "not yet"
            assert signed["Peer representative"] == "29 Aug 2026"
            assert not any(name in " ".join(signed) for name in CONFIDENTIAL_NAMES)

            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen.extend(note.message for note in app._notifications)

    asyncio.run(scenario())
    pdf = root / "exports" / f"2026-12-02-{GROUP}-agenda.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert any(str(pdf) in message for message in seen), seen


def test_no_agenda_key_for_a_body_that_is_not_a_group(root: Path) -> None:
    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("body", "lakeport-police-board")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, BodyScreen)
            assert not screen.query_one("#group-section").display
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(scenario())
    assert not (root / "exports").exists()


def test_a_group_without_a_coming_meeting_gets_one_line(root: Path) -> None:
    later = datetime(2027, 6, 1, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))  # after the demo's meetings
    notes: list[str] = []

    async def scenario() -> None:
        app = make_app(root, now=lambda: later, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("body", GROUP)
            await pilot.pause()
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            notes.extend(note.message for note in app._notifications)

    asyncio.run(scenario())
    assert any(message.startswith("No agenda:") and "schedule one first" in message for message in notes), (
        notes
    )
    assert not (root / "exports").exists()
