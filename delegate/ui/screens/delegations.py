"""Delegations: the list, and one delegation moved through its lifecycle by keys, with its history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from delegate.model import Body, Delegation, DelegationStatus, Meeting
from delegate.services.delegations import advance, rebook
from delegate.services.meetings import upcoming
from delegate.ui.forms import delegation_edit_form
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen
from delegate.ui.widgets.table import RecordTable, details_text, meeting_when

S = DelegationStatus
# Which lifecycle keys make sense from each status (others are shown dimmed in the footer).
_ENABLED = {
    "request": {S.IDEA},
    "confirm": {S.REQUESTED},
    "deliver": {S.CONFIRMED},
    "followed_up": {S.DELIVERED},
    "cancel": {S.IDEA, S.REQUESTED, S.CONFIRMED},
    "rebook": {S.IDEA, S.REQUESTED, S.CONFIRMED, S.CANCELLED},
}
_PROMPTS = {
    "request": ("How and to whom did you ask? (optional)", False),
    "confirm": ("Agenda position or note (optional)", False),
    "deliver": ("What happened? (optional; you can add it later)", False),
    "cancel": ("Why is it cancelled? (required: money, health, agenda moved…)", True),
    "followed-up": ("How did you follow up? (optional)", False),
}


class DelegationsScreen(ListScreen):
    SECTION = "Delegations"
    COLUMNS = ("Meeting", "Body", "Status", "Topic", "Speakers")
    EMPTY = "No delegations yet. Press a to plan one on a coming meeting."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("a", "add", "Add delegation"),
    ]

    def rows(self) -> Iterable[Row]:
        meetings = {meeting.id: meeting for meeting in self.store.all(Meeting)}
        bodies = {body.id: body.name for body in self.store.all(Body)}

        def start(delegation: Delegation) -> str:
            meeting = meetings.get(delegation.meeting)
            return meeting.start.isoformat() if meeting else ""

        for delegation in sorted(self.store.all(Delegation), key=start, reverse=True):
            meeting = meetings.get(delegation.meeting)
            yield (
                f"delegation:{delegation.id}",
                (
                    f"{meeting.start:%a %d %b %Y}" if meeting else f"? {delegation.meeting}",
                    bodies.get(meeting.body, meeting.body) if meeting else "",
                    delegation.status.value,
                    delegation.topic,
                    ", ".join(delegation.speakers),
                ),
            )

    def action_add(self) -> None:
        self.delegate_app.action_add_delegation()


class DelegationScreen(DataScreen):
    """One delegation: details, copies to bring, the lifecycle as keys, and its whole history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("e", "edit", "Edit"),
        Binding("r", "request", "Requested"),
        Binding("c", "confirm", "Confirmed"),
        Binding("v", "deliver", "Delivered"),
        Binding("f", "followed_up", "Followed up"),
        Binding("x", "cancel", "Cancel…"),
        Binding("k", "rebook", "Re-book…"),
        Binding("o", "open_meeting", "Open meeting"),
        Binding("t", "time_script", "Time the script"),
        Binding("l", "letter", "Request letter"),
    ]

    def __init__(self, delegation: Delegation) -> None:
        super().__init__()
        self.delegation = delegation

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="details", classes="details")
            yield Static("History", classes="section-title")
            yield RecordTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        self.query_one(DataTable).add_columns("When", "Status", "Meeting", "Note")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = _ENABLED.get(action)
        if allowed is None:
            return True
        return True if self.delegation.status in allowed else None

    def refresh_data(self) -> None:
        self.delegation = item = self.store.get(Delegation, self.delegation.id)
        meetings = {meeting.id: meeting for meeting in self.store.all(Meeting)}
        meeting = meetings.get(item.meeting)
        body = {b.id: b for b in self.store.all(Body)}.get(meeting.body) if meeting else None
        copies = item.copies if item.copies is not None else (body.copies_to_bring() if body else None)
        self.sub_title = item.topic
        status = item.status.value.upper()
        if item.status is S.CANCELLED and item.cancel_reason:
            status += f" — {item.cancel_reason}"
        pairs = [
            ("Status", status),
            ("To", body.name if body else ""),
            (
                "Meeting",
                meeting_when(meeting, "%A %d %B %Y", ", ") if meeting else f"{item.meeting} (missing)",
            ),
            ("Speakers", ", ".join(item.speakers)),
            ("Ask", item.ask),
            ("Agenda position", item.agenda_position),
            ("Copies to bring", str(copies) if copies else ""),
            ("Script", item.script),
            ("Handouts", ", ".join(item.handouts)),
            ("Outcome", item.outcome),
        ]
        if item.status in (S.IDEA, S.REQUESTED, S.CONFIRMED):
            from delegate.services.handouts import print_checklist

            pairs.append(("Before the meeting", "\n  ☐ " + "\n  ☐ ".join(print_checklist(self.store, item))))
        self.query_one("#details", Static).update(details_text(item.topic, pairs))
        history = self.query_one(DataTable)
        history.clear()
        for entry in reversed(item.history):
            shown = meetings.get(entry.meeting)
            history.add_row(
                f"{entry.at:%Y-%m-%d %H:%M}",
                entry.status.value,
                f"{shown.start:%d %b %Y}" if shown else entry.meeting,
                entry.note,
            )
        self.refresh_bindings()

    def _lifecycle(self, action: str) -> None:
        question, required = _PROMPTS[action]

        def apply(note: str | None) -> None:
            if note is None:
                return
            changed = self.attempt(advance, self.store, self.delegation, action, self.now(), note)
            if changed is not None:
                self.notify(f"Delegation is now {changed.status.value}.", timeout=3)
                self.refresh_data()

        self.app.push_screen(PromptScreen(question, required=required), apply)

    def action_request(self) -> None:
        self._lifecycle("request")

    def action_confirm(self) -> None:
        self._lifecycle("confirm")

    def action_deliver(self) -> None:
        self._lifecycle("deliver")

    def action_followed_up(self) -> None:
        self._lifecycle("followed-up")

    def action_cancel(self) -> None:
        self._lifecycle("cancel")

    def action_rebook(self) -> None:
        bodies = {body.id: body.name for body in self.store.all(Body)}
        current = self.store.get(Meeting, self.delegation.meeting) if self.delegation.meeting else None
        choices = [
            (f"{meeting_when(m)} — {m.display_title(bodies.get(m.body, m.body))}", m.id)
            for m in upcoming(self.store, self.now(), body=current.body if current else None)
            if m.id != self.delegation.meeting
        ]

        def apply(meeting_id: str | None) -> None:
            if meeting_id is None:
                return
            meeting = self.store.get(Meeting, meeting_id)
            changed = self.attempt(rebook, self.store, self.delegation, meeting, self.now())
            if changed is not None:
                self.notify(f"Re-booked onto {meeting.start:%d %b %Y}; ask the clerk again.", timeout=4)
                self.refresh_data()

        self.app.push_screen(ChooseScreen("Re-book onto which meeting?", choices), apply)

    def action_edit(self) -> None:
        self.app.push_screen(delegation_edit_form(self.store, self.delegation), lambda _: self.refresh_data())

    def action_letter(self) -> None:
        from delegate.services.handouts import request_letter
        from delegate.ui.widgets.letter import LetterScreen

        text = self.attempt(request_letter, self.store, self.delegation)
        if text is not None:
            self.app.push_screen(
                LetterScreen(
                    f"Request to appear · {self.delegation.topic}", text, self.store.root / "exports"
                )
            )

    def action_time_script(self) -> None:
        if not self.delegation.script:
            self.notify("This delegation has no script yet.", severity="warning")
            return
        self.delegate_app.open_timer(self.delegation.script)

    def action_open_meeting(self) -> None:
        self.delegate_app.open_record("meeting", self.delegation.meeting)
