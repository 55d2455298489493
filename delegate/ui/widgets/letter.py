"""A rendered document (the request-to-appear letter) to read, copy to the clipboard or save as a file.

The document comes already made for its audience (public unless `N` was pressed on the screen that
opened it); an internal one says so in its title and at the top of its text.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import TextArea

from delegate.controls import visible
from delegate.errors import DelegateError
from delegate.services.documents import Document, export_document
from delegate.services.files import save_export
from delegate.store import Store
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain

LETTER_FORMAT = "md"  # the text as shown: what goes into an email


class LetterScreen(ModalScreen[None]):
    """Read-only text with keys to copy it (where the terminal allows) or save it into exports/."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_letter", "Close"),
        Binding("c", "copy", "Copy to clipboard"),
        Binding("w", "write", "Save as file"),
    ]

    def __init__(self, document: Document, store: Store) -> None:
        super().__init__()
        self.document = document
        self.store = store

    @property
    def text(self) -> str:
        return self.document.markdown

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt letter"):
            yield Plain(self.document.shown_title, classes="form-title")
            yield TextArea(visible(self.text), read_only=True, soft_wrap=True, id="letter")
            yield Plain("c copy · w save as a file · Escape close", classes="hint")
        yield Footer()

    def action_copy(self) -> None:
        # OSC 52: most terminals put it on the clipboard; some ignore it, so say how to save instead.
        self.app.copy_to_clipboard(self.text)
        self.notify("Sent to the clipboard (if your terminal allows it; w saves a file instead).", timeout=4)

    def action_write(self) -> None:
        doc = self.document
        try:
            path = save_export(
                self.store,
                doc.file_name(LETTER_FORMAT),
                export_document(doc, LETTER_FORMAT),
                doc.describe("the request letter", LETTER_FORMAT),
            )
        except DelegateError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return
        self.notify(f"Saved {path}", timeout=6)

    def action_dismiss_letter(self) -> None:
        self.dismiss(None)
