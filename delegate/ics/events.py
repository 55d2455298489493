"""One published event as plain values: its start and end as the publisher meant them (a placeholder end
left out, a time said in the title, "TBA" at midnight), its status (said in STATUS or in the title),
and what it says. The reader (`reader.py`) finds the events of a file and expands their series; this
makes each occurrence a CalendarEvent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from delegate.errors import excerpt
from delegate.ics.quirks import placeholder_end, says_to_be_announced, status_in_title, time_in_title

if TYPE_CHECKING:
    from icalendar import Component

_UTC = ZoneInfo("UTC")


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
    status: str = ""  # "cancelled", "postponed", or "" (as planned)
    status_note: str = ""  # where the status was said, when not in STATUS: "its title says 'Cancelled'"
    end_guessed: bool = False  # the published end was a placeholder (or absent on a timed event)
    sequence: int = 0

    @property
    def series_uid(self) -> str:
        return self.uid.split("/", 1)[0]

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class Skip(Exception):
    """An event that cannot be read, with the reason the user is told."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_start(component: Component) -> None:
    if "DTSTART" not in component:
        raise Skip("it has no start time (DTSTART)")
    value_of(component, "DTSTART")


_GUESSED = "X-DELEGATE-END-GUESSED"  # marks a component whose published end was left out here


def drop_placeholder_end(component: Component) -> None:
    """Leave out a DTEND that is only a placeholder (see quirks.placeholder_end), or unreadable, so the
    start stands: the sitting keeps its day and the importer gives it the body's usual length."""
    if "DTEND" not in component:
        return
    begins = value_of(component, "DTSTART")
    try:
        ends = value_of(component, "DTEND")
    except Skip:
        ends = None
    timed = isinstance(begins, datetime)
    if ends is None or timed != isinstance(ends, datetime):
        placeholder = True
    elif not timed:
        placeholder = ends <= begins
    else:
        start_moment, _ = _moment(begins, _UTC)
        end_moment, _ = _moment(ends, _UTC)
        placeholder = placeholder_end(_local(start_moment, begins), _local(end_moment, ends))
    if placeholder:
        del component["DTEND"]
        if timed:
            component[_GUESSED] = "TRUE"


def _local(moment: datetime, original: datetime) -> datetime:
    """`moment` on the wall clock it was written in (floating and UTC times as they are)."""
    return moment.astimezone(original.tzinfo) if original.tzinfo is not None else moment


def event_of(
    uid: str, component: Component, zone: ZoneInfo, occurrence_of: Any = None, as_written: bool = False
) -> CalendarEvent:
    raw_start = value_of(component, "DTSTART")
    all_day = not isinstance(raw_start, datetime)
    begins, zone_name = _moment(raw_start, zone)
    title = text_of(component, "SUMMARY")
    description = text_of(component, "DESCRIPTION")
    guessed = _GUESSED in component
    ends: datetime | None = None
    if "DTEND" in component:
        ends, _ = _moment(value_of(component, "DTEND"), zone)
    elif "DURATION" in component:
        length = value_of(component, "DURATION")
        if isinstance(length, timedelta) and length > timedelta(0):
            ends = begins + length
    elif all_day:
        ends = _moment(raw_start + timedelta(days=1), zone)[0]  # RFC 5545: an all-day event lasts a day
    if as_written:
        pass  # our own export: times and statuses are where they belong
    elif all_day:
        at, rest = time_in_title(title)
        if at is not None:  # "Council Meeting 6:30 PM" on a day: a sitting at 18:30, its length unknown
            begins, ends, all_day, guessed, title = (
                datetime.combine(raw_start, at, tzinfo=zone),
                None,
                False,
                True,
                rest,
            )
    elif begins.astimezone(zone).time() == time(0) and says_to_be_announced(title, description):
        # Midnight standing in for "time to be announced": the day is known, the hour is not.
        all_day, ends = True, None
        begins = datetime.combine(begins.astimezone(zone).date(), time(0), tzinfo=zone)
    if ends is not None and ends.astimezone(_UTC) <= begins.astimezone(_UTC):
        # Instants, not wall times: across the autumn change 01:00 (second) comes after 01:59 (first).
        ends = None  # a moment, not a span (a placeholder end was already left out)
    status = "cancelled" if text_of(component, "STATUS").upper() == "CANCELLED" else ""
    note = ""
    rest, said, word = ("", "", "") if as_written else status_in_title(title)
    if said:
        title = rest
        if not status:
            status, note = said, f"its title says '{word}'"
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
        title=title,
        place=text_of(component, "LOCATION"),
        url=text_of(component, "URL"),
        description=description,
        all_day=all_day,
        status=status,
        status_note=note,
        end_guessed=guessed and not all_day,
        sequence=sequence_of(component),
    )


def value_of(component: Component, name: str) -> Any:
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    if prop is None:
        raise Skip(f"it has no {name}")
    try:
        value = prop.dt
    except Exception:
        # The parser's complaint is its own; ours quotes what the file says, short and escaped.
        written = getattr(prop, "to_ical", lambda: b"")()
        shown = written.decode("utf-8", "replace") if isinstance(written, bytes) else str(written)
        quoted = f" ('{excerpt(shown, 60)}')" if shown.strip() else ""
        raise Skip(f"its {name} cannot be read{quoted}") from None
    if name in ("DTSTART", "DTEND") and not isinstance(value, date):
        raise Skip(f"its {name} is not a date or a date and time")
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


def text_of(component: Component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return (
        "" if value is None else " ".join(str(value).split()) if name != "DESCRIPTION" else str(value).strip()
    )


def sequence_of(component: Component) -> int:
    try:
        return max(0, int(component.get("SEQUENCE", 0)))
    except (TypeError, ValueError):
        return 0
