"""The dashboard names confidential people by role in every panel, until N (for the dashboard only)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from mentions_support import DELEGATION, JO_ROLE, NOW, ZOE_LABEL, leaks, mentions_folder
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from delegate.services.audience import Audience
from delegate.services.dashboard import COLUMNS, DashboardView, dashboard_view
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.dashboard import DashboardScreen
from delegate.ui.screens.delegations import DelegationScreen

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


def run(root: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(140, 60)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def view_text(view: DashboardView) -> str:
    """What the dashboard shows (a row's key, what Enter opens, is never shown: an old id may name her)."""
    parts = [*view.unreadable]
    for panel in view.panels.values():
        parts.append(panel.title)
        parts.extend(cell for row in panel.rows for cell in row.cells)
    return "\n".join(parts)


def screen_text(app: DelegateApp) -> str:
    """Every cell of every table on the dashboard, every title, and the notice."""
    screen = app.screen
    parts = [str(screen.query_one("#unreadable", Static).render())]
    for name in COLUMNS:
        parts.append(str(screen.query_one(f"#{name}-title", Static).render()))
        table = screen.query_one(f"#{name}", DataTable)
        parts.extend(str(cell) for row in range(table.row_count) for cell in table.get_row_at(row))
    return "\n".join(parts)


def rows(app: DelegateApp, name: str) -> list[list[str]]:
    table = app.screen.query_one(f"#{name}", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def test_every_panel_is_public_by_default(tmp_path: Path) -> None:
    folder = mentions_folder(tmp_path / "data")
    view = dashboard_view(folder.store, NOW)
    assert set(view.panels) == set(COLUMNS)
    assert all(view.panels[name].shown for name in ("costs", "honoraria"))  # every panel has rows here
    assert leaks(view_text(view)) == []

    internal = view_text(dashboard_view(Store(folder.root, index=False), NOW, Audience.INTERNAL))
    assert "Jo Jiménez" in internal
    assert "Call jimenez about the shelter" in internal


def test_the_screen_shows_roles_until_n_and_names_after(tmp_path: Path) -> None:
    folder = mentions_folder(tmp_path / "data")

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        shown = screen_text(app)
        assert leaks(shown) == [], leaks(shown)
        meetings = rows(app, "meetings")
        assert [
            "Wed 09 Dec 18:00",
            "Lakeport Police Board",
            f"Safety first: what {JO_ROLE}'s group saw [requested]",
        ] in meetings
        assert ["Tue 15 Dec 18:00", f"Lakeport Police Board: Presentation by {JO_ROLE}", "—"] in meetings
        assert ["OVERDUE 2 d · 25 Nov", JO_ROLE, f"Call {JO_ROLE} about the shelter"] in rows(
            app, "followups"
        )
        assert ["Mon 30 Nov", ZOE_LABEL, f"Thank the board for hearing {ZOE_LABEL}"] in rows(app, "followups")
        assert rows(app, "costs") == [
            ["Wed 09 Dec", f"bus fare for {JO_ROLE} (6.00 CAD)", f"Safety first: what {JO_ROLE}'s group saw"]
        ]
        assert rows(app, "honoraria") == [["Fri 20 Nov", JO_ROLE, "50.00 CAD", "Safer Nights"]]
        assert "Honoraria owed: 1 · 50.00 CAD  (H to pay)" in screen_text(app)

        await pilot.press("N")
        await pilot.pause()
        assert "NAMES SHOWN" in screen.sub_title
        named = screen_text(app)
        assert "Call jimenez about the shelter" in named
        assert rows(app, "honoraria")[0][1] == "Jo Jiménez"
        assert ["Mon 30 Nov", "Zoë Quillon", "Thank the board for hearing zoe"] in rows(app, "followups")

        # For the dashboard only: another screen opens public.
        await pilot.press("g")
        await pilot.pause()
        assert "NAMES SHOWN" not in (app.screen.sub_title or "")
        await pilot.press("d")
        await pilot.pause()
        # the same dashboard, shown again: public again, until N is pressed again
        assert "NAMES SHOWN" not in screen.sub_title
        assert leaks(screen_text(app)) == []
        await pilot.press("N")
        await pilot.pause()
        assert "NAMES SHOWN" in screen.sub_title
        assert rows(app, "honoraria")[0][1] == "Jo Jiménez"

    run(folder.root, scenario)


def test_an_unreadable_file_named_after_her_is_named_by_role(tmp_path: Path) -> None:
    folder = mentions_folder(tmp_path / "data")
    broken = folder.root / "followups" / "2026" / "2026-12-03-call-jimenez.toml"
    broken.write_text("text = \n")

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        notice = str(app.screen.query_one("#unreadable", Static).render())
        assert "1 file could not be read" in notice
        assert f"followups/2026/2026-12-03-call-{JO_ROLE}.toml:1" in notice
        assert leaks(notice) == []
        await pilot.press("N")
        await pilot.pause()
        assert "2026-12-03-call-jimenez.toml:1" in str(app.screen.query_one("#unreadable", Static).render())

    run(folder.root, scenario)


def test_a_follow_up_opened_from_the_dashboard_is_told_by_role(tmp_path: Path) -> None:
    folder = mentions_folder(tmp_path / "data")

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("followup", "2026-11-27-call-peer-representative")
        await pilot.pause()
        [note] = [str(note.message) for note in app._notifications]
        assert note == f"Call {JO_ROLE} about the shelter — {JO_ROLE}, due Wed 25 Nov"
        # one from a delegation opens the delegation
        app.open_record("followup", "2026-11-27-thank-the-board")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)
        assert app.screen.delegation.id == DELEGATION

    run(folder.root, scenario)
