"""The calendar: one export for the command line and the app, and a body's published calendar read in.

Exporting is one sequence wherever it is asked for: the event versions and the cache of the last
export are read, the calendar is made for its audience, its new versions are kept, and the file is
written (atomically, owner only); if the file cannot be written the versions kept are put back, so a
file that could not be written moves no SEQUENCE, and a full disk stops the export before anything
changed. A public calendar, its cache and its ledger never hold a confidential name; an internal
one keeps versions of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from delegate.ics.export import (
    COUNTED_AS,
    DEFAULT_ALARM,
    ExportOptions,
    ExportResult,
    export_calendar,
    export_state,
)
from delegate.model import Body, Meeting
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.bodies import zone_of
from delegate.services.files import save_export, write_file
from delegate.store import Store
from delegate.store.atomic import atomic_write, explain_os_error, remove_file
from delegate.timezones import zone

if TYPE_CHECKING:
    from delegate.ics.importing import ImportPlan

CALENDAR_FILE = "delegate.ics"  # in the app's exports folder
WHAT = "the calendar"
IMPORT_WINDOW = timedelta(days=365)

Progress = Callable[[int, int], None]
# Delivers the calendar (a file, the app's exports folder, stdout): given a function that writes its
# bytes to an open binary file, so they are never joined in memory. The path written, if any.
Writer = Callable[[Callable[[BinaryIO], None]], Path | None]


# ---- export ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarExported:
    """What an export delivered, for the CLI and the app to say."""

    path: Path | None  # None when it went to a stream (stdout)
    counts: Mapping[str, int]  # "meetings", "schedules", "deadlines", "follow-ups" (in that order)
    audience: Audience

    @property
    def internal(self) -> bool:
        return self.audience is Audience.INTERNAL

    @property
    def summary(self) -> str:
        """'5 meetings, 1 deadline, 4 follow-ups', or 'an empty calendar'."""
        return counted(self.counts) or "an empty calendar"


def counted(counts: Mapping[str, int]) -> str:
    """Counts by kind as words, those at zero left out: '1 meeting, 3 follow-ups'."""
    singular = {plural: plural.removesuffix("s") for plural in COUNTED_AS.values()}
    return ", ".join(
        f"{count} {singular.get(kind, kind) if count == 1 else kind}"
        for kind, count in counts.items()
        if count
    )


def export_calendar_file(
    store: Store,
    now: datetime,
    write: Writer,
    *,
    audience: Audience = Audience.PUBLIC,
    start: date | None = None,
    end: date | None = None,
    bodies: Iterable[str] = (),
    followups: bool = True,
    alarm: timedelta | None = DEFAULT_ALARM,
    progress: Progress | None = None,
) -> CalendarExported:
    """Make the calendar for `audience`, `write` it, and only then keep its event versions.

    `bodies` are what someone typed (ids or unique prefixes); none means every body. Dates are
    inclusive. A failure to write leaves the versions (and so every SEQUENCE) as they were.
    """
    wanted = frozenset(store.find(Body, reference).id for reference in bodies)
    options = ExportOptions(start=start, end=end, bodies=wanted, followups=followups, alarm=alarm)
    lens = lens_for(store, audience)
    ledger, cache = export_state(store.root, internal=lens.internal)
    result = export_calendar(store, options, now, ledger, progress, cache, names=lens)
    path = _deliver(result, write)
    return CalendarExported(path, dict(result.counts), audience)


def _deliver(result: ExportResult, write: Writer) -> Path | None:
    """Keep the calendar's new event versions, then `write` it; if that fails, put the versions back.

    The versions go first so that a ledger that cannot be written (a full disk) stops the export
    before the calendar file changes, and the error can say that nothing was changed.
    """
    ledger = result.ledger
    target = ledger.path if ledger is not None and ledger.dirty else None  # None: nothing to keep
    before = _contents(target) if target is not None else None
    if ledger is not None and target is not None:
        try:
            ledger.save()
        except OSError as error:
            raise explain_os_error(error, "write the calendar's event versions to", target) from None
    try:
        path = write(result.write_to)
    except BaseException:
        if target is not None:
            _put_back(target, before)
        raise
    result.release()  # written: its bytes are not held while the cache is saved
    if result.cache is not None:
        result.cache.save()  # a cache that cannot be written costs time, not data
    return path


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _put_back(path: Path, before: bytes | None) -> None:
    """The ledger as it was before this export (absent if it was). If even that cannot be written, the
    versions stay ahead of the calendar people have: harmless, a SEQUENCE may skip a number."""
    with contextlib.suppress(OSError):
        if before is None:
            remove_file(path)
        else:
            atomic_write(path, before)


def to_file(path: Path) -> Writer:
    """Write the calendar to `path` (the CLI's -o): a missing folder is an error, not made."""
    return lambda data: write_file(path, data, WHAT)


def save_calendar(store: Store, now: datetime) -> CalendarExported:
    """The app's export: `exports/delegate.ics`, public, with the defaults of `delegate export ics`."""
    return export_calendar_file(store, now, lambda data: save_export(store, CALENDAR_FILE, data, WHAT))


# ---- import ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportChangeView:
    """One meeting an import adds, updates or cancels, as the audience may read it.

    Titles, places and reasons come from a council's feed: untrusted text, shown through the lens
    (control characters made visible, confidential names by role).
    """

    action: str  # "add", "update" or "cancel"
    when: str  # "Tue 2026-12-08 09:30", or "Wed 2027-01-20 all day"
    title: str
    detail: str  # what changed, or why it is cancelled ("" when there is nothing to add)


@dataclass(frozen=True)
class ImportView:
    """What importing a body's calendar changed (or, in a dry run, would change)."""

    body: str
    changes: tuple[ImportChangeView, ...]
    skipped: tuple[str, ...]  # events that could not be read, and why
    counts: Mapping[str, int]  # "add", "update", "cancel", "unchanged"
    first: date
    last: date
    written: bool
    notes: tuple[str, ...] = ()  # about the file itself: lines left out, a file cut short

    @property
    def summary(self) -> str:
        """'2 new, 1 updated, 0 cancelled, 3 unchanged, 1 skipped'."""
        return (
            f"{self.counts['add']} new, {self.counts['update']} updated, "
            f"{self.counts['cancel']} cancelled, {self.counts['unchanged']} unchanged, "
            f"{len(self.skipped)} skipped"
        )


def import_window(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    """The days an import looks at: from `start` (else today), to `end` (else twelve months on)."""
    first = start or today
    return first, end or first + IMPORT_WINDOW


def import_calendar(
    store: Store,
    body_reference: str,
    data: bytes,
    source: str,
    *,
    first: date,
    last: date,
    dry_run: bool = False,
    audience: Audience = Audience.PUBLIC,
    progress: Progress | None = None,
) -> ImportView:
    """Turn the events of a body's published calendar (`data`, read from `source`) that fall from
    `first` to `last` into its meetings; with `dry_run`, only say what would change."""
    # Here, not with the module: an export reads no calendar.
    from delegate.ics.importing import apply_import, plan_import
    from delegate.ics.reader import read_calendar

    body = store.find(Body, body_reference)
    zone_name = zone_of(store, body)
    tz = zone(zone_name)
    window_start = datetime.combine(first, time(0), tzinfo=tz)
    window_end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    read = read_calendar(data, source, start=window_start, end=window_end, default_zone=tz, progress=progress)
    plan = plan_import(store, body, read, window_start, window_end, zone_name)
    if not dry_run:
        apply_import(store, plan)
    return import_view(plan, lens_for(store, audience), first, last, written=not dry_run)


def import_view(plan: ImportPlan, lens: Lens, first: date, last: date, *, written: bool) -> ImportView:
    """An import plan as `lens`'s audience may read it."""
    changes = []
    for change in plan.pending:
        meeting = change.meeting
        detail = ", ".join(change.differences()) if change.action == "update" else ""
        if change.action == "cancel" or (change.action == "add" and meeting.status_reason):
            detail = lens.text(meeting.status_reason)
        title = lens.text(meeting.display_title(plan.body.name))
        changes.append(ImportChangeView(change.action, _when(meeting), title, detail))
    counts = {action: plan.count(action) for action in ("add", "update", "cancel", "unchanged")}
    skipped = tuple(lens.text(str(skipped)) for skipped in plan.skipped)
    notes = tuple(lens.text(note) for note in plan.notes)
    return ImportView(lens.text(plan.body.name), tuple(changes), skipped, counts, first, last, written, notes)


def _when(meeting: Meeting) -> str:
    if meeting.all_day:
        return f"{meeting.start:%a %Y-%m-%d} all day"
    return f"{meeting.start:%a %Y-%m-%d %H:%M}"
