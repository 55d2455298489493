"""Minutes of an action-group meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from delegate.model.errors import LifecycleError, ValidationError


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: str
    discussion: str = ""
    decisions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionItem:
    """An action decided at the meeting; it becomes a Follow-up (`followup` is that record's id)."""

    text: str
    owner: str = ""
    due: dt.date | None = None
    followup: str = ""


@dataclass(frozen=True, slots=True)
class Amendment:
    """Circulated minutes opened again to amend them: when, and the text that had gone out, kept."""

    on: dt.date
    circulated: str


@dataclass(frozen=True, slots=True)
class Minutes:
    """What was said and decided. People are referenced by id so redaction can find them."""

    id: str
    group: str
    date: dt.date
    meeting: str = ""
    chair: str = ""
    note_taker: str = ""
    present: tuple[str, ...] = ()
    regrets: tuple[str, ...] = ()
    items: tuple[AgendaItem, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    next_meeting: dt.date | None = None
    status: MinutesStatus = MinutesStatus.DRAFT
    approved_at: str = ""
    amendments: tuple[Amendment, ...] = ()

    def __post_init__(self) -> None:
        if not self.group:
            raise ValidationError("minutes belong to a group")
        if self.next_meeting is not None and self.next_meeting <= self.date:
            raise ValidationError("the next meeting must come after this one")
        both = set(self.present) & set(self.regrets)
        if both:
            raise ValidationError(f"{len(both)} attendee(s) are marked both present and absent")

    def circulate(self) -> Minutes:
        if self.status is not MinutesStatus.DRAFT:
            raise LifecycleError(f"only draft minutes can be circulated (these are {self.status.value})")
        return replace(self, status=MinutesStatus.CIRCULATED)

    def amend(self, on: dt.date, circulated: str) -> Minutes:
        """Circulated → draft again, to correct them; the text that was circulated is kept."""
        if self.status is not MinutesStatus.CIRCULATED:
            raise LifecycleError(f"only circulated minutes are amended (these are {self.status.value})")
        return replace(
            self,
            status=MinutesStatus.DRAFT,
            amendments=(*self.amendments, Amendment(on, circulated)),
        )

    def approve(self, at_meeting: str = "") -> Minutes:
        if self.status is not MinutesStatus.CIRCULATED:
            raise LifecycleError(f"only circulated minutes can be approved (these are {self.status.value})")
        return replace(self, status=MinutesStatus.APPROVED, approved_at=at_meeting)
