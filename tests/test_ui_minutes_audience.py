"""The minutes editor at a table that may have police at it: confidential people by role in attendance,
the pickers, the chair and note-taker, decisions and action items until N (this screen only); a
discussion naming someone is saved as typed and warned about once; exports are named for their audience."""

from __future__ import annotations

import asyncio
import html
import io
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from minutes_people import DECEMBER, DISCUSSION, JO, JO_ROLE, XIMENA, fill, leaks
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from delegate.model import Minutes
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.minutes import AUTOSAVE_AFTER, MinutesScreen
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
WARNING = f"This names a confidential person: shown as '{JO_ROLE}' in anything shared."

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    fill(Store(folder, index=None, default_zone="America/Vancouver"))
    return folder


def run(root: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def screen_text(app: DelegateApp) -> str:
    """The characters on the screen, as anyone looking over a shoulder would see them."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def rows(screen: MinutesScreen, selector: str) -> list[list[str]]:
    table = screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def shown(screen: MinutesScreen) -> str:
    """Everything the editor shows around the discussion: side tables, roles, title, decisions."""
    parts = [" ".join(cells) for selector in ("#attendance", "#actions") for cells in rows(screen, selector)]
    parts += [str(screen.query_one(selector, Static).render()) for selector in ("#roles", "#decisions")]
    return " ".join([*parts, screen.sub_title or ""])


def warnings(app: DelegateApp) -> list[str]:
    return [str(note.message) for note in app._notifications if note.title == "Confidential person"]


async def open_minutes(app: DelegateApp, pilot: Pilot[None]) -> MinutesScreen:
    app.open_record("minutes", DECEMBER)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MinutesScreen)
    return screen


async def picker_labels(pilot: Pilot[None]) -> list[str]:
    screen = pilot.app.screen
    assert isinstance(screen, ChooseScreen)
    options = screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return labels


async def answer(pilot: Pilot[None], text: str) -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def test_the_editor_shows_confidential_people_by_role_until_n(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_minutes(app, pilot)
        # Opened on business arising: nothing on the whole screen names anyone confidential.
        assert leaks(screen_text(app)) == []
        assert [row[0] for row in rows(screen, "#attendance")][1:3] == ["Community member", JO_ROLE]
        roles = str(screen.query_one("#roles", Static).render())
        assert roles == f"Chair: {JO_ROLE} · Notes: Community member"
        assert rows(screen, "#actions")[0][1] == JO_ROLE
        await pilot.press("ctrl+down")
        assert f"✔ {JO_ROLE} to bring the bad-date list" in shown(screen)
        assert leaks(shown(screen)) == []

        await pilot.press("ctrl+t")
        await pilot.pause()
        attendance = await picker_labels(pilot)
        assert f"{JO_ROLE} — present" in attendance
        assert leaks(" ".join(attendance)) == []
        await pilot.press("ctrl+a")
        await pilot.pause()
        await answer(pilot, "Call the shelter")
        owners = await picker_labels(pilot)
        assert owners[:3] == ["(no owner)", "Ana Ferreira", "Community member"]
        assert leaks(" ".join(owners)) == []

        # N from the side tables (in the discussion it is a letter): names, for this screen only.
        screen.query_one("#attendance", DataTable).focus()
        await pilot.press("N")
        await pilot.pause()
        assert "NAMES SHOWN" in (screen.sub_title or "")
        assert {JO, XIMENA} <= {row[0] for row in rows(screen, "#attendance")}
        assert str(screen.query_one("#roles", Static).render()) == f"Chair: {JO} · Notes: {XIMENA}"
        assert rows(screen, "#actions")[0][1] == JO
        await pilot.press("ctrl+a")
        await pilot.pause()
        await answer(pilot, "Call the shelter")
        assert {JO, XIMENA} <= set(await picker_labels(pilot))

        await pilot.press("escape")
        await pilot.pause()
        again = await open_minutes(app, pilot)  # a screen opened again starts public
        assert "NAMES SHOWN" not in (again.sub_title or "")
        assert leaks(shown(again)) == []

    run(root, scenario)


def test_a_discussion_naming_someone_is_saved_as_typed_and_warned_about_once(root: Path) -> None:
    typed = "Police asked about jimenez's van"

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_minutes(app, pilot)
        discussion = screen.query_one("#discussion", TextArea)
        await pilot.press("ctrl+down", "ctrl+down")  # an item with no discussion yet
        discussion.focus()
        discussion.insert(typed)
        await pilot.pause(AUTOSAVE_AFTER + 0.4)
        assert Store(root, index=None).get(Minutes, DECEMBER).items[2].discussion == typed
        assert warnings(app) == []  # not while typing

        await pilot.press("ctrl+down")  # leaving the item
        await pilot.pause()
        assert warnings(app) == [WARNING]
        await pilot.press("ctrl+up")
        # back on it, the discussion is shown by role like the rest; typing on keeps the name under it
        assert discussion.text == "Police asked about Peer representative's van"
        discussion.insert(" and the lights", discussion.document.end)
        await pilot.pause(AUTOSAVE_AFTER + 0.4)
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert warnings(app) == [WARNING]  # the same person in the same text: said once

        await pilot.press("ctrl+d")
        await pilot.pause()
        await answer(pilot, "JIMENEZ keeps the list")
        assert warnings(app) == [WARNING, WARNING]
        await pilot.press("ctrl+d")
        await pilot.pause()
        await answer(pilot, "Ana keeps the keys")
        assert len(warnings(app)) == 2

    run(root, scenario)
    saved = Store(root, index=None).get(Minutes, DECEMBER)
    assert saved.items[2].discussion == f"{typed} and the lights"
    assert saved.items[3].decisions == ("JIMENEZ keeps the list", "Ana keeps the keys")


def test_two_edits_apart_before_a_save_keep_the_name_between_them(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_minutes(app, pilot)
        await pilot.press("ctrl+down")  # the item whose discussion names Jo
        discussion = screen.query_one("#discussion", TextArea)
        assert discussion.text == "The vans stop at ten; Peer representative's street is the worst."
        discussion.focus()
        # typed before the autosave: at the start, then at the end, with the role between
        discussion.move_cursor((0, 0))
        await pilot.press(*"Late: ")
        discussion.move_cursor(discussion.document.end)
        await pilot.press(*" Fix")
        await pilot.press("ctrl+down")  # leaving the item saves it
        await pilot.pause()

    run(root, scenario)
    saved = Store(root, index=None).get(Minutes, DECEMBER).items[1].discussion
    assert saved == f"Late: {DISCUSSION} Fix"


def test_exports_from_the_editor_are_named_for_their_audience(root: Path) -> None:
    async def export(app: DelegateApp, pilot: Pilot[None], choice: str) -> None:
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChooseScreen)
        options = screen.query_one(OptionList)
        options.highlighted = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id == choice
        )
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_minutes(app, pilot)
        await export(app, pilot, "pdf:public")
        await export(app, pilot, "md:public")
        await export(app, pilot, "pdf:internal")

    run(root, scenario)
    folder = root / "exports"
    assert sorted(path.name for path in folder.iterdir()) == [
        f"{DECEMBER}-INTERNAL.pdf",
        f"{DECEMBER}.md",
        f"{DECEMBER}.pdf",
    ]

    def pdf(name: str) -> str:
        reader = PdfReader(io.BytesIO((folder / name).read_bytes()))
        return " ".join(page.extract_text() for page in reader.pages)

    assert leaks(pdf(f"{DECEMBER}.pdf")) == []
    assert leaks((folder / f"{DECEMBER}.md").read_text(encoding="utf-8")) == []
    assert "jimenez" in leaks(pdf(f"{DECEMBER}-INTERNAL.pdf"))
    assert pdf(f"{DECEMBER}-INTERNAL.pdf").startswith("INTERNAL COPY")
