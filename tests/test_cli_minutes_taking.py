"""Minutes taken from the command line, step by step: attendance, chair and note-taker, items,
discussion, decisions and action items; circulated minutes are read-only until amended, which keeps
what was circulated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted

from delegate.model import Minutes
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

MINUTES = "2026-12-02-safer-nights-action-group"


@pytest.fixture
def minutes(run: Run) -> str:
    ok(run("demo"))
    ok(run("minutes", "new", "--group", "safer"))
    return MINUTES


def saved(data: Path) -> Minutes:
    return Store(data, index=None).get(Minutes, MINUTES)


def test_attendance_is_taken_not_assumed(run: Run, data: Path, minutes: str) -> None:
    assert saved(data).present == ()
    out = ok(run("minutes", "attend", minutes, "--members"))
    assert out.startswith(f"minutes {minutes}: present: ")
    assert "Peer representative" in out  # a confidential member by role
    assert "Rosa" not in out
    members = saved(data).present
    assert "ana-ferreira" in members
    out = ok(run("minutes", "attend", minutes, "Peer representative", "--regrets"))
    assert out == f"minutes {minutes}: regrets: Peer representative\n"
    assert "confidential-peer-representative" in saved(data).regrets
    assert "confidential-peer-representative" not in saved(data).present
    line = fails(run("minutes", "attend", minutes, "Rosa Jimenz"), 1)  # a typo of her name
    assert "Rosa" not in line
    assert "Jimenz" not in line
    fails(run("minutes", "attend", minutes), 2, "--members")


def test_chair_and_note_taker(run: Run, data: Path, minutes: str) -> None:
    out = ok(run("minutes", "chair", minutes, "ana", "--notes", "Peer representative"))
    assert out == f"minutes {minutes}: chair Ana Ferreira, notes Peer representative\n"
    assert (saved(data).chair, saved(data).note_taker) == ("ana-ferreira", "confidential-peer-representative")
    shown = ok(run("minutes", "show", minutes))
    assert "**Chair:** Ana Ferreira" in shown
    assert "**Notes:** Peer representative" in shown


def test_items_discussion_decisions_and_actions(run: Run, data: Path, minutes: str) -> None:
    assert ok(run("minutes", "item", minutes, "Winter shelter")) == f"minutes {minutes}: item 8 added\n"
    ok(run("minutes", "discuss", minutes, "winter", "Beds are full by nine."))
    ok(run("minutes", "discuss", minutes, "8", "The church hall may open."))
    assert saved(data).items[7].discussion == "Beds are full by nine.\n\nThe church hall may open."
    ok(run("minutes", "discuss", minutes, "Winter shelter", "Replaced.", "--replace"))
    assert saved(data).items[7].discussion == "Replaced."
    out = ok(run("minutes", "decide", minutes, "winter", "Ask for two late beds."))
    assert out == f"minutes {minutes}: decision 1 under item 8\n"
    out = ok_noted(
        run(
            "minutes", "act", minutes, "Call the shelter coalition", "--owner", "ana", "--due", "next friday"
        ),
        "'next friday' is Fri 4 Dec 2026",  # echoed back as the exact date
    )
    assert out.startswith(f"minutes {minutes}: action item added as follow-up 2026-11-27-call-the-shelter")
    [action] = saved(data).actions[-1:]
    assert (action.text, action.owner, str(action.due)) == (
        "Call the shelter coalition",
        "ana-ferreira",
        "2026-12-04",
    )
    listed = json.loads(ok(run("followup", "list", "--json")))
    assert any(item["text"] == "Call the shelter coalition" and item["minutes"] == minutes for item in listed)
    # a title matching several items, or none, is refused naming the items
    fails(run("minutes", "discuss", minutes, "round table", "x"), 1, "matches several", "Round table")
    fails(run("minutes", "decide", minutes, "nothing like it", "x"), 1, "matches none")
    fails(run("minutes", "decide", minutes, "99", "x"), 1, "no agenda item 99")


def test_a_name_typed_in_a_discussion_is_kept_and_noted(run: Run, data: Path, minutes: str) -> None:
    ok_noted(
        run("minutes", "discuss", minutes, "new business", "Rosa Jimenez spoke about the beds."),
        "shown as 'Peer representative' in anything shared",
    )
    assert "Rosa Jimenez spoke" in saved(data).items[-1].discussion  # saved as typed
    shown = ok(run("minutes", "show", minutes))
    assert "Peer representative spoke about the beds." in shown
    assert "Rosa" not in shown


def test_circulated_minutes_are_read_only_until_amended(run: Run, data: Path, minutes: str) -> None:
    ok(run("minutes", "decide", minutes, "1", "Write to the coalition."))
    ok(run("minutes", "circulate", minutes))
    circulated = ok(run("minutes", "show", minutes))
    before = saved(data)
    for args in (
        ("discuss", minutes, "1", "A change after circulating."),
        ("decide", minutes, "1", "Another decision."),
        ("item", minutes, "Late item"),
        ("attend", minutes, "ana"),
        ("chair", minutes, "ana"),
        ("act", minutes, "Something more"),
    ):
        fails(run("minutes", *args), 1, "have been circulated; amend them first")
    assert saved(data) == before
    fails(run("minutes", "show", minutes, "--as-circulated"), 1, "never amended")
    out = ok(run("minutes", "amend", minutes))
    assert out.startswith(f"minutes {minutes} are a draft again (amendment 1)")
    ok(run("minutes", "decide", minutes, "1", "Corrected: write to the coalition by Friday."))
    # what went out is kept as it went out (by role), and the minutes say they are a draft again
    assert ok(run("minutes", "show", minutes, "--as-circulated")) == circulated.replace(
        "*Draft", "*Circulated"
    )
    assert "Corrected" not in ok(run("minutes", "show", minutes, "--as-circulated"))
    assert "Corrected" in ok(run("minutes", "show", minutes))
    ok(run("minutes", "circulate", minutes))
    ok(run("minutes", "approve", minutes))
    fails(run("minutes", "amend", minutes), 1, "only circulated minutes are amended")
