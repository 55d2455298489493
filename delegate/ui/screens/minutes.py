"""Minutes: fast to type into during a meeting, saved as you go, so a closed terminal loses nothing.

The meeting may have police at the table: attendance, the pickers, the chair and note-taker, decisions,
action items and the discussion show a confidential person by role until `N` (this screen only). A
name typed stays on screen as typed until the item is left; typing into a discussion shown by role
keeps the names under the roles as they were written (privacy.Editable), and the person typing is
told once per text how it will be shown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Header

from delegate import parsing
from delegate.model import DelegateError, Minutes, MinutesStatus
from delegate.services.audience import Audience, Editable, mention_warning
from delegate.services.minutes_views import (
    MinutesEditorView,
    member_choices,
    minutes_editor_view,
)
from delegate.services.undo import undoable
from delegate.ui.exporting import Export
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.minutes_list import EXPORTS
from delegate.ui.screens.minutes_list import MinutesListScreen as MinutesListScreen  # noqa: PLC0414
from delegate.ui.widgets.confirm import ConfirmScreen
from delegate.ui.widgets.editable import EditableArea
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen
from delegate.ui.widgets.table import RecordTable

AUTOSAVE_AFTER = 0.6  # seconds of quiet typing before the discussion is written to disk


class MinutesScreen(DataScreen):
    """One set of minutes. Every key saves at once; the discussion saves itself as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+t", "attendance", "Present/regrets", priority=True),
        Binding("ctrl+n", "add_item", "New item", priority=True),
        Binding("ctrl+d", "add_decision", "Decision", priority=True),
        Binding("ctrl+a", "add_action", "Action item", priority=True),
        Binding("ctrl+up", "item(-1)", "Prev item", priority=True),
        Binding("ctrl+down", "item(1)", "Next item", priority=True),
        Binding("ctrl+l", "roles", "Chair/notes", priority=True),
        Binding("ctrl+o", "circulate", "Circulate/amend", priority=True),
        Binding("ctrl+e", "export", "Export…", priority=True),
        # N types a letter in the discussion: the same toggle on a key that works while typing
        Binding("ctrl+g", "toggle_names", "Names", priority=True),
    ]

    def __init__(self, minutes: Minutes) -> None:
        super().__init__()
        self.minutes = minutes
        self.view: MinutesEditorView | None = None
        self.item_index = 0
        self._autosave: Timer | None = None
        self._discussion: EditableArea
        self._save_state: Plain
        self._typed_in: set[int] = set()  # items whose discussion was changed since the last warning
        self._warned: dict[int, str] = {}  # item → the warning its discussion last gave
        self._draft = Editable()  # the current item's discussion as last shown or saved
        self._was_read_only = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="minutes"):
            with Vertical(id="minutes-side"):
                yield Plain("", id="roles", classes="hint")
                yield Plain("Attendance", classes="section-title")
                yield RecordTable(id="attendance", cursor_type="row")
                yield Plain("Action items", classes="section-title")
                yield RecordTable(id="actions", cursor_type="row")
            with Vertical(id="minutes-main"):
                yield Plain("", id="item-title", classes="section-title")
                yield EditableArea("", id="discussion", soft_wrap=True)
                yield Plain("", id="decisions")
                yield Plain("", id="save-state", classes="hint")
        yield Footer()

    def setup(self) -> None:
        self.query_one("#attendance", RecordTable).add_columns("Who", "")
        self.query_one("#actions", RecordTable).add_columns("Action", "Owner", "Due")
        self._discussion = self.query_one("#discussion", EditableArea)
        self._save_state = self.query_one("#save-state", Plain)
        self._discussion.focus()

    def refresh_data(self) -> None:
        self.save_discussion()  # what is being typed is written before the screen is re-read (N too)
        self.minutes = minutes = self.store.get(Minutes, self.minutes.id)
        self.view = view = minutes_editor_view(self.store, minutes, self.audience)
        self.sub_title = self.titled(f"{view.group} · {view.date:%d %b %Y} · {view.status}")
        self.query_one("#roles", Plain).update(
            f"Chair: {view.chair or 'not recorded'} · Notes: {view.note_taker or 'not recorded'}"
        )
        # Circulated minutes are what people received: read-only until amended (ctrl+o).
        self._discussion.read_only = minutes.status is not MinutesStatus.DRAFT
        if minutes.status is MinutesStatus.CIRCULATED:
            self._save_state.update("Circulated: read-only. ctrl+o amends them (what went out is kept).")
        elif minutes.status is MinutesStatus.APPROVED:
            self._save_state.update("Approved: read-only.")
        elif self._was_read_only:
            self._save_state.update("")
        self._was_read_only = minutes.status is not MinutesStatus.DRAFT
        attendance = self.query_one("#attendance", RecordTable)
        attendance.clear()
        for person in view.attendance:
            attendance.add_row(person.label, person.status, key=f"none:{person.id}")
        actions = self.query_one("#actions", RecordTable)
        actions.clear()
        for action in view.actions:
            actions.add_row(
                action.text,
                action.owner or "—",
                f"{action.due:%d %b}" if action.due else "—",
                key=f"followup:{action.followup}" if action.followup else None,
            )
        self._show_item()

    def _show_item(self) -> None:
        items = self.minutes.items
        self.item_index = max(0, min(self.item_index, len(items) - 1))
        discussion = self._discussion
        if not items or self.view is None:
            self.query_one("#item-title", Plain).update("No agenda items yet: ctrl+n adds one")
            discussion.disabled = True
            return
        item = self.view.items[self.item_index]
        discussion.disabled = False
        self.query_one("#item-title", Plain).update(f"{self.item_index + 1}/{len(items)} · {item.title}")
        # by role until N, as the rest of the screen; typing into it keeps the names it hides
        self._draft = self.lens().editable(items[self.item_index].discussion)
        discussion.load_editable(self._draft)
        decisions = "\n".join(f"✔ {text}" for text in item.decisions) or "No decisions yet (ctrl+d)."
        self.query_one("#decisions", Plain).update(decisions)

    # ---- typing: autosave ---------------------------------------------------------------------------

    @on(EditableArea.Changed, "#discussion")
    def _typed(self) -> None:
        if not self.minutes.items:
            return
        if self._draft.shown == self._discussion.text:
            return
        self.query_one("#save-state", Plain).update("typing…")
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_AFTER, self.save_discussion)

    def save_discussion(self) -> None:
        """Write the discussion of the current item now (also called before anything else changes)."""
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        if not self.minutes.items:
            return
        # Widgets held from setup: this also runs while the screen is being taken down.
        if self._discussion.text == self._draft.shown:
            return
        from delegate.services.minutes import set_discussion

        draft = self._discussion.editable  # each edit applied as it was made
        try:
            self.minutes = set_discussion(self.store, self.minutes, self.item_index, draft.written)
        except DelegateError as error:
            self._save_state.update(f"NOT SAVED: {error}")
            self.notify(f"The discussion was not saved: {error}", severity="error", timeout=10)
            return
        self._draft = draft
        self._typed_in.add(self.item_index)
        self._save_state.update("saved")

    def leave_item(self) -> None:
        """Save the discussion, and say once (not at every keystroke) if it names a confidential person."""
        self.save_discussion()
        index = self.item_index
        if index not in self._typed_in or not self.minutes.items:
            return
        self._typed_in.discard(index)
        warning = mention_warning(self.store, self.minutes.items[index].discussion)
        if warning and warning != self._warned.get(index):
            self.notify(warning, title="Confidential person", timeout=8)
        self._warned[index] = warning

    def on_unmount(self) -> None:
        self.save_discussion()

    def action_back(self) -> None:
        self.leave_item()
        super().action_back()

    # ---- keys ---------------------------------------------------------------------------------------

    def action_item(self, step: int) -> None:
        self.leave_item()
        self.item_index += step
        self._show_item()

    def action_attendance(self) -> None:
        self.leave_item()
        if not self._draft_only():
            return
        choices = [
            (f"{person.label} — {person.status}", person.id)
            for person in member_choices(self.store, self.minutes, self.audience)
        ]

        def toggle(person_id: str | None) -> None:
            if person_id is None:
                return
            from delegate.services.minutes import set_attendance

            present = person_id not in self.minutes.present
            if self.attempt(set_attendance, self.store, self.minutes, person_id, present) is not None:
                self.refresh_data()

        self.app.push_screen(ChooseScreen("Mark who? (present ⇄ regrets)", choices), toggle)

    def action_add_item(self) -> None:
        self.leave_item()
        if not self._draft_only():
            return

        def add(title: str | None) -> None:
            if not title:
                return
            from delegate.services.minutes import add_item

            if self.attempt(add_item, self.store, self.minutes, title) is not None:
                self.warn_mentions(title)
                self.item_index = len(self.minutes.items)
                self.refresh_data()

        self.app.push_screen(PromptScreen("Title of the new agenda item?", required=True), add)

    def action_add_decision(self) -> None:
        self.leave_item()
        if not self._draft_only():
            return
        if not self.minutes.items:
            return

        def add(text: str | None) -> None:
            if not text:
                return
            from delegate.services.minutes import add_decision

            if self.attempt(add_decision, self.store, self.minutes, self.item_index, text) is not None:
                self.warn_mentions(text)
                self.refresh_data()

        self.app.push_screen(PromptScreen("Decision:", required=True), add)

    def action_add_action(self) -> None:
        self.leave_item()
        if not self._draft_only():
            return
        members = member_choices(self.store, self.minutes, self.audience)
        today = self.now().date()
        choices = [("(no owner)", "-"), *((person.label, person.id) for person in members)]

        def with_text(text: str | None) -> None:
            if not text:
                return

            def with_owner(owner: str | None) -> None:
                if owner is None:
                    return

                def with_due(due: date | str | None) -> None:
                    if due is None:
                        return
                    from delegate.services.minutes import add_action

                    owner_id = "" if owner == "-" else owner
                    result = self.attempt(
                        add_action,
                        self.store,
                        self.minutes,
                        text,
                        owner=owner_id,
                        due=due or None,
                        today=today,
                    )
                    if result is not None:
                        self.warn_mentions(text)
                        self.refresh_data()

                # A date that is not one stays typed, with the reason; the text and owner wait.
                self.app.push_screen(
                    PromptScreen(
                        "Due date (empty: none)",
                        placeholder="YYYY-MM-DD, today, next friday, in 3 days, dec 17",
                        parse=lambda typed: parsing.parse_date(typed, today=today),
                        describe=lambda day: f"→ {parsing.describe_date(day)}",
                    ),
                    with_due,
                )

            self.app.push_screen(ChooseScreen("Who owns it?", choices), with_owner)

        self.app.push_screen(PromptScreen("Action item:", required=True), with_text)

    def _draft_only(self) -> bool:
        """Whether these minutes can be changed; else says how (amend) and refuses."""
        if self.minutes.status is MinutesStatus.DRAFT:
            return True
        how = " Press ctrl+o to amend them." if self.minutes.status is MinutesStatus.CIRCULATED else ""
        self.notify(f"These minutes are {self.minutes.status.value}: read-only.{how}", severity="warning")
        return False

    def action_roles(self) -> None:
        """Who chaired, then who took the notes (members by role unless N)."""
        self.leave_item()
        if not self._draft_only():
            return
        members = member_choices(self.store, self.minutes, self.audience)
        choices = [("(not recorded)", "-"), *((person.label, person.id) for person in members)]

        def with_chair(chair: str | None) -> None:
            if chair is None:
                return

            def with_notes(notes: str | None) -> None:
                if notes is None:
                    return
                from delegate.services.minutes import set_roles

                chair_id, notes_id = ("" if who == "-" else who for who in (chair, notes))
                if self.attempt(set_roles, self.store, self.minutes, chair=chair_id, note_taker=notes_id):
                    self.refresh_data()

            self.app.push_screen(ChooseScreen("Who took the notes?", choices), with_notes)

        self.app.push_screen(ChooseScreen("Who chaired?", choices), with_chair)

    def action_circulate(self) -> None:
        """Draft: circulate (u undoes it while its toast shows). Circulated: amend, after a Yes."""
        self.leave_item()
        from delegate.services.minutes import amend_minutes, circulate_minutes

        before = self.minutes
        if before.status is MinutesStatus.CIRCULATED:

            def amend(yes: bool | None) -> None:
                if yes and self.attempt(amend_minutes, self.store, before, self.now().date()) is not None:
                    self.notify("Amending: a draft again; the text that was circulated is kept.")
                    self.refresh_data()

            question = "Amend the circulated minutes? A draft again; the text that went out is kept."
            self.app.push_screen(ConfirmScreen(question), amend)
            return
        if before.status is not MinutesStatus.DRAFT:
            self.notify(f"These minutes are already {before.status.value}.", severity="warning")
            return
        if self.attempt(circulate_minutes, self.store, before) is not None:
            self.refresh_data()
            self.offer_undo(undoable("Marked circulated (read-only now)", [before]))

    def action_export(self) -> None:
        self.leave_item()

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            from delegate.services.documents import export_document
            from delegate.services.files import exports_folder
            from delegate.services.minutes_views import minutes_document

            fmt, _, audience = choice.partition(":")
            internal = audience == "internal"
            store, minutes, folder = self.store, self.minutes, exports_folder(self.store)

            def make() -> tuple[Path, bytes]:
                doc = minutes_document(store, minutes, Audience.of(internal))
                return folder / doc.file_name(fmt), export_document(doc, fmt)

            flag = " --internal" if internal else ""
            command = f"delegate minutes export {minutes.id} --format {fmt}{flag}"
            export = Export("Minutes", command, make, folder, refused="Not exported")
            self.export_file(export, f"Making the {fmt.upper()}…")

        self.app.push_screen(ChooseScreen("Export the minutes as…", EXPORTS), chosen)
