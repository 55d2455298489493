"""Repeating meetings: RRULEs parsed by icalendar and expanded by recurring-ical-events."""

from __future__ import annotations

import typing
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from delegate.errors import ValidationError

if TYPE_CHECKING:
    from icalendar import vRecur

MAX_OCCURRENCES = 500


def check_rule(rule: str) -> vRecur:
    """Parse an RRULE (with or without the 'RRULE:' prefix) or say what is wrong with it."""
    from icalendar import vRecur  # imported on use: it costs start-up time the app need not pay

    text = rule.strip()
    text = text.removeprefix("RRULE:")
    try:
        parsed = vRecur.from_ical(text)
    except (ValueError, TypeError, KeyError) as error:
        raise ValidationError(f"{rule!r} is not a valid RRULE ({error})") from None
    if "FREQ" not in parsed:
        raise ValidationError(f"{rule!r} is not a valid RRULE; it needs FREQ=, e.g. FREQ=MONTHLY;BYDAY=2TH")
    return typing.cast("vRecur", parsed)


def expand(rule: str, start: datetime, until: datetime) -> list[datetime]:
    """Start times of the occurrences from `start` up to `until` (at most MAX_OCCURRENCES)."""
    import recurring_ical_events
    from icalendar import Calendar, Event

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
    starts.sort()
    # recurring-ical-events always yields DTSTART; a start the rule does not give (a Wednesday for
    # BYDAY=3TH) would be a meeting nobody holds, and COUNT=3 would give four.
    if starts and starts[0] == start and not _rule_gives(rule, start):
        del starts[0]
    return starts


def _rule_gives(rule: str, start: datetime) -> bool:
    """Whether `start` is itself an occurrence of the (already checked) rule, COUNT and UNTIL aside."""
    from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

    parts = rule.strip().removeprefix("RRULE:").split(";")
    pattern = ";".join(part for part in parts if part.split("=")[0].strip().upper() not in ("COUNT", "UNTIL"))
    wall = start.replace(tzinfo=None)  # wall-clock time, as the rule is read in the meeting's zone
    try:
        return bool(rrulestr(pattern, dtstart=wall).after(wall, inc=True) == wall)
    except (ValueError, TypeError):
        return True  # in doubt, keep the meeting the user typed
