"""The timer at the lectern: a running take is never lost to a key, the time fills the window, the
light colours the screen's edge, a presenter layout, and ad-hoc limits kept out of the script's stats."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from delegate.model import Rehearsal, Script
from delegate.services.audience import Audience
from delegate.services.script_views import rehearsal_views, script_view
from delegate.store import Store
from delegate.timer import TimerState
from delegate.ui.app import make_app
from delegate.ui.screens.timer import TimerScreen
from delegate.ui.widgets.bigtime import BigTime, big_lines

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


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    Store(root, index=None).save(Script("speech", "Our speech", TEXT))
    return root


def test_navigation_keys_are_ignored_while_the_take_runs(tmp_path: Path) -> None:
    root = _root(tmp_path)
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), 300.0, clock=clock))
            await pilot.pause()
            timer = app.screen
            assert isinstance(timer, TimerScreen)
            await pilot.press("space")
            clock.now += 40
            for key in ("d", "m", "g", "escape", "t", "q", "u", "H", "P"):
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is timer, key
                assert timer.engine.state is TimerState.RUNNING, key
            assert timer.engine.elapsed == pytest.approx(40)

            await pilot.press("space")  # paused, not saved: the first press only warns
            await pilot.press("m")
            await pilot.pause()
            assert app.screen is timer
            await pilot.press("m")  # asked twice: leaves, to the section asked for
            await pilot.pause()
            assert app.screen is not timer
            assert app.current_mode == "meetings"

    asyncio.run(scenario())


def test_a_saved_take_leaves_at_once(tmp_path: Path) -> None:
    root = _root(tmp_path)
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), 300.0, clock=clock))
            await pilot.pause()
            timer = app.screen
            await pilot.press("space")
            clock.now += 30
            await pilot.press("f", "s")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not timer

    asyncio.run(scenario())


@pytest.mark.parametrize(("size", "least"), [((120, 40), 7), ((80, 24), 5)])
def test_the_time_is_large_and_fits(tmp_path: Path, size: tuple[int, int], least: int) -> None:
    root = _root(tmp_path)
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), 300.0, clock=clock))
            await pilot.pause()
            for layout in ("full", "presenter"):
                digits = app.screen.query_one("#time-left", BigTime)
                lines = big_lines(digits.value, digits.content_size.width, digits.content_size.height)
                assert len(lines) >= least, layout
                assert len(lines) <= digits.content_size.height
                assert max(len(line) for line in lines) <= digits.content_size.width
                assert digits.region.right <= size[0]
                assert digits.region.bottom <= size[1]
                await pilot.press("p")
                await pilot.pause()

    asyncio.run(scenario())


def test_big_lines_scale_with_the_space_and_fall_back_to_text() -> None:
    small = big_lines("4:59", 40, 10)
    large = big_lines("4:59", 116, 30)
    assert len(large) > len(small) >= 5
    assert all(len(line) <= 116 for line in large)
    assert big_lines("4:59", 20, 4) == ["4:59"]  # too short for any block digit


def test_the_light_colours_the_edge_and_the_pace_clears_after_finish(tmp_path: Path) -> None:
    root = _root(tmp_path)
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), 300.0, clock=clock))
            await pilot.pause()
            screen = app.screen
            frame = screen.query_one("#timer")
            await pilot.press("space")
            clock.now += 200  # still on the first section, due to end at 2:13: behind pace
            await pilot.pause(0.15)
            assert "behind pace" in str(screen.query_one("#pace", Static).render())
            assert "edge-none" in frame.classes
            clock.now += 80
            await pilot.pause(0.15)
            assert "edge-amber" in frame.classes
            clock.now += 30
            await pilot.pause(0.15)
            assert "edge-red" in frame.classes
            assert "edge-amber" not in frame.classes
            await pilot.press("f")
            await pilot.pause()
            assert str(screen.query_one("#pace", Static).render()).strip() == ""

    asyncio.run(scenario())


def test_presenter_shows_the_time_the_light_and_the_current_section_only(tmp_path: Path) -> None:
    root = _root(tmp_path)
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), 300.0, clock=clock))
            await pilot.pause()
            screen = app.screen
            await pilot.press("p", "space", "n")
            await pilot.pause()
            assert not screen.query_one("#prompter").display or not screen.query_one("#prompter").visible
            assert screen.query_one("#prompter").region.area == 0
            assert screen.query_one("#history").region.area == 0
            section = str(screen.query_one("#presenter-section", Static).render())
            assert "The ask" in section
            assert "Adopt the guidelines." in section
            assert "Who we are" not in section
            assert screen.query_one("#light").region.area > 0
            await pilot.press("p")
            await pilot.pause()
            assert screen.query_one("#prompter").region.area > 0
            assert screen.query_one("#presenter-section").region.area == 0

    asyncio.run(scenario())


def test_a_take_at_an_adhoc_limit_stays_out_of_the_scripts_stats(tmp_path: Path) -> None:
    root = _root(tmp_path)
    clock = FakeClock()

    async def take(limit: float, seconds: float) -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(app.store.get(Script, "speech"), limit, clock=clock))
            await pilot.pause()
            await pilot.press("space")
            clock.now += seconds
            await pilot.press("f", "s")
            await pilot.pause()
            note = str(app.screen.query_one("#history-note", Static).render())
            if limit != 300.0:
                assert "ad-hoc" in note.lower()

    asyncio.run(take(300.0, 290))  # the script's own limit (5:00 by default)
    asyncio.run(take(120.0, 100))  # `delegate timer speech --limit 2:00`
    store = Store(root, index=None)
    takes = sorted(store.all(Rehearsal), key=lambda item: item.total)
    assert [(item.total, item.adhoc) for item in takes] == [(100, True), (290, False)]
    script = store.get(Script, "speech")
    view = script_view(store, script, Audience.PUBLIC)
    assert [item.total for item in view.takes] == [290]
    assert [item.total for item in rehearsal_views(store, script, Audience.PUBLIC, adhoc=True)] == [100]
    assert len(rehearsal_views(store, script, Audience.PUBLIC)) == 2
