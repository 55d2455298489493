"""The add/edit forms for bodies, meetings and delegations, built on FormScreen and the services."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta
from typing import Any

from delegate import parsing
from delegate.model import (
    DEFAULT_SPEAKING_LIMIT,
    Body,
    BodyKind,
    DeadlineRule,
    Delegation,
    Meeting,
    ValidationError,
)
from delegate.model.common import after
from delegate.services.bodies import add_body
from delegate.services.delegations import add_delegation
from delegate.services.meetings import add_meeting
from delegate.store import Store
from delegate.store.codec import format_length
from delegate.timezones import zone
from delegate.ui.widgets.form import Field, FormScreen
from delegate.ui.widgets.table import meeting_when


def _whole_number(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(f"{text!r} is not a whole number (0 or more)")
    return int(text)


def _zone_name(text: str) -> str:
    zone(text)
    return text.strip()


def _body_fields(body: Body | None) -> list[Field]:
    deadline = body.request_deadline if body else None
    return [
        Field("name", "Name", body.name if body else "", "e.g. Lakeport Police Board", required=True),
        Field(
            "kind",
            "Kind",
            body.kind.value if body else BodyKind.POLICE_BOARD.value,
            choices=[(kind.value.replace("-", " "), kind.value) for kind in BodyKind],
            required=True,
        ),
        Field(
            "members", "Members (handout copies)", str(body.members or "") if body else "", "7", _whole_number
        ),
        Field(
            "speaking_limit",
            "Speaking limit (M:SS)",
            format_length(body.speaking_limit) if body else "5:00",
            "5:00",
            parsing.parse_limit,
        ),
        Field("phone", "Clerk's phone", body.phone if body else ""),
        Field("email", "Clerk's email", body.email if body else ""),
        Field("url", "Web page", body.url if body else ""),
        Field("how_to_request", "How to request a slot", body.how_to_request if body else ""),
        Field(
            "deadline_days",
            "Request deadline: days before",
            str(deadline.days_before) if deadline else "",
            "7",
            _whole_number,
        ),
        Field(
            "deadline_time",
            "Request deadline: time of day (HH:MM)",
            f"{deadline.at:%H:%M}" if deadline else "12:00",
            "12:00",
            parsing.parse_time_of_day,
        ),
        Field("timezone", "Time zone", body.timezone if body else "", "America/Vancouver", _zone_name),
        Field("place", "Usual place", body.place if body else ""),
    ]


def body_form(store: Store, body: Body | None = None) -> FormScreen:
    """Add a body, or edit one (keeping its id and anything the form does not show)."""

    def submit(values: dict[str, Any]) -> Body:
        common: dict[str, Any] = {
            "members": values["members"],
            "speaking_limit": values["speaking_limit"] or DEFAULT_SPEAKING_LIMIT,
            "phone": values["phone"] or "",
            "email": values["email"] or "",
            "url": values["url"] or "",
            "how_to_request": values["how_to_request"] or "",
            "timezone": values["timezone"] or "",
            "place": values["place"] or "",
        }
        at: time = values["deadline_time"] or time(12, 0)
        if body is None:
            return add_body(
                store,
                values["name"],
                BodyKind(values["kind"]),
                request_deadline_days=values["deadline_days"],
                request_deadline_time=at,
                **common,
            )
        days = values["deadline_days"]
        changed = replace(
            body,
            name=values["name"],
            kind=BodyKind(values["kind"]),
            request_deadline=DeadlineRule(days, at) if days is not None else None,
            **common,
        )
        store.save(changed)
        return changed

    return FormScreen("Edit body" if body else "Add a body", _body_fields(body), submit)


def meeting_form(store: Store, body: Body | None = None) -> FormScreen:
    """Schedule a meeting; times are wall-clock times in the body's zone."""
    bodies = store.all(Body)

    def submit(values: dict[str, Any]) -> Meeting:
        chosen = store.get(Body, values["body"])
        duration: timedelta | None = values["duration"]
        return add_meeting(store, chosen, values["start"], duration=duration, place=values["place"] or "")[0]

    fields = [
        Field(
            "body",
            "Body",
            body.id if body else (bodies[0].id if len(bodies) == 1 else ""),
            choices=[(item.name, item.id) for item in bodies],
            required=True,
        ),
        Field(
            "start",
            "Start (YYYY-MM-DD HH:MM)",
            "",
            "2026-12-17 18:00",
            parsing.parse_wall_time,
            required=True,
        ),
        Field("duration", "Length", "2h", "2h, 90m", parsing.parse_duration),
        Field("place", "Place", body.place if body else "", "(the body's usual place)"),
    ]
    return FormScreen("Schedule a meeting", fields, submit)


def delegation_form(store: Store, now_meetings: list[Meeting], meeting: Meeting | None = None) -> FormScreen:
    """Plan a delegation on one of the coming meetings."""
    bodies = {body.id: body.name for body in store.all(Body)}

    def submit(values: dict[str, Any]) -> Delegation:
        chosen = store.get(Meeting, values["meeting"])
        speakers = [name for name in (values["speakers"] or "").split(",") if name.strip()]
        return add_delegation(store, chosen, values["topic"], speakers, values["ask"] or "")

    choices = [
        (f"{meeting_when(item)} — {item.display_title(bodies.get(item.body, item.body))}", item.id)
        for item in now_meetings
    ]
    fields = [
        Field("meeting", "Meeting", meeting.id if meeting else "", choices=choices, required=True),
        Field("topic", "Topic", "", "What we speak about", required=True),
        Field("speakers", "Speakers (comma-separated)", "", "Ana Ferreira, Priya Natarajan"),
        Field("ask", "The ask", "", "What we ask the body to do"),
    ]
    return FormScreen("Plan a delegation", fields, submit)


def meeting_edit_form(store: Store, meeting: Meeting) -> FormScreen:
    """Change when and where a meeting is; the wall time stays in the meeting's own zone."""
    tz = zone(meeting.timezone or store.default_zone)

    def submit(values: dict[str, Any]) -> Meeting:
        start = parsing.in_zone(values["start"], tz)
        length: timedelta | None = values["duration"]
        changed = replace(
            meeting,
            start=start,
            end=after(start, length) if length is not None else None,
            place=values["place"] or "",
            agenda_url=values["agenda_url"] or "",
            notes=values["notes"] or "",
            sequence=meeting.sequence + 1,
        )
        store.save(changed)
        return changed

    length = meeting.end - meeting.start if meeting.end else None
    minutes = int(length.total_seconds() // 60) if length else 0
    fields = [
        Field(
            "start",
            f"Start (YYYY-MM-DD HH:MM, {tz.key})",
            f"{meeting.start.astimezone(tz):%Y-%m-%d %H:%M}",
            parse=parsing.parse_wall_time,
            required=True,
        ),
        Field("duration", "Length", f"{minutes}m" if minutes else "", "2h, 90m", parsing.parse_duration),
        Field("place", "Place", meeting.place),
        Field("agenda_url", "Agenda link", meeting.agenda_url),
        Field("notes", "Notes", meeting.notes),
    ]
    return FormScreen("Edit meeting", fields, submit)


def delegation_edit_form(store: Store, delegation: Delegation) -> FormScreen:
    """Change what a delegation says and who says it (its status moves by the lifecycle keys)."""

    def submit(values: dict[str, Any]) -> Delegation:
        speakers = tuple(name.strip() for name in (values["speakers"] or "").split(",") if name.strip())
        changed = replace(
            delegation,
            topic=values["topic"],
            speakers=speakers,
            ask=values["ask"] or "",
            copies=values["copies"],
            agenda_position=values["agenda_position"] or "",
            outcome=values["outcome"] or "",
        )
        store.save(changed)
        return changed

    fields = [
        Field("topic", "Topic", delegation.topic, required=True),
        Field("speakers", "Speakers (comma-separated)", ", ".join(delegation.speakers)),
        Field("ask", "The ask", delegation.ask),
        Field(
            "copies",
            "Copies to bring (empty: the body's members + 2)",
            str(delegation.copies) if delegation.copies is not None else "",
            parse=_whole_number,
        ),
        Field("agenda_position", "Agenda position", delegation.agenda_position),
        Field("outcome", "Outcome", delegation.outcome),
    ]
    return FormScreen("Edit delegation", fields, submit)
