"""A searchable list of records: a filter box over a DataTable whose rows open the record."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Input

from delegate.ui.screens.base import DataScreen
from delegate.ui.widgets.editable import PlainInput
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.table import RecordTable

Row = tuple[str, Sequence[str]]  # ("kind:id", cells)


class ListScreen(DataScreen):
    """Subclasses give a title, columns and rows; typing in the filter narrows the rows."""

    SECTION = ""
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    EMPTY = "Nothing here yet."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainInput(placeholder="Filter: type to narrow the list (/ to come back here)", id="filter")
        yield RecordTable(id="records", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="empty", classes="hint")
        yield Footer()

    def setup(self) -> None:
        self.sub_title = self.SECTION
        self.query_one(DataTable).add_columns(*self.COLUMNS)
        self.query_one(DataTable).focus()

    def rows(self) -> Iterable[Row]:
        raise NotImplementedError

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        needle = self.query_one("#filter", Input).value.strip().casefold()
        selected = table.cursor_row
        table.clear()
        count = 0
        for key, cells in self.rows():
            if needle and needle not in " ".join(cells).casefold():
                continue
            table.add_row(*cells, key=key)
            count += 1
        if table.row_count:
            table.move_cursor(row=min(selected, table.row_count - 1))
        empty = self.query_one("#empty", Plain)
        empty.update("" if count else ("No match for that filter." if needle else self.EMPTY))
        empty.display = not count

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#filter")
    def _to_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
            self.query_one(DataTable).focus()
        else:
            self.action_back()
