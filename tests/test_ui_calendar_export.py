"""The calendar in the app: `c` in Meetings writes exports/delegate.ics; titles and all-day meetings shown."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from rich.console import Console
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, HelpPanel, OptionList, Static

from delegate.ics.sequences import LEDGER_NAME
from delegate.model import Body, Meeting
from delegate.services.bodies import add_body
from delegate.services.delegations import add_delegation
from delegate.services.demo import CONFIDENTIAL_NAMES, write_demo
from delegate.services.meetings import add_meeting
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.dashboard import DashboardScreen
from delegate.ui.screens.delegations import DelegationScreen
from delegate.ui.screens.meetings import MeetingScreen, MeetingsScreen
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.prompt import ChooseScreen

ZONE = ZoneInfo("America/Vancouver")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
SIZE = (120, 40)

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")
    monkeypatch.delenv("DELEGATE_NOW", raising=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_demo(Store(root, index=None), NOW)
    return root


def run(root: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def messages(app: DelegateApp) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def export_from_meetings(app: DelegateApp, pilot: Pilot[None]) -> None:
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, MeetingsScreen)
    await pilot.press("c")
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_c_in_meetings_exports_the_calendar(root: Path) -> None:
    path = root / "exports" / "delegate.ics"
    shown: list[str] = []

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await export_from_meetings(app, pilot)
        shown.extend(messages(app))

    run(root, scenario)
    data = path.read_bytes()
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert events
    assert any(str(event.get("SUMMARY", "")).startswith("Lakeport Police Board") for event in events)
    assert calendar.walk("VTODO")  # follow-ups go in as to-dos
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    text = data.decode("utf-8")
    for name in CONFIDENTIAL_NAMES:  # not an internal copy: confidential people by role only
        assert name not in text
    # The versions of the events are remembered for the next export.
    assert (root / LEDGER_NAME).exists()

    [done] = [message for message in shown if message.startswith("Calendar exported:")]
    meetings = sum(1 for event in events if str(event.get("UID", "")).startswith("meeting-"))
    assert done.startswith(f"Calendar exported: {meetings} meetings, ")
    assert "deadline" in done
    assert "follow-up" in done
    assert done.endswith(f"→ {path}")
    for name in CONFIDENTIAL_NAMES:
        assert all(name not in message for message in shown)


def test_exporting_again_gives_the_same_file(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await export_from_meetings(app, pilot)
        first = (root / "exports" / "delegate.ics").read_bytes()
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (root / "exports" / "delegate.ics").read_bytes() == first  # same UIDs, same SEQUENCEs

    run(root, scenario)


def test_an_export_that_cannot_be_written_is_an_error_notification(root: Path) -> None:
    (root / "exports").write_text("a file where the folder should be")

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await export_from_meetings(app, pilot)
        assert isinstance(app.screen, MeetingsScreen)  # the app is still here
        errors = [note for note in app._notifications if note.severity == "error"]
        assert len(errors) == 1
        assert str(errors[0].message).startswith(
            f"Calendar not exported: could not write the calendar to {root / 'exports' / 'delegate.ics'}"
        )
        assert "Traceback" not in str(errors[0].message)
        assert not any(message.startswith("Calendar exported") for message in messages(app))

    run(root, scenario)
    # Nothing was delivered, so no new event versions were recorded either.
    assert not (root / LEDGER_NAME).exists()


def test_export_is_in_the_keys_panel_and_the_command_palette(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        keys = app.screen.query_one("BindingsTable")  # the panel's table of this screen's keys
        console = Console(width=200, record=True)
        console.print(keys.render_bindings_table())  # type: ignore[attr-defined]
        assert "Export calendar (.ics)" in console.export_text()
        await pilot.press("question_mark")
        await pilot.pause()

        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press(*"Export calendar")
        results = palette.query_one(CommandList)
        prompts: list[str] = []
        for _ in range(250):  # the search runs in the background
            await pilot.pause(0.02)
            prompts = [str(option.prompt) for option in results.options]
            if any("Export calendar" in prompt for prompt in prompts):
                break
        assert sum("Export calendar" in prompt for prompt in prompts) == 1, prompts
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(message.startswith("Calendar exported:") for message in messages(app))

    run(root, scenario)
    assert (root / "exports" / "delegate.ics").exists()


# ---- titles and all-day meetings ---------------------------------------------------------------------


@pytest.fixture
def titled(tmp_path: Path) -> Path:
    """A council with a titled evening meeting and an untitled one, and an all-day budget day."""
    root = tmp_path / "data"
    store = Store(root, index=None)
    council = add_body(store, "Lakeport City Council", timezone="America/Vancouver")
    [special] = add_meeting(store, council, datetime(2026, 12, 15, 18, 0, tzinfo=ZONE))
    store.save(replace(special, title="Special Council Meeting: community safety plan"))
    add_meeting(store, council, datetime(2026, 12, 8, 9, 30, tzinfo=ZONE))
    [budget] = add_meeting(store, council, datetime(2027, 1, 20, 0, 0, tzinfo=ZONE))
    store.save(
        replace(
            budget,
            title="Budget Day — public input session",
            all_day=True,
            end=datetime(2027, 1, 21, 0, 0, tzinfo=ZONE),
        )
    )
    return root


def cells(table: DataTable[object]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def test_titles_and_all_day_in_the_meetings_list(titled: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        rows = cells(app.screen.query_one(DataTable))
        assert [row[:2] for row in rows] == [
            ["Tue 08 Dec 2026 09:30", "Lakeport City Council"],
            [
                "Tue 15 Dec 2026 18:00",
                "Lakeport City Council: Special Council Meeting: community safety plan",
            ],
            ["Wed 20 Jan 2027 all day", "Lakeport City Council: Budget Day — public input session"],
        ]

    run(titled, scenario)


def test_titles_and_all_day_on_the_dashboard_and_the_meeting(titled: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, DashboardScreen)
        await pilot.pause()
        rows = cells(app.screen.query_one("#meetings", DataTable))
        assert ["Wed 20 Jan all day", "Lakeport City Council: Budget Day — public input session"] in [
            row[:2] for row in rows
        ]
        budget = next(m for m in app.store.all(Meeting) if m.all_day)
        app.open_record("meeting", budget.id)
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        details = str(app.screen.query_one("#details", Static).render())
        assert details.startswith("Lakeport City Council: Budget Day — public input session")
        assert "When: Wednesday 20 January 2027, all day" in details
        assert "00:00" not in details

    run(titled, scenario)


def test_an_all_day_meeting_today_is_still_coming(titled: Path) -> None:
    store = Store(titled, index=None)
    council = store.all(Body)[0]
    [today] = add_meeting(store, council, datetime(2026, 11, 27, 0, 0, tzinfo=ZONE))
    store.save(replace(today, title="Open house", all_day=True, end=today.start + timedelta(days=1)))

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        rows = cells(app.screen.query_one(DataTable))
        assert rows[0][:2] == ["Fri 27 Nov 2026 all day", "Lakeport City Council: Open house"]

    run(titled, scenario)


def test_all_day_in_the_delegation_picker_and_on_the_delegation(titled: Path) -> None:
    """The delegation form's meetings, a delegation's details and its re-book picker say 'all day'
    as the meetings list does (one helper: services.meetings.meeting_when)."""
    store = Store(titled, index=None)
    budget = next(m for m in store.all(Meeting) if m.all_day)
    delegation = add_delegation(store, budget, "Fund the night bus", [])

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.action_add_delegation()
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        picker = app.screen.query_one("#field-meeting OptionList", OptionList)  # the Select's list
        labels = [str(option.prompt) for option in picker.options]
        assert "Wed 20 Jan 2027 all day — Lakeport City Council: Budget Day — public input session" in labels
        assert "Tue 08 Dec 2026 09:30 — Lakeport City Council" in labels
        await pilot.press("escape")
        await pilot.pause()
        app.open_record("delegation", delegation.id)
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)
        details = str(app.screen.query_one("#details", Static).render())
        assert "Meeting: Wednesday 20 January 2027, all day" in details
        await pilot.press("k")  # re-book: the other meetings, by when they start
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        options = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert options[0].startswith("Tue 08 Dec 2026 09:30 — ")

    run(titled, scenario)
