"""A policy audit's findings (the barriers found at an agency), the recommendations that answer them,
each agency's responses, and the counts of where things stand.

A finding's id is `<audit>-<n>` and a recommendation's `<finding>-r<n>`: numbers, never typed text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from delegate.model import Audit, Body, Finding, Meeting, Recommendation, ResponseStatus, ValidationError
from delegate.services.audits import agencies_of, not_an_agency
from delegate.store import NotFoundError, Store

STATUSES = tuple(status.value for status in ResponseStatus)
_NUMBERED = re.compile(r"-r?(\d+)$")


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an audit (or one agency's part of it) has got: counts only."""

    findings: int = 0
    recommendations: int = 0
    draft: int = 0
    sent: int = 0
    acknowledged: int = 0
    adopted: int = 0
    partly_adopted: int = 0
    declined: int = 0

    @property
    def awaiting(self) -> int:
        """Sent or acknowledged: the agency has yet to say what it will do."""
        return self.sent + self.acknowledged

    def as_dict(self) -> dict[str, int]:
        return {
            "findings": self.findings,
            "recommendations": self.recommendations,
            "draft": self.draft,
            "awaiting": self.awaiting,
            "sent": self.sent,
            "acknowledged": self.acknowledged,
            "adopted": self.adopted,
            "partly_adopted": self.partly_adopted,
            "declined": self.declined,
        }


# ---- findings and recommendations ------------------------------------------------------------------


def _number(record_id: str) -> int:
    match = _NUMBERED.search(record_id)
    return int(match.group(1)) if match else 0


def findings_of(store: Store, audit: Audit, agency: Body | None = None) -> list[Finding]:
    """The audit's findings (of one agency), in the order they were recorded."""
    found = [
        finding
        for finding in store.all(Finding)
        if finding.audit == audit.id and (agency is None or finding.agency == agency.id)
    ]
    return sorted(found, key=lambda finding: (_number(finding.id), finding.id))


def add_finding(
    store: Store,
    audit: Audit,
    agency: Body,
    barrier: str,
    *,
    effect: str = "",
    workshop: Meeting | None = None,
    today: date,
) -> Finding:
    """A barrier found at one of the audit's agencies (where it came up: a workshop of this audit); saved."""
    if agency.id not in audit.agencies:
        raise not_an_agency(store, audit, agencies_of(store, audit), agency)
    if workshop is not None and workshop.audit != audit.id:
        raise ValidationError(f"meeting {workshop.id} is not a workshop of audit {audit.id}")
    if not barrier.strip():
        raise ValidationError("describe the barrier (the policy or practice)")
    taken = [_number(finding.id) for finding in store.all(Finding) if finding.audit == audit.id]
    finding = Finding(
        id=store.new_id(Finding, f"{audit.id}-{max(taken, default=0) + 1}"),
        audit=audit.id,
        agency=agency.id,
        barrier=barrier.strip(),
        effect=effect.strip(),
        workshop=workshop.id if workshop else "",
        recorded=today,
    )
    store.save(finding)
    return finding


def audit_finding(store: Store, audit: Audit, reference: str) -> Finding:
    """A finding of this audit by id, unique id prefix, or its number in the audit ('3')."""
    cleaned = reference.strip()
    try:
        found = store.get(Finding, f"{audit.id}-{cleaned}") if cleaned.isdigit() else None
    except NotFoundError:
        found = None
    if found is None:
        found = store.find(Finding, cleaned)
    if found.audit != audit.id:
        raise ValidationError(f"finding {found.id} belongs to audit {found.audit}, not {audit.id}")
    return found


def recommendations_of(
    store: Store,
    audit: Audit,
    *,
    agency: Body | None = None,
    status: ResponseStatus | None = None,
    finding: Finding | None = None,
) -> list[Recommendation]:
    """The audit's recommendations (of one agency, status or finding), by finding then in order made."""
    found = [
        item
        for item in store.all(Recommendation)
        if item.audit == audit.id
        and (agency is None or item.agency == agency.id)
        and (status is None or item.status is status)
        and (finding is None or item.finding == finding.id)
    ]
    return sorted(found, key=lambda item: (_number(item.finding), item.finding, _number(item.id), item.id))


def add_recommendation(
    store: Store, audit: Audit, finding: Finding, text: str, *, today: date
) -> Recommendation:
    """What should change, answering a finding (its agency is the finding's); a draft, saved."""
    if finding.audit != audit.id:
        raise ValidationError(f"finding {finding.id} belongs to audit {finding.audit}, not {audit.id}")
    if not text.strip():
        raise ValidationError("a recommendation needs some text")
    taken = [_number(item.id) for item in store.all(Recommendation) if item.finding == finding.id]
    recommendation = Recommendation(
        id=store.new_id(Recommendation, f"{finding.id}-r{max(taken, default=0) + 1}"),
        audit=audit.id,
        finding=finding.id,
        agency=finding.agency,
        text=text.strip(),
        created=today,
    )
    store.save(recommendation)
    return recommendation


def respond(
    store: Store, recommendation: Recommendation, status: ResponseStatus, on: date, note: str = ""
) -> Recommendation:
    """The next step of the agency's response (sent, acknowledged, adopted, …), dated; saved.

    Refused when the step does not follow (a draft is sent first) or the date is before the last one.
    """
    if recommendation.created is not None and on < recommendation.created:
        raise ValidationError(f"{on} is before the recommendation was made ({recommendation.created})")
    changed = recommendation.respond(status, on, note.strip())
    store.save(changed)
    return changed


# ---- progress --------------------------------------------------------------------------------------


def progress_of(findings: Iterable[Finding], recommendations: Iterable[Recommendation]) -> Progress:
    """Counts of findings and of recommendations by status."""
    counts = dict.fromkeys(ResponseStatus, 0)
    total = 0
    for item in recommendations:
        counts[item.status] += 1
        total += 1
    return Progress(
        findings=sum(1 for _ in findings),
        recommendations=total,
        draft=counts[ResponseStatus.DRAFT],
        sent=counts[ResponseStatus.SENT],
        acknowledged=counts[ResponseStatus.ACKNOWLEDGED],
        adopted=counts[ResponseStatus.ADOPTED],
        partly_adopted=counts[ResponseStatus.PARTLY_ADOPTED],
        declined=counts[ResponseStatus.DECLINED],
    )


def audit_progress(store: Store, audit: Audit) -> Progress:
    """How far the whole audit has got."""
    return progress_of(findings_of(store, audit), recommendations_of(store, audit))
