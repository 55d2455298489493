"""Small modals: ask for a line of text (a reason, a note, a date), or pick one of a list (questions
and options are shown as typed: a title in them is never markup).

A line that does not parse (a date that is not one) is explained under it and stays as typed, and
a phrase shows the exact value it became before Enter saves it; Escape on a typed line asks first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from delegate.model import DelegateError
from delegate.ui.widgets.confirm import leave_after_yes
from delegate.ui.widgets.editable import PlainInput
from delegate.ui.widgets.plain import Plain, plain


class PromptScreen(ModalScreen[Any]):
    """One line of text; Enter accepts, Escape cancels (after a Yes when something was typed).

    A required prompt refuses empty text. With `parse` the answer is what it returns ("" for an
    empty line; None is always Cancel): text it refuses stays in the field, marked, with the
    reason under it; `describe` shows under the field what a line will be saved as (a phrase's
    exact date)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    LEAVE_QUESTION = "Leave without saving what you typed?"

    def __init__(
        self,
        question: str,
        required: bool = False,
        placeholder: str = "",
        *,
        parse: Callable[[str], Any] | None = None,
        describe: Callable[[Any], str] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.required = required
        self.placeholder = placeholder
        self.parse = parse
        self.describe = describe

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Plain(self.question, classes="form-title")
            yield PlainInput(placeholder=self.placeholder, id="answer")
            yield Plain("", id="prompt-hint", classes="field-hint")
            yield Plain("", id="prompt-error", classes="field-error")
            yield Plain("Enter to accept · Escape to cancel", classes="hint")

    @on(Input.Changed)
    def _echo(self, event: Input.Changed) -> None:
        """Under the line: what a phrase will be saved as, or nothing while it does not parse yet."""
        hint = ""
        if self.parse is not None and self.describe is not None and event.value.strip():
            try:
                hint = self.describe(self.parse(event.value))
            except DelegateError:
                hint = ""
        self.query_one("#prompt-hint", Plain).update(hint)
        if not event.value.strip():
            self._mark("")

    def _mark(self, problem: str) -> None:
        self.query_one("#prompt-error", Plain).update(problem)
        self.query_one("#answer", Input).set_class(bool(problem), "-invalid")

    @on(Input.Submitted)
    def _accept(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.required and not text:
            self._mark("This is required.")
            return
        if self.parse is None:
            self.dismiss(text)
            return
        try:
            value = self.parse(text) if text else ""  # an empty line: nothing (None is cancel)
        except DelegateError as problem:
            self._mark(f"{problem}; nothing was saved, what you typed is kept.")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        if not self.query_one("#answer", Input).value.strip():
            self.dismiss(None)
            return
        leave_after_yes(self, self.LEAVE_QUESTION)


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
