"""The serialized events of the last export, so exporting again re-serializes only what changed.

Disposable pickles in the platform's cache dir (like the index). Each UID maps to the version it was
written for (digest, SEQUENCE, DTSTAMP) and its bytes as icalendar wrote them, in one file per kind
of event and year (a shard: 'meeting-2019'), read only when one of its events is looked up, and
written again only when one of them changed. Each group of events (see
export.py) is kept too: what it was made from and, in a file of its own, its bytes as written, so
a group whose records' files are unchanged is written again without reading them or its shard.
Anything unreadable is simply a cold cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from delegate.ics.sequences import Stamp
from delegate.store import FileStamp
from delegate.store.atomic import atomic_write

FORMAT = 9  # bump when what is cached changes shape (9: the meetings grouped by folder)
# A shard is pickled this many events at a time: a pickler remembers every object it has written
# (a dozen an event), which for ten years of events at once was the export's peak of memory.
CHUNK = 1000
Key = tuple[str, int, datetime]
Made = tuple[object, tuple[str, ...], tuple[int, ...]]  # what an event was made from, its zones and years
UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError)


def shard_of(uid: str) -> str:
    """The shard of a UID: its kind of event and, when the record's id begins with a date, its year
    ('meeting-2019-03-04-…@delegate' is in 'meeting-2019'; 'schedule-…' in 'schedule'), so a change
    writes one year's events again, not all of them; 'other' for anything else."""
    kind, dash, rest = uid.partition("-")
    if not (dash and kind.isalpha()):
        return "other"
    year = rest[:4]
    return f"{kind}-{year}" if year.isascii() and year.isdigit() and rest[4:5] == "-" else kind


@dataclass(frozen=True)
class KeptGroup:
    """A group of events as the last export wrote it."""

    kinds: tuple[str, ...]  # what it was made from: these kinds' files (their names)…
    files: tuple[str, ...]  # …as read (a digest each, see Store.files_read)…
    day: object  # …on this day
    digest: str  # of its bytes as written (kept in a file of their own)
    zones: frozenset[str]
    years: frozenset[int]
    counts: dict[str, int]

    def values(self) -> tuple[object, ...]:
        return tuple(getattr(self, part.name) for part in fields(self))

    @classmethod
    def made(
        cls,
        kinds: tuple[str, ...],
        files: tuple[str, ...],
        day: object,
        parts: list[bytes],
        zones: frozenset[str],
        years: frozenset[int],
        counts: dict[str, int],
    ) -> KeptGroup:
        return cls(kinds, files, day, _digest(parts), zones, years, counts)

    @classmethod
    def of(cls, values: object) -> KeptGroup:
        """A group from the values it was kept as; TypeError if they are not such values."""
        if not isinstance(values, tuple) or len(values) != len(fields(cls)):
            raise TypeError("not a kept group")
        group = cls(*values)
        if not isinstance(group.digest, str) or not isinstance(group.counts, dict):
            raise TypeError("not a kept group")
        return group


@dataclass
class _Shard:
    """The events of one kind: each one's version and bytes, and what it was made from (file stamps
    of its records): unchanged inputs mean the event can be reused without looking at it."""

    entries: dict[str, tuple[Key, bytes]] = field(default_factory=dict)
    inputs: dict[str, Made] = field(default_factory=dict)
    dirty: bool = False


@dataclass
class ComponentCache:
    path: Path | None
    # What every event depends on (the people's file stamps, the options, the default zone), as of
    # the export that made the events kept: when it differs, no event is reused.
    context: object = None
    groups: dict[str, KeptGroup] = field(default_factory=dict)
    # The ledger of versions the groups were kept with (how its file looked once saved): a group is
    # only taken whole while the ledger is as it was (deleted or edited by hand, versions change).
    ledger: Path | None = None
    ledger_stamp: FileStamp | None = None
    used: set[str] = field(default_factory=set)
    dirty: bool = False
    shards: dict[str, _Shard] = field(default_factory=dict)  # those read (or begun) and not let go
    opened: set[str] = field(default_factory=set)  # the names of every shard read or begun
    gone: set[str] = field(default_factory=set)  # groups forgotten now, whose files go when saved

    @classmethod
    def load(cls, path: Path | None, ledger: Path | None = None) -> ComponentCache:
        cache = cls(path, ledger=ledger)
        if path is None:
            return cache
        # A cache written by this user for this folder; a damaged or foreign one is just ignored.
        with contextlib.suppress(*UNREADABLE):
            with path.open("rb") as handle:
                version, context, groups, ledger_stamp = pickle.load(handle)
            if version == FORMAT:
                # Kept as plain values: a group of another shape is a TypeError here, not later.
                cache.groups = {name: KeptGroup.of(values) for name, values in groups.items()}
                cache.context, cache.ledger_stamp = context, ledger_stamp
        return cache

    def _file(self, name: str, suffix: str) -> Path | None:
        return None if self.path is None else self.path.with_name(f"{self.path.stem}.{name}{suffix}")

    def _shard(self, uid: str) -> _Shard:
        name = shard_of(uid)
        shard = self.shards.get(name)
        if shard is None:
            shard = self.shards[name] = _Shard()
            self.opened.add(name)
            path = self._file(name, ".pickle")
            if path is not None:
                with contextlib.suppress(*UNREADABLE):
                    shard.entries, shard.inputs = _read_shard(path)
        return shard

    def ledger_unchanged(self) -> bool:
        """Whether the ledger's file is as this cache last saw it saved."""
        return self.ledger is not None and FileStamp.of(self.ledger) == self.ledger_stamp

    def group_bytes(self, name: str) -> bytes | None:
        """A group's events as the last export wrote them; None if they are not kept whole."""
        group, path = self.groups.get(name), self._file(f"group-{name}", ".ics")
        if group is None or path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return data if _digest([data]) == group.digest else None

    def keep_group(self, name: str, group: KeptGroup, parts: list[bytes]) -> None:
        """Keep a group made now, and its events' bytes: written at once, not held to the end (it
        is only taken whole once the cache is saved naming it with these bytes' digest)."""
        self.groups[name] = group
        self.dirty = True
        path = self._file(f"group-{name}", ".ics")
        if path is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be written costs time, not data
                os.makedirs(path.parent, mode=0o700, exist_ok=True)
                atomic_write(path, partial(_write_parts, parts))

    def flush(self) -> None:
        """Write the shards read or begun so far where anything changed, and let go of them: a
        group's events are not looked up again once it is made (a shard is one kind of event of one
        year, as a group is a year). One looked up again is read again from what was written.

        Safe before the export's file and ledger are: an event is only reused while the ledger
        has the very version it was kept for. A cache with no file keeps them: it is all it has."""
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            os.makedirs(self.path.parent, mode=0o700, exist_ok=True)
            self._write_shards()
        self.shards.clear()

    def _write_shards(self) -> None:
        for name, shard in self.shards.items():
            if shard.dirty or set(shard.entries) - self.used:
                path = self._file(name, ".pickle")
                if path is not None:
                    atomic_write(path, partial(_write_shard, shard, self.used))

    def forget_group(self, name: str) -> None:
        if self.groups.pop(name, None) is not None:
            self.dirty = True

    def forget_groups_but(self, names: Iterable[str]) -> None:
        """Forget the groups this export does not have (a year's folder gone), and their files."""
        keep = set(names)
        for name in [name for name in self.groups if name not in keep]:
            self.forget_group(name)
            self.gone.add(name)

    def made_under(self, context: object) -> bool:
        """Whether the events kept were made under `context` (so may be reused); from now on they are."""
        if self.context == context:
            return True
        self.context = context
        self.dirty = True
        return False

    @staticmethod
    def key(stamp: Stamp) -> Key:
        return (stamp.digest, stamp.sequence, stamp.changed)

    def get(self, uid: str, stamp: Stamp) -> bytes | None:
        found = self._shard(uid).entries.get(uid)
        self.used.add(uid)
        if found is not None and found[0] == self.key(stamp):
            return found[1]
        return None

    def reuse(
        self, uid: str, made_from: object, version: tuple[int, str, datetime] | None
    ) -> tuple[bytes, tuple[str, ...], tuple[int, ...]] | None:
        """The event's bytes (and the zones and years it uses) if it was made from these very inputs,
        as the version the ledger has now (SEQUENCE, digest, DTSTAMP: a hand edit of it counts)."""
        shard = self._shard(uid)
        known = shard.inputs.get(uid)
        entry = shard.entries.get(uid)
        if known is None or entry is None or version is None or known[0] != made_from:
            return None
        sequence, digest, changed = version
        if entry[0] != (digest, sequence, changed):
            return None
        self.used.add(uid)
        return entry[1], known[1], known[2]

    def knows(self, uid: str) -> bool:
        """Whether the last export made an event of this UID."""
        return uid in self._shard(uid).inputs

    def made(self, uid: str, made_from: object, zones: tuple[str, ...], years: tuple[int, ...]) -> None:
        shard = self._shard(uid)
        if shard.inputs.get(uid) != (made_from, zones, years):
            shard.inputs[uid] = (made_from, zones, years)
            shard.dirty = True

    def put(self, uid: str, stamp: Stamp, data: bytes) -> None:
        shard = self._shard(uid)
        shard.entries[uid] = (self.key(stamp), data)
        self.used.add(uid)
        shard.dirty = True

    def save(self) -> None:
        """Keep what this export used (forgetting deleted records) where anything changed; call it
        once the ledger is saved. Shards not read now are left as they are."""
        if self.path is None:
            return
        ledger_stamp = FileStamp.of(self.ledger) if self.ledger is not None else None
        with contextlib.suppress(OSError):  # a cache that cannot be written costs time, not data
            os.makedirs(self.path.parent, mode=0o700, exist_ok=True)
            self._write_shards()
            for name in self.gone - set(self.groups):
                path = self._file(f"group-{name}", ".ics")
                if path is not None:
                    path.unlink(missing_ok=True)
            self.gone.clear()
            if self.dirty or ledger_stamp != self.ledger_stamp:
                # Last: the groups it names are written by now (a group's bytes are checked anyway).
                groups = {name: group.values() for name, group in self.groups.items()}
                _dump(self.path, (FORMAT, self.context, groups, ledger_stamp))


def _write_shard(shard: _Shard, used: set[str], handle: BinaryIO) -> None:
    """The shard's events still in use: FORMAT and how many chunks follow, then each chunk's entries
    and inputs, each its own pickle."""
    uids = [uid for uid in {**shard.entries, **shard.inputs} if uid in used]
    chunks = [uids[start : start + CHUNK] for start in range(0, len(uids), CHUNK)]
    pickle.dump((FORMAT, len(chunks)), handle, protocol=pickle.HIGHEST_PROTOCOL)
    for chunk in chunks:
        entries = {uid: shard.entries[uid] for uid in chunk if uid in shard.entries}
        inputs = {uid: shard.inputs[uid] for uid in chunk if uid in shard.inputs}
        pickle.dump((entries, inputs), handle, protocol=pickle.HIGHEST_PROTOCOL)


def _read_shard(path: Path) -> tuple[dict[str, tuple[Key, bytes]], dict[str, Made]]:
    """A shard as `_write_shard` wrote it; raises one of UNREADABLE for anything else."""
    entries: dict[str, tuple[Key, bytes]] = {}
    inputs: dict[str, Made] = {}
    with path.open("rb") as handle:
        version, count = pickle.load(handle)
        if version != FORMAT:
            raise ValueError("a shard of another format")
        for _ in range(count):
            chunk_entries, chunk_inputs = pickle.load(handle)
            entries.update(chunk_entries)
            inputs.update(chunk_inputs)
    return entries, inputs


def _write_parts(parts: list[bytes], handle: BinaryIO) -> None:
    handle.writelines(parts)


def _digest(parts: list[bytes]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def _dump(path: Path | None, state: object) -> None:
    if path is not None:
        # Streamed into the file: the events' bytes are not held a second time as one pickle.
        atomic_write(path, lambda handle: pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL))
