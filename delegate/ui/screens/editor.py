"""Writing a script: a Markdown editor with a live word count and estimate, a preview, and saves
that keep every previous version (through `services.texts.save_text`, as `script edit` does).

A speech may be written where others can see the screen: the title and the text show confidential
people by role, as the script's own screen does, until ctrl+g (N would be a letter typed into the
text; names shown for this screen only, and the title says so). Typing into text shown by role keeps
the names under the roles as they were written (`Editable`): the file gets what was written.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Header, Markdown

from delegate.model import DelegateError, Handout, Script, count_words
from delegate.model.common import format_duration
from delegate.services.audience import mention_warning
from delegate.services.estimate import choose_pace, estimate_text, script_limit
from delegate.services.texts import save_text
from delegate.ui.screens.base import DataScreen
from delegate.ui.widgets.editable import EditableArea
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.prompt import ChooseScreen


class ScriptEditorScreen(DataScreen):
    """Edit a script's (or a handout's) text. ctrl+s saves; the previous text is kept as a version."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("f2", "toggle_preview", "Preview"),
        # N types a letter in the text: the same toggle on a key that works while typing
        Binding("ctrl+g", "toggle_names", "Names", priority=True),
    ]

    preview: var[bool] = var(False)
    dirty: var[bool] = var(False)

    def __init__(self, script: Script | Handout) -> None:
        super().__init__()
        self.script = script
        self._limit = 300.0
        self._wpm = 130.0
        self._pace_source = "default"
        self._editor: EditableArea

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor-panes"):
            yield EditableArea("", id="editor", soft_wrap=True, show_line_numbers=False)
            yield Markdown("", id="preview")
        yield Plain("", id="editor-status")
        yield Footer()

    def setup(self) -> None:
        self._editor = self.query_one("#editor", EditableArea)
        self._editor.load_editable(self.lens().editable(self.script.text))
        if isinstance(self.script, Script):
            self._limit = script_limit(self.store, self.script).total_seconds()
        self._wpm, self._pace_source = choose_pace(self.store, None)
        self.query_one("#preview").display = False
        self._editor.focus()
        self._update_status()

    @property
    def written(self) -> str:
        """The text as it will be saved: what is shown, with the names under the roles kept."""
        return self._editor.written

    def refresh_data(self) -> None:
        """The title and the text for this screen's audience (ctrl+g); what was typed is kept."""
        lens = self.lens()
        self.sub_title = self.titled(f"Editing · {lens.text(self.script.title)}")
        editor = self._editor
        where = editor.cursor_location
        editor.load_editable(lens.editable(editor.written))
        editor.cursor_location = where  # kept as far as the text shown now allows
        self._show_preview()

    @on(EditableArea.Changed, "#editor")
    def _changed(self) -> None:
        self.dirty = self.written != self.script.text
        self._update_status()
        self._show_preview()

    def _show_preview(self) -> None:
        if self.preview:
            self.query_one("#preview", Markdown).update(self._editor.text)

    def _update_status(self) -> None:
        text = self.written
        state = "unsaved changes · ctrl+s to save" if self.dirty else "saved"
        status = self.query_one("#editor-status", Plain)
        if not isinstance(self.script, Script):
            status.update(f" {count_words(text)} words · {state}")
            return
        estimate = estimate_text(text, self._limit, self._wpm, self._pace_source)
        over = estimate.words_over
        fit = f"cut ~{over} words" if over > 0 else f"room for ~{-over} more words"
        status.update(
            f" {estimate.words} words · ~{format_duration(estimate.seconds)} at {self._wpm:.0f} wpm "
            f"({self._pace_source}) · limit {format_duration(self._limit)}: {fit} · {state}"
        )

    def watch_preview(self, preview: bool) -> None:
        self.query_one("#preview", Markdown).display = preview
        self._show_preview()

    def action_toggle_preview(self) -> None:
        self.preview = not self.preview

    def action_save(self) -> None:
        text, before = self.written, self.script.text
        if text == before:
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
        if mention_warning(self.store, text) != mention_warning(self.store, before):
            self.warn_mentions(text)  # once, when what the text names changed: not at every save

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
