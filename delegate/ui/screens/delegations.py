"""Delegations: the list, and one delegation moved through its lifecycle by keys, with its history."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Header

from delegate.model import Delegation, DelegationStatus, Meeting
from delegate.services.delegations import advance, delegation_detail, delegation_views
from delegate.services.lifecycle import rebook
from delegate.services.meetings import meeting_when, upcoming_views
from delegate.services.undo import undoable
from delegate.ui.forms import delegation_edit_form
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.confirm import ConfirmScreen
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen
from delegate.ui.widgets.table import RecordTable, details_text

S = DelegationStatus
# Which lifecycle keys make sense from each status (others are left out of the footer, so the keys
# that fit the delegation now are the ones that show).
_ENABLED = {
    "request": {S.IDEA},
    "confirm": {S.REQUESTED},
    "deliver": {S.CONFIRMED},
    "followed_up": {S.DELIVERED},
    "cancel": {S.IDEA, S.REQUESTED, S.CONFIRMED},
    "rebook": {S.IDEA, S.REQUESTED, S.CONFIRMED, S.CANCELLED},
}
_UNDOABLE = {"cancel", "deliver", "followed-up"}
_PROMPTS = {
    "request": ("How and to whom did you ask? (optional)", False),
    "confirm": ("Agenda position or note (optional)", False),
    "deliver": ("What happened? (optional; you can add it later)", False),
    "cancel": ("Why is it cancelled? (required: money, health, agenda moved…)", True),
    "followed-up": ("How did you follow up? (optional)", False),
}


class DelegationsScreen(ListScreen):
    """The delegations not yet spoken, newest first; `A` shows those delivered too.

    Years of delegations already made stay unread until asked for: the first view costs what it shows.
    """

    SECTION = "Delegations"
    COLUMNS = ("Meeting", "Body", "Status", "Topic", "Speakers")
    EMPTY = "No delegations ahead. Press a to plan one on a coming meeting, A to list those made."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("a", "add", "Add delegation"),
        Binding("A", "toggle_all", "Delivered too"),
    ]

    show_all: reactive[bool] = reactive(False, init=False)

    def setup(self) -> None:
        super().setup()
        self.sub_title = "Delegations (ahead)"

    def rows(self) -> Iterable[Row]:
        ahead = None if self.show_all else self.now().date()
        for delegation in delegation_views(self.store, self.audience, newest_first=True, ahead=ahead):
            yield (
                f"delegation:{delegation.id}",
                (
                    f"{delegation.meeting_start:%a %d %b %Y}"
                    if delegation.meeting_start
                    else f"? {delegation.meeting}",
                    delegation.body,
                    delegation.status,
                    delegation.topic,
                    ", ".join(delegation.speakers),
                ),
            )

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def watch_show_all(self) -> None:
        self.sub_title = self.titled("Delegations (all)" if self.show_all else "Delegations (ahead)")
        self.refresh_data()

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
        Binding("n", "add_followup", "Follow-up…"),
    ]

    def __init__(self, delegation: Delegation) -> None:
        super().__init__()
        self.delegation = delegation

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Plain(id="details", classes="details")
            yield Plain("History", classes="section-title")
            yield RecordTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        self.query_one(DataTable).add_columns("When", "Status", "Meeting", "Note")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = _ENABLED.get(action)
        if allowed is None:
            return super().check_action(action, parameters)
        return self.delegation.status in allowed

    def refresh_data(self) -> None:
        self.delegation = self.store.get(Delegation, self.delegation.id)
        detail = delegation_detail(self.store, self.delegation, self.audience)
        item = detail.view
        self.sub_title = self.titled(item.topic)
        status = item.status.upper()
        if item.status == S.CANCELLED.value and item.cancel_reason:
            status += f" — {item.cancel_reason}"
        when = (
            meeting_when(item.meeting_start, item.meeting_all_day, "%A %d %B %Y", ", ")
            if item.meeting_start
            else f"{item.meeting} (missing)"
        )
        pairs = [
            ("Status", status),
            ("To", item.body),
            ("Meeting", when),
            ("Speakers", ", ".join(item.speakers)),
            ("Ask", item.ask),
            ("Agenda position", item.agenda_position),
            ("Copies to bring", str(detail.copies) if detail.copies else ""),
            ("Script", item.script),
            ("Handouts", ", ".join(item.handouts)),
            ("Outcome", item.outcome),
        ]
        if detail.checklist:
            pairs.append(("Before the meeting", "\n  ☐ " + "\n  ☐ ".join(detail.checklist)))
        self.query_one("#details", Plain).update(details_text(item.topic, pairs))
        history = self.query_one(DataTable)
        history.clear()
        for entry in reversed(item.history):
            history.add_row(
                f"{entry.at:%Y-%m-%d %H:%M}",
                entry.status,
                f"{entry.meeting_start:%d %b %Y}" if entry.meeting_start else entry.meeting,
                entry.note,
            )
        self.refresh_bindings()

    def _lifecycle(self, action: str, *, early: bool = False) -> None:
        question, required = _PROMPTS[action]
        before = self.delegation

        def apply(note: str | None) -> None:
            if note is None:
                return
            changed = self.attempt(advance, self.store, before, action, self.now(), note, early=early)
            if changed is None:
                return
            self.warn_mentions(note)
            self.refresh_data()
            said = f"Delegation is now {changed.status.value}"
            if action in _UNDOABLE:
                self.offer_undo(undoable(said, [before]))
            else:
                self.notify(f"{said}.", timeout=3)

        self.app.push_screen(PromptScreen(question, required=required), apply)

    def action_request(self) -> None:
        self._lifecycle("request")

    def action_confirm(self) -> None:
        self._lifecycle("confirm")

    def action_deliver(self) -> None:
        meeting = self.store.lookup(Meeting, self.delegation.meeting)
        if meeting is None or meeting.start <= self.now():
            self._lifecycle("deliver")
            return

        def asked(early: bool | None) -> None:
            if early:
                self._lifecycle("deliver", early=True)

        when = meeting_when(meeting.start, meeting.all_day, "%A %d %B %Y", ", ")
        question = f"The meeting is {when}, still ahead. Was this delegation delivered early?"
        self.app.push_screen(ConfirmScreen(question), asked)

    def action_followed_up(self) -> None:
        self._lifecycle("followed-up")

    def action_cancel(self) -> None:
        self._lifecycle("cancel")

    def action_rebook(self) -> None:
        current = self.store.lookup(Meeting, self.delegation.meeting)
        choices = [
            (f"{meeting_when(m.start, m.all_day)} — {m.heading}", m.id)
            for m in upcoming_views(
                self.store, self.audience, self.now(), body=current.body if current else None
            )
            if m.id != self.delegation.meeting
        ]

        def chosen(meeting_id: str | None) -> None:
            if meeting_id is None:
                return
            question = "Have you already asked the clerk for this new slot? (No: it is still to request.)"
            self.app.push_screen(ConfirmScreen(question), partial(apply, meeting_id))

        def apply(meeting_id: str, requested: bool | None) -> None:
            meeting = self.store.get(Meeting, meeting_id)
            moved = self.attempt(
                rebook, self.store, self.delegation, meeting, self.now(), requested=bool(requested)
            )
            if moved is None:
                return
            self.refresh_data()
            said = f"Re-booked onto {meeting.start:%a %d %b %Y}"
            said += " (requested)" if moved.requested else "; ask the clerk, then press r"
            if moved.tasks:
                said += f"; {len(moved.tasks)} follow-up(s) moved with it"
            if moved.script is not None:
                said += "; the script names the new date"
            self.offer_undo(moved.undo, said)

        self.app.push_screen(ChooseScreen("Re-book onto which meeting?", choices), chosen)

    def action_add_followup(self) -> None:
        """A task for this delegation (print the handouts, send the letter): owner, due date."""
        from delegate.ui.followup_forms import followup_form

        today = self.now().date()
        form = followup_form(self.store, today, audience=self.audience, delegation=self.delegation)

        def added(item: object) -> None:
            if item is not None:
                self.notify("Follow-up added.", timeout=3)

        self.app.push_screen(form, added)

    def action_edit(self) -> None:
        self.app.push_screen(
            delegation_edit_form(self.store, self.delegation, self.audience), lambda _: self.refresh_data()
        )

    def action_letter(self) -> None:
        from delegate.services.handouts import request_letter
        from delegate.ui.widgets.letter import LetterScreen

        # Public unless N was pressed here: a letter on screen can be read over a shoulder, and saved.
        letter = self.attempt(request_letter, self.store, self.delegation, self.audience)
        if letter is not None:
            self.app.push_screen(LetterScreen(letter, self.store))

    def action_time_script(self) -> None:
        if not self.delegation.script:
            self.notify("This delegation has no script yet.", severity="warning")
            return
        self.delegate_app.open_timer(self.delegation.script)

    def action_open_meeting(self) -> None:
        self.delegate_app.open_record("meeting", self.delegation.meeting)
