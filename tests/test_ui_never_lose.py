"""Nothing typed is lost, and what was done can be undone: by keys, through the Pilot, on the Night
Group (two confidential members), checked against what lands on disk.

A date that is not one keeps the dialog open with everything typed; a form left with Escape asks
first; follow-ups are added and changed with owner, due date and source (an owner shown by role
stays that person); done, drop and circulate are undone with u; circulated minutes are read-only
until amended, which keeps the text that went out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from minutes_people import DECEMBER, EARLIER_ACTION, JO, JO_ROLE, fill, leaks
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static

from delegate import parsing
from delegate.model import FollowUp, FollowUpStatus, Minutes, MinutesStatus, Person
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.followups import FollowUpsScreen
from delegate.ui.screens.minutes import MinutesScreen
from delegate.ui.widgets.confirm import ConfirmScreen
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
TODAY = NOW.date()
NEXT_FRIDAY = parsing.parse_date("next friday", today=TODAY)

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    fill(Store(folder, index=None, default_zone="America/Vancouver"))
    return folder


def on_disk(root: Path) -> Store:
    return Store(root, index=None)


def jo_id(root: Path) -> str:
    return next(person.id for person in on_disk(root).all(Person) if person.name == JO)


def run(root: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def set_value(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.pause()


async def choose(pilot: Pilot[None], value: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ChooseScreen)
    options = screen.query_one(OptionList)
    options.highlighted = next(
        i for i in range(options.option_count) if options.get_option_at_index(i).id == value
    )
    await pilot.press("enter")
    await pilot.pause()


async def open_minutes(app: DelegateApp, pilot: Pilot[None]) -> MinutesScreen:
    app.open_record("minutes", DECEMBER)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MinutesScreen)
    return screen


async def open_followups(app: DelegateApp, pilot: Pilot[None]) -> FollowUpsScreen:
    await pilot.press("u")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, FollowUpsScreen)
    return screen


def on_row(screen: FollowUpsScreen, followup_id: str) -> None:
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(f"followup:{followup_id}"))


def notes(app: DelegateApp) -> list[str]:
    return [str(note.message) for note in app._notifications]


# ---- a bad date keeps what was typed ----------------------------------------------------------------


def test_a_bad_due_date_in_the_action_item_dialog_keeps_the_text_and_the_owner(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_minutes(app, pilot)
        await pilot.press("ctrl+a")
        await pilot.pause()
        await set_value(pilot, "#answer", "Call the shelter coalition")
        await pilot.press("enter")
        await pilot.pause()
        await choose(pilot, "ana")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)

        await set_value(pilot, "#answer", "next fridya")
        await pilot.press("enter")
        await pilot.pause()
        # Refused where it was typed: the dialog stays, the text stays, the field is marked.
        assert app.screen is prompt
        assert prompt.query_one("#answer", Input).value == "next fridya"
        assert prompt.query_one("#answer", Input).has_class("-invalid")
        assert "kept" in text_of(pilot, "#prompt-error")
        assert len(on_disk(root).get(Minutes, DECEMBER).actions) == 1  # nothing saved yet

        # Corrected: the exact date is shown before Enter saves it, with the text and owner typed.
        await set_value(pilot, "#answer", "next friday")
        assert text_of(pilot, "#prompt-hint") == f"→ {parsing.describe_date(NEXT_FRIDAY)}"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)

    run(root, scenario)
    action = on_disk(root).get(Minutes, DECEMBER).actions[-1]
    assert (action.text, action.owner, action.due) == ("Call the shelter coalition", "ana", NEXT_FRIDAY)


def test_escape_on_a_typed_prompt_asks_before_the_text_is_thrown_away(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        minutes = await open_minutes(app, pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()
        prompt = app.screen
        await set_value(pilot, "#answer", "Write to the board")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # No: back to what was typed
        await pilot.pause()
        assert app.screen is prompt
        assert prompt.query_one("#answer", Input).value == "Write to the board"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is minutes

    run(root, scenario)


# ---- follow-ups: add and edit with owner, due and source, ask on leave -------------------------------


def test_a_new_follow_up_keeps_everything_on_a_bad_date_and_asks_before_it_is_left(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_followups(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # Nothing typed yet: Escape leaves at once.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await set_value(pilot, "#field-text", "Send the board the shelter numbers")
        await set_value(pilot, "#field-owner", JO_ROLE)
        await set_value(pilot, "#field-due", "someday soon")
        form.query_one("#field-source", Select).value = f"minutes:{DECEMBER}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-due", Input).has_class("-invalid")
        assert form.query_one("#field-text", Input).value == "Send the board the shelter numbers"
        assert form.query_one("#field-owner", Input).value == JO_ROLE
        assert "what you typed is kept" in text_of(pilot, "#form-error")

        # Escape on a changed form asks; No keeps it all.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-due", Input).value == "someday soon"

        await set_value(pilot, "#field-due", "in 3 days")
        assert text_of(pilot, "#hint-due") == f"→ {parsing.describe_date(date(2026, 11, 30))}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        row = [
            " ".join(str(cell) for cell in screen.query_one(DataTable).get_row_at(i))
            for i in range(screen.query_one(DataTable).row_count)
        ]
        mine = [line for line in row if "shelter numbers" in line]
        assert mine
        assert JO_ROLE in mine[0]
        assert leaks(" ".join(row)) == []  # the owner by role in the list

    run(root, scenario)
    added = [
        item for item in on_disk(root).all(FollowUp) if item.text == "Send the board the shelter numbers"
    ]
    assert len(added) == 1
    assert (added[0].owner, added[0].due, added[0].minutes) == (jo_id(root), date(2026, 11, 30), DECEMBER)


def test_editing_a_follow_up_keeps_an_owner_shown_by_role_and_the_names_in_its_text(root: Path) -> None:
    earlier = next(item for item in on_disk(root).all(FollowUp) if item.text == EARLIER_ACTION)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_followups(app, pilot)
        on_row(screen, earlier.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-owner", Input).value == JO_ROLE
        assert leaks(form.query_one("#field-text", Input).value) == []
        assert form.query_one("#field-source", Select).value == f"minutes:{earlier.minutes}"
        await set_value(pilot, "#field-due", "2026-12-10")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)
    edited = on_disk(root).get(FollowUp, earlier.id)
    assert edited.due == date(2026, 12, 10)
    assert (edited.owner, edited.text, edited.minutes) == (earlier.owner, EARLIER_ACTION, earlier.minutes)


# ---- undo -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["x", "X"])
def test_done_and_drop_are_undone_with_u(root: Path, key: str) -> None:
    earlier = next(item for item in on_disk(root).all(FollowUp) if item.text == EARLIER_ACTION)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_followups(app, pilot)
        on_row(screen, earlier.id)
        await pilot.press(key)
        await pilot.pause()
        if key == "X":
            await pilot.press("enter")  # no reason
            await pilot.pause()
        closed = on_disk(root).get(FollowUp, earlier.id).status
        assert closed is (FollowUpStatus.DONE if key == "x" else FollowUpStatus.DROPPED)
        assert any("u to undo" in note for note in notes(app))
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen
        assert on_disk(root).get(FollowUp, earlier.id).status is FollowUpStatus.OPEN
        assert any(note.startswith("Undone") for note in notes(app))

    run(root, scenario)


def test_circulate_is_undone_then_circulated_minutes_are_read_only_until_amended(root: Path) -> None:
    def status() -> MinutesStatus:
        return on_disk(root).get(Minutes, DECEMBER).status

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_minutes(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert status() is MinutesStatus.CIRCULATED
        await pilot.press("u")  # the discussion is read-only now: u reaches the screen
        await pilot.pause()
        assert app.screen is screen
        assert status() is MinutesStatus.DRAFT

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert status() is MinutesStatus.CIRCULATED
        assert "read-only" in text_of(pilot, "#save-state")
        await pilot.press("ctrl+d")  # a decision on circulated minutes: refused, no prompt
        await pilot.pause()
        assert app.screen is screen
        assert any("ctrl+o to amend" in note for note in notes(app))

        await pilot.press("ctrl+o")  # amend: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert status() is MinutesStatus.DRAFT
        assert not screen.query_one("#discussion").read_only  # type: ignore[attr-defined]

    run(root, scenario)
    amended = on_disk(root).get(Minutes, DECEMBER)
    assert len(amended.amendments) == 1
    assert amended.amendments[0].on == TODAY
    assert "Night Group" in amended.amendments[0].circulated
    assert leaks(amended.amendments[0].circulated) == []  # kept as it went out: by role


def test_chair_and_note_taker_are_set_by_keys(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_minutes(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await choose(pilot, "ana")
        await choose(pilot, "dana")
        assert text_of(pilot, "#roles") == "Chair: Ana Ferreira · Notes: Dana Morris"

    run(root, scenario)
    saved = on_disk(root).get(Minutes, DECEMBER)
    assert (saved.chair, saved.note_taker) == ("ana", "dana")


def test_a_cancelled_meeting_is_undone_as_a_newer_version(root: Path) -> None:
    from delegate.model import Meeting, MeetingStatus

    before = on_disk(root).get(Meeting, "m-dec")

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("meeting", "m-dec")
        await pilot.pause()
        screen = app.screen
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # no reason
        await pilot.pause()
        assert on_disk(root).get(Meeting, "m-dec").status is MeetingStatus.CANCELLED
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)
    after = on_disk(root).get(Meeting, "m-dec")
    assert after.status is MeetingStatus.SCHEDULED
    assert after.sequence == before.sequence + 2  # calendars that saw the cancel see it lifted
