"""Durable file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from delegate.store.errors import StoreError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def ensure_dir(path: Path) -> None:
    """Create a folder (and missing parents) readable by the owner only."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask


# What a file is to hold: its bytes, or a function that writes them to the open file (streamed in,
# never held whole).
Content = bytes | Callable[[BinaryIO], object]


def atomic_write(path: Path, data: Content) -> None:
    """Write `data` to `path`: temp file in the same folder, fsync, os.replace, fsync the folder.

    `data` may be a function that writes to the temp file (a pickle streamed in, never held whole).
    """
    atomic_write_all([(path, data)])


def atomic_write_all(files: Sequence[tuple[Path, Content]], journal_dir: Path | None = None) -> None:
    """Write several files (a record's Markdown, then its TOML) so that a failure changes none of them.

    Every new content is written to a temp file and fsynced first (and each file but the last is kept
    under a temp name too), so a full disk or a permission error stops the save before anything is
    renamed. Then the files are renamed into place in order; if a rename fails, those already renamed
    get their old content back. A crash between two renames would leave the first new and the last
    old, so with `journal_dir` the renames still to do are written there first, and `roll_forward`
    (run under the write lock by the next writer or reader) finishes them.
    """
    temps: list[str] = []
    journal: Path | None = None
    try:
        staged: list[tuple[Path, str, str | None]] = []  # (path, new content, old content or None: absent)
        for number, (path, data) in enumerate(files):
            ensure_dir(path.parent)
            new = _write_temp(path, data)
            temps.append(new)
            old: str | None = None
            if number < len(files) - 1 and path.exists():
                old = _keep_old(path)
                temps.append(old)
            staged.append((path, new, old))
        if journal_dir is not None and len(staged) > 1:
            journal = _write_journal(journal_dir, [(new, path) for path, new, _old in staged])
        done: list[tuple[Path, str, str | None]] = []
        try:
            for path, new, old in staged:
                os.replace(new, path)
                done.append((path, new, old))
        except BaseException:
            for path, _new, old in reversed(done):
                with contextlib.suppress(OSError):
                    if old is None:
                        os.unlink(path)
                    else:
                        os.replace(old, path)
            raise
    finally:
        for temp in temps:  # the old-content copies, and any new file not renamed
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if journal is not None:
            with contextlib.suppress(OSError):
                os.unlink(journal)
    for folder in dict.fromkeys(path.parent for path, _data in files):
        fsync_dir(folder)


JOURNAL_SUFFIX = ".renames"


def _write_journal(journal_dir: Path, renames: list[tuple[str, Path]]) -> Path:
    """Record the renames about to be done (temp -> target, one per line), durably."""
    ensure_dir(journal_dir)
    text = "".join(f"{temp}\t{target}\n" for temp, target in renames)
    target = journal_dir / f"{os.getpid()}-{os.urandom(6).hex()}{JOURNAL_SUFFIX}"
    os.replace(_write_temp(target, text.encode("utf-8")), target)
    fsync_dir(journal_dir)
    return target


def roll_forward(journal_dir: Path) -> int:
    """Finish the renames of saves cut short by a crash; call it holding the write lock.

    Returns how many files were put in place. A temp that no longer exists was renamed already.
    """
    try:
        journals = [name for name in os.listdir(journal_dir) if name.endswith(JOURNAL_SUFFIX)]
    except FileNotFoundError:
        return 0
    finished = 0
    for name in sorted(journals):
        journal = journal_dir / name
        try:
            lines = journal.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for line in lines:
            temp, _, target = line.partition("\t")
            if temp and target and os.path.exists(temp):
                os.replace(temp, target)
                fsync_dir(Path(target).parent)
                finished += 1
        with contextlib.suppress(FileNotFoundError):
            os.unlink(journal)
    return finished


def _keep_old(path: Path) -> str:
    """A second name for the file as it is now, to put it back with its inode and mtime unchanged."""
    import tempfile  # only when something is written (a list writes nothing)

    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    os.close(fd)
    try:
        os.unlink(temp_name)
        os.link(path, temp_name)
    except OSError:  # no hard links here (some network or FAT folders): keep a copy instead
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        return _write_temp(path, path.read_bytes())
    return temp_name


def _write_temp(path: Path, data: Content) -> str:
    """A fsynced, owner-only temp file with `data`, beside `path` (hidden, so never read as a record)."""
    import tempfile  # only when something is written (a list writes nothing)

    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        try:
            handle = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            raise
        with handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, FILE_MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return temp_name


def fsync_dir(folder: Path) -> None:
    """Make a rename durable: fsync the folder that holds it."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_file(path: Path) -> None:
    """Delete a file durably; a file already gone is fine."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
        fsync_dir(path.parent)


def explain_os_error(error: OSError, action: str, path: Path) -> StoreError:
    """One line that says what could not be done, where, and why, in plain words."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the folder is read-only",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return StoreError(f"could not {action} {path}: {reason}; nothing was changed")
