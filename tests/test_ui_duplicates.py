"""The app asks before adding a body that is already here: No (the default) keeps the folder as it was,
Yes adds another."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from delegate.model import Body, BodyKind
from delegate.services.bodies import add_body
from delegate.services.people import add_person
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.bodies import BodyScreen
from delegate.ui.widgets.confirm import ConfirmScreen
from delegate.ui.widgets.form import FormScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
BOARD = "lakeport-police-board"
QUESTION = f"Lakeport Police Board is already here ({BOARD}). Add another?"

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _fixed_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")
    monkeypatch.delenv("DELEGATE_NOW", raising=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A folder holding the Lakeport Police Board, written as the CLI would."""
    folder = tmp_path / "data"
    add_body(Store(folder, index=None), "Lakeport Police Board", BodyKind.POLICE_BOARD)
    return folder


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under the data folder (hidden ones too), with the bytes of each file."""
    return {
        str(path.relative_to(root)): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def run(root: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


async def add_body_named(pilot: Pilot[None], name: str) -> None:
    """Open the body form from the dashboard, type `name` and save."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    field = pilot.app.screen.query_one("#field-name", Input)
    field.focus()
    await pilot.pause()
    field.post_message(events.Paste(name))
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


def question(pilot: Pilot[None]) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, ConfirmScreen), screen
    return str(screen.query_one("#question", Static).render())


@pytest.mark.parametrize("answer", ["enter", "n", "escape"])
def test_no_keeps_the_folder_as_it_was(root: Path, answer: str) -> None:
    before = snapshot(root)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await add_body_named(pilot, "lakepórt  POLICE board")
        assert question(pilot) == QUESTION
        await pilot.press(answer)  # Enter answers the focused button: No
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)  # still open, to change the name or leave
        error = str(form.query_one("#form-error", Static).render())
        assert error == f"Not saved: Lakeport Police Board is already here ({BOARD}).", error
        await pilot.press("escape")  # a typed form asks before it is left
        await pilot.pause()
        assert question(pilot) == FormScreen.LEAVE_QUESTION
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen | ConfirmScreen)

    run(root, scenario)
    assert snapshot(root) == before


def test_yes_adds_another_with_the_next_id(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await add_body_named(pilot, "Lakeport Police Board")
        assert question(pilot) == QUESTION
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, BodyScreen)
        assert app.screen.body.id == f"{BOARD}-2"

    run(root, scenario)
    assert sorted(body.id for body in Store(root, index=None).all(Body)) == [BOARD, f"{BOARD}-2"]


def test_the_yes_button_adds_too(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await add_body_named(pilot, "Lakeport Police Board")
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, BodyScreen)

    run(root, scenario)
    assert len(Store(root, index=None).all(Body)) == 2


def test_a_new_name_is_added_without_a_question(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await add_body_named(pilot, "Lakeport City Council")
        assert isinstance(app.screen, BodyScreen)
        assert app.screen.body.id == "lakeport-city-council"

    run(root, scenario)


def test_the_question_names_a_body_as_the_public_sees_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store(folder, index=None)
    add_person(store, "Jo Jiménez", confidential=True, role="Peer representative")
    circle = add_body(store, "Jo Jiménez Circle", BodyKind.ACTION_GROUP)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await add_body_named(pilot, "jo jimenez circle")
        assert question(pilot) == f"Peer representative Circle is already here ({circle.id}). Add another?"

    run(folder, scenario)
