"""Files the app makes on request (a calendar, a report, an agenda, a handout, minutes): made and written
off the UI thread, with one way of saying how it went.

A PDF or ten years of calendar take a moment, and a failure of any kind must become a notification,
never a traceback that takes the app (and unsaved words) down with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from delegate.errors import DelegateError
from delegate.services.files import write_file

Say = Callable[..., None]  # App.notify's signature, called on the UI thread


def _saved(path: Path) -> str:
    return f"Saved {path}"


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Export:
    """One file to make and write, and how to speak of it."""

    what: str  # "Report": "Report not saved (…)" when something unexpected fails
    command: str  # the CLI command that says more than a notification can
    # The file's path and content (may raise DelegateError); or the path alone when a service wrote
    # the file itself (the calendar, which keeps its event versions once the file is on disk).
    make: Callable[[], tuple[Path, bytes] | Path]
    folder: Path  # named if the folder fails before the file's own path is known
    refused: str = "Not saved"  # before a DelegateError's own message
    saved: Callable[[Path], str] = _saved
    written: Callable[[], None] = _nothing  # once the file is safely on disk


def write_export(export: Export, say: Say) -> Path | None:
    """Make and write `export` (in a worker thread), then `say` how it went. Never raises.

    Returns the path written, or None if nothing was.
    """
    path = export.folder
    try:
        made = export.make()
        if isinstance(made, Path):
            path = made
        else:
            path, data = made
            write_file(path, data, export.what.lower(), make_folder=True)
        export.written()
    except DelegateError as error:
        say(f"{export.refused}: {error}", severity="error", markup=False)
    except OSError as error:
        # Another file (the calendar's ledger) by its name; never a temp file beside the export.
        named = Path(str(error.filename)) if error.filename else None
        where = named if named is not None and named.parent != export.folder else path
        say(f"Could not write {where}: {error.strerror or error}", severity="error", markup=False)
    except Exception as error:  # an export that fails must not take the app down with it
        say(
            f"{export.what} not saved ({type(error).__name__}); `{export.command}` says more.",
            severity="error",
            markup=False,
        )
    else:
        say(export.saved(path), timeout=8, markup=False)  # paths and titles as typed, never markup
        return path
    return None


def from_thread(app: Any) -> Say:
    """`app.notify`, callable from a worker thread."""

    def say(message: str, **options: Any) -> None:
        app.call_from_thread(app.notify, message, **options)

    return say
