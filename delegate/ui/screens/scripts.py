"""Scripts: the list, and one script with its estimate per section and the log of its takes.

A speech may name a confidential person: titles, headings and text are shown by role until N
(this screen only). Editing (e) opens the text as written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header, Sparkline

from delegate.model import Script
from delegate.model.common import format_duration, over_under
from delegate.services.script_views import script_view, script_views
from delegate.ui.screens.base import DataScreen
from delegate.ui.screens.listing import ListScreen, Row
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen
from delegate.ui.widgets.table import RecordTable, details_text


class ScriptsScreen(ListScreen):
    """The scripts still to give (for no delegation, or one not yet spoken); `A` shows every one.

    Years of speeches already given stay unread until asked for: the first view costs what it shows.
    """

    SECTION = "Scripts"
    COLUMNS = ("Title", "Words", "Estimate", "Limit", "Takes", "Last take")
    EMPTY = "No scripts to give. Press a to start one, A to list those already given."
    BINDINGS: ClassVar[list[BindingType]] = [
        *ListScreen.BINDINGS,
        Binding("t", "time", "Time it"),
        Binding("a", "add", "New script"),
        Binding("A", "toggle_all", "Given too"),
    ]

    show_all: reactive[bool] = reactive(False, init=False)

    def setup(self) -> None:
        super().setup()
        self.sub_title = "Scripts (to give)"

    def rows(self) -> Iterable[Row]:
        to_give = None if self.show_all else self.now().date()
        for script in script_views(self.store, self.audience, to_give=to_give):
            last = script.last_take
            yield (
                f"script:{script.id}",
                (
                    script.title,
                    str(script.words),
                    format_duration(script.words / script.estimate.wpm * 60),
                    format_duration(script.limit),
                    str(len(script.takes)),
                    f"{format_duration(last.total)} ({over_under(last.over_by)})" if last else "—",
                ),
            )

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def watch_show_all(self) -> None:
        self.sub_title = self.titled("Scripts (all)" if self.show_all else "Scripts (to give)")
        self.refresh_data()

    def action_add(self) -> None:
        def create(title: str | None) -> None:
            if not title:
                return
            from delegate.services.scripts import new_script

            script = self.attempt(new_script, self.store, title, None)
            if script is not None:
                self.notify(f"Started {script.id} from the speech template.", timeout=3)
                self.warn_mentions(title)
                self.delegate_app.open_record("script", script.id)

        self.app.push_screen(PromptScreen("Title of the new script?", required=True), create)

    def action_time(self) -> None:
        table = self.query_one(RecordTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
            self.delegate_app.open_timer(key.partition(":")[2])


class ScriptScreen(DataScreen):
    """One script: how long it should take, section by section, and how its takes went."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DataScreen.BINDINGS,
        Binding("e", "edit", "Edit text"),
        Binding("t", "time", "Time it"),
        Binding("v", "versions", "Versions…"),
    ]

    def __init__(self, script: Script) -> None:
        super().__init__()
        self.script = script

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Plain(id="details", classes="details")
            yield Plain("Estimate per section", classes="section-title")
            yield RecordTable(id="estimate", cursor_type="row", zebra_stripes=True)
            yield Plain("Takes: the first bar is the limit, then each take", classes="section-title")
            yield Sparkline([], id="takes-chart")
            yield RecordTable(id="takes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def setup(self) -> None:
        self.query_one("#estimate", RecordTable).add_columns("Section", "Words", "Time")
        self.query_one("#takes", RecordTable).add_columns("When", "Total", "Over/under", "Complete", "Splits")

    def refresh_data(self) -> None:
        self.script = self.store.get(Script, self.script.id)
        view = script_view(self.store, self.script, self.audience)
        estimate = view.estimate
        self.sub_title = self.titled(view.title)
        over = estimate.words_over
        fit = f"cut about {over} words" if over > 0 else f"room for about {-over} more words"
        self.query_one("#details", Plain).update(
            details_text(
                view.title,
                [
                    ("For delegation", view.delegation),
                    ("Limit", format_duration(view.limit)),
                    ("Words", str(estimate.words)),
                    (
                        "Estimate",
                        f"{format_duration(estimate.seconds)} at {estimate.wpm:.0f} words/min"
                        f" ({estimate.pace_source}): {fit}",
                    ),
                ],
            )
        )
        table = self.query_one("#estimate", RecordTable)
        table.clear()
        for section in estimate.sections:
            table.add_row(section.title, str(section.words), format_duration(section.seconds))
        self.query_one("#takes-chart", Sparkline).data = (
            [view.limit, *(take.total for take in view.takes)] if view.takes else []
        )
        log = self.query_one("#takes", RecordTable)
        log.clear()
        for take in reversed(view.takes):
            splits = " · ".join(format_duration(seconds) for _title, seconds in take.splits)
            log.add_row(
                f"{take.at:%a %d %b %Y %H:%M}",
                format_duration(take.total),
                over_under(take.over_by),
                "yes" if take.complete else "no",
                splits,
            )

    def action_time(self) -> None:
        self.delegate_app.open_timer(self.script.id)

    def action_versions(self) -> None:
        from delegate.services.versions import restore_text, version_views

        versions = version_views(self.store, self.script, self.audience, local=self.now().tzinfo)
        if not versions:
            self.notify("No earlier versions yet: each save keeps the text it replaces.", timeout=4)
            return
        choices = [
            (f"{version.when:%a %d %b %Y %H:%M:%S} · {version.words} words", version.id)
            for version in reversed(versions)
        ]

        def restore(version_id: str | None) -> None:
            if version_id is None:
                return
            restored = self.attempt(restore_text, self.store, self.script, version_id)
            if restored is not None:
                self.notify("Restored; the text it replaced is kept as a version too.", timeout=4)
                self.refresh_data()

        self.app.push_screen(
            ChooseScreen("Restore which version? (the current text is kept)", choices), restore
        )

    def action_edit(self) -> None:
        from delegate.ui.screens.editor import ScriptEditorScreen

        self.app.push_screen(ScriptEditorScreen(self.script))
