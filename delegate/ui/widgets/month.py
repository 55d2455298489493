"""A month at a glance: a calendar grid with the days that have meetings marked."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


def month_grid(year: int, month: int, marked: Iterable[date], today: date) -> Table:
    """Weeks of the month (Monday first); days with meetings shown bold with a dot, today underlined."""
    days = set(marked)
    grid = Table(title=f"{calendar.month_name[month]} {year}", show_edge=False, pad_edge=False, box=None)
    for name in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"):
        grid.add_column(name, justify="right", width=4)
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells: list[Text] = []
        for day in week:
            if day.month != month:
                cells.append(Text(""))
                continue
            style = ""
            label = f"{day.day}"
            if day in days:
                style = "bold reverse"
                label = f"•{day.day}"
            if day == today:
                style += " underline"
            cells.append(Text(label, style=style.strip()))
        grid.add_row(*cells)
    return grid


class MonthView(Static):
    """Shows `month_grid`; the screen tells it which month and which days."""

    def show(self, year: int, month: int, marked: Iterable[date], today: date) -> None:
        self.update(month_grid(year, month, marked, today))
