"""The context of the policy-audit report (audit-report.md): plain dicts and strings, every key present.

Every typed text (titles, aims, barriers, effects, recommendations, response notes, even agency
names and workshop formats) goes through `texts.text`: the Lens of the report's audience, made by
`services.audit_report`. Attendance is counts by stakeholder group, never names; a workshop's place
is left out of the report.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from delegate.lens import Lens
from delegate.model import Attendance, Audit, Body, Finding, Meeting, Recommendation, ResponseStatus
from delegate.render.context import format_day, format_when, local_start
from delegate.store import Store

STATUS_LABELS = {
    ResponseStatus.DRAFT: "not yet sent",
    ResponseStatus.SENT: "sent",
    ResponseStatus.ACKNOWLEDGED: "acknowledged",
    ResponseStatus.ADOPTED: "adopted",
    ResponseStatus.PARTLY_ADOPTED: "partly adopted",
    ResponseStatus.DECLINED: "declined",
}
GROUPS = (  # Attendance field, and how the report names the group
    ("sex_workers", "sex workers"),
    ("agency_staff", "agency staff"),
    ("residents", "residents"),
    ("businesses", "businesses"),
    ("others", "others"),
)


def audit_report_context(store: Store, audit: Audit, texts: Lens, today: date) -> dict[str, Any]:
    """For audit-report.md: the audit, its workshops, and per agency its findings and recommendations."""
    bodies = {body.id: body for body in store.all(Body)}
    workshops = sorted(
        (meeting for meeting in store.all(Meeting) if meeting.audit == audit.id),
        key=lambda meeting: (meeting.start, meeting.id),
    )
    findings = [finding for finding in store.all(Finding) if finding.audit == audit.id]
    findings.sort(key=lambda finding: (_number(finding.id), finding.id))
    recommendations = [item for item in store.all(Recommendation) if item.audit == audit.id]
    recommendations.sort(key=lambda item: (_number(item.id), item.id))

    workshop_rows = [
        _workshop(store, meeting, bodies, index, texts) for index, meeting in enumerate(workshops, 1)
    ]
    where = {row["id"]: row for row in workshop_rows}
    agency_ids = list(audit.agencies)
    agency_ids += [finding.agency for finding in findings if finding.agency not in agency_ids]

    number = 0
    agencies = []
    summary = []
    for agency_id in agency_ids:
        name = texts.text(bodies[agency_id].name if agency_id in bodies else agency_id)
        rows = []
        statuses: Counter[ResponseStatus] = Counter()
        for finding in (finding for finding in findings if finding.agency == agency_id):
            number += 1
            answers = [item for item in recommendations if item.finding == finding.id]
            statuses.update(item.status for item in answers)
            came_up = where.get(finding.workshop)
            rows.append(
                {
                    "number": number,
                    "barrier": texts.text(finding.barrier),
                    "effect": texts.text(finding.effect),
                    "where": f"workshop {came_up['number']}, {came_up['date']}" if came_up else "",
                    "notes": texts.text(finding.notes),
                    "recommendations": [_recommendation(item, texts) for item in answers],
                }
            )
        agencies.append({"name": name, "findings": rows})
        summary.append({"agency": name, **_counts(statuses)})
    everything: Counter[ResponseStatus] = Counter(item.status for item in recommendations)
    return {
        "internal": texts.internal,
        "title": texts.text(audit.title),
        "aim": texts.text(audit.aim),
        "started": format_day(audit.started) if audit.started else "",
        "as_of": format_day(today),
        "agency_names": [agency["name"] for agency in agencies],
        "workshops": workshop_rows,
        "attendance_total": _attendance_text(_sum(meeting.attendance for meeting in workshops)),
        "agencies": agencies,
        "findings": len(findings),
        "summary": summary,
        "totals": _counts(everything),
    }


def _number(record_id: str) -> int:
    tail = record_id.rsplit("-", 1)[-1].lstrip("r")
    return int(tail) if tail.isdigit() else 0


def _workshop(
    store: Store, meeting: Meeting, bodies: dict[str, Body], index: int, texts: Lens
) -> dict[str, Any]:
    start = local_start(store, meeting, bodies.get(meeting.body))
    attendance = meeting.attendance
    return {
        "id": meeting.id,
        "number": index,
        "date": format_day(start.date()),
        "when": format_when(start),
        "format": texts.text(meeting.format),  # a suggestion list, not a rule: typed free text
        "status": meeting.status.value,
        "attendance": _attendance_text(attendance) if attendance is not None else "not recorded",
        "total": attendance.total if attendance is not None else "",
    }


def _sum(attendances: Any) -> Attendance | None:
    counted = [item for item in attendances if item is not None]
    if not counted:
        return None
    return Attendance(**{field: sum(getattr(item, field) for item in counted) for field, _ in GROUPS})


def _attendance_text(attendance: Attendance | None) -> str:
    """'8 sex workers, 3 agency staff, 2 residents (13 in all)'; groups nobody came from are left out."""
    if attendance is None:
        return ""
    parts = [f"{getattr(attendance, field)} {label}" for field, label in GROUPS if getattr(attendance, field)]
    if not parts:
        return "nobody counted"
    return f"{', '.join(parts)} ({attendance.total} in all)"


def _recommendation(item: Recommendation, texts: Lens) -> dict[str, Any]:
    latest = item.responses[-1] if item.responses else None
    return {
        "text": texts.text(item.text),
        "status": item.status.value,
        "status_label": STATUS_LABELS[item.status],
        "latest_date": format_day(latest.on) if latest else "",
        "latest_note": texts.text(latest.note) if latest else "",
        "responses": [
            {
                "status_label": STATUS_LABELS[response.status],
                "date": format_day(response.on),
                "note": texts.text(response.note),
            }
            for response in item.responses
        ],
    }


def _counts(statuses: Counter[ResponseStatus]) -> dict[str, Any]:
    counts = {
        "recommendations": sum(statuses.values()),
        "adopted": statuses[ResponseStatus.ADOPTED],
        "partly_adopted": statuses[ResponseStatus.PARTLY_ADOPTED],
        "declined": statuses[ResponseStatus.DECLINED],
        "awaiting": statuses[ResponseStatus.SENT] + statuses[ResponseStatus.ACKNOWLEDGED],
        "draft": statuses[ResponseStatus.DRAFT],
    }
    # In words as well: a table of six narrow number columns does not fit a printed page.
    labels = {
        "adopted": "adopted",
        "partly_adopted": "partly adopted",
        "declined": "declined",
        "awaiting": "awaiting a response",
        "draft": "not yet sent",
    }
    parts = [f"{counts[key]} {label}" for key, label in labels.items() if counts[key]]
    return {**counts, "standing": ", ".join(parts) or "none yet"}
