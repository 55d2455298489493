"""Nothing of a confidential person reaches a shared CalDAV server: after syncing a group whose records
mention her everywhere, Radicale's whole storage folder (items, caches, history, the calendar's
properties) holds no word of her name."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from cli_support import ok, runner_for
from radicale_support import RadicaleServer
from share_support import GROUP, ZONE, Member, component, group_folder

from delegate.model import Body, Delegation, DelegationStatus, FollowUp, Meeting, MeetingStatus, Person
from delegate.privacy import fold
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

NAME = "Jo Jiménez"  # a short first name (shown whole only with her surname) and an accented surname
MENTION = "jiménez's"  # how a note-taker writes her: surname only, lowercase, possessive
PLAIN = "jimenez's"  # …and without the accent


def leaks(text: str) -> list[str]:
    """Every place `text` names her: the surname (with or without accents, any case) or the full name."""
    folded = fold(text)
    return [m.group(0) for m in re.finditer(r"(?<![^\W\d_])(jimenez|jo jimenez)(?![^\W\d_])", folded)]


def mentioning_folder(root: Path) -> Store:
    """The group, with her as a member and a mention of her in every text a calendar item is made from."""
    store = group_folder(root, followups=2)
    her = Person("confidential-1", NAME, role="Peer representative", confidential=True, member_of=(GROUP,))
    store.save(her)
    group = store.get(Body, GROUP)
    store.save(
        dataclasses.replace(
            group,
            name=f"Safer Nights with {PLAIN} crew",
            how_to_request=f"ask {MENTION} sister",
            email="jimenez@example.org",
            place=f"{MENTION} place",
        )
    )
    for meeting in store.all(Meeting):
        store.save(dataclasses.replace(meeting, title=f"Check-in at {MENTION}", place=f"{PLAIN} kitchen"))
    start = datetime(2027, 1, 7, 18, 0, tzinfo=ZONE)
    store.save(
        Meeting(
            "2027-01-07-safer",
            GROUP,
            start,
            start + timedelta(hours=1),
            status=MeetingStatus.CANCELLED,
            status_reason=f"{MENTION} shift changed",
            agenda_url="https://example.org/jimenez/agenda",
        )
    )
    store.save(
        Delegation(
            "2026-12-17-voices",
            "2026-12-17-safer",
            f"{MENTION} story",
            speakers=("confidential-1",),
            ask=f"Hear {PLAIN} account",
            status=DelegationStatus.CONFIRMED,
        )
    )
    for item in store.all(FollowUp):
        store.save(dataclasses.replace(item, text=f"{item.text}: call {MENTION} worker", owner=her.id))
    # made by hand, before she was marked confidential: its id (and so a UID) names her
    store.save(
        FollowUp(
            "2026-11-05-visit-jimenez",
            f"Visit {NAME}",
            owner=NAME,
            due=date(2026, 12, 9),
            minutes="2026-11-05-safer",
            reason=f"{MENTION} request",
            notes=f"{MENTION} notes stay here",
        )
    )
    return Store(root, index=False, default_zone="America/Vancouver")


def test_the_server_never_holds_a_confidential_name(tmp_path: Path, radicale: RadicaleServer) -> None:
    data = tmp_path / "data"
    mentioning_folder(data)
    assert leaks((data / "followups").joinpath("2026", "2026-11-05-visit-jimenez.toml").read_text())
    url = radicale.calendar_url("safer")
    run = runner_for(data)
    ok(run("share", "add", GROUP, url, "--user", "ana"))
    said = ok(run("share", "sync", GROUP))
    assert said.strip() == "Safer Nights with Peer representative's crew: 8 sent, 0 received"
    assert not leaks(said)

    stored = radicale.stored_text()
    assert "BEGIN:VTODO" in stored
    assert "Peer representative" in stored
    assert len(radicale.items("safer")) == 8  # 3 meetings, 2 deadlines, 3 follow-ups
    assert leaks(stored) == []

    # a member's change comes back, and the item sent after it names no one either
    member = Member(url)

    def done(calendar: object) -> None:
        component(calendar)["STATUS"] = "COMPLETED"  # type: ignore[arg-type]

    member.edit("followup-2026-11-05-task-000@delegate", done)
    store = Store(data, index=False, default_zone="America/Vancouver")
    item = store.get(FollowUp, "2026-11-05-task-001")
    store.save(dataclasses.replace(item, text=f"{item.text} and {NAME.upper()}"))
    said = ok(run("share", "sync", GROUP))
    assert said.strip() == "Safer Nights with Peer representative's crew: 1 sent, 1 received"
    assert leaks(radicale.stored_text()) == []
    assert not leaks(ok(run("share", "list")))
