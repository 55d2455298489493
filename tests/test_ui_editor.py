"""Editing a script in the app: typed text is saved with ctrl+s, and never dropped by Escape."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import OptionList, Static, TextArea

from delegate.model import Script
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.editor import ScriptEditorScreen
from delegate.ui.widgets.prompt import ChooseScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
TEXT = "## Who we are\nWe are the collective.\n"


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


def test_typing_then_ctrl_s_saves_and_escape_guards_unsaved_text(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root, index=None).save(Script("speech", "Our speech", TEXT))

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("script", "speech")
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ScriptEditorScreen)
            editor = screen.query_one("#editor", TextArea)
            editor.move_cursor(editor.document.end)
            await pilot.press(*"Thank you.")
            await pilot.pause()
            assert "unsaved" in str(screen.query_one("#editor-status", Static).render())

            await pilot.press("escape")  # unsaved: asks first
            await pilot.pause()
            assert isinstance(app.screen, ChooseScreen)
            options = app.screen.query_one(OptionList)
            options.highlighted = 1  # keep editing
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            assert Store(root, index=None).get(Script, "speech").text == TEXT

            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "saved" in str(screen.query_one("#editor-status", Static).render())
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ScriptEditorScreen)

    asyncio.run(scenario())
    assert Store(root, index=None).get(Script, "speech").text == TEXT + "Thank you."
