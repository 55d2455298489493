"""The agenda of an action group's next meeting: standing agreements first, then the usual order.

An agenda is gathered as plain data (`Agenda`) so the CLI, the TUI and the tests share it; it becomes
a Document for an audience (`agenda_document`), public by default (confidential people by role).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from delegate.model import (
    Body,
    BodyKind,
    FollowUp,
    Meeting,
    MeetingStatus,
    Minutes,
    Person,
    ValidationError,
)
from delegate.render.context import format_day, format_when, local_start
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.documents import Document, document, public_stem
from delegate.services.minutes import COMMUNITY_ROUND_TABLE, business_arising, round_table_partners
from delegate.services.people import members_of
from delegate.services.scripts import render_named
from delegate.store import Store

__all__ = [
    "Agenda",
    "RoundTableTurn",
    "agenda_context",
    "agenda_document",
    "agenda_meeting",
    "build_agenda",
    "next_meeting",
    "round_table",
]


@dataclass(frozen=True, slots=True)
class RoundTableTurn:
    """One turn of the round table: a partner organization and its members, or the community members."""

    partner: str
    people: tuple[Person, ...]

    @property
    def community(self) -> bool:
        return self.partner == COMMUNITY_ROUND_TABLE


@dataclass(frozen=True, slots=True)
class Agenda:
    """What the agenda of one meeting says, before redaction. Times are on the meeting's wall clock."""

    group: Body
    meeting: Meeting
    start: datetime
    end: datetime | None
    agreements: tuple[str, ...]
    previous_minutes: Minutes | None
    business_arising: tuple[FollowUp, ...]
    round_table: tuple[RoundTableTurn, ...]
    next_meeting: datetime | None


def next_meeting(store: Store, group: Body, *, today: date) -> Meeting | None:
    """The group's first scheduled meeting on or after `today` (by the meeting's own calendar day)."""
    coming = [
        meeting
        for meeting in _meetings(store, group)
        if meeting.status is MeetingStatus.SCHEDULED and local_start(store, meeting, group).date() >= today
    ]
    return coming[0] if coming else None


def agenda_meeting(store: Store, group: Body, meeting: Meeting | None, *, today: date) -> Meeting:
    """The meeting to write the agenda for: `meeting` when given (it must be the group's), else the next."""
    _check_group(group)
    if meeting is None:
        found = next_meeting(store, group, today=today)
        if found is None:
            raise ValidationError(
                f"{group.name} has no meeting scheduled from {today:%Y-%m-%d} on; schedule one first"
            )
        return found
    if meeting.body != group.id:
        raise ValidationError(f"meeting {meeting.id} is not a meeting of {group.name}")
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError(f"meeting {meeting.id} is cancelled; there is no agenda to write for it")
    return meeting


def build_agenda(store: Store, group: Body, meeting: Meeting) -> Agenda:
    """Gather the agenda of `meeting`: agreements, the previous minutes, open follow-ups, the round table."""
    _check_group(group)
    if meeting.body != group.id:
        raise ValidationError(f"meeting {meeting.id} is not a meeting of {group.name}")
    start = local_start(store, meeting, group)
    day = start.date()
    earlier = [minutes for minutes in store.all(Minutes) if minutes.group == group.id and minutes.date < day]
    later = [
        other
        for other in _meetings(store, group)
        if other.start > meeting.start and other.status is MeetingStatus.SCHEDULED
    ]
    end = meeting.end.astimezone(start.tzinfo) if meeting.end is not None else None
    return Agenda(
        group=group,
        meeting=meeting,
        start=start,
        end=end,
        agreements=group.agreements,
        previous_minutes=max(earlier, key=lambda minutes: (minutes.date, minutes.id)) if earlier else None,
        business_arising=tuple(business_arising(store, group, day)),
        round_table=tuple(round_table(members_of(store, group))),
        next_meeting=local_start(store, later[0], group) if later else None,
    )


def round_table(members: list[Person]) -> list[RoundTableTurn]:
    """The round table's turns, in the order minutes use: partners by name, then community members.

    A confidential member takes part only in the community members' turn, whatever their organization.
    """
    turns = []
    for partner in round_table_partners(members):
        if partner == COMMUNITY_ROUND_TABLE:
            people = [person for person in members if person.confidential or not _organization(person)]
        else:
            key = partner.casefold()
            people = [
                person
                for person in members
                if not person.confidential and _organization(person).casefold() == key
            ]
        turns.append(RoundTableTurn(partner, tuple(people)))
    return turns


def agenda_context(agenda: Agenda, lens: Lens) -> dict[str, Any]:
    """For agenda.md: every name through `lens.person`, every typed text through `lens.text`."""
    group, meeting = agenda.group, agenda.meeting
    previous = agenda.previous_minutes
    return {
        "internal": lens.internal,
        "group": lens.text(group.name),
        "title": lens.text(meeting.title.strip()),
        "date": format_day(agenda.start.date()),
        "time": _time(agenda),
        "place": lens.text(meeting.place or group.place),
        "agreements": [lens.text(agreement) for agreement in agenda.agreements],
        "previous_minutes": format_day(previous.date) if previous else "",
        "previous_status": previous.status.value if previous else "",
        "business_arising": [
            {
                "text": lens.text(item.text),
                "owner": lens.person(item.owner),
                "due": format_day(item.due) if item.due else "",
            }
            for item in agenda.business_arising
        ],
        "round_table": [_turn(turn, lens) for turn in agenda.round_table],
        "next_meeting": format_when(agenda.next_meeting) if agenda.next_meeting else "",
    }


def agenda_document(store: Store, agenda: Agenda, audience: Audience) -> Document:
    """The agenda from the agenda template, for `audience` (to circulate, or an internal copy)."""
    lens = lens_for(store, audience)
    context = agenda_context(agenda, lens)
    # The template opens an internal copy with the INTERNAL COPY banner.
    markdown = render_named(store, "agenda.md", context)
    title = f"Agenda: {context['group']}, {agenda.start:%Y-%m-%d}"
    return document(
        markdown, title, audience, public_stem(store, f"{agenda.start:%Y-%m-%d}-{agenda.group.id}-agenda")
    )


def _time(agenda: Agenda) -> str:
    if agenda.meeting.all_day:
        return "all day"
    if agenda.end is not None and agenda.end.date() == agenda.start.date():
        return f"{agenda.start:%H:%M}–{agenda.end:%H:%M}"
    return f"{agenda.start:%H:%M}"


def _turn(turn: RoundTableTurn, lens: Lens) -> dict[str, Any]:
    """A turn of the round table; people shown alike (two unnamed members) are counted, not repeated."""
    shown = Counter(lens.person(person.id) for person in turn.people)
    return {
        "partner": turn.partner.capitalize() if turn.community else lens.text(turn.partner),
        "community": turn.community,
        "people": [name if count == 1 else f"{name} ({count})" for name, count in shown.items()],
    }


def _check_group(group: Body) -> None:
    if group.kind is not BodyKind.ACTION_GROUP:
        raise ValidationError(
            f"{group.name} is a {group.kind.value}, not an action group; "
            "agendas are written for action groups"
        )


def _meetings(store: Store, group: Body) -> list[Meeting]:
    return sorted(
        (meeting for meeting in store.all(Meeting) if meeting.body == group.id),
        key=lambda meeting: meeting.start,
    )


def _organization(person: Person) -> str:
    return " ".join(person.organization.split())
