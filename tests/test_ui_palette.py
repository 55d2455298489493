"""The command palette finds records: a delegation by its topic, people by role in public (never a
confidential name unless the screen shows names)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from demo_ui_support import demo_folder, on_disk, run
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from delegate.lens import Audience
from delegate.model import Body
from delegate.services.demo import CONFIDENTIAL_NAMES
from delegate.services.search import searchable
from delegate.ui.app import DelegateApp
from delegate.ui.screens.delegations import DelegationScreen

SECRET = CONFIDENTIAL_NAMES[0]


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


async def _search(app: DelegateApp, pilot: Pilot[None], query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    options: list[str] = []
    for _ in range(20):  # the palette searches in the background
        await pilot.pause(0.1)
        found = app.screen.query_one(CommandList)
        options = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        if options:
            break
    return options


def test_the_palette_finds_a_delegation_by_topic_and_opens_it(tmp_path: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        options = await _search(app, pilot, "landlord contact")
        assert "Landlord contact after reports" in options[0]
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DelegationScreen)
        assert screen.delegation.id == "2026-07-16-landlord-contact-after-reports"

    run(demo_folder(tmp_path), scenario)


def test_the_palette_never_shows_a_confidential_name_in_public(tmp_path: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        options = await _search(app, pilot, "peer representative")
        assert any("Peer representative" in option for option in options)
        assert not any(SECRET in option for option in options)

    run(demo_folder(tmp_path), scenario)


def test_searchable_records_are_built_for_the_audience(tmp_path: Path) -> None:
    store = on_disk(demo_folder(tmp_path))
    public = searchable(store)
    kinds = {found.kind for found in public}
    assert {"meeting", "delegation", "script", "minutes", "followup", "body"} <= kinds
    assert not [found for found in public if SECRET in found.text or SECRET in found.help]
    internal = searchable(store, Audience.INTERNAL)
    assert [found for found in internal if SECRET in found.text]


def test_record_text_in_the_palette_is_never_markup(tmp_path: Path) -> None:
    root = demo_folder(tmp_path)
    store = on_disk(root)
    body = store.get(Body, "lakeport-police-board")
    store.save(replace(body, name="[@click=app.quit]Police[/] \\[b]Board"))

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        options = await _search(app, pilot, "landlord contact")
        assert "[@click=app.quit]Police[/] \\[b]Board" in options[0]
        assert app.is_running

    run(root, scenario)
