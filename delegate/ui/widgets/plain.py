"""Text from records shown as typed: never read as markup, and no control character reaches the terminal.

Textual reads a string given to a Static, a Label, an option of a list or a Select as content markup:
a decision saying "[/note]" would crash the app, and "[@click=app.quit]x[/]" would become a link that
quits it. A title with ESC or an OSC sequence in it could set the terminal's title or its clipboard.
So record text goes into a widget as `plain(...)` (a rich Text, whose characters are only characters)
with its control characters shown as pictures, and a pane whose text changes is a `Plain`.
"""

from __future__ import annotations

from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static

from delegate.controls import visible


def plain(text: str, style: str = "") -> Text:
    """`text` as it was typed, to show in any widget: no markup, control characters as pictures."""
    return Text(visible(text), style=style, end="")


class Plain(Static):
    """A Static whose strings are shown as typed (see `plain`); a rich Text or Content passes as is."""

    def __init__(
        self, content: VisualType = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        shown = plain(content) if isinstance(content, str) else content
        super().__init__(shown, id=id, classes=classes, markup=False)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(plain(content) if isinstance(content, str) else content, layout=layout)
