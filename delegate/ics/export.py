"""Export of everything dated in the store as one iCalendar file, built with the icalendar package.

Meetings (with our delegation and the speaking slot), each body's usual rhythm as one repeating
event, delegation request deadlines and follow-ups (as to-dos). Every component has a UID derived
from its record, so importing the file again updates events instead of duplicating them, and a
SEQUENCE that rises when the event changes (see `sequences.py`). Every text a person could be named
in (titles, places, topics, asks, notes, owners, even record ids in UIDs) is shown through the
The `Lens` the caller gives for its audience: a confidential name never
reaches a calendar, nor the cache and ledger kept for it, unless an internal copy is asked for.

Each component is described first by its "facts" (every value it will show); icalendar builds and
serializes it only when those facts are new, otherwise its bytes come from the last export's cache
(see `cache.py`), so exporting again after one change costs little more than reading the records.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, partial
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

# icalendar is imported here, not by the app at start: this module is itself imported on first export.
from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    Timezone,
    Todo,
    vCategory,
    vDDDTypes,
    vInt,
    vText,
    vUri,
)

from delegate import __version__
from delegate.ics.cache import ComponentCache, KeptGroup
from delegate.ics.sequences import LEDGER_NAME, SequenceLedger, Stamp
from delegate.ics.serialize import SharedValues, serialize
from delegate.lens import Lens
from delegate.locations import cache_path
from delegate.model import (
    Body,
    Delegation,
    DelegationStatus,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    Person,
)
from delegate.model.common import format_duration, slugify
from delegate.recurrence import expand
from delegate.store import Store
from delegate.timezones import zone

UID_DOMAIN = "delegate"
PRODID = "-//delegate//delegate//EN"
DEFAULT_ALARM = timedelta(days=1)
DEADLINE_LENGTH = timedelta(minutes=30)
# How each kind of event is counted in the export's summary (in this order).
COUNTED_AS = {
    "meeting": "meetings",
    "schedule": "schedules",
    "deadline": "deadlines",
    "followup": "follow-ups",
}
INTERNAL_NAME = "INTERNAL: "  # before the calendar's name in an internal copy
# A series without an end is covered by its VTIMEZONE through this year at least (the end of the
# 32-bit time a calendar program may still use, and as far as zones publish rules ahead), or ten years on.
OPEN_ENDED_THROUGH = 2037
MEETING_EVENTS = ("meetings", "deadlines")  # counted in a meetings group
FOLDERS_ALONE = 2  # a kind's groups made again past this many: read one folder at a time
SPOOL_CHUNK = 1024 * 1024
SCHEDULE_NOTE = (
    "The usual rhythm of this body's meetings. Dates with a meeting of their own are listed separately."
)

Progress = Callable[[int, int], None]
Build = Callable[[], "Component"]
Make = Callable[[], bytes | None]  # an event to build and serialize (None: it has nothing to show)


@dataclass(frozen=True)
class ExportOptions:
    """What to put in the calendar. Dates are inclusive; an empty `bodies` means every body."""

    start: date | None = None
    end: date | None = None
    bodies: frozenset[str] = frozenset()
    followups: bool = True
    alarm: timedelta | None = DEFAULT_ALARM
    schedules: bool = True  # each body's usual rhythm as one repeating event
    # Only meetings we have a delegation at (and their deadlines), and follow-ups of delegations.
    delegations_only: bool = False
    # Follow-ups put in whatever their body: those a shared calendar brought in belong to its group.
    followup_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CalendarItem:
    """One record's event or to-do as a calendar of its own (with the VTIMEZONEs it uses): a CalDAV
    resource, built exactly as the export builds it."""

    uid: str
    kind: str  # "meeting", "deadline" or "followup"
    record_id: str
    data: bytes


@dataclass
class ExportResult:
    """A calendar made: its bytes in parts (the frame's head and the VTIMEZONEs, the events, the
    frame's end), written out one after another rather than joined, and what went in. The events
    are spooled to a file as they are made: a hundred years of them are not held in memory while
    the VTIMEZONEs they need are found."""

    parts: list[bytes]
    counts: dict[str, int] = field(default_factory=dict)
    ledger: SequenceLedger | None = None
    cache: ComponentCache | None = None
    events: _Spool | None = None
    tail: bytes = b""

    @property
    def data(self) -> bytes:
        """The whole calendar as one bytes object."""
        events = self.events.read() if self.events is not None else b""
        return b"".join([*self.parts, events, self.tail])

    def write_to(self, handle: BinaryIO) -> None:
        """Write the calendar into an open binary file, part by part."""
        handle.writelines(self.parts)
        if self.events is not None:
            self.events.copy_to(handle)
        handle.write(self.tail)

    def release(self) -> None:
        """Once written: let go of the bytes (the counts, the ledger and the cache stay)."""
        self.parts = []
        if self.events is not None:
            self.events.close()
            self.events = None

    def remember(self) -> None:
        """Once the file is written: keep the new event versions (and the serialized events)."""
        if self.ledger is not None:
            self.ledger.save()
        if self.cache is not None:
            self.cache.save()


class _Spool:
    """The events' bytes as they are made, in an unnamed file (owner-only, gone when closed) in the
    cache's folder, else the system's; in memory if no file can be made or written (a full disk
    costs memory here, not the export)."""

    def __init__(self, folder: Path | None) -> None:
        self._file: BinaryIO
        self._length = 0  # of the groups written whole
        try:
            if folder is not None:
                os.makedirs(folder, mode=0o700, exist_ok=True)
            # Kept open across the export and closed by release (or on an error): not a with block.
            self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115
        except OSError:
            self._file = io.BytesIO()

    def write(self, parts: Iterable[bytes]) -> None:
        parts = list(parts)
        try:
            self._file.writelines(parts)
            self._file.flush()  # each group reaches the file whole, or this write fails
        except OSError:
            self._in_memory()
            self._file.writelines(parts)
        self._length += sum(len(part) for part in parts)

    def _in_memory(self) -> None:
        """Go on in memory with the groups written so far, read back past the file's buffer (it
        holds the group whose write failed)."""
        file = self._file
        kept = bytearray()
        while len(kept) < self._length:
            read = os.pread(file.fileno(), self._length - len(kept), len(kept))
            if not read:
                raise OSError("the calendar's events could not be read back")
            kept += read
        with contextlib.suppress(OSError):
            file.close()
        self._file = io.BytesIO(kept)
        self._file.seek(0, io.SEEK_END)

    def read(self) -> bytes:
        self._file.seek(0)
        return self._file.read()

    def copy_to(self, handle: BinaryIO) -> None:
        self._file.seek(0)
        shutil.copyfileobj(self._file, handle, SPOOL_CHUNK)

    def close(self) -> None:
        self._file.close()


def uid_for(kind: str, record_id: str) -> str:
    """The UID of a record's event: stable for as long as the record keeps its id."""
    return f"{kind}-{record_id}@{UID_DOMAIN}"


def export_calendar(
    store: Store,
    options: ExportOptions,
    now: datetime,
    ledger: SequenceLedger | None = None,
    progress: Progress | None = None,
    cache: ComponentCache | None = None,
    names: Lens | None = None,
) -> ExportResult:
    """The calendar as bytes (CRLF, folded, UTF-8), and how many of each kind went in.

    People and free text are shown as `names` shows them (public when not given). Nothing is
    written: call `remember()` on the result once the bytes are safely stored, so a failed write
    does not advance the event versions.
    """
    names = names if names is not None else Lens.public(store.all(Person))
    ledger = ledger if ledger is not None else SequenceLedger(None)
    cache = cache if cache is not None else ComponentCache(None)
    try:
        return _export(_Builder(store, options, now, ledger, cache, names), progress)
    except _MovedMeanwhile:
        # A file moved between folders while they were read one by one: made again from the kinds
        # read whole (as the last export left the cache), which sees every record once.
        fresh = ComponentCache.load(cache.path, cache.ledger)
        return _export(_Builder(store, options, now, ledger, fresh, names, passing=False), progress)


class _MovedMeanwhile(Exception):
    """A folder read in passing was no longer as listed when read (see _Builder.check_passed)."""


def _export(builder: _Builder, progress: Progress | None) -> ExportResult:
    spool = _Spool(builder.cache.path.parent if builder.cache.path is not None else None)
    try:
        return _export_into(builder, progress, spool)
    except BaseException:
        spool.close()
        raise


def _export_into(builder: _Builder, progress: Progress | None, spool: _Spool) -> ExportResult:
    # Thousands of short-lived, acyclic objects (steps, icalendar's): the cycle collector would only
    # walk the ten years of records held in memory again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # A group whose records' files are as the last export read them is taken whole from it,
        # without reading them; the others are made event by event (each reused if unchanged). A
        # kind made again in many folders is read one folder at a time, each let go once made.
        groups, kept, steps = builder.arrange()
        builder.cache.forget_groups_but(group.name for group in groups)
        remade = [group for group in groups if kept[group.name] is None]
        counter = _Counter(progress, sum(builder.estimate(group, steps) for group in remade))
        with contextlib.ExitStack() as passing:
            for cls in builder.passing:
                passing.enter_context(builder.store.in_passing(cls))
            for group in groups:
                kept_bytes = kept.pop(group.name)
                if kept_bytes is not None:
                    spool.write([kept_bytes])
                elif group.name in steps:
                    spool.write(builder.make_group(group, steps.pop(group.name), counter))
                else:
                    with builder.passing_through(group) as todo:
                        counter.expect(_to_make(todo) - builder.estimate(group, steps))
                        spool.write(builder.make_group(group, todo, counter))
                # The group's events are in the spool and in the cache's files: not held twice over.
                builder.cache.flush()
        builder.check_passed()
    finally:
        if collecting:
            gc.enable()
    head, tail = _frame(builder.names.internal)
    parts = [head, *builder.timezone_parts()]
    return ExportResult(parts, dict(builder.counts), builder.ledger, builder.cache, spool, tail)


class _Counter:
    """The export's progress: events made of those to make (a folder read in passing is counted
    by its files until it is read)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def expect(self, more: int) -> None:
        self.total += more

    def made(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))


def export_items(
    store: Store,
    options: ExportOptions,
    now: datetime,
    ledger: SequenceLedger | None = None,
    cache: ComponentCache | None = None,
    names: Lens | None = None,
) -> list[CalendarItem]:
    """Every component `export_calendar` would write, each as a calendar of its own (for a CalDAV
    collection, where each event is one resource). Same facts, same SEQUENCE, same cache."""
    names = names if names is not None else Lens.public(store.all(Person))
    ledger = ledger if ledger is not None else SequenceLedger(None)
    cache = cache if cache is not None else ComponentCache(None)
    builder = _Builder(store, options, now, ledger, cache, names, per_item=True)
    steps = builder.steps()
    head, tail = _frame(names.internal)
    zone_parts: dict[tuple[str, int, int], bytes] = {}
    items = []
    for (kind, record_id, uid), step in zip(builder.step_keys, steps, strict=True):
        data = step if isinstance(step, bytes) else step()
        if data is None:
            continue
        zones, years = builder.item_zones.get(uid, ((), ()))
        parts = [head]
        for name in zones:
            key = (name, min(years, default=now.year), max(years, default=now.year))
            part = zone_parts.get(key)
            if part is None:
                first, last = date(key[1], 1, 1), date(key[2] + 1, 12, 31)
                part = zone_parts[key] = Timezone.from_tzid(name, first_date=first, last_date=last).to_ical()
            parts.append(part)
        items.append(CalendarItem(uid, kind, record_id, b"".join([*parts, data, tail])))
    return items


def _frame(internal: bool) -> tuple[bytes, bytes]:
    """The VCALENDAR's own lines, before and after its components (an internal copy's name says so)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{INTERNAL_NAME}delegate" if internal else "delegate")
    text = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    return text[: -len(end)], end


@dataclass
class _Group:
    """Events made from the same kinds of records, one after another in the file.

    The meetings and the follow-ups are a group for each of their folders (a year's): one meeting
    changed, or one follow-up done, makes its year's events again, not ten years of them. The bodies'
    rhythms are a group of their own.
    """

    name: str
    kinds: tuple[type[Any], ...]  # what its events are made from (the people aside: see context)
    counted: tuple[str, ...]  # its kinds of events, as COUNTED_AS names them
    by: type[Any] | None = None  # the kind whose records it is made from, folder by folder
    # Made from the records of `by` in this folder of theirs only (Store.folder_of); None: all.
    folder: str | None = None
    zones: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # its events, as COUNTED_AS names them

    @property
    def late(self) -> bool:
        """Whether it holds the records of `by` in folders not listed when the groups were made."""
        return self.by is not None and self.folder is None

    @property
    def kind_names(self) -> tuple[str, ...]:
        return tuple(
            f"{cls.__name__}/{_group_label(self.folder)}"
            if cls is self.by and self.folder is not None
            else cls.__name__
            for cls in self.kinds
        )

    def folder_of(self, cls: type[Any]) -> str | None:
        """Which of the kind's folders the group is made from (None: all of them)."""
        return self.folder if cls is self.by else None


class _Making:
    """An event still to be made: called, the builder makes it from its records. One small object a
    step (ten years of events wait at once while the export counts them for its progress)."""

    __slots__ = ("builder", "group", "made_from", "make", "records", "uid")

    def __init__(
        self,
        builder: _Builder,
        group: _Group,
        uid: str,
        made_from: tuple[Any, ...] | None,
        make: Callable[..., bytes | None],
        records: tuple[Any, ...],
    ) -> None:
        self.builder, self.group, self.uid = builder, group, uid
        self.made_from, self.make, self.records = made_from, make, records

    def __call__(self) -> bytes | None:
        return self.builder._making(self.group, self.uid, self.made_from, partial(self.make, *self.records))


class _Builder:
    def __init__(
        self,
        store: Store,
        options: ExportOptions,
        now: datetime,
        ledger: SequenceLedger,
        cache: ComponentCache,
        names: Lens,
        *,
        per_item: bool = False,
        passing: bool = True,
    ) -> None:
        self.store = store
        self.options = options
        self.now = now
        self.ledger = ledger
        self.cache = cache
        self.names = names
        self.uids_renamed: dict[tuple[str, str], str] = {}  # (kind, id) → its UID, when the id names someone
        self.ids_shown: dict[str, str] = {}  # record id → as the audience may read it
        self.bodies = {body.id: body for body in store.all(Body)}
        self.zones: set[str] = set()
        self.using: tuple[set[str], set[int]] = (set(), set())  # zones and years of the event being made
        # What every event depends on: the people (a name made confidential changes any event that
        # shows it), the options and the zone of times without one. When it changed, nothing is reused.
        context = (
            tuple(store.stamp_of(person) for person in store.all(Person)),
            options,
            store.default_zone,
            names.internal,
            __version__,  # a newer delegate may show things otherwise (say, redact more)
        )
        self.reusing = cache.made_under(context)
        self.sources: dict[tuple[str, str], str] = {}
        self.shared = SharedValues()
        self.years: set[int] = set()
        self.counts = dict.fromkeys(COUNTED_AS.values(), 0)
        # With `per_item`, each step's (kind, record id, UID), in the order of steps(), and the zones
        # and years of each component made or reused: what a calendar of one component needs
        # (export_items). Not kept for one calendar of them all.
        self.per_item = per_item
        self.step_keys: list[tuple[str, str, str]] = []
        self.item_zones: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}
        # Each kind's files, folder by folder, as listed now (Store.files_now) and as read (files_read).
        self.files_seen: dict[type[Any], dict[str, str]] = {}
        self.files_were: dict[type[Any], dict[str, str]] = {}
        self.counting: dict[str, int] = {}  # the counts of the group whose event is being made
        self.records_by_folder: dict[type[Any], dict[str, list[Any]]] = {}
        # The kinds whose groups made now read their folders alone (a few), not the whole kind.
        self.alone: set[type[Any]] = set()
        # The kinds made again in many folders, read one folder at a time and let go once made
        # (unless `passing` is off: then read whole), the folders so read, and the ids met in them.
        self.may_pass = passing
        self.passing: set[type[Any]] = set()
        self.passed: dict[type[Any], set[str]] = {}
        self.met: dict[type[Any], set[str]] = {}
        self.files_counts: dict[type[Any], dict[str, int]] = {}

    @cached_property
    def meetings(self) -> list[Meeting]:
        return sorted(self.store.all(Meeting), key=_in_order)

    @cached_property
    def followups(self) -> list[FollowUp]:
        return sorted(self.store.all(FollowUp), key=_by_id)

    def _read_whole(self, cls: type[Any]) -> bool:
        """Whether the kind (grouped by folder) was read whole by this export."""
        return _BY_FOLDER[cls].whole in self.__dict__

    def _whole(self, cls: type[Any]) -> list[Any]:
        records: list[Any] = getattr(self, _BY_FOLDER[cls].whole)
        return records

    def _records_in(self, cls: type[Any], folder: str) -> list[Any]:
        """The records of one of the kind's folders, in the export's order: read alone when only a
        few of its folders are made again (one meeting changed reads its year, not ten)."""
        if cls in self.alone and not self._read_whole(cls):
            return sorted(self.store.in_folder(cls, folder), key=_BY_FOLDER[cls].order)
        return self._by_folder(cls).get(folder, [])

    def _by_folder(self, cls: type[Any]) -> dict[str, list[Any]]:
        """The records of each of the kind's folders, the kind read whole, in the export's order."""
        found = self.records_by_folder.get(cls)
        if found is None:
            found = self.records_by_folder[cls] = {}
            for record in self._whole(cls):
                found.setdefault(self.store.folder_of(record), []).append(record)
        return found

    @cached_property
    def delegations(self) -> dict[str, list[Delegation]]:
        """Each meeting's delegations."""
        found: dict[str, list[Delegation]] = {}
        for delegation in self.store.all(Delegation):
            found.setdefault(delegation.meeting, []).append(delegation)
        return found

    @cached_property
    def delegation_body(self) -> dict[str, str]:
        body_of_meeting = {meeting.id: meeting.body for meeting in self.meetings}
        return {
            delegation.id: body_of_meeting.get(delegation.meeting, "")
            for delegations in self.delegations.values()
            for delegation in delegations
        }

    # -- groups: events made from the same kinds of records, kept whole while those are unchanged --

    def groups(self) -> list[_Group]:
        """The groups, in the order the file has them: the meetings (with their deadlines) folder by
        folder, each body's rhythm, then the follow-ups folder by folder. A follow-up's body comes
        through its delegation's meeting, so the follow-ups depend on the meetings only when the
        calendar is of some bodies."""
        meetings = [self._folder_group(Meeting, folder) for folder in self._listed(Meeting)]
        followups = (
            [self._folder_group(FollowUp, folder) for folder in self._listed(FollowUp)]
            if self.options.followups
            else []
        )
        return [*meetings, _Group("schedules", (Meeting, Body), ("schedules",)), *followups]

    def _folder_group(self, cls: type[Any], folder: str | None) -> _Group:
        """The group of a kind's records in one of its folders (None: those of folders not listed)."""
        counted: tuple[str, ...]
        if cls is Meeting:
            kinds: tuple[type[Any], ...] = (Meeting, Delegation, Body)
            counted = MEETING_EVENTS
        else:
            kinds, counted = (FollowUp, Minutes, Delegation, Body), ("follow-ups",)
            if self.options.bodies:
                kinds += (Meeting,)
        label = "late" if folder is None else _group_label(folder)
        return _Group(f"{_BY_FOLDER[cls].group}-{label}", kinds, counted, cls, folder)

    def arrange(self) -> tuple[list[_Group], dict[str, bytes | None], dict[str, list[bytes | Make]]]:
        """The groups in order, each one's bytes when taken whole from the last export (None: made
        now), and the steps of those made now."""
        groups = self.groups()
        kept = {group.name: self.kept_group(group) for group in groups}
        for cls in _BY_FOLDER:
            remade = [group for group in groups if group.by is cls and kept[group.name] is None]
            # With some bodies, the follow-ups need every meeting (through their delegations).
            if cls is Meeting and self.options.bodies:
                continue
            if len(remade) <= FOLDERS_ALONE:
                self.alone.add(cls)
            elif self.may_pass and self.store.reads_by_folder(cls) and not self.store.holds_whole(cls):
                self.passing.add(cls)  # (a kind held whole is grouped by folder once: _by_folder)
        steps = {
            group.name: self.group_steps(group)
            for group in groups
            if kept[group.name] is None and not self._in_passing(group)
        }
        for group in groups:
            if group.by is not None and kept[group.name] is None:
                for cls in group.kinds:
                    if cls is Minutes:
                        # The minutes' files as read are what a follow-ups group is kept by: read
                        # before any is made, even with no follow-up from minutes.
                        self.minutes_facts  # noqa: B018
                    elif cls is not group.by and self._in_passing(group):
                        # What a group read in passing looks up, read whole first (as it is when
                        # every step is known at once): its files as read are what it is kept by.
                        self.store.all(cls)
        for cls in [cls for cls in self.passing if self._read_whole(cls)]:
            # Read whole meanwhile (a body's rhythm needed every meeting): taken from that instead.
            self.passing.discard(cls)
            steps.update(
                (group.name, self.group_steps(group))
                for group in groups
                if group.by is cls and kept[group.name] is None and group.name not in steps
            )
        # (The kinds read in passing are checked once made: see check_passed.)
        for cls in [cls for cls in _BY_FOLDER if cls not in self.passing]:
            for group in self._kept_but_moved(cls, groups, kept):
                kept[group.name], steps[group.name] = None, self.group_steps(group)
        for late in self._late_groups(groups):
            kept[late.name], steps[late.name] = None, self.group_steps(late)
        for group in groups:
            if kept[group.name] is not None:
                self._use_kept(self.cache.groups[group.name])
        return groups, kept, steps

    def _kept_but_moved(
        self, cls: type[Any], groups: list[_Group], kept: dict[str, bytes | None]
    ) -> list[_Group]:
        """The kind's groups taken whole although their folder, as the kind was read since (for
        another group), is no longer as listed: a file moved or changed in between. Made from what
        was read instead, no record is written twice (kept in one folder, read in another)."""
        read = self.store.files_read(cls)
        if read is None:
            return []
        listed = self._listed(cls)
        if not self._read_whole(cls):
            if all(listed.get(folder) == digest for folder, digest in read.items()):
                return []  # the folders read alone are as listed: the others were not touched
            # Something moved meanwhile: the whole kind is read, and every folder checked.
            self.alone.discard(cls)
            self._whole(cls)
            read = self.store.files_read(cls) or {}
        return [
            group
            for group in groups
            if group.by is cls
            and group.folder is not None
            and kept[group.name] is not None
            and read.get(group.folder) != listed.get(group.folder)
        ]

    def _late_groups(self, groups: list[_Group]) -> list[_Group]:
        """A group for each kind read whole with records in a folder not there when the groups were
        made (one made since), put after the kind's own groups, so that no record is left out: the
        meetings' before the rhythms, the follow-ups' last."""
        added = []
        for cls in _BY_FOLDER:
            listed = self._listed(cls)
            if not self._read_whole(cls) or all(folder in listed for folder in self._by_folder(cls)):
                continue  # not read, or only folders as listed: none is left out
            late = self._folder_group(cls, None)
            rhythms = next(index for index, group in enumerate(groups) if group.by is None)
            groups.insert(rhythms if cls is Meeting else len(groups), late)
            added.append(late)
        return added

    def _in_passing(self, group: _Group) -> bool:
        return group.by in self.passing and group.folder is not None

    def estimate(self, group: _Group, steps: dict[str, list[bytes | Make]]) -> int:
        """How many events the group has to make: counted when its steps are known, else guessed
        from its folder's files (a meeting has a deadline too)."""
        if group.name in steps:
            return _to_make(steps[group.name])
        files = self.files_counts.get(group.by, {}) if group.by is not None else {}
        return files.get(group.folder or "", 0) * (len(MEETING_EVENTS) if group.by is Meeting else 1)

    @contextlib.contextmanager
    def passing_through(self, group: _Group) -> Iterator[list[bytes | Make]]:
        """The steps of a group of a kind read in passing: its folder read alone for them, and let
        go once they are made. A record whose id an earlier folder had (a copy of its file) is left
        out, as reading the kind whole leaves it out."""
        cls, folder = group.by, group.folder
        assert cls is not None
        assert folder is not None
        met = self.met.setdefault(cls, set())
        with self.store.passing_through(cls, folder) as found:
            records = sorted((record for record in found if record.id not in met), key=_BY_FOLDER[cls].order)
            met.update(record.id for record in records)
            self.passed.setdefault(cls, set()).add(folder)
            made = self._meeting_steps if cls is Meeting else self._followup_steps
            yield made(group, records)
        if self.store.index_behind(cls) and not self._read_whole(cls):
            # The index had most of the folder's files out of date (a whole read writes it again):
            # the other folders are taken from the kind read whole, this once.
            self._whole(cls)

    def make_group(self, group: _Group, todo: list[bytes | Make], counter: _Counter) -> list[bytes]:
        """The group's events made (or reused), in order; kept for the next export."""
        made: list[bytes] = []
        for index, step in enumerate(todo):
            todo[index] = b""  # what an event is made from is not held after it is made
            if isinstance(step, bytes):
                made.append(step)
                continue
            part = step()
            if part is not None:
                made.append(part)
            counter.made()
        self.plan_group(group, made)
        return made

    def check_passed(self) -> None:
        """_MovedMeanwhile if a folder read in passing was not as listed (a file moved in or out of
        it since): a record moved from a folder still to read into one read already is left out,
        and one moved the other way is written twice."""
        for cls, folders in self.passed.items():
            read, listed = self.store.files_read(cls) or {}, self._listed(cls)
            if any(read.get(folder) != listed.get(folder) for folder in folders):
                raise _MovedMeanwhile

    def group_steps(self, group: _Group) -> list[bytes | Make]:
        if group.by is None:
            return self._schedule_steps(group)
        cls = group.by
        if group.folder is None:  # late: the folders not listed
            listed = self._listed(cls)
            found = [
                record
                for folder, some in self._by_folder(cls).items()
                if folder not in listed
                for record in some
            ]
            records = sorted(found, key=_BY_FOLDER[cls].order)
        else:
            records = self._records_in(cls, group.folder)
        return self._meeting_steps(group, records) if cls is Meeting else self._followup_steps(group, records)

    def _day(self) -> tuple[date, tuple[tuple[str, date], ...]]:
        """What the day changes: follow-ups done without a date are shown as done today, and a
        body's rhythm begins today where it meets."""
        names = {self.store.default_zone, *(body.timezone for body in self.bodies.values() if body.timezone)}
        dates = tuple((name, self.now.astimezone(zone(name)).date()) for name in sorted(names))
        return self.now.date(), dates

    def kept_group(self, group: _Group) -> bytes | None:
        """The group's events as the last export wrote them, if nothing they are made from changed:
        its kinds' files (listed and stamped, not read), the people, the options, the day (for the
        groups whose events change with it) and the ledger of versions. None otherwise."""
        if not self.reusing or not self.cache.ledger_unchanged():
            return None
        kept = self.cache.groups.get(group.name)
        if kept is None:
            return None
        if kept.kinds != group.kind_names or kept.day != self._day_of(group):
            return None
        # Kind by kind, the likeliest to have changed first: a difference ends the looking.
        for cls, digest in zip(group.kinds, kept.files, strict=True):
            if _files_digest(self._listed(cls), group.folder_of(cls)) != digest:
                return None
        return self.cache.group_bytes(group.name)

    def _use_kept(self, kept: KeptGroup) -> None:
        """A group taken whole: its zones, years and counts are the export's too."""
        self.zones.update(kept.zones)
        self.years.update(kept.years)
        for name, count in kept.counts.items():
            self.counts[name] += count

    def _listed(self, cls: type[Any]) -> dict[str, str]:
        """The kind's files as listed now, folder by folder (listed once an export)."""
        found = self.files_seen.get(cls)
        if found is None:
            found, self.files_counts[cls] = self.store.files_counted(cls)
            self.files_seen[cls] = found
        return found

    def _day_of(self, group: _Group) -> object:
        """The day, for a group whose events change with it (a rhythm begins today, a follow-up done
        without a date is shown as done today); a meeting's event does not."""
        return None if group.by is Meeting else self._day()

    def plan_group(self, group: _Group, parts: list[bytes]) -> None:
        """Remember the group's bytes and what they were made from (its kinds' files as read), for
        the next export."""
        files = []
        for cls in group.kinds:
            read = self._read_as(cls)
            if read is None or group.late:
                self.cache.forget_group(group.name)
                return
            files.append(_files_digest(read, group.folder_of(cls)))
        kept = KeptGroup.made(
            group.kind_names,
            tuple(files),
            self._day_of(group),
            parts,
            frozenset(group.zones),
            frozenset(group.years),
            {name: group.counts.get(name, 0) for name in group.counted},
        )
        self.cache.keep_group(group.name, kept, parts)

    def _read_as(self, cls: type[Any]) -> dict[str, str] | None:
        """The kind's files as the store read them, folder by folder (None: not read so)."""
        found = self.files_were.get(cls)
        if found is None:
            found = self.store.files_read(cls)
            # A kind read in passing has one more folder read after each of its groups.
            if found is not None and cls not in self.passing:
                self.files_were[cls] = found
        return found

    # -- what goes in ---------------------------------------------------------------------------

    def steps(self) -> list[bytes | Make]:
        """Every event in order: its bytes when the last export made it from these very inputs,
        otherwise how to make it."""
        groups = self.groups()
        steps = {group.name: self.group_steps(group) for group in groups}
        for late in self._late_groups(groups):
            steps[late.name] = self.group_steps(late)
        return [step for group in groups for step in steps[group.name]]

    def _meeting_steps(self, group: _Group, meetings: list[Meeting]) -> list[bytes | Make]:
        steps: list[bytes | Make] = []
        for meeting in meetings:
            if (
                self._wanted_body(meeting.body)
                and self._in_window(meeting.start.date())
                and (not self.options.delegations_only or self._ours(meeting))
            ):
                made_from = self._made_from(
                    meeting, self.bodies.get(meeting.body), *self.delegations.get(meeting.id, ())
                )
                for kind, make in (("meeting", self.meeting_event), ("deadline", self.deadline_event)):
                    steps.append(self._step(group, kind, meeting.id, made_from, make, meeting))
        return steps

    def _schedule_steps(self, group: _Group) -> list[bytes | Make]:
        steps: list[bytes | Make] = []
        for body in sorted(self.bodies.values(), key=lambda body: body.id):
            if self.options.schedules and body.recurrence and self._wanted_body(body.id):
                # What the rhythm shows comes from its hour's meeting (its latest with an hour) and
                # the meetings from its first day on: the meetings ahead, read from those in play,
                # hold both but for a body with no meeting ahead with an hour. Years of meetings
                # before are no part of it, and a change to one of them does not make it again.
                from_day = self._from_day(body)
                # From the day before, in UTC: no later than the rhythm's first day begins anywhere,
                # and each such meeting is still in play on the first of the bodies' first days.
                since = datetime.combine(from_day - timedelta(days=1), time(0), tzinfo=UTC)
                ahead = [m for m in self.meetings_ahead if m.body == body.id and m.start >= since]
                if _sample(ahead) is None:
                    own = [meeting for meeting in self.meetings if meeting.body == body.id]
                    ahead = [meeting for meeting in own if meeting.start >= since]
                else:
                    own = ahead
                made_from = self._made_from(body, _sample(own), *ahead)
                if made_from is not None:  # it begins today (or at --from): it changes with the day
                    made_from = (*made_from, from_day)
                step = self._step(group, "schedule", body.id, made_from, self.schedule_event, body, own)
                steps.append(step)
        return steps

    @cached_property
    def meetings_ahead(self) -> list[Meeting]:
        """Every meeting from the bodies' rhythms' first days on (and some before), in the order of
        `meetings`: those still in play, not ten years of them."""
        if self._read_whole(Meeting):
            return self.meetings
        first = min((self._from_day(body) for body in self.bodies.values()), default=self.now.date())
        return sorted(self.store.in_play(Meeting, first), key=_in_order)

    def _followup_steps(self, group: _Group, items: list[FollowUp]) -> list[bytes | Make]:
        steps: list[bytes | Make] = []
        if self.options.followups:
            for item in items:
                if self._followup_wanted(item):
                    made_from = self._followup_made_from(item)
                    steps.append(self._step(group, "followup", item.id, made_from, self.followup_todo, item))
        return steps

    def _step(
        self,
        group: _Group,
        kind: str,
        record_id: str,
        made_from: tuple[Any, ...] | None,
        make: Callable[..., bytes | None],
        *records: Any,
    ) -> bytes | Make:
        uid = self._uid(kind, record_id)
        if self.per_item:
            self.step_keys.append((kind, record_id, uid))
        # Only as the ledger knows it: without it (deleted) the versions start again, and so must they.
        if self.reusing and made_from is not None:
            reused = self.cache.reuse(uid, made_from, self.ledger.entries.get(uid))
            if reused is not None:
                kept, kept_zones, kept_years = reused
                if self.per_item:
                    self.item_zones[uid] = (kept_zones, kept_years)
                self._uses(group, kept_zones, kept_years)
                self.counting = group.counts
                self._count(COUNTED_AS[kind])
                return kept
        return _Making(self, group, uid, made_from, make, records)

    def _count(self, counted: str) -> None:
        """One more event of a kind, in the export's counts and its group's."""
        self.counts[counted] += 1
        self.counting[counted] = self.counting.get(counted, 0) + 1

    def _uses(self, group: _Group, zones: Iterable[str], years: Iterable[int]) -> None:
        """An event's zones and years: the file's VTIMEZONEs cover them all."""
        for into in (self, group):
            into.zones.update(zones)
            into.years.update(years)

    # -- reuse: an event whose records' files are unchanged is taken from the last export as it was --

    def _uid(self, kind: str, record_id: str) -> str:
        """The UID of a record's event, as its audience may see it.

        An id is made from public text, but one made before a person was marked confidential (or
        by hand) can still name them: a public calendar then gives the event a UID made from the
        id as the public reads it, numbered, never the name.
        """
        uid = uid_for(kind, record_id)
        shown = self.ids_shown.get(record_id)
        if shown is None:
            # Made last time under the same people: it was shown as it is then, and still may be.
            reused = self.reusing and self.cache.knows(uid)
            shown = record_id if self.names.internal or reused else self.names.text(record_id)
            self.ids_shown[record_id] = shown  # a meeting's deadline has the meeting's id
        return uid if shown == record_id else self._renamed_uid(kind, record_id, shown)

    def _renamed_uid(self, kind: str, record_id: str, shown: str) -> str:
        known = self.uids_renamed.get((kind, record_id))
        if known is not None:
            return known
        # "+n" never ends an id made by delegate: no record's own UID can come out alike.
        base, number, taken = f"{kind}-{slugify(shown, kind, 120)}", 1, set(self.uids_renamed.values())
        while f"{base}+{number}@{UID_DOMAIN}" in taken:
            number += 1
        uid = self.uids_renamed[kind, record_id] = f"{base}+{number}@{UID_DOMAIN}"
        return uid

    def _made_from(self, *records: Any) -> tuple[Any, ...] | None:
        """What an event is derived from: its records' file stamps (the rest is `context`)."""
        stamps: list[object] = []
        for record in records:
            stamp = self._stamp(record)
            if stamp is _NO_FILE:
                return None  # a record with no file yet: always build afresh
            stamps.append(stamp)
        return tuple(stamps)

    def _stamp(self, record: Any) -> object:
        """A record's file stamps as an event's inputs hold them (_NO_FILE: it has no file yet)."""
        if record is None:
            return None
        if isinstance(record, _MinutesFacts):
            return record.stamp
        stamp = self.store.stamp_of(record)
        if stamp is None:
            return _NO_FILE
        # As plain tuples: the cache pickles these, and a named tuple is pickled (and read back)
        # through Python code, one call each (a body's rhythm is made from all its meetings).
        toml, markdown = stamp
        return (None if toml is None else (*toml,), None if markdown is None else (*markdown,))

    @cached_property
    def minutes_facts(self) -> dict[str, _MinutesFacts]:
        """What the follow-ups' events show of their minutes (the group, the date) and the minutes'
        file stamps, by id: read one folder at a time and let go when the index keeps them so (a
        hundred years of minutes, with their texts, are 40 MB), else read whole."""
        listed = self._listed(Minutes)
        if self.store.reads_by_folder(Minutes) and not self.store.holds_whole(Minutes):
            facts: dict[str, _MinutesFacts] = {}
            with self.store.in_passing(Minutes):
                for folder in listed:
                    with self.store.passing_through(Minutes, folder) as found:
                        for minutes in found:  # a copy's id met before is left out, as a whole read does
                            facts.setdefault(minutes.id, self._facts_of(minutes))
                    if self.store.index_behind(Minutes):
                        break  # most files out of the index: read whole, which writes it again
            read = self.store.files_read(Minutes) or {}
            if not self.store.index_behind(Minutes) and all(
                read.get(folder) == digest for folder, digest in listed.items()
            ):
                return facts
            # A file moved between two folders while they were read: some minutes not met at all.
        return {minutes.id: self._facts_of(minutes) for minutes in self.store.all(Minutes)}

    def _facts_of(self, minutes: Minutes) -> _MinutesFacts:
        return _MinutesFacts(minutes.group, minutes.date, self._stamp(minutes))

    def _minutes(self, minutes_id: str) -> _MinutesFacts | None:
        """The facts of the minutes a follow-up comes from (None: none, or none by that id now)."""
        if not minutes_id:
            return None
        found = self.minutes_facts.get(minutes_id)
        if found is None:  # renamed since (or gone): the store knows
            minutes = self.store.lookup(Minutes, minutes_id)
            found = self._facts_of(minutes) if minutes is not None else None
        return found

    def _followup_made_from(self, item: FollowUp) -> tuple[Any, ...] | None:
        minutes = self._minutes(item.minutes)
        group = self.bodies.get(minutes.group) if minutes is not None else None
        delegation = self._get(Delegation, item.delegation)
        made_from = self._made_from(item, minutes, group, delegation)
        # A follow-up done without a date is shown as done today: it changes with the day.
        today = self.now.date() if item.status is FollowUpStatus.DONE and item.closed_on is None else None
        return None if made_from is None else (*made_from, today)

    def _get(self, cls: type[Any], record_id: str) -> Any:
        return self.store.lookup(cls, record_id) if record_id else None

    def _making(self, group: _Group, uid: str, made_from: tuple[Any, ...] | None, make: Make) -> bytes | None:
        self.using = (set(), set())
        self.counting = group.counts
        data = make()
        used_zones, used_years = self.using
        zones, years = tuple(sorted(used_zones)), tuple(sorted(used_years))
        if self.per_item:
            self.item_zones[uid] = (zones, years)
        self._uses(group, zones, years)
        if data is not None and made_from is not None:
            self.cache.made(uid, made_from, zones, years)
        return data

    def _wanted_body(self, body_id: str) -> bool:
        return not self.options.bodies or body_id in self.options.bodies

    def _in_window(self, day: date | None) -> bool:
        if day is None:
            return True
        start, end = self.options.start, self.options.end
        return (start is None or day >= start) and (end is None or day <= end)

    def _ours(self, meeting: Meeting) -> bool:
        """Whether we have a delegation (not cancelled) at this meeting."""
        return any(d.status is not DelegationStatus.CANCELLED for d in self.delegations.get(meeting.id, ()))

    def _followup_wanted(self, item: FollowUp) -> bool:
        if item.id in self.options.followup_ids:
            return True
        if self.options.delegations_only and not item.delegation:
            return False
        if (
            item.due is None
            and (self.options.start or self.options.end)
            and item.status is not FollowUpStatus.OPEN
        ):
            return False
        if not self._in_window(item.due):
            return False
        if not self.options.bodies:
            return True
        return self._followup_body(item) in self.options.bodies

    def _followup_body(self, item: FollowUp) -> str:
        if item.minutes:
            minutes = self._minutes(item.minutes)
            return minutes.group if minutes is not None else ""
        return self.delegation_body.get(item.delegation, "")

    # -- components -----------------------------------------------------------------------------

    def meeting_event(self, meeting: Meeting) -> bytes:
        body = self.bodies.get(meeting.body)
        body_name = body.name if body else meeting.body
        ours = [d for d in self.delegations.get(meeting.id, ()) if d.status is not DelegationStatus.CANCELLED]
        # The title and place come from published calendars and hand edits: free text, like a topic.
        summary = self._text(meeting.display_title(body_name))
        place = self._text(meeting.place)
        if ours:
            summary += " — our delegation: " + "; ".join(self._text(d.topic) for d in ours)
        link = self._link(meeting.agenda_url)
        lines: list[str] = []
        if link:
            lines.append(f"Agenda: {link}")
        limit = body.speaking_limit if body else None
        for delegation in ours:
            speakers = ", ".join(self.names.person(person) for person in delegation.speakers)
            slot = f"{format_duration(limit.total_seconds())} to speak" if limit else "speaking slot"
            where = f", item {delegation.agenda_position}" if delegation.agenda_position else ""
            line = f"Our delegation ({delegation.status.value}{where}): {slot}"
            if speakers:
                line += f"; speaking: {speakers}"
            lines.append(self._text(line))
            if delegation.ask:
                lines.append("We ask: " + self._text(delegation.ask))
        if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
            reason = f": {self._text(meeting.status_reason)}" if meeting.status_reason else ""
            lines.append(f"This meeting is {meeting.status.value}{reason}")
        status = {
            MeetingStatus.CANCELLED: "CANCELLED",
            MeetingStatus.POSTPONED: "TENTATIVE",
        }.get(meeting.status, "CONFIRMED")

        start, end = self._times(meeting)
        category = "delegation" if ours else "meeting"
        reminder = f"Tomorrow: {summary}" if self.options.alarm == DEFAULT_ALARM else summary

        def build() -> Component:
            # Properties are made as icalendar's own types directly: the same lines `add` writes,
            # without its type guessing, which costs more than the writing itself.
            event = Event()
            event["SUMMARY"] = vText(summary)
            event["DTSTART"] = vDDDTypes(start)
            if end is not None:
                event["DTEND"] = vDDDTypes(end)
            if place:
                event["LOCATION"] = vText(place)
            if link:
                event["URL"] = vUri(link)
            if lines:
                event["DESCRIPTION"] = vText("\n".join(lines))
            event["STATUS"] = self.shared.get(vText, status)
            event["CATEGORIES"] = self.shared.get(_categories, category)
            if status != "CANCELLED":
                self._alarm(event, reminder)
            return event

        facts = (summary, start, end, place, link, lines, status, category, reminder)
        self._count("meetings")
        return self._emit(self._uid("meeting", meeting.id), facts, build, floor=meeting.sequence)

    def deadline_event(self, meeting: Meeting) -> bytes | None:
        body = self.bodies.get(meeting.body)
        if body is None or body.request_deadline is None or meeting.status is not MeetingStatus.SCHEDULED:
            return None
        deadline = body.request_deadline.deadline_for(meeting.start)
        requested = any(
            d.status not in (DelegationStatus.IDEA, DelegationStatus.CANCELLED)
            for d in self.delegations.get(meeting.id, ())
        )
        day = f"{meeting.start:%a} {meeting.start.day} {meeting.start:%b}"
        summary = f"Request deadline: {self._text(meeting.display_title(body.name))} ({day})"
        if requested:
            summary += " — requested"
        # The clerk's contacts, as any text: a public calendar shows no confidential name in them.
        contacts = (body.how_to_request, body.phone, body.email)
        how = [text for text in (*map(self._text, contacts), self._link(body.url)) if text]
        lines = ["Last moment to ask to be added as a delegation.", *how]
        begins = self._zoned(deadline, meeting.timezone or body.timezone)

        def build() -> Component:
            event = Event()
            event["SUMMARY"] = vText(summary)
            event["DTSTART"] = vDDDTypes(begins)
            event["DURATION"] = self.shared.get(vDDDTypes, DEADLINE_LENGTH)
            event["DESCRIPTION"] = vText("\n".join(lines))
            event["TRANSP"] = self.shared.get(vText, "TRANSPARENT")  # a reminder, not time spent
            event["CATEGORIES"] = self.shared.get(_categories, "deadline")
            if not requested:
                self._alarm(event, summary)
            return event

        self._count("deadlines")
        return self._emit(self._uid("deadline", meeting.id), (summary, begins, lines, requested), build)

    def _from_day(self, body: Body) -> date:
        """The first day of a body's usual rhythm: --from, else today where the body meets."""
        where = zone(body.timezone or self.store.default_zone)
        return self.options.start or self.now.astimezone(where).date()

    def schedule_event(self, body: Body, own: list[Meeting]) -> bytes | None:
        """The body's usual rhythm as one repeating event; dates it has a meeting on (`own`) are left out."""
        zone_name = body.timezone or self.store.default_zone
        tz = zone(zone_name)
        sample = _sample(own)
        from_day = self._from_day(body)
        at = sample.start.astimezone(tz).time() if sample else time(0)
        anchor = datetime.combine(from_day, at, tzinfo=tz)
        found = expand(body.recurrence, anchor, anchor + timedelta(days=400))
        if not found:
            return None
        first = found[0]
        length = sample.end - sample.start if sample and sample.end else None
        taken = {m.start.astimezone(tz).date() for m in own if m.start >= first}
        last_taken = max(taken, default=first.date())
        exdates = [
            when
            for when in expand(
                body.recurrence, first, datetime.combine(last_taken, at, tzinfo=tz) + timedelta(days=1)
            )
            if when.date() in taken
        ]
        summary = f"{self._text(body.name)} (usual meeting)"
        place = self._text(body.place)
        # No meeting tells us the hour: then a day-long reminder.
        begins = first.date() if sample is None else self._zoned(first, zone_name, exact=False)
        if sample is not None:
            # Every occurrence the rule gives is read through the VTIMEZONE: it must reach the last.
            last_year = _last_year(body.recurrence, first)
            self.using[1].add(last_year)

        def build() -> Component:
            event = Event()
            event.add("summary", summary)
            event.add("dtstart", begins)
            if sample is not None and length:
                event.add("duration", length)
            event.add("rrule", _rule(body.recurrence))
            for when in exdates:
                event.add("exdate", when.date() if sample is None else when)
            if place:
                event.add("location", place)
            event.add("description", SCHEDULE_NOTE)
            event.add("categories", ["meeting"])
            return event

        facts = (summary, begins, length, body.recurrence, exdates, place, sample is None)
        self._count("schedules")
        return self._emit(self._uid("schedule", body.id), facts, build)

    def followup_todo(self, item: FollowUp) -> bytes:
        summary = self._text(item.text)
        lines: list[str] = []
        if item.owner:
            lines.append(f"Who: {self.names.person(item.owner)}")
        source = self._followup_source(item)
        if source:
            lines.append(f"From: {source}")
        if item.reason:
            lines.append(f"Dropped: {self._text(item.reason)}")
        status = {
            FollowUpStatus.OPEN: "NEEDS-ACTION",
            FollowUpStatus.DONE: "COMPLETED",
            FollowUpStatus.DROPPED: "CANCELLED",
        }[item.status]
        done = item.status is FollowUpStatus.DONE
        closed = (item.closed_on or self.now.date()) if done else None
        remind = item.status is FollowUpStatus.OPEN and item.due is not None

        def build() -> Component:
            todo = Todo()
            todo["SUMMARY"] = vText(summary)
            if item.due is not None:
                todo["DUE"] = vDDDTypes(item.due)
            todo["STATUS"] = self.shared.get(vText, status)
            if closed is not None:
                todo["PERCENT-COMPLETE"] = self.shared.get(vInt, 100)
                todo["COMPLETED"] = vDDDTypes(datetime.combine(closed, time(12), tzinfo=UTC))
            if lines:
                todo["DESCRIPTION"] = vText("\n".join(lines))
            todo["CATEGORIES"] = self.shared.get(_categories, "follow-up")
            if remind:
                self._alarm(todo, f"Due: {summary}", related_to_end=True)
            return todo

        self._count("follow-ups")
        facts = (summary, item.due, lines, status, closed, remind)
        return self._emit(self._uid("followup", item.id), facts, build)

    def _followup_source(self, item: FollowUp) -> str:
        key = (item.minutes, item.delegation)
        known = self.sources.get(key)
        if known is None:  # many follow-ups share one source: describe each source once
            known = self.sources[key] = self._describe_source(item)
        return known

    def _describe_source(self, item: FollowUp) -> str:
        if item.minutes:
            minutes = self._minutes(item.minutes)
            if minutes is None:
                return "minutes"
            group = self.bodies.get(minutes.group)
            group_name = self._text(group.name if group else minutes.group)
            return f"minutes of {group_name}, {minutes.date:%d %b %Y}"
        if item.delegation:
            delegation = self._get(Delegation, item.delegation)
            return "delegation: " + self._text(delegation.topic) if delegation else "a delegation"
        return ""

    # -- helpers --------------------------------------------------------------------------------

    def _emit(self, uid: str, facts: tuple[Any, ...], build: Build, floor: int = 0) -> bytes:
        """The component's bytes: from the cache when its facts are unchanged, else built now."""
        stamp = self.ledger.stamp(uid, (*facts, self.options.alarm), self.now, floor)
        data = self.cache.get(uid, stamp)
        if data is None:
            component = build()
            component["UID"] = vText(uid)
            component["DTSTAMP"] = self.shared.get(vDDDTypes, stamp.changed)  # always UTC
            component["SEQUENCE"] = self.shared.get(vInt, stamp.sequence)
            data = serialize(component, self.shared)
            self.cache.put(uid, stamp, data)
        return data

    def timezone_parts(self) -> list[bytes]:
        """A VTIMEZONE for every zone an event uses, with the transitions of the years they span."""
        if not self.years:
            return []
        first, last = date(min(self.years), 1, 1), date(max(self.years) + 1, 12, 31)
        parts = []
        for name in sorted(self.zones):
            uid = f"VTIMEZONE {name}"
            stamp = Stamp(0, datetime(1970, 1, 1, tzinfo=UTC), f"{first}/{last}")
            data = self.cache.get(uid, stamp)
            if data is None:
                data = Timezone.from_tzid(name, first_date=first, last_date=last).to_ical()
                self.cache.put(uid, stamp, data)
            parts.append(data)
        return parts

    def _times(self, meeting: Meeting) -> tuple[date | datetime, date | datetime | None]:
        if meeting.all_day:
            start_day = meeting.start.date()
            end_day = meeting.end.date() if meeting.end else start_day + timedelta(days=1)
            return start_day, max(end_day, start_day + timedelta(days=1))
        zone_name = meeting.timezone or (
            self.bodies[meeting.body].timezone if meeting.body in self.bodies else ""
        )
        start = self._zoned(meeting.start, zone_name)
        end = self._zoned(meeting.end, zone_name) if meeting.end else None
        return start, end

    def _zoned(self, moment: datetime, zone_name: str, exact: bool = True) -> datetime:
        """`moment` on the wall clock of its zone (with a VTIMEZONE for it).

        A wall time in a TZID always means the first of two when the clocks go back (RFC 5545,
        3.3.5), so the second 01:30 of that night is given in UTC instead (`exact`), not an hour early.
        A repeating event (`exact=False`) keeps its zone: its rule runs on the wall clock.
        """
        name = zone_name or self.store.default_zone
        self.using[1].add(moment.year)
        local = moment.astimezone(zone(name))
        if exact and local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
            return moment.astimezone(UTC)
        self.using[0].add(name)
        return local

    def _text(self, value: str) -> str:
        """Free text as the audience may read it, with one kind of line break (as iCalendar has)."""
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return self.names.text(value)

    def _link(self, url: str) -> str:
        """A link as the audience may follow it: one whose text names a confidential person is left
        out of a public calendar (a link changed to a role would lead nowhere)."""
        return url if not url or self.names.text(url) == url else ""

    def _alarm(self, component: Component, text: str, related_to_end: bool = False) -> None:
        if self.options.alarm is None:
            return
        alarm = Alarm()
        alarm["ACTION"] = self.shared.get(vText, "DISPLAY")
        alarm["DESCRIPTION"] = vText(text)
        alarm["TRIGGER"] = self.shared.get(_before_end if related_to_end else vDDDTypes, -self.options.alarm)
        component.add_component(alarm)


def _categories(name: str) -> vCategory:
    return vCategory([name])


def _before_end(offset: timedelta) -> vDDDTypes:
    """A trigger relative to the end (of a to-do: its due time)."""
    trigger = vDDDTypes(offset)
    trigger.params["RELATED"] = "END"
    return trigger


def _last_year(rule: str, first: datetime) -> int:
    """The year of a rule's last occurrence from `first`; a rule without an end runs at least through
    OPEN_ENDED_THROUGH."""
    from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

    parsed = _rule(rule)
    if "UNTIL" not in parsed and "COUNT" not in parsed:
        return max(OPEN_ENDED_THROUGH, first.year + 10)
    wall = first.replace(tzinfo=None)
    text = rule.strip().removeprefix("RRULE:")
    try:
        occurrences = list(rrulestr(text, dtstart=wall, ignoretz=True))
    except (ValueError, TypeError):
        return max(OPEN_ENDED_THROUGH, first.year + 10)  # in doubt, cover more
    return max(occurrence.year for occurrence in occurrences) if occurrences else first.year


def _rule(text: str) -> Any:
    from delegate.recurrence import check_rule

    return check_rule(text)


def export_state(root: Path, *, internal: bool = False) -> tuple[SequenceLedger, ComponentCache]:
    """The ledger of event versions (in the data folder) and the cache of serialized events for `root`.

    An internal copy says more than a public one (names), so it keeps versions of its own: switching
    between the two must not look like a change to either calendar.
    """
    suffix = "-internal" if internal else ""
    ledger = SequenceLedger.load(root / LEDGER_NAME.replace(".toml", f"{suffix}.toml"))
    cache = ComponentCache.load(cache_path(root, f"calendar{suffix}", ".pickle"), ledger.path)
    return ledger, cache


def _in_order(meeting: Meeting) -> tuple[datetime, str]:
    return meeting.start, meeting.id


class _MinutesFacts(NamedTuple):
    """What a follow-up's event needs of its minutes: not their text, attendance or items."""

    group: str
    date: date
    stamp: object  # of its files, as an event's inputs hold it


_NO_FILE = object()  # a record not saved yet: an event made from it is never reused


def _to_make(steps: list[bytes | Make]) -> int:
    return sum(1 for step in steps if not isinstance(step, bytes))


def _by_id(record: Any) -> str:
    return str(record.id)


class _ByFolder(NamedTuple):
    """A kind whose events are kept folder by folder."""

    whole: str  # the builder's attribute holding the kind read whole
    group: str  # its groups' names begin so
    order: Callable[[Any], Any]  # of its events in the file


_BY_FOLDER = {
    Meeting: _ByFolder("meetings", "meetings", _in_order),
    FollowUp: _ByFolder("followups", "follow-ups", _by_id),
}


def _sample(own: list[Meeting]) -> Meeting | None:
    """The meeting a body's rhythm takes its hour, length and zone from: its last with an hour."""
    return next((meeting for meeting in reversed(own) if not meeting.all_day), None)


def _group_label(folder: str) -> str:
    """A meetings group's name for its folder (the name of a file in the cache): the year, or a
    digest of a folder named by hand (a name there is nobody's business, nor always a file name)."""
    if folder.isascii() and folder.isdigit() and len(folder) == 4:
        return folder
    if not folder:
        return "top"
    return "f" + hashlib.blake2b(folder.encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()


def _files_digest(by_folder: dict[str, str], folder: str | None) -> str:
    """One folder's digest (`folder`), else all the folders' as one."""
    if folder is not None:
        return by_folder.get(folder, "")
    whole = hashlib.blake2b(digest_size=16)
    for name, digest in sorted(by_folder.items()):
        whole.update(f"{name}\t{digest}\n".encode("utf-8", "surrogateescape"))
    return whole.hexdigest()
