"""The first screen: what's next. Meetings, request deadlines, follow-ups, delegations per body."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Static

from delegate.model import Body, Meeting, Person, format_money
from delegate.privacy import Redactor
from delegate.services.dashboard import Dashboard, build_dashboard, describe_deadline
from delegate.ui.screens.base import DataScreen
from delegate.ui.widgets.table import RecordTable, meeting_when

WELCOME = """\
[b]Welcome to delegate.[/b]

delegate keeps track of the boards and councils you speak to, the delegations you make, the speech \
you practise, the handouts you print, and the minutes and follow-ups of your action groups.

Nothing is here yet. Start with the body you want to speak to (a police board, a city council…), \
or load the demo data to look around first. Everything is saved as plain files in your data folder.
"""


FOLLOWUPS_SHOWN = 10
UNREADABLE_SHOWN = 3
HONORARIA_SHOWN = 5


class DashboardScreen(DataScreen):
    """Upcoming meetings and what to do before them."""

    AUTO_FOCUS = "#meetings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_body", "Add body"),
        Binding("D", "load_demo", "Load demo data"),
        Binding("escape", "back", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="unreadable")
        with Vertical(id="welcome"):
            yield Static(WELCOME, classes="welcome-text")
            yield Button("Add a body  (a)", id="welcome-add", variant="primary")
            yield Button("Load the demo data  (D)", id="welcome-demo")
        with VerticalScroll(id="overview"):
            yield Static("Next meetings", classes="section-title")
            yield RecordTable(id="meetings", cursor_type="row", zebra_stripes=True)
            with Vertical(id="costs-section", classes="dashboard-section"):
                yield Static("⚠ Costs not covered", classes="section-title warning-title")
                yield RecordTable(id="costs", cursor_type="row", zebra_stripes=True)
            yield Static("Request deadlines", classes="section-title")
            yield RecordTable(id="deadlines", cursor_type="row", zebra_stripes=True)
            yield Static("Follow-ups: overdue and due this week", classes="section-title")
            yield RecordTable(id="followups", cursor_type="row", zebra_stripes=True)
            with Vertical(id="honoraria-section", classes="dashboard-section"):
                yield Static("Honoraria owed", id="honoraria-title", classes="section-title")
                yield RecordTable(id="honoraria", cursor_type="row", zebra_stripes=True)
            yield Static("Delegations made, per body", classes="section-title")
            yield RecordTable(id="per-body", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        self.title = "delegate"
        self.query_one("#welcome").display = False
        self.query_one("#unreadable").display = False
        for table_id, columns in (
            ("#meetings", ("When", "Body", "Our delegation")),
            ("#deadlines", ("Deadline", "Body", "Meeting", "Ours")),
            ("#followups", ("Due", "Follow-up", "Owner")),
            ("#costs", ("Meeting", "Delegation", "Not covered")),
            ("#honoraria", ("Owed since", "Person", "Amount", "For")),
            ("#per-body", ("Body", "Delegations")),
        ):
            self.query_one(table_id, DataTable).add_columns(*columns)

    def show_data(self) -> None:
        if self._shown_generation < 0:
            # The first time, paint the frame before reading ten years of records, so the app
            # appears at once; the sections fill in right after the first frame.
            self._shown_generation = self.store.generation
            self.sub_title = "Loading…"
            self.call_after_refresh(self.refresh_data)
        else:
            super().show_data()

    def refresh_data(self) -> None:
        self.sub_title = "What's next"
        dashboard = build_dashboard(self.store, self.now())
        self._show_unreadable()
        self.query_one("#welcome").display = dashboard.empty
        self.query_one("#overview").display = not dashboard.empty
        if dashboard.empty:
            self.query_one("#welcome-add").focus()
        else:
            self._fill(dashboard)
            if (
                self.focused is None
                or not self.focused.display
                or (self.focused.id or "").startswith("welcome")
            ):
                self.query_one("#meetings").focus()

    def _show_unreadable(self) -> None:
        """Files that could not be read are left out, never silently: name the first few."""
        errors = [problem for problem in self.store.problems_so_far() if problem.severity == "error"]
        notice = self.query_one("#unreadable", Static)
        notice.display = bool(errors)
        if not errors:
            return
        if len(errors) == 1:
            lines = ["⚠ 1 file could not be read; what it holds is left out until it is fixed:"]
        else:
            lines = [
                f"⚠ {len(errors)} files could not be read; what they hold is left out until they are fixed:"
            ]
        lines += [f"  {problem.describe(self.store.root)}" for problem in errors[:UNREADABLE_SHOWN]]
        if len(errors) > UNREADABLE_SHOWN:
            lines.append(f"  … and {len(errors) - UNREADABLE_SHOWN} more")
        lines.append("Run `delegate check` to see every problem; ctrl+r reads the folder again.")
        notice.update(Text("\n".join(lines)))  # paths as typed: never parsed as markup

    def _fill(self, dashboard: Dashboard) -> None:
        now = dashboard.now
        redactor = Redactor.of(self.store.all(Person))
        meetings = self.query_one("#meetings", DataTable)
        meetings.clear()
        for item in dashboard.meetings:
            ours = "; ".join(f"{d.topic} [{d.status.value}]" for d in item.delegations) or "—"
            body = item.meeting.display_title(item.body.name if item.body else item.meeting.body)
            meetings.add_row(
                meeting_when(item.meeting, "%a %d %b"), body, ours, key=f"meeting:{item.meeting.id}"
            )
        if not dashboard.meetings:
            meetings.add_row("—", "No meetings in the next 60 days", "", key="none:meetings")

        deadlines = self.query_one("#deadlines", DataTable)
        deadlines.clear()
        for deadline in dashboard.deadlines:
            deadlines.add_row(
                describe_deadline(deadline.deadline, now),
                deadline.body.name,
                f"{deadline.meeting.start:%a %d %b}",
                "requested ✓" if deadline.requested else "not yet",
                key=f"meeting:{deadline.meeting.id}",
            )
        if not dashboard.deadlines:
            deadlines.add_row("—", "No request deadline ahead", "", "", key="none:deadlines")

        followups = self.query_one("#followups", DataTable)
        followups.clear()
        today = now.date()
        # The most recently overdue first: years-old items should not bury this week's.
        overdue = sorted(dashboard.overdue, key=lambda item: item.due or today, reverse=True)
        shown = [*overdue[:FOLLOWUPS_SHOWN], *dashboard.due_this_week[:FOLLOWUPS_SHOWN]]
        for followup in shown:
            due = followup.due
            assert due is not None
            late = (today - due).days
            label = f"OVERDUE {late} d · {due:%d %b}" if late > 0 else f"{due:%a %d %b}"
            followups.add_row(
                label,
                redactor.text(followup.text),
                redactor.name(followup.owner),
                key=f"followup:{followup.id}",
            )
        hidden = len(dashboard.overdue) + len(dashboard.due_this_week) - len(shown)
        if hidden > 0:
            followups.add_row("…", f"and {hidden} more open and overdue", "", key="none:more-followups")
        if not shown:
            followups.add_row("—", "Nothing overdue or due this week", "", key="none:followups")

        self._fill_costs(dashboard, redactor)
        self._fill_honoraria(dashboard, redactor)

        per_body = self.query_one("#per-body", DataTable)
        per_body.clear()
        for counted, count in dashboard.delegations_per_body:
            per_body.add_row(counted.name, str(count), key=f"body:{counted.id}")
        if not dashboard.delegations_per_body:
            per_body.add_row("No delegations delivered yet", "", key="none:bodies")

    def _fill_costs(self, dashboard: Dashboard, redactor: Redactor) -> None:
        """A warning, shown only when a coming delegation has a cost nobody covers yet."""
        self.query_one("#costs-section").display = bool(dashboard.uncovered_costs)
        costs = self.query_one("#costs", DataTable)
        costs.clear()
        for item in dashboard.uncovered_costs:
            missing = "; ".join(
                redactor.text(cost.what)
                + (f" ({format_money(cost.amount, cost.currency)})" if cost.amount else "")
                for cost in item.costs  # only the uncovered ones
            )
            costs.add_row(
                f"{item.meeting.start:%a %d %b}",
                redactor.text(item.delegation.topic),
                missing,
                key=f"delegation:{item.delegation.id}",
            )

    def _fill_honoraria(self, dashboard: Dashboard, redactor: Redactor) -> None:
        """How many honoraria are owed, the sums per currency, and the oldest few (public names only)."""
        owed = dashboard.owed_honoraria
        self.query_one("#honoraria-section").display = bool(owed)
        sums: dict[str, Decimal] = {}
        for item in owed:
            sums[item.currency] = sums.get(item.currency, Decimal(0)) + item.amount  # never across currencies
        total = "; ".join(format_money(amount, currency) for currency, amount in sorted(sums.items()))
        self.query_one("#honoraria-title", Static).update(
            f"Honoraria owed: {len(owed)} · {total}  (H to pay)"
        )
        table = self.query_one("#honoraria", DataTable)
        table.clear()
        bodies = {body.id: body.name for body in self.store.all(Body)}
        for item in owed[:HONORARIA_SHOWN]:
            table.add_row(
                f"{item.owed_on:%a %d %b}" if item.owed_on else "—",
                redactor.name(item.person),
                format_money(item.amount, item.currency),
                _meeting_title(self.store.lookup(Meeting, item.meeting), bodies, redactor),
                key=f"honoraria:{item.id}",
            )
        if len(owed) > HONORARIA_SHOWN:
            table.add_row("…", f"and {len(owed) - HONORARIA_SHOWN} more", "", "", key="honoraria:")

    @on(Button.Pressed, "#welcome-add")
    def action_add_body(self) -> None:
        self.delegate_app.action_add_body()

    @on(Button.Pressed, "#welcome-demo")
    def action_load_demo(self) -> None:
        self.delegate_app.action_load_demo()


def _meeting_title(meeting: Meeting | None, bodies: dict[str, str], redactor: Redactor) -> str:
    if meeting is None:
        return "—"
    return redactor.text(meeting.display_title(bodies.get(meeting.body, meeting.body)))
