"""A delegation's life: adding it, moving it through its lifecycle, re-booking it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from delegate.model import Body, Delegation, Meeting, ValidationError
from delegate.model.common import slugify
from delegate.store import Store


def add_delegation(
    store: Store, meeting: Meeting, topic: str, speakers: Sequence[str] = (), ask: str = ""
) -> Delegation:
    """A new delegation (status: idea) on a meeting; its id is the meeting date and the topic."""
    if not topic.strip():
        raise ValidationError("a delegation needs a topic")
    delegation = Delegation(
        id=store.new_id(Delegation, f"{meeting.start:%Y-%m-%d}-{slugify(topic, 'delegation', 40)}"),
        meeting=meeting.id,
        topic=topic.strip(),
        speakers=tuple(speaker.strip() for speaker in speakers if speaker.strip()),
        ask=ask,
    )
    store.save(delegation)
    return delegation


ACTIONS = ("request", "confirm", "deliver", "cancel", "followed-up")


def advance(store: Store, delegation: Delegation, action: str, at: datetime, note: str = "") -> Delegation:
    """Apply one lifecycle action ('request', 'confirm', 'deliver', 'cancel', 'followed-up') and save."""
    if action == "request":
        changed = delegation.request(at, note)
    elif action == "confirm":
        changed = delegation.confirm(at, note)
    elif action == "deliver":
        changed = delegation.deliver(at, note)
    elif action == "cancel":
        changed = delegation.cancel(at, note)
    elif action == "followed-up":
        changed = delegation.mark_followed_up(at, note)
    else:
        raise ValidationError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    store.save(changed)
    return changed


def rebook(
    store: Store, delegation: Delegation, meeting: Meeting, at: datetime, note: str = ""
) -> Delegation:
    """Move a delegation onto another meeting, keeping its history."""
    if meeting.start < at:
        raise ValidationError(f"meeting {meeting.id} has already happened; re-book onto a later one")
    changed = delegation.rebook(at, meeting.id, note)
    store.save(changed)
    return changed


def body_of(store: Store, delegation: Delegation) -> Body | None:
    """The body a delegation speaks to (None when its meeting is missing)."""
    meetings = {meeting.id: meeting for meeting in store.all(Meeting)}
    meeting = meetings.get(delegation.meeting)
    if meeting is None:
        return None
    bodies = {body.id: body for body in store.all(Body)}
    return bodies.get(meeting.body)
