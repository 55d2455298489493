"""The serialized events of the last export, so exporting again re-serializes only what changed.

A disposable pickle in the platform's cache dir (like the index): each UID maps to the version it
was written for (digest, SEQUENCE, DTSTAMP) and its bytes as icalendar wrote them. Anything unreadable
is simply a cold cache.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from delegate.ics.sequences import Stamp
from delegate.store.atomic import atomic_write

FORMAT = 4  # bump when what is cached changes shape
Key = tuple[str, int, datetime]


@dataclass
class ComponentCache:
    path: Path | None
    entries: dict[str, tuple[Key, bytes]] = field(default_factory=dict)
    # What each event was made from (file stamps of its records and the export's options) and the
    # zones and years it used: unchanged inputs mean the event can be reused without looking at it.
    inputs: dict[str, tuple[object, tuple[str, ...], tuple[int, ...]]] = field(default_factory=dict)
    # What every event depends on (the people's file stamps, the options, the default zone), as of
    # the export that made the inputs above: when it differs, no event is reused.
    context: object = None
    used: set[str] = field(default_factory=set)
    dirty: bool = False

    @classmethod
    def load(cls, path: Path | None) -> ComponentCache:
        cache = cls(path)
        if path is None:
            return cache
        # A cache written by this user for this folder; a damaged or foreign one is just ignored.
        with contextlib.suppress(
            OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError
        ):
            with path.open("rb") as handle:
                version, entries, inputs, context = pickle.load(handle)
            if version == FORMAT and isinstance(entries, dict) and isinstance(inputs, dict):
                cache.entries, cache.inputs, cache.context = entries, inputs, context
        return cache

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
        found = self.entries.get(uid)
        self.used.add(uid)
        if found is not None and found[0] == self.key(stamp):
            return found[1]
        return None

    def reuse(
        self, uid: str, made_from: object, version: tuple[int, str, datetime] | None
    ) -> tuple[bytes, tuple[str, ...], tuple[int, ...]] | None:
        """The event's bytes (and the zones and years it uses) if it was made from these very inputs,
        as the version the ledger has now (SEQUENCE, digest, DTSTAMP: a hand edit of it counts)."""
        known = self.inputs.get(uid)
        entry = self.entries.get(uid)
        if known is None or entry is None or version is None or known[0] != made_from:
            return None
        sequence, digest, changed = version
        if entry[0] != (digest, sequence, changed):
            return None
        self.used.add(uid)
        return entry[1], known[1], known[2]

    def knows(self, uid: str) -> bool:
        """Whether the last export made an event of this UID."""
        return uid in self.inputs

    def made(self, uid: str, made_from: object, zones: tuple[str, ...], years: tuple[int, ...]) -> None:
        if self.inputs.get(uid) != (made_from, zones, years):
            self.inputs[uid] = (made_from, zones, years)
            self.dirty = True

    def put(self, uid: str, stamp: Stamp, data: bytes) -> None:
        self.entries[uid] = (self.key(stamp), data)
        self.used.add(uid)
        self.dirty = True

    def save(self) -> None:
        """Keep what this export used (forgetting deleted records), if anything changed."""
        if self.path is None or not (self.dirty or set(self.entries) - self.used):
            return
        kept = {uid: entry for uid, entry in self.entries.items() if uid in self.used}
        inputs = {uid: made for uid, made in self.inputs.items() if uid in self.used}
        with contextlib.suppress(OSError):  # a cache that cannot be written costs time, not data
            os.makedirs(self.path.parent, mode=0o700, exist_ok=True)
            state = (FORMAT, kept, inputs, self.context)
            # Streamed into the file: the events' bytes are not held a second time as one pickle.
            atomic_write(
                self.path, lambda handle: pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
            )
