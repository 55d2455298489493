"""Follow-ups: adding what someone promised, closing it, and listing what is still open."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from delegate.model import FollowUp, FollowUpStatus, ValidationError
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.ids import public_slug
from delegate.services.people import person_reference
from delegate.services.views import LazyRecordView
from delegate.store import Store

if TYPE_CHECKING:
    from delegate.model import Delegation, Minutes

STATUSES = tuple(status.value for status in FollowUpStatus)


def followup_id(store: Store, text: str, today: date) -> str:
    """A free id from the date and the text, slugged after redaction: no confidential name in a file name."""
    return store.new_id(FollowUp, f"{today:%Y-%m-%d}-{public_slug(store, text, 'follow-up', 40)}")


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


def edit_followup(
    store: Store,
    followup: FollowUp,
    *,
    text: str,
    owner: str,
    due: date | None,
    minutes: Minutes | None = None,
    delegation: Delegation | None = None,
) -> FollowUp:
    """Change what was promised, by whom, by when and where it came from (the id stays); saved.

    `owner` is what to store: a person id, or a name as typed (see `person_reference`).
    """
    if not text.strip():
        raise ValidationError("a follow-up needs some text")
    changed = replace(
        followup,
        text=text.strip(),
        owner=owner.strip(),
        due=due,
        minutes=minutes.id if minutes else "",
        delegation=delegation.id if delegation else "",
    )
    store.save(changed)
    return changed


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
    # Open ones are all in play: the index keeps them apart, so ten years of closed ones stay unread.
    # (Only an open follow-up can be overdue.)
    wanted_open = status == FollowUpStatus.OPEN.value or (status is None and overdue)
    candidates = store.in_play(FollowUp, today) if wanted_open else store.all(FollowUp)
    found = [
        item
        for item in candidates
        if (status is None or item.status.value == status)
        and (not overdue or item.is_overdue(today))
        and (wanted is None or " ".join(item.owner.split()).casefold() == wanted)
    ]
    return sorted(found, key=lambda item: (item.due is None, item.due or date.min, item.id))


# ---- views -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpView:
    """One follow-up as an audience may see it (a row of a list, a line on a screen)."""

    id: str
    text: str
    owner: str  # "" when no one
    due: date | None
    status: str
    overdue_days: int  # 0 unless past due and open
    source: str  # the minutes or delegation it came from ("" when neither)
    fields: Mapping[str, Any]  # the record as `--json` gives it, for the same audience (made when read)


def followup_view(item: FollowUp, lens: Lens, today: date) -> FollowUpView:
    overdue = item.is_overdue(today)
    return FollowUpView(
        id=item.id,
        text=lens.text(item.text),
        owner=lens.person(item.owner),
        due=item.due,
        status=item.status.value,
        overdue_days=(today - item.due).days if overdue and item.due else 0,
        source=item.minutes or item.delegation,
        fields=LazyRecordView(
            item,
            lens,
            people=("owner",),
            text=item.text,
            status=item.status.value,
            owner=item.owner,
            notes=item.notes,
            reason=item.reason,
            overdue=overdue,
        ),
    )


def followup_views(
    store: Store,
    audience: Audience,
    *,
    today: date,
    overdue: bool = False,
    owner: str | None = None,
    status: str | None = "open",
) -> list[FollowUpView]:
    """`list_followups` as views for `audience` (`owner`: what someone typed: id, name or role)."""
    wanted = person_reference(store, owner) if owner is not None else None
    lens = lens_for(store, audience)
    found = list_followups(store, today=today, overdue=overdue, owner=wanted, status=status)
    return [followup_view(item, lens, today) for item in found]
