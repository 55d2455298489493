"""Screens that fit: the dashboard's essentials above the fold at 80×24, each screen's keys in its footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_ui_support import demo_folder, run_at
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from delegate.ui.app import DelegateApp


def _app_action(key: str) -> str:
    return next(b.action for b in DelegateApp.BINDINGS if isinstance(b, Binding) and b.key == key)


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


def test_at_80_by_24_the_dashboard_shows_meetings_deadlines_and_overdue_followups(tmp_path: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.pause()
        screen = app.screen
        bottom = screen.size.height - 1  # the footer's row
        await pilot.pause(0.3)  # past any scroll a focus would animate
        # the first panel's title and headings are on screen, and the meetings have the keys
        assert screen.query_one("#overview").scroll_y == 0
        assert screen.query_one("#meetings-title").region.y == 1
        assert app.focused is screen.query_one("#meetings")
        for name in ("meetings", "deadlines", "followups"):
            table = screen.query_one(f"#{name}", DataTable)
            assert table.region.height >= 3, name  # its header and rows
            assert table.region.bottom <= bottom, name
        followups = screen.query_one("#followups", DataTable)
        overdue = [
            index
            for index in range(followups.row_count)
            if str(followups.get_row_at(index)[0]).startswith("OVERDUE")
        ]
        assert overdue
        # every overdue row is drawn inside the table's visible rows (the header takes one)
        assert max(overdue) + 1 < followups.region.height

    run_at(demo_folder(tmp_path), scenario, (80, 24))


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("key", ["d", "m", "g", "s", "u"])
def test_the_footer_shows_the_screens_own_keys_first(tmp_path: Path, width: int, key: str) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press(key)
        await pilot.pause()
        keys = [item for item in app.screen.query(FooterKey) if item.key != "ctrl+p"]
        shown = [item.key for item in keys]
        assert "question_mark" in shown  # the sections' keys are listed by `?`
        app_keys = {binding.key for binding in DelegateApp.BINDINGS if isinstance(binding, Binding)}
        assert not [
            item.key
            for item in keys
            if item.key != "question_mark" and item.key in app_keys and (item.action == _app_action(item.key))
        ]
        own = [item for item in keys if item.key != "question_mark"]
        assert own
        assert own[0].region.right <= width  # the screen's first key is on screen
        assert own[0].region.width > 0

    run_at(demo_folder(tmp_path), scenario, (width, 24))


def test_at_80_columns_only_the_last_column_of_a_dashboard_panel_is_cut(tmp_path: Path) -> None:
    # The long texts (a follow-up, a body's name, a cost) come last: a cut ends a text, never hides
    # who owns a follow-up or whether a slot was requested.
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.pause()
        for name in ("meetings", "deadlines", "followups", "costs"):
            table = app.screen.query_one(f"#{name}", DataTable)
            widths = [column.get_render_width(table) for column in table.ordered_columns]
            assert sum(widths[:-1]) + 1 < table.region.width, (name, widths, table.region.width)

    run_at(demo_folder(tmp_path), scenario, (80, 24))
