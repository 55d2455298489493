"""Policy audits: a series of workshops that finds the barriers agencies put in people's way,
and presses each agency on what should change."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from delegate.model.errors import LifecycleError, ValidationError


@dataclass(frozen=True, slots=True)
class Audit:
    """A policy-audit series: its aim and the agencies (Bodies of kind `agency`) it looks at.

    Its workshops are Meetings whose `audit` is this id.
    """

    id: str
    title: str
    aim: str = ""
    agencies: tuple[str, ...] = ()
    started: date | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValidationError("an audit needs a title")


@dataclass(frozen=True, slots=True)
class Finding:
    """A barrier found: the agency's policy or practice, its unintended effect, where it came up."""

    id: str
    audit: str
    agency: str
    barrier: str
    effect: str = ""
    workshop: str = ""
    recorded: date | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.audit or not self.agency:
            raise ValidationError("a finding belongs to an audit and an agency")
        if not self.barrier.strip():
            raise ValidationError("describe the barrier (the policy or practice)")


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly-adopted"
    DECLINED = "declined"


R = ResponseStatus
_NEXT: dict[ResponseStatus, frozenset[ResponseStatus]] = {
    R.DRAFT: frozenset({R.SENT}),
    R.SENT: frozenset({R.ACKNOWLEDGED, R.ADOPTED, R.PARTLY_ADOPTED, R.DECLINED}),
    R.ACKNOWLEDGED: frozenset({R.ADOPTED, R.PARTLY_ADOPTED, R.DECLINED}),
    R.PARTLY_ADOPTED: frozenset({R.ADOPTED, R.DECLINED}),
    R.ADOPTED: frozenset(),
    R.DECLINED: frozenset({R.SENT}),  # pressed again, with new evidence
}


@dataclass(frozen=True, slots=True)
class Response:
    """One step of an agency's response, with its date and what was said."""

    status: ResponseStatus
    on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What should change, and how the agency has responded (draft → sent → acknowledged → …)."""

    id: str
    audit: str
    finding: str
    agency: str
    text: str
    status: ResponseStatus = ResponseStatus.DRAFT
    responses: tuple[Response, ...] = ()
    created: date | None = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValidationError("a recommendation needs some text")
        if not self.finding or not self.agency:
            raise ValidationError("a recommendation answers a finding about an agency")

    def respond(self, status: ResponseStatus, on: date, note: str = "") -> Recommendation:
        """Record the next step; dates may not go backwards."""
        allowed = _NEXT[self.status]
        if status not in allowed:
            choices = ", ".join(sorted(s.value for s in allowed)) or "nothing: it is settled"
            raise LifecycleError(f"a recommendation that is {self.status.value} can become {choices}")
        if self.responses and on < self.responses[-1].on:
            raise ValidationError(f"{on} is before the last response ({self.responses[-1].on})")
        return replace(self, status=status, responses=(*self.responses, Response(status, on, note)))

    @property
    def settled(self) -> bool:
        return self.status in (R.ADOPTED, R.DECLINED)

    def next_steps(self) -> tuple[ResponseStatus, ...]:
        return tuple(sorted(_NEXT[self.status], key=list(ResponseStatus).index))
