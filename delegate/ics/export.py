"""Export of everything dated in the store as one iCalendar file, built with the icalendar package.

Meetings (with our delegation and the speaking slot), each body's usual rhythm as one repeating
event, delegation request deadlines and follow-ups (as to-dos). Every component has a UID derived
from its record, so importing the file again updates events instead of duplicating them, and a
SEQUENCE that rises when the event changes (see `sequences.py`). People's names pass through the
redactor: a confidential name never reaches a calendar unless an internal copy is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from delegate.ics.sequences import SequenceLedger
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
from delegate.model.common import format_duration
from delegate.privacy import Redactor
from delegate.recurrence import expand
from delegate.store import Store
from delegate.timezones import zone

if TYPE_CHECKING:
    from icalendar import Calendar, Component

UID_DOMAIN = "delegate"
PRODID = "-//delegate//delegate//EN"
DEFAULT_ALARM = timedelta(days=1)
DEADLINE_LENGTH = timedelta(minutes=30)
SCHEDULE_NOTE = (
    "The usual rhythm of this body's meetings. Dates with a meeting of their own are listed separately."
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportOptions:
    """What to put in the calendar. Dates are inclusive; an empty `bodies` means every body."""

    start: date | None = None
    end: date | None = None
    bodies: frozenset[str] = frozenset()
    followups: bool = True
    alarm: timedelta | None = DEFAULT_ALARM
    internal: bool = False


@dataclass
class ExportResult:
    data: bytes
    counts: dict[str, int] = field(default_factory=dict)


def uid_for(kind: str, record_id: str) -> str:
    """The UID of a record's event: stable for as long as the record keeps its id."""
    return f"{kind}-{record_id}@{UID_DOMAIN}"


def export_calendar(
    store: Store,
    options: ExportOptions,
    now: datetime,
    ledger: SequenceLedger | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """The calendar as bytes (CRLF, folded, UTF-8), and how many of each kind went in."""
    from icalendar import Calendar

    ledger = ledger if ledger is not None else SequenceLedger(None)
    builder = _Builder(store, options, now, ledger)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "delegate")
    tasks = builder.tasks()
    for done, task in enumerate(tasks, start=1):
        component = task()
        if component is not None:
            calendar.add_component(component)
        if progress is not None:
            progress(done, len(tasks))
    _add_timezones(calendar, builder.zones, builder.years)
    ledger.save()
    return ExportResult(calendar.to_ical(), dict(builder.counts))


def _add_timezones(calendar: Calendar, zones: Iterable[str], years: set[int]) -> None:
    """A VTIMEZONE for every zone an event uses, with the transitions of the years the events span."""
    from icalendar import Timezone

    if not years:
        return
    first, last = date(min(years), 1, 1), date(max(years) + 1, 12, 31)
    for name in sorted(zones):
        calendar.add_component(Timezone.from_tzid(name, first_date=first, last_date=last))


class _Builder:
    def __init__(self, store: Store, options: ExportOptions, now: datetime, ledger: SequenceLedger) -> None:
        self.store = store
        self.options = options
        self.now = now
        self.ledger = ledger
        self.redactor = Redactor.of(store.all(Person), internal=options.internal)
        self.bodies = {body.id: body for body in store.all(Body)}
        self.meetings = sorted(store.all(Meeting), key=lambda meeting: (meeting.start, meeting.id))
        self.delegations: dict[str, list[Delegation]] = {}
        for delegation in store.all(Delegation):
            self.delegations.setdefault(delegation.meeting, []).append(delegation)
        body_of_meeting = {meeting.id: meeting.body for meeting in self.meetings}
        self.delegation_body = {
            delegation.id: body_of_meeting.get(delegation.meeting, "")
            for delegations in self.delegations.values()
            for delegation in delegations
        }
        self.zones: set[str] = set()
        self.years: set[int] = set()
        self.counts: dict[str, int] = {"meetings": 0, "schedules": 0, "deadlines": 0, "follow-ups": 0}

    # -- what goes in ---------------------------------------------------------------------------

    def tasks(self) -> list[Callable[[], Component | None]]:
        tasks: list[Callable[[], Component | None]] = []
        for meeting in self.meetings:
            if self._wanted_body(meeting.body) and self._in_window(meeting.start.date()):
                tasks.append(partial(self.meeting_event, meeting))
                tasks.append(partial(self.deadline_event, meeting))
        for body in sorted(self.bodies.values(), key=lambda body: body.id):
            if body.recurrence and self._wanted_body(body.id):
                tasks.append(partial(self.schedule_event, body))
        if self.options.followups:
            for item in sorted(self.store.all(FollowUp), key=lambda item: item.id):
                if self._followup_wanted(item):
                    tasks.append(partial(self.followup_todo, item))
        return tasks

    def _wanted_body(self, body_id: str) -> bool:
        return not self.options.bodies or body_id in self.options.bodies

    def _in_window(self, day: date | None) -> bool:
        if day is None:
            return True
        start, end = self.options.start, self.options.end
        return (start is None or day >= start) and (end is None or day <= end)

    def _followup_wanted(self, item: FollowUp) -> bool:
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
            try:
                return self.store.get(Minutes, item.minutes).group
            except LookupError:
                return ""
        return self.delegation_body.get(item.delegation, "")

    # -- components -----------------------------------------------------------------------------

    def meeting_event(self, meeting: Meeting) -> Component:
        from icalendar import Event

        body = self.bodies.get(meeting.body)
        body_name = body.name if body else meeting.body
        ours = [d for d in self.delegations.get(meeting.id, ()) if d.status is not DelegationStatus.CANCELLED]
        summary = meeting.display_title(body_name)
        if ours:
            summary += " — our delegation: " + "; ".join(self.redactor.text(d.topic) for d in ours)
        lines: list[str] = []
        if meeting.agenda_url:
            lines.append(f"Agenda: {meeting.agenda_url}")
        limit = body.speaking_limit if body else None
        for delegation in ours:
            speakers = ", ".join(self.redactor.name(person) for person in delegation.speakers)
            slot = f"{format_duration(limit.total_seconds())} to speak" if limit else "speaking slot"
            where = f", item {delegation.agenda_position}" if delegation.agenda_position else ""
            line = f"Our delegation ({delegation.status.value}{where}): {slot}"
            if speakers:
                line += f"; speaking: {speakers}"
            lines.append(self.redactor.text(line))
            if delegation.ask:
                lines.append("We ask: " + self.redactor.text(delegation.ask))
        if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
            reason = f": {self.redactor.text(meeting.status_reason)}" if meeting.status_reason else ""
            lines.append(f"This meeting is {meeting.status.value}{reason}")
        status = {
            MeetingStatus.CANCELLED: "CANCELLED",
            MeetingStatus.POSTPONED: "TENTATIVE",
        }.get(meeting.status, "CONFIRMED")

        event = Event()
        uid = uid_for("meeting", meeting.id)
        start, end = self._times(meeting)
        facts = (summary, start, end, meeting.place, meeting.agenda_url, lines, status, self.options.alarm)
        self._identify(event, uid, facts, floor=meeting.sequence)
        event.add("summary", summary)
        event.add("dtstart", start)
        if end is not None:
            event.add("dtend", end)
        if meeting.place:
            event.add("location", meeting.place)
        if meeting.agenda_url:
            event.add("url", meeting.agenda_url)
        if lines:
            event.add("description", "\n".join(lines))
        event.add("status", status)
        event.add("categories", ["delegation"] if ours else ["meeting"])
        if status != "CANCELLED":
            self._alarm(event, f"Tomorrow: {summary}" if self.options.alarm == DEFAULT_ALARM else summary)
        self.counts["meetings"] += 1
        return event

    def deadline_event(self, meeting: Meeting) -> Component | None:
        from icalendar import Event

        body = self.bodies.get(meeting.body)
        if body is None or body.request_deadline is None or meeting.status is not MeetingStatus.SCHEDULED:
            return None
        deadline = body.request_deadline.deadline_for(meeting.start)
        requested = any(
            d.status not in (DelegationStatus.IDEA, DelegationStatus.CANCELLED)
            for d in self.delegations.get(meeting.id, ())
        )
        day = f"{meeting.start:%a} {meeting.start.day} {meeting.start:%b}"
        summary = f"Request deadline: {meeting.display_title(body.name)} ({day})"
        if requested:
            summary += " — requested"
        how = [text for text in (body.how_to_request, body.phone, body.email, body.url) if text]
        lines = ["Last moment to ask to be added as a delegation.", *how]
        event = Event()
        uid = uid_for("deadline", meeting.id)
        begins = self._zoned(deadline, meeting.timezone or body.timezone)
        facts = (summary, begins, lines, requested, self.options.alarm)
        self._identify(event, uid, facts)
        event.add("summary", summary)
        event.add("dtstart", begins)
        event.add("duration", DEADLINE_LENGTH)
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")  # a reminder, not time spent
        event.add("categories", ["deadline"])
        if not requested:
            self._alarm(event, summary)
        self.counts["deadlines"] += 1
        return event

    def schedule_event(self, body: Body) -> Component | None:
        """The body's usual rhythm as one repeating event; dates it has a meeting on are left out."""
        from icalendar import Event

        zone_name = body.timezone or self.store.default_zone
        tz = zone(zone_name)
        own = [meeting for meeting in self.meetings if meeting.body == body.id]
        sample = next((m for m in reversed(own) if not m.all_day), None)
        from_day = self.options.start or self.now.astimezone(tz).date()
        at = sample.start.astimezone(tz).time() if sample else time(0)
        anchor = datetime.combine(from_day, at, tzinfo=tz)
        found = expand(body.recurrence, anchor, anchor + timedelta(days=400))
        if not found:
            return None
        first = found[0]
        event = Event()
        uid = uid_for("schedule", body.id)
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
        summary = f"{body.name} (usual meeting)"
        facts = (
            summary,
            first,
            length,
            body.recurrence,
            exdates,
            body.place,
            sample is None,
            self.options.alarm,
        )
        self._identify(event, uid, facts)
        event.add("summary", summary)
        if sample is None:
            event.add("dtstart", first.date())  # no meeting tells us the hour: a day-long reminder
        else:
            event.add("dtstart", self._zoned(first, zone_name))
            if length:
                event.add("duration", length)
        event.add("rrule", _rule(body.recurrence))
        for when in exdates:
            event.add("exdate", when.date() if sample is None else when)
        if body.place:
            event.add("location", body.place)
        event.add("description", SCHEDULE_NOTE)
        event.add("categories", ["meeting"])
        self.counts["schedules"] += 1
        return event

    def followup_todo(self, item: FollowUp) -> Component:
        from icalendar import Todo

        summary = self.redactor.text(item.text)
        lines: list[str] = []
        if item.owner:
            lines.append(f"Who: {self.redactor.name(item.owner)}")
        source = self._followup_source(item)
        if source:
            lines.append(f"From: {source}")
        if item.reason:
            lines.append(f"Dropped: {self.redactor.text(item.reason)}")
        status = {
            FollowUpStatus.OPEN: "NEEDS-ACTION",
            FollowUpStatus.DONE: "COMPLETED",
            FollowUpStatus.DROPPED: "CANCELLED",
        }[item.status]
        todo = Todo()
        uid = uid_for("followup", item.id)
        facts = (summary, item.due, lines, status, item.closed_on, self.options.alarm)
        self._identify(todo, uid, facts)
        todo.add("summary", summary)
        if item.due is not None:
            todo.add("due", item.due)
        todo.add("status", status)
        if item.status is FollowUpStatus.DONE:
            todo.add("percent-complete", 100)
            closed = item.closed_on or self.now.date()
            todo.add("completed", datetime.combine(closed, time(12), tzinfo=UTC))
        if lines:
            todo.add("description", "\n".join(lines))
        todo.add("categories", ["follow-up"])
        if item.status is FollowUpStatus.OPEN and item.due is not None:
            self._alarm(todo, f"Due: {summary}", related_to_end=True)
        self.counts["follow-ups"] += 1
        return todo

    def _followup_source(self, item: FollowUp) -> str:
        if item.minutes:
            try:
                minutes = self.store.get(Minutes, item.minutes)
            except LookupError:
                return "minutes"
            group = self.bodies.get(minutes.group)
            return f"minutes of {group.name if group else minutes.group}, {minutes.date:%d %b %Y}"
        if item.delegation:
            try:
                return "delegation: " + self.redactor.text(self.store.get(Delegation, item.delegation).topic)
            except LookupError:
                return "a delegation"
        return ""

    # -- helpers --------------------------------------------------------------------------------

    def _identify(self, component: Component, uid: str, facts: Any, floor: int = 0) -> None:
        stamp = self.ledger.stamp(uid, facts, self.now, floor)
        component.add("uid", uid)
        component.add("dtstamp", stamp.changed)
        component.add("sequence", stamp.sequence)

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

    def _zoned(self, moment: datetime, zone_name: str) -> datetime:
        name = zone_name or self.store.default_zone
        self.zones.add(name)
        self.years.add(moment.year)
        return moment.astimezone(zone(name))

    def _alarm(self, component: Component, text: str, related_to_end: bool = False) -> None:
        from icalendar import Alarm

        if self.options.alarm is None:
            return
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", text)
        trigger_params = {"related": "END"} if related_to_end else {}
        alarm.add("trigger", -self.options.alarm, parameters=trigger_params)
        component.add_component(alarm)


def _rule(text: str) -> Any:
    from delegate.recurrence import check_rule

    return check_rule(text)
