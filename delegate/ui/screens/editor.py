"""Writing a script: a Markdown editor with a live word count and estimate, a preview, and saves
that keep every previous version (through `services.texts.save_text`, as `script edit` does).

This is editing, not output: the person sees their own text as they wrote it, names included."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Footer, Header, Markdown, Static, TextArea

from delegate.model import DelegateError, Handout, Script, count_words
from delegate.model.common import format_duration
from delegate.services.estimate import choose_pace, estimate_text, script_limit
from delegate.services.texts import save_text
from delegate.ui.screens.base import DataScreen
from delegate.ui.widgets.prompt import ChooseScreen


class ScriptEditorScreen(DataScreen):
    """Edit a script's (or a handout's) text. ctrl+s saves; the previous text is kept as a version."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("f2", "toggle_preview", "Preview"),
    ]

    preview: var[bool] = var(False)
    dirty: var[bool] = var(False)

    def __init__(self, script: Script | Handout) -> None:
        super().__init__()
        self.script = script
        self._limit = 300.0
        self._wpm = 130.0
        self._pace_source = "default"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor-panes"):
            yield TextArea(self.script.text, id="editor", soft_wrap=True, show_line_numbers=False)
            yield Markdown("", id="preview")
        yield Static("", id="editor-status")
        yield Footer()

    def setup(self) -> None:
        self.sub_title = f"Editing · {self.script.title}"
        if isinstance(self.script, Script):
            self._limit = script_limit(self.store, self.script).total_seconds()
        self._wpm, self._pace_source = choose_pace(self.store, None)
        self.query_one("#preview").display = False
        self.query_one("#editor", TextArea).focus()
        self._update_status()

    def refresh_data(self) -> None:
        """The text on screen is the user's; it is never replaced behind their back."""

    @on(TextArea.Changed, "#editor")
    def _changed(self) -> None:
        self.dirty = self.query_one("#editor", TextArea).text != self.script.text
        self._update_status()
        if self.preview:
            self.query_one("#preview", Markdown).update(self.query_one("#editor", TextArea).text)

    def _update_status(self) -> None:
        text = self.query_one("#editor", TextArea).text
        state = "unsaved changes · ctrl+s to save" if self.dirty else "saved"
        if not isinstance(self.script, Script):
            self.query_one("#editor-status", Static).update(f" {count_words(text)} words · {state}")
            return
        estimate = estimate_text(text, self._limit, self._wpm, self._pace_source)
        over = estimate.words_over
        fit = f"cut ~{over} words" if over > 0 else f"room for ~{-over} more words"
        self.query_one("#editor-status", Static).update(
            f" {estimate.words} words · ~{format_duration(estimate.seconds)} at {self._wpm:.0f} wpm "
            f"({self._pace_source}) · limit {format_duration(self._limit)}: {fit} · {state}"
        )

    def watch_preview(self, preview: bool) -> None:
        pane = self.query_one("#preview", Markdown)
        pane.display = preview
        if preview:
            pane.update(self.query_one("#editor", TextArea).text)

    def action_toggle_preview(self) -> None:
        self.preview = not self.preview

    def action_save(self) -> None:
        text = self.query_one("#editor", TextArea).text
        if text == self.script.text:
            self.notify("No changes to save.", timeout=2)
            return
        try:
            changed = save_text(self.store, self.script, text)
        except DelegateError as error:
            # Nothing is lost: the text stays in the editor; the user can copy it or try again.
            self.notify(f"Not saved: {error}", title="Not saved", severity="error", timeout=12)
            return
        if changed is not None:
            self.script = changed
        self.dirty = False
        self._update_status()
        self.notify("Saved; the previous text is kept as a version.", timeout=3)

    def action_back(self) -> None:
        if not self.dirty:
            super().action_back()
            return

        def decide(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
                if not self.dirty:
                    super(ScriptEditorScreen, self).action_back()
            elif choice == "discard":
                super(ScriptEditorScreen, self).action_back()

        self.app.push_screen(
            ChooseScreen(
                "There are unsaved changes.",
                [
                    ("Save them, then leave", "save"),
                    ("Keep editing", "stay"),
                    ("Leave without saving", "discard"),
                ],
            ),
            decide,
        )
