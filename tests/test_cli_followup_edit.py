"""`followup edit`: a follow-up's text, owner, due date and source change from the command line as in
the app; what is not given stays, a confidential owner is typed by role and never echoed, and a due
date typed as a phrase is echoed back exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted

from delegate.model import FollowUp
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")


@pytest.fixture
def followup(run: Run) -> str:
    ok(run("demo"))
    out = ok(run("followup", "add", "Send the shelter numbers", "--owner", "ana", "--due", "2026-12-04"))
    return out.removeprefix("added follow-up ").strip()


def saved(data: Path, followup_id: str) -> FollowUp:
    return Store(data, index=None).get(FollowUp, followup_id)


def test_edit_changes_only_what_is_given(run: Run, data: Path, followup: str) -> None:
    before = saved(data, followup)
    out = ok_noted(run("followup", "edit", followup, "--due", "in 3 days"), "'in 3 days' is")
    changed = saved(data, followup)
    assert out == f"follow-up {followup} changed (due {changed.due:%Y-%m-%d})\n"
    assert changed.due is not None
    assert changed.due != before.due
    assert (changed.text, changed.owner) == (before.text, before.owner)

    out = ok(run("followup", "edit", followup, "--owner", "Peer representative", "--no-due"))
    assert out == f"follow-up {followup} changed (no due date)\n"
    assert "Rosa" not in out
    changed = saved(data, followup)
    assert (changed.owner, changed.due) == ("confidential-peer-representative", None)

    ok(run("minutes", "new", "--group", "safer"))
    minutes = "2026-12-02-safer-nights-action-group"
    ok(run("followup", "edit", followup, "--minutes", minutes, "--text", "Send the numbers"))
    changed = saved(data, followup)
    assert (changed.minutes, changed.text) == (minutes, "Send the numbers")
    ok(run("followup", "edit", followup, "--no-source"))
    assert saved(data, followup).minutes == ""
    shown = ok(run("followup", "list"))
    assert "Peer representative" in shown


def test_edit_refuses_contradictions_in_one_line(run: Run, data: Path, followup: str) -> None:
    fails(run("followup", "edit", followup, "--due", "2026-12-10", "--no-due"), 2, "--no-due")
    fails(run("followup", "edit", followup, "--minutes", "x", "--no-source"), 2, "--no-source")
    fails(run("followup", "edit", followup, "--due", "someday"), 2)
    assert saved(data, followup).due == date(2026, 12, 4)


def test_an_owner_typed_a_letter_off_a_confidential_name_is_kept_and_noted(
    run: Run, data: Path, followup: str
) -> None:
    # The demo's confidential member is Rosa Jimenez; "Rosa Jimenes" is no one, but names her.
    result = run("followup", "edit", followup, "--owner", "Rosa Jimenes")
    ok_noted(result, "no one in your people is called that", "shown as 'Peer representative'")
    assert "Rosa" not in result.stderr
    assert "Jimen" not in result.stderr
    assert saved(data, followup).owner == "Rosa Jimenes"
    added = run("followup", "add", "Call back", "--owner", "rosa jiménez")  # a person: no note
    assert ok(added).startswith("added follow-up")
    ok(run("followup", "edit", followup, "--owner", "Someone Else"))  # no one, names no one: no note
