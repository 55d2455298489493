"""Tables and detail panes that show what people typed as typed: '[b]' in a topic is text, not markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from delegate.ui.widgets.plain import plain


class RecordTable(DataTable[Any]):
    """A DataTable whose string cells and column labels are plain text (never parsed as Rich markup,
    which also spares the app Rich's table of emoji names, read to look for ':smile:' codes), with
    control characters shown as pictures."""

    def add_column(
        self, label: Any, *, width: int | None = None, key: str | None = None, default: Any = None
    ) -> Any:
        shown = plain(label) if isinstance(label, str) else label
        return super().add_column(shown, width=width, key=key, default=default)

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> Any:
        shown = [plain(cell) if isinstance(cell, str) else cell for cell in cells]
        return super().add_row(*shown, height=height, key=key, label=label)


def details_text(title: str, pairs: Iterable[tuple[str, str]]) -> Text:
    """A bold title, then 'label: value' lines; empty values are left out."""
    text = plain(title, style="bold")
    for label, value in pairs:
        if value:
            text.append("\n")
            text.append(f"{label}: ", style="bold dim")
            text.append(plain(value))
    return text
