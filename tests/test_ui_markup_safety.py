"""Record text in the app is shown as typed: '[/note]' in a decision is text (not markup that crashes the
app), '[@click=app.quit]x[/]' is not a link, and an OSC sequence that would set the terminal's title
shows as pictures and never reaches the terminal."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.markup import MarkupError, to_content
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from delegate.model import (
    Body,
    BodyKind,
    Delegation,
    Finding,
    FollowUp,
    Handout,
    Meeting,
    Minutes,
    Person,
    Script,
)
from delegate.services.audit_findings import add_finding
from delegate.services.audits import new_audit
from delegate.services.delegations import add_delegation
from delegate.services.followups import add_followup
from delegate.services.honoraria import add_honorarium
from delegate.services.minutes import add_action, add_decision, add_item, start_minutes
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.audit_detail import AuditScreen
from delegate.ui.screens.bodies import BodyScreen
from delegate.ui.screens.delegations import DelegationScreen
from delegate.ui.screens.editor import ScriptEditorScreen
from delegate.ui.screens.handouts import HandoutScreen
from delegate.ui.screens.meetings import MeetingScreen
from delegate.ui.screens.minutes import MinutesScreen
from delegate.ui.screens.scripts import ScriptScreen
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.letter import LetterScreen
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen

ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(ZONE))
TODAY = NOW.date()
# Markup that does not parse, markup that would, an action link, and an OSC that sets the window title.
HOSTILE = "[/note] [b]bold? [@click=app.quit]x[/] \x1b]0;owned\x07"
SHOWN = "[/note] [b]bold? [@click=app.quit]x[/] ␛]0;owned␇"  # what the screen must show
GROUP, BOARD, MEETING, SCRIPT, HANDOUT = "night-group", "board", "m-dec", "speech", "sheet"

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", ZONE)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Every kind of record the app shows, each holding the hostile text where a person types."""
    root = tmp_path / "data"
    store = Store(root, index=None, default_zone=ZONE)
    store.save(Body(GROUP, f"Night Group {HOSTILE}", kind=BodyKind.ACTION_GROUP, place=HOSTILE))
    store.save(Body(BOARD, f"Board {HOSTILE}", kind=BodyKind.POLICE_BOARD, timezone=ZONE))
    store.save(Person("ana", f"Ana {HOSTILE}", member_of=(GROUP,)))
    start = datetime(2026, 12, 2, 18, 0, tzinfo=ZoneInfo(ZONE))
    store.save(Meeting(MEETING, BOARD, start, end=start.replace(hour=20), title=HOSTILE, place=HOSTILE))
    group = store.get(Body, GROUP)
    minutes = start_minutes(store, group, date(2026, 12, 2), today=TODAY)
    minutes = add_item(store, minutes, f"Item {HOSTILE}")
    last = len(minutes.items) - 1
    minutes = add_decision(store, minutes, last, HOSTILE)
    add_action(store, minutes, f"Action {HOSTILE}", owner="ana", today=TODAY)
    audit = new_audit(store, "Barriers", agencies=[BOARD], today=TODAY)
    add_finding(store, audit, store.get(Body, BOARD), f"Barrier {HOSTILE}", effect=HOSTILE, today=TODAY)
    add_delegation(store, store.get(Meeting, MEETING), "Bus passes", ["ana"], HOSTILE)
    add_followup(store, f"Call back {HOSTILE}", today=TODAY)
    add_honorarium(store, store.get(Person, "ana"), amount=Decimal("50"), today=TODAY)
    store.save(Script(SCRIPT, f"Speech {HOSTILE}", f"## Who {HOSTILE}\n\nWe are {HOSTILE}.\n"))
    store.save(Handout(HANDOUT, f"Sheet {HOSTILE}", f"Facts {HOSTILE}\n"))
    return root


def run(root: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(200, 60)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def screenshot(app: DelegateApp) -> tuple[str, str]:
    """The screen as the terminal gets it (SVG) and its characters as a person reads them."""
    svg = app.export_screenshot()
    return svg, html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def assert_literal(app: DelegateApp) -> None:
    """The screen shows the hostile text as typed and passes no ESC to the terminal."""
    svg, text = screenshot(app)
    assert "\x1b" not in svg
    assert "owned\x07" not in svg
    assert SHOWN in text, text


def cells(table: DataTable[object]) -> list[str]:
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


async def opened(app: DelegateApp, pilot: Pilot[None], kind: str, record_id: str) -> object:
    app.open_record(kind, record_id)
    await pilot.pause()
    return app.screen


def test_the_minutes_editor_shows_decisions_items_actions_and_pickers_as_typed(root: Path) -> None:
    minutes_id = Store(root, index=None).all(Minutes)[0].id

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await opened(app, pilot, "minutes", minutes_id)
        assert isinstance(screen, MinutesScreen)
        screen.query_one(TextArea).blur()
        for _ in screen.minutes.items:
            await pilot.press("ctrl+down")  # to the last item: the one with the decision
        await pilot.pause()
        assert str(screen.query_one("#decisions", Static).render()) == f"✔ {SHOWN}"
        assert str(screen.query_one("#item-title", Static).render()).endswith(f"Item {SHOWN}")
        assert f"Action {SHOWN}" in cells(screen.query_one("#actions", DataTable))
        assert f"Night Group {SHOWN}" in (screen.sub_title or "")
        assert_literal(app)

        await pilot.press("ctrl+a")  # an action item: its text, then the owner picker
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"Walk", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        labels = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert f"Ana {SHOWN}" in labels
        assert_literal(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)


@pytest.mark.parametrize(
    ("kind", "record_id", "screen_type"),
    [
        ("meeting", MEETING, MeetingScreen),
        ("body", GROUP, BodyScreen),
        ("body", BOARD, BodyScreen),
        ("script", SCRIPT, ScriptScreen),
        ("handout", HANDOUT, HandoutScreen),
    ],
)
def test_record_screens_show_typed_text_as_typed(
    root: Path, kind: str, record_id: str, screen_type: type
) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await opened(app, pilot, kind, record_id)
        assert isinstance(screen, screen_type)
        assert SHOWN in str(screen.query_one("#details", Static).render())
        assert_literal(app)
        await pilot.press("N")  # names shown: still text
        await pilot.pause()
        assert_literal(app)

    run(root, scenario)


def test_the_delegation_screen_its_pickers_and_letter_show_typed_text_as_typed(root: Path) -> None:
    store = Store(root, index=None)
    [delegation] = store.all(Delegation)
    later = datetime(2027, 1, 6, 18, 0, tzinfo=ZoneInfo(ZONE))
    store.save(Meeting("m-jan", BOARD, later, title=f"January {HOSTILE}"))

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await opened(app, pilot, "delegation", delegation.id)
        assert isinstance(screen, DelegationScreen)
        assert f"Ask: {SHOWN}" in str(screen.query_one("#details", Static).render())
        assert_literal(app)
        await pilot.press("k")  # re-book: a picker of meetings titled as typed
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        labels = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert any(label.endswith(f"January {SHOWN}") for label in labels), labels
        assert_literal(app)
        await pilot.press("escape", "l")  # the request letter: its title and text as typed
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        assert_literal(app)

    run(root, scenario)


def test_the_audit_screen_shows_agencies_and_findings_as_typed(root: Path) -> None:
    store = Store(root, index=None)
    [finding] = store.all(Finding)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await opened(app, pilot, "audit", finding.audit)
        assert isinstance(screen, AuditScreen)
        assert str(screen.query_one("#findings-title", Static).render()).startswith(
            f"Findings at Board {SHOWN}"
        )
        assert f"Board {SHOWN}" in cells(screen.query_one("#agencies", DataTable))
        screen.query_one("#findings", DataTable).focus()
        await pilot.pause()
        selected = str(screen.query_one("#selected", Static).render())
        assert f"Barrier: Barrier {SHOWN}" in selected
        assert f"Effect: {SHOWN}" in selected
        assert_literal(app)

    run(root, scenario)


def test_lists_and_the_dashboard_show_typed_text_as_typed(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        for key, text in (
            ("u", f"Call back {SHOWN}"),
            ("H", f"Ana {SHOWN}"),
            ("b", f"Night Group {SHOWN}"),
            ("m", f"Board {SHOWN}: {SHOWN}"),  # the body, then the sitting's title
        ):
            await pilot.press(key)
            await pilot.pause()
            assert text in cells(app.screen.query_one("#records", DataTable)), key
            svg, _ = screenshot(app)
            assert "\x1b" not in svg
        await pilot.press("d")
        await pilot.pause()
        svg, shown = screenshot(app)
        assert "\x1b" not in svg
        assert "[/note]" in shown

    run(root, scenario)


def test_a_form_shows_a_bad_number_and_record_text_as_typed_and_keeps_what_was_not_touched(
    root: Path,
) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await opened(app, pilot, "body", GROUP)
        assert isinstance(screen, BodyScreen)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name", Input).value == f"Night Group {SHOWN}"
        assert form.query_one("#field-place", Input).value == SHOWN
        assert_literal(app)
        members = form.query_one("#field-members", Input)
        members.focus()
        await pilot.press(*"[/x]")
        await pilot.pause()
        assert (
            str(form.query_one("#error-members", Static).render())
            == "'[/x]' is not a whole number (0 or more)"
        )
        await pilot.press("ctrl+s")  # refused: the reason is shown as typed, nothing is saved
        await pilot.pause()
        assert app.screen is form
        assert "'[/x]' is not a whole number" in screenshot(app)[1]
        members.value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)
    body = Store(root, index=None).get(Body, GROUP)
    assert body.members == 9
    assert body.name == f"Night Group {HOSTILE}"  # not touched: saved as it was, ESC and all
    assert body.place == HOSTILE


def test_a_form_title_and_the_notification_after_it_show_a_name_as_typed(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("H")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert str(form.query_one(".form-title", Static).render()).startswith(f"Pay Ana {SHOWN}")
        assert_literal(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        messages = [note.message for note in app._notifications]
        assert any(message.startswith(f"Paid 50.00 CAD to Ana {SHOWN}") for message in messages), messages
        assert_literal(app)  # the toast too

    run(root, scenario)


def test_the_text_editor_shows_a_title_and_text_as_typed_and_saves_the_escape_untouched(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await opened(app, pilot, "script", SCRIPT)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ScriptEditorScreen)
        assert f"Speech {SHOWN}" in (editor.sub_title or "")
        area = editor.query_one("#editor", TextArea)
        assert area.text == f"## Who {SHOWN}\n\nWe are {SHOWN}.\n"
        assert_literal(app)
        area.move_cursor(area.document.end)
        await pilot.press(*"Thanks.")
        await pilot.press("f2")  # the preview: Markdown of what is shown
        await pilot.pause()
        svg, _ = screenshot(app)
        assert "\x1b" not in svg
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(root, scenario)
    text = Store(root, index=None).get(Script, SCRIPT).text
    assert text == f"## Who {HOSTILE}\n\nWe are {HOSTILE}.\nThanks."


def test_an_escape_pasted_into_a_prompt_is_shown_and_saved_as_its_picture(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)  # the new follow-up's form: its text first
        answer = form.query_one("#field-text", Input)
        answer.post_message(events.Paste("Ring \x1b]0;owned\x07 back"))
        await pilot.pause()
        assert answer.value == "Ring ␛]0;owned␇ back"
        assert "\x1b" not in screenshot(app)[0]
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(root, scenario)
    texts = {item.text for item in Store(root, index=None).all(FollowUp)}
    assert "Ring ␛]0;owned␇ back" in texts


def test_the_hostile_text_is_markup_that_crashes_and_is_kept_as_typed(root: Path) -> None:
    """Read as markup, the decision crashes a widget (so the tests above can fail); the fixture kept it."""
    with pytest.raises(MarkupError):
        to_content(HOSTILE)
    assert HOSTILE in Store(root, index=None).all(Minutes)[0].items[-1].decisions
