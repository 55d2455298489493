"""The audit screen's cells and forms: short cells for long typed text, attendance as counts, and the
fields of a finding and of a response (labels made from views, so agencies and workshops show as the
screen's audience may read them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from delegate.model import Attendance, Recommendation
from delegate.services.audit_views import AuditView
from delegate.ui.widgets.form import Field, date_field

CELL_WIDTH = 64  # long barriers and recommendations are cut in the table; the pane below shows them whole


def short(text: str, width: int = CELL_WIDTH) -> str:
    """`text` on one line, cut with an ellipsis past `width`."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def attendance_cells(attendance: Attendance | None) -> tuple[str, ...]:
    """Sex workers, agency staff, residents, businesses, others, total: counts, never names."""
    if attendance is None:
        return ("—",) * 6
    return tuple(
        str(count)
        for count in (
            attendance.sex_workers,
            attendance.agency_staff,
            attendance.residents,
            attendance.businesses,
            attendance.others,
            attendance.total,
        )
    )


def finding_fields(view: AuditView, agencies: Sequence[str], current: str) -> list[Field]:
    """A new finding: which of `agencies` (ids; `current` first chosen), the barrier, its effect, and
    the workshop where it came up."""
    names = {agency.id: agency.name for agency in view.agencies}
    return [
        Field(
            "agency",
            "Agency",
            current if current in agencies else agencies[0],
            choices=[(names.get(agency_id, agency_id), agency_id) for agency_id in agencies],
            required=True,
        ),
        Field("barrier", "Barrier (the policy or practice)", required=True),
        Field("effect", "Its effect on people", placeholder="Who it keeps out, and how"),
        Field(
            "workshop",
            "Came up at (optional)",
            "",
            choices=[
                (f"{meeting.start:%d %b %Y} — {short(meeting.title, 50)}", meeting.id)
                for meeting in view.workshops
            ],
        ),
    ]


def response_fields(recommendation: Recommendation, today: date) -> list[Field]:
    """The next step of an agency's response: its status (the steps that may follow), date and note."""
    steps = recommendation.next_steps()
    return [
        Field(
            "status",
            f"Now (it is {recommendation.status.value})",
            steps[0].value,
            choices=[(status.value.replace("-", " "), status.value) for status in steps],
            required=True,
        ),
        date_field("on", "On", today, today.isoformat(), required=True),
        Field("note", "Note (optional)", placeholder="What the agency said, or how it was sent"),
    ]
