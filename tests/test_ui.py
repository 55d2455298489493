"""The terminal app driven by keys through Textual's Pilot, checked against what lands on disk.

pytest-asyncio is not installed, so each test is a plain function that runs its scenario with
`asyncio.run`. Time is fixed (`NOW`), the index cache goes to a temporary folder, and the user's zone
is pinned, so nothing here depends on the machine or the clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, HelpPanel, Input, OptionList, Select, Static

from delegate.model import Body, BodyKind, Delegation, DelegationStatus, Meeting
from delegate.services.bodies import add_body
from delegate.services.delegations import add_delegation
from delegate.services.meetings import add_meeting
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.bodies import BodiesScreen, BodyScreen
from delegate.ui.screens.dashboard import DashboardScreen
from delegate.ui.screens.delegations import DelegationScreen
from delegate.ui.screens.meetings import MeetingScreen
from delegate.ui.widgets.confirm import ConfirmScreen
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen

USER_ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(USER_ZONE))
SIZE = (120, 40)

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _fixed_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the user's zone and keep the index cache out of the real cache folder."""
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", USER_ZONE)
    monkeypatch.delenv("DELEGATE_NOW", raising=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


def on_disk(root: Path) -> Store:
    """A fresh view of the folder, as another process would read it (no index, nothing cached)."""
    return Store(root, index=None)


def run(root: Path, scenario: Scenario) -> None:
    """Run the app on `root` with the fixed now, no folder watching, and play `scenario` on it."""

    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field of the current screen and type `text` into it key by key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def paste_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field and paste `text` into it: one event, so long answers don't cost a key each."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.post_message(events.Paste(text))
    await pilot.pause()


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def table_cells(pilot: Pilot[None], selector: str = "DataTable") -> list[str]:
    table = pilot.app.screen.query_one(selector, DataTable)
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


# ---- a folder with one body, meetings and delegations, written as the CLI would ------------------------


@pytest.fixture
def planned(root: Path) -> dict[str, str]:
    """A body with two coming meetings (Thursdays) and one idea-stage delegation on the first."""
    store = on_disk(root)
    body = add_body(
        store,
        "Lakeport Police Board",
        BodyKind.POLICE_BOARD,
        members=7,
        timezone=USER_ZONE,
        request_deadline_days=8,
    )
    first = add_meeting(store, body, datetime(2026, 12, 17, 18, 0), duration=timedelta(hours=2))[0]
    second = add_meeting(store, body, datetime(2027, 1, 21, 18, 0), duration=timedelta(hours=2))[0]
    delegation = add_delegation(store, first, "Safety first", ["Ana Ferreira"], "Adopt guidelines")
    return {"body": body.id, "first": first.id, "second": second.id, "delegation": delegation.id}


async def open_only_delegation(pilot: Pilot[None]) -> DelegationScreen:
    """From anywhere: the Delegations list, then Enter on its first row."""
    await pilot.press("g")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DelegationScreen)
    return screen


async def answer_prompt(pilot: Pilot[None], text: str = "") -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    if text:
        await paste_into(pilot, "#answer", text)
    await pilot.press("enter")
    await pilot.pause()


# ---- (1) the first run: welcome, then the first body ---------------------------------------------------


def test_empty_folder_shows_welcome_and_adds_a_body(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.query_one("#welcome").display
        assert not screen.query_one("#overview").display
        assert "Welcome to delegate" in text_of(pilot, ".welcome-text")

        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert app.focused is form.query_one("#field-name")
        await pilot.press(*"Lakeport")  # typed into the first field, focused already
        await paste_into(pilot, "#field-name", " City Council")
        form.query_one("#field-kind", Select).value = "council"
        await type_into(pilot, "#field-members", "9")
        speaking = form.query_one("#field-speaking_limit", Input)
        speaking.value = ""
        await type_into(pilot, "#field-speaking_limit", "3:00")
        await type_into(pilot, "#field-deadline_days", "4")
        await paste_into(pilot, "#field-timezone", "America/Toronto")
        await pilot.press("ctrl+s")
        await pilot.pause()

        # Saved: the form is gone and the new body is open.
        assert isinstance(app.screen, BodyScreen)
        assert app.screen.body.name == "Lakeport City Council"

    run(root, scenario)

    bodies = on_disk(root).all(Body)
    assert [body.name for body in bodies] == ["Lakeport City Council"]
    body = bodies[0]
    assert body.id == "lakeport-city-council"
    assert body.kind is BodyKind.COUNCIL
    assert body.members == 9
    assert body.speaking_limit == timedelta(minutes=3)
    assert body.request_deadline is not None
    assert body.request_deadline.days_before == 4
    assert body.timezone == "America/Toronto"
    assert (root / "bodies").is_dir()


def test_body_form_refuses_a_missing_name(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "required" in text_of(pilot, "#error-name")
        assert "nothing was saved" in text_of(pilot, "#form-error")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)

    run(root, scenario)
    assert on_disk(root).all(Body) == []


# ---- (2) a meeting and a delegation through their forms ---------------------------------------------------


def test_add_meeting_and_delegation_through_forms(root: Path) -> None:
    store = on_disk(root)
    add_body(store, "Eastside Council", BodyKind.COUNCIL, timezone="America/Toronto", place="Town Hall")

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # The only body is chosen already.
        assert form.query_one("#field-body", Select).value == "eastside-council"
        await paste_into(pilot, "#field-start", "2026-12-17 18:00")
        assert text_of(pilot, "#error-start") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)

        await pilot.press("g")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # The meeting is required, so the only coming one is selected.
        assert form.query_one("#field-meeting", Select).value == "2026-12-17-eastside-council"
        await paste_into(pilot, "#field-topic", "Safe reporting")
        await paste_into(pilot, "#field-speakers", "Ana Ferreira, Priya Natarajan")
        await paste_into(pilot, "#field-ask", "Adopt the guidelines")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)
        assert "Safe reporting" in str(app.screen.query_one("#details", Static).render())

    run(root, scenario)

    saved = on_disk(root)
    [meeting] = saved.all(Meeting)
    assert meeting.body == "eastside-council"
    toronto = ZoneInfo("America/Toronto")
    assert meeting.start == datetime(2026, 12, 17, 18, 0, tzinfo=toronto)
    assert meeting.start.utcoffset() == timedelta(hours=-5)
    assert meeting.start.replace(tzinfo=None) == datetime(2026, 12, 17, 18, 0)  # wall time kept
    assert meeting.end == datetime(2026, 12, 17, 20, 0, tzinfo=toronto)  # default length 2h
    assert meeting.timezone == "America/Toronto"
    assert meeting.place == "Town Hall"

    [delegation] = saved.all(Delegation)
    assert delegation.meeting == meeting.id
    assert delegation.topic == "Safe reporting"
    assert delegation.speakers == ("Ana Ferreira", "Priya Natarajan")
    assert delegation.ask == "Adopt the guidelines"
    assert delegation.status is DelegationStatus.IDEA


def test_add_meeting_without_a_body_only_warns(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert any("Add a body first" in note.message for note in app._notifications)

    run(root, scenario)
    assert on_disk(root).all(Meeting) == []


# ---- (3) the lifecycle by keys ---------------------------------------------------------------------------


def test_request_confirm_deliver_by_keys(root: Path, planned: dict[str, str]) -> None:
    delegation_id = planned["delegation"]

    def status() -> DelegationStatus:
        return on_disk(root).get(Delegation, delegation_id).status

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_only_delegation(pilot)
        assert screen.delegation.id == delegation_id

        await pilot.press("r")
        await pilot.pause()
        await answer_prompt(pilot, "emailed the clerk")
        assert status() is DelegationStatus.REQUESTED

        await pilot.press("c")
        await pilot.pause()
        await answer_prompt(pilot)
        assert status() is DelegationStatus.CONFIRMED

        # The meeting is still ahead: delivered is asked about first (No keeps it confirmed).
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "still ahead" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert status() is DelegationStatus.CONFIRMED
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await answer_prompt(pilot, "Board referred it to staff")
        assert status() is DelegationStatus.DELIVERED

        # The screen shows the new state and the whole history, newest first.
        assert app.screen is screen
        assert "DELIVERED" in str(screen.query_one("#details", Static).render())
        assert screen.query_one("#history", DataTable).row_count == 3
        assert table_cells(pilot, "#history")[1] == "delivered"

        # Cancelling a delivered delegation is not offered: the key does nothing.
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)

    delegation = on_disk(root).get(Delegation, delegation_id)
    assert delegation.status is DelegationStatus.DELIVERED
    assert [entry.status for entry in delegation.history] == [
        DelegationStatus.REQUESTED,
        DelegationStatus.CONFIRMED,
        DelegationStatus.DELIVERED,
    ]
    assert [entry.note for entry in delegation.history] == [
        "emailed the clerk",
        "",
        "Board referred it to staff",
    ]
    assert all(entry.at == NOW for entry in delegation.history)
    assert delegation.outcome == "Board referred it to staff"


def test_cancel_needs_a_reason_then_rebook(root: Path, planned: dict[str, str]) -> None:  # noqa: PLR0915
    delegation_id = planned["delegation"]

    def saved() -> Delegation:
        return on_disk(root).get(Delegation, delegation_id)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:  # noqa: PLR0915 - one story
        screen = await open_only_delegation(pilot)
        await pilot.press("r")
        await pilot.pause()
        await answer_prompt(pilot)
        assert saved().status is DelegationStatus.REQUESTED

        await pilot.press("x")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        await pilot.press("enter")
        await pilot.pause()
        # Still asking, with the reason why, and nothing written.
        assert app.screen is prompt
        assert "required" in text_of(pilot, "#prompt-error")
        assert saved().status is DelegationStatus.REQUESTED
        assert len(saved().history) == 1

        await answer_prompt(pilot, "agenda moved")
        assert app.screen is screen
        cancelled = saved()
        assert cancelled.status is DelegationStatus.CANCELLED
        assert cancelled.cancel_reason == "agenda moved"
        assert "agenda moved" in str(screen.query_one("#details", Static).render())

        await pilot.press("k")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen)
        options = chooser.query_one("#choices", OptionList)
        # Only the other coming meeting of the same body is offered.
        assert options.option_count == 1
        assert options.get_option_at_index(0).id == planned["second"]
        assert "Thu 21 Jan 2027 18:00" in str(options.get_option_at_index(0).prompt)
        options.focus()
        await pilot.pause()
        await pilot.press("down", "enter")  # highlight the first (only) option, then choose it
        await pilot.pause()
        # Asked whether the new slot was requested already; No (the default) leaves it to request.
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert saved().status is DelegationStatus.IDEA
        assert saved().meeting == planned["second"]
        # u undoes the re-booking: cancelled on the first meeting again
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen
        assert (saved().status, saved().meeting) == (DelegationStatus.CANCELLED, planned["first"])
        assert len(saved().history) == 2
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("y")  # this time it was asked for
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)

    rebooked = saved()
    assert rebooked.status is DelegationStatus.REQUESTED
    assert rebooked.meeting == planned["second"]
    assert rebooked.cancel_reason == ""
    assert [(entry.status, entry.meeting) for entry in rebooked.history] == [
        (DelegationStatus.REQUESTED, planned["first"]),
        (DelegationStatus.CANCELLED, planned["first"]),
        (DelegationStatus.REQUESTED, planned["second"]),
    ]


def test_escape_on_a_prompt_changes_nothing(root: Path, planned: dict[str, str]) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_only_delegation(pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"typed", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # something was typed: asked first
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)
    delegation = on_disk(root).get(Delegation, planned["delegation"])
    assert delegation.status is DelegationStatus.IDEA
    assert delegation.history == ()


# ---- (4) a bad date is explained inline, and nothing is written -----------------------------------------


def test_bad_date_in_meeting_form_saves_nothing(root: Path) -> None:
    add_body(on_disk(root), "Lakeport Police Board", BodyKind.POLICE_BOARD)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await type_into(pilot, "#field-start", "2027-02-30 18:00")
        inline = text_of(pilot, "#error-start")
        assert "2027-02-30" in inline
        assert "not a real date" in inline
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "nothing was saved" in text_of(pilot, "#form-error")
        assert form.query_one("#field-start", Input).has_class("-invalid")
        assert app.focused is form.query_one("#field-start")

    run(root, scenario)
    assert on_disk(root).all(Meeting) == []
    assert not (root / "meetings").exists() or not any((root / "meetings").rglob("*.toml"))


def test_meeting_in_the_spring_forward_gap_is_refused_on_save(root: Path) -> None:
    add_body(on_disk(root), "Lakeport Police Board", BodyKind.POLICE_BOARD, timezone=USER_ZONE)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # A well-formed wall time, so the field itself is fine; the body's zone has no 02:30 that night.
        await paste_into(pilot, "#field-start", "2027-03-14 02:30")
        assert text_of(pilot, "#error-start") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        message = text_of(pilot, "#form-error")
        assert message.startswith("Not saved:")
        assert "does not exist in America/Vancouver" in message

    run(root, scenario)
    assert on_disk(root).all(Meeting) == []


# ---- (5) the demo ------------------------------------------------------------------------------------


def test_shift_d_loads_the_demo_on_the_empty_dashboard(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("D")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert not screen.query_one("#welcome").display
        assert screen.query_one("#overview").display
        assert "Lakeport Police Board" in table_cells(pilot, "#meetings")
        assert app.focused is screen.query_one("#meetings")

        # A second D must not write into a folder that has records now.
        await pilot.press("D")
        await pilot.pause()
        assert any("already has records" in note.message for note in app._notifications)

    run(root, scenario)
    assert "Lakeport Police Board" in [body.name for body in on_disk(root).all(Body)]


# ---- (6) edits from outside, picked up by ctrl+r -------------------------------------------------------


def test_ctrl_r_shows_a_body_written_by_another_store(root: Path) -> None:
    add_body(on_disk(root), "Lakeport Police Board", BodyKind.POLICE_BOARD)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BodiesScreen)
        assert "Lakeport Police Board" in table_cells(pilot, "#records")

        add_body(on_disk(root), "Harbour Parks Committee", BodyKind.COMMITTEE)  # as the CLI would
        await pilot.pause()
        assert "Harbour Parks Committee" not in table_cells(pilot, "#records")

        await pilot.press("ctrl+r")
        await pilot.pause()
        names = table_cells(pilot, "#records")
        assert "Harbour Parks Committee" in names
        assert "Lakeport Police Board" in names

    run(root, scenario)


def test_outside_edit_is_noticed_by_the_folder_check(root: Path) -> None:
    add_body(on_disk(root), "Lakeport Police Board", BodyKind.POLICE_BOARD)

    async def check(app: DelegateApp) -> None:
        app._check_folder()  # what the watch timer runs every few seconds
        await app.workers.wait_for_complete()
        await asyncio.sleep(0)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await pilot.pause()
        await check(app)  # the first look only remembers the folder
        await pilot.pause()
        assert not any("from outside" in note.message for note in app._notifications)

        add_body(on_disk(root), "Harbour Parks Committee", BodyKind.COMMITTEE)
        await check(app)
        await pilot.pause()
        assert "Harbour Parks Committee" in table_cells(pilot, "#records")
        assert any("Changes from outside the app were loaded." in n.message for n in app._notifications)

    run(root, scenario)


def test_the_apps_own_saves_are_not_taken_for_outside_edits(root: Path) -> None:
    add_body(on_disk(root), "Lakeport Police Board", BodyKind.POLICE_BOARD)

    async def check(app: DelegateApp) -> None:
        app._check_folder()
        await app.workers.wait_for_complete()
        await asyncio.sleep(0)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await pilot.pause()
        await check(app)
        add_body(app.store, "Harbour Parks Committee", BodyKind.COMMITTEE)  # saved by the app itself
        await check(app)
        await pilot.pause()
        assert not any("from outside" in note.message for note in app._notifications)
        add_body(on_disk(root), "Night Board", BodyKind.COMMITTEE)  # and then someone else writes
        await check(app)
        await pilot.pause()
        assert any("from outside" in note.message for note in app._notifications)

    run(root, scenario)


# ---- (7) help, back, command palette --------------------------------------------------------------------


def test_question_mark_toggles_the_help_panel(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        assert not app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)

    run(root, scenario)


def test_escape_goes_back_from_a_detail_screen(root: Path, planned: dict[str, str]) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await pilot.pause()
        bodies = app.screen
        assert isinstance(bodies, BodiesScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BodyScreen)
        assert app.screen.body.id == planned["body"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is bodies

    run(root, scenario)


async def palette_pick(pilot: Pilot[None], text: str) -> list[str]:
    """Open the command palette, type `text`, wait for the matches; returns their prompts."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*text)
    results = palette.query_one(CommandList)
    prompts: list[str] = []
    for _ in range(250):  # the search runs in the background; wait for it (5 s at most)
        await pilot.pause(0.02)
        prompts = [str(option.prompt) for option in results.options]
        if any(text in prompt for prompt in prompts):
            break
    return prompts


def test_command_palette_lists_add_body(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        prompts = await palette_pick(pilot, "Add body")
        assert any("Add body" in prompt for prompt in prompts), prompts

        # Choosing it opens the body form.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "Add a body"

    run(root, scenario)


def test_command_palette_offers_the_screen_keys(root: Path, planned: dict[str, str]) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_only_delegation(pilot)
        prompts = await palette_pick(pilot, "Requested")
        assert any(prompt.startswith("Requested") and "key: r" in prompt for prompt in prompts), prompts
        await pilot.press("enter")
        await pilot.pause()
        await answer_prompt(pilot)
        assert app.screen is screen

    run(root, scenario)
    assert on_disk(root).get(Delegation, planned["delegation"]).status is DelegationStatus.REQUESTED


# ---- editing a meeting and a delegation -------------------------------------------------------------


async def clear_and_type(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    await type_into(pilot, selector, text)


def test_edit_delegation_keeps_its_status_and_history(root: Path, planned: dict[str, str]) -> None:
    delegation_id = planned["delegation"]

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_only_delegation(pilot)
        await pilot.press("r")
        await pilot.pause()
        await answer_prompt(pilot, "emailed")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await clear_and_type(pilot, "#field-speakers", "Ana Ferreira, Bea Li")
        await clear_and_type(pilot, "#field-copies", "12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)

    run(root, scenario)
    saved = on_disk(root).get(Delegation, delegation_id)
    assert saved.speakers == ("Ana Ferreira", "Bea Li")
    assert saved.copies == 12
    assert saved.status is DelegationStatus.REQUESTED
    assert len(saved.history) == 1


def test_edit_meeting_moves_it_in_its_zone_and_bumps_sequence(root: Path, planned: dict[str, str]) -> None:
    meeting_id = planned["first"]

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("meeting", meeting_id)
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("e")
        await pilot.pause()
        await clear_and_type(pilot, "#field-start", "2026-12-18 13:30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert "18 December 2026, 13:30" in text_of(pilot, "#details")

    run(root, scenario)
    saved = on_disk(root).get(Meeting, meeting_id)
    assert saved.start == datetime(2026, 12, 18, 13, 30, tzinfo=ZoneInfo(USER_ZONE))
    assert saved.end == saved.start + timedelta(hours=2)
    assert saved.sequence == 1


def test_a_followup_notification_never_shows_a_confidential_name(root: Path) -> None:
    from delegate.model import FollowUp, Person

    store = on_disk(root)
    store.save(Person("confidential-peer", "Rosa Jimenez", role="Peer representative", confidential=True))
    store.save(
        FollowUp(
            "2026-11-20-ask-rosa",
            "Ask Rosa Jimenez about the shelter",
            owner="confidential-peer",
            due=NOW.date(),
            minutes="2026-11-04-group",
        )
    )
    shown: list[str] = []

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        original = app.notify

        def capture(message: str, **kwargs: object) -> None:
            shown.append(message)
            original(message, **kwargs)  # type: ignore[arg-type]

        app.notify = capture  # type: ignore[method-assign]
        app.open_record("followup", "2026-11-20-ask-rosa")
        await pilot.pause()

    run(root, scenario)
    assert shown
    assert all("Rosa" not in message and "Jimenez" not in message for message in shown)
    assert "Peer representative" in shown[0]


def test_the_folder_watch_waits_longer_when_a_look_takes_long(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looking at every file holds the interpreter (a third of a second at a hundred years): the
    watch then waits twenty times as long as a look took, so keys and paints keep their time."""
    import time as clock_time

    from delegate.store import Store
    from delegate.ui import app as app_module

    add_body(on_disk(root), "Lakeport Police Board", BodyKind.POLICE_BOARD)
    looks: list[float] = []

    def slow_fingerprint(self: Store) -> int:
        looks.append(clock_time.monotonic())
        clock_time.sleep(0.05)  # a big folder
        return 1

    monkeypatch.setattr(app_module, "WATCH_INTERVAL", 0.1)
    monkeypatch.setattr(Store, "fingerprint", slow_fingerprint)

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(2.5)
        assert 1 <= len(looks) <= 3  # every 0.1 s would be more than a dozen
        assert all(later - earlier >= 0.9 for earlier, later in pairwise(looks))

    asyncio.run(scenario())
