"""Bodies: the list, and one body with its clerk, its meetings and our delegations to it; for an action
group also its standing agreements, who signed its confidentiality agreement, and its next agenda."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header

from delegate.errors import DelegateError
from delegate.model import Body, BodyKind
from delegate.services.body_views import BodyDetail, body_detail, body_views
from delegate.services.feeds import FeedView, feed_views
from delegate.services.meetings import meeting_when
from delegate.services.shares import ShareView, share_of, sync_group
from delegate.ui.exporting import Export
from delegate.ui.forms import body_form
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
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
                    meeting_when(following.start, following.all_day) if following else "—",
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
        Binding("y", "sync_share", "Sync calendar"),
    ]

    def __init__(self, body: Body) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Plain(id="details", classes="details")
            with Vertical(id="group-section", classes="dashboard-section"):
                yield Plain("Standing agreements", classes="section-title")
                yield Plain(id="agreements", classes="details")
                yield Plain("Confidentiality agreement: who has signed", classes="section-title")
                yield RecordTable(id="signatures", cursor_type="row", zebra_stripes=True)
            with Vertical(id="share-section", classes="dashboard-section"):
                yield Plain("Shared calendar", classes="section-title")
                yield Plain(id="share", classes="details")
            yield Plain("Meetings", classes="section-title")
            yield RecordTable(id="body-meetings", cursor_type="row", zebra_stripes=True)
            yield Plain("Our delegations", classes="section-title")
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
        if action == "agenda":
            return self._is_group()
        if action == "sync_share":  # only a body shared with a calendar (`delegate share add`)
            return self._share is not None
        return super().check_action(action, parameters)

    _share: ShareView | None = None

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
        self.query_one("#details", Plain).update(details_text(name, pairs))
        self._show_group(detail)
        self._show_share()
        # Coming meetings first (soonest first), then the past (most recent first).
        coming = [m for m in detail.meetings if m.start >= now]
        past = [m for m in reversed(detail.meetings) if m.start < now]
        table = self.query_one("#body-meetings", DataTable)
        table.clear()
        for meeting in coming + past:
            table.add_row(
                meeting_when(meeting.start, meeting.all_day),
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
        self.query_one("#agreements", Plain).update(
            numbered or "None yet: `delegate body agreement add GROUP TEXT` adds one."
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

    def _show_share(self) -> None:
        """When the group is shared: its calendar, the last sync, what went each way, open conflicts."""
        try:
            share = share_of(self.store, self.body, self.audience)
        except DelegateError as error:  # a share's file that cannot be read: said, the rest shown
            share = None
            self.notify(str(error), title="Shared calendar", severity="error", timeout=8)
        if (share is None) != (self._share is None):
            self.refresh_bindings()
        self._share = share
        section = self.query_one("#share-section")
        section.display = share is not None
        if share is None:
            return
        summary = share.summary[:1].upper() + share.summary[1:]
        lines = [f"{share.calendar} (as {share.user or 'no user'})", summary]
        if share.conflicts:
            lines.append("Open conflicts (ours kept; theirs is in the record's notes):")
            lines += [f"  {conflict.line}" for conflict in share.conflicts]
        lines.append("y syncs now.")
        # From a server and records: shown as plain text (never markup, control characters visible).
        self.query_one("#share", Plain).update("\n".join(lines))

    def action_sync_share(self) -> None:
        if self._share is None:
            return
        self.notify(f"Syncing with {self._share.server}…", timeout=2)
        self._sync_share(self.body.id)

    @work(thread=True, exclusive=True, group="share")
    def _sync_share(self, group: str) -> None:
        try:
            done = sync_group(self.store, group, self.now())
        except DelegateError as error:
            self.app.call_from_thread(self._synced, f"Not synced: {error}", "error")
            return
        said = done.summary + "".join(f"\nConflict: {conflict.line}" for conflict in done.new_conflicts)
        self.app.call_from_thread(self._synced, said, "warning" if done.new_conflicts else "information")

    def _synced(self, message: str, severity: str) -> None:
        self.notify(message, title="Shared calendar", severity=severity, timeout=8)  # type: ignore[arg-type]
        self.show_data()  # the last sync, and what it took into the records

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
