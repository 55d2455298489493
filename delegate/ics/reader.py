"""Reading the calendars that boards and councils publish: one event per occurrence, in a window.

Everything a real calendar sends is taken as it comes: a BOM, CRLF and folded lines, Windows time-zone
names and X-WR-TIMEZONE (icalendar and recurring-ical-events resolve them), all-day events, floating
times, missing DTEND, EXDATE and RECURRENCE-ID overrides. A file that cannot be parsed at all is
refused with one line; an event that cannot be understood is skipped with its reason and the rest
is read.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from delegate.errors import excerpt
from delegate.model import DelegateError

if TYPE_CHECKING:
    from icalendar import Calendar, Component

# A series is expanded no further than this many occurrences in the window: a council meets at most
# a few times a week, and a rule that gives more is not a meeting calendar (and must not hang us).
MAX_OCCURRENCES_PER_SERIES = 1000
_TOO_FREQUENT = {"SECONDLY", "MINUTELY"}

Progress = Callable[[int, int], None]


class CalendarFileError(DelegateError):
    """The file is not an iCalendar file we can read; nothing in it was used."""


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One occurrence of a published event, in plain values."""

    uid: str  # the event's UID; an occurrence of a series adds "/" and its original start
    start: datetime
    end: datetime | None
    zone: str  # the IANA zone the event was published in, or "" (UTC or floating: the body's zone)
    title: str = ""
    place: str = ""
    url: str = ""
    description: str = ""
    all_day: bool = False
    cancelled: bool = False
    sequence: int = 0

    @property
    def series_uid(self) -> str:
        return self.uid.split("/", 1)[0]


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


def parse_calendar(data: bytes, name: str) -> list[Calendar]:
    """The VCALENDARs in `data`, or CalendarFileError naming the file and what is wrong."""
    from icalendar import Calendar

    if not data.strip():
        raise CalendarFileError(f"{name}: the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Outlook exports are sometimes Windows-1252
    if "BEGIN:VCALENDAR" not in text.upper():
        if "BEGIN:VEVENT" not in text.upper():
            raise CalendarFileError(f"{name}: not an iCalendar file (no BEGIN:VCALENDAR)")
        # A bare event, as some sites offer for "add to calendar": read it as a calendar of one.
        text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{text.strip()}\r\nEND:VCALENDAR\r\n"
    try:
        # Any exception here is the parser's reaction to malformed input; the file is refused whole.
        components = Calendar.from_ical(text, multiple=True)
    except Exception as error:
        raise CalendarFileError(f"{name}: not a readable iCalendar file ({_first_line(error)})") from None
    calendars = [component for component in components if isinstance(component, Calendar)]
    if not calendars:
        raise CalendarFileError(f"{name}: not an iCalendar file (no VCALENDAR in it)")
    return calendars


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
    groups: dict[str, list[Component]] = {}
    for parsed in parse_calendar(data, name):
        for component in _standardized(parsed).subcomponents:
            if component.name == "VEVENT":
                groups.setdefault(_uid_of(component), []).append(component)
            elif component.name == "VTODO":
                result.todos.append(component)
    result.uids = set(groups)
    for done, (uid, components) in enumerate(groups.items(), start=1):
        try:
            found = list(_occurrences(uid, components, start, end, default_zone))  # all or none
            result.events.extend(found)
        except _Skip as skip:
            result.skipped.append(SkippedEvent(_describe(uid, components), skip.reason))
        except Exception as error:
            result.skipped.append(SkippedEvent(_describe(uid, components), _first_line(error)))
        if progress is not None:
            progress(done, len(groups))
    result.events.sort(key=lambda event: (event.start, event.uid))
    return result


class _Skip(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
    uid: str, components: list[Component], start: datetime, end: datetime, zone: ZoneInfo
) -> Iterator[CalendarEvent]:
    masters = [component for component in components if "RECURRENCE-ID" not in component]
    for component in components:
        _check_start(component)
    recurring = len(components) > 1 or any("RRULE" in master or "RDATE" in master for master in masters)
    if not recurring:
        event = _event(uid, components[0], zone)
        if start <= event.start < end:
            yield event
        return
    for master in masters:
        rules = master.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            if str(rule.get("FREQ", [""])[0]).upper() in _TOO_FREQUENT:
                raise _Skip("it repeats every minute or second; that is not a meeting series")
    import recurring_ical_events
    from icalendar import Calendar

    series = Calendar()
    for component in components:
        series.add_component(component)
    for count, occurrence in enumerate(recurring_ical_events.of(series).after(start), start=1):
        event = _event(uid, occurrence, zone, occurrence_of=occurrence.get("RECURRENCE-ID"))
        if event.start >= end:
            break
        if event.start >= start:
            yield event
        if count >= MAX_OCCURRENCES_PER_SERIES:
            raise _Skip(
                f"more than {MAX_OCCURRENCES_PER_SERIES} occurrences in the window; not a meeting series"
            )


def _check_start(component: Component) -> None:
    if "DTSTART" not in component:
        raise _Skip("it has no start time (DTSTART)")
    _value(component, "DTSTART")


def _event(uid: str, component: Component, zone: ZoneInfo, occurrence_of: Any = None) -> CalendarEvent:
    raw_start = _value(component, "DTSTART")
    all_day = not isinstance(raw_start, datetime)
    begins, zone_name = _moment(raw_start, zone)
    raw_end = _value(component, "DTEND") if "DTEND" in component else None
    ends: datetime | None = None
    if raw_end is not None:
        ends, _ = _moment(raw_end, zone)
    elif "DURATION" in component:
        length = _value(component, "DURATION")
        if isinstance(length, timedelta) and length > timedelta(0):
            ends = begins + length
    elif all_day:
        ends = _moment(raw_start + timedelta(days=1), zone)[0]  # RFC 5545: an all-day event lasts a day
    if ends is not None and ends <= begins:
        if ends < begins:
            raise _Skip("it ends before it starts")
        ends = None  # a zero-length event: a moment, not a span
    if occurrence_of is not None:
        original = occurrence_of.dt
        stamp = (
            original.strftime("%Y%m%dT%H%M%S%z")
            if isinstance(original, datetime)
            else original.strftime("%Y%m%d")
        )
        uid = f"{uid}/{stamp}"
    return CalendarEvent(
        uid=uid,
        start=begins,
        end=ends,
        zone=zone_name,
        title=_text(component, "SUMMARY"),
        place=_text(component, "LOCATION"),
        url=_text(component, "URL"),
        description=_text(component, "DESCRIPTION"),
        all_day=all_day,
        cancelled=_text(component, "STATUS").upper() == "CANCELLED",
        sequence=_sequence(component),
    )


def _value(component: Component, name: str) -> Any:
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    if prop is None:
        raise _Skip(f"it has no {name}")
    try:
        value = prop.dt
    except Exception as error:
        # "Cannot access 'dt' on broken property 'DTSTART' (…): Expected datetime… Got: 'x'" -> the why
        why = _first_line(error, 1000).rsplit("): ", 1)[-1]
        raise _Skip(f"its {name} cannot be read ({excerpt(why, 120)})") from None
    if name in ("DTSTART", "DTEND") and not isinstance(value, date):
        raise _Skip(f"its {name} is not a date or a date and time")
    return value


def _moment(value: date | datetime, zone: ZoneInfo) -> tuple[datetime, str]:
    """An aware datetime and the IANA zone it was given in ("" when UTC, floating or all-day)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=zone), ""
    if value.tzinfo is None:
        return value.replace(tzinfo=zone), ""
    name = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else ""
    if name in ("UTC", "Etc/UTC", "GMT"):
        name = ""
    return (value if name else value.astimezone(zone)), name


def _text(component: Component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return (
        "" if value is None else " ".join(str(value).split()) if name != "DESCRIPTION" else str(value).strip()
    )


def _sequence(component: Component) -> int:
    try:
        return max(0, int(component.get("SEQUENCE", 0)))
    except (TypeError, ValueError):
        return 0


def _uid_of(component: Component) -> str:
    uid = component.get("UID")
    if uid is not None and str(uid).strip():
        return str(uid).strip()
    # No UID (allowed in some exports): the same event read again must get the same stand-in.
    seed = f"{component.get('DTSTART', '')!r}|{component.get('SUMMARY', '')}"
    return "no-uid-" + hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:12]


def _describe(uid: str, components: list[Component]) -> str:
    title = next((_text(component, "SUMMARY") for component in components if "SUMMARY" in component), "")
    shown = excerpt(title, 60) if title else "untitled event"
    return f"'{shown}' (UID {excerpt(uid, 60)})"


def _first_line(error: BaseException, limit: int = 120) -> str:
    """The parser's complaint, which quotes the file: one line, short, its control bytes escaped."""
    text = str(error).strip().splitlines()
    return excerpt(text[0], limit) if text else type(error).__name__
