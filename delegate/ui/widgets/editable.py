"""An Input and a TextArea over an `Editable`: text shown by role (and control characters as pictures)
that the person can edit where it is shown, and that keeps the names under what they did not touch.

Each edit the widget makes (a keystroke, a paste, a cut) is applied to the Editable as it happens, so
two edits far apart in one field are two changes, not one stretch that would swallow a name between
them. Text typed or pasted has its control characters made visible too: Textual's Input and TextArea
would otherwise pass an ESC straight to the terminal.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from delegate.controls import visible
from delegate.services.audience import Editable


def as_typed(text: str) -> Editable:
    """A text with nothing hidden under it, shown as it will be saved (control characters as pictures)."""
    shown = visible(text)
    return Editable(((shown, shown),))


class PlainInput(Input):
    """An Input where what is typed or pasted shows its control characters as pictures (and is kept so)."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(visible(text), start, end)


class EditableInput(PlainInput):
    """One line of an Editable; `written` is what to save (names typed earlier kept)."""

    def __init__(self, editable: Editable, **options: Any) -> None:
        self._editable = editable
        super().__init__(value=editable.shown, **options)

    @property
    def editable(self) -> Editable:
        """What the field holds: what it shows, over what was written."""
        if self._editable.shown != self.value:  # a change made without a watcher (not yet mounted)
            self._editable = self._editable.edited(self.value)
        return self._editable

    @property
    def written(self) -> str:
        """The text to save: what is shown, with the names under the roles as they were written."""
        return self.editable.written

    def watch_value(self, value: str) -> None:
        # Called at once for every change of the value: one keystroke, paste or cut at a time.
        self._editable = self._editable.edited(value)


class EditableArea(TextArea):
    """A TextArea over an Editable; `written` is what to save (names typed earlier kept)."""

    _editable = Editable()

    def load_editable(self, editable: Editable) -> None:
        """Show `editable` (what it shows; what it hides stays under it)."""
        self._editable = editable
        if self.text != editable.shown:
            self.load_text(editable.shown)

    @property
    def editable(self) -> Editable:
        """What the area holds: what it shows, over what was written."""
        if self._editable.shown != self.text:  # an undo or redo: taken as one change
            self._editable = self._editable.edited(self.text)
        return self._editable

    @property
    def written(self) -> str:
        """The text to save: what is shown, with the names under the roles as they were written."""
        return self.editable.written

    def edit(self, edit: Edit) -> EditResult:
        edit.text = visible(edit.text)
        current = self.editable
        result = super().edit(edit)
        self._editable = current.edited(self.text)
        return result
