"""Template contexts built from records: plain dicts of strings and lists, every key always present.

Templates run with StrictUndefined, so a context never leaves a key out; an unknown value is "".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from delegate.lens import Lens
from delegate.model import (
    DEFAULT_SPEAKING_LIMIT,
    Body,
    Delegation,
    FollowUp,
    Handout,
    Meeting,
    Minutes,
    Person,
    ValidationError,
)
from delegate.model.common import format_duration
from delegate.store import Store
from delegate.timezones import zone

_AGREEMENTS = re.compile(r"agreements?\s*:\s*(?P<list>[^\n]+)", re.IGNORECASE)


def format_day(day: date) -> str:
    """'Thursday 17 December 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_when(moment: datetime) -> str:
    """'Thursday 17 December 2026, 18:00' (in the moment's own zone)."""
    return f"{format_day(moment.date())}, {moment:%H:%M}"


def speech_context(store: Store, delegation: Delegation | None, title: str) -> dict[str, Any]:
    """For speech.md: the occasion, the ask and the speaking limit (5:00 when unknown)."""
    return {"title": title, **_occasion(store, delegation)}


def handout_context(store: Store, delegation: Delegation | None, title: str) -> dict[str, Any]:
    """For handout.md: the occasion, the ask as a numbered list, and the contact block."""
    context = {"title": title, **_occasion(store, delegation)}
    context["asks"] = [context["ask"]] if context["ask"] else []
    return context


def letter_context(store: Store, delegation: Delegation, lens: Lens | None = None) -> dict[str, Any]:
    """For request-letter.md: to the clerk, asking for a slot at the delegation's meeting.

    The letter leaves the machine: typed text (topic, ask, place, handout titles) goes through
    `lens` (public when not given), and speakers are named as `lens.speaker` names them (a
    confidential person by their chosen public name, else their role). `internal` says which it is.
    """
    names = lens if lens is not None else Lens.public(store.all(Person))
    context = _occasion(store, delegation)
    body, meeting = _body(store, delegation), _meeting(store, delegation)
    clerk = _clerk(store, body)
    handouts = [names.text(_handout_title(store, handout_id)) for handout_id in delegation.handouts]
    copies = delegation.copies
    if copies is None and handouts:
        copies = body.copies_to_bring() if body is not None else None
    deadline = ""
    if body is not None and meeting is not None and body.request_deadline is not None:
        deadline = format_when(body.request_deadline.deadline_for(local_start(store, meeting, body)))
    people = store.all(Person)

    def speaker(reference: str) -> str:
        # A speaker typed by name (before speakers were stored by id) is still the person it names.
        wanted = " ".join(reference.split()).casefold()
        person = next(
            (p for p in people if p.id == reference or " ".join(p.name.split()).casefold() == wanted), None
        )
        return names.speaker(person.id if person is not None else reference)

    speakers = [speaker(reference) for reference in delegation.speakers]
    topic = names.text(delegation.topic)
    context.update(
        body=names.text(context["body"]),
        topic=topic,
        ask=names.text(delegation.ask),
        speakers=speakers,
        speaker=speakers[0] if speakers else "",
        place=names.text(context["place"]),
        internal=names.internal,
    )
    subject = f"Request to appear as a delegation: {topic}"
    if context["body"] and context["meeting_date"]:
        subject += f" ({context['body']}, {context['meeting_date']})"
    context.update(
        subject=subject,
        clerk={
            "name": clerk.name if clerk else "",
            "email": (clerk.email if clerk and clerk.email else "") or (body.email if body else ""),
            "phone": (clerk.phone if clerk and clerk.phone else "") or (body.phone if body else ""),
        },
        handouts=handouts,
        copies=copies if copies is not None else "",
        deadline=deadline,
    )
    # The letter leaves the machine whole: every other text in it (the organization, the contact's
    # and the clerk's names and addresses, the agenda link) is read through the lens as well.
    return {key: _through(names, value) for key, value in context.items()}


def _through(lens: Lens, value: Any) -> Any:
    if isinstance(value, str):
        return lens.text(value)
    if isinstance(value, dict):
        return {key: _through(lens, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_through(lens, item) for item in value]
    return value


def minutes_context(store: Store, minutes: Minutes, lens: Lens) -> dict[str, Any]:
    """For minutes.md: every name through `lens.person`, every typed text through `lens.text`."""
    group = store.lookup(Body, minutes.group)
    meeting = store.lookup(Meeting, minutes.meeting) if minutes.meeting else None
    when = format_day(minutes.date)
    if meeting is not None:
        when = format_when(local_start(store, meeting, group))
    agreements: list[str] = list(group.agreements) if group is not None else []
    if group is not None and not agreements and (match := _AGREEMENTS.search(group.notes)):
        # A group whose agreements were written into its notes before they had a field of their own.
        agreements = [part.strip().rstrip(".") for part in match.group("list").split(";") if part.strip()]
    return {
        "group": lens.text(group.name if group else minutes.group),
        "date": format_day(minutes.date),
        "when": when,
        "place": lens.text((meeting.place if meeting else "") or (group.place if group else "")),
        "status": minutes.status.value,
        "approved_at": _meeting_day(store, minutes.approved_at),
        "internal": lens.internal,
        "chair": lens.person(minutes.chair),
        "note_taker": lens.person(minutes.note_taker),
        "present": [lens.person(person) for person in minutes.present],
        "regrets": [lens.person(person) for person in minutes.regrets],
        "agreements": [lens.text(agreement) for agreement in agreements],
        "business_arising": _business_arising(store, minutes, lens),
        # Minutes started by delegate carry business arising as their first agenda item already.
        "arising_in_agenda": any(item.title.strip().lower() == "business arising" for item in minutes.items),
        "items": [
            {
                "title": lens.text(item.title),
                "discussion": lens.text(item.discussion),
                "decisions": [lens.text(decision) for decision in item.decisions],
            }
            for item in minutes.items
        ],
        "actions": [
            {
                "text": lens.text(action.text),
                "owner": lens.person(action.owner),
                "due": format_day(action.due) if action.due else "",
            }
            for action in minutes.actions
        ],
        "next_meeting": format_day(minutes.next_meeting) if minutes.next_meeting else "",
    }


def _occasion(store: Store, delegation: Delegation | None) -> dict[str, Any]:
    """What every delegation document says: to whom, when, on what, asking what, who to call."""
    body = _body(store, delegation) if delegation else None
    meeting = _meeting(store, delegation) if delegation else None
    start = local_start(store, meeting, body) if meeting else None
    contact = _contact(store, delegation.speakers) if delegation else None
    limit = body.speaking_limit if body else DEFAULT_SPEAKING_LIMIT
    copies = delegation.copies if delegation else None
    if copies is None and body is not None:
        copies = body.copies_to_bring()
    return {
        "has_delegation": delegation is not None,
        "body": body.name if body else "",
        "topic": delegation.topic if delegation else "",
        "ask": delegation.ask if delegation else "",
        "speakers": list(delegation.speakers) if delegation else [],
        "speaker": delegation.speakers[0] if delegation and delegation.speakers else "",
        "organization": contact.organization if contact else "",
        "contact": {
            "name": contact.name if contact else "",
            "organization": contact.organization if contact else "",
            "email": contact.email if contact else "",
            "phone": contact.phone if contact else "",
        },
        "meeting_when": format_when(start) if start else "",
        "meeting_date": format_day(start.date()) if start else "",
        "meeting_time": f"{start:%H:%M}" if start else "",
        "place": ((meeting.place if meeting else "") or (body.place if body else "")),
        "agenda_url": meeting.agenda_url if meeting else "",
        "limit_seconds": int(limit.total_seconds()),
        "limit": format_duration(limit.total_seconds()),
        "copies": copies if copies is not None else "",
    }


def _meeting(store: Store, delegation: Delegation) -> Meeting | None:
    meeting: Meeting | None = store.lookup(Meeting, delegation.meeting)
    return meeting


def _body(store: Store, delegation: Delegation) -> Body | None:
    meeting = _meeting(store, delegation)
    body: Body | None = store.lookup(Body, meeting.body) if meeting else None
    return body


def local_start(store: Store, meeting: Meeting, body: Body | None) -> datetime:
    """The start on the meeting's own wall clock (its zone, else its body's, else the user's)."""
    for name in (meeting.timezone, body.timezone if body else "", store.default_zone):
        if name:
            try:
                return meeting.start.astimezone(zone(name))
            except ValidationError:
                continue
    return meeting.start


def _contact(store: Store, speakers: tuple[str, ...]) -> Person | None:
    """The first speaker who is a known, non-confidential person (a confidential one is never a contact)."""
    people = [person for person in store.all(Person) if not person.confidential]
    for speaker in speakers:
        wanted = " ".join(speaker.split()).casefold()
        for person in people:
            if person.id == speaker or " ".join(person.name.split()).casefold() == wanted:
                return person
    return None


def _clerk(store: Store, body: Body | None) -> Person | None:
    """A non-confidential person of the body whose role says clerk, if one was entered."""
    if body is None:
        return None
    for person in store.all(Person):
        if not person.confidential and body.id in person.member_of and "clerk" in person.role.casefold():
            return person
    return None


def _meeting_day(store: Store, meeting_id: str) -> str:
    """A meeting named by its day ('Wednesday 2 December 2026'), or its id when it is not found."""
    meeting: Meeting | None = store.lookup(Meeting, meeting_id) if meeting_id else None
    if meeting is None:
        return meeting_id
    return format_day(local_start(store, meeting, store.lookup(Body, meeting.body)).date())


def _handout_title(store: Store, handout_id: str) -> str:
    handout: Handout | None = store.lookup(Handout, handout_id)
    return handout.title if handout else handout_id


def _business_arising(store: Store, minutes: Minutes, lens: Lens) -> list[dict[str, str]]:
    """The previous minutes' action items of this group, with where each stands now."""
    earlier = [
        other for other in store.all(Minutes) if other.group == minutes.group and other.date < minutes.date
    ]
    if not earlier:
        return []
    previous = max(earlier, key=lambda other: other.date)
    arising = []
    for action in previous.actions:
        followup: FollowUp | None = store.lookup(FollowUp, action.followup) if action.followup else None
        arising.append(
            {
                "text": lens.text(action.text),
                "owner": lens.person(action.owner),
                "status": followup.status.value if followup else "",
                "due": format_day(action.due) if action.due else "",
            }
        )
    return arising
