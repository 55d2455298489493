"""A disposable cache of parsed records, so re-loading an unchanged folder is cheap.

The files stay the source of truth: each cached record is keyed on its path and a signature of the
file's size and mtime. Deleting the cache loses nothing; a version mismatch or any sqlite trouble
simply turns the cache off or rebuilds it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import io
import os
import pickle
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from delegate import __version__
from delegate.digest import sha256_hex
from delegate.store.atomic import FILE_MODE, ensure_dir
from delegate.store.scan import Folders, folder_of, with_rest_counts

INDEX_VERSION = 8  # 8: the records out of play kept folder by folder


# Each model dataclass and its field names, in order (what a cached record is rebuilt from); filled
# as classes are met, so that reading follow-ups does not import every other record's module.
_SHAPES: dict[type, tuple[str, ...] | None] = {}


def _shape_of(cls: type) -> tuple[str, ...] | None:
    try:
        return _SHAPES[cls]
    except KeyError:
        pass
    shape = None
    if cls.__module__.startswith("delegate.model.") and dataclasses.is_dataclass(cls):
        shape = tuple(field.name for field in dataclasses.fields(cls))
    _SHAPES[cls] = shape
    return shape


def _fingerprint() -> str:
    """Changes whenever a record's fields, their types or an enum's values change, so a cache written
    by other code is rebuilt instead of misread (an editable install does not bump the version).

    From the model's source, which holds all of those (and any other change to it, which costs one
    rebuild): reading it is far cheaper than importing every record class to look at them.
    """
    import delegate.model

    parts = [f"{INDEX_VERSION}:{__version__}".encode()]
    try:
        for source in sorted(Path(delegate.model.__file__).parent.glob("*.py")):
            parts += [source.name.encode(), source.read_bytes()]
    except (OSError, TypeError):
        return _fingerprint_of_classes()
    return sha256_hex(b"\0".join(parts))[:16]


def _fingerprint_of_classes() -> str:
    """The same, from the classes themselves (where the model's source cannot be read)."""
    import delegate.model

    parts = [f"{INDEX_VERSION}:{__version__}"]
    values = [getattr(delegate.model, name) for name in sorted(delegate.model.__all__)]
    for value in values:
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            types = ",".join(f"{field.name}:{field.type}" for field in dataclasses.fields(value))
            parts.append(f"{value.__name__}({types})")
        elif isinstance(value, type) and issubclass(value, enum.Enum):
            parts.append(f"{value.__name__}[{','.join(str(member.value) for member in value)}]")
    return sha256_hex("|".join(parts).encode())[:16]


@functools.cache
def _version() -> str:
    return _fingerprint()


Entries = dict[str, tuple[str, Any]]  # path -> (signature, payload)


# A folder's blobs, each a row of the parts table (see Index).
PLAY = "play"  # the records in play ({} for a kind without a rule for what is in play)
REST = "rest "  # the other records, one part for each folder they are in: "rest <folder>"
SIGNATURES = "signatures"  # the signatures of the records out of play, as one text


def _rest_part(path: str) -> str:
    """The part that keeps this file's entry while it is out of play (its folder's)."""
    return REST + folder_of(path)


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, *, write: bool = False) -> Iterator[None]:
    """Statements that see (or make) one state of the index: all of them, or on an error none."""
    db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


class Signatures:
    """Files' signatures as one text, in the order the folder is walked: '\n<path>\t<signature>' each.

    The records out of play are most of ten years. One string, looked through in step with the walk,
    costs a fraction of a dict of two strings per file, and is freed in one piece.
    """

    def __init__(self, text: str = "\n") -> None:
        self.text = text
        self._at = 0
        self.count = text.count("\n") - 1

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Signatures:
        # A path with a newline or a tab cannot be told apart in the text: it is left out, and read
        # again each time (correct, if slower).
        entries = [f"\n{path}\t{signature}" for path, signature in pairs if _plain(path)]
        return cls("".join(entries) + "\n")

    def paths(self) -> Iterator[str]:
        """The files listed, in order."""
        for line in self.text.split("\n"):
            if line:
                yield line.rsplit("\t", 1)[0]

    def has(self, path: str, signature: str) -> bool:
        """Whether this file is listed with this signature; fastest when asked in walking order."""
        if not _plain(path):
            return False
        entry = f"\n{path}\t{signature}\n"
        if self.text.startswith(entry, self._at):
            found = self._at
        else:
            found = self.text.find(entry)
            if found < 0:
                return False
        self._at = found + len(entry) - 1  # the next entry starts at this one's closing newline
        return True


def _new_token() -> str:
    """Names one state of a folder's snapshot: derived values are kept against it."""
    return os.urandom(8).hex()


def _plain(path: str) -> bool:
    return "\n" not in path and "\t" not in path


class Snapshot(NamedTuple):
    """Every cached file of a folder, the token of this state of the folder's row, and which of the
    files were kept as in play."""

    entries: Entries
    token: str | None
    played: frozenset[str] = frozenset()


class Partition(NamedTuple):
    """A folder's records still in play on `since` (with their payloads), and how its folders were
    when listed (see scan.py); the signatures of the rest are read only when a folder changed
    (Index.rest_signatures): enough to show what is ahead without reading ten years into memory."""

    since: date
    play: Entries
    folders: Folders  # as listed under `zone` (the store's default zone, part of every signature)
    zone: str
    token: str | None

    @property
    def rest_count(self) -> int:
        """How many files were out of play (each counted in its folder)."""
        return sum(folder.rest for folder in self.folders.values())


class Index:
    """Cached (signature, payload) per file path, kept as snapshots per kind's folder.

    One snapshot per folder (rather than one row per file) is read with a single unpickling, which
    shares the repeated strings and zones between records: the warm start-up is mostly this read.
    When any file of a folder changed, the folder's snapshot is written again. A kind with a rule
    for what is still in play keeps those records apart from the rest (see Partition).

    A folder's row holds only what is small (its day, token and folder stamps); each of its blobs
    (the records in play, the rest, the rest's signatures) is a row of its own. sqlite reaches a
    value stored after a large one by walking every page of it, and rewrites a whole row to change
    any of it: in one row, reading what is in play or keeping new folder stamps went through ten
    years of records at every start.
    """

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._failed = path is None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._failed or self._path is None:
            return self._db
        try:
            ensure_dir(self._path.parent)
            # The store serializes access; the app may load from a worker thread.
            db = sqlite3.connect(self._path, isolation_level=None, timeout=2.0, check_same_thread=False)
            with contextlib.suppress(OSError):
                os.chmod(self._path, FILE_MODE)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a lost cache write costs a re-parse, nothing more
            # Each snapshot is read once, whole: sqlite's page cache (2 MB by default) would only
            # keep a copy of what was just unpickled.
            db.execute("PRAGMA cache_size=-128")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
            if row is None or row[0] != _version():
                for table in ("files", "folders", "parts", "derived"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (_version(),))
            # `since` is set for a folder kept as a Partition (its records in play apart).
            db.execute(
                "CREATE TABLE IF NOT EXISTS folders"
                " (folder TEXT PRIMARY KEY, since TEXT, token TEXT, folders BLOB)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS parts"
                " (folder TEXT NOT NULL, part TEXT NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (folder, part))"
            )
            # Values computed from whole folders, valid while those folders' tokens are unchanged.
            db.execute(
                "CREATE TABLE IF NOT EXISTS derived"
                " (name TEXT PRIMARY KEY, key TEXT NOT NULL, blob BLOB NOT NULL)"
            )
            self._db = db
        except (sqlite3.Error, OSError):
            self._failed = True
        return self._db

    def _read(
        self, folder: str, query: str, parts: tuple[str, ...], *, rest: bool = False
    ) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
        """The folder's row (`query`'s columns) and the named parts' blobs (with `rest`, every rest
        part's too), as one state of the index (another process may be writing it); None if there is
        no row, or on any sqlite trouble."""
        db = self._connect()
        if db is None:
            return None
        marks = ", ".join("?" for _ in parts)
        # The parts named "rest …", as a range of the key: `REST` ends in a space, and "!" follows it.
        rests = f" OR (part >= '{REST}' AND part < '{REST[:-1]}!')" if rest else ""
        try:
            with _transaction(db):
                row: tuple[Any, ...] | None = db.execute(query, (folder,)).fetchone()
                if row is None:
                    return None
                found = db.execute(
                    f"SELECT part, blob FROM parts WHERE folder=? AND (part IN ({marks}){rests})",
                    (folder, *parts),
                ).fetchall()
        except sqlite3.Error:
            return None
        return row, dict(found)

    def snapshot(self, folder: str) -> Snapshot:
        """Every cached file under a kind's folder: path -> (signature, payload); {} if none or damaged."""
        read = self._read(folder, "SELECT token FROM folders WHERE folder=?", (PLAY,), rest=True)
        if read is None or PLAY not in read[1]:
            return Snapshot({}, None)
        (token,), blobs = read
        entries: Entries = {}
        for part, blob in blobs.items():
            if part != PLAY:
                chunk = unpickle(blob)
                if not isinstance(chunk, dict):
                    return Snapshot({}, None)
                entries.update(chunk)
        play = unpickle(blobs[PLAY])
        if not isinstance(play, dict):
            return Snapshot({}, None)
        # A record that came back into play is in both; its entry in play is the newer.
        entries.update(play)
        return Snapshot(entries, token, frozenset(play))

    def partition(self, folder: str) -> Partition | None:
        """The folder's records in play and how its folders were; None if not kept apart."""
        read = self._read(
            folder, "SELECT since, folders, token FROM folders WHERE folder=? AND since IS NOT NULL", (PLAY,)
        )
        if read is None or PLAY not in read[1]:
            return None
        (since, kept_blob, token), blobs = read
        play = unpickle(blobs[PLAY])
        kept = unpickle(kept_blob) if kept_blob is not None else ("", {})
        if not isinstance(play, dict) or not (isinstance(kept, tuple) and len(kept) == 2):
            return None
        zone, folders = kept
        if not isinstance(zone, str) or not isinstance(folders, dict):
            return None
        try:
            return Partition(date.fromisoformat(since), play, folders, zone, token)
        except (TypeError, ValueError):
            return None

    def keeps_by_folder(self, folder: str) -> bool | None:
        """Whether a kind's records out of play are kept folder by folder (so one folder of them is
        read alone); None when there is no index at all."""
        db = self._connect()
        if db is None:
            return None
        try:
            found = db.execute("SELECT 1 FROM folders WHERE folder=? AND since IS NOT NULL", (folder,))
            return found.fetchone() is not None
        except sqlite3.Error:
            return None

    def play_entries(self, folder: str) -> Entries:
        """The cached files of a kind's records in play; {} if none, or on any trouble."""
        read = self._read(folder, "SELECT token FROM folders WHERE folder=?", (PLAY,))
        play = unpickle(read[1][PLAY]) if read is not None and PLAY in read[1] else {}
        return play if isinstance(play, dict) else {}

    def entries_under(self, folder: str, under: str, play: Entries | None = None) -> Entries:
        """The cached files of a kind's folder that are under `under` (one of its own folders, a
        full path): those in play and the rest parts of `under` and the folders in it; {} if the
        index has none, or on any trouble. With `play` (play_entries, for one folder after another),
        the records in play are taken from it."""
        db = self._connect()
        if db is None:
            return {}
        # "rest <under>" and "rest <under>/…", as a range of the key ("0" follows "/" in order).
        low, high = f"{REST}{under}{os.sep}", f"{REST}{under}{chr(ord(os.sep) + 1)}"
        wanted = (PLAY if play is None else REST + under, REST + under)
        try:
            with _transaction(db):
                found = db.execute(
                    "SELECT part, blob FROM parts"
                    " WHERE folder=? AND (part IN (?, ?) OR (part >= ? AND part < ?))",
                    (folder, *wanted, low, high),
                ).fetchall()
        except sqlite3.Error:
            return {}
        entries: Entries = {}
        fetched: Entries = {}
        for part, blob in found:
            chunk = unpickle(blob)
            if not isinstance(chunk, dict):
                return {}
            (fetched if part == PLAY else entries).update(chunk)
        play = fetched if play is None else play
        prefix = under + os.sep
        # A record that came back into play is in both; its entry in play is the newer.
        entries.update((path, entry) for path, entry in play.items() if path.startswith(prefix))
        return entries

    def rest_signatures(self, folder: str) -> Signatures | None:
        """The signatures of the folder's files out of play (None if they cannot be read)."""
        read = self._read(folder, "SELECT since FROM folders WHERE folder=?", (SIGNATURES,))
        rest = unpickle(read[1][SIGNATURES]) if read is not None and SIGNATURES in read[1] else None
        return Signatures(rest) if isinstance(rest, str) else None

    def replace(
        self,
        folder: str,
        current: Entries,
        in_play: Callable[[Any], bool] | None = None,
        since: date | None = None,
        folders: Folders | None = None,
        zone: str = "",
        changed: Collection[str] | None = None,
        based_on: str | None = None,
        played: Collection[str] = (),
    ) -> str | None:
        """Keep `current` (every file of the folder now: path -> (signature, payload)) as its snapshot;
        with `in_play` (a test of a payload's record) and `since`, kept apart as a Partition, with
        `folders` as the listing saw them. Returns the snapshot's new token (None if it could not be
        kept).

        With `changed` (the paths whose entries are new, changed or gone since the snapshot whose
        token was `based_on`, and `played` the files it kept as in play), only the rest parts of
        their folders are written again, and of the folders of any file gone out of play since (a
        meeting whose day is over), if the index still holds that snapshot: ten years of other
        records are not pickled again for one change.
        """
        play: Entries = {}
        rest: dict[str, Entries] = {}
        for path, entry in current.items():
            if in_play is not None and in_play(entry[1][0]):
                play[path] = entry
            else:
                rest.setdefault(_rest_part(path), {})[path] = entry
        if changed is not None:
            changed = [*changed, *(path for path in played if path in current and path not in play)]
        if in_play is None or since is None:
            return self._write(folder, None, None, play, rest, None, changed, based_on)
        out = (item for part in rest.values() for item in part.items())
        signatures = Signatures.of((path, signature) for path, (signature, _payload) in out)
        kept = (zone, with_rest_counts(folders or {}, signatures.paths()))
        return self._write(folder, since.isoformat(), kept, play, rest, signatures.text, changed, based_on)

    def update_partition(
        self, folder: str, play: Entries, rest: Signatures, folders: Folders, zone: str
    ) -> str | None:
        """Keep a partition refreshed from the files (the payloads of the rest stay as they were:
        each carries its signature, so a changed file is read again when the whole kind is).
        Returns the new token."""
        db = self._connect()
        if db is None:
            return None
        token = _new_token()
        kept = (zone, with_rest_counts(folders, rest.paths()))
        try:
            blobs = [(folder, PLAY, _dumps(play)), (folder, SIGNATURES, _dumps(rest.text))]
            with _transaction(db, write=True):
                cursor = db.execute(
                    "UPDATE folders SET token=?, folders=? WHERE folder=? AND since IS NOT NULL",
                    (token, _dumps(kept), folder),
                )
                if cursor.rowcount != 1:
                    return None
                db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?, ?)", blobs)
        except (sqlite3.Error, pickle.PicklingError, RecursionError):
            return None
        return token

    def update_folders(self, folder: str, folders: Folders, zone: str) -> None:
        """Keep newer stamps of the folders (nothing in them changed: a listing only saw them anew)."""
        db = self._connect()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error, pickle.PicklingError, RecursionError):
            db.execute("UPDATE folders SET folders=? WHERE folder=?", (_dumps((zone, folders)), folder))

    def _write(
        self,
        folder: str,
        since: str | None,
        folders: tuple[str, Folders] | None,
        play: Entries,
        rest: dict[str, Entries],
        signatures: str | None,
        changed: Collection[str] | None,
        based_on: str | None,
    ) -> str | None:
        db = self._connect()
        if db is None:
            return None
        token = _new_token()
        touched = None if changed is None else {_rest_part(path) for path in changed}
        try:
            kept = None if folders is None else _dumps(folders)
            # Pickled before the index is locked for writing (another process may be waiting), as
            # far as what to write is known before looking at the index.
            blobs = [(folder, PLAY, _dumps(play))]
            if signatures is not None:
                blobs.append((folder, SIGNATURES, _dumps(signatures)))
            ready = {
                part: _dumps(entries) for part, entries in rest.items() if touched is None or part in touched
            }
            with _transaction(db, write=True):
                row = db.execute("SELECT token FROM folders WHERE folder=?", (folder,)).fetchone()
                held = {part for (part,) in db.execute("SELECT part FROM parts WHERE folder=?", (folder,))}
                if touched is None or row is None or based_on is None or row[0] != based_on:
                    stale, rewrite = held, set(rest)  # another state than the one read: all anew
                else:
                    stale = {part for part in held if part.startswith(REST) and part not in rest}
                    rewrite = {part for part in rest if part in touched or part not in held}
                for part in sorted(rewrite):
                    blobs.append((folder, part, ready[part] if part in ready else _dumps(rest[part])))
                if signatures is None:
                    stale.add(SIGNATURES)
                db.execute("INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?)", (folder, since, token, kept))
                db.executemany(
                    "DELETE FROM parts WHERE folder=? AND part=?", [(folder, part) for part in stale]
                )
                db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?, ?)", blobs)
        except (sqlite3.Error, pickle.PicklingError, RecursionError):
            return None
        return token

    def derived(self, name: str, key: str) -> Any:
        """The value kept under `name` for these folder tokens; None if there is none."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT key, blob FROM derived WHERE name=?", (name,)).fetchone()
        except sqlite3.Error:
            return None
        return unpickle(row[1]) if row is not None and row[0] == key else None

    def keep_derived(self, name: str, key: str, value: Any) -> None:
        db = self._connect()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error, pickle.PicklingError, RecursionError):
            db.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?)", (name, key, _dumps(value)))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class _RecordPickler(pickle.Pickler):
    """Pickles records as (class, field values): rebuilt without dataclasses' generic setstate,
    which looks up the fields again for every object and dominated the warm load."""

    def reducer_override(self, obj: Any) -> Any:
        names = _shape_of(type(obj))
        if names is None:
            return NotImplemented
        return _restore, (type(obj), tuple(getattr(obj, name) for name in names))


def _dumps(payload: Any) -> bytes:
    buffer = io.BytesIO()
    _RecordPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(payload)
    return buffer.getvalue()


_new = object.__new__


def _setter(cls: type, name: str) -> Any:
    """A field's slot setter: a frozen record's own ``__setattr__`` refuses, and going through
    ``object.__setattr__`` by name costs twice as much on a warm load of every record."""
    slot = cls.__dict__.get(name)
    if slot is not None and hasattr(slot, "__set__"):
        return slot.__set__
    return lambda record, value: object.__setattr__(record, name, value)


_RESTORERS: dict[type, Callable[[tuple[Any, ...]], Any]] = {}


def _restore(cls: type[Any], values: tuple[Any, ...]) -> Any:
    """Rebuild a frozen record from its field values (they were checked when the file was read)."""
    try:
        restore = _RESTORERS[cls]
    except KeyError:
        restore = _RESTORERS[cls] = _restorer_of(cls)
    return restore(values)


def _restorer_of(cls: type[Any]) -> Callable[[tuple[Any, ...]], Any]:
    """A function rebuilding a record of `cls` with one setter call per field, written out.

    Made once per class, as dataclasses make their methods: a loop pairing setters with values was
    a quarter of unpickling every record on a warm load. Values of another length (a cache from
    other code) raise, so the entry is read from its file instead.
    """
    setters = [_setter(cls, name) for name in _shape_of(cls) or ()]
    calls = "".join(f"    set_{number}(record, values[{number}])\n" for number in range(len(setters)))
    source = (
        "def restore(values):\n"
        f"    if len(values) != {len(setters)}:\n"
        "        raise ValueError('a record of another shape')\n"
        "    record = new(cls)\n"
        f"{calls}"
        "    return record\n"
    )
    namespace: dict[str, Any] = {f"set_{number}": setter for number, setter in enumerate(setters)}
    namespace.update(new=_new, cls=cls)
    exec(source, namespace)  # our own source: names and indexes only, from the field count
    restorer: Callable[[tuple[Any, ...]], Any] = namespace["restore"]
    return restorer


def unpickle(blob: bytes) -> Any:
    """Our own cache, written by this version of delegate (the version is checked on open).

    None when the entry cannot be read: a damaged cache means re-reading the file, never failing.
    """
    try:
        return pickle.loads(blob)
    except Exception:
        return None
