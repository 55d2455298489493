"""Boards, councils, committees, action groups: the bodies advocates speak to or sit with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from delegate.model.errors import ValidationError
from delegate.model.honorarium import Budget

DEFAULT_SPEAKING_LIMIT = timedelta(minutes=5)


class BodyKind(StrEnum):
    POLICE_BOARD = "police-board"
    COUNCIL = "council"
    COMMITTEE = "committee"
    ACTION_GROUP = "action-group"
    AGENCY = "agency"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """When a delegation request must reach the clerk: N days before the meeting, by a time of day."""

    days_before: int
    at: time = time(12, 0)

    def __post_init__(self) -> None:
        if self.days_before < 0:
            raise ValidationError("request deadline days must be 0 or more")

    def deadline_for(self, meeting_start: datetime) -> datetime:
        """The deadline for a meeting, in the meeting's own zone."""
        day = (meeting_start - timedelta(days=self.days_before)).date()
        return datetime.combine(day, self.at, tzinfo=meeting_start.tzinfo)


@dataclass(frozen=True, slots=True)
class Signature:
    """A member signed the group's confidentiality agreement on this day."""

    person: str
    signed: date


@dataclass(frozen=True, slots=True)
class Feed:
    """A body's published calendar (a web address or a file's path), and what its last reading found.

    `etag` and `last_modified` are the server's, sent back so an unchanged feed costs one small
    request; `digest` is of the last calendar read, so one that is the same again changes nothing.
    """

    url: str
    etag: str = ""
    last_modified: str = ""
    digest: str = ""
    read_at: datetime | None = None  # the last reading that worked
    changed: str = ""  # what it changed: "2 new, 0 updated, 1 cancelled, …", or "unchanged"
    tried_at: datetime | None = None  # the last attempt, when it failed
    error: str = ""  # why it failed, in one line ("" when the last attempt worked)

    def __post_init__(self) -> None:
        if not self.url.strip():
            raise ValidationError("a feed needs an address or a file")


@dataclass(frozen=True, slots=True)
class Body:
    """A board, council, committee or group, with what it takes to get in front of it."""

    id: str
    name: str
    kind: BodyKind = BodyKind.OTHER
    jurisdiction: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    how_to_request: str = ""
    request_deadline: DeadlineRule | None = None
    speaking_limit: timedelta = DEFAULT_SPEAKING_LIMIT
    members: int | None = None
    place: str = ""
    timezone: str = ""
    recurrence: str = ""
    agreements: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()
    budget: Budget | None = None
    feed: Feed | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationError("a body needs a name")
        if self.speaking_limit <= timedelta(0):
            raise ValidationError("the speaking limit must be longer than 0:00")
        if self.members is not None and self.members < 0:
            raise ValidationError("the number of members cannot be negative")

    def copies_to_bring(self, spares: int = 2) -> int:
        """Handout copies: one per member plus spares (staff, the clerk, the press)."""
        return (self.members or 0) + spares
