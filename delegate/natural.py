"""Dates typed as people say them ("next friday", "in 3 days", "dec 17", "tomorrow 18:00", "+7d").

`parsedatetime` reads the phrases: it is small (about 40 ms to import, pure Python, no data files)
and answers from a reference moment we give it, so "tomorrow" is tomorrow of the user's clock (or of
DELEGATE_NOW) and tests are exact. `dateparser` reads more languages but costs several times that
to import and pulls in `regex` and time-zone lookups; delegate is English-first and a date it
cannot read is simply refused, so the small parser wins. It is imported only when a phrase is not
already an exact date: `--help`, the lists and ISO dates never load it.

A phrase is accepted only when the parser read all of it (filler such as "on", "by" or "at" aside):
"friday foo" is refused rather than read as friday, and "third thursday of next month", which it
would read as two separate dates, is refused too. Numeric dates with slashes ("12/11") are refused:
month-first or day-first cannot be told apart.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

# Our own short forms, which the parser reads only in part ("+7d" as "7d").
_OFFSET = re.compile(r"([+-])\s*(\d{1,4})\s*(d|days?|w|weeks?)", re.IGNORECASE)
_FILLER = frozenset({"on", "by", "at", "the", "of", ","})
_SLASHED = re.compile(r"\d+\s*/\s*\d+")


class NotUnderstood(ValueError):
    """The phrase is not a date (or not all of it was understood)."""


def offset_days(text: str) -> int | None:
    """'+7d' → 7, '-2w' → -14, '+ 3 days' → 3; None when the text is not such an offset."""
    match = _OFFSET.fullmatch(text.strip())
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    count = int(match.group(2))
    return sign * count * (7 if match.group(3).lower().startswith("w") else 1)


@cache
def _calendar() -> Any:
    import parsedatetime

    return parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)


def read(text: str, now: datetime) -> tuple[datetime, bool, bool]:
    """The moment a phrase means, seen from `now` (naive, wall-clock), and whether it named a date
    and a time of day. Raises NotUnderstood unless all of it was read as one moment."""
    phrase = " ".join(text.split())
    if not phrase or _SLASHED.search(phrase):
        raise NotUnderstood(text)
    days = offset_days(phrase)
    if days is not None:
        return now + timedelta(days=days), True, False
    head = re.match(r"([+-]\s*\d+\s*(?:d|days?|w|weeks?))\s+(.*)", phrase, re.IGNORECASE)
    if head:  # "+7d 18:00": our offset, then a time of day the parser reads
        moment, has_date, has_time = read(head.group(2), now)
        days = offset_days(head.group(1)) or 0
        if has_date or not has_time:
            raise NotUnderstood(text)
        return datetime.combine(now.date() + timedelta(days=days), moment.time()), True, True
    found = _calendar().nlp(phrase, now)
    if not found or len(found) != 1:
        raise NotUnderstood(text)
    moment, context, start, end, _matched = found[0]
    rest = (phrase[:start] + " " + phrase[end:]).replace(",", " , ").split()
    if any(word.casefold() not in _FILLER for word in rest):
        raise NotUnderstood(text)
    return moment.replace(second=0, microsecond=0), bool(context.hasDate), bool(context.hasTime)


def read_date(text: str, today: date) -> date:
    """A day from a phrase ('next friday', 'in 3 days', 'dec 17', '+7d'); a time in it is refused."""
    moment, has_date, has_time = read(text, datetime.combine(today, time(12, 0)))
    if not has_date or has_time:
        raise NotUnderstood(text)
    return moment.date()


def read_wall_time(text: str, now: datetime) -> datetime:
    """A day and a time of day from a phrase ('tomorrow 18:00', 'next thursday 6pm', '+21d 18:00')."""
    moment, has_date, has_time = read(text, now.replace(tzinfo=None))
    if not has_date or not has_time:
        raise NotUnderstood(text)
    return moment
