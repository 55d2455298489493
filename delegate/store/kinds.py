"""The kinds of record and where each lives in the data folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from delegate.model import (
    Audit,
    Body,
    Delegation,
    DelegationStatus,
    Finding,
    FollowUp,
    FollowUpStatus,
    Handout,
    Honorarium,
    Meeting,
    Minutes,
    Person,
    Recommendation,
    Rehearsal,
    Script,
)


# eq=False: the kinds are the fixed instances below, compared and hashed by identity; a hash of
# every field on each lookup (the store looks a kind up for every record it hands out) costs time.
@dataclass(frozen=True, slots=True, eq=False)
class Kind:
    """One kind of record: its class, its folder, and how its files are laid out."""

    cls: type[Any]
    name: str
    folder: str
    dated: bool = False
    markdown_field: str = ""
    # Whether a record may still matter on a day or after it (a meeting not over, an open follow-up).
    # It must stay false once false, as days pass: the index files the others away on that promise.
    in_play: Callable[[Any, date], bool] | None = None

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


def _delegation_in_play(delegation: Delegation, since: date) -> bool:
    return delegation.status not in (DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP)


def _follow_up_in_play(item: FollowUp, since: date) -> bool:
    return item.status is FollowUpStatus.OPEN


def _honorarium_in_play(item: Honorarium, since: date) -> bool:
    return not item.paid


KINDS: tuple[Kind, ...] = (
    Kind(Body, "body", "bodies"),
    Kind(Person, "person", "people"),
    Kind(Meeting, "meeting", "meetings", dated=True, in_play=_meeting_in_play),
    Kind(Delegation, "delegation", "delegations", dated=True, in_play=_delegation_in_play),
    Kind(Script, "script", "scripts", markdown_field="text"),
    Kind(Rehearsal, "rehearsal", "rehearsals", dated=True),
    Kind(Handout, "handout", "handouts", markdown_field="text"),
    Kind(Minutes, "minutes", "minutes", dated=True),
    Kind(FollowUp, "follow-up", "followups", dated=True, in_play=_follow_up_in_play),
    Kind(Audit, "audit", "audits"),
    Kind(Finding, "finding", "findings"),
    Kind(Recommendation, "recommendation", "recommendations"),
    Kind(Honorarium, "honorarium", "honoraria", dated=True, in_play=_honorarium_in_play),
)
_BY_CLASS = {kind.cls: kind for kind in KINDS}


def kind_of(cls: type[Any]) -> Kind:
    return _BY_CLASS[cls]
