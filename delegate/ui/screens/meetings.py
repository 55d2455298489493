"""Meetings: a list (coming or all) or a month view, and one meeting with our delegations on it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Header

from delegate.model import Meeting
from delegate.services.dashboard import describe_deadline
from delegate.services.meetings import cancel_meeting, meeting_detail, meeting_views, meeting_when
from delegate.services.undo import undoable
from delegate.ui.forms import meeting_edit_form
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.editable import PlainInput
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.month import MonthView
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.prompt import PromptScreen
from delegate.ui.widgets.table import RecordTable, details_text


class MeetingsScreen(ListScreen):
    SECTION = "Meetings"
    COLUMNS = ("When", "Body", "Status", "Ours", "Place")
    EMPTY = "No meetings to show. Press a to schedule one, p to include past meetings."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("a", "add", "Add meeting"),
        Binding("p", "toggle_past", "Past too"),
        Binding("v", "toggle_month", "Month view"),
        Binding("left_square_bracket", "month(-1)", "Prev month"),
        Binding("right_square_bracket", "month(1)", "Next month"),
        Binding("c", "export_calendar", "Export calendar (.ics)"),
    ]

    show_past: reactive[bool] = reactive(False, init=False)
    month_view: reactive[bool] = reactive(False, init=False)
    month: reactive[date] = reactive(date(2000, 1, 1), init=False)

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainInput(placeholder="Filter: type to narrow the list (/ to come back here)", id="filter")
        yield MonthView(id="month")
        yield RecordTable(id="records", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="empty", classes="hint")
        yield Footer()

    def setup(self) -> None:
        super().setup()
        self.sub_title = "Meetings (coming)"
        self.set_reactive(MeetingsScreen.month, self.now().date().replace(day=1))
        self.query_one(MonthView).display = False

    def rows(self) -> Iterable[Row]:
        now = self.now()
        if self.month_view:
            first = self.month
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            meetings = meeting_views(self.store, self.audience, first, last)
            self.query_one(MonthView).show(
                self.month.year, self.month.month, [m.start.date() for m in meetings], now.date()
            )
        else:
            meetings = meeting_views(self.store, self.audience, coming=None if self.show_past else now)
        for meeting in meetings:
            yield (
                f"meeting:{meeting.id}",
                (
                    meeting_when(meeting.start, meeting.all_day),
                    meeting.heading,
                    meeting.status,
                    ", ".join(meeting.ours) or "—",
                    meeting.place,
                ),
            )

    def watch_show_past(self) -> None:
        self.sub_title = self.titled("Meetings (all)" if self.show_past else "Meetings (coming)")
        self.refresh_data()

    def watch_month_view(self, month_view: bool) -> None:
        self.query_one(MonthView).display = month_view
        self.sub_title = self.titled(f"Meetings in {self.month:%B %Y}" if month_view else "Meetings (coming)")
        self.refresh_data()

    def watch_month(self) -> None:
        self.sub_title = self.titled(f"Meetings in {self.month:%B %Y}")
        self.refresh_data()

    def action_toggle_past(self) -> None:
        self.show_past = not self.show_past

    def action_toggle_month(self) -> None:
        self.month_view = not self.month_view

    def action_month(self, step: int) -> None:
        if not self.month_view:
            self.month_view = True
            return
        index = self.month.year * 12 + self.month.month - 1 + step
        self.month = date(index // 12, index % 12 + 1, 1)

    def action_add(self) -> None:
        self.delegate_app.action_add_meeting()

    def action_export_calendar(self) -> None:
        self.delegate_app.action_export_calendar()


class MeetingScreen(DataScreen):
    """One meeting: when, where, the request deadline, our delegations; cancel or add a delegation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("e", "edit", "Edit"),
        Binding("n", "add_delegation", "New delegation"),
        Binding("x", "cancel_meeting", "Cancel meeting"),
        Binding("o", "open_body", "Open body"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Plain(id="details", classes="details")
            yield Plain("Our delegations", classes="section-title")
            yield RecordTable(id="meeting-delegations", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        self.query_one(DataTable).add_columns("Status", "Topic", "Speakers")

    def refresh_data(self) -> None:
        self.meeting = self.store.get(Meeting, self.meeting.id)
        detail = meeting_detail(self.store, self.meeting, self.audience)
        meeting = detail.view
        self.sub_title = self.titled(f"{meeting.body_name} · {meeting.start:%d %b %Y}")
        now = self.now()
        deadline = ""
        if detail.request_deadline is not None and meeting.start > now:
            moment = detail.request_deadline
            deadline = describe_deadline(moment, now) if moment >= now else "request deadline has passed"
        status = meeting.status + (f" — {meeting.status_reason}" if meeting.status_reason else "")
        when = meeting_when(meeting.start, meeting.all_day, "%A %d %B %Y", ", ")
        if meeting.all_day:
            last_day = (meeting.end - timedelta(days=1)) if meeting.end else meeting.start
            if last_day.date() > meeting.start.date():
                when += f", until {last_day:%A %d %B %Y}"
        else:
            when += f"–{meeting.end:%H:%M}" if meeting.end else ""
            when += f" ({meeting.timezone})" if meeting.timezone else ""
        pairs = [
            ("When", when),
            ("Where", meeting.place),
            ("Agenda", meeting.agenda_url),
            ("Status", status),
            ("Deadline", deadline),
            ("Notes", meeting.notes),
        ]
        self.query_one("#details", Plain).update(details_text(meeting.heading, pairs))
        table = self.query_one(DataTable)
        table.clear()
        for delegation in detail.delegations:
            table.add_row(
                delegation.status,
                delegation.topic,
                ", ".join(delegation.speakers),
                key=f"delegation:{delegation.id}",
            )

    def action_add_delegation(self) -> None:
        self.delegate_app.action_add_delegation(self.meeting)

    def action_edit(self) -> None:
        self.app.push_screen(
            meeting_edit_form(self.store, self.meeting, self.audience, now=self.now()),
            lambda _: self.refresh_data(),
        )

    def action_open_body(self) -> None:
        self.delegate_app.open_record("body", self.meeting.body)

    def action_cancel_meeting(self) -> None:
        def cancel(reason: str | None) -> None:
            if reason is None:
                return
            before = self.meeting
            cancelled = self.attempt(cancel_meeting, self.store, before, reason)
            if cancelled is not None:
                self.warn_mentions(reason)
                self.refresh_data()
                # put back as a newer version, so calendars that saw the cancel see it lifted
                restored = replace(before, sequence=cancelled.sequence + 1)
                self.offer_undo(undoable("Meeting marked cancelled", [restored]))

        self.app.push_screen(PromptScreen("Why is this meeting cancelled? (optional)"), cancel)
