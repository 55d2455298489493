"""A delegation's lifecycle where it touches more than the delegation: re-booking (its open tasks and
its script move with it) and delivering (not before the meeting, unless said so)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from delegate.model import (
    Body,
    Delegation,
    FollowUp,
    FollowUpStatus,
    LifecycleError,
    Meeting,
    Script,
    ValidationError,
)
from delegate.services.undo import Undo, undoable
from delegate.store import Store


class EarlyDelivery(LifecycleError):
    """Delivered before the meeting starts: refused unless the person says it was (CLI `--early`,
    a question in the app)."""

    def __init__(self, delegation: Delegation, starts: datetime) -> None:
        self.starts = starts
        super().__init__(
            f"delegation {delegation.id} is not delivered yet: its meeting starts {starts:%a %d %b %Y %H:%M}"
        )


def check_delivery(store: Store, delegation: Delegation, at: datetime, early: bool) -> None:
    """Refuse to deliver a delegation before its meeting starts, unless `early` says it was."""
    meeting = store.lookup(Meeting, delegation.meeting)
    if meeting is not None and not early and at < meeting.start:
        raise EarlyDelivery(delegation, meeting.start)


@dataclass(frozen=True)
class Rebooked:
    """A delegation on its new meeting, the open tasks moved with it, and whether its script was
    re-dated; `undo` puts them all back."""

    delegation: Delegation
    tasks: tuple[FollowUp, ...]
    script: Script | None
    undo: Undo

    @property
    def requested(self) -> bool:
        return self.delegation.status.value == "requested"


def rebook(
    store: Store,
    delegation: Delegation,
    meeting: Meeting,
    at: datetime,
    note: str = "",
    *,
    requested: bool = False,
) -> Rebooked:
    """Move a delegation onto a later meeting, keeping its history.

    The new slot is still to be asked for (its request deadline shows on the dashboard) unless
    `requested` says it was. Its open follow-ups with a due date move by as many days as the
    meeting did (printing three days before stays three days before), and its script's line that
    names the old meeting's day and time names the new one (the old text is kept as a version).
    """
    if meeting.start < at:
        raise ValidationError(f"meeting {meeting.id} has already happened; re-book onto a later one")
    old_meeting = store.lookup(Meeting, delegation.meeting)
    changed = delegation.rebook(at, meeting.id, note, requested=requested)
    tasks_before: list[FollowUp] = []
    tasks: list[FollowUp] = []
    if old_meeting is not None:
        shift = meeting.start.date() - old_meeting.start.date()
        for item in store.all(FollowUp):
            if item.delegation == delegation.id and item.status is FollowUpStatus.OPEN and item.due:
                tasks_before.append(item)
                tasks.append(replace(item, due=item.due + shift))
    script_before = store.lookup(Script, delegation.script) if delegation.script else None
    script = _redated(store, script_before, old_meeting, meeting) if script_before else None
    store.save(changed)
    for task in tasks:
        store.save(task)
    if script is not None:
        store.save(script)
    before = [delegation, *tasks_before, *([script_before] if script is not None else [])]
    return Rebooked(changed, tuple(tasks), script, undoable("Re-booked", before))


def _redated(store: Store, script: Script, old: Meeting | None, new: Meeting) -> Script | None:
    """The script with the old meeting's day and time (as the speech template writes them) made the
    new one's; None when it does not name them."""
    if old is None:
        return None
    # Only here: a list of delegations need not import the templates' context (and Jinja).
    from delegate.render.context import format_when, local_start

    was = format_when(local_start(store, old, store.lookup(Body, old.body)))
    now = format_when(local_start(store, new, store.lookup(Body, new.body)))
    if was not in script.text or was == now:
        return None
    return replace(script, text=script.text.replace(was, now))
