"""Handouts: the list, and one handout with its preview, copies to bring, and print-ready files.

Titles and text are shown by role until N (this screen only), and p/w save what the screen shows:
a public copy, or an internal one (named and marked so) after N. An attached PDF was made elsewhere:
it is saved as it is, and the notification says nothing in it could be hidden."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header

from delegate.model import Handout
from delegate.services.handout_views import handout_view, handout_views
from delegate.ui.exporting import Export
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.prompt import PromptScreen
from delegate.ui.widgets.table import details_text


class HandoutsScreen(ListScreen):
    """The handouts still to hand out (for no delegation, or one not yet spoken); `A` shows every one.

    Years of handouts already given stay unread until asked for: the first view costs what it shows.
    """

    SECTION = "Handouts"
    COLUMNS = ("Title", "Kind", "For delegations", "Words")
    EMPTY = "No handouts to give. Press a to start one from the handout template, A to list them all."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("a", "add", "New handout"),
        Binding("A", "toggle_all", "Given too"),
    ]

    show_all: reactive[bool] = reactive(False, init=False)

    def setup(self) -> None:
        super().setup()
        self.sub_title = "Handouts (to give)"

    def rows(self) -> Iterable[Row]:
        to_give = None if self.show_all else self.now().date()
        for handout in handout_views(self.store, self.audience, to_give=to_give):
            yield (
                f"handout:{handout.id}",
                (
                    handout.title,
                    "attached PDF" if handout.attachment else "Markdown",
                    ", ".join(handout.delegations) or "—",
                    str(handout.words) if handout.text else "—",
                ),
            )

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def watch_show_all(self) -> None:
        self.sub_title = self.titled("Handouts (all)" if self.show_all else "Handouts (to give)")
        self.refresh_data()

    def action_add(self) -> None:
        def create(title: str | None) -> None:
            if not title:
                return
            from delegate.services.handouts import new_handout

            handout = self.attempt(new_handout, self.store, title, None)
            if handout is not None:
                self.warn_mentions(title)
                self.delegate_app.open_record("handout", handout.id)

        self.app.push_screen(PromptScreen("Title of the new handout?", required=True), create)


class HandoutScreen(DataScreen):
    """A handout: what it says, who it goes with, and keys to write its PDF or HTML."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("e", "edit", "Edit text"),
        Binding("p", "export('pdf')", "Save PDF"),
        Binding("w", "export('html')", "Save HTML (web page)"),
    ]

    def __init__(self, handout: Handout) -> None:
        super().__init__()
        self.handout = handout

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown  # its parser only for one handout, not for the list

        yield Header()
        with VerticalScroll():
            yield Plain(id="details", classes="details")
            yield Markdown("", id="handout-preview")
        yield Footer()

    def refresh_data(self) -> None:
        from textual.widgets import Markdown

        from delegate.services.files import exports_folder

        self.handout = self.store.get(Handout, self.handout.id)
        view = handout_view(self.store, self.handout, self.audience)
        self.sub_title = self.titled(view.title)
        self.query_one("#details", Plain).update(
            details_text(
                view.title,
                [
                    ("Attached file", view.attachment),
                    ("Bring", "; ".join(view.bring)),
                    ("Files go to", str(exports_folder(self.store))),
                ],
            )
        )
        preview = view.text or (
            "*An attached PDF, made elsewhere: p saves a copy to print, as it is"
            " (delegate cannot hide names in it).*"
        )
        self.query_one("#handout-preview", Markdown).update(preview)

    def action_edit(self) -> None:
        if self.handout.attachment:
            self.notify("This handout is an attached PDF; edit it where it was made.", severity="warning")
            return
        from delegate.ui.screens.editor import ScriptEditorScreen

        self.app.push_screen(ScriptEditorScreen(self.handout))

    def action_export(self, fmt: str) -> None:
        from delegate.services.files import exports_folder
        from delegate.services.handouts import render_handout

        handout, audience, folder = self.handout, self.audience, exports_folder(self.store)
        internal = self.show_names
        notes: list[str] = []

        def make() -> tuple[Path, bytes]:
            rendered = render_handout(self.store, handout, fmt, audience)
            notes.append(rendered.note)
            return folder / rendered.file_name, rendered.data

        def saved(path: Path) -> str:
            if notes and notes[0]:
                return f"Saved {path}: this {notes[0].removeprefix(f'handout {handout.id} ')}"
            return f"Saved {path}" + (" (an internal copy: names shown)" if internal else "")

        command = f"delegate handout render {handout.id} --format {fmt}" + (
            " --internal" if self.show_names else ""
        )
        export = Export("Handout", command, make, folder, saved=saved)
        self.export_file(export, f"Making the {fmt.upper()}…")
