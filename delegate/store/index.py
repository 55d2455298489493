"""A disposable cache of parsed records, so re-loading an unchanged folder is cheap.

The files stay the source of truth: each cached record is keyed on its path and a signature of the
file's size and mtime. Deleting the cache loses nothing; a version mismatch or any sqlite trouble
simply turns the cache off or rebuilds it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import io
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any

from delegate import __version__
from delegate.store.atomic import FILE_MODE, ensure_dir

INDEX_VERSION = 2


def _shapes() -> dict[type, tuple[str, ...]]:
    """Every model dataclass and its field names, in order (what a cached record is rebuilt from)."""
    import delegate.model

    classes = (getattr(delegate.model, name) for name in delegate.model.__all__)
    return {
        cls: tuple(field.name for field in dataclasses.fields(cls))
        for cls in classes
        if isinstance(cls, type) and dataclasses.is_dataclass(cls)
    }


_SHAPES = _shapes()


def _fingerprint() -> str:
    """Changes whenever a record's fields, their types or an enum's values change, so a cache written
    by other code is rebuilt instead of misread (an editable install does not bump the version)."""
    import delegate.model

    parts = [f"{INDEX_VERSION}:{__version__}"]
    for cls in sorted(_SHAPES, key=lambda cls: cls.__name__):
        types = ",".join(f"{field.name}:{field.type}" for field in dataclasses.fields(cls))
        parts.append(f"{cls.__name__}({types})")
    for name in delegate.model.__all__:
        value = getattr(delegate.model, name)
        if isinstance(value, type) and issubclass(value, enum.Enum):
            parts.append(f"{name}[{','.join(str(member.value) for member in value)}]")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


_VERSION = _fingerprint()


class Index:
    """Cached (signature, payload) per file path, kept as one snapshot per kind's folder.

    One snapshot per folder (rather than one row per file) is read with a single unpickling, which
    shares the repeated strings and zones between records: the warm start-up is mostly this read.
    When any file of a folder changed, the folder's snapshot is written again.
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
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
            if row is None or row[0] != _VERSION:
                db.execute("DROP TABLE IF EXISTS files")
                db.execute("DROP TABLE IF EXISTS folders")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (_VERSION,))
            db.execute("CREATE TABLE IF NOT EXISTS folders (folder TEXT PRIMARY KEY, blob BLOB NOT NULL)")
            self._db = db
        except (sqlite3.Error, OSError):
            self._failed = True
        return self._db

    def entries(self, folder: str) -> dict[str, tuple[str, Any]]:
        """Every cached file under a kind's folder: path -> (signature, payload); {} if none or damaged."""
        db = self._connect()
        if db is None:
            return {}
        try:
            row = db.execute("SELECT blob FROM folders WHERE folder=?", (folder,)).fetchone()
        except sqlite3.Error:
            return {}
        snapshot = unpickle(row[0]) if row else None
        return snapshot if isinstance(snapshot, dict) else {}

    def replace(self, folder: str, current: dict[str, tuple[str, Any]]) -> None:
        """Keep `current` (every file of the folder now: path -> (signature, payload)) as its snapshot."""
        db = self._connect()
        if db is None:
            return
        try:
            blob = _dumps(current)
            db.execute("INSERT OR REPLACE INTO folders VALUES (?, ?)", (folder, blob))
        except (sqlite3.Error, pickle.PicklingError, RecursionError):
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class _RecordPickler(pickle.Pickler):
    """Pickles records as (class, field values): rebuilt without dataclasses' generic setstate,
    which looks up the fields again for every object and dominated the warm load."""

    def reducer_override(self, obj: Any) -> Any:
        names = _SHAPES.get(type(obj))
        if names is None:
            return NotImplemented
        return _restore, (type(obj), tuple(getattr(obj, name) for name in names))


def _dumps(payload: Any) -> bytes:
    buffer = io.BytesIO()
    _RecordPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(payload)
    return buffer.getvalue()


_set = object.__setattr__


def _restore(cls: type[Any], values: tuple[Any, ...]) -> Any:
    """Rebuild a frozen record from its field values (they were checked when the file was read)."""
    record = object.__new__(cls)
    for name, value in zip(_SHAPES[cls], values, strict=True):
        _set(record, name, value)
    return record


def unpickle(blob: bytes) -> Any:
    """Our own cache, written by this version of delegate (the version is checked on open).

    None when the entry cannot be read: a damaged cache means re-reading the file, never failing.
    """
    try:
        return pickle.loads(blob)
    except Exception:
        return None
