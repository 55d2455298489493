"""A yes-or-no question whose answer is No unless the person says Yes (Enter on its own says No)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True only for Yes (its button, or `y`); No, `n`, Escape and a bare Enter say No."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen .form-buttons {
        height: auto;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Static(self.question, classes="form-title", id="question")
            with Horizontal(classes="form-buttons"):
                yield Button("No  n", variant="primary", id="no")
                yield Button("Yes  y", id="yes")
            yield Static("y: yes · n, Enter or Escape: no", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # the default: a stray Enter adds nothing

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def leave_after_yes(screen: ModalScreen[Any], question: str) -> None:
    """Dismiss `screen` with None once the person says Yes to `question`; No keeps it as it is."""

    def leave(yes: bool | None) -> None:
        if yes:
            screen.dismiss(None)

    screen.app.push_screen(ConfirmScreen(question), leave)
