"""Policy audits as views for an audience: the list, one audit with its workshops and per agency its
findings and recommendations, for the CLI's tables and `--json` and for the screens alike.

Every typed text (titles, aims, agency names and notes, barriers, effects, recommendations, the
notes of responses, workshop titles and formats) is made by the audience's Lens; attendance is
counts by stakeholder group, never names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from delegate.model import Attendance, Audit, Body, BodyKind, Finding, Meeting, Recommendation, ResponseStatus
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.audit_findings import (
    Progress,
    audit_progress,
    findings_of,
    progress_of,
    recommendations_of,
)
from delegate.services.audits import agencies_of, list_audits, workshops_of
from delegate.services.views import record_view
from delegate.store import Store

# ---- the views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    """One audit in the list: its title and how far it has got (counts only)."""

    id: str
    title: str
    started: date | None
    agencies: int
    workshops: int
    progress: Progress
    fields: dict[str, Any]  # `audit list --json`


@dataclass(frozen=True)
class WorkshopView:
    """A workshop of an audit: when, in what format, and who came (counts by group, never names)."""

    id: str
    start: datetime
    title: str
    format: str
    status: str
    attendance: Attendance | None
    fields: dict[str, Any]

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class ResponseView:
    """One step of an agency's response."""

    status: str
    on: date
    note: str


@dataclass(frozen=True)
class RecommendationView:
    """What should change, and where the agency's response stands."""

    id: str
    short: str  # "r1": its number under its finding
    finding: str
    agency: str  # the agency's id
    text: str
    status: str
    created: date | None
    since: date | None  # the latest response's date (None while a draft)
    responses: tuple[ResponseView, ...]
    next_steps: tuple[str, ...]  # what the status may become ("" when settled)
    fields: dict[str, Any]


@dataclass(frozen=True)
class FindingView:
    """A barrier found at an agency, with the recommendations that answer it."""

    id: str
    number: str  # "3" for the audit's third finding
    agency: str  # the agency's id
    barrier: str
    effect: str
    workshop: str  # the id of the workshop where it came up ("" when none)
    where: str  # that workshop as a reader knows it: "Audit workshop: …, 03 Dec 2026"
    recorded: date | None
    notes: str
    recommendations: tuple[RecommendationView, ...]
    fields: dict[str, Any]  # `--json`, with `recommendations` (views' fields, or a count)


@dataclass(frozen=True)
class AgencyView:
    """One agency's part of an audit: its name and notes, findings, and the counts."""

    id: str
    name: str
    kind: str
    notes: str
    progress: Progress
    findings: tuple[FindingView, ...]

    @property
    def fields(self) -> dict[str, Any]:
        """`audit agency list --json`: the agency and its counts."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "notes": self.notes,
            "progress": self.progress.as_dict(),
        }


@dataclass(frozen=True)
class AuditView:
    """One audit in full: aim, progress, workshops, and per agency the findings and recommendations."""

    id: str
    title: str
    aim: str
    started: date | None
    notes: str
    progress: Progress
    workshops: tuple[WorkshopView, ...]
    agencies: tuple[AgencyView, ...]
    fields: dict[str, Any]  # `audit show --json`

    def agency(self, agency_id: str) -> AgencyView | None:
        return next((agency for agency in self.agencies if agency.id == agency_id), None)

    def finding(self, finding_id: str) -> FindingView | None:
        found = (finding for agency in self.agencies for finding in agency.findings)
        return next((finding for finding in found if finding.id == finding_id), None)

    def recommendation(self, recommendation_id: str) -> RecommendationView | None:
        found = (
            item
            for agency in self.agencies
            for finding in agency.findings
            for item in finding.recommendations
        )
        return next((item for item in found if item.id == recommendation_id), None)


# ---- building them ---------------------------------------------------------------------------------


def audit_rows(store: Store, audience: Audience) -> list[AuditRow]:
    """Every audit, newest first, with its progress."""
    lens = lens_for(store, audience)
    rows = []
    for audit in list_audits(store):
        progress = audit_progress(store, audit)
        workshops = len(workshops_of(store, audit))
        rows.append(
            AuditRow(
                id=audit.id,
                title=lens.text(audit.title),
                started=audit.started,
                agencies=len(audit.agencies),
                workshops=workshops,
                progress=progress,
                fields=_audit_fields(audit, lens, workshops=workshops, progress=progress.as_dict()),
            )
        )
    return rows


def audit_view(store: Store, audit: Audit, audience: Audience) -> AuditView:
    """One audit for `audience`: everything the CLI's show and the audit screen present."""
    lens = lens_for(store, audience)
    workshops = tuple(_workshop_view(meeting, lens) for meeting in workshops_of(store, audit))
    agencies = tuple(_agency_views(store, audit, lens, {view.id: view for view in workshops}))
    progress = audit_progress(store, audit)
    return AuditView(
        id=audit.id,
        title=lens.text(audit.title),
        aim=lens.text(audit.aim),
        started=audit.started,
        notes=lens.text(audit.notes),
        progress=progress,
        workshops=workshops,
        agencies=agencies,
        fields=_audit_fields(
            audit,
            lens,
            progress=progress.as_dict(),
            workshops=[view.fields for view in workshops],
            agencies=[
                {**agency.fields, "findings": [finding.fields for finding in agency.findings]}
                for agency in agencies
            ],
        ),
    )


def agency_views(store: Store, audit: Audit, audience: Audience) -> list[AgencyView]:
    """The audit's agencies with their findings and counts (`audit agency list`, the screen's table)."""
    lens = lens_for(store, audience)
    workshops = {meeting.id: _workshop_view(meeting, lens) for meeting in workshops_of(store, audit)}
    return _agency_views(store, audit, lens, workshops)


def agency_name(store: Store, agency: Body, audience: Audience) -> str:
    """An agency's name as `audience` may read it (a name is typed text)."""
    return lens_for(store, audience).text(agency.name)


def workshop_views(store: Store, audit: Audit, audience: Audience) -> list[WorkshopView]:
    """The audit's workshops in date order."""
    lens = lens_for(store, audience)
    return [_workshop_view(meeting, lens) for meeting in workshops_of(store, audit)]


def finding_views(
    store: Store, audit: Audit, audience: Audience, *, agency: Body | None = None
) -> list[FindingView]:
    """The audit's findings (of one agency) in the order recorded; their `fields` count recommendations."""
    lens = lens_for(store, audience)
    workshops = {meeting.id: _workshop_view(meeting, lens) for meeting in workshops_of(store, audit)}
    answers = recommendations_of(store, audit, agency=agency)
    views = []
    for finding in findings_of(store, audit, agency):
        own = tuple(_recommendation_view(item, lens) for item in answers if item.finding == finding.id)
        views.append(_finding_view(audit, finding, own, workshops, lens, counted=True))
    return views


def recommendation_views(
    store: Store,
    audit: Audit,
    audience: Audience,
    *,
    agency: Body | None = None,
    status: ResponseStatus | None = None,
) -> list[RecommendationView]:
    """The audit's recommendations (of one agency, or status), by finding then in order made."""
    lens = lens_for(store, audience)
    return [
        _recommendation_view(item, lens)
        for item in recommendations_of(store, audit, agency=agency, status=status)
    ]


def _audit_fields(audit: Audit, lens: Lens, **extra: Any) -> dict[str, Any]:
    return record_view(audit, lens, aim=audit.aim, notes=audit.notes, **extra)


def _workshop_view(meeting: Meeting, lens: Lens) -> WorkshopView:
    return WorkshopView(
        id=meeting.id,
        start=meeting.start,
        title=lens.text(meeting.title),
        format=lens.text(meeting.format),
        status=meeting.status.value,
        attendance=meeting.attendance,
        fields=record_view(
            meeting,
            lens,
            title=meeting.title,
            place=meeting.place,
            notes=meeting.notes,
            status_reason=meeting.status_reason,
            format=meeting.format,
            attendance_total=meeting.attendance.total if meeting.attendance else None,
        ),
    )


def _agency_views(
    store: Store, audit: Audit, lens: Lens, workshops: dict[str, WorkshopView]
) -> list[AgencyView]:
    """Per agency (in the audit's order) its findings with their recommendations, and the counts.

    A finding about a body no longer among the audit's agencies still shows, after them.
    """
    findings = findings_of(store, audit)
    recommendations = recommendations_of(store, audit)
    agencies = agencies_of(store, audit)
    known = {body.id for body in agencies}
    bodies = {body.id: body for body in store.all(Body)}
    for finding in findings:
        if finding.agency not in known:
            known.add(finding.agency)
            agencies.append(
                bodies.get(finding.agency) or Body(finding.agency, finding.agency, BodyKind.AGENCY)
            )
    views = []
    for agency in agencies:
        own = [finding for finding in findings if finding.agency == agency.id]
        answered = [
            _finding_view(
                audit,
                finding,
                [_recommendation_view(item, lens) for item in recommendations if item.finding == finding.id],
                workshops,
                lens,
            )
            for finding in own
        ]
        answering = {finding.id for finding in own}
        own_recommendations = [item for item in recommendations if item.finding in answering]
        views.append(
            AgencyView(
                id=agency.id,
                name=lens.text(agency.name),
                kind=agency.kind.value,
                notes=lens.text(agency.notes),
                progress=progress_of(own, own_recommendations),
                findings=tuple(answered),
            )
        )
    return views


def _finding_view(
    audit: Audit,
    finding: Finding,
    recommendations: Sequence[RecommendationView],
    workshops: dict[str, WorkshopView],
    lens: Lens,
    *,
    counted: bool = False,
) -> FindingView:
    """`counted`: the JSON says how many recommendations there are (a list), else gives them (a show)."""
    workshop = workshops.get(finding.workshop)
    where = f"{workshop.title or workshop.id}, {workshop.start:%d %b %Y}" if workshop else finding.workshop
    return FindingView(
        id=finding.id,
        number=finding.id.removeprefix(f"{audit.id}-"),
        agency=finding.agency,
        barrier=lens.text(finding.barrier),
        effect=lens.text(finding.effect),
        workshop=finding.workshop,
        where=where,
        recorded=finding.recorded,
        notes=lens.text(finding.notes),
        recommendations=tuple(recommendations),
        fields=record_view(
            finding,
            lens,
            effect=finding.effect,
            notes=finding.notes,
            recommendations=len(recommendations) if counted else [item.fields for item in recommendations],
        ),
    )


def _recommendation_view(item: Recommendation, lens: Lens) -> RecommendationView:
    responses = tuple(
        ResponseView(response.status.value, response.on, lens.text(response.note))
        for response in item.responses
    )
    next_steps = tuple(status.value for status in item.next_steps())
    return RecommendationView(
        id=item.id,
        short=item.id.rsplit("-", 1)[-1],
        finding=item.finding,
        agency=item.agency,
        text=lens.text(item.text),
        status=item.status.value,
        created=item.created,
        since=item.responses[-1].on if item.responses else None,
        responses=responses,
        next_steps=next_steps,
        fields=record_view(
            item,
            lens,
            status=item.status.value,
            responses=[
                {"status": response.status.value, "on": response.on, "note": response.note}
                for response in item.responses
            ],
            next_steps=list(next_steps),
        ),
    )
