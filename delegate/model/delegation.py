"""A delegation: our request to speak at a meeting, and its life from idea to follow-up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from delegate.model.common import require_aware
from delegate.model.errors import LifecycleError, ValidationError
from delegate.model.money import Cost


class DelegationStatus(StrEnum):
    IDEA = "idea"
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    FOLLOWED_UP = "followed-up"
    CANCELLED = "cancelled"


S = DelegationStatus
# Which status each action may start from. Re-booking is separate: it moves a delegation to another
# meeting from any status before delivery, and keeps its history.
_ALLOWED_FROM: dict[DelegationStatus, frozenset[DelegationStatus]] = {
    S.REQUESTED: frozenset({S.IDEA}),
    S.CONFIRMED: frozenset({S.REQUESTED}),
    S.DELIVERED: frozenset({S.CONFIRMED}),
    S.FOLLOWED_UP: frozenset({S.DELIVERED}),
    S.CANCELLED: frozenset({S.IDEA, S.REQUESTED, S.CONFIRMED}),
}
_REBOOKABLE = frozenset({S.IDEA, S.REQUESTED, S.CONFIRMED, S.CANCELLED})
_VERB = {
    S.REQUESTED: "request",
    S.CONFIRMED: "confirm",
    S.DELIVERED: "deliver",
    S.FOLLOWED_UP: "mark as followed up",
    S.CANCELLED: "cancel",
}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One step in a delegation's life, kept forever (re-booking never erases the past)."""

    at: datetime
    status: DelegationStatus
    meeting: str
    note: str = ""

    def __post_init__(self) -> None:
        require_aware(self.at, "a history entry's time")


@dataclass(frozen=True, slots=True)
class Delegation:
    """Our slot (or hoped-for slot) at a meeting: who speaks, on what, asking for what."""

    id: str
    meeting: str
    topic: str
    speakers: tuple[str, ...] = ()
    ask: str = ""
    status: DelegationStatus = DelegationStatus.IDEA
    script: str = ""
    handouts: tuple[str, ...] = ()
    copies: int | None = None
    requested_via: str = ""
    requested_to: str = ""
    agenda_position: str = ""
    outcome: str = ""
    cancel_reason: str = ""
    costs: tuple[Cost, ...] = ()
    history: tuple[HistoryEntry, ...] = ()

    def __post_init__(self) -> None:
        if not self.meeting:
            raise ValidationError("a delegation belongs to a meeting")
        if not self.topic.strip():
            raise ValidationError("a delegation needs a topic")
        if self.copies is not None and self.copies < 0:
            raise ValidationError("the number of copies cannot be negative")

    def _move(self, to: DelegationStatus, at: datetime, note: str, **changes: object) -> Delegation:
        if self.status not in _ALLOWED_FROM[to]:
            raise LifecycleError(
                f"cannot {_VERB[to]} a delegation that is {self.status.value}"
                f" (allowed from: {', '.join(sorted(s.value for s in _ALLOWED_FROM[to]))})"
            )
        entry = HistoryEntry(at=at, status=to, meeting=self.meeting, note=note)
        return replace(self, status=to, history=(*self.history, entry), **changes)  # type: ignore[arg-type]

    def request(self, at: datetime, note: str = "", via: str = "", to: str = "") -> Delegation:
        """We asked the clerk for a slot (when, how, to whom)."""
        return self._move(S.REQUESTED, at, note, requested_via=via, requested_to=to)

    def confirm(self, at: datetime, note: str = "", agenda_position: str = "") -> Delegation:
        """The clerk put us on the agenda."""
        return self._move(S.CONFIRMED, at, note, agenda_position=agenda_position)

    def deliver(self, at: datetime, note: str = "") -> Delegation:
        """We spoke; the note is what happened."""
        outcome = note if not self.outcome else f"{self.outcome}\n{note}".strip()
        return self._move(S.DELIVERED, at, note, outcome=outcome)

    def mark_followed_up(self, at: datetime, note: str = "") -> Delegation:
        return self._move(S.FOLLOWED_UP, at, note)

    def cancel(self, at: datetime, reason: str) -> Delegation:
        """Withdraw (money, health, the agenda moved). A reason is required so the record explains itself."""
        if not reason.strip():
            raise ValidationError("cancelling a delegation needs a reason")
        return self._move(S.CANCELLED, at, reason, cancel_reason=reason)

    def rebook(self, at: datetime, meeting: str, note: str = "", requested: bool = False) -> Delegation:
        """Move to another meeting, keeping the history. The new slot is still to be asked for
        (idea, so its request deadline shows as not yet met) unless `requested` says it was."""
        if self.status not in _REBOOKABLE:
            raise LifecycleError(f"cannot re-book a delegation that is {self.status.value}")
        if meeting == self.meeting:
            raise ValidationError("the delegation is already on that meeting")
        new_status = S.REQUESTED if requested else S.IDEA
        text = note or f"re-booked from {self.meeting}"
        entry = HistoryEntry(at=at, status=new_status, meeting=meeting, note=text)
        return replace(
            self,
            meeting=meeting,
            status=new_status,
            agenda_position="",
            cancel_reason="",
            history=(*self.history, entry),
        )

    @property
    def times_cancelled(self) -> int:
        return sum(1 for entry in self.history if entry.status is S.CANCELLED)
