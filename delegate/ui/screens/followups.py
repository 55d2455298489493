"""Follow-ups: every open promise, overdue first; add or change them (owner, due date, where from),
close them by key, and undo a close with u while its toast shows. Names are shown by role unless asked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.reactive import reactive

from delegate.model import FollowUp
from delegate.services.followups import followup_views
from delegate.services.undo import undoable
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.prompt import PromptScreen
from delegate.ui.widgets.table import RecordTable


class FollowUpsScreen(ListScreen):
    SECTION = "Follow-ups"
    COLUMNS = ("Due", "Status", "Follow-up", "Owner", "From")
    EMPTY = "Nothing to follow up. Press n to note a promise."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("n", "add", "New follow-up"),
        Binding("e", "edit", "Edit"),
        Binding("x", "done", "Done"),
        Binding("X", "drop", "Drop…"),
        Binding("o", "toggle_overdue", "Overdue only"),
        Binding("A", "toggle_all", "Closed too"),
    ]

    overdue_only: reactive[bool] = reactive(False, init=False)
    show_closed: reactive[bool] = reactive(False, init=False)

    def rows(self) -> Iterable[Row]:
        found = followup_views(
            self.store,
            self.audience,
            today=self.now().date(),
            overdue=self.overdue_only,
            status=None if self.show_closed else "open",
        )
        for item in found:
            due = f"{item.due:%a %d %b %Y}" if item.due else "—"
            yield (
                f"followup:{item.id}",
                (
                    f"OVERDUE {item.overdue_days} d · {due}" if item.overdue_days else due,
                    item.status,
                    item.text,
                    item.owner or "—",
                    item.source or "—",
                ),
            )

    def _selected(self) -> FollowUp | None:
        table = self.query_one(RecordTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, record_id = key.partition(":")
        return self.store.get(FollowUp, record_id) if kind == "followup" else None

    def _close(self, done: bool, reason: str = "") -> None:
        from delegate.services.followups import close_followup

        item = self._selected()
        if item is None:
            return
        if self.attempt(close_followup, self.store, item, done=done, today=self.now().date(), reason=reason):
            self.refresh_data()
            self.offer_undo(undoable("Marked done" if done else "Dropped", [item]))

    def action_done(self) -> None:
        self._close(True)

    def action_drop(self) -> None:
        if self._selected() is None:
            return

        def drop(reason: str | None) -> None:
            if reason is not None:
                self._close(False, reason)

        self.app.push_screen(PromptScreen("Why drop it? (optional)"), drop)

    def action_add(self) -> None:
        from delegate.ui.followup_forms import followup_form  # the form's pickers: only when asked

        form = followup_form(self.store, self.now().date(), audience=self.audience)
        self.app.push_screen(form, self._saved)

    def action_edit(self) -> None:
        item = self._selected()
        if item is None:
            return
        from delegate.ui.followup_forms import followup_form

        form = followup_form(self.store, self.now().date(), item, self.audience)
        self.app.push_screen(form, self._saved)

    def _saved(self, item: FollowUp | None) -> None:
        if item is not None:
            self.refresh_data()
            self.select_row(f"followup:{item.id}")  # the cursor on what was just saved (unless filtered out)

    def action_toggle_overdue(self) -> None:
        self.overdue_only = not self.overdue_only

    def action_toggle_all(self) -> None:
        self.show_closed = not self.show_closed

    def watch_overdue_only(self) -> None:
        self.refresh_data()

    def watch_show_closed(self) -> None:
        self.refresh_data()
