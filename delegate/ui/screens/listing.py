"""A searchable list of records: a filter box over a DataTable whose rows open the record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
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
FIRST_ROWS = 120  # more than a terminal shows
BATCH_ROWS = 400
# Between two batches the table measures the rows just added (in its idle time) and keys are
# handled: chained straight after a refresh, ten thousand rows were measured in one go (0.6 s).
BATCH_GAP = 0.005
REST_AFTER = 0.05  # seconds after a screen built out of sight is shown: its first frame is out


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
        found = [row for row in self.rows() if not needle or needle in " ".join(row[1]).casefold()]
        # A screenful first; the rest after it is painted, a batch at a time (a thousand rows are a
        # third of a second to add and measure: the user sees the first ones, and keys are answered).
        self._filling += 1
        self._add_rows(self._filling, found, 0, selected)
        empty = self.query_one("#empty", Plain)
        empty.update("" if found else ("No match for that filter." if needle else self.EMPTY))
        empty.display = not found

    _rest: Callable[[], None] | None = None  # rows still to add once the screen is shown

    def on_screen_resume(self) -> None:
        # The screenful shows at once; the rest is added a moment later, so that the first frame
        # is written to the terminal before the table takes the interpreter again. (DataScreen's
        # handler runs too, after this one: a re-read there makes this older fill stop at once.)
        rest, self._rest = self._rest, None
        if rest is not None:
            self.set_timer(REST_AFTER, rest)

    _filling = 0  # which fill of the table is under way (a newer one stops an older one's batches)
    _wanted: str | None = None  # a row to put the cursor on once it is listed

    def select_row(self, key: str) -> None:
        """Put the cursor on this row, now or when its batch is added (unless it is filtered out)."""
        table = self.query_one(DataTable)
        if key in table.rows:
            table.move_cursor(row=table.get_row_index(key))
        else:
            self._wanted = key

    def _add_rows(self, filling: int, found: list[Row], start: int, selected: int) -> None:
        if filling != self._filling or not self.is_attached:
            return
        if start and not self.is_current:
            # Left since this batch was asked for: it waits until the screen is shown again, and the
            # screen the user went to has the interpreter meanwhile.
            self._rest = partial(self._add_rows, filling, found, start, selected)
            return
        table = self.query_one(DataTable)
        end = start + (FIRST_ROWS if start == 0 else BATCH_ROWS)
        for key, cells in found[start:end]:
            table.add_row(*cells, key=key)
        if table.row_count and (start <= selected < end or (end >= len(found) and selected >= len(found))):
            table.move_cursor(row=min(selected, table.row_count - 1))
        if self._wanted is not None and self._wanted in table.rows:
            table.move_cursor(row=table.get_row_index(self._wanted))
            self._wanted = None
        if end < len(found):
            rest = partial(self._add_rows, filling, found, end, selected)
            if self.is_current:
                self.set_timer(BATCH_GAP, rest)
            else:  # built out of sight: the rest waits until it is shown
                self._rest = rest
        else:
            self._wanted = None  # filtered out: not looked for in a later fill

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
