"""Two windows and the command line on one folder: no write is lost or silently overwritten, and the
second writer is told.

The app runs under the Pilot; the other window is a second Store on the same folder (what the
other app holds); the command line runs as real processes, at the same time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from delegate.model import Body, BodyKind, Meeting, MeetingStatus, Person
from delegate.services.check import check
from delegate.store import ConflictError, Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.meetings import MeetingScreen
from delegate.ui.widgets.form import FormScreen

ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(ZONE))
MEETING = "2026-12-17-lakeport-police-board"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DELEGATE_TZ", ZONE)
    monkeypatch.setenv("DELEGATE_NOW", NOW.isoformat())
    folder = tmp_path / "data"
    store = Store(folder, index=False, default_zone=ZONE)
    store.save(Body("lakeport-police-board", "Lakeport Police Board", BodyKind.POLICE_BOARD, timezone=ZONE))
    start = datetime(2026, 12, 17, 18, 0, tzinfo=ZoneInfo(ZONE))
    store.save(Meeting(MEETING, "lakeport-police-board", start, start + timedelta(hours=2), timezone=ZONE))
    return folder


def _cli(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DELEGATE_HOME": str(root), "DELEGATE_NOW": NOW.isoformat(), "DELEGATE_TZ": ZONE}
    return subprocess.Popen(
        [sys.executable, "-m", "delegate", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _run(root: Path, scenario: Callable[[DelegateApp, Pilot[None]], Awaitable[None]]) -> None:
    import asyncio

    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(root: Path) -> None:
    """The app edits a meeting while the command line cancels it: the app is told; the cancel stands."""
    other_window = Store(root, index=False, default_zone=ZONE)
    other_window.get(Meeting, MEETING)  # the other app has it open too

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("meeting", MEETING)
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        start = app.screen.query_one("#field-start", Input)
        start.value = "2026-12-18 13:30"
        cancel = _cli(root, "meeting", "cancel", MEETING, "--reason", "no quorum")
        assert cancel.wait(timeout=60) == 0, cancel.stderr.read() if cancel.stderr else ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open: nothing was saved
        said = str(app.screen.query_one("#form-error", Static).render())
        assert "Not saved" in said
        assert "changed on disk" in said

    _run(root, scenario)
    saved = Store(root, index=False, default_zone=ZONE).get(Meeting, MEETING)
    assert saved.status is MeetingStatus.CANCELLED  # the command line's change stands
    assert saved.start.day == 17  # the app's change was not written over it
    # The other window, still holding the old meeting, is told too when it saves.
    with pytest.raises(ConflictError, match="changed on disk"):
        other_window.save(replace(other_window.get(Meeting, MEETING), place="Room 2"))


def test_writers_at_once_lose_nothing(root: Path) -> None:
    """Four command lines and a window add people at the same moment: every one is there."""
    processes = [
        _cli(root, "person", "add", f"Writer {writer} person {number}")
        for number in range(8)
        for writer in range(4)
    ]
    window = Store(root, index=False, default_zone=ZONE)
    for number in range(8):
        window.save(Person(f"window-{number}", f"Window person {number}"))
    failures = [
        process.stderr.read() for process in processes if process.wait(timeout=120) != 0 and process.stderr
    ]
    assert failures == []
    people = {person.name for person in Store(root, index=False, default_zone=ZONE).all(Person)}
    assert len(people) == 8 * 4 + 8
    assert check(Store(root, index=False, default_zone=ZONE)) == []
