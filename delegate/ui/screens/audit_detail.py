"""One policy audit: its aim, its workshops (counts only), its agencies, and the findings and
recommendations of the agency under the cursor, with keys to add them and record responses.

Everything shown comes from `audit_view` for this screen's audience: confidential people named in
typed text are shown by role until N (this screen only); the report's keys export for the same
audience."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header

from delegate.model import Audit, Body, Finding, Recommendation, ResponseStatus
from delegate.services.audit_views import AuditView, audit_view
from delegate.ui.exporting import Export
from delegate.ui.screens.audit_parts import attendance_cells, finding_fields, response_fields, short
from delegate.ui.screens.audits import progress_cells
from delegate.ui.screens.base import DataScreen
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen
from delegate.ui.widgets.table import RecordTable, details_text


class AuditScreen(DataScreen):
    """One audit: its aim, workshops (counts only), agencies; findings and recommendations by key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("f", "add_finding", "Add finding"),
        Binding("r", "add_recommendation", "Recommend"),
        Binding("s", "respond", "Response…"),
        Binding("p", "export('pdf')", "Report PDF"),
        Binding("w", "export('html')", "Report HTML"),
    ]

    def __init__(self, audit: Audit) -> None:
        super().__init__()
        self.audit = audit
        self.agency_id = ""  # the agency whose findings are shown
        self._view: AuditView | None = None
        self._cursor_to = ""  # a row key of the findings table to put the cursor on after a refresh

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Plain(id="details", classes="details")
            yield Plain("Workshops", classes="section-title")
            yield RecordTable(id="workshops", cursor_type="row", zebra_stripes=True)
            yield Plain("Agencies", classes="section-title")
            yield RecordTable(id="agencies", cursor_type="row", zebra_stripes=True)
            yield Plain("", id="findings-title", classes="section-title")
            yield RecordTable(id="findings", cursor_type="row", zebra_stripes=True)
            yield Plain("", id="selected", classes="details")
        yield Footer()

    def setup(self) -> None:
        self.query_one("#workshops", DataTable).add_columns(
            "When",
            "Workshop",
            "Format",
            "Sex workers",
            "Agency staff",
            "Residents",
            "Business",
            "Other",
            "Total",
        )
        self.query_one("#agencies", DataTable).add_columns(
            "Agency", "Findings", "Recs", "Adopted", "Partly", "Declined", "Awaiting"
        )
        self.query_one("#findings", DataTable).add_columns("#", "Barrier · recommendation", "Status", "Since")
        self.query_one("#agencies", DataTable).focus()

    @property
    def view(self) -> AuditView:
        """The audit as this screen's audience sees it (made on each refresh)."""
        if self._view is None:
            self._view = audit_view(self.store, self.audit, self.audience)
        return self._view

    # ---- showing ------------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.audit = self.store.get(Audit, self.audit.id)
        self._view = view = audit_view(self.store, self.audit, self.audience)
        self.sub_title = self.titled(view.title)
        progress = view.progress
        summary = (
            f"{progress.findings} findings, {progress.recommendations} recommendations: "
            f"{progress.adopted} adopted, {progress.partly_adopted} partly adopted, "
            f"{progress.declined} declined, {progress.awaiting} awaiting a response, "
            f"{progress.draft} not yet sent"
        )
        self.query_one("#details", Plain).update(
            details_text(
                view.title,
                [
                    ("Aim", view.aim),
                    ("Started", f"{view.started:%A %d %B %Y}" if view.started else ""),
                    ("Progress", summary),
                    ("Notes", view.notes),
                    ("Reports go to", "exports/ in the data folder (p: PDF, w: web page)"),
                ],
            )
        )
        table = self.query_one("#workshops", DataTable)
        table.clear()
        for meeting in view.workshops:
            table.add_row(
                f"{meeting.start:%d %b %Y}",
                short(meeting.title, 26) or "—",
                meeting.format or "—",
                *attendance_cells(meeting.attendance),
                key=f"meeting:{meeting.id}",
            )
        if not view.workshops:
            table.add_row("—", "No workshops yet", "", *("",) * 6, key="none:workshops")

        ids = [agency.id for agency in view.agencies]
        if self.agency_id not in ids:
            self.agency_id = ids[0] if ids else ""
        agencies = self.query_one("#agencies", DataTable)
        agencies.clear()
        for agency in view.agencies:
            agencies.add_row(agency.name, *progress_cells(agency.progress), key=f"agency:{agency.id}")
        if ids:
            agencies.move_cursor(row=ids.index(self.agency_id))
        else:
            agencies.add_row("No agencies yet", *("",) * 6, key="none:agencies")
        self._show_findings()

    def watch_show_names(self) -> None:
        # Names shown or hidden: the same row stays under the cursor.
        self._cursor_to = "{}:{}".format(*self._findings_key())
        super().watch_show_names()

    def _show_findings(self) -> None:
        agency = self.view.agency(self.agency_id)
        title = self.query_one("#findings-title", Plain)
        table = self.query_one("#findings", DataTable)
        table.clear()
        if agency is None:
            title.update("Findings")
            table.add_row("", "No agency selected", "", "", key="none:findings")
            self._show_selected()
            return
        title.update(f"Findings at {agency.name}  (f adds one, r recommends, s records a response)")
        for finding in agency.findings:
            table.add_row(
                finding.number,
                short(finding.barrier),
                f"{len(finding.recommendations)} rec." if finding.recommendations else "no rec. yet",
                f"{finding.recorded:%d %b %Y}" if finding.recorded else "",
                key=f"finding:{finding.id}",
            )
            for recommendation in finding.recommendations:
                last = recommendation.since or recommendation.created
                table.add_row(
                    f"  ↳ {recommendation.short}",
                    short(recommendation.text),
                    recommendation.status,
                    f"{last:%d %b %Y}" if last else "",
                    key=f"recommendation:{recommendation.id}",
                )
        if not agency.findings:
            table.add_row("", "No findings yet: press f to add one", "", "", key="none:findings")
        keys = [row.key.value for row in table.ordered_rows]
        if self._cursor_to in keys:
            table.move_cursor(row=keys.index(self._cursor_to))
        self._cursor_to = ""
        self._show_selected()

    def _show_selected(self) -> None:
        """The finding or recommendation under the cursor, in full."""
        pane = self.query_one("#selected", Plain)
        kind, record_id = self._findings_key()
        finding = self.view.finding(record_id) if kind == "finding" else None
        recommendation = self.view.recommendation(record_id) if kind == "recommendation" else None
        if finding is not None:
            pane.update(
                details_text(
                    f"Finding {finding.number}",
                    [
                        ("Barrier", finding.barrier),
                        ("Effect", finding.effect),
                        ("Came up at", finding.where),
                        ("Recorded", f"{finding.recorded:%d %b %Y}" if finding.recorded else ""),
                        ("Notes", finding.notes),
                    ],
                )
            )
        elif recommendation is not None:
            history = "; ".join(
                f"{response.on:%d %b %Y} {response.status}" + (f" — {response.note}" if response.note else "")
                for response in recommendation.responses
            )
            pane.update(
                details_text(
                    f"Recommendation {recommendation.id}",
                    [
                        ("Says", recommendation.text),
                        ("Status", recommendation.status.upper()),
                        ("Responses", history or "none yet"),
                        ("Next", ", ".join(recommendation.next_steps) or "settled"),
                    ],
                )
            )
        elif kind in ("finding", "recommendation"):  # removed outside the app; a refresh follows
            pane.update("")
        else:
            pane.update("Move the cursor onto a finding or a recommendation to see it in full.")

    @on(DataTable.RowHighlighted, "#agencies")
    def _agency_highlighted(self) -> None:
        # Read where the cursor is now, not where the event says it was: a refresh posts several
        # highlights (clear, add, move) that arrive after it has put the cursor back on the agency.
        table = self.query_one("#agencies", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, agency_id = key.partition(":")
        if kind == "agency" and agency_id != self.agency_id:
            self.agency_id = agency_id
            self._show_findings()

    @on(DataTable.RowSelected, "#agencies")
    def _to_findings(self) -> None:
        self.query_one("#findings", DataTable).focus()

    @on(DataTable.RowHighlighted, "#findings")
    def _finding_highlighted(self) -> None:
        self._show_selected()

    # ---- what is selected ---------------------------------------------------------------------------

    def _findings_key(self) -> tuple[str, str]:
        table = self.query_one("#findings", DataTable)
        if not table.row_count:
            return "", ""
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, record_id = key.partition(":")
        return kind, record_id

    def _selected_finding(self) -> Finding | None:
        kind, record_id = self._findings_key()
        if kind == "recommendation":
            recommendation = self.view.recommendation(record_id)
            record_id = recommendation.finding if recommendation else ""
        elif kind != "finding":
            return None
        found: Finding | None = self.attempt(self.store.get, Finding, record_id)
        return found

    # ---- keys ---------------------------------------------------------------------------------------

    def action_add_finding(self) -> None:
        from delegate.services.audit_findings import add_finding
        from delegate.services.audits import agencies_of, audit_workshop

        audit, view = self.audit, self.view
        agencies: dict[str, Body] = {body.id: body for body in agencies_of(self.store, audit)}
        if not agencies:
            self.notify(
                f"This audit has no agencies yet: `delegate audit agency add {audit.id} NAME` adds one.",
                severity="warning",
            )
            return

        def submit(values: dict[str, Any]) -> Finding:
            workshop = audit_workshop(self.store, audit, values["workshop"]) if values["workshop"] else None
            found = add_finding(
                self.store,
                audit,
                agencies[values["agency"]],
                values["barrier"],
                effect=values["effect"] or "",
                workshop=workshop,
                today=self.now().date(),
            )
            self.warn_mentions(values["barrier"], values["effect"] or "")
            return found

        fields = finding_fields(view, list(agencies), self.agency_id)

        def saved(finding: Finding | None) -> None:
            if finding is None:
                return
            self.notify(f"Saved finding {finding.id.removeprefix(f'{audit.id}-')}.", timeout=3)
            self.agency_id = finding.agency
            self._cursor_to = f"finding:{finding.id}"
            self.show_data()
            self.query_one("#findings", DataTable).focus()

        self.app.push_screen(FormScreen(f"A finding of the audit {audit.id}", fields, submit), saved)

    def action_add_recommendation(self) -> None:
        finding = self._selected_finding()
        shown = self.view.finding(finding.id) if finding is not None else None
        if finding is None or shown is None:
            self.notify("Put the cursor on a finding first (in the table of findings).", severity="warning")
            return

        def add(text: str | None) -> None:
            if not text:
                return
            from delegate.services.audit_findings import add_recommendation

            made = self.attempt(
                add_recommendation, self.store, self.audit, finding, text, today=self.now().date()
            )
            if made is not None:
                self.notify(f"Saved recommendation {made.id} (a draft).", timeout=3)
                self.warn_mentions(text)
                self._cursor_to = f"recommendation:{made.id}"
                self.show_data()

        prompt = f"What should change? (finding {shown.number}: {short(shown.barrier, 50)})"
        self.app.push_screen(PromptScreen(prompt, required=True), add)

    def action_respond(self) -> None:
        kind, record_id = self._findings_key()
        if kind == "recommendation":
            self._response_form(record_id)
            return
        finding = self.view.finding(record_id) if kind == "finding" else None
        if finding is None or not finding.recommendations:
            self.notify("Put the cursor on a recommendation first (r makes one).", severity="warning")
            return
        open_ones = [item for item in finding.recommendations if item.next_steps]
        if len(open_ones) == 1:
            self._response_form(open_ones[0].id)
            return
        choices = [
            (f"{item.short} [{item.status}] {short(item.text, 50)}", item.id)
            for item in open_ones or finding.recommendations
        ]

        def chosen(recommendation_id: str | None) -> None:
            if recommendation_id:
                self._response_form(recommendation_id)

        self.app.push_screen(ChooseScreen("A response to which recommendation?", choices), chosen)

    def _response_form(self, recommendation_id: str) -> None:
        from delegate.services.audit_findings import respond

        recommendation: Recommendation | None = self.attempt(
            self.store.get, Recommendation, recommendation_id
        )
        if recommendation is None:
            return
        steps = recommendation.next_steps()
        if not steps:
            self.notify(
                f"Recommendation {recommendation.id} is {recommendation.status.value}: nothing follows.",
                severity="warning",
            )
            return
        today = self.now().date()

        def submit(values: dict[str, Any]) -> Recommendation:
            changed = respond(
                self.store,
                recommendation,
                ResponseStatus(values["status"]),
                values["on"],
                values["note"] or "",
            )
            self.warn_mentions(values["note"] or "")
            return changed

        fields = response_fields(recommendation, today)

        def saved(changed: Recommendation | None) -> None:
            if changed is None:
                return
            self.notify(f"Recommendation {changed.id}: {changed.status.value}.", timeout=3)
            self._cursor_to = f"recommendation:{changed.id}"
            self.show_data()

        title = f"Response to recommendation {recommendation.id}"
        self.app.push_screen(FormScreen(title, fields, submit), saved)

    # ---- the report ---------------------------------------------------------------------------------

    def action_export(self, fmt: str) -> None:
        from delegate.services.audit_report import audit_report
        from delegate.services.documents import export_document
        from delegate.services.files import exports_folder

        audit, audience, folder, today = (
            self.audit,
            self.audience,
            exports_folder(self.store),
            self.now().date(),
        )

        def make() -> tuple[Path, bytes]:
            doc = audit_report(self.store, audit, audience, today=today)
            return folder / doc.file_name(fmt), export_document(doc, fmt)

        who = (
            "an internal copy: confidential names included"
            if self.show_names
            else "confidential people by role"
        )
        export = Export(
            "Report",
            f"delegate audit report {audit.id} --format {fmt}" + (" --internal" if self.show_names else ""),
            make,
            folder,
            saved=lambda path: f"Saved {path} ({who})",
        )
        self.export_file(export, f"Making the report ({fmt.upper()})…")
