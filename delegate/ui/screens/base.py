"""What every data screen shares: access to the app's store, a refresh hook, and a clear error line."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable

from delegate.model import DelegateError
from delegate.services.audience import (
    INTERNAL_SCREEN,
    NAMES_HIDDEN,
    Audience,
    Lens,
    lens_for,
    mention_warning,
)
from delegate.services.undo import Undo, undo
from delegate.store import ConflictError, Store
from delegate.ui.exporting import Export, from_thread, write_export

NAMES_MARKER = " · NAMES SHOWN"
UNDO_SECONDS = 12.0  # how long `u` undoes the last action, as long as its toast says so

if TYPE_CHECKING:
    from delegate.ui.app import DelegateApp


class DataScreen(Screen[None]):
    """A screen that shows records; it re-reads them when shown again or when the folder changes.

    Confidential people are shown by role, as anything shared shows them, until `N` asks for names:
    for this screen only (a screen opened next starts public again), and the title says so.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
        Binding("N", "toggle_names", "Names"),
        # Only while an action can be undone; else `u` is the app's (Follow-ups).
        Binding("u", "undo", "Undo"),
    ]

    show_names: reactive[bool] = reactive(False, init=False)
    _undo: Undo | None = None

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        # A screen made now is styled, when it mounts, by the stylesheet as it is now. Textual marks a
        # new screen out of date (-1) and, on a mode switch, re-parses every stylesheet for it; the
        # mark is only cleared if the screen was already mounted, so the next visit re-parses again
        # (a third of a section switch on ten years of data). A theme change still refreshes it.
        self._css_update_count = self.app._css_update_count

    @property
    def audience(self) -> Audience:
        """Who this screen is shown to: the public, unless `N` was pressed here."""
        return Audience.of(self.show_names)

    def lens(self) -> Lens:
        """The lens this screen's views are built with (re-made on each refresh: people change)."""
        return lens_for(self.store, self.audience)

    def action_toggle_names(self) -> None:
        self.show_names = not self.show_names
        self.notify(INTERNAL_SCREEN if self.show_names else NAMES_HIDDEN, timeout=4)

    # ---- undo ----------------------------------------------------------------------------------------

    def offer_undo(self, action: Undo, said: str = "") -> None:
        """Say what was done, and let `u` undo it while the toast shows."""
        self._undo = action
        self.notify(f"{said or action.said}. Press u to undo.", timeout=UNDO_SECONDS)
        self.set_timer(UNDO_SECONDS, partial(self._forget_undo, action))
        self.refresh_bindings()

    def _forget_undo(self, action: Undo) -> None:
        if self._undo is action:
            self._undo = None
            self.refresh_bindings()

    def action_undo(self) -> None:
        action, self._undo = self._undo, None
        self.refresh_bindings()
        if action is None:
            return
        done = self.attempt(undo, self.store, action)
        if done is not None:
            self.notify(done, timeout=4)
        self.refresh_data()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`u` is Undo only while there is something to undo (else the app's key)."""
        if action == "undo":
            return self._undo is not None
        return True

    def titled(self, title: str) -> str:
        """A sub-title that keeps saying so while `N` shows names here (a refresh re-makes it)."""
        return f"{title}{NAMES_MARKER}" if self.show_names else title

    def watch_show_names(self) -> None:
        base = (self.sub_title or "").removesuffix(NAMES_MARKER)
        self.sub_title = f"{base}{NAMES_MARKER}" if self.show_names else base
        self.refresh_data()

    def warn_mentions(self, *texts: str) -> None:
        """Tell the person typing that their text names a confidential person (by label only)."""
        warning = mention_warning(self.store, *texts)
        if warning:
            self.notify(warning, title="Confidential person", timeout=8)

    @property
    def delegate_app(self) -> DelegateApp:
        return cast("DelegateApp", self.app)

    @property
    def store(self) -> Store:
        return self.delegate_app.store

    def now(self) -> datetime:
        return self.delegate_app.now()

    def refresh_data(self) -> None:
        """Re-read what the screen shows from the store."""

    def setup(self) -> None:
        """Once, when mounted, before the first refresh (columns, titles). Subclasses call super()."""

    _shown_generation = -1
    _styled_for: tuple[object, ...] | None = None  # what the styles were computed for, when it left

    def _style_inputs(self) -> tuple[object, ...]:
        """What a suspended screen's computed styles depend on from outside it."""
        return (self.app._css_update_count, self.app.theme, self.app.app_focus, self.app.size)

    def post_message(self, message: Message) -> bool:
        # Textual re-applies every style of a screen switched back to (in case the app's styles
        # changed meanwhile), which also throws away each table's rendered lines: most of a revisit.
        # Only do so when something it depends on did change; the screen's own changes while away
        # already updated its styles. A screen not mounted yet is styled as its widgets mount, after
        # this message is posted and before it is handled: a new mode's screen is sent two resumes,
        # and each restyled the whole screen it had just styled (30 ms of the dashboard's first show).
        if (
            isinstance(message, events.ScreenResume)
            and message.refresh_styles
            and (not self.is_mounted or self._styled_for == self._style_inputs())
        ):
            message = events.ScreenResume(refresh_styles=False)
        return super().post_message(message)

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO, so subclasses extend setup() instead.
        self.setup()
        self.show_data()

    def on_screen_suspend(self) -> None:
        self._styled_for = self._style_inputs()
        if self.is_current:
            return  # left and shown again out of sight (the app building a section): not a leave
        # N lasts for this screen while it is shown: a screen kept and shown again starts public
        if self.show_names:
            self.set_reactive(DataScreen.show_names, False)
            self.sub_title = (self.sub_title or "").removesuffix(NAMES_MARKER)
            self._shown_generation = -1  # re-read (by role) when shown again

    def on_screen_resume(self) -> None:
        # Coming back to a screen re-reads only if something was saved or reloaded meanwhile.
        if self.store.generation != self._shown_generation:
            self.show_data()

    def show_data(self) -> None:
        self._shown_generation = self.store.generation
        self.refresh_data()

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        """Every table row is keyed 'kind:id'; Enter opens that record (placeholder rows are 'none:…')."""
        kind, _, record_id = (event.row_key.value or "").partition(":")
        self.delegate_app.open_record(kind, record_id)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def attempt(self, action: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a store action; a DelegateError becomes an inline notification, never a crash."""
        try:
            return action(*args, **kwargs)
        except ConflictError as error:
            self.notify(str(error), title="Changed elsewhere", severity="error", timeout=10)
            self.store.forget()
            self.refresh_data()
        except DelegateError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
        return None

    def export_file(self, export: Export, busy: str) -> None:
        """Make and write a file off the UI thread (a PDF takes a moment); say when it is done."""
        self.notify(busy, timeout=2)
        self._write_export(export)

    @work(thread=True, exclusive=True, group="export")
    def _write_export(self, export: Export) -> None:
        write_export(export, from_thread(self.app))
