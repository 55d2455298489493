"""What every data screen shares: access to the app's store, a refresh hook, and a clear error line."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable

from delegate.model import DelegateError
from delegate.store import ConflictError, Store
from delegate.ui.exporting import Export, from_thread, write_export

if TYPE_CHECKING:
    from delegate.ui.app import DelegateApp


class DataScreen(Screen[None]):
    """A screen that shows records; it re-reads them when shown again or when the folder changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=True),
    ]

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

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO, so subclasses extend setup() instead.
        self.setup()
        self.show_data()

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
