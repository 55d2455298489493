"""Repeating meetings: RRULEs parsed by icalendar and expanded by recurring-ical-events."""

from __future__ import annotations

import typing
from datetime import datetime, timedelta

import recurring_ical_events
from icalendar import Calendar, Event, vRecur

from delegate.model.errors import ValidationError

MAX_OCCURRENCES = 500


def check_rule(rule: str) -> vRecur:
    """Parse an RRULE (with or without the 'RRULE:' prefix) or say what is wrong with it."""
    text = rule.strip()
    text = text.removeprefix("RRULE:")
    try:
        parsed = vRecur.from_ical(text)
    except (ValueError, TypeError, KeyError) as error:
        raise ValidationError(f"{rule!r} is not a valid RRULE ({error})") from None
    if "FREQ" not in parsed:
        raise ValidationError(f"{rule!r} is not a valid RRULE; it needs FREQ=, e.g. FREQ=MONTHLY;BYDAY=2TH")
    return typing.cast(vRecur, parsed)


def expand(rule: str, start: datetime, until: datetime) -> list[datetime]:
    """Start times of the occurrences from `start` up to `until` (at most MAX_OCCURRENCES)."""
    calendar = Calendar()
    event = Event()
    event.add("uid", "expansion")
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(hours=1))
    event.add("rrule", check_rule(rule))
    calendar.add_component(event)
    try:
        occurrences = recurring_ical_events.of(calendar).between(start, until)
    except (ValueError, TypeError) as error:
        raise ValidationError(f"{rule!r} cannot be expanded ({error})") from None
    starts: list[datetime] = []
    for occurrence in occurrences:
        moment = occurrence["DTSTART"].dt
        starts.append(moment.astimezone(start.tzinfo))
        if len(starts) >= MAX_OCCURRENCES:
            break
    return sorted(starts)
