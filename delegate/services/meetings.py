"""Scheduling, listing, editing and cancelling meetings; meetings as views for an audience."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from delegate import clock
from delegate.model import Body, Delegation, Meeting, MeetingStatus, ValidationError
from delegate.model.common import after
from delegate.parsing import in_zone
from delegate.recurrence import expand
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.bodies import zone_of
from delegate.services.delegations import DelegationView, delegations_of
from delegate.services.views import LazyRecordView
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
    # From a day on, only meetings not over by then can be listed: the index keeps those apart, so
    # the years before stay unread.
    candidates = store.in_play(Meeting, start) if start is not None else store.all(Meeting)
    meetings = [
        meeting
        for meeting in candidates
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
    """Mark a meeting cancelled; its SEQUENCE goes up so calendars that imported it see the change."""
    cancelled = replace(meeting.cancel(reason), sequence=meeting.sequence + 1)
    store.save(cancelled)
    return cancelled


def edit_meeting(
    store: Store,
    meeting: Meeting,
    start: datetime,
    *,
    duration: timedelta | None = None,
    place: str = "",
    agenda_url: str = "",
    notes: str = "",
) -> Meeting:
    """Move a meeting or change where it is. A naive `start` is a wall time in the meeting's own
    zone; its SEQUENCE goes up so calendars that imported it take the change. Saved."""
    tz = zone(meeting.timezone or store.default_zone)
    start = in_zone(start, tz) if start.tzinfo is None else start.astimezone(tz)
    changed = replace(
        meeting,
        start=start,
        end=after(start, duration) if duration is not None else None,
        place=place.strip(),
        agenda_url=agenda_url.strip(),
        notes=notes.strip(),
        sequence=meeting.sequence + 1,
    )
    store.save(changed)
    return changed


def ongoing_or_ahead(meeting: Meeting, now: datetime) -> bool:
    """Still to come: not started yet, or a day-long meeting whose days are not over."""
    return meeting.start >= now or (meeting.all_day and meeting.end is not None and meeting.end > now)


def meeting_when(start: datetime, all_day: bool, day: str = "%a %d %b %Y", sep: str = " ") -> str:
    """When a meeting starts: 'Thu 17 Dec 2026 18:00', or 'Tue 12 Jan 2027 all day' for a day-long one
    (`day` formats the date, `sep` comes before the time)."""
    return start.strftime(day) + sep + ("all day" if all_day else f"{start:%H:%M}")


# ---- views -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingView:
    """One meeting as an audience may see it (titles, places and notes are typed or imported text)."""

    id: str
    body: str  # the body's id
    body_name: str  # the body's name (its id when the body is missing)
    heading: str  # the body's name with this sitting's title: 'City Council: Budget meeting'
    title: str
    start: datetime
    end: datetime | None
    all_day: bool
    timezone: str
    place: str
    agenda_url: str
    status: str
    status_reason: str
    repeat: str
    series: str
    notes: str
    ours: tuple[str, ...]  # the statuses of our delegations on it
    fields: Mapping[str, Any]  # the record as `--json` gives it, for the same audience (made when read)


@dataclass(frozen=True)
class MeetingDetail:
    """A meeting's show: its view, when requests are due, and our delegations on it."""

    view: MeetingView
    request_deadline: datetime | None  # None when the body keeps no rule (or the body is missing)
    delegations: tuple[DelegationView, ...]


def meeting_view(
    meeting: Meeting, lens: Lens, body: Body | None, ours: Iterable[Delegation | str] = ()
) -> MeetingView:
    """A meeting for `lens`'s audience; `ours`: our delegations on it (or their statuses)."""
    body_name = lens.text(body.name) if body else meeting.body
    return MeetingView(
        id=meeting.id,
        body=meeting.body,
        body_name=body_name,
        heading=lens.text(meeting.display_title(body.name if body else meeting.body)),
        title=lens.text(meeting.title),
        start=meeting.start,
        end=meeting.end,
        all_day=meeting.all_day,
        timezone=meeting.timezone,
        place=lens.text(meeting.place),
        agenda_url=lens.text(meeting.agenda_url),
        status=meeting.status.value,
        status_reason=lens.text(meeting.status_reason),
        repeat=meeting.repeat,
        series=meeting.series,
        notes=lens.text(meeting.notes),
        ours=tuple(item if isinstance(item, str) else item.status.value for item in ours),
        # A script reading the JSON needs the status and why, even "scheduled" and "" (the file
        # leaves defaults out).
        fields=LazyRecordView(
            meeting, lens, status=meeting.status.value, status_reason=lens.text(meeting.status_reason)
        ),
    )


def meeting_views(
    store: Store,
    audience: Audience,
    start: date | None = None,
    end: date | None = None,
    body: str | None = None,
    *,
    coming: datetime | None = None,
) -> list[MeetingView]:
    """Meetings in date order as `audience` may see them: from/to a date (inclusive), of one body,
    and with `coming` only those still to come at that moment."""
    lens = lens_for(store, audience)
    bodies = {item.id: item for item in store.all(Body)}
    ours = statuses_by_meeting(store)
    if coming is not None and start is None:
        # Only meetings not over can still be to come: those the index keeps in play.
        found = sorted(
            (
                meeting
                for meeting in store.in_play(Meeting, coming.date())
                if (end is None or meeting.start.date() <= end) and (body is None or meeting.body == body)
            ),
            key=lambda meeting: meeting.start,
        )
    else:
        found = list_meetings(store, start, end, body)
    return [
        meeting_view(meeting, lens, bodies.get(meeting.body), ours.get(meeting.id, ()))
        for meeting in found
        if coming is None or ongoing_or_ahead(meeting, coming)
    ]


# Kept in the index while the delegations' files stay as read: a week's list then reads no
# delegation out of play. The name changes whenever what is kept does.
STATUSES_BY_MEETING = "delegation-statuses-by-meeting-1"


def statuses_by_meeting(store: Store) -> dict[str, tuple[str, ...]]:
    """The statuses of our delegations on each meeting (in the delegations' id order), by meeting id."""
    store.in_play(Delegation, clock.today())  # looks at what changed since the index was written

    def every_delegation() -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for delegation in store.all(Delegation):
            found.setdefault(delegation.meeting, []).append(delegation.status.value)
        return {meeting: tuple(statuses) for meeting, statuses in found.items()}

    return store.derived(STATUSES_BY_MEETING, (Delegation,), every_delegation)


def upcoming_views(
    store: Store, audience: Audience, now: datetime, body: str | None = None
) -> list[MeetingView]:
    """`upcoming` as views for `audience`: open meetings that have not started yet, soonest first."""
    lens = lens_for(store, audience)
    bodies = {item.id: item for item in store.all(Body)}
    return [meeting_view(meeting, lens, bodies.get(meeting.body)) for meeting in upcoming(store, now, body)]


def meeting_detail(store: Store, meeting: Meeting, audience: Audience) -> MeetingDetail:
    """What `meeting show` and the meeting's screen show, for `audience`."""
    lens = lens_for(store, audience)
    body = store.lookup(Body, meeting.body)
    ours = [item for item in store.all(Delegation) if item.meeting == meeting.id]
    rule = body.request_deadline if body else None
    return MeetingDetail(
        view=meeting_view(meeting, lens, body, ours),
        request_deadline=rule.deadline_for(meeting.start) if rule else None,
        delegations=tuple(delegations_of(store, lens, ours)),
    )
