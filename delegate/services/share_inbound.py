"""What members change on a shared calendar, read back into the records.

Only what a member can mean by an edit comes back: a follow-up marked done, dropped or reopened, its
due date moved or its words changed; a meeting moved, cancelled, postponed or put back on; a new
to-do. Each change is written into the record's notes with when and through which calendar; when
both sides changed, ours is kept and theirs is written there as a conflict note instead.
Everything from the server is untrusted text: it is kept as data and shown only through a lens.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from delegate.model import FollowUp, FollowUpStatus, Meeting, MeetingStatus

MAX_SUMMARY = 500  # characters of a member's to-do title taken in (a calendar item can be huge)


@dataclass(frozen=True)
class Said:
    """What one calendar item says, of the things that may come back into a record."""

    component: str  # "VEVENT" or "VTODO"
    uid: str
    summary: str
    status: str  # upper case, "" when none
    due: date | None = None
    completed: date | None = None
    start: date | datetime | None = None
    end: date | datetime | None = None
    modified: datetime | None = None  # LAST-MODIFIED: when the member changed it


def read_item(data: bytes) -> Said | None:
    """The first event or to-do of a calendar resource (its main one, not an override); None if unreadable."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
        for component in calendar.walk():
            if component.name in ("VEVENT", "VTODO") and "RECURRENCE-ID" not in component:
                return _said(component)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return None


def _said(component: Any) -> Said:
    def value(name: str) -> Any:
        prop = component.get(name)
        return getattr(prop, "dt", None) if prop is not None else None

    start, end, due = value("DTSTART"), value("DTEND"), value("DUE")
    duration = value("DURATION")
    if end is None and start is not None and isinstance(duration, timedelta):
        end = start + duration
    completed = value("COMPLETED")
    modified = value("LAST-MODIFIED")
    return Said(
        component=str(component.name),
        uid=str(component.get("UID", "")),
        summary=" ".join(str(component.get("SUMMARY", "")).split())[:MAX_SUMMARY],
        status=str(component.get("STATUS", "")).upper(),
        due=_day(due),
        completed=_day(completed),
        start=start if isinstance(start, date) else None,
        end=end if isinstance(end, date) else None,
        modified=modified if isinstance(modified, datetime) and modified.tzinfo else None,
    )


def _day(moment: Any) -> date | None:
    if isinstance(moment, datetime):
        return moment.date()
    return moment if isinstance(moment, date) else None


# ---- what differs ----------------------------------------------------------------------------------


def todo_status(said: Said) -> str:
    """A to-do's state as a follow-up's: done, dropped or open."""
    if said.status == "COMPLETED" or (said.completed is not None and said.status in ("", "COMPLETED")):
        return FollowUpStatus.DONE.value
    if said.status == "CANCELLED":
        return FollowUpStatus.DROPPED.value
    return FollowUpStatus.OPEN.value


def event_status(said: Said) -> str:
    """An event's state as a meeting's: cancelled, postponed (tentative) or on."""
    return {"CANCELLED": "cancelled", "TENTATIVE": "postponed"}.get(said.status, "on")


def differences(kind: str, ours: Said, theirs: Said) -> dict[str, Any]:
    """What `theirs` says differently from `ours`, of what may come back: {field: their value}."""
    found: dict[str, Any] = {}
    if kind == "followup" and theirs.component == "VTODO":
        if todo_status(theirs) != todo_status(ours):
            found["status"] = todo_status(theirs)
        if theirs.due != ours.due:
            found["due"] = theirs.due
        if theirs.summary and theirs.summary != ours.summary:
            found["text"] = theirs.summary
    elif kind == "meeting" and theirs.component == "VEVENT":
        if theirs.start is not None and not _same_time(theirs.start, ours.start):
            found["start"] = theirs.start
        if theirs.end is not None and not _same_time(theirs.end, ours.end):
            found["end"] = theirs.end
        if event_status(theirs) != event_status(ours):
            found["status"] = event_status(theirs)
    return found


def _same_time(a: date | datetime | None, b: date | datetime | None) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        if a.tzinfo is None or b.tzinfo is None:
            return a.replace(tzinfo=None) == b.replace(tzinfo=None)
        return a.timestamp() == b.timestamp()
    return a == b


def describe(changes: dict[str, Any]) -> str:
    """Changes in words, for a note: 'marked done; due moved to 2026-12-12'."""
    words = []
    for name, value in changes.items():
        if name == "status":
            words.append(
                {
                    "done": "marked done",
                    "dropped": "dropped",
                    "open": "reopened",
                    "cancelled": "cancelled",
                    "postponed": "postponed",
                    "on": "put back on",
                }.get(value, str(value))
            )
        elif name == "due":
            words.append(f"due moved to {value:%Y-%m-%d}" if value else "due date removed")
        elif name == "text":
            words.append(f"text changed to “{value}”")
        elif name == "start":
            words.append(f"moved to start {_when(value)}")
        elif name == "end":
            words.append(f"end moved to {_when(value)}")
        elif name == "deleted":
            words.append("deleted")
    return "; ".join(words)


def _when(moment: Any) -> str:
    if isinstance(moment, datetime):
        return f"{moment:%Y-%m-%d %H:%M}" + (f" {moment:%Z}" if moment.tzinfo else "")
    return f"{moment:%Y-%m-%d}" if isinstance(moment, date) else str(moment)


def history_line(at: datetime, via: str, what: str) -> str:
    """One line of a record's history: when, through which calendar (and as whom), what."""
    return f"{at:%Y-%m-%d %H:%M %Z} — shared calendar ({via}): {what}"


def conflict_line(at: datetime, via: str, theirs: str) -> str:
    return (
        f"{at:%Y-%m-%d %H:%M %Z} — CONFLICT with the shared calendar ({via}): both sides changed this "
        f"since the last sync; ours was kept. Theirs: {theirs}."
    )


def with_note(notes: str, line: str) -> str:
    return f"{notes.rstrip()}\n{line}" if notes.strip() else line


# ---- into the records ------------------------------------------------------------------------------


def apply_to_followup(
    item: FollowUp, changes: dict[str, Any], today: date, completed: date | None
) -> FollowUp:
    """A follow-up with a member's changes taken in (status, due date, words)."""
    updated = item
    status = changes.get("status")
    if status == FollowUpStatus.DONE.value:
        closed = completed or today
        updated = dataclasses.replace(updated, status=FollowUpStatus.DONE, closed_on=closed, reason="")
    elif status == FollowUpStatus.DROPPED.value:
        reason = "dropped on the shared calendar"
        updated = dataclasses.replace(updated, status=FollowUpStatus.DROPPED, closed_on=today, reason=reason)
    elif status == FollowUpStatus.OPEN.value:
        updated = dataclasses.replace(updated, status=FollowUpStatus.OPEN, closed_on=None, reason="")
    if "due" in changes:
        updated = dataclasses.replace(updated, due=changes["due"])
    if "text" in changes:
        updated = dataclasses.replace(updated, text=changes["text"])
    return updated


def apply_to_meeting(meeting: Meeting, changes: dict[str, Any], zone_name: str) -> Meeting:
    """A meeting moved, cancelled, postponed or put back on as a member did on the calendar."""
    from delegate.timezones import zone

    tz = zone(zone_name)
    updated = meeting
    start, end = changes.get("start"), changes.get("end")
    if start is not None:
        all_day = not isinstance(start, datetime)
        length = meeting.end - meeting.start if meeting.end is not None and end is None else None
        new_start = _zoned(start, tz)
        new_end = _zoned(end, tz) if end is not None else (new_start + length if length else None)
        updated = dataclasses.replace(updated, start=new_start, end=new_end, all_day=all_day)
    elif end is not None:
        updated = dataclasses.replace(updated, end=_zoned(end, tz))
    status = changes.get("status")
    if status == "cancelled":
        reason = "cancelled on the shared calendar"
        updated = dataclasses.replace(updated, status=MeetingStatus.CANCELLED, status_reason=reason)
    elif status == "postponed":
        reason = "postponed on the shared calendar"
        updated = dataclasses.replace(updated, status=MeetingStatus.POSTPONED, status_reason=reason)
    elif status == "on" and meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
        updated = dataclasses.replace(updated, status=MeetingStatus.SCHEDULED, status_reason="")
    # Validation (an end before the start) runs on replace's __post_init__: the caller notes it as a conflict.
    return updated


def _zoned(moment: date | datetime, tz: Any) -> datetime:
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
    return datetime.combine(moment, time(0), tzinfo=tz)


def deleted_followup(item: FollowUp, today: date) -> FollowUp | None:
    """A to-do a member deleted: an open follow-up is dropped (a closed one stays as it is)."""
    if item.status is not FollowUpStatus.OPEN:
        return None
    reason = "removed from the shared calendar"
    return dataclasses.replace(item, status=FollowUpStatus.DROPPED, closed_on=today, reason=reason)


def deleted_meeting(meeting: Meeting) -> Meeting | None:
    """An event a member deleted: a meeting still ahead is cancelled (one held or cancelled stays)."""
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED):
        return None
    reason = "removed from the shared calendar"
    return dataclasses.replace(meeting, status=MeetingStatus.CANCELLED, status_reason=reason)


def new_followup_fields(said: Said, today: date) -> dict[str, Any]:
    """A follow-up's fields from a to-do a member added on the calendar."""
    status = todo_status(said)
    fields: dict[str, Any] = {"text": said.summary or "To-do from the shared calendar", "due": said.due}
    if status == FollowUpStatus.DONE.value:
        fields.update(status=FollowUpStatus.DONE, closed_on=said.completed or today)
    elif status == FollowUpStatus.DROPPED.value:
        fields.update(status=FollowUpStatus.DROPPED, closed_on=today, reason="dropped on the shared calendar")
    return fields


def local_time(moment: datetime | None, fallback: datetime) -> datetime:
    """When a member's change happened, on our clock's zone (LAST-MODIFIED, else the sync's time)."""
    if moment is None:
        return fallback
    return moment.astimezone(fallback.tzinfo or UTC)
