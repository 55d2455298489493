"""The footer is made again only when the keys it shows change."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import make_app

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


def test_the_footer_is_made_once_or_twice_when_a_section_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Showing a screen signals a change of its keys many times; its footer is made again only when the
    keys it shows change (each time styles every key: most of a first paint, before)."""
    from textual.widgets import Footer as TextualFooter

    made: list[str] = []
    recompose = TextualFooter.recompose

    async def counting(self: TextualFooter) -> None:
        made.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(TextualFooter, "recompose", counting)
    root = tmp_path / "data"
    write_demo(Store(root, index=None), NOW)
    counts: dict[str, int] = {}

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for key, screen in (("P", "AuditsScreen"), ("s", "ScriptsScreen"), ("u", "FollowUpsScreen")):
                await pilot.press(key)
                await pilot.pause()
                await pilot.pause()
                counts[screen] = made.count(screen)
                assert app.screen.query("Footer FooterKey")  # and it shows the keys

    asyncio.run(scenario())
    assert all(1 <= count <= 2 for count in counts.values()), counts
