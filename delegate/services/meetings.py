"""Scheduling, listing and cancelling meetings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from delegate.model import Body, Meeting, MeetingStatus, ValidationError
from delegate.model.common import after
from delegate.parsing import in_zone
from delegate.recurrence import expand
from delegate.services.bodies import zone_of
from delegate.store import Store
from delegate.timezones import zone

REPEAT_WINDOW = timedelta(days=366)


def add_meeting(
    store: Store,
    body: Body,
    start: datetime,
    *,
    end: datetime | None = None,
    duration: timedelta | None = None,
    place: str = "",
    agenda_url: str = "",
    repeat: str = "",
) -> list[Meeting]:
    """Schedule a meeting (naive times are wall times in the body's zone).

    With `repeat` (an RRULE) every occurrence in the next twelve months becomes its own meeting, so
    each can be cancelled or moved and carry our delegation; the first one keeps the rule.
    """
    zone_name = zone_of(store, body)
    tz = zone(zone_name)
    start = in_zone(start, tz) if start.tzinfo is None else start.astimezone(tz)
    if end is not None:
        end = in_zone(end, tz) if end.tzinfo is None else end.astimezone(tz)
        if end.timestamp() <= start.timestamp():  # as instants, not wall clocks (DST)
            raise ValidationError("the meeting must end after it starts")
    elif duration is not None:
        end = after(start, duration)
    starts = expand(repeat, start, start + REPEAT_WINDOW) if repeat else [start]
    if not starts:
        raise ValidationError(f"the rule {repeat!r} gives no meeting in the next twelve months")
    # Real time between them (a wall-clock difference is an hour off across a clock change).
    length = end.astimezone(UTC) - start.astimezone(UTC) if end is not None else None
    meetings: list[Meeting] = []
    series = ""
    for index, when in enumerate(starts):
        meeting = Meeting(
            # Two sessions on one day (BYHOUR=10,18) need two ids: none is saved yet, so say which are taken.
            id=store.new_id(Meeting, f"{when:%Y-%m-%d}-{body.id}", taken={m.id for m in meetings}),
            body=body.id,
            start=when,
            end=after(when, length) if length is not None else None,
            timezone=zone_name,
            place=place or body.place,
            agenda_url=agenda_url,
            repeat=repeat if index == 0 else "",
            series=series,
        )
        # Validate every occurrence before writing any, so a bad rule writes nothing.
        meetings.append(meeting)
        series = series or meeting.id
    for meeting in meetings:
        store.save(meeting)
    return meetings


def list_meetings(
    store: Store, start: date | None = None, end: date | None = None, body: str | None = None
) -> list[Meeting]:
    """Meetings in date order, optionally from/to a date (inclusive) and for one body."""
    meetings = [
        meeting
        for meeting in store.all(Meeting)
        if (start is None or meeting.start.date() >= start)
        and (end is None or meeting.start.date() <= end)
        and (body is None or meeting.body == body)
    ]
    return sorted(meetings, key=lambda meeting: meeting.start)


def upcoming(store: Store, now: datetime, body: str | None = None) -> list[Meeting]:
    """Open meetings that have not started yet, soonest first."""
    return [
        meeting
        for meeting in list_meetings(store, start=now.date(), body=body)
        if meeting.is_ahead(now) and meeting.status is MeetingStatus.SCHEDULED
    ]


def cancel_meeting(store: Store, meeting: Meeting, reason: str = "") -> Meeting:
    cancelled = replace(meeting.cancel(reason), sequence=meeting.sequence + 1)
    store.save(cancelled)
    return cancelled
