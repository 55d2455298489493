"""Honoraria: what people are owed for their time, owed first; mark one paid by key. People are shown
by their public name (a confidential person by role) unless names are asked for (N, this screen only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import DataTable, Header

from delegate.model import Honorarium, PaymentMethod, format_money
from delegate.services.honoraria import CurrencyTotals, funder_summary
from delegate.services.honoraria_views import honorarium_views, one_honorarium_view
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.editable import PlainInput
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.form import Field, FormScreen, date_field
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.table import RecordTable


def sums_text(totals: Iterable[CurrencyTotals], *, paid: bool) -> str:
    """'100.00 CAD (2); 20.00 USD (1)': one sum per currency, never added across currencies."""
    parts = []
    for item in totals:
        count, amount = (item.paid_count, item.paid) if paid else (item.owed_count, item.owed)
        if count:
            parts.append(f"{format_money(amount, item.currency)} ({count})")
    return "; ".join(parts) or "nothing"


class HonorariaScreen(ListScreen):
    SECTION = "Honoraria"
    COLUMNS = ("Owed on", "Person", "Amount", "Status", "For")
    EMPTY = "No honoraria yet. `delegate honorarium add PERSON --meeting ID` records one owed."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("p", "pay", "Mark paid…"),
        Binding("o", "toggle_owed", "Owed only"),
    ]

    owed_only: reactive[bool] = reactive(False, init=False)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("", id="summary", classes="details")
        yield PlainInput(placeholder="Filter: type to narrow the list (/ to come back here)", id="filter")
        yield RecordTable(id="records", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="empty", classes="hint")
        yield Footer()

    def refresh_data(self) -> None:
        totals = funder_summary(self.store).currencies
        self.query_one("#summary", Plain).update(
            f"Owed: {sums_text(totals, paid=False)}   ·   Paid: {sums_text(totals, paid=True)}"
            + ("   ·   showing owed only (o)" if self.owed_only else "")
        )
        super().refresh_data()

    def rows(self) -> Iterable[Row]:
        found = honorarium_views(self.store, self.audience, owed=self.owed_only)
        # Owed first, oldest first (the longest wait); then paid, most recently paid first.
        owed = [item for item in found if not item.paid]
        paid = sorted(
            (item for item in found if item.paid),
            key=lambda item: (item.paid_on or date.min, item.id),
            reverse=True,
        )
        for item in [*owed, *paid]:
            if item.paid_on is not None:
                status = f"paid {item.paid_on:%d %b %Y}" + (f" · {item.method}" if item.method else "")
            else:
                status = "OWED"
            yield (
                f"honorarium:{item.id}",
                (
                    f"{item.owed_on:%d %b %Y}" if item.owed_on else "—",
                    item.person,
                    item.amount,
                    status,
                    item.meeting_label,
                ),
            )

    def select(self, honorarium_id: str) -> None:
        """Put the cursor on one honorarium (the dashboard opens the section this way)."""
        table = self.query_one(RecordTable)
        keys = [row.key.value for row in table.ordered_rows]
        wanted = f"honorarium:{honorarium_id}"
        if wanted in keys:
            table.move_cursor(row=keys.index(wanted))
        table.focus()

    def _selected(self) -> Honorarium | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, record_id = key.partition(":")
        return self.attempt(self.store.get, Honorarium, record_id) if kind == "honorarium" else None

    def action_pay(self) -> None:
        from delegate.services.honoraria import pay_honorarium

        item = self._selected()
        if item is None:
            return
        who = one_honorarium_view(self.store, item, self.audience).person
        if item.paid_on is not None:
            self.notify(f"Already paid on {item.paid_on:%d %b %Y}.", severity="warning")
            return
        today = self.now().date()

        def submit(values: dict[str, Any]) -> Honorarium:
            return pay_honorarium(self.store, item, on=values["on"], method=PaymentMethod(values["method"]))

        fields = [
            date_field("on", "Paid on", today, today.isoformat(), required=True),
            Field(
                "method",
                "How",
                PaymentMethod.CASH.value,
                choices=[(method.value.replace("-", " "), method.value) for method in PaymentMethod],
                required=True,
            ),
        ]

        def saved(paid: Honorarium | None) -> None:
            if paid is None or paid.paid_on is None:
                return
            method = paid.method.value if paid.method else ""
            amount = format_money(paid.amount, paid.currency)
            self.notify(
                f"Paid {amount} to {who} on {paid.paid_on:%d %b %Y} ({method}).",
                timeout=4,
            )
            self.show_data()

        title = f"Pay {who} {format_money(item.amount, item.currency)}"
        self.app.push_screen(FormScreen(title, fields, submit), saved)

    def action_toggle_owed(self) -> None:
        self.owed_only = not self.owed_only

    def watch_owed_only(self) -> None:
        self.refresh_data()
