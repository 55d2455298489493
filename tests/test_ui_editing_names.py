"""Editing where names are shown by role: the forms and the script/handout editor show a confidential
person by role (until N, or ctrl+g in the editor), and an edit keeps every name it did not touch, as
it was written; control characters show as pictures and stay in the file where they were."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from test_privacy_people import DELEGATION, TOPIC, named
from test_ui_people import BOARD, GROUP, names_shown, root, run, screen_text
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from delegate.model import Body, Delegation, Handout, Meeting, Script
from delegate.store import Store
from delegate.ui.app import DelegateApp
from delegate.ui.screens.bodies import BodyScreen
from delegate.ui.screens.delegations import DelegationScreen
from delegate.ui.screens.editor import ScriptEditorScreen
from delegate.ui.screens.handouts import HandoutScreen
from delegate.ui.screens.meetings import MeetingScreen
from delegate.ui.screens.scripts import ScriptScreen
from delegate.ui.widgets.form import FormScreen

__all__ = ["root"]  # the fixture: a group with two confidential members, a board, a delegation

MEETING = f"2026-12-17-{BOARD}"
SPEECH = "## Who jimenez is\n\nWe thank Jo Jiménez and kim lee's family.\n"
SPEECH_SHOWN = (
    "## Who Peer representative is\n\nWe thank Peer representative and Community member's family.\n"
)
WARNING = "This names a confidential person"


async def form_of(
    app: DelegateApp, pilot: Pilot[None], kind: str, record_id: str, n: bool = False
) -> FormScreen:
    """The edit form (e) of a record's screen; with `n`, after N was pressed there."""
    app.open_record(kind, record_id)
    await pilot.pause()
    if n:
        await names_shown(pilot)
    await pilot.press("e")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, FormScreen)
    return form


async def focus_at(pilot: Pilot[None], field: Input, position: int) -> None:
    field.focus()
    await pilot.pause()  # focusing selects the whole value: the cursor goes where wanted after it
    field.cursor_position = position


async def type_at(pilot: Pilot[None], field: Input, position: int, text: str) -> None:
    await focus_at(pilot, field, position)
    await pilot.press(*text)
    await pilot.pause()


def test_editing_a_topic_by_role_in_two_places_keeps_the_name_between(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        form = await form_of(app, pilot, "delegation", DELEGATION)
        topic = form.query_one("#field-topic", Input)
        assert topic.value == "Housing for Peer representative's family"
        await type_at(pilot, topic, 0, "Safe ")
        await type_at(pilot, topic, len(topic.value), " now")
        assert topic.value == "Safe Housing for Peer representative's family now"
        assert named(screen_text(app)) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)
        assert named(screen_text(app)) == []

    run(root, scenario)
    saved = Store(root, index=None).get(Delegation, DELEGATION)
    assert saved.topic == f"Safe {TOPIC} now"  # both edits, and the name between them as written
    assert saved.ask == "Ask jimenez"  # not touched


def test_a_name_typed_into_a_form_is_saved_as_typed_and_warned_about(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        form = await form_of(app, pilot, "delegation", DELEGATION)
        outcome = form.query_one("#field-outcome", Input)
        await type_at(pilot, outcome, 0, "Kim Lee spoke")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)

    shown = run(root, scenario)
    assert Store(root, index=None).get(Delegation, DELEGATION).outcome == "Kim Lee spoke"
    assert any("shown as 'Community member'" in message for message in shown), shown
    assert all(named(message) == [] for message in shown), shown


def test_a_word_typed_just_before_a_role_that_starts_with_its_letter_goes_before_it(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        form = await form_of(app, pilot, "delegation", DELEGATION)
        ask = form.query_one("#field-ask", Input)
        await type_at(pilot, ask, len("Ask "), "Please ")  # "P", right before "Peer representative"
        assert ask.value == "Ask Please Peer representative"
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(root, scenario)
    assert Store(root, index=None).get(Delegation, DELEGATION).ask == "Ask Please jimenez"


def test_cutting_into_a_role_saves_what_is_left_of_it_not_the_name(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        form = await form_of(app, pilot, "delegation", DELEGATION)
        ask = form.query_one("#field-ask", Input)
        assert ask.value == "Ask Peer representative"
        await focus_at(pilot, ask, len(ask.value))
        await pilot.press(*["backspace"] * len(" representative"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(root, scenario)
    # the role was cut into: what is left is the text it showed, never a half of the name
    assert Store(root, index=None).get(Delegation, DELEGATION).ask == "Ask Peer"


def test_the_body_form_shows_the_clerk_as_the_detail_pane_does_and_keeps_it(root: Path) -> None:
    store = Store(root, index=None)
    board = store.get(Body, BOARD)
    email, phone = "jimenez@lakeport.example", "604 555 0100 \x1b]0;x\x07"
    store.save(replace(board, email=email, phone=phone, url="https://x.example/kim-lee"))
    seen: dict[str, str] = {}

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("body", BOARD)
        await pilot.pause()
        assert isinstance(app.screen, BodyScreen)
        seen["pane"] = screen_text(app)
        form = await form_of(app, pilot, "body", BOARD)
        seen["form"] = screen_text(app)
        assert form.query_one("#field-phone", Input).value == "604 555 0100 ␛]0;x␇"
        assert "\x1b" not in app.export_screenshot()
        members = form.query_one("#field-members", Input)
        members.value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BodyScreen)
        app.pop_screen()
        await pilot.pause()
        named_form = await form_of(app, pilot, "body", BOARD, n=True)
        seen["form N"] = screen_text(app)
        assert named_form.query_one("#field-email", Input).value == email

    run(root, scenario)
    for key in ("pane", "form"):
        assert named(seen[key]) == [], key
        assert "Peer representative@lakeport.example" in seen[key], key
    assert "jimenez@lakeport.example" in seen["form N"]
    saved = Store(root, index=None).get(Body, BOARD)
    assert (saved.members, saved.email, saved.phone) == (9, email, phone)
    assert saved.url == "https://x.example/kim-lee"


def test_a_meeting_edit_shows_controls_as_pictures_and_keeps_them(root: Path) -> None:
    store = Store(root, index=None)
    meeting = store.get(Meeting, MEETING)
    notes = "Ask jimenez \x1b[31mfirst\x1b[0m"
    store.save(replace(meeting, notes=notes))

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        form = await form_of(app, pilot, "meeting", MEETING)
        field = form.query_one("#field-notes", Input)
        assert field.value == "Ask Peer representative ␛[31mfirst␛[0m"
        await type_at(pilot, field, len(field.value), "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)

    run(root, scenario)
    assert Store(root, index=None).get(Meeting, MEETING).notes == notes + "!"


def script_root(root: Path) -> Path:
    store = Store(root, index=None)
    store.save(Script("speech", "Speech for jimenez", SPEECH))
    store.save(Handout("sheet", "Facts kim lee gave", SPEECH))
    return root


async def editor_of(app: DelegateApp, pilot: Pilot[None], kind: str, record_id: str) -> ScriptEditorScreen:
    app.open_record(kind, record_id)
    await pilot.pause()
    assert isinstance(app.screen, ScriptScreen | HandoutScreen)
    await pilot.press("e")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, ScriptEditorScreen)
    return editor


def test_the_editor_shows_people_by_role_until_ctrl_g_and_keeps_the_names_typed_earlier(root: Path) -> None:
    script_root(root)
    seen: dict[str, str] = {}

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        editor = await editor_of(app, pilot, "script", "speech")
        area = editor.query_one("#editor", TextArea)
        assert area.text == SPEECH_SHOWN
        assert editor.sub_title == "Editing · Speech for Peer representative"
        seen["public"] = screen_text(app)
        area.move_cursor((2, 0))  # the start of the paragraph, then its end: two edits apart
        await pilot.press(*"Tonight ")
        area.move_cursor(area.document.end)
        await pilot.press(*"Thank you.")
        await pilot.pause()
        assert named(screen_text(app)) == []
        await pilot.press("f2")  # the preview shows what the editor shows
        await pilot.pause()
        seen["preview"] = screen_text(app)

        await pilot.press("ctrl+g")  # names shown, unsaved edits and all
        await pilot.pause()
        assert editor.sub_title == "Editing · Speech for jimenez · NAMES SHOWN"
        assert area.text == (
            "## Who jimenez is\n\nTonight We thank Jo Jiménez and kim lee's family.\nThank you."
        )
        seen["names"] = screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert editor.sub_title == "Editing · Speech for Peer representative"
        assert named(area.text) == []
        await pilot.press("ctrl+s")
        await pilot.pause()

    shown = run(root, scenario)
    assert named(seen["public"]) == []
    assert named(seen["preview"]) == []
    assert "Jo Jiménez" in seen["names"]
    saved = Store(root, index=None).get(Script, "speech").text
    assert saved == "## Who jimenez is\n\nTonight We thank Jo Jiménez and kim lee's family.\nThank you."
    assert not any(WARNING in message for message in shown), shown  # it named them before: no news


def test_the_editor_puts_a_word_typed_just_before_a_role_before_it(root: Path) -> None:
    script_root(root)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        editor = await editor_of(app, pilot, "script", "speech")
        area = editor.query_one("#editor", TextArea)
        area.move_cursor((2, len("We thank ")))
        await pilot.press(*"Pastor ")  # its "P" right before "Peer representative"
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(root, scenario)
    saved = Store(root, index=None).get(Script, "speech").text
    assert saved == SPEECH.replace("thank Jo", "thank Pastor Jo")


def test_a_name_typed_into_a_handout_is_saved_as_typed_and_warned_about_once(root: Path) -> None:
    store = Store(root, index=None)
    store.save(Handout("sheet", "Facts kim lee gave", "Facts.\n"))

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        editor = await editor_of(app, pilot, "handout", "sheet")
        assert editor.sub_title == "Editing · Facts Community member gave"
        area = editor.query_one("#editor", TextArea)
        area.move_cursor(area.document.end)
        await pilot.press(*"Ask jimenez.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*" Soon.")
        await pilot.press("ctrl+s")
        await pilot.pause()

    shown = run(root, scenario)
    assert Store(root, index=None).get(Handout, "sheet").text == "Facts.\nAsk jimenez. Soon."
    warnings = [message for message in shown if WARNING in message]
    assert len(warnings) == 1, shown
    assert "'Peer representative'" in warnings[0]
    assert all(named(message) == [] for message in shown), shown


def test_the_editor_leaves_text_typed_by_role_unchanged_when_nothing_was_typed(root: Path) -> None:
    script_root(root)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        editor = await editor_of(app, pilot, "script", "speech")
        assert "unsaved" not in str(editor.query_one("#editor-status").render())
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        await pilot.press("escape")  # nothing changed: leaves without asking
        await pilot.pause()
        assert isinstance(app.screen, ScriptScreen)

    run(root, scenario)
    assert Store(root, index=None).get(Script, "speech").text == SPEECH


def test_a_group_form_shows_members_place_by_role(root: Path) -> None:
    store = Store(root, index=None)
    group = store.get(Body, GROUP)
    store.save(replace(group, place="Jo Jiménez's kitchen"))

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        form = await form_of(app, pilot, "body", GROUP)
        assert form.query_one("#field-place", Input).value == "Peer representative's kitchen"
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(root, scenario)
    assert Store(root, index=None).get(Body, GROUP).place == "Jo Jiménez's kitchen"
