"""The speech timer screen, driven by keys with a fake clock: start, next section, overtime, save."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from delegate.model import Rehearsal, Script
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.timer import TimerScreen
from delegate.ui.widgets.bigtime import BigTime

ZONE = ZoneInfo("America/Vancouver")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
TEXT = "## Who we are\nWe are the collective.\n\n## The ask\nAdopt the guidelines.\n\n## Thanks\nThank you.\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


def test_a_take_runs_over_time_and_is_saved(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root, index=None).save(Script("speech", "Our speech", TEXT))
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), 300.0, clock=clock))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TimerScreen)
            assert screen.query_one("#time-left", BigTime).value == "5:00"

            await pilot.press("space")
            clock.now += 100
            await pilot.press("n")
            assert "current" in screen.query_one("#section-1").classes
            clock.now += 150
            await pilot.pause(0.15)  # one tick of the display
            assert screen.query_one("#time-left", BigTime).value == "0:50"
            assert "GREEN" in str(screen.query_one("#light", Static).render())

            await pilot.press("n")
            clock.now += 62  # 312 s in all: 12 s over
            await pilot.pause(0.15)
            assert screen.query_one("#time-left", BigTime).value == "+0:12"
            assert "RED" in str(screen.query_one("#light", Static).render())
            assert "light-red" in screen.query_one("#time-left").classes

            await pilot.press("n")  # past the last section: the take finishes
            clock.now += 30  # a finished take no longer runs
            await pilot.press("s")
            await pilot.pause()

    asyncio.run(scenario())
    takes = Store(root, index=None).all(Rehearsal)
    assert len(takes) == 1
    take = takes[0]
    assert take.script == "speech"
    assert take.total == pytest.approx(312)
    assert take.over_by == pytest.approx(12)
    assert take.complete
    assert [(split.title, split.seconds) for split in take.sections] == [
        ("Who we are", 100),
        ("The ask", 150),
        ("Thanks", 62),
    ]


def test_pause_does_not_count_and_reset_starts_over(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root, index=None).save(Script("speech", "Our speech", TEXT))
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), 300.0, clock=clock))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TimerScreen)
            await pilot.press("space")
            clock.now += 10
            await pilot.press("space")  # pause
            clock.now += 500
            await pilot.pause()
            assert screen.query_one("#time-left", BigTime).value == "4:50"
            assert "PAUSED" in str(screen.query_one("#timer-state", Static).render())
            await pilot.press("r")
            assert screen.query_one("#time-left", BigTime).value == "5:00"
            await pilot.press("s")  # nothing to save after a reset
            await pilot.pause()

    asyncio.run(scenario())
    assert Store(root, index=None).all(Rehearsal) == []
