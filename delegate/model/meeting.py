"""A meeting of a body: when, where, and whether it happened."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from delegate.model.common import require_aware
from delegate.model.errors import LifecycleError, ValidationError
from delegate.model.money import Cost
from delegate.model.workshop import Attendance


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


@dataclass(frozen=True, slots=True)
class Meeting:
    """One sitting of a body. Times are zone-aware; `timezone` keeps the IANA name for display.

    `title` is what the body calls this sitting ("Budget meeting"); `all_day` marks a day-long event
    (a start at midnight, as published calendars send them). `source_uid` and `sequence` tie a
    meeting to the calendar event it was imported from and count its changes. A workshop of a
    policy audit names its `audit`, its `format` (round table, world café) and its `attendance` as
    counts by stakeholder group; `costs` are what going costs the people who go.
    """

    id: str
    body: str
    start: datetime
    end: datetime | None = None
    timezone: str = ""
    title: str = ""
    all_day: bool = False
    place: str = ""
    agenda_url: str = ""
    notes: str = ""
    status: MeetingStatus = MeetingStatus.SCHEDULED
    status_reason: str = ""
    series: str = ""
    repeat: str = ""
    source_uid: str = ""
    sequence: int = 0
    audit: str = ""
    format: str = ""
    attendance: Attendance | None = None
    costs: tuple[Cost, ...] = ()

    def __post_init__(self) -> None:
        if not self.body:
            raise ValidationError("a meeting belongs to a body")
        require_aware(self.start, "the meeting start")
        if self.end is not None:
            require_aware(self.end, "the meeting end")
            # As instants: two times in one zone compare by wall clock, and 01:30 after the clocks go
            # back reads as earlier than the 01:45 before it.
            if self.end.timestamp() <= self.start.timestamp():
                raise ValidationError("the meeting must end after it starts")

    def display_title(self, body_name: str) -> str:
        """The body's name with this sitting's title: 'City Council: Budget meeting'."""
        title = self.title.strip()
        if not title:
            return body_name
        if body_name.casefold() in title.casefold():
            return title
        return f"{body_name}: {title}"

    def is_ahead(self, now: datetime) -> bool:
        """Not started yet; an all-day meeting stays ahead until its day is over."""
        if self.all_day:
            return self.start.date() >= now.astimezone(self.start.tzinfo).date()
        return self.start >= now

    @property
    def is_open(self) -> bool:
        return self.status in (MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED)

    def cancel(self, reason: str = "") -> Meeting:
        if self.status is MeetingStatus.CANCELLED:
            raise LifecycleError("this meeting is already cancelled")
        if self.status is MeetingStatus.HELD:
            raise LifecycleError("this meeting was already held; it cannot be cancelled")
        return replace(self, status=MeetingStatus.CANCELLED, status_reason=reason)

    def mark_held(self) -> Meeting:
        if self.status is MeetingStatus.CANCELLED:
            raise LifecycleError("a cancelled meeting cannot be marked held")
        return replace(self, status=MeetingStatus.HELD)
