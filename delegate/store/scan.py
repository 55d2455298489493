"""Listing a kind's record files, and which of its folders are as the index last saw them.

Looking at every file of ten years (a stat each) costs more than everything else a list or the
dashboard does. A folder's own stamp (inode and mtime) moves whenever a name in it is added, removed
or replaced, which is how delegate saves (a temp file renamed over the record), and how most editors
save too. So a folder whose stamp is unchanged holds the same files as when the index was written:
only its records in play are looked at again (one stat each: an edit in place is seen), the rest
stand as the index has them. A file rewritten in place out of play is seen when the whole kind is
next read (`check`, every full list, the export). Folders holding anything odd (a link, a temp file,
a file that could not be read) are always listed in full, as are folders changed within the last
RACY_NS (a file system's clock may not move between two writes that close together).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import NamedTuple

from delegate.store.atomic import TEMP_SUFFIX

RACY_NS = 2_000_000_000


class Folder(NamedTuple):
    """A folder as a listing saw it: its stamp, whether everything in it was a plain record file,
    and (once kept in the index) how many of its files are out of play."""

    inode: int
    mtime_ns: int
    clean: bool
    rest: int = 0


Folders = dict[str, Folder]


def record_entries(
    folder: str,
    leftovers: set[str] | None = None,
    seen: Folders | None = None,
    later: list[str] | None = None,
) -> Iterator[os.DirEntry[str]]:
    """The record files under a kind's folder as listed (each entry keeps its lstat once asked), in
    a stable order: a folder's files by name, then its folders by name. Hidden files (temp files)
    are skipped, and the temp files a crashed save left added to `leftovers`; a folder named like a
    record is listed (and refused as one), not walked into, nor is a link to a folder. With `seen`,
    each folder listed is noted there, stamped before it was listed (see unclean). With `later`, the
    folder's own folders are put there, in order, instead of being listed."""
    before = _stamp(folder) if seen is not None else None
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    if seen is not None and before is not None:
        seen[folder] = before  # before its files are looked at: they may find it unclean
    clean = True
    folders: list[os.DirEntry[str]] = []
    for entry in entries:
        name = entry.name
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder, clean = False, False
        if name.startswith("."):
            if not is_folder and name.endswith(TEMP_SUFFIX):
                clean = False
                if leftovers is not None:
                    leftovers.add(entry.path)
        elif name.endswith(".toml"):
            clean = clean and not is_folder
            yield entry
        elif is_folder:
            if entry.is_symlink():
                clean = False
            else:
                folders.append(entry)
    if not clean and seen is not None and folder in seen:
        seen[folder] = seen[folder]._replace(clean=False)
    if later is not None:
        later.extend(entry.path for entry in folders)
        return
    for entry in folders:
        yield from record_entries(entry.path, leftovers, seen)


def unclean(seen: Folders, key: str) -> None:
    """A file of this folder needs looking at each time (a link, a problem): list it in full."""
    folder = folder_of(key)
    if folder in seen:
        seen[folder] = seen[folder]._replace(clean=False)


def folder_of(path: str) -> str:
    """The folder a listed path is in (os.path.dirname, without its generality: run per file)."""
    return path.rpartition(os.sep)[0]


def _stamp(folder: str) -> Folder | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    # Changed just now: a change made in the same tick of the file system's clock would not move it.
    settled = time.time_ns() - info.st_mtime_ns > RACY_NS
    return Folder(info.st_ino, info.st_mtime_ns, settled)


def unchanged(folder: str, known: Folder | None) -> bool:
    """Whether a folder kept in the index as clean still has the very names it had then."""
    if known is None or not known.clean:
        return False
    now = _stamp(folder)
    return now is not None and (now.inode, now.mtime_ns) == (known.inode, known.mtime_ns)


def with_rest_counts(seen: Folders, rest_paths: Iterator[str]) -> Folders:
    """The folders as kept in the index: each with how many of its files are out of play."""
    counts: dict[str, int] = {}
    for path in rest_paths:
        folder = folder_of(path)
        counts[folder] = counts.get(folder, 0) + 1
    return {folder: stamp._replace(rest=counts.get(folder, 0)) for folder, stamp in seen.items()}


def subfolders(folders: Folders) -> dict[str, list[str]]:
    """Each kept folder's own folders, by name (the order a listing walks them in)."""
    children: dict[str, list[str]] = {}
    for folder in sorted(folders):
        children.setdefault(folder_of(folder), []).append(folder)
    return children
