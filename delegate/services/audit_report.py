"""A policy audit's best-practices report as a Document for an audience: to circulate (confidential
people by role, the default) or an internal copy that says so at the top."""

from __future__ import annotations

from datetime import date

from delegate.model import Audit
from delegate.services.audience import Audience, lens_for
from delegate.services.documents import Document, document, public_stem
from delegate.services.scripts import render_named
from delegate.store import Store


def audit_report(store: Store, audit: Audit, audience: Audience, *, today: date) -> Document:
    """The report from the audit-report template, every typed text through `audience`'s lens.

    Export it with `services.documents.export_document`; `doc.file_name(fmt)` is
    '<audit>-report.pdf' (or '-report-INTERNAL.pdf').
    """
    from delegate.render.audit_report import audit_report_context

    lens = lens_for(store, audience)
    markdown = render_named(store, "audit-report.md", audit_report_context(store, audit, lens, today))
    return document(
        markdown,
        f"Policy audit: {lens.text(audit.title)}",
        audience,
        public_stem(store, f"{audit.id}-report"),
    )
