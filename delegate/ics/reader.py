"""Reading the calendars that boards and councils publish: one event per occurrence, in a window.

Everything a real calendar sends is taken as it comes: broken line endings, folds and encodings are
repaired first (`lines.py`); Windows time-zone names and X-WR-TIMEZONE are resolved by icalendar and
x-wr-timezone; all-day events, floating times, a missing or placeholder DTEND, EXDATE and RECURRENCE-ID
overrides, a cancellation said only in the title, a time said only in the title (`events.py`,
`quirks.py`). Each component is parsed on its own, so an event that cannot be understood is skipped
with its reason (in our words, never a parser's) and the rest is read. Only a file with nothing of
iCalendar in it is refused, with one line.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from delegate.errors import excerpt
from delegate.ics.events import (
    CalendarEvent,
    Skip,
    check_start,
    drop_placeholder_end,
    event_of,
    sequence_of,
    text_of,
)
from delegate.ics.lines import Block, Pieces, split_calendar
from delegate.model import DelegateError

if TYPE_CHECKING:
    from icalendar import Calendar, Component

# A series is expanded no further than this many occurrences in the window: a council meets at most
# a few times a week, and a rule that gives more is not a meeting calendar (and must not hang us).
MAX_OCCURRENCES_PER_SERIES = 1000
_TOO_FREQUENT = {"SECONDLY", "MINUTELY"}
OWN_PRODID = "-//delegate//"  # the start of the PRODID of our own export (ics/export.py)

Progress = Callable[[int, int], None]


class CalendarFileError(DelegateError):
    """The file is not an iCalendar file we can read; nothing in it was used."""


@dataclass(frozen=True, slots=True)
class SkippedEvent:
    what: str  # "'Council meeting' (UID abc)"
    reason: str

    def __str__(self) -> str:
        return f"{self.what}: {self.reason}"


@dataclass
class CalendarRead:
    events: list[CalendarEvent] = field(default_factory=list)
    skipped: list[SkippedEvent] = field(default_factory=list)
    uids: set[str] = field(default_factory=set)  # every event UID in the file, in the window or not
    todos: list[Component] = field(default_factory=list)  # VTODOs, as parsed (not imported as meetings)
    notes: list[str] = field(default_factory=list)  # what was repaired or left out of the file itself
    cut_short: bool = False  # the file ends early: what it does not name may only be missing


def parse_calendar(data: bytes, name: str) -> Pieces:
    """The components of `data`, repaired; CalendarFileError when nothing in it is iCalendar."""
    if not data.strip():
        raise CalendarFileError(f"{name}: the file is empty")
    pieces = split_calendar(data)
    if not pieces.calendar_like:
        head = data[:200].lstrip().lower()
        if head.startswith((b"<!doctype", b"<html", b"<?xml")):
            raise CalendarFileError(f"{name}: a web page, not an iCalendar file (no BEGIN:VCALENDAR)")
        raise CalendarFileError(f"{name}: not an iCalendar file (no BEGIN:VCALENDAR)")
    return pieces


def read_calendar(
    data: bytes,
    name: str,
    *,
    start: datetime,
    end: datetime,
    default_zone: ZoneInfo,
    progress: Progress | None = None,
) -> CalendarRead:
    """The events of the calendar file `data` that start in [start, end), with series expanded."""
    with warnings.catch_warnings():
        # icalendar warns about guessed vendor TZIDs and the like; what matters reaches the user as a skip.
        warnings.simplefilter("ignore")
        return _read(data, name, start, end, default_zone, progress)


def _read(
    data: bytes, name: str, start: datetime, end: datetime, default_zone: ZoneInfo, progress: Progress | None
) -> CalendarRead:
    result = CalendarRead()
    pieces = parse_calendar(data, name)
    result.cut_short = pieces.cut_short
    if pieces.dropped:
        lines = ", ".join(str(number) for number in pieces.dropped[:5]) + (
            ", …" if len(pieces.dropped) > 5 else ""
        )
        result.notes.append(
            f"{len(pieces.dropped)} line(s) that are not iCalendar were left out (line {lines})"
        )
    if pieces.cut_short:
        result.notes.append("the file ends early (no END:VCALENDAR): nothing is cancelled for being missing")
    calendar = _frame(pieces)
    # Our own export says what it means: no publisher's quirk is looked for in it (a one-minute
    # meeting, a title that reads "Cancelled" are what was typed).
    as_written = str(calendar.get("PRODID", "")).startswith(OWN_PRODID)
    for block in pieces.of("VTIMEZONE"):
        # Parsed first: icalendar reads a TZID of the events by the VTIMEZONEs it has met.
        component = _component(block)
        if component is not None:
            calendar.add_component(component)
    groups: dict[str, list[Component]] = {}
    for block in pieces.blocks:
        if block.name not in ("VEVENT", "VTODO"):
            continue
        component = _component(block)
        if component is None:
            what = (
                f"the event at line {block.line}"
                if block.name == "VEVENT"
                else f"a to-do (line {block.line})"
            )
            result.skipped.append(SkippedEvent(what, "it could not be read as iCalendar"))
        elif block.name == "VTODO":
            result.todos.append(component)
        else:
            calendar.add_component(component)
    for component in _standardized(calendar).walk("VEVENT"):
        groups.setdefault(_uid_of(component), []).append(component)
    result.uids = set(groups)
    for done, (uid, components) in enumerate(groups.items(), start=1):
        if pieces.cut_uid and uid == pieces.cut_uid:
            # Part of this series is missing: reading the rest would move its sittings back.
            result.skipped.append(SkippedEvent(_describe(uid, components), "the file ends inside it"))
            continue
        for series_uid, series in _series(uid, components):
            try:
                found = list(
                    _occurrences(series_uid, series, start, end, default_zone, as_written)
                )  # all or none
                result.events.extend(found)
            except Skip as skip:
                result.skipped.append(SkippedEvent(_describe(series_uid, series), skip.reason))
            except Exception:
                # A parser's or an expander's complaint is not ours to show: say which part is bad.
                reason = _broken_part(series) or "its dates or repeat rule cannot be understood"
                result.skipped.append(SkippedEvent(_describe(series_uid, series), reason))
        if progress is not None:
            progress(done, len(groups))
    result.events.sort(key=lambda event: (event.start, event.uid))
    return result


def _frame(pieces: Pieces) -> Calendar:
    """An empty VCALENDAR with the file's calendar-wide properties (X-WR-TIMEZONE matters)."""
    from icalendar import Calendar

    text = "\r\n".join(["BEGIN:VCALENDAR", *pieces.properties, "END:VCALENDAR", ""])
    try:
        calendar = Calendar.from_ical(text)
    except Exception:
        calendar = Calendar()
    for sub in list(calendar.subcomponents):
        calendar.subcomponents.remove(sub)
    return calendar


def _component(block: Block) -> Component | None:
    from icalendar import Component as Parsed

    try:
        parsed = Parsed.from_ical(block.text)
    except Exception:
        return None  # the parser's message quotes the file; the caller says it in our words
    return parsed if isinstance(parsed, Parsed) else None


def _series(uid: str, components: list[Component]) -> list[tuple[str, list[Component]]]:
    """The events sharing one UID, as the series they make.

    A UID given to several events that each stand alone (a publisher numbering per series, not per
    sitting) makes one event per start; copies of one event keep the latest version.
    """
    masters = [component for component in components if "RECURRENCE-ID" not in component]
    if len(masters) < 2 or any("RRULE" in master or "RDATE" in master for master in masters):
        if len(masters) > 1:
            masters.sort(key=sequence_of)
            components = [masters[-1]] + [c for c in components if "RECURRENCE-ID" in c]
        return [(uid, components)]
    by_start: dict[str, Component] = {}
    for master in masters:
        key = _stamp_of(master.get("DTSTART"))
        kept = by_start.get(key)
        if kept is None or sequence_of(master) >= sequence_of(kept):
            by_start[key] = master
    if len(by_start) == 1:
        return [(uid, list(by_start.values()))]
    return [(f"{uid}/{key}", [master]) for key, master in by_start.items()]


def _stamp_of(prop: Any) -> str:
    try:
        value = prop.dt
    except Exception:
        return "unknown"
    if isinstance(value, datetime):
        return value.strftime("%Y%m%dT%H%M%S%z")
    return value.strftime("%Y%m%d") if isinstance(value, date) else "unknown"


def _broken_part(components: list[Component]) -> str:
    """'its RRULE cannot be read', naming the first property icalendar could not read, or ''."""
    for component in components:
        for prop, _error in getattr(component, "errors", ()):
            if prop:
                return f"its {prop} cannot be read"
    return ""


def _standardized(calendar: Calendar) -> Calendar:
    """Apply X-WR-TIMEZONE (Google's calendar-wide zone) to the floating times it governs."""
    if "X-WR-TIMEZONE" not in calendar:
        return calendar
    import x_wr_timezone  # type: ignore[import-untyped]

    try:
        return x_wr_timezone.to_standard(calendar)  # type: ignore[no-any-return]
    except Exception:
        return calendar


def _occurrences(
    uid: str,
    components: list[Component],
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    as_written: bool = False,
) -> Iterator[CalendarEvent]:
    masters = [component for component in components if "RECURRENCE-ID" not in component]
    for component in components:
        check_start(component)
        if not as_written:
            drop_placeholder_end(component)
    recurring = len(components) > 1 or any("RRULE" in master or "RDATE" in master for master in masters)
    if not recurring:
        event = event_of(uid, components[0], zone, as_written=as_written)
        if start <= event.start < end:
            yield event
        return
    for master in masters:
        rules = master.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            if str(rule.get("FREQ", [""])[0]).upper() in _TOO_FREQUENT:
                raise Skip("it repeats every minute or second; that is not a meeting series")
    import recurring_ical_events
    from icalendar import Calendar

    series = Calendar()
    for component in components:
        series.add_component(component)
    # Only the window is expanded: a daily series that began years ago costs the days asked for.
    count = 0
    for occurrence in recurring_ical_events.of(series).between(start, end):
        event = event_of(uid, occurrence, zone, occurrence.get("RECURRENCE-ID"), as_written)
        if not start <= event.start < end:
            continue  # begun before the window, or a floating time read in another zone
        count += 1
        if count > MAX_OCCURRENCES_PER_SERIES:
            raise Skip(
                f"more than {MAX_OCCURRENCES_PER_SERIES} occurrences in the window; not a meeting series"
            )
        yield event


def _uid_of(component: Component) -> str:
    uid = component.get("UID")
    if uid is not None and str(uid).strip():
        return str(uid).strip()
    # No UID (allowed in some exports): the same event read again must get the same stand-in.
    seed = f"{component.get('DTSTART', '')!r}|{component.get('SUMMARY', '')}"
    return "no-uid-" + hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:12]


def _describe(uid: str, components: list[Component]) -> str:
    title = next((text_of(component, "SUMMARY") for component in components if "SUMMARY" in component), "")
    shown = excerpt(title, 60) if title else "untitled event"
    return f"'{shown}' (UID {excerpt(uid, 60)})"
