"""Follow-ups: adding what someone promised, closing it, and listing what is still open."""

from __future__ import annotations

from datetime import date

from delegate.model import Delegation, FollowUp, FollowUpStatus, Minutes, Person, ValidationError
from delegate.model.common import slugify
from delegate.privacy import Redactor
from delegate.store import Store

STATUSES = tuple(status.value for status in FollowUpStatus)


def followup_id(store: Store, text: str, today: date) -> str:
    """A free id from the date and the text, slugged after redaction: no confidential name in a file name."""
    public = Redactor.of(store.all(Person)).text(text)
    return store.new_id(FollowUp, f"{today:%Y-%m-%d}-{slugify(public, 'follow-up', 40)}")


def add_followup(
    store: Store,
    text: str,
    *,
    owner: str = "",
    due: date | None = None,
    minutes: Minutes | None = None,
    delegation: Delegation | None = None,
    today: date,
) -> FollowUp:
    """A new open follow-up, from minutes or a delegation (or neither), saved."""
    if not text.strip():
        raise ValidationError("a follow-up needs some text")
    followup = FollowUp(
        id=followup_id(store, text.strip(), today),
        text=text.strip(),
        owner=owner.strip(),
        due=due,
        minutes=minutes.id if minutes else "",
        delegation=delegation.id if delegation else "",
        created=today,
    )
    store.save(followup)
    return followup


def close_followup(
    store: Store, followup: FollowUp, *, done: bool, today: date, reason: str = ""
) -> FollowUp:
    """Mark a follow-up done, or dropped (with an optional reason); saved."""
    closed = followup.done(today) if done else followup.drop(today, reason.strip())
    store.save(closed)
    return closed


def list_followups(
    store: Store,
    *,
    today: date,
    overdue: bool = False,
    owner: str | None = None,
    status: str | None = "open",
) -> list[FollowUp]:
    """Follow-ups by due date (none last): of one status (None: all), overdue only, or of one owner.

    `owner` matches the stored owner exactly (a person id) or, case-insensitively, a plain name.
    """
    if status is not None and status not in STATUSES:
        raise ValidationError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    wanted = " ".join(owner.split()).casefold() if owner is not None else None
    found = [
        item
        for item in store.all(FollowUp)
        if (status is None or item.status.value == status)
        and (not overdue or item.is_overdue(today))
        and (wanted is None or " ".join(item.owner.split()).casefold() == wanted)
    ]
    return sorted(found, key=lambda item: (item.due is None, item.due or date.min, item.id))
