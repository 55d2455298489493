"""The list of minutes (n starts the minutes of an action group's meeting), and how minutes export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.reactive import reactive

from delegate.model import Body, BodyKind
from delegate.services.minutes_views import minutes_rows
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.prompt import ChooseScreen

EXPORTS = [  # how the minutes can be exported: (what it is, format:audience)
    ("PDF to circulate (confidential people by role)", "pdf:public"),
    ("HTML to circulate", "html:public"),
    ("Markdown to circulate", "md:public"),
    ("INTERNAL PDF with names — not for circulation", "pdf:internal"),
]


class MinutesListScreen(ListScreen):
    """The past year's minutes and any not yet approved, newest first; `A` shows every year's."""

    SECTION = "Minutes"
    COLUMNS = ("Date", "Group", "Status", "Items", "Actions")
    EMPTY = "No minutes this year. Press n to start the minutes of an action group's meeting, A for all."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("n", "add", "New minutes"),
        Binding("A", "toggle_all", "Older too"),
    ]

    show_all: reactive[bool] = reactive(False, init=False)

    def setup(self) -> None:
        super().setup()
        self.sub_title = "Minutes (past year)"

    def rows(self) -> Iterable[Row]:
        today = None if self.show_all else self.now().date()
        for item in minutes_rows(self.store, self.audience, in_play_on=today):
            yield (
                f"minutes:{item.id}",
                (f"{item.date:%a %d %b %Y}", item.group, item.status, str(item.items), str(item.actions)),
            )

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def watch_show_all(self) -> None:
        self.sub_title = self.titled("Minutes (all)" if self.show_all else "Minutes (past year)")
        self.refresh_data()

    def action_add(self) -> None:
        groups = [body for body in self.store.all(Body) if body.kind is BodyKind.ACTION_GROUP]
        if not groups:
            self.notify("Add an action group first (a body of kind action-group).", severity="warning")
            return

        def start(group_id: str | None) -> None:
            if group_id is None:
                return
            from delegate.services.minutes import start_minutes

            group = self.store.get(Body, group_id)
            minutes = self.attempt(start_minutes, self.store, group, None, today=self.now().date())
            if minutes is not None:
                self.delegate_app.open_record("minutes", minutes.id)

        choices = [(self.lens().text(group.name), group.id) for group in groups]
        self.app.push_screen(ChooseScreen("Minutes of which group?", choices), start)
