"""Handouts: the list, and one handout with its preview, copies to bring, and print-ready files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown, Static

from delegate.model import Delegation, Handout
from delegate.ui.exporting import Export
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.prompt import PromptScreen
from delegate.ui.widgets.table import details_text


class HandoutsScreen(ListScreen):
    SECTION = "Handouts"
    COLUMNS = ("Title", "Kind", "For delegations", "Words")
    EMPTY = "No handouts yet. Press a to start one from the handout template."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("a", "add", "New handout"),
    ]

    def rows(self) -> Iterable[Row]:
        for handout in self.store.all(Handout):
            yield (
                f"handout:{handout.id}",
                (
                    handout.title,
                    "attached PDF" if handout.attachment else "Markdown",
                    ", ".join(handout.delegations) or "—",
                    str(len(handout.text.split())) if handout.text else "—",
                ),
            )

    def action_add(self) -> None:
        def create(title: str | None) -> None:
            if not title:
                return
            from delegate.services.handouts import new_handout

            handout = self.attempt(new_handout, self.store, title, None)
            if handout is not None:
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
        yield Header()
        with VerticalScroll():
            yield Static(id="details", classes="details")
            yield Markdown("", id="handout-preview")
        yield Footer()

    def refresh_data(self) -> None:
        from delegate.services.handouts import copies_to_bring

        self.handout = handout = self.store.get(Handout, self.handout.id)
        self.sub_title = handout.title
        delegations = {item.id: item for item in self.store.all(Delegation)}
        copies = [
            f"{delegations[d].topic}: {copies_to_bring(self.store, delegations[d])} copies"
            for d in handout.delegations
            if d in delegations
        ]
        self.query_one("#details", Static).update(
            details_text(
                handout.title,
                [
                    ("Attached file", handout.attachment),
                    ("Bring", "; ".join(copies)),
                    ("Files go to", str(self.store.root / "exports")),
                ],
            )
        )
        preview = handout.text or "*An attached PDF: p saves a copy to print.*"
        self.query_one("#handout-preview", Markdown).update(preview)

    def action_edit(self) -> None:
        if self.handout.attachment:
            self.notify("This handout is an attached PDF; edit it where it was made.", severity="warning")
            return
        from delegate.ui.screens.editor import ScriptEditorScreen

        self.app.push_screen(ScriptEditorScreen(self.handout))

    def action_export(self, fmt: str) -> None:
        from delegate.services.handouts import render_handout

        handout, folder = self.handout, self.store.root / "exports"

        def make() -> tuple[Path, bytes]:
            return folder / f"{handout.id}.{fmt}", render_handout(self.store, handout, fmt)

        export = Export("Handout", f"delegate handout render {handout.id} --format {fmt}", make, folder)
        self.export_file(export, f"Making the {fmt.upper()}…")
