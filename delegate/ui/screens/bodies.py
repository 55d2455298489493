"""Bodies: the list, and one body with its clerk, its meetings and our delegations to it; for an action
group also its standing agreements, who signed its confidentiality agreement, and its next agenda."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from delegate.model import Body, BodyKind
from delegate.services.body_views import BodyDetail, body_detail, body_views
from delegate.services.feeds import FeedView, feed_views
from delegate.ui.exporting import Export
from delegate.ui.forms import body_form
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.screens.meetings import shown_when
from delegate.ui.widgets.table import RecordTable, details_text


class BodiesScreen(ListScreen):
    SECTION = "Bodies"
    COLUMNS = ("Name", "Kind", "Limit", "Members", "Next meeting", "Calendar feed")
    EMPTY = "No bodies yet. Press a to add the board or council you want to speak to."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("a", "add", "Add body"),
        Binding("f", "read_feeds", "Read feeds"),
    ]

    def rows(self) -> Iterable[Row]:
        feeds = {view.body_id: view for view in feed_views(self.store, self.audience)}
        for body in body_views(self.store, self.audience, self.now()):
            following = body.next_meeting
            yield (
                f"body:{body.id}",
                (
                    body.name,
                    body.kind,
                    body.speaking_limit,
                    str(body.members or ""),
                    shown_when(following.start, following.all_day) if following else "—",
                    feed_cell(feeds.get(body.id)),
                ),
            )

    def action_add(self) -> None:
        self.delegate_app.action_add_body()

    def action_read_feeds(self) -> None:
        self.delegate_app.action_read_feeds()


def feed_cell(view: FeedView | None) -> str:
    """When a body's feed was last read and what that changed (or why it failed); '' without a feed."""
    if view is None:
        return ""
    if view.error:
        return f"failed: {view.error}"
    if view.read_at == "never":
        return "not read yet (f reads it)"
    return f"{view.read_at}: {view.changed}"


class BodyScreen(DataScreen):
    """One body: how to reach the clerk, how to ask for a slot, its meetings, our delegations."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("e", "edit", "Edit"),
        Binding("n", "add_meeting", "New meeting"),
        Binding("p", "agenda", "Agenda PDF"),
    ]

    def __init__(self, body: Body) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="details", classes="details")
            with Vertical(id="group-section", classes="dashboard-section"):
                yield Static("Standing agreements", classes="section-title")
                yield Static(id="agreements", classes="details")
                yield Static("Confidentiality agreement: who has signed", classes="section-title")
                yield RecordTable(id="signatures", cursor_type="row", zebra_stripes=True)
            yield Static("Meetings", classes="section-title")
            yield RecordTable(id="body-meetings", cursor_type="row", zebra_stripes=True)
            yield Static("Our delegations", classes="section-title")
            yield RecordTable(id="body-delegations", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        self.query_one("#body-meetings", DataTable).add_columns("When", "Status", "Place")
        self.query_one("#body-delegations", DataTable).add_columns("Meeting", "Status", "Topic")
        self.query_one("#signatures", DataTable).add_columns("Member", "Signed")

    def _is_group(self) -> bool:
        return self.body.kind is BodyKind.ACTION_GROUP

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Agendas are written for action groups; other bodies publish their own.
        return self._is_group() if action == "agenda" else True

    def refresh_data(self) -> None:
        self.body = self.store.get(Body, self.body.id)
        now = self.now()
        detail = body_detail(self.store, self.body, self.audience, now)
        name = detail.view.name
        self.sub_title = self.titled(name)
        members = detail.view.members
        pairs = [
            ("Kind", detail.view.kind),
            ("Jurisdiction", detail.jurisdiction),
            ("Clerk's phone", detail.phone),
            ("Clerk's email", detail.email),
            ("Web", detail.url),
            ("Speaking limit", detail.view.speaking_limit),
            ("Members", f"{members} → bring {detail.copies} copies" if members else ""),
            (
                "Request deadline",
                f"{detail.deadline_days} days before, by {detail.deadline_at:%H:%M}"
                if detail.deadline_at
                else "not set",
            ),
            ("How to request", detail.how_to_request),
            ("Usual place", detail.place),
            ("Time zone", detail.timezone),
            ("Honoraria budget", self._budget_text()),
            ("Notes", detail.notes),
        ]
        self.query_one("#details", Static).update(details_text(name, pairs))
        self._show_group(detail)
        # Coming meetings first (soonest first), then the past (most recent first).
        coming = [m for m in detail.meetings if m.start >= now]
        past = [m for m in reversed(detail.meetings) if m.start < now]
        table = self.query_one("#body-meetings", DataTable)
        table.clear()
        for meeting in coming + past:
            table.add_row(
                shown_when(meeting.start, meeting.all_day),
                meeting.status,
                meeting.place,
                key=f"meeting:{meeting.id}",
            )
        delegations = self.query_one("#body-delegations", DataTable)
        delegations.clear()
        for delegation in reversed(detail.delegations):
            delegations.add_row(
                f"{delegation.meeting_start:%d %b %Y}" if delegation.meeting_start else "",
                delegation.status,
                delegation.topic,
                key=f"delegation:{delegation.id}",
            )

    def _budget_text(self) -> str:
        """'50.00 CAD per person; 2,400.00 CAD in all, 1,700.00 CAD left (100.00 CAD owed)'."""
        if self.body.budget is None:
            return ""
        from delegate.model import format_money
        from delegate.services.honoraria import budget_status

        status = budget_status(self.store, self.body)
        money = partial(format_money, currency=status.currency)
        text = f"{money(status.budget.per_person)} per person"
        if status.left is not None and status.budget.total is not None:
            text += f"; {money(status.budget.total)} in all, {money(status.left)} left"
        return text + (f" ({money(status.owed)} still owed)" if status.owed else "")

    def _show_group(self, detail: BodyDetail) -> None:
        """An action group's standing agreements, numbered, and its members' signatures (by role until N)."""
        section = self.query_one("#group-section")
        section.display = detail.is_group or bool(self.body.agreements or self.body.signatures)
        if not section.display:
            return
        numbered = "\n".join(f"{item.position}. {item.text}" for item in detail.agreements)
        # Typed text: shown as typed, never read as markup.
        self.query_one("#agreements", Static).update(
            Text(numbered or "None yet: `delegate body agreement add GROUP TEXT` adds one.")
        )
        table = self.query_one("#signatures", DataTable)
        table.clear()
        for status in detail.signatures:
            table.add_row(
                status.name,
                f"{status.signed:%d %b %Y}" if status.signed else "not yet",
                key=f"none:signature-{status.id}",
            )
        if not table.row_count:
            table.add_row("No members yet", "", key="none:signatures")

    def action_edit(self) -> None:
        self.app.push_screen(body_form(self.store, self.body, self.audience), lambda _: self.refresh_data())

    def action_add_meeting(self) -> None:
        self.delegate_app.action_add_meeting(self.body)

    def action_agenda(self) -> None:
        """The agenda of the group's next meeting as a PDF in <data>/exports (to circulate: names by role)."""
        if not self._is_group():
            return
        from delegate.services.agenda import agenda_document, agenda_meeting, build_agenda
        from delegate.services.audience import Audience
        from delegate.services.documents import export_document
        from delegate.services.files import exports_folder

        group, folder, today = self.body, exports_folder(self.store), self.now().date()

        def make() -> tuple[Path, bytes]:
            agenda = build_agenda(self.store, group, agenda_meeting(self.store, group, None, today=today))
            doc = agenda_document(self.store, agenda, Audience.PUBLIC)  # to circulate, whatever N shows
            return folder / doc.file_name("pdf"), export_document(doc, "pdf")

        export = Export(
            "Agenda",
            f"delegate agenda {group.id} --format pdf",
            make,
            folder,
            refused="No agenda",
            saved=lambda path: f"Saved {path} (confidential people by role)",
        )
        self.export_file(export, "Making the agenda…")
