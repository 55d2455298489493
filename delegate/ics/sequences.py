"""SEQUENCE and DTSTAMP for exported events: raised when what an event says changes, kept otherwise.

Calendars update an event they already have (same UID) only when its SEQUENCE or DTSTAMP moves on,
so every export remembers, per UID, a digest of what it said, the SEQUENCE it had and when it last
changed. Edits made by hand in the TOML files count as changes too, which a counter kept in the
record could not see. The ledger is a small TOML file in the data folder; losing it only means the
next export starts counting again from the records' own sequence numbers.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import tomli_w

from delegate.store.atomic import atomic_write

LEDGER_NAME = "calendar-sequences.toml"
HEADER = '# Calendar export: UID = "SEQUENCE digest DTSTAMP". delegate keeps this file itself.\n'
# One event's line as delegate writes it: a quoted (or bare) UID = "SEQUENCE digest DTSTAMP".
_LINE = re.compile(
    r'(?:"([^"\\\x00-\x1f\x7f]*)"|([A-Za-z0-9_-]+)) = "([0-9]+) ([0-9a-f]+) '
    r'([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)"'
)
_PLAIN_UID = re.compile(r'[^"\\\x00-\x1f\x7f]*')


@dataclass(frozen=True, slots=True)
class Stamp:
    sequence: int
    changed: datetime  # UTC: the DTSTAMP of this version of the event
    digest: str  # of what the event says, SEQUENCE and DTSTAMP aside


@dataclass
class SequenceLedger:
    """What each exported UID last said (a digest), its SEQUENCE and when that version began."""

    path: Path | None
    entries: dict[str, tuple[int, str, datetime]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def load(cls, path: Path | None) -> SequenceLedger:
        """The ledger at `path`; an absent or unreadable file starts a fresh one (it is only a memory)."""
        ledger = cls(path)
        if path is None:
            return ledger
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ledger
        entries = _as_written(text)
        if entries is not None:
            ledger.entries = entries
            return ledger
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return ledger
        for uid, value in table.get("events", {}).items():
            try:
                sequence, digest, changed = str(value).split()
                ledger.entries[uid] = (int(sequence), digest, datetime.fromisoformat(changed))
            except (TypeError, ValueError):
                continue
        return ledger

    def stamp(self, uid: str, facts: object, now: datetime, floor: int = 0) -> Stamp:
        """The SEQUENCE and DTSTAMP for `uid` whose content is described by `facts` (a repr-able value)."""
        digest = hashlib.blake2b(repr(facts).encode(), digest_size=10).hexdigest()
        known = self.entries.get(uid)
        if known is not None and known[1] == digest and known[0] >= floor:
            return Stamp(known[0], known[2], digest)
        sequence = max(known[0] + 1 if known is not None else 0, floor)
        changed = now.astimezone(UTC).replace(microsecond=0)
        self.entries[uid] = (sequence, digest, changed)
        self.dirty = True
        return Stamp(sequence, changed, digest)

    def save(self) -> None:
        """Write the ledger (atomically) if any event changed since it was loaded."""
        if self.path is None or not self.dirty:
            return
        events = {
            uid: f"{sequence} {digest} {changed:%Y-%m-%dT%H:%M:%SZ}"
            for uid, (sequence, digest, changed) in sorted(self.entries.items())
        }
        if all(_PLAIN_UID.fullmatch(uid) for uid in events):
            # Thousands of lines of one shape: written directly (what tomli_w writes for them, and
            # read back line by line by `_as_written`).
            body = "[events]\n" + "".join(f'"{uid}" = "{value}"\n' for uid, value in events.items())
        else:
            body = tomli_w.dumps({"events": events})
        atomic_write(self.path, (HEADER + body).encode("utf-8"))
        self.dirty = False


def _as_written(text: str) -> dict[str, tuple[int, str, datetime]] | None:
    """The entries of a ledger in the shape delegate writes, read line by line (parsing ten years of
    events as TOML costs more than the rest of an export after one change); None when the file holds
    anything else (an edit by hand), for tomllib to read."""
    entries: dict[str, tuple[int, str, datetime]] = {}
    in_events = False
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        if line == "[events]" and not in_events and not entries:
            in_events = True
            continue
        match = _LINE.fullmatch(line) if in_events else None
        if match is None:
            return None
        uid = match.group(1) if match.group(1) is not None else match.group(2)
        if uid in entries:
            return None  # TOML refuses a key given twice: let tomllib say so
        try:
            changed = datetime.fromisoformat(match.group(5))
        except ValueError:
            return None
        entries[uid] = (int(match.group(3)), match.group(4), changed)
    return entries
