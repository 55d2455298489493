"""Small modals: ask for a line of text (a reason, a note), or pick one of a list (questions and
options are shown as typed: a title in them is never markup)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from delegate.ui.widgets.editable import PlainInput
from delegate.ui.widgets.plain import Plain, plain


class PromptScreen(ModalScreen[str | None]):
    """One line of text; Enter accepts, Escape cancels. A required prompt refuses empty text."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, required: bool = False, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.required = required
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Plain(self.question, classes="form-title")
            yield PlainInput(placeholder=self.placeholder, id="answer")
            yield Plain("", id="prompt-error", classes="field-error")
            yield Plain("Enter to accept · Escape to cancel", classes="hint")

    @on(Input.Submitted)
    def _accept(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#prompt-error", Plain).update("This is required.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChooseScreen(ModalScreen[str | None]):
    """Pick one option; returns its id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Plain(self.question, classes="form-title")
            if self.options:
                yield OptionList(
                    *(Option(plain(label), id=value) for label, value in self.options), id="choices"
                )
            else:
                yield Plain("Nothing to choose from.", classes="hint")
            yield Plain("Enter to choose · Escape to cancel", classes="hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
