"""The data folder: one TOML file per record, loaded lazily per kind, written atomically under a lock."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from delegate import clock
from delegate.locations import index_path
from delegate.store.atomic import (
    TEMP_SUFFIX,
    atomic_write_all,
    ensure_dir,
    explain_os_error,
    remove_file,
    roll_forward,
)
from delegate.store.codec import SCHEMA, FieldError, decode, encode
from delegate.store.errors import AmbiguousIdError, ConflictError, NotFoundError, Problem, StoreError
from delegate.store.index import Index, Signatures
from delegate.store.kinds import KINDS, Kind, kind_of
from delegate.store.limits import Limits, Refused, check_shape, check_text, kind_of_file, read_capped
from delegate.store.lock import write_lock
from delegate.store.scan import Folders, folder_of, record_entries, subfolders, unchanged, unclean
from delegate.store.versions import VERSIONS_FOLDER, previous_text, versions_dir
from delegate.timezones import local_zone_name

JOURNAL_FOLDER = ".pending"
LEFTOVER_AGE = 60.0  # seconds: a temp file this old, with no writer holding the lock, was left by a crash
# Ids a record had before it was renamed (an id that named a confidential person), so that what a
# person typed or a script kept still finds it: {folder: {old id: new id}}.
RENAMED_FILE = "renamed-ids.toml"

R = TypeVar("R")
T = TypeVar("T")
# A folder read alone that had to read more than this many of its files (and half of them) finds the
# index behind the files (see index_behind).
BEHIND_FROM = 8
_TOML_LINE = re.compile(r"at line (\d+)")
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}-")  # the date a dated id starts with
_DIGEST_MASK = (1 << 64) - 1
_SEPARATORS = frozenset(filter(None, ("/", os.sep, os.altsep)))
_MIGRATIONS: dict[int, Any] = {}  # schema N -> function(table) -> table of schema N+1


class FileStamp(NamedTuple):
    """What a file looked like when we read it: a new inode, size or mtime means someone wrote it."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path | str) -> FileStamp | None:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(info.st_ino, info.st_size, info.st_mtime_ns)


class _Origin(NamedTuple):
    """Where a record was read from, and how its files looked then (a tuple: one is made for every
    record at every start, and a tuple is made in a fraction of a frozen dataclass's time)."""

    file: str | Path
    stamp: FileStamp | None
    markdown: FileStamp | None

    @property
    def path(self) -> Path:
        return Path(self.file)


class Store:
    """Records of every kind in one data folder.

    Each kind is read on first use. Saving checks that the file is as it was when read, so an edit
    made meanwhile by another program is reported as a conflict, never overwritten.
    """

    def __init__(
        self,
        root: Path,
        *,
        index: Path | bool | None = True,
        default_zone: str | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.root = root
        self.limits = limits or Limits.from_env()
        self.default_zone = default_zone or local_zone_name()
        index_file = index_path(root) if index is True else (index or None)
        self._index = Index(index_file if isinstance(index_file, Path) else None)
        self._records: dict[Kind, dict[str, Any]] = {}
        self._origins: dict[Kind, dict[str, _Origin]] = {}
        self._problems: dict[Kind, list[Problem]] = {}
        # Kinds read only in part (see in_play): the records read so far, and the day they answer for
        # (date.max: records read one by one, which answer for no day; see find).
        self._partial: dict[Kind, tuple[date, dict[str, Any]]] = {}
        # The digests of the kinds' own folders read alone (see in_folder and files_read).
        self._folders_read: dict[Kind, dict[str, str]] = {}
        # The index's records in play of a kind read folder by folder (see in_passing), by folder.
        self._passing_play: dict[Kind, dict[str, dict[str, Any]]] = {}
        self._behind: set[Kind] = set()  # kinds whose folders read alone were mostly not indexed
        # Ids new_id gave out for kinds not read whole: a new record with one is saved without them.
        self._issued: dict[Kind, set[str]] = {}
        # Which state of each kind's index snapshot matches what was read (see derived).
        self._tokens: dict[Kind, str] = {}
        self._generation = 0
        # The app loads in a worker thread while the screen may already ask for a kind.
        self._loading = threading.RLock()
        self._recovered = False
        self._renamed: dict[str, dict[str, str]] | None = None
        # Temp files a crashed save left beside the records (found while listing them), and those
        # removed since (see remove_leftovers).
        self._leftovers: set[str] = set()
        self.removed_leftovers: list[Path] = []
        self._tidied = False
        self._real_root: str | None = None

    @property
    def journal_dir(self) -> Path:
        """Where a save lists its renames until they are done (see atomic.roll_forward)."""
        return self.root / JOURNAL_FOLDER

    def _recover(self) -> None:
        """Finish any save a crash cut short, before reading: a reader then sees whole records only.
        Temp files a crash left in the data folder itself and in the journal are noted as leftovers
        (those beside the records are noted while listing them)."""
        self._recovered = True
        for folder in (self.root, self.journal_dir):
            with contextlib.suppress(OSError):
                self._leftovers.update(
                    entry.path
                    for entry in os.scandir(folder)
                    if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)
                )
        try:
            if not any(self.journal_dir.iterdir()):
                return
            with write_lock(self.root, timeout=2.0):
                roll_forward(self.journal_dir)
        except (OSError, StoreError):
            return  # nothing pending, or a read-only folder: read what is there

    @property
    def generation(self) -> int:
        """Goes up whenever what this store holds changes (a save, a delete, a reload)."""
        return self._generation

    # ---- reading ----------------------------------------------------------------------------------

    def all(self, cls: type[R]) -> list[R]:
        """Every record of a kind, in id order."""
        records = self._loaded(kind_of(cls))
        return [records[key] for key in sorted(records)]

    def in_play(self, cls: type[R], since: date) -> list[R]:
        """The records of a kind that may still matter on `since` or after, in id order: meetings not
        over, delegations not yet spoken, open follow-ups, unpaid honoraria (every record, for kinds
        without such a rule; see kinds.py).

        What is ahead, without reading ten years into memory: the index keeps these records apart
        from the rest, and only the files changed since are read.
        """
        kind = kind_of(cls)
        rule = kind.in_play
        if rule is None:
            return self.all(cls)
        records = self._records.get(kind)
        if records is None:
            with self._loading:
                records = self._records.get(kind)
                if records is None:
                    partial = self._partial.get(kind)
                    if partial is not None and partial[0] <= since:
                        records = partial[1]
                    else:
                        records = self._reading(self._load_in_play, kind, since)
        return [records[key] for key in sorted(records) if rule(records[key], since)]

    def in_folder(self, cls: type[R], folder: str) -> list[R]:
        """The records of a kind whose files are in one of its own folders (a year's: "2019", as
        `folder_of` names it), in id order.

        One year of ten, without reading the other nine: its files are listed and each is taken
        from the index while it is as the index has it. Records read before (in play, or one by
        one) stay as they were read. Only kinds the index keeps in play are read so; for the others,
        and for the files in the kind's folder itself (""), the kind is read whole.
        """
        kind = kind_of(cls)
        with self._loading:
            under = os.path.join(self.root, kind.folder, folder)
            # A link or anything but a folder: the whole read says what it is.
            alone = kind not in self._records and kind.in_play is not None and _plain_id(folder)
            if alone and not os.path.islink(under) and os.path.isdir(under):
                found = self._reading(self._load_folder, kind, under, folder)
            else:
                records = self._loaded(kind)
                found = {key: record for key, record in records.items() if self.folder_of(record) == folder}
        return [found[key] for key in sorted(found)]

    def holds_whole(self, cls: type[Any]) -> bool:
        """Whether every record of the kind is read and held (the app's store, once its sections
        are built): a folder of it is then taken from them, not read."""
        return kind_of(cls) in self._records

    def index_behind(self, cls: type[Any]) -> bool:
        """Whether a folder read alone found most of its files changed since the index kept them
        (the time zone changed, or files were replaced): a folder read alone does not write the
        index, a whole read does. A reader going through every folder should read the kind whole
        once, and then the index is as the files are again."""
        return kind_of(cls) in self._behind

    def reads_by_folder(self, cls: type[Any]) -> bool:
        """Whether one of a kind's folders is read alone for what it is (see in_folder): the index
        keeps the kind folder by folder, or there is no index (every file is read either way)."""
        kind = kind_of(cls)
        return kind.in_play is not None and self._index.keeps_by_folder(kind.folder) is not False

    @contextlib.contextmanager
    def in_passing(self, cls: type[Any]) -> Iterator[None]:
        """A scope in which the kind is read one folder after another (passing_through): the index's
        records in play are read once for all of them, not once a folder."""
        kind = kind_of(cls)
        folder = os.path.join(self.root, kind.folder)
        by_folder: dict[str, dict[str, Any]] = {}
        for path, entry in self._index.play_entries(kind.folder).items():
            if path.startswith(folder + os.sep):
                by_folder.setdefault(_own_folder(path[len(folder) :]), {})[path] = entry
        with self._loading:
            self._passing_play[kind] = by_folder
        try:
            yield
        finally:
            with self._loading:
                self._passing_play.pop(kind, None)

    @contextlib.contextmanager
    def passing_through(self, cls: type[R], folder: str) -> Iterator[list[R]]:
        """`in_folder`, for a reader that looks at each folder once and goes on (a first calendar
        export, year by year): the records read for the block are let go after it, so a hundred
        years are never held at once. Within the block each has its stamp (stamp_of); after it,
        `files_read` still has the folder as read. Records read before stay, as does a kind read
        whole (the folder was then taken from it)."""
        kind = kind_of(cls)
        with self._loading:
            partial = None if kind in self._records else self._partial.get(kind)
            before = dict(partial[1]) if partial is not None else {}
        records = self.in_folder(cls, folder)
        try:
            yield records
        finally:
            with self._loading:
                self._let_go(kind, records, before)

    def _let_go(self, kind: Kind, records: list[Any], before: dict[str, Any]) -> None:
        """Forget the records of a folder read for one pass (see passing_through), but any read
        before it, or read whole or saved since (those are this store's again)."""
        partial = self._partial.get(kind)
        if kind in self._records or partial is None:
            return
        so_far, origins = partial[1], self._origins.get(kind, {})
        for record in records:
            record_id = record.id
            if record_id not in before and so_far.get(record_id) is record:
                del so_far[record_id]
                origins.pop(record_id, None)

    def has_records(self, cls: type[Any]) -> bool:
        """Whether the folder has any file of this kind (without reading them)."""
        kind = kind_of(cls)
        records = self._records.get(kind)
        if records is not None:
            return bool(records)
        return next(_record_files(os.path.join(self.root, kind.folder)), None) is not None

    def derived(self, name: str, classes: tuple[type[Any], ...], compute: Callable[[], T]) -> T:
        """A value computed from whole kinds (a tally over ten years), kept in the index for as long
        as their files stay as this store read them, so later runs need not read those kinds.

        The kinds should have been read (in play or whole) first; otherwise the value is computed
        every time. `name` must change whenever what `compute` does changes.
        """
        with self._loading:
            key = self._key_of(classes)
            if key is not None:
                kept = self._index.derived(name, key)
                if kept is not None:
                    return kept  # type: ignore[no-any-return]
            value = compute()
            key = self._key_of(classes)  # computing may have read the kinds whole
            if key is not None:
                self._index.keep_derived(name, key, value)
            return value

    def _key_of(self, classes: tuple[type[Any], ...]) -> str | None:
        tokens = [self._tokens.get(kind_of(cls)) for cls in classes]
        return None if None in tokens else "/".join(tokens)  # type: ignore[arg-type]

    def get(self, cls: type[R], record_id: str) -> R:
        """The record with exactly this id."""
        kind = kind_of(cls)
        if kind in self._partial and kind not in self._records:
            with self._loading:
                if kind in self._partial and kind not in self._records:
                    return self._get_one(kind, record_id)  # type: ignore[no-any-return]
        try:
            return self._loaded(kind)[record_id]  # type: ignore[no-any-return]
        except KeyError:
            now = self.renamed_to(kind, record_id)
            if now is not None:
                return self.get(cls, now)
            raise NotFoundError(f"no {kind.name} with id {record_id!r}") from None

    def lookup(self, cls: type[R], record_id: str) -> R | None:
        """The record with exactly this id, or None: for references that may dangle (a meeting since
        deleted), where a document or a view says less rather than fails."""
        try:
            return self.get(cls, record_id)
        except NotFoundError:
            return None

    def find(self, cls: type[R], prefix: str) -> R:
        """The record whose id is `prefix` or uniquely starts with it (as git does with hashes), or
        whose id after its date (`2026-12-17-`) uniquely starts with it."""
        kind = kind_of(cls)
        key = prefix.strip()
        if kind not in self._records:
            alone = self._find_alone(kind, key)
            if alone is not None:
                return alone  # type: ignore[no-any-return]
        records = self._loaded(kind)
        if key in records:
            return records[key]  # type: ignore[no-any-return]
        now = self.renamed_to(kind, key)
        if now is not None and now in records:
            return records[now]  # type: ignore[no-any-return]
        matches = _starting_with(key, records)
        if len(matches) == 1:
            return records[matches[0]]  # type: ignore[no-any-return]
        if not matches:
            hint = _closest(key, records)
            raise NotFoundError(f"no {kind.name} with id {prefix!r}{hint}")
        shown = ", ".join(matches[:8]) + (f" and {len(matches) - 8} more" if len(matches) > 8 else "")
        raise AmbiguousIdError(f"{prefix!r} matches {len(matches)} {kind.folder}: {shown}")

    def _find_alone(self, kind: Kind, key: str) -> Any | None:
        """The record `key` names, read from its own file alone, without reading its kind whole (ten
        years of follow-ups to mark one done): its exact id, else the one file name it starts (as
        find matches ids: a record's id is its file's name). None sends the caller to the whole
        kind, whose answer it is: an alias, no match or several, a file that cannot be read. Only
        kinds the index keeps in play are read in part; the others are small."""
        if kind.in_play is None or not _plain_id(key):
            return None
        with self._loading:
            records = self._records.get(kind)
            if records is not None:
                return records.get(key)
            partial = self._partial.get(kind)
            if partial is not None and key in partial[1]:
                return partial[1][key]  # read before (in play, or alone): as it was read
            path = str(kind.path_for(self.root, key))
            if not os.path.isfile(path):  # not an id where delegate puts it: look at every name
                named = self._files_by_id(kind)
                matches = [key] if key in named else []
                if not matches and self.renamed_to(kind, key) is None:
                    matches = _starting_with(key, named)
                if len(matches) != 1:
                    return None
                key, path = matches[0], named[matches[0]]
            if not self._recovered:
                self._recover()  # a save a crash cut short is finished before anything is read
            self._read_so_far(kind)
            try:
                return self._get_one(kind, key, path)
            except NotFoundError:
                return None

    def _files_by_id(self, kind: Kind) -> dict[str, str]:
        """Each record file of a kind by its name (a record's id), listed, not read; the first of a
        name in listing order, as a whole read keeps it."""
        named: dict[str, str] = {}
        for entry in record_entries(os.path.join(self.root, kind.folder)):
            named.setdefault(entry.name.removesuffix(".toml"), entry.path)
        return named

    def problems(self, kinds: Iterable[Kind] = KINDS) -> list[Problem]:
        """What was wrong with the files read so far (for `check`, every kind is read)."""
        found: list[Problem] = []
        for kind in kinds:
            self._loaded(kind)
            found.extend(self._problems.get(kind, []))
        return found

    def problems_so_far(self) -> list[Problem]:
        """Problems in the kinds read so far, without reading any more."""
        return [problem for problems in self._problems.values() for problem in problems]

    def leftovers(self) -> list[Path]:
        """Temp files a crashed save left beside the records (in the kinds listed so far), still there."""
        return sorted(Path(name) for name in self._leftovers if os.path.lexists(name))

    def remove_leftovers(self, older_than: float = LEFTOVER_AGE) -> list[Path]:
        """Remove the temp files found while listing records that no save can still be writing: only
        while no other process holds the write lock, and only those older than `older_than` seconds
        (a temp file outside the lock, the calendar ledger's, is written in far less). Returns those
        removed; they are kept in `removed_leftovers` too, for `check` to report."""
        candidates = self.leftovers()
        if not candidates:
            return []
        removed: list[Path] = []
        now = time.time()
        try:
            with write_lock(self.root, timeout=0):
                for path in candidates:
                    with contextlib.suppress(OSError):  # gone meanwhile, or a read-only folder
                        if now - os.lstat(path).st_mtime >= older_than:
                            os.unlink(path)
                            removed.append(path)
                            self._leftovers.discard(str(path))
        except (StoreError, OSError):
            return []  # a save is under way, or the folder is read-only: next time
        self.removed_leftovers.extend(removed)
        return removed

    def load_all(self) -> list[Problem]:
        """Read every kind now (start-up, `check`); returns every problem found."""
        return self.problems(KINDS)

    def path_of(self, record: Any) -> Path:
        """The file a record lives in (or will, once saved)."""
        kind = kind_of(type(record))
        origin = self._origins.get(kind, {}).get(record.id)
        return origin.path if origin else kind.path_for(self.root, record.id)

    def folder_of(self, record: Any) -> str:
        """The folder of the kind's own a record's file is in, as `files_read` and `files_now` name
        it ("2019" for meetings/2019/…; "" for a file in the kind's folder itself, or outside it)."""
        kind = kind_of(type(record))
        origin = self._origins.get(kind, {}).get(record.id)
        # The path as read, a string: this runs for every meeting of an export.
        path = os.fspath(origin.file) if origin else os.fspath(kind.path_for(self.root, record.id))
        folder = os.path.join(self.root, kind.folder)
        return _own_folder(path[len(folder) :]) if path.startswith(folder + os.sep) else ""

    def stamp_of(self, record: Any) -> tuple[FileStamp | None, FileStamp | None] | None:
        """How a record's files (TOML, Markdown) looked when read or saved; None if it has no file.

        A stamp that is unchanged means the record is unchanged (an edit by hand moves it too): what
        was derived from it before can be used again (the calendar export's cache does).
        """
        origin = self._origins.get(kind_of(type(record)), {}).get(record.id)
        return None if origin is None else (origin.stamp, origin.markdown)

    def forget(self) -> None:
        """Drop what was read, so the next access sees the folder as it is now (edits from outside)."""
        with self._loading:
            self._records.clear()
            self._partial.clear()
            self._folders_read.clear()
            self._behind.clear()
            self._issued.clear()
            self._tokens.clear()
            self._origins.clear()
            self._problems.clear()
            self._generation += 1
            self._recovered = False
            self._renamed = None

    def fingerprint(self) -> int:
        """A cheap summary of the record files; it changes when any is added, edited or removed.

        Only compared within one process (the app's folder watch), so it is a sum of per-file hashes
        rather than the list of files: the watch runs every two seconds over ten years of records,
        and a list of every file would be held, and rebuilt, each time.
        """
        total, count = 0, 0
        # os.scandir, not os.walk and a stat per path: the watch runs beside the app's own work (and
        # holds the interpreter while it does), so every file's cost counts.
        stack = [(os.path.join(self.root, kind.folder), bool(kind.markdown_field)) for kind in KINDS]
        while stack:
            directory, versioned = stack.pop()
            try:
                entries = list(os.scandir(directory))
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if not (versioned and name == VERSIONS_FOLDER):  # not records
                            stack.append((entry.path, False))
                        continue
                    if not name.endswith((".toml", ".md")):
                        continue
                    info = entry.stat()
                except OSError:
                    continue
                total = (total + hash((entry.path, info.st_size, info.st_mtime_ns))) & _DIGEST_MASK
                count += 1
        return hash((total, count))

    def files_read(self, cls: type[Any]) -> dict[str, str] | None:
        """A digest of a kind's record files as this store read them (each file's path under the
        kind's folder, inode, size and mtime, and its Markdown's), one for each folder of the kind's
        own (a year's: "2019"; "" for the files in the kind's folder itself): equal to `files_now`
        while no file was added, edited or removed since, so what was derived from the kind (or from
        one year of it) can be kept without reading it again (the calendar export does). For a kind
        not read whole, only the folders read alone (in_folder) are in it, as they were read then;
        None when there are none."""
        kind = kind_of(cls)
        with self._loading:
            if kind not in self._records or kind in self._partial:
                alone = self._folders_read.get(kind)
                return dict(alone) if alone else None
            folder = os.path.join(self.root, kind.folder)
            lines = _stamp_lines(folder, self._origins.get(kind, {}).values(), folder)
        return None if lines is None else _digests_by_folder(lines)

    def files_now(self, cls: type[Any]) -> dict[str, str]:
        """The same digests of a kind's record files as they are now: a listing and a stat each,
        nothing read. A file that cannot be read as a record (broken, a link, refused) is in them
        too, so its folder never matches `files_read`: correct, if slower."""
        return _digests_by_folder(self._stamp_lines_now(cls))

    def files_counted(self, cls: type[Any]) -> tuple[dict[str, str], dict[str, int]]:
        """`files_now`, and how many files each folder has (how much a reader of each has to do)."""
        by_folder = _lines_by_folder(self._stamp_lines_now(cls))
        counts = {name: len(found) for name, found in by_folder.items()}
        return {name: _digest_of(found) for name, found in by_folder.items()}, counts

    def _stamp_lines_now(self, cls: type[Any]) -> list[str]:
        kind = kind_of(cls)
        folder = os.path.join(self.root, kind.folder)
        lines = []
        for entry in record_entries(folder):
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                lines.append(f"{entry.path[len(folder) :]}\tgone")
                continue
            stamp = FileStamp(info.st_ino, info.st_size, info.st_mtime_ns)
            markdown = _markdown_stamp(kind, entry.path)
            lines.append(_stamp_line(entry.path[len(folder) :], stamp, markdown))
        return lines

    # ---- writing ----------------------------------------------------------------------------------

    def new_id(self, cls: type[Any], base: str, taken: Collection[str] = ()) -> str:
        """A free id built from `base`: 'x', else 'x-2', 'x-3', … (`taken`: ids given out, not saved yet)"""
        kind = kind_of(cls)
        used = self._ids_in_use(kind)
        candidate, number = base, 2
        while (
            candidate in used
            or candidate in taken
            or kind.path_for(self.root, candidate).exists()
            # a record removed by hand leaves its earlier texts: a new one must not inherit them
            or (kind.markdown_field and versions_dir(self.root, kind, candidate).exists())
        ):
            candidate, number = f"{base}-{number}", number + 1
        if kind not in self._records:
            self._issued.setdefault(kind, set()).add(candidate)
        return candidate

    def _ids_in_use(self, kind: Kind) -> Collection[str]:
        """Every id a record of this kind has. A kind the index keeps in play and not read whole is
        not read for it: a record's id is its file's name, and the names are listed (ten years of
        follow-ups need not be read to add one). A file that is not a readable record keeps its
        name from being given too."""
        with self._loading:
            records = self._records.get(kind)
            if records is not None or kind.in_play is None:
                return records if records is not None else self._loaded(kind)
            return self._files_by_id(kind).keys()

    def save(self, record: Any) -> None:
        """Create or update a record's file atomically; ConflictError if it changed on disk meanwhile."""
        kind = kind_of(type(record))
        records = self._held(kind, record.id)
        origin = self._origins[kind].get(record.id)
        path = origin.path if origin else kind.path_for(self.root, record.id)
        markdown_path = path.with_suffix(".md")
        try:
            table = encode(record)
            markdown = table.pop(kind.markdown_field, "") if kind.markdown_field else None
            data = _toml_text(table).encode("utf-8")
            markdown_data = markdown.encode("utf-8") if markdown is not None else None
        except (TypeError, ValueError, OverflowError) as error:  # a value TOML cannot hold
            raise StoreError(f"could not save {kind.name} {record.id}: {error}") from None
        try:
            ensure_dir(self.root)
            with write_lock(self.root):
                roll_forward(self.journal_dir)
                self._check_unchanged(kind, record.id, origin, path)
                writes = [(path, data)]
                if markdown_data is not None and (markdown_data or markdown_path.exists()):
                    writes.insert(0, (markdown_path, markdown_data))
                    kept = previous_text(self.root, kind, record.id, markdown_path, markdown_data)
                    if kept:  # the text being replaced, kept as a version first
                        writes.insert(0, kept)
                atomic_write_all(writes, self.journal_dir)  # every file changes, or (on an error) none
        except OSError as error:
            raise explain_os_error(error, f"save {kind.name} {record.id} to", path) from None
        records[record.id] = record
        self._generation += 1
        self._tokens.pop(kind, None)  # the folder is no longer as its snapshot says
        self._origins[kind][record.id] = _Origin(
            path, FileStamp.of(path), FileStamp.of(markdown_path) if markdown is not None else None
        )

    def _held(self, kind: Kind, record_id: str) -> dict[str, Any]:
        """The records a save or a delete updates: the whole kind's, or, when the kind was not read
        whole, those read so far if this record is among them or is new with an id new_id gave (it
        was free of every file's name then; the save checks its own file under the lock). A record
        read from its file is written back against that file's stamp either way. Any other new
        record needs the whole kind read first, as before."""
        with self._loading:
            records = self._records.get(kind)
            if records is not None:
                return records
            partial = self._partial.get(kind)
            if partial is not None and record_id in self._origins.get(kind, {}):
                return partial[1]
            if record_id in self._issued.get(kind, ()):  # new, with an id new_id found free
                return self._read_so_far(kind)
        return self._loaded(kind)

    def _read_so_far(self, kind: Kind) -> dict[str, Any]:
        """The records of a kind not read whole that this store has read or saved so far (in play,
        or one by one), where one more read or saved alone is kept."""
        self._origins.setdefault(kind, {})
        return self._partial.setdefault(kind, (date.max, {}))[1]

    def renamed_to(self, kind: Kind, old_id: str) -> str | None:
        """The id a record now has if `old_id` was its id before a rename, else None."""
        if self._renamed is None:
            try:
                with open(self.root / RENAMED_FILE, "rb") as handle:
                    table = _toml().load(handle)
            except (OSError, _toml().TOMLDecodeError, UnicodeDecodeError):
                table = {}
            self._renamed = {
                folder: {old: new for old, new in ids.items() if isinstance(new, str)}
                for folder, ids in table.items()
                if isinstance(ids, dict)
            }
        seen: set[str] = set()
        current = self._renamed.get(kind.folder, {}).get(old_id)
        while current is not None and current not in seen:  # renamed twice: follow to the end
            seen.add(current)
            following = self._renamed.get(kind.folder, {}).get(current)
            if following is None:
                return current
            current = following
        return current

    def rename(self, record: Any, new_id: str) -> Any:
        """Give a saved record a new id (and so a new file name); the old id stays an alias.

        The alias is written first, then the record's new files, then its earlier texts move and its
        old files go: a crash part way leaves the record findable by either id, and `check --fix`
        finishes the rename. Returns the renamed record. References to it are the caller's to update.
        """
        kind = kind_of(type(record))
        records = self._loaded(kind)
        origin = self._origins[kind].get(record.id)
        if origin is None:
            raise NotFoundError(f"no {kind.name} with id {record.id!r}")
        if new_id in records:
            raise StoreError(f"a {kind.name} with id {new_id!r} already exists")
        renamed = dataclasses.replace(record, id=new_id)
        path = kind.path_for(self.root, new_id)
        table = encode(renamed)
        markdown = table.pop(kind.markdown_field, "") if kind.markdown_field else None
        writes = [(path, _toml_text(table).encode("utf-8"))]
        if markdown:
            writes.insert(0, (path.with_suffix(".md"), markdown.encode("utf-8")))
        try:
            with write_lock(self.root):
                roll_forward(self.journal_dir)
                self._check_unchanged(kind, record.id, origin, origin.path)
                self._check_unchanged(kind, new_id, None, path)
                self._add_alias(kind, record.id, new_id)
                atomic_write_all(writes, self.journal_dir)
                old_versions = versions_dir(self.root, kind, record.id)
                if kind.markdown_field and old_versions.is_dir():
                    ensure_dir(versions_dir(self.root, kind, new_id).parent)
                    os.replace(old_versions, versions_dir(self.root, kind, new_id))
                remove_file(origin.path)
                remove_file(origin.path.with_suffix(".md"))
        except OSError as error:
            raise explain_os_error(error, f"rename {kind.name} {record.id} to", path) from None
        del records[record.id]
        del self._origins[kind][record.id]
        records[new_id] = renamed
        self._origins[kind][new_id] = _Origin(
            path, FileStamp.of(path), FileStamp.of(path.with_suffix(".md")) if markdown is not None else None
        )
        self._generation += 1
        self._tokens.pop(kind, None)
        return renamed

    def _add_alias(self, kind: Kind, old_id: str, new_id: str) -> None:
        self.renamed_to(kind, old_id)  # read what is there first
        assert self._renamed is not None
        self._renamed.setdefault(kind.folder, {})[old_id] = new_id
        data = _toml_text(self._renamed).encode("utf-8")
        atomic_write_all([(self.root / RENAMED_FILE, data)])

    def delete(self, record: Any) -> None:
        """Remove a record's files (with the same conflict check as save)."""
        kind = kind_of(type(record))
        records = self._held(kind, record.id)
        origin = self._origins[kind].get(record.id)
        if origin is None:
            raise NotFoundError(f"no {kind.name} with id {record.id!r}")
        try:
            with write_lock(self.root):
                self._check_unchanged(kind, record.id, origin, origin.path)
                remove_file(origin.path)
                remove_file(origin.path.with_suffix(".md"))
        except OSError as error:
            raise explain_os_error(error, f"delete {kind.name} {record.id} at", origin.path) from None
        del records[record.id]
        self._generation += 1
        self._tokens.pop(kind, None)
        del self._origins[kind][record.id]

    def _check_unchanged(self, kind: Kind, record_id: str, origin: _Origin | None, path: Path) -> None:
        current = FileStamp.of(path)
        if origin is None:
            if current is not None:
                raise ConflictError(
                    f"{kind.name} {record_id} was just created by another program; reload first"
                )
            return
        markdown_now = FileStamp.of(path.with_suffix(".md")) if kind.markdown_field else None
        if current != origin.stamp or (kind.markdown_field and markdown_now != origin.markdown):
            what = "deleted" if current is None else "changed"
            raise ConflictError(
                f"{kind.name} {record_id} was {what} on disk after it was read "
                f"(another window or an editor?); nothing was saved — reload and make the change again"
            )

    # ---- loading one kind ---------------------------------------------------------------------------

    def _loaded(self, kind: Kind) -> dict[str, Any]:
        records = self._records.get(kind)
        if records is None:
            with self._loading:
                records = self._records.get(kind)
                if records is None:
                    records = self._load_kind(kind)
        return records

    def _load_kind(self, kind: Kind) -> dict[str, Any]:
        return self._reading(self._load_kind_files, kind)

    def _reading(self, load: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
        """Run a load of records, once any save a crash cut short is finished."""
        if not self._recovered:
            self._recover()
        # Thousands of small immutable records and no cycles: the collector would only slow this down.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return load(*args)
        finally:
            if collecting:
                gc.enable()
            if self._leftovers and not self._tidied:
                self._tidied = True  # once a session: the lock is not asked for at every read
                self.remove_leftovers()

    def _load_kind_files(self, kind: Kind) -> dict[str, Any]:
        records: dict[str, Any] = {}
        origins: dict[str, _Origin] = {}
        problems: list[Problem] = []
        cached, token, played = self._index.snapshot(kind.folder)
        current: dict[str, tuple[str, Any]] = {}
        changed = False
        seen: Folders = {}
        cls = kind.cls
        for key, stamp, markdown, signature in self._scan(kind, problems, seen):
            hit = cached.get(key)
            payload = _payload_of(hit, signature, cls)
            found = self._cached_or_read(kind, key, payload, problems)
            if found is None:
                continue
            record, warnings, fresh = found
            changed = changed or fresh
            # Kept as the index had it when it was used: one tuple less per record at every start.
            current[key] = hit if hit is not None and payload is not None else (signature, (record, warnings))
            self._take(kind, key, record, warnings, _Origin(key, stamp, markdown), records, origins, problems)
        if changed or len(current) != len(cached):
            # What differs from the snapshot: the index writes again only the parts that hold it.
            differs = [key for key, entry in current.items() if cached.get(key) is not entry]
            differs += [key for key in cached if key not in current]
            if kind.in_play is None:
                token = self._index.replace(
                    kind.folder, current, changed=differs, based_on=token, played=played
                )
            else:
                since = clock.today()
                rule = kind.in_play
                token = self._index.replace(
                    kind.folder,
                    current,
                    lambda record: rule(record, since),
                    since,
                    seen,
                    self.default_zone,
                    changed=differs,
                    based_on=token,
                    played=played,
                )
        self._remember_token(kind, token)
        self._behind.discard(kind)  # the index is as the files are again (or off)
        self._keep_read_before(kind, records, origins)
        self._records[kind] = records
        self._origins[kind] = origins
        self._problems[kind] = problems
        return records

    def _load_in_play(self, kind: Kind, since: date) -> dict[str, Any]:
        """Read a kind's records in play from its partition, and any file changed since; the whole
        kind if the index has no partition that answers for `since`. Only the folders changed since
        are listed in full (see scan.py)."""
        rule = kind.in_play
        partition = self._index.partition(kind.folder)
        if rule is None or partition is None or since < partition.since:
            return self._loaded(kind)
        records: dict[str, Any] = {}
        origins: dict[str, _Origin] = {}
        problems: list[Problem] = []
        play: dict[str, tuple[str, Any]] = {}
        out_of_play: dict[str, str] = {}  # files changed since, now out of play: path -> signature
        rest: Signatures | None = None
        unchanged_rest = 0
        changed = False
        seen: Folders = {}
        walk = _InPlayWalk(self, kind, partition, problems, seen)
        cls = kind.cls
        for key, stamp, markdown, signature in walk.files():
            payload = _payload_of(partition.play.get(key), signature, cls)
            if payload is None and key not in partition.play:
                if rest is None:
                    rest = self._index.rest_signatures(kind.folder)
                    if rest is None:  # a damaged index: read the whole kind
                        return self._loaded(kind)
                if rest.has(key, signature):
                    unchanged_rest += 1
                    continue
            found = self._cached_or_read(kind, key, payload, problems)
            if found is None:
                continue
            record, warnings, fresh = found
            # Filed by the partition's day, so that it answers for every later day too.
            if fresh and not rule(record, partition.since):
                out_of_play[key] = signature
                changed = True
                continue
            changed = changed or fresh
            play[key] = (signature, (record, warnings))
            self._take(kind, key, record, warnings, _Origin(key, stamp, markdown), records, origins, problems)
        token = partition.token
        if (
            changed
            or len(play) != len(partition.play)
            or unchanged_rest + walk.trusted_rest != partition.rest_count
        ):
            before = rest if rest is not None else self._index.rest_signatures(kind.folder) or Signatures()
            signatures, listed = self._signatures_out_of_play(kind, play, before, out_of_play)
            token = self._index.update_partition(kind.folder, play, signatures, listed, self.default_zone)
        elif seen:
            # Nothing changed, but folders were listed anew (newer stamps): trust them next time.
            anew = {name: folder._replace(rest=_rest_of(partition, name)) for name, folder in seen.items()}
            self._index.update_folders(kind.folder, {**partition.folders, **anew}, self.default_zone)
        self._remember_token(kind, token)
        self._keep_read_before(kind, records, origins)
        self._partial[kind] = (partition.since, records)
        self._origins[kind] = origins
        self._problems[kind] = problems
        return records

    def _load_folder(self, kind: Kind, under: str, folder: str) -> dict[str, Any]:
        """Read one of a kind's own folders (`under`, named `folder`: see in_folder), and note how
        its files were as read."""
        passing = self._passing_play.get(kind)
        play = None if passing is None else passing.get(folder, {})
        cached = self._index.entries_under(kind.folder, under, play)
        so_far = self._read_so_far(kind)
        problems = self._problems.setdefault(kind, [])
        found: dict[str, Any] = {}
        origins: dict[str, _Origin] = {}
        cls = kind.cls
        parsed = 0
        for entry in record_entries(under, self._leftovers):
            looked = self._look_at(kind, entry.path, entry, problems, None)
            if looked is None:
                continue
            key, stamp, markdown, signature = looked
            read = self._cached_or_read(kind, key, _payload_of(cached.get(key), signature, cls), problems)
            if read is not None:
                record, warnings, fresh = read
                parsed += fresh
                self._take(
                    kind, key, record, warnings, _Origin(key, stamp, markdown), found, origins, problems
                )
        for record_id, origin in origins.items():
            if record_id in so_far:  # read before: kept as it was (a change since is a conflict)
                found[record_id] = so_far[record_id]
                origins[record_id] = self._origins[kind][record_id]
            else:
                so_far[record_id] = found[record_id]
                self._origins[kind][record_id] = origin
        lines = _stamp_lines(os.path.join(self.root, kind.folder), origins.values(), under + os.sep)
        if lines is not None:
            self._folders_read.setdefault(kind, {})[folder] = _digest_of(lines)
        if parsed > max(BEHIND_FROM, len(origins) // 2):
            self._behind.add(kind)
        return found

    def _keep_read_before(self, kind: Kind, records: dict[str, Any], origins: dict[str, _Origin]) -> None:
        """Records this store read before (in play, or one by one: see find) stay as they were read:
        one changed on disk since is then a conflict when saved, as if all had been read at first."""
        partial = self._partial.pop(kind, None)
        if partial is None:
            return
        earlier = self._origins.get(kind, {})
        for record_id, record in partial[1].items():
            if record_id in earlier:
                records[record_id] = record
                origins[record_id] = earlier[record_id]

    def _remember_token(self, kind: Kind, token: str | None) -> None:
        if token is None:
            self._tokens.pop(kind, None)
        else:
            self._tokens[kind] = token

    def _signatures_out_of_play(
        self, kind: Kind, play: dict[str, Any], before: Signatures, changed: dict[str, str]
    ) -> tuple[Signatures, Folders]:
        """The signatures of every file out of play now, and the folders as listed (a second walk,
        made only after edits)."""
        pairs = []
        seen: Folders = {}
        for key, _stamp, _markdown, signature in self._scan(kind, None, seen):
            if key in play:
                continue
            if changed.get(key) == signature or (key not in changed and before.has(key, signature)):
                pairs.append((key, signature))
        return Signatures.of(pairs), seen

    def _cached_or_read(
        self, kind: Kind, key: str, payload: tuple[Any, list[str]] | None, problems: list[Problem]
    ) -> tuple[Any, list[str], bool] | None:
        """A file's record and warnings: from its cached payload (see _payload_of) if there is one,
        else read now (then `fresh`); None if it cannot be read (the problem is noted)."""
        if payload is not None:
            return payload[0], payload[1], False
        try:
            record, warnings = self._read(kind, Path(key))
        except _FileProblem as problem:
            problems.append(problem.problem)
            return None
        return record, warnings, True

    def _get_one(self, kind: Kind, record_id: str, found: str | None = None) -> Any:
        """A record of a kind read only in part: from those read, else from its own file (`found`,
        when the caller listed it)."""
        _since, records = self._partial[kind]
        record = records.get(record_id)
        if record is not None:
            return record
        if not _plain_id(record_id):  # a reference like "../x" names no file of this kind
            raise NotFoundError(f"no {kind.name} with id {record_id!r}")
        if found is not None:
            path = Path(found)
        else:
            path = kind.path_for(self.root, record_id)
            if not path.exists():  # not where delegate puts it: placed by hand, or no such record
                path = Path(self._files_by_id(kind).get(record_id, path))
        try:
            looked = self._stamp_of_record(str(path))  # refused as the whole kind's read refuses it
        except Refused as refused:
            raise NotFoundError(f"no {kind.name} with id {record_id!r} ({refused})") from None
        if looked is None:
            raise NotFoundError(f"no {kind.name} with id {record_id!r}")
        stamp = looked.stamp
        markdown = FileStamp.of(path.with_suffix(".md")) if kind.markdown_field else None
        try:
            record, _warnings = self._read(kind, path)
        except _FileProblem as problem:
            raise NotFoundError(f"no {kind.name} with id {record_id!r} ({problem.problem})") from None
        records[record_id] = record
        self._origins[kind][record_id] = _Origin(str(path), stamp, markdown)
        return record

    def _scan(
        self, kind: Kind, problems: list[Problem] | None = None, seen: Folders | None = None
    ) -> Iterator[tuple[str, FileStamp, FileStamp | None, str]]:
        """Each record file of a kind: its path, how it and its Markdown look, and their signature
        (what a cached entry must match to stand for the file). A name that is not a regular file (a
        FIFO, a device, a link out of the folder or in a loop) is a problem of its own, not a record."""
        # Paths stay plain strings here (this runs for every file at start-up); a Path is made only
        # for the files that need one. The listing's entries carry each file's lstat, one call each.
        for entry in record_entries(os.path.join(self.root, kind.folder), self._leftovers, seen):
            found = self._look_at(kind, entry.path, entry, problems, seen)
            if found is not None:
                yield found

    def _look_at(
        self,
        kind: Kind,
        key: str,
        entry: os.DirEntry[str] | None,
        problems: list[Problem] | None,
        seen: Folders | None,
    ) -> tuple[str, FileStamp, FileStamp | None, str] | None:
        """A record file's path, stamps and signature; None if it is gone or refused (a problem)."""
        try:
            looked = self._stamp_of_record(key, entry)
        except Refused as refused:
            if problems is not None:
                problems.append(Problem(Path(key), str(refused)))
            if seen is not None:
                unclean(seen, key)
            return None
        if looked is None:
            return None
        stamp, linked = looked
        if seen is not None and linked:
            unclean(seen, key)  # where a link leads may change without its folder changing
        markdown = _markdown_stamp(kind, key)
        zone = self.default_zone
        if markdown is None:
            signature = f"{stamp.size}:{stamp.mtime_ns}:-:-:{zone}"
        else:
            signature = f"{stamp.size}:{stamp.mtime_ns}:{markdown.size}:{markdown.mtime_ns}:{zone}"
        return key, stamp, markdown, signature

    def _stamp_of_record(self, key: str, entry: os.DirEntry[str] | None = None) -> _Looked | None:
        """A record file's stamp; None if it is gone; Refused if it must not be read."""
        if not (entry.name if entry is not None else os.path.basename(key)).isprintable():
            # its name would be a record's id, printed in lists: an escape sequence must not be one
            raise Refused("has control characters in its name; not read (rename the file)")
        try:
            info = entry.stat(follow_symlinks=False) if entry is not None else os.lstat(key)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise Refused(f"cannot be looked at ({error.strerror}); not read") from None
        linked = stat.S_ISLNK(info.st_mode)
        if linked:
            if self._real_root is None:
                self._real_root = os.path.realpath(self.root)
            target = os.path.realpath(key)
            if os.path.commonpath([self._real_root, target]) != self._real_root:
                raise Refused("is a link to a file outside the data folder; not read")
            try:
                info = os.stat(key)
            except OSError:
                raise Refused("is a link that leads nowhere (missing, or a loop); not read") from None
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {kind_of_file(info.st_mode)}, not a record file; not read")
        return _Looked(FileStamp(info.st_ino, info.st_size, info.st_mtime_ns), linked)

    @staticmethod
    def _take(
        kind: Kind,
        key: str,
        record: Any,
        warnings: list[str],
        origin: _Origin,
        records: dict[str, Any],
        origins: dict[str, _Origin],
        problems: list[Problem],
    ) -> None:
        """Add a record read from `key`, unless its id is taken (a copy of a file, say)."""
        if warnings:
            problems.extend(Problem(Path(key), warning, severity="warning") for warning in warnings)
        if record.id in records:
            problems.append(
                Problem(Path(key), f"the id {record.id!r} is also used by {origins[record.id].path}; ignored")
            )
            return
        records[record.id] = record
        origins[record.id] = origin

    def _read(self, kind: Kind, path: Path) -> tuple[Any, list[str]]:
        """A record from its file; _FileProblem (with the file's line where known) if it cannot be.

        Whatever a file holds, the failure is that file's alone: a hostile file (deep nesting, huge,
        binary, a type the model does not expect) becomes its problem line and the rest still loads.
        """
        text = ""
        try:
            text = self._read_text(path, self.limits.toml_bytes)
            check_text(text, self.limits)
            table = self._parse(path, text)
            check_shape(table, self.limits)
            warnings: list[str] = []
            table = self._migrate(path, table, warnings)
            if kind.markdown_field:
                with contextlib.suppress(FileNotFoundError):  # a record's Markdown may not exist yet
                    table[kind.markdown_field] = self._read_text(
                        path.with_suffix(".md"), self.limits.markdown_bytes
                    )
            record, decode_warnings = decode(kind.cls, path.stem, table, self.default_zone)
        except _FileProblem:
            raise
        except Refused as refused:
            raise _FileProblem(Problem(path, str(refused))) from None
        except FieldError as error:
            raise _FileProblem(Problem(path, str(error), line=_line_of(text, error.field))) from None
        except RecursionError:
            raise _FileProblem(Problem(path, "nests too deeply to be a record; not read")) from None
        except MemoryError:
            raise _FileProblem(Problem(path, "is too big to read into memory; not read")) from None
        except Exception as error:  # one hostile file must cost only itself
            raise _FileProblem(Problem(path, f"cannot be read ({type(error).__name__})")) from None
        return record, warnings + decode_warnings

    @staticmethod
    def _read_text(path: Path, cap: int) -> str:
        """A file's text (UTF-8, at most `cap` bytes); _FileProblem naming the file otherwise.
        FileNotFoundError is left to the caller (a record's Markdown may not exist)."""
        try:
            data = read_capped(str(path), cap)
        except Refused as refused:
            raise _FileProblem(Problem(path, str(refused))) from None
        except FileNotFoundError:
            raise
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise _FileProblem(Problem(path, f"cannot be read: {reason}")) from None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _FileProblem(
                Problem(path, f"is not UTF-8 text ({error.reason} at byte {error.start})")
            ) from None

    @staticmethod
    def _parse(path: Path, text: str) -> dict[str, Any]:
        try:
            table: dict[str, Any] = _toml().loads(text)
            return table
        except _toml().TOMLDecodeError as error:
            message = str(error)
            match = _TOML_LINE.search(message)
            reason = _TOML_LINE.split(message)[0].rstrip(" (")
            if match:
                line: int | None = int(match.group(1))
            elif "end of document" in message:  # a truncated file: point at its last line, as tomllib counts
                line = text.count("\n") + 1
            else:
                line = None
            raise _FileProblem(Problem(path, f"is not valid TOML: {reason}", line=line)) from None

    @staticmethod
    def _migrate(path: Path, table: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
        schema = table.get("schema")
        if schema is None:
            warnings.append(f"has no 'schema' key; read as schema {SCHEMA}")
            return table
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise _FileProblem(Problem(path, f"schema should be a whole number from 1, not {schema!r}"))
        if schema > SCHEMA:
            raise _FileProblem(
                Problem(path, f"was written by a newer delegate (schema {schema}; this one reads {SCHEMA})")
            )
        while schema < SCHEMA:
            table = _MIGRATIONS[schema](table)
            schema += 1
        return table


def _plain_id(record_id: str) -> bool:
    """Whether an id can name a file of its own kind's folder: no path in it, nothing hidden."""
    return (
        record_id != ""
        and record_id.isprintable()
        and not record_id.startswith(".")
        and not any(separator in record_id for separator in _SEPARATORS)
    )


class _FileProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _payload_of(hit: Any, signature: str, cls: type[Any]) -> tuple[Any, list[str]] | None:
    """The (record, warnings) of a cached entry, if it is of a file with this signature and holds
    a record of this kind (a damaged or foreign cache is not trusted)."""
    if not (isinstance(hit, tuple) and len(hit) == 2 and hit[0] == signature):
        return None
    payload = hit[1]
    if (
        isinstance(payload, tuple)
        and len(payload) == 2
        and isinstance(payload[0], cls)
        and isinstance(payload[1], list)
    ):
        return payload
    return None


def _record_files(folder: str, leftovers: set[str] | None = None) -> Iterator[str]:
    """The record files under a kind's folder, in a stable order (see scan.record_entries)."""
    return (entry.path for entry in record_entries(folder, leftovers))


def _rest_of(partition: Any, folder: str) -> int:
    known = partition.folders.get(folder)
    return known.rest if known is not None else 0


class _Looked(NamedTuple):
    stamp: FileStamp
    linked: bool


class _InPlayWalk:
    """The files of a kind to look at for its records in play: in each folder unchanged since the
    index was written, its records in play only (the rest stand as kept); every file of the others."""

    def __init__(
        self, store: Store, kind: Kind, partition: Any, problems: list[Problem], seen: Folders
    ) -> None:
        self.store, self.kind, self.problems, self.seen = store, kind, problems, seen
        self.trusted_rest = 0
        same_zone = partition.zone == store.default_zone
        self.known: Folders = partition.folders if same_zone else {}
        self.children = subfolders(self.known)
        self.play_in: dict[str, list[str]] = {}
        for key in sorted(partition.play):
            self.play_in.setdefault(folder_of(key), []).append(key)

    def files(self) -> Iterator[tuple[str, FileStamp, FileStamp | None, str]]:
        yield from self._folder(os.path.join(self.store.root, self.kind.folder))

    def _folder(self, folder: str) -> Iterator[tuple[str, FileStamp, FileStamp | None, str]]:
        known = self.known.get(folder)
        if not unchanged(folder, known):
            later: list[str] = []
            for entry in record_entries(folder, self.store._leftovers, self.seen, later):
                found = self.store._look_at(self.kind, entry.path, entry, self.problems, self.seen)
                if found is not None:
                    yield found
            for child in later:  # each may still be as it was
                yield from self._folder(child)
            return
        assert known is not None
        self.trusted_rest += known.rest
        for key in self.play_in.get(folder, ()):
            found = self.store._look_at(self.kind, key, None, self.problems, None)
            if found is not None:
                yield found
        for child in self.children.get(folder, ()):
            yield from self._folder(child)


def _line_of(text: str, field: str) -> int | None:
    """The line where a top-level key (or table) is written, to point the reader at it."""
    key = re.split(r"[.\[]", field, maxsplit=1)[0] if field else ""
    if not key:
        return None
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[+\s*{re.escape(key)}\s*[\].])")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _starting_with(key: str, ids: Collection[str]) -> list[str]:
    """The ids `key` starts, in order; else those it starts after their date (2026-12-17-), so a
    script need not know the day: `delegation request safety-first`."""
    if not key:
        return []
    matches = sorted(record_id for record_id in ids if record_id.startswith(key))
    if not matches:
        matches = sorted(record_id for record_id in ids if _DATED.sub("", record_id, count=1).startswith(key))
    return matches


def _closest(key: str, records: dict[str, Any]) -> str:
    words = [word for word in re.split(r"[-\s]+", key.lower()) if len(word) > 2]
    candidates = sorted(record_id for record_id in records if any(word in record_id for word in words))[:5]
    return f"; did you mean {', '.join(candidates)}?" if candidates else ""


def _toml() -> Any:
    """tomllib, imported when a file is first read: a list whose index is warm reads none."""
    import tomllib

    return tomllib


def _toml_text(table: dict[str, Any]) -> str:
    import tomli_w  # only when something is written

    return tomli_w.dumps(table)


def _markdown_stamp(kind: Kind, path: str) -> FileStamp | None:
    """How a record's Markdown beside its TOML looks (None for kinds without one, or none there)."""
    return FileStamp.of(path[:-5] + ".md") if kind.markdown_field else None


def _stamp_line(path: str, stamp: FileStamp, markdown: FileStamp | None) -> str:
    line = f"{path}\t{stamp.inode}:{stamp.size}:{stamp.mtime_ns}"
    return line if markdown is None else f"{line}\t{markdown.inode}:{markdown.size}:{markdown.mtime_ns}"


def _stamp_lines(folder: str, origins: Iterable[_Origin], within: str) -> list[str] | None:
    """The stamp line of each record's files as read, its path under the kind's `folder`; None if
    one has no stamp or lies outside `within` (its digest would say nothing true)."""
    lines = []
    for origin in origins:
        path = os.fspath(origin.file)
        if origin.stamp is None or not path.startswith(within):
            return None
        lines.append(_stamp_line(path[len(folder) :], origin.stamp, origin.markdown))
    return lines


def _digests_by_folder(lines: list[str]) -> dict[str, str]:
    """The digest of each folder's stamp lines ("/2019/x.toml\t…" is in "2019"; "/x.toml\t…" in "")."""
    return {name: _digest_of(found) for name, found in _lines_by_folder(lines).items()}


def _lines_by_folder(lines: list[str]) -> dict[str, list[str]]:
    """Stamp lines by the folder they are in, the folders in order."""
    by_folder: dict[str, list[str]] = {}
    for line in lines:
        by_folder.setdefault(_own_folder(line), []).append(line)
    return dict(sorted(by_folder.items()))


def _own_folder(path: str) -> str:
    """The first folder of a path under a kind's folder ("/2019/x.toml…" → "2019"; "/x.toml…" → "")."""
    first, slash, _rest = path[1:].partition(os.sep)
    return first if slash and "\t" not in first else ""


def _digest_of(lines: list[str]) -> str:
    import hashlib  # only for the export: a list imports nothing it does not use

    lines.sort()
    digest = hashlib.blake2b(digest_size=16)
    for line in lines:  # one at a time: ten years of files are not held joined, and again encoded
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()
