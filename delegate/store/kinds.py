"""The kinds of record and where each lives in the data folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import delegate.model

if TYPE_CHECKING:
    from delegate.model import Delegation, FollowUp, Honorarium, Meeting, Minutes


# eq=False: the kinds are the fixed instances below, compared and hashed by identity; a hash of
# every field on each lookup (the store looks a kind up for every record it hands out) costs time.
@dataclass(frozen=True, slots=True, eq=False)
class Kind:
    """One kind of record: its class, its folder, and how its files are laid out."""

    class_name: str  # in delegate.model; the class is imported when first asked for (see cls)
    name: str
    folder: str
    dated: bool = False
    markdown_field: str = ""
    # Whether a record may still matter on a day or after it (a meeting not over, an open follow-up).
    # It must stay false once false, as days pass: the index files the others away on that promise.
    in_play: Callable[[Any, date], bool] | None = None

    @property
    def cls(self) -> type[Any]:
        """The record class (its module imported now if it was not yet)."""
        cls: type[Any] = getattr(delegate.model, self.class_name)
        return cls

    def path_for(self, root: Path, record_id: str) -> Path:
        """Where a new record goes: dated kinds in a folder per year (meetings/2026/2026-12-09-….toml)."""
        folder = root / self.folder
        if self.dated and len(record_id) >= 4 and record_id[:4].isdigit():
            folder = folder / record_id[:4]
        return folder / f"{record_id}.toml"


# A day's margin each side: a meeting's dates are in its own zone, the day asked about in the user's.
_MARGIN = timedelta(days=2)


def _meeting_in_play(meeting: Meeting, since: date) -> bool:
    return (meeting.end or meeting.start).date() >= since - _MARGIN


# The statuses by value (they are StrEnums): a kind's rule imports no record module of its own.
_SPOKEN = frozenset({"delivered", "followed-up"})  # DelegationStatus.DELIVERED, .FOLLOWED_UP


def _delegation_in_play(delegation: Delegation, since: date) -> bool:
    return delegation.status not in _SPOKEN


def _follow_up_in_play(item: FollowUp, since: date) -> bool:
    return item.status == "open"  # FollowUpStatus.OPEN


def _honorarium_in_play(item: Honorarium, since: date) -> bool:
    return not item.paid


# Minutes still read and acted on: a year's worth (what the minutes list first shows), and any not yet
# approved (still being written, or circulated for corrections).
MINUTES_IN_PLAY = timedelta(days=366)


def _minutes_in_play(minutes: Minutes, since: date) -> bool:
    return minutes.status != "approved" or minutes.date >= since - MINUTES_IN_PLAY  # MinutesStatus.APPROVED


KINDS: tuple[Kind, ...] = (
    Kind("Body", "body", "bodies"),
    Kind("Person", "person", "people"),
    Kind("Meeting", "meeting", "meetings", dated=True, in_play=_meeting_in_play),
    Kind("Delegation", "delegation", "delegations", dated=True, in_play=_delegation_in_play),
    Kind("Script", "script", "scripts", markdown_field="text"),
    Kind("Rehearsal", "rehearsal", "rehearsals", dated=True),
    Kind("Handout", "handout", "handouts", markdown_field="text"),
    Kind("Minutes", "minutes", "minutes", dated=True, in_play=_minutes_in_play),
    Kind("FollowUp", "follow-up", "followups", dated=True, in_play=_follow_up_in_play),
    Kind("Audit", "audit", "audits"),
    Kind("Finding", "finding", "findings"),
    Kind("Recommendation", "recommendation", "recommendations"),
    Kind("Honorarium", "honorarium", "honoraria", dated=True, in_play=_honorarium_in_play),
)
# By class name: looking a kind up imports no record class (the names are unique in delegate.model).
_BY_NAME = {kind.class_name: kind for kind in KINDS}


def kind_of(cls: type[Any]) -> Kind:
    return _BY_NAME[cls.__name__]
