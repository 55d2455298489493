"""Bodies, meetings, delegations, the request letter and their forms in the app: confidential people by
role (and typed text with their names replaced) until `N` is pressed on that screen."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_privacy_people import DELEGATION, JO, TOPIC, named
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from delegate.model import Body, BodyKind, Delegation, Meeting, Person, Signature
from delegate.services.delegations import add_delegation
from delegate.services.meetings import add_meeting
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.bodies import BodyScreen
from delegate.ui.screens.delegations import DelegationScreen, DelegationsScreen
from delegate.ui.screens.meetings import MeetingScreen
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.letter import LetterScreen

ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(ZONE))
GROUP = "safer-nights"
BOARD = "lakeport-police-board"

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _fixed_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", ZONE)
    monkeypatch.delenv("DELEGATE_NOW", raising=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A group whose members include two confidential people, a board, and a delegation naming one."""
    root = tmp_path / "data"
    store = Store(root, index=None, default_zone=ZONE)
    store.save(
        Body(GROUP, "Safer Nights", kind=BodyKind.ACTION_GROUP, signatures=(Signature(JO, NOW.date()),))
    )
    board = Body(BOARD, "Lakeport Police Board", kind=BodyKind.POLICE_BOARD, members=7, timezone=ZONE)
    store.save(board)
    for person in (
        Person(
            JO, "Jo Jiménez", role="Peer representative", confidential=True, member_of=(GROUP,), alias="River"
        ),
        Person("confidential-community-member", "Kim Lee", confidential=True, member_of=(GROUP,)),
        Person("ana-ferreira", "Ana Ferreira", member_of=(GROUP,)),
        # a second peer representative: the role alone no longer says which one speaks
        Person("confidential-peer-2", "Quinn Zorbel", role="Peer representative", confidential=True),
    ):
        store.save(person)
    meeting = add_meeting(store, board, datetime(2026, 12, 17, 18, 0), place="kim lee's church hall")[0]
    delegation = add_delegation(store, meeting, TOPIC, ["River", "Ana Ferreira"], "Ask jimenez")
    assert delegation.id == DELEGATION
    return root


def run(root: Path, scenario: Scenario) -> list[str]:
    """Play `scenario` on the app; every notification it showed, in order."""
    shown: list[str] = []

    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        original = app.notify

        def capture(message: str, **options: object) -> None:
            shown.append(str(message) + " " + str(options.get("title", "")))
            original(message, **options)  # type: ignore[arg-type]

        app.notify = capture  # type: ignore[method-assign]
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())
    return shown


def screen_text(app: DelegateApp) -> str:
    """What someone looking over a shoulder sees (the screenshot's characters)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def names_shown(pilot: Pilot[None]) -> None:
    await pilot.press("N")
    await pilot.pause()


def test_delegations_list_and_screen_show_people_by_role_until_n(root: Path) -> None:
    seen: dict[str, str] = {}

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, DelegationsScreen)
        seen["list"] = screen_text(app)
        await names_shown(pilot)
        seen["list N"] = screen_text(app)
        assert "NAMES SHOWN" in (app.screen.sub_title or "")
        app.open_record("delegation", DELEGATION)
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)
        seen["delegation"] = screen_text(app)  # a screen opened next starts public again
        await names_shown(pilot)
        seen["delegation N"] = screen_text(app)
        assert app.screen.sub_title == f"{TOPIC} · NAMES SHOWN"

    run(root, scenario)
    for key in ("list", "delegation"):
        assert named(seen[key]) == [], key
        assert "Housing for Peer representative's family" in seen[key]
        assert "Peer representative, Ana Ferreira" in seen[key]
    assert "Ask Peer representative" in seen["delegation"]
    for key in ("list N", "delegation N"):
        assert "Jo Jiménez" in seen[key], key


def test_the_letter_is_public_unless_n_was_pressed_and_saves_through_exports(root: Path) -> None:
    letters: list[str] = []

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("delegation", DELEGATION)
        await pilot.pause()
        for internal in (False, True):
            if internal:
                await names_shown(pilot)
            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, LetterScreen)
            letters.append(app.screen.query_one(TextArea).text + screen_text(app))
            await pilot.press("w")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DelegationScreen)

    run(root, scenario)
    public, internal = letters
    assert named(public) == []
    assert "River, Ana Ferreira" in public
    assert "INTERNAL" not in public
    assert "INTERNAL COPY" in internal
    assert "Jo Jiménez, Ana Ferreira" in internal
    exports = root / "exports"
    saved = exports / f"{DELEGATION}-request-letter.md"
    assert named(saved.read_text(encoding="utf-8")) == []
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    saved_internal = exports / f"{DELEGATION}-request-letter-INTERNAL.md"
    assert saved_internal.read_text(encoding="utf-8").startswith("**INTERNAL COPY")
    assert sorted(path.name for path in exports.iterdir()) == sorted([saved.name, saved_internal.name])


def test_body_and_meeting_screens_show_members_and_speakers_by_role(root: Path) -> None:
    seen: dict[str, str] = {}

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("body", GROUP)
        await pilot.pause()
        assert isinstance(app.screen, BodyScreen)
        seen["group"] = screen_text(app)
        await names_shown(pilot)
        seen["group N"] = screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        app.open_record("body", BOARD)
        await pilot.pause()
        seen["board"] = screen_text(app)
        app.open_record("meeting", f"2026-12-17-{BOARD}")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        seen["meeting"] = screen_text(app)
        await names_shown(pilot)
        seen["meeting N"] = screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        seen["meetings"] = screen_text(app)

    run(root, scenario)
    for key in ("group", "board", "meeting", "meetings"):
        assert named(seen[key]) == [], key
    assert "Peer representative" in seen["group"]
    assert "Community member" in seen["group"]
    assert "Community member's church hall" in seen["meeting"]
    assert "Peer representative, Ana Ferreira" in seen["meeting"]
    assert "Jo Jiménez" in seen["group N"]
    assert "Kim Lee" in seen["group N"]
    assert "Jo Jiménez, Ana Ferreira" in seen["meeting N"]


def test_the_edit_form_shows_roles_and_keeps_what_was_left_as_shown(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("delegation", DELEGATION)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-speakers", Input).value == "Peer representative, Ana Ferreira"
        assert form.query_one("#field-topic", Input).value == "Housing for Peer representative's family"
        assert named(screen_text(app)) == []
        copies = form.query_one("#field-copies", Input)
        copies.value = "12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)

    run(root, scenario)
    saved = Store(root, index=None).get(Delegation, DELEGATION)
    assert saved.topic == TOPIC  # the name stays in the file
    assert saved.ask == "Ask jimenez"
    # the role shown maps back to the person it showed, though two people share it
    assert saved.speakers == (JO, "ana-ferreira")
    assert saved.copies == 12


def test_a_new_delegation_naming_someone_warns_and_gets_a_public_id(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("meeting", f"2026-12-17-{BOARD}")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        topic = app.screen.query_one("#field-topic", Input)
        topic.focus()
        topic.post_message(events.Paste("Bus passes for kim lee"))
        await pilot.pause()
        speakers = app.screen.query_one("#field-speakers", Input)
        speakers.focus()
        speakers.post_message(events.Paste("River"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)

    shown = run(root, scenario)
    store = Store(root, index=None)
    [added] = [item for item in store.all(Delegation) if item.id != DELEGATION]
    assert added.id == "2026-12-17-bus-passes-for-community-member"
    assert added.topic == "Bus passes for kim lee"  # saved as typed
    assert added.speakers == (JO,)  # the chosen public name found the person
    assert any("shown as 'Community member'" in message for message in shown), shown
    assert all(named(message) == [] for message in shown), shown


def test_editing_a_meeting_bumps_its_sequence_and_keeps_a_place_left_as_shown(root: Path) -> None:
    meeting_id = f"2026-12-17-{BOARD}"

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("meeting", meeting_id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-place", Input).value == "Community member's church hall"
        app.screen.query_one("#field-notes", Input).value = "Ask Jiménez about the bus"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)

    shown = run(root, scenario)
    saved = Store(root, index=None).get(Meeting, meeting_id)
    assert saved.place == "kim lee's church hall"
    assert saved.notes == "Ask Jiménez about the bus"
    assert saved.sequence == 1
    assert any("shown as 'Peer representative'" in message for message in shown), shown
