"""Writing a file the user asked for (an export, a letter, a PDF): atomic, owner-only, explained.

The CLI's `-o FILE` and the app's exports folder both come here, so a full disk or a read-only
folder is said the same way everywhere, and the old file stays whole when the new one cannot be
written.
"""

from __future__ import annotations

from pathlib import Path

from delegate.errors import DelegateError
from delegate.store import Store
from delegate.store.atomic import Content, atomic_write, ensure_dir, explain_os_error

EXPORTS_FOLDER = "exports"


def write_file(path: Path, data: Content, what: str, *, make_folder: bool = False) -> Path:
    """Write `data` (bytes, or a function that writes them to the open file) to `path` atomically
    (0600). A StoreError names `what`, where and why; nothing half-written is left and the file it
    would replace is kept. `make_folder`: create the folder (0700) if it is missing (the app's
    exports folder), else a missing folder is an error."""
    target = path.expanduser()
    if target.is_dir():
        raise DelegateError(f"{target} is a folder; give a file name")
    try:
        if make_folder:
            ensure_dir(target.parent)
        elif not target.parent.is_dir():
            raise DelegateError(f"the folder {target.parent} does not exist; nothing was written")
        atomic_write(target, data)
    except OSError as error:
        raise explain_os_error(error, f"write {what} to", target) from None
    return target


def exports_folder(store: Store) -> Path:
    """Where the app saves the files it makes on request: `exports/` in the data folder."""
    return store.root / EXPORTS_FOLDER


def save_export(store: Store, name: str, data: Content, what: str) -> Path:
    """Write an export the app made into `exports/NAME` (the folder is made if missing)."""
    return write_file(exports_folder(store) / name, data, what, make_folder=True)
