"""A rendered text (the request-to-appear letter) to read, copy to the clipboard or save as a file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea


class LetterScreen(ModalScreen[None]):
    """Read-only text with keys to copy it (where the terminal allows) or save it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_letter", "Close"),
        Binding("c", "copy", "Copy to clipboard"),
        Binding("w", "write", "Save as file"),
    ]

    def __init__(self, title: str, text: str, save_dir: Path | None = None) -> None:
        super().__init__()
        self.letter_title = title
        self.text = text
        self.save_dir = save_dir

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt letter"):
            yield Static(self.letter_title, classes="form-title")
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="letter")
            yield Static("c copy · w save as a file · Escape close", classes="hint")
        yield Footer()

    def action_copy(self) -> None:
        # OSC 52: most terminals put it on the clipboard; some ignore it, so say how to save instead.
        self.app.copy_to_clipboard(self.text)
        self.notify("Sent to the clipboard (if your terminal allows it; w saves a file instead).", timeout=4)

    def action_write(self) -> None:
        from delegate.store.atomic import atomic_write

        folder = self.save_dir or Path.cwd()
        name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in self.letter_title.lower())[:60]
        path = folder / f"{name.strip('-') or 'letter'}.md"
        try:
            atomic_write(path, self.text.encode("utf-8"))
        except OSError as error:
            self.notify(f"Could not save {path}: {error.strerror}", severity="error")
            return
        self.notify(f"Saved {path}", timeout=6)

    def action_dismiss_letter(self) -> None:
        self.dismiss(None)
