"""Bodies: the list, and one body with its clerk, its meetings and our delegations to it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from delegate.model import Body, Delegation, Meeting
from delegate.services.meetings import list_meetings
from delegate.store.codec import format_length
from delegate.ui.forms import body_form
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.table import RecordTable, details_text, meeting_when


class BodiesScreen(ListScreen):
    SECTION = "Bodies"
    COLUMNS = ("Name", "Kind", "Limit", "Members", "Next meeting")
    EMPTY = "No bodies yet. Press a to add the board or council you want to speak to."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("a", "add", "Add body"),
    ]

    def rows(self) -> Iterable[Row]:
        now = self.now()
        upcoming: dict[str, Meeting] = {}
        for meeting in sorted(self.store.all(Meeting), key=lambda item: item.start, reverse=True):
            if meeting.start >= now and meeting.is_open:
                upcoming[meeting.body] = meeting
        for body in sorted(self.store.all(Body), key=lambda item: item.name.casefold()):
            following = upcoming.get(body.id)
            yield (
                f"body:{body.id}",
                (
                    body.name,
                    body.kind.value,
                    format_length(body.speaking_limit),
                    str(body.members or ""),
                    meeting_when(following) if following else "—",
                ),
            )

    def action_add(self) -> None:
        self.delegate_app.action_add_body()


class BodyScreen(DataScreen):
    """One body: how to reach the clerk, how to ask for a slot, its meetings, our delegations."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("e", "edit", "Edit"),
        Binding("n", "add_meeting", "New meeting"),
    ]

    def __init__(self, body: Body) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="details", classes="details")
            yield Static("Meetings", classes="section-title")
            yield RecordTable(id="body-meetings", cursor_type="row", zebra_stripes=True)
            yield Static("Our delegations", classes="section-title")
            yield RecordTable(id="body-delegations", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        self.query_one("#body-meetings", DataTable).add_columns("When", "Status", "Place")
        self.query_one("#body-delegations", DataTable).add_columns("Meeting", "Status", "Topic")

    def refresh_data(self) -> None:
        self.body = self.store.get(Body, self.body.id)
        body = self.body
        self.sub_title = body.name
        deadline = body.request_deadline
        limit = format_length(body.speaking_limit)
        pairs = [
            ("Kind", body.kind.value),
            ("Jurisdiction", body.jurisdiction),
            ("Clerk's phone", body.phone),
            ("Clerk's email", body.email),
            ("Web", body.url),
            ("Speaking limit", limit),
            ("Members", f"{body.members} → bring {body.copies_to_bring()} copies" if body.members else ""),
            (
                "Request deadline",
                f"{deadline.days_before} days before, by {deadline.at:%H:%M}" if deadline else "not set",
            ),
            ("How to request", body.how_to_request),
            ("Usual place", body.place),
            ("Time zone", body.timezone),
            ("Notes", body.notes),
        ]
        self.query_one("#details", Static).update(details_text(body.name, pairs))
        now = self.now()
        meetings = list_meetings(self.store, body=body.id)
        # Coming meetings first (soonest first), then the past (most recent first).
        ordered = [m for m in meetings if m.start >= now] + [m for m in reversed(meetings) if m.start < now]
        table = self.query_one("#body-meetings", DataTable)
        table.clear()
        for meeting in ordered:
            table.add_row(
                meeting_when(meeting),
                meeting.status.value,
                meeting.place,
                key=f"meeting:{meeting.id}",
            )
        by_id = {meeting.id: meeting for meeting in meetings}
        ours = sorted(
            (d for d in self.store.all(Delegation) if d.meeting in by_id),
            key=lambda d: by_id[d.meeting].start,
            reverse=True,
        )
        delegations = self.query_one("#body-delegations", DataTable)
        delegations.clear()
        for delegation in ours:
            delegations.add_row(
                f"{by_id[delegation.meeting].start:%d %b %Y}",
                delegation.status.value,
                delegation.topic,
                key=f"delegation:{delegation.id}",
            )

    def action_edit(self) -> None:
        self.app.push_screen(body_form(self.store, self.body), lambda _: self.refresh_data())

    def action_add_meeting(self) -> None:
        self.delegate_app.action_add_meeting(self.body)
