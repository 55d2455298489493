"""Sections built out of sight while the dashboard is idle, and screens shown again as they were left:
a section's key shows a whole screen at once, the dashboard is not disturbed meanwhile, and a theme
changed while a screen was away still reaches it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Header

from delegate.model import Body, Meeting
from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import SECTIONS, DelegateApp, make_app
from delegate.ui.screens.listing import BATCH_ROWS, FIRST_ROWS
from delegate.ui.widgets.table import RecordTable

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
TITLES = {"m": "Meetings", "g": "Delegations", "u": "Follow-ups", "s": "Scripts", "i": "Minutes"}


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


def demo(root: Path, extra_meetings: int = 0) -> None:
    store = Store(root, index=None)
    write_demo(store, NOW)
    if extra_meetings:
        body = store.all(Body)[0]
        for number in range(extra_meetings):
            start = NOW + timedelta(days=number + 1)
            store.save(
                Meeting(f"{start:%Y-%m-%d}-extra-{number}", body.id, start, title=f"Extra meeting {number}")
            )


def test_every_section_but_the_dashboard_is_built() -> None:
    assert set(SECTIONS) == set(DelegateApp.MODES) - {"dashboard"}
    assert len(SECTIONS) == len(set(SECTIONS))


def test_sections_are_built_while_the_dashboard_stays_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "data"
    demo(root)

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False, warm_sections=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            dashboard = app.screen
            focused = dashboard.focused
            await pilot.pause(3.0)  # idle: every section is built meanwhile
            assert app.screen is dashboard
            assert app.current_mode == "dashboard"
            assert dashboard.focused is focused
            assert "What's next" in str(dashboard.sub_title)
            for mode in SECTIONS:
                assert app.get_screen_stack(mode), f"{mode} was not built"
            for key, title in TITLES.items():
                await pilot.press(key)
                await pilot.pause()
                assert title in str(app.screen.sub_title)
                table = app.screen.query_one(RecordTable)
                assert table.row_count > 0, title
                assert app.screen.focused is table  # keys go to the list, as on a screen built on the key

    asyncio.run(scenario())


def test_a_key_during_the_building_is_answered(tmp_path: Path) -> None:
    root = tmp_path / "data"
    demo(root)

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False, warm_sections=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.45)  # the first section is being built
            await pilot.press("u")
            await pilot.pause()
            assert app.current_mode == "followups"
            assert "Follow-ups" in str(app.screen.sub_title)
            await pilot.pause(2.0)  # building goes on from here, out of sight
            assert app.current_mode == "followups"
            await pilot.press("m")
            await pilot.pause()
            assert "Meetings" in str(app.screen.sub_title)

    asyncio.run(scenario())


def test_a_long_list_built_out_of_sight_is_whole_once_shown(tmp_path: Path) -> None:
    root = tmp_path / "data"
    extra = FIRST_ROWS + 150
    demo(root, extra_meetings=extra)

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False, warm_sections=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(3.0)
            await pilot.press("m")
            await pilot.pause(0.5)
            table = app.screen.query_one(RecordTable)
            keys = {str(key.value) for key in table.rows}
            wanted = {f"meeting:{NOW + timedelta(days=n + 1):%Y-%m-%d}-extra-{n}" for n in range(extra)}
            assert wanted <= keys

    asyncio.run(scenario())


def test_a_screen_first_shown_after_a_theme_change_has_that_theme(tmp_path: Path) -> None:
    # A new screen is not restyled when it is first shown (it was styled as it mounted): what it
    # mounted with must already be the theme of the moment.
    root = tmp_path / "data"
    demo(root)

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            dark = app.screen.query_one(Header).styles.background
            app.theme = "textual-light"
            await pilot.pause()
            light = app.screen.query_one(Header).styles.background
            assert light != dark
            await pilot.press("m")
            await pilot.pause()
            assert app.screen.query_one(Header).styles.background == light

    asyncio.run(scenario())


def test_a_theme_changed_while_a_screen_was_away_reaches_it(tmp_path: Path) -> None:
    root = tmp_path / "data"
    demo(root)

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.theme = "textual-dark"
            await pilot.press("m")
            await pilot.pause()
            meetings = app.screen
            before = meetings.query_one(Header).styles.background
            await pilot.press("d")
            await pilot.pause()
            app.theme = "textual-light"
            await pilot.pause()
            await pilot.press("m")
            await pilot.pause()
            assert app.screen is meetings
            after = meetings.query_one(Header).styles.background
            assert after != before

    asyncio.run(scenario())


def test_building_out_of_sight_leaves_names_shown_and_typing_as_they_were(tmp_path: Path) -> None:
    """N (names shown) and a half-typed filter on the screen the user is on survive the sections
    being built meanwhile: the screen is left and shown again within one hidden batch."""
    root = tmp_path / "data"
    demo(root)

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False, warm_sections=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("g")  # before anything is built
            await pilot.pause()
            screen = app.screen
            await pilot.press("N", "slash", "s", "a")
            await pilot.pause(3.0)  # every other section is built meanwhile, from here
            for mode in SECTIONS:
                assert app.get_screen_stack(mode), f"{mode} was not built"
            assert app.screen is screen
            assert "NAMES SHOWN" in str(screen.sub_title)
            assert screen.query_one("#filter").value == "sa"
            assert screen.focused is screen.query_one("#filter")
            await pilot.press("f")
            assert screen.query_one("#filter").value == "saf"

    asyncio.run(scenario())


def test_a_broken_file_found_while_building_is_named_on_the_dashboard(tmp_path: Path) -> None:
    """The dashboard reads meetings, delegations and follow-ups; a broken minutes file is found only
    when the minutes list is built, out of sight: the dashboard's notice then names it too."""
    root = tmp_path / "data"
    demo(root)
    broken = root / "minutes" / "2026" / "2026-01-01-broken.toml"
    broken.write_text('id = "2026-01-01-broken"\ngroup = [[[\n', encoding="utf-8")

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False, warm_sections=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            notice = app.screen.query_one("#unreadable")
            assert not notice.display  # nothing the dashboard reads is broken
            await pilot.pause(3.0)
            assert notice.display
            assert "2026-01-01-broken.toml:" in str(notice.render())

    asyncio.run(scenario())


def test_what_is_built_is_left_out_of_full_collections_until_the_app_ends(tmp_path: Path) -> None:
    """A full collection walks every object in memory (30–100 ms with ten years of records): what
    the app has read and built is frozen out of it, and handed back when the app is done."""
    import gc

    root = tmp_path / "data"
    demo(root)
    assert gc.get_freeze_count() == 0

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False, warm_sections=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.1)
            after_dashboard = gc.get_freeze_count()
            assert after_dashboard > 0
            await pilot.pause(3.0)  # every section built
            assert all(app._built(mode) for mode in SECTIONS)
            assert gc.get_freeze_count() > after_dashboard

    asyncio.run(scenario())
    assert gc.get_freeze_count() == 0


def test_an_app_closed_while_sections_are_being_built_ends_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app closed without a quit (a crash elsewhere, a test leaving its Pilot) keeps its timers
    while it closes its screens one by one: the next section's build, falling due then, must neither
    open a screen on the closing app nor fail on a mode already closed."""
    root = tmp_path / "data"
    demo(root)
    prune = DelegateApp._prune

    def prune_as_a_build_falls_due(self: DelegateApp, *nodes: Any, parent: Any = None) -> Any:
        if not self.is_running:
            self._warm_next_section()  # what the build's timer does when it fires between two screens
        return prune(self, *nodes, parent=parent)

    monkeypatch.setattr(DelegateApp, "_prune", prune_as_a_build_falls_due)

    async def scenario(built: int) -> None:
        app = make_app(root, now=lambda: NOW, watch=False, warm_sections=True)
        async with app.run_test(size=(120, 40)) as pilot:
            while sum(bool(app._screen_stacks.get(mode)) for mode in SECTIONS) < built:
                await pilot.pause(0.01)

    for built in (0, 1, len(SECTIONS)):
        asyncio.run(scenario(built))  # raises what the app raised while closing


def test_a_long_list_left_adds_no_rows_until_it_is_shown_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of rows falling due after the user has left the list waits for the list to be shown:
    the screen the user went to gets the interpreter (a batch of a long list is a table measured)."""
    root = tmp_path / "data"
    extra = FIRST_ROWS + 2 * BATCH_ROWS
    demo(root, extra_meetings=extra)
    monkeypatch.setattr("delegate.ui.screens.listing.BATCH_GAP", 0.3)  # time to leave between two batches

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("m")
            await pilot.pause(0.05)
            meetings = app.screen
            table = meetings.query_one(RecordTable)
            shown = table.row_count
            assert shown < extra
            await pilot.press("d")
            await pilot.pause(1.0)  # batches would have fallen due meanwhile
            assert app.current_mode == "dashboard"
            assert table.row_count == shown
            await pilot.press("m")
            await pilot.pause(1.5)
            assert app.screen is meetings
            assert table.row_count > extra

    asyncio.run(scenario())
