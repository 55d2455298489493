"""Turning a body's published calendar into its Meetings: add new sittings, update moved ones.

An event is matched to a meeting by its source UID (one per occurrence of a series), else by the
same series and original day (the whole series moved to another hour), else by the same start at
the same body (a meeting typed in by hand before the calendar was imported). Nothing
the user wrote (notes, our delegations) is touched; a sitting that disappears from a series, or is
marked cancelled there, is cancelled here with a reason, never deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from delegate.ics.events import CalendarEvent
from delegate.ics.reader import CalendarRead, SkippedEvent
from delegate.model import Body, Meeting, MeetingStatus
from delegate.store import Store
from delegate.timezones import zone

Action = Literal["add", "update", "cancel", "unchanged"]
CANCELLED_THERE = "cancelled in the published calendar"
POSTPONED_THERE = "postponed in the published calendar"
GONE_THERE = "no longer in the published calendar"
_SAID_THERE = (CANCELLED_THERE, POSTPONED_THERE, GONE_THERE)
_COMPARED = (
    "start",
    "end",
    "timezone",
    "title",
    "place",
    "agenda_url",
    "all_day",
    "status",
    "status_reason",
    "source_uid",
)


@dataclass(frozen=True)
class Change:
    action: Action
    meeting: Meeting  # as it will be saved (or as it is, when unchanged)
    before: Meeting | None = None

    def differences(self) -> list[str]:
        if self.before is None:
            return []
        return [
            name.replace("_", " ")
            for name in _COMPARED
            if getattr(self.before, name) != getattr(self.meeting, name)
        ]


@dataclass
class ImportPlan:
    body: Body
    changes: list[Change] = field(default_factory=list)
    skipped: list[SkippedEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the file itself (lines left out, cut short)

    def count(self, action: Action) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def pending(self) -> list[Change]:
        return [change for change in self.changes if change.action != "unchanged"]


def plan_import(
    store: Store, body: Body, read: CalendarRead, start: datetime, end: datetime, default_zone: str
) -> ImportPlan:
    """What importing `read` into `body` would change; nothing is written."""
    plan = ImportPlan(body, skipped=list(read.skipped), notes=list(read.notes))
    own = [meeting for meeting in store.all(Meeting) if meeting.body == body.id]
    by_uid = {meeting.source_uid: meeting for meeting in own if meeting.source_uid}
    by_start = {meeting.start: meeting for meeting in own if not meeting.source_uid}
    # A series moved to another hour gives each occurrence a new RECURRENCE-ID, so a new source UID:
    # an occurrence the file no longer names is still the one of its series on its original day.
    named = {event.uid for event in read.events}
    by_occurrence: dict[tuple[str, str], Meeting] = {}
    for meeting in own:
        key = _occurrence_key(meeting.source_uid)
        if key is not None and meeting.source_uid not in named:
            by_occurrence.setdefault(key, meeting)
    taken: set[str] = set()
    matched: set[str] = set()
    length = usual_length(own, read.events)
    for event in read.events:
        existing = by_uid.get(event.uid)
        key = _occurrence_key(event.uid)
        if existing is None and key is not None:
            existing = by_occurrence.pop(key, None)
        if existing is None:
            existing = by_start.pop(event.start, None)
        if existing is not None and existing.id in matched:
            existing = None  # two events at one start: the second becomes its own meeting
        if existing is None:
            meeting = _new_meeting(store, body, event, default_zone, taken, length)
            taken.add(meeting.id)
            plan.changes.append(Change("add", meeting))
            continue
        matched.add(existing.id)
        updated = _updated(existing, body, event, default_zone, length)
        action: Action = "unchanged" if updated == existing else "update"
        if (
            action == "update"
            and updated.status is MeetingStatus.CANCELLED
            and existing.status is not updated.status
        ):
            action = "cancel"  # it became cancelled: that is what the summary must say
        plan.changes.append(Change(action, updated, existing))
    for meeting in own:
        # An occurrence of a series we imported before, inside the window, that the calendar no longer has.
        series = meeting.source_uid.split("/", 1)[0]
        if (
            meeting.source_uid
            and not read.cut_short
            and meeting.id not in matched
            and series in read.uids
            and start <= meeting.start < end
            and meeting.status is MeetingStatus.SCHEDULED
        ):
            gone = replace(
                meeting,
                status=MeetingStatus.CANCELLED,
                status_reason=GONE_THERE,
                sequence=meeting.sequence + 1,
            )
            plan.changes.append(Change("cancel", gone, meeting))
    plan.changes.sort(key=lambda change: (change.meeting.start, change.meeting.id))
    return plan


def apply_import(store: Store, plan: ImportPlan) -> None:
    """Save every added, updated or cancelled meeting of the plan."""
    for change in plan.pending:
        store.save(change.meeting)


def usual_length(own: list[Meeting], events: list[CalendarEvent]) -> timedelta | None:
    """The length most of a body's sittings have (its meetings here, else the feed's own ends): what
    a sitting whose published end is only a placeholder is given."""
    lengths = Counter(
        meeting.end - meeting.start for meeting in own if meeting.end is not None and not meeting.all_day
    )
    if not lengths:
        lengths = Counter(
            event.end - event.start
            for event in events
            if event.end is not None and not event.all_day and not event.end_guessed
        )
    if not lengths:
        return None
    return max(lengths.items(), key=lambda item: (item[1], item[0]))[0]


def _occurrence_key(source_uid: str) -> tuple[str, str] | None:
    """(series UID, original day) of one occurrence of a series ("uid/20261208T093000-0800"), else None."""
    series, _, original = source_uid.partition("/")
    return (series, original[:8]) if original else None


def _zone_name(body: Body, event: CalendarEvent, default_zone: str) -> str:
    """The event's zone, unless the body's own zone shows the same clock time (America/Los_Angeles for
    Outlook's "Pacific Standard Time" at a Vancouver council reads better as the council's zone)."""
    home = body.timezone or default_zone
    if not event.zone or event.zone == home:
        return home
    there = event.start.astimezone(zone(event.zone)).utcoffset()
    here = event.start.astimezone(zone(home)).utcoffset()
    return home if there == here else event.zone


def _title(body: Body, event: CalendarEvent) -> str:
    title = event.title.strip()
    return "" if title.casefold() == body.name.strip().casefold() else title


def _status(event: CalendarEvent, current: Meeting | None) -> tuple[MeetingStatus, str]:
    if current is not None and current.status is MeetingStatus.HELD:
        return current.status, current.status_reason
    said = {"cancelled": MeetingStatus.CANCELLED, "postponed": MeetingStatus.POSTPONED}.get(event.status)
    if said is not None:
        if (
            current is not None
            and current.status is said
            and not current.status_reason.startswith(_SAID_THERE)
        ):
            return current.status, current.status_reason  # the user's own reason stands
        reason = CANCELLED_THERE if said is MeetingStatus.CANCELLED else POSTPONED_THERE
        return said, f"{reason} ({event.status_note})" if event.status_note else reason
    if current is not None and not current.status_reason.startswith(_SAID_THERE):
        return current.status, current.status_reason  # the user's own cancelling or postponing stands
    return MeetingStatus.SCHEDULED, ""


def _end(event: CalendarEvent, start: datetime, length: timedelta | None) -> datetime | None:
    """The published end, or the body's usual length when the published one was a placeholder."""
    if event.end is not None:
        return event.end.astimezone(start.tzinfo)
    return start + length if event.end_guessed and length else None


def _new_meeting(
    store: Store,
    body: Body,
    event: CalendarEvent,
    default_zone: str,
    taken: set[str],
    length: timedelta | None = None,
) -> Meeting:
    zone_name = _zone_name(body, event, default_zone)
    tz = zone(zone_name)
    start = event.start.astimezone(tz)
    status, reason = _status(event, None)
    return Meeting(
        id=store.new_id(Meeting, f"{start:%Y-%m-%d}-{body.id}", taken=taken),
        body=body.id,
        start=start,
        end=_end(event, start, length),
        timezone=zone_name,
        title=_title(body, event),
        all_day=event.all_day,
        place=event.place or body.place,
        agenda_url=event.url,
        status=status,
        status_reason=reason,
        source_uid=event.uid,
        sequence=event.sequence,
    )


def _updated(
    meeting: Meeting, body: Body, event: CalendarEvent, default_zone: str, length: timedelta | None = None
) -> Meeting:
    zone_name = _zone_name(body, event, default_zone)
    tz = zone(zone_name)
    status, reason = _status(event, meeting)
    start, all_day = event.start.astimezone(tz), event.all_day
    end = _end(event, start, length)
    if (
        event.cancelled
        and event.all_day
        and not meeting.all_day
        and start.date() == meeting.start.astimezone(tz).date()
    ):
        # A sitting cancelled there often loses its time (only the day is left): it is still the
        # sitting we knew, at the hour we knew.
        start, end, all_day, zone_name = meeting.start, meeting.end, False, meeting.timezone
    candidate = replace(
        meeting,
        start=start,
        end=end,
        timezone=zone_name,
        title=_title(body, event),
        all_day=all_day,
        place=event.place or meeting.place,
        agenda_url=event.url or meeting.agenda_url,
        status=status,
        status_reason=reason,
        source_uid=event.uid,
    )
    if candidate == meeting:
        return meeting
    return replace(candidate, sequence=max(meeting.sequence + 1, event.sequence))
