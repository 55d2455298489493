"""Taking minutes by keys: everything is on disk while the app still runs (an abrupt exit loses nothing)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, OptionList, TextArea

from delegate.model import FollowUp, Minutes
from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.minutes import AUTOSAVE_AFTER, MinutesScreen
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
GROUP = "safer-nights-action-group"


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


def on_disk(root: Path) -> Store:
    return Store(root, index=None)


async def answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def choose(pilot, value: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, ChooseScreen)
    options = screen.query_one(OptionList)
    options.highlighted = next(
        i for i in range(options.option_count) if options.get_option_at_index(i).id == value
    )
    await pilot.press("enter")
    await pilot.pause()


def test_minutes_by_keys_are_saved_as_they_are_typed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    write_demo(on_disk(root), NOW)
    before = {m.id for m in on_disk(root).all(Minutes)}
    seen: dict[str, str] = {}

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.pause()
            await pilot.press("i")
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            await choose(pilot, GROUP)
            screen = app.screen
            assert isinstance(screen, MinutesScreen)
            new_id = screen.minutes.id
            seen["id"] = new_id

            discussion = screen.query_one("#discussion", TextArea)
            discussion.focus()
            await pilot.press(*"Police reported two calls.")
            await pilot.pause(AUTOSAVE_AFTER + 0.4)
            # Saved while the app still runs: a terminal closed now loses nothing.
            saved = on_disk(root).get(Minutes, new_id)
            assert "Police reported two calls." in saved.items[0].discussion

            await pilot.press("ctrl+d")
            await pilot.pause()
            await answer(pilot, "Share one bad-date list")
            await pilot.press("ctrl+a")
            await pilot.pause()
            await answer(pilot, "Call the shelter coalition")
            await choose(pilot, "ana-ferreira")
            await answer(pilot, "2026-12-04")
            saved = on_disk(root).get(Minutes, new_id)
            assert "Share one bad-date list" in saved.items[0].decisions
            assert saved.actions[-1].text == "Call the shelter coalition"
            seen["followup"] = saved.actions[-1].followup

    asyncio.run(scenario())
    assert seen["id"] not in before
    followup = on_disk(root).get(FollowUp, seen["followup"])
    assert followup.owner == "ana-ferreira"
    assert followup.minutes == seen["id"]
