"""Follow-ups: what someone promised to do, by when."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from delegate.model.errors import LifecycleError, ValidationError


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An action item. `owner` is a person id (or a plain name); its source is minutes or a delegation."""

    id: str
    text: str
    owner: str = ""
    due: date | None = None
    minutes: str = ""
    delegation: str = ""
    status: FollowUpStatus = FollowUpStatus.OPEN
    closed_on: date | None = None
    reason: str = ""
    notes: str = ""
    created: date | None = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValidationError("a follow-up needs some text")
        if self.minutes and self.delegation:
            raise ValidationError("a follow-up comes from minutes or from a delegation, not both")

    def is_overdue(self, today: date) -> bool:
        return self.status is FollowUpStatus.OPEN and self.due is not None and self.due < today

    def done(self, on: date) -> FollowUp:
        if self.status is not FollowUpStatus.OPEN:
            raise LifecycleError(f"this follow-up is already {self.status.value}")
        return replace(self, status=FollowUpStatus.DONE, closed_on=on)

    def drop(self, on: date, reason: str = "") -> FollowUp:
        if self.status is not FollowUpStatus.OPEN:
            raise LifecycleError(f"this follow-up is already {self.status.value}")
        return replace(self, status=FollowUpStatus.DROPPED, closed_on=on, reason=reason)
