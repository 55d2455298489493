"""The first frame: the app's name and the dashboard's first heading, shown while the records, the
store and the screens are imported and read (a second or so with ten years of data)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class StartScreen(Screen[None]):
    """Light on purpose: only Statics, so it paints as fast as a bare Textual app."""

    def compose(self) -> ComposeResult:
        yield Static(" delegate", id="start-title")
        yield Static("Next meetings", classes="section-title")
        yield Static("Reading your records…", id="start-loading")
