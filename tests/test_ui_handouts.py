"""Handouts, the request letter and script versions, driven by keys in the app."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import OptionList, TextArea

from delegate.model import Script
from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.delegations import DelegationScreen
from delegate.ui.screens.handouts import HandoutScreen
from delegate.ui.widgets.letter import LetterScreen
from delegate.ui.widgets.prompt import ChooseScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_demo(Store(root, index=None), NOW)
    return root


def test_handout_pdf_is_saved_to_exports(root: Path) -> None:
    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("handout", "safety-first-handout")
            await pilot.pause()
            assert isinstance(app.screen, HandoutScreen)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(scenario())
    pdf = root / "exports" / "safety-first-handout.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"


def test_request_letter_opens_from_the_delegation(root: Path) -> None:
    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            from delegate.model import Delegation

            delegation = next(d for d in app.store.all(Delegation) if d.script)
            app.open_record("delegation", delegation.id)
            await pilot.pause()
            assert isinstance(app.screen, DelegationScreen)
            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, LetterScreen)
            letter = app.screen.query_one(TextArea).text
            assert "Lakeport Police Board" in letter
            assert "Thursday 17 December 2026" in letter
            assert "Ana Ferreira" in letter
            await pilot.press("w")
            await pilot.pause()

    asyncio.run(scenario())
    saved = list((root / "exports").glob("*.md"))
    assert len(saved) == 1
    assert "Dear" in saved[0].read_text()


def test_restore_a_script_version_by_keys(root: Path) -> None:
    store = Store(root, index=None)
    original = store.get(Script, "safety-first-speech")
    store.save(replace(original, text="## Short\nA much shorter speech.\n"))

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("script", "safety-first-speech")
            await pilot.pause()
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ChooseScreen)
            app.screen.query_one(OptionList).highlighted = 0
            await pilot.press("enter")
            await pilot.pause()

    asyncio.run(scenario())
    assert Store(root, index=None).get(Script, "safety-first-speech").text == original.text
