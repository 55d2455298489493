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
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import tomli_w

from delegate.store.atomic import atomic_write

LEDGER_NAME = "calendar-sequences.toml"
HEADER = '# Calendar export: UID = "SEQUENCE digest DTSTAMP". delegate keeps this file itself.\n'
Version = tuple[int, str, datetime]  # SEQUENCE, digest of what the event said, DTSTAMP (UTC)
# One event's line as delegate writes it: a quoted (or bare) UID = "SEQUENCE digest DTSTAMP".
_UID = r'(?:"[^"\\\x00-\x1f\x7f]*+"|[A-Za-z0-9_-]++)'
_VALUE = r'"[0-9]+ [0-9a-f]+ [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"'
# The whole file as delegate writes it (comments or blank lines, the table, then one line per event),
# checked in one pass: thousands of lines are then split, not each matched and parsed on reading.
# (Possessive: nothing matched is ever given back, a third faster over a hundred years of events.)
_AS_WRITTEN = re.compile(rf"(?:#[^\n]*+\n|\n)*+\[events\]\n(?:{_UID} = {_VALUE}\n)*+\n*")
_PLAIN_UID = re.compile(r'[^"\\\x00-\x1f\x7f]*')


@dataclass(frozen=True, slots=True)
class Stamp:
    sequence: int
    changed: datetime  # UTC: the DTSTAMP of this version of the event
    digest: str  # of what the event says, SEQUENCE and DTSTAMP aside


class Versions(MutableMapping[str, Version]):
    """Each UID's version. Those read from the file stay as written ("SEQUENCE digest DTSTAMP") until
    looked up: an export after one change looks at a few of ten years' events, and writes the rest
    back as they were."""

    def __init__(
        self, parsed: Mapping[str, Version] | None = None, written: dict[str, str] | None = None
    ) -> None:
        self._written = written if written is not None else {}
        self._parsed = dict(parsed) if parsed is not None else {}

    def __getitem__(self, uid: str) -> Version:
        try:
            return self._parsed[uid]
        except KeyError:
            pass
        text = self._written[uid]
        try:
            sequence, digest, changed = text.split()
            version = (int(sequence), digest, datetime.fromisoformat(changed))
        except ValueError:
            del self._written[uid]  # a date that is no date (an edit by hand): as if never exported
            raise KeyError(uid) from None
        self._parsed[uid] = version
        del self._written[uid]
        return version

    def __setitem__(self, uid: str, version: Version) -> None:
        self._written.pop(uid, None)
        self._parsed[uid] = version

    def __delitem__(self, uid: str) -> None:
        if self._written.pop(uid, None) is None:
            del self._parsed[uid]

    def __iter__(self) -> Iterator[str]:
        yield from list(self._written)
        yield from list(self._parsed)

    def __len__(self) -> int:
        return len(self._written) + len(self._parsed)

    def __contains__(self, uid: object) -> bool:
        return uid in self._parsed or uid in self._written

    def lines(self) -> dict[str, str]:
        """Every entry as the file has it, by UID in order."""
        lines = dict(self._written)
        for uid, (sequence, digest, changed) in self._parsed.items():
            lines[uid] = f"{sequence} {digest} {changed:%Y-%m-%dT%H:%M:%SZ}"
        return dict(sorted(lines.items()))


@dataclass
class SequenceLedger:
    """What each exported UID last said (a digest), its SEQUENCE and when that version began."""

    path: Path | None
    entries: Versions = field(default_factory=Versions)  # a plain mapping given is made one
    dirty: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.entries, Versions):
            self.entries = Versions(self.entries)

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
        written = _as_written(text)
        if written is not None:
            ledger.entries = Versions(written=written)
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
        events = self.entries.lines()
        if all(_PLAIN_UID.fullmatch(uid) for uid in events):
            # Thousands of lines of one shape: written directly (what tomli_w writes for them, and
            # read back without tomllib by `_as_written`).
            body = "[events]\n" + "".join(f'"{uid}" = "{value}"\n' for uid, value in events.items())
        else:
            body = tomli_w.dumps({"events": events})
        atomic_write(self.path, (HEADER + body).encode("utf-8"))
        self.dirty = False


def _as_written(text: str) -> dict[str, str] | None:
    """Each UID's line of a ledger in the shape delegate writes, as written ("SEQUENCE digest
    DTSTAMP"); None when the file holds anything else (an edit by hand), for tomllib to read."""
    if _AS_WRITTEN.fullmatch(text) is None:
        return None
    _, _, events = text.partition("[events]\n")
    written: dict[str, str] = {}
    for line in events.split("\n"):
        if not line:
            continue
        key, _, value = line.rpartition(" = ")  # a UID may hold " = ", the value never does
        uid = key[1:-1] if key.startswith('"') else key
        if uid in written:
            return None  # TOML refuses a key given twice: let tomllib say so
        written[uid] = value[1:-1]
    return written
