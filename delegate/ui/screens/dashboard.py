"""The first screen: what's next. Meetings, request deadlines, follow-ups, costs, delegations per body."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Header, Static

from delegate.services.dashboard import COLUMNS, TITLES, DashboardView, dashboard_view, unreadable_notice
from delegate.ui.screens.base import DataScreen
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.table import RecordTable

WELCOME = """\
[b]Welcome to delegate.[/b]

delegate keeps track of the boards and councils you speak to, the delegations you make, the speech \
you practise, the handouts you print, and the minutes and follow-ups of your action groups.

Nothing is here yet. Start with the body you want to speak to (a police board, a city council…), \
or load the demo data to look around first. Everything is saved as plain files in your data folder.
"""

# Panels shown only when they have something to say sit in a section that hides with them.
SECTIONS = {"costs": "#costs-section", "honoraria": "#honoraria-section"}
HINTS = {"honoraria": "  (H to pay)"}
COMPACT_BELOW = 32  # rows


class DashboardScreen(DataScreen):
    """Upcoming meetings and what to do before them; confidential people by role until `N`."""

    # Focus is given in refresh_data without scrolling: Textual's auto focus centres a table it cannot
    # show whole, which at 80×24 scrolled "Next meetings" and its headings off the top.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_body", "Add body"),
        Binding("D", "load_demo", "Load demo data"),
        Binding("escape", "back", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="unreadable")
        with Vertical(id="welcome"):
            yield Static(WELCOME, classes="welcome-text")  # our own markup, no record text
            yield Button("Add a body  (a)", id="welcome-add", variant="primary")
            yield Button("Load the demo data  (D)", id="welcome-demo")
        # What's next first (meetings, deadlines, follow-ups with the overdue on top): at 80×24 these
        # three fit above the fold; the rest follows.
        with VerticalScroll(id="overview"):
            yield from self._panel("meetings")
            yield from self._panel("deadlines")
            yield from self._panel("followups")
            with Vertical(id="costs-section", classes="dashboard-section"):
                yield from self._panel("costs", "warning-title")
            with Vertical(id="honoraria-section", classes="dashboard-section"):
                yield from self._panel("honoraria")
            yield from self._panel("per-body")
        yield Footer()

    def _panel(self, name: str, title_class: str = "") -> ComposeResult:
        yield Plain(TITLES[name], id=f"{name}-title", classes=f"section-title {title_class}".strip())
        yield RecordTable(id=name, cursor_type="row", zebra_stripes=True)

    def setup(self) -> None:
        self.title = "delegate"
        self.query_one("#welcome").display = False
        self.query_one("#unreadable").display = False
        for name, columns in COLUMNS.items():
            self.query_one(f"#{name}", DataTable).add_columns(*columns)

    def on_resize(self) -> None:
        # A short terminal (80×24) gets fewer meeting rows and no blank lines between sections.
        self.set_class(self.size.height < COMPACT_BELOW, "compact")

    def refresh_data(self) -> None:
        self.sub_title = self.titled("What's next")
        view = dashboard_view(self.store, self.now(), self.audience)
        self._show_unreadable(view.unreadable)
        self.query_one("#welcome").display = view.empty
        self.query_one("#overview").display = not view.empty
        if view.empty:
            self.query_one("#welcome-add").focus()
        else:
            self._fill(view)
            if (
                self.focused is None
                or not self.focused.display
                or (self.focused.id or "").startswith("welcome")
            ):
                self.query_one("#meetings").focus(scroll_visible=False)

    def show_unreadable(self) -> None:
        """Name every file found unreadable so far: the sections built out of sight read kinds the
        dashboard does not, and a broken file among them is said here too."""
        self._show_unreadable(unreadable_notice(self.store, self.lens()))

    def _show_unreadable(self, lines: tuple[str, ...]) -> None:
        notice = self.query_one("#unreadable", Plain)
        notice.display = bool(lines)
        notice.update("\n".join(lines))

    def _fill(self, view: DashboardView) -> None:
        for name, panel in view.panels.items():
            if name in SECTIONS:
                self.query_one(SECTIONS[name]).display = panel.shown
            self.query_one(f"#{name}-title", Plain).update(panel.title + HINTS.get(name, ""))
            table = self.query_one(f"#{name}", DataTable)
            table.clear()
            for row in panel.rows:
                table.add_row(*row.cells, key=row.key)

    @on(Button.Pressed, "#welcome-add")
    def action_add_body(self) -> None:
        self.delegate_app.action_add_body()

    @on(Button.Pressed, "#welcome-demo")
    def action_load_demo(self) -> None:
        self.delegate_app.action_load_demo()
