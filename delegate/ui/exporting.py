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
from delegate.store.atomic import atomic_write

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
    make: Callable[[], tuple[Path, bytes]]  # the file's path and content (may raise DelegateError)
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
        path, data = export.make()
        atomic_write(path, data)
        export.written()
    except DelegateError as error:
        say(f"{export.refused}: {error}", severity="error")
    except OSError as error:
        # Another file (the calendar's ledger) by its name; never our temp file beside the export.
        other = error.filename and Path(str(error.filename)).parent != path.parent
        where = error.filename if other else path
        say(f"Could not write {where}: {error.strerror or error}", severity="error")
    except Exception as error:  # an export that fails must not take the app down with it
        say(
            f"{export.what} not saved ({type(error).__name__}); `{export.command}` says more.",
            severity="error",
        )
    else:
        say(export.saved(path), timeout=8)
        return path
    return None


def from_thread(app: Any) -> Say:
    """`app.notify`, callable from a worker thread."""

    def say(message: str, **options: Any) -> None:
        app.call_from_thread(app.notify, message, **options)

    return say
