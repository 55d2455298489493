"""Every record screen says 'NAMES SHOWN' in its sub-title while names are shown there, once, through a
refresh, and no more once they are hidden again (the base screen's `titled`, not a copy per screen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_ui_support import demo_folder, on_disk, run
from textual.pilot import Pilot

from delegate.model import Audit, Handout, Minutes, Script
from delegate.ui.app import DelegateApp
from delegate.ui.screens.audit_detail import AuditScreen
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.handouts import HandoutScreen
from delegate.ui.screens.minutes import MinutesScreen
from delegate.ui.screens.scripts import ScriptScreen
from delegate.ui.screens.timer import TimerScreen

MARK = " · NAMES SHOWN"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return demo_folder(tmp_path)


@pytest.mark.parametrize(
    ("kind", "record", "screen_type", "toggle"),
    [
        ("audit", Audit, AuditScreen, "N"),
        ("script", Script, ScriptScreen, "N"),
        ("handout", Handout, HandoutScreen, "N"),
        ("minutes", Minutes, MinutesScreen, "ctrl+g"),  # N is a letter in the discussion
        ("timer", Script, TimerScreen, "N"),
    ],
)
def test_the_sub_title_says_names_are_shown_once_through_a_refresh(
    root: Path, kind: str, record: type, screen_type: type, toggle: str
) -> None:
    record_id = on_disk(root).all(record)[0].id

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        if kind == "timer":
            app.open_timer(record_id)
        else:
            app.open_record(kind, record_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, screen_type)
        assert isinstance(screen, DataScreen)
        public = screen.sub_title or ""
        assert public
        assert MARK not in public
        await pilot.press(toggle)
        await pilot.pause()
        assert screen.sub_title != public
        assert (screen.sub_title or "").endswith(MARK)
        await pilot.press("ctrl+r")  # a refresh re-makes the title: the mark stays, once
        await pilot.pause()
        assert (screen.sub_title or "").count("NAMES SHOWN") == 1
        await pilot.press(toggle)
        await pilot.pause()
        assert screen.sub_title == public

    run(root, scenario)
