"""Policy audits: the series with their progress, and one audit with its workshops, its agencies, and
the findings and recommendations of the agency under the cursor. Typed text is shown with confidential
names replaced unless asked (N), as in Follow-ups."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from delegate import parsing
from delegate.model import (
    Attendance,
    Audit,
    Body,
    DelegateError,
    Finding,
    Meeting,
    Person,
    Recommendation,
    ResponseStatus,
)
from delegate.privacy import Redactor
from delegate.services.audits import AgencyView, Progress, agency_views, audit_progress, workshops_of
from delegate.ui.exporting import Export
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.form import Field, FormScreen
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen
from delegate.ui.widgets.table import RecordTable, details_text

CELL_WIDTH = 64  # long barriers and recommendations are cut in the table; the pane below shows them whole


def _short(text: str, width: int = CELL_WIDTH) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _counts(progress: Progress) -> tuple[str, ...]:
    return (
        str(progress.findings),
        str(progress.recommendations),
        str(progress.adopted),
        str(progress.partly_adopted),
        str(progress.declined),
        str(progress.awaiting),
    )


def _attendance_cells(attendance: Attendance | None) -> tuple[str, ...]:
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


def finding_number(audit: Audit, finding_id: str) -> str:
    """'3' for finding 'barriers-to-help-3' of audit 'barriers-to-help'."""
    return finding_id.removeprefix(f"{audit.id}-")


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
        from delegate.services.audits import list_audits

        names = Redactor.of(self.store.all(Person))
        for audit in list_audits(self.store):
            yield (
                f"audit:{audit.id}",
                (
                    names.text(audit.title),
                    f"{audit.started:%d %b %Y}" if audit.started else "—",
                    str(len(audit.agencies)),
                    *_counts(audit_progress(self.store, audit)),
                ),
            )


class AuditScreen(DataScreen):
    """One audit: its aim, workshops (counts only), agencies; findings and recommendations by key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("f", "add_finding", "Add finding"),
        Binding("r", "add_recommendation", "Recommend"),
        Binding("s", "respond", "Response…"),
        Binding("p", "export('pdf')", "Report PDF"),
        Binding("w", "export('html')", "Report HTML"),
        Binding("N", "toggle_names", "Show names"),
    ]

    show_names: reactive[bool] = reactive(False, init=False)

    def __init__(self, audit: Audit) -> None:
        super().__init__()
        self.audit = audit
        self.agency_id = ""  # the agency whose findings are shown
        self._views: dict[str, AgencyView] = {}
        self._workshops: dict[str, Meeting] = {}
        self._cursor_to = ""  # a row key of the findings table to put the cursor on after a refresh

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="details", classes="details")
            yield Static("Workshops", classes="section-title")
            yield RecordTable(id="workshops", cursor_type="row", zebra_stripes=True)
            yield Static("Agencies", classes="section-title")
            yield RecordTable(id="agencies", cursor_type="row", zebra_stripes=True)
            yield Static("", id="findings-title", classes="section-title")
            yield RecordTable(id="findings", cursor_type="row", zebra_stripes=True)
            yield Static("", id="selected", classes="details")
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

    def _names(self) -> Redactor:
        return Redactor.of(self.store.all(Person), internal=self.show_names)

    # ---- showing ------------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.audit = audit = self.store.get(Audit, self.audit.id)
        names = self._names()
        self.sub_title = names.text(audit.title)
        progress = audit_progress(self.store, audit)
        summary = (
            f"{progress.findings} findings, {progress.recommendations} recommendations: "
            f"{progress.adopted} adopted, {progress.partly_adopted} partly adopted, "
            f"{progress.declined} declined, {progress.awaiting} awaiting a response, "
            f"{progress.draft} not yet sent"
        )
        self.query_one("#details", Static).update(
            details_text(
                names.text(audit.title),
                [
                    ("Aim", names.text(audit.aim)),
                    ("Started", f"{audit.started:%A %d %B %Y}" if audit.started else ""),
                    ("Progress", summary),
                    ("Notes", names.text(audit.notes)),
                    ("Reports go to", "exports/ in the data folder (p: PDF, w: web page)"),
                ],
            )
        )
        workshops = workshops_of(self.store, audit)
        self._workshops = {meeting.id: meeting for meeting in workshops}
        table = self.query_one("#workshops", DataTable)
        table.clear()
        for meeting in workshops:
            table.add_row(
                f"{meeting.start:%d %b %Y}",
                _short(names.text(meeting.title), 26) or "—",
                names.text(meeting.format) or "—",
                *_attendance_cells(meeting.attendance),
                key=f"meeting:{meeting.id}",
            )
        if not workshops:
            table.add_row("—", "No workshops yet", "", *("",) * 6, key="none:workshops")

        views = agency_views(self.store, audit)
        self._views = {view.agency.id: view for view in views}
        if self.agency_id not in self._views:
            self.agency_id = views[0].agency.id if views else ""
        agencies = self.query_one("#agencies", DataTable)
        agencies.clear()
        for view in views:
            agencies.add_row(view.agency.name, *_counts(view.progress), key=f"agency:{view.agency.id}")
        if views:
            agencies.move_cursor(row=list(self._views).index(self.agency_id))
        else:
            agencies.add_row("No agencies yet", *("",) * 6, key="none:agencies")
        self._show_findings()

    def _show_findings(self) -> None:
        view = self._views.get(self.agency_id)
        names = self._names()
        title = self.query_one("#findings-title", Static)
        table = self.query_one("#findings", DataTable)
        table.clear()
        if view is None:
            title.update("Findings")
            table.add_row("", "No agency selected", "", "", key="none:findings")
            self._show_selected()
            return
        title.update(f"Findings at {view.agency.name}  (f adds one, r recommends, s records a response)")
        for item in view.findings:
            finding = item.finding
            table.add_row(
                finding_number(self.audit, finding.id),
                _short(names.text(finding.barrier)),
                f"{len(item.recommendations)} rec." if item.recommendations else "no rec. yet",
                f"{finding.recorded:%d %b %Y}" if finding.recorded else "",
                key=f"finding:{finding.id}",
            )
            for recommendation in item.recommendations:
                last = recommendation.responses[-1].on if recommendation.responses else recommendation.created
                table.add_row(
                    "  ↳ " + recommendation.id.rsplit("-", 1)[-1],
                    _short(names.text(recommendation.text)),
                    recommendation.status.value,
                    f"{last:%d %b %Y}" if last else "",
                    key=f"recommendation:{recommendation.id}",
                )
        if not view.findings:
            table.add_row("", "No findings yet: press f to add one", "", "", key="none:findings")
        keys = [row.key.value for row in table.ordered_rows]
        if self._cursor_to in keys:
            table.move_cursor(row=keys.index(self._cursor_to))
        self._cursor_to = ""
        self._show_selected()

    def _show_selected(self) -> None:
        """The finding or recommendation under the cursor, in full."""
        pane = self.query_one("#selected", Static)
        kind, record_id = self._findings_key()
        names = self._names()
        try:
            self._describe(pane, kind, record_id, names)
        except DelegateError:  # removed outside the app since the table was filled; a refresh follows
            pane.update("")

    def _describe(self, pane: Static, kind: str, record_id: str, names: Redactor) -> None:
        if kind == "finding":
            finding = self.store.get(Finding, record_id)
            workshop = self._workshops.get(finding.workshop)
            where = (
                f"{names.text(workshop.title) or workshop.id}, {workshop.start:%d %b %Y}"
                if workshop
                else finding.workshop
            )
            pane.update(
                details_text(
                    f"Finding {finding_number(self.audit, finding.id)}",
                    [
                        ("Barrier", names.text(finding.barrier)),
                        ("Effect", names.text(finding.effect)),
                        ("Came up at", where),
                        ("Recorded", f"{finding.recorded:%d %b %Y}" if finding.recorded else ""),
                        ("Notes", names.text(finding.notes)),
                    ],
                )
            )
        elif kind == "recommendation":
            item = self.store.get(Recommendation, record_id)
            history = "; ".join(
                f"{response.on:%d %b %Y} {response.status.value}"
                + (f" — {names.text(response.note)}" if response.note else "")
                for response in item.responses
            )
            steps = ", ".join(status.value for status in item.next_steps())
            pane.update(
                details_text(
                    f"Recommendation {item.id}",
                    [
                        ("Says", names.text(item.text)),
                        ("Status", item.status.value.upper()),
                        ("Responses", history or "none yet"),
                        ("Next", steps or "settled"),
                    ],
                )
            )
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
        found: Finding | None = None
        if kind == "finding":
            found = self.attempt(self.store.get, Finding, record_id)
        elif kind == "recommendation":
            recommendation = self.attempt(self.store.get, Recommendation, record_id)
            if recommendation is not None:
                found = self.attempt(self.store.get, Finding, recommendation.finding)
        return found

    # ---- keys ---------------------------------------------------------------------------------------

    def action_add_finding(self) -> None:
        from delegate.services.audits import add_finding, agencies_of

        audit = self.audit
        agencies = {body.id: body for body in agencies_of(self.store, audit)}
        if not agencies:
            self.notify(
                f"This audit has no agencies yet: `delegate audit agency add {audit.id} NAME` adds one.",
                severity="warning",
            )
            return
        names = self._names()
        workshops = list(self._workshops.values())

        def submit(values: dict[str, Any]) -> Finding:
            agency: Body = agencies[values["agency"]]
            workshop = self._workshops.get(values["workshop"] or "")
            return add_finding(
                self.store,
                audit,
                agency,
                values["barrier"],
                effect=values["effect"] or "",
                workshop=workshop,
                today=self.now().date(),
            )

        fields = [
            Field(
                "agency",
                "Agency",
                self.agency_id if self.agency_id in agencies else next(iter(agencies)),
                choices=[(body.name, body.id) for body in agencies.values()],
                required=True,
            ),
            Field("barrier", "Barrier (the policy or practice)", required=True),
            Field("effect", "Its effect on people", placeholder="Who it keeps out, and how"),
            Field(
                "workshop",
                "Came up at (optional)",
                "",
                choices=[
                    (f"{meeting.start:%d %b %Y} — {_short(names.text(meeting.title), 50)}", meeting.id)
                    for meeting in workshops
                ],
            ),
        ]

        def saved(finding: Finding | None) -> None:
            if finding is None:
                return
            self.notify(f"Saved finding {finding_number(audit, finding.id)}.", timeout=3)
            self.agency_id = finding.agency
            self._cursor_to = f"finding:{finding.id}"
            self.show_data()
            self.query_one("#findings", DataTable).focus()

        self.app.push_screen(FormScreen(f"A finding of the audit {audit.id}", fields, submit), saved)

    def action_add_recommendation(self) -> None:
        finding = self._selected_finding()
        if finding is None:
            self.notify("Put the cursor on a finding first (in the table of findings).", severity="warning")
            return

        def add(text: str | None) -> None:
            if not text:
                return
            from delegate.services.audits import add_recommendation

            made = self.attempt(
                add_recommendation, self.store, self.audit, finding, text, today=self.now().date()
            )
            if made is not None:
                self.notify(f"Saved recommendation {made.id} (a draft).", timeout=3)
                self._cursor_to = f"recommendation:{made.id}"
                self.show_data()

        number = finding_number(self.audit, finding.id)
        barrier = _short(self._names().text(finding.barrier), 50)
        self.app.push_screen(
            PromptScreen(f"What should change? (finding {number}: {barrier})", required=True), add
        )

    def action_respond(self) -> None:
        kind, record_id = self._findings_key()
        if kind == "recommendation":
            recommendation = self.attempt(self.store.get, Recommendation, record_id)
            if recommendation is not None:
                self._response_form(recommendation)
            return
        view = self._views.get(self.agency_id)
        found = next((item for item in view.findings if item.finding.id == record_id), None) if view else None
        if kind != "finding" or found is None or not found.recommendations:
            self.notify("Put the cursor on a recommendation first (r makes one).", severity="warning")
            return
        open_ones = [item for item in found.recommendations if item.next_steps()]
        if len(open_ones) == 1:
            self._response_form(open_ones[0])
            return
        names = self._names()
        choices = [
            (
                f"{item.id.rsplit('-', 1)[-1]} [{item.status.value}] {_short(names.text(item.text), 50)}",
                item.id,
            )
            for item in open_ones or found.recommendations
        ]

        def chosen(recommendation_id: str | None) -> None:
            if not recommendation_id:
                return
            recommendation = self.attempt(self.store.get, Recommendation, recommendation_id)
            if recommendation is not None:
                self._response_form(recommendation)

        self.app.push_screen(ChooseScreen("A response to which recommendation?", choices), chosen)

    def _response_form(self, recommendation: Recommendation) -> None:
        from delegate.services.audits import respond

        steps = recommendation.next_steps()
        if not steps:
            self.notify(
                f"Recommendation {recommendation.id} is {recommendation.status.value}: nothing follows.",
                severity="warning",
            )
            return
        today = self.now().date()

        def submit(values: dict[str, Any]) -> Recommendation:
            return respond(
                self.store,
                recommendation,
                ResponseStatus(values["status"]),
                values["on"],
                values["note"] or "",
            )

        fields = [
            Field(
                "status",
                f"Now (it is {recommendation.status.value})",
                steps[0].value,
                choices=[(status.value.replace("-", " "), status.value) for status in steps],
                required=True,
            ),
            Field(
                "on",
                "On (YYYY-MM-DD)",
                today.isoformat(),
                "today",
                lambda text: parsing.parse_date(text, today=today),
                required=True,
            ),
            Field("note", "Note (optional)", placeholder="What the agency said, or how it was sent"),
        ]

        def saved(changed: Recommendation | None) -> None:
            if changed is None:
                return
            self.notify(f"Recommendation {changed.id}: {changed.status.value}.", timeout=3)
            self._cursor_to = f"recommendation:{changed.id}"
            self.show_data()

        title = f"Response to recommendation {recommendation.id}"
        self.app.push_screen(FormScreen(title, fields, submit), saved)

    def action_toggle_names(self) -> None:
        self.show_names = not self.show_names
        self.notify("Showing confidential names: this screen only." if self.show_names else "Names hidden.")

    def watch_show_names(self) -> None:
        self._cursor_to = "{}:{}".format(*self._findings_key())
        self.refresh_data()

    # ---- the report ---------------------------------------------------------------------------------

    def action_export(self, fmt: str) -> None:
        from delegate.services.audits import export_audit_report

        audit, folder, today = self.audit, self.store.root / "exports", self.now().date()

        def make() -> tuple[Path, bytes]:
            report = export_audit_report(self.store, audit, fmt, internal=False, today=today)
            return folder / f"{audit.id}-report.{fmt}", report

        export = Export(
            "Report",
            f"delegate audit report {audit.id} --format {fmt}",
            make,
            folder,
            saved=lambda path: f"Saved {path} (confidential people by role)",
        )
        self.export_file(export, f"Making the report ({fmt.upper()})…")
