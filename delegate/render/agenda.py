"""The agenda template's context: an Agenda as plain strings and lists, every name and typed text redacted."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from delegate.privacy import Redactor
from delegate.render.context import format_day, format_when

if TYPE_CHECKING:
    from delegate.services.agenda import Agenda, RoundTableTurn


def agenda_context(agenda: Agenda, redactor: Redactor) -> dict[str, Any]:
    """For agenda.md: every name through `redactor.name`, every typed text through `redactor.text`."""
    group, meeting = agenda.group, agenda.meeting
    previous = agenda.previous_minutes
    return {
        "internal": redactor.internal,
        "group": group.name,
        "title": redactor.text(meeting.title.strip()),
        "date": format_day(agenda.start.date()),
        "time": _time(agenda),
        "place": redactor.text(meeting.place or group.place),
        "agreements": [redactor.text(agreement) for agreement in agenda.agreements],
        "previous_minutes": format_day(previous.date) if previous else "",
        "previous_status": previous.status.value if previous else "",
        "business_arising": [
            {
                "text": redactor.text(item.text),
                "owner": redactor.name(item.owner) if item.owner else "",
                "due": format_day(item.due) if item.due else "",
            }
            for item in agenda.business_arising
        ],
        "round_table": [_turn(turn, redactor) for turn in agenda.round_table],
        "next_meeting": format_when(agenda.next_meeting) if agenda.next_meeting else "",
    }


def _time(agenda: Agenda) -> str:
    if agenda.meeting.all_day:
        return "all day"
    if agenda.end is not None and agenda.end.date() == agenda.start.date():
        return f"{agenda.start:%H:%M}–{agenda.end:%H:%M}"
    return f"{agenda.start:%H:%M}"


def _turn(turn: RoundTableTurn, redactor: Redactor) -> dict[str, Any]:
    """A turn of the round table; people shown alike (two unnamed members) are counted, not repeated."""
    shown = Counter(redactor.name(person.id) for person in turn.people)
    return {
        "partner": turn.partner.capitalize() if turn.community else redactor.text(turn.partner),
        "community": turn.community,
        "people": [name if count == 1 else f"{name} ({count})" for name, count in shown.items()],
    }
