"""Policy audits: the series with their progress; Enter opens one (`audit_detail.AuditScreen`).
Titles are typed text: confidential people are shown by role until N (this screen only)."""

from __future__ import annotations

from collections.abc import Iterable

from delegate.services.audit_findings import Progress
from delegate.services.audit_views import audit_rows
from delegate.ui.screens.listing import ListScreen, Row


def progress_cells(progress: Progress) -> tuple[str, ...]:
    """Findings, recommendations, adopted, partly, declined, awaiting: the columns both audit screens show."""
    return (
        str(progress.findings),
        str(progress.recommendations),
        str(progress.adopted),
        str(progress.partly_adopted),
        str(progress.declined),
        str(progress.awaiting),
    )


class AuditsScreen(ListScreen):
    SECTION = "Policy audits"
    COLUMNS = (
        "Audit",
        "Started",
        "Agencies",
        "Findings",
        "Recs",
        "Adopted",
        "Partly",
        "Declined",
        "Awaiting",
    )
    EMPTY = 'No policy audits yet. Start one with `delegate audit new "TITLE" --agency NAME`.'

    def rows(self) -> Iterable[Row]:
        for row in audit_rows(self.store, self.audience):
            yield (
                f"audit:{row.id}",
                (
                    row.title,
                    f"{row.started:%d %b %Y}" if row.started else "—",
                    str(row.agencies),
                    *progress_cells(row.progress),
                ),
            )
