"""Turn what a person types (dates, times, durations, limits, amounts) into model values, or explain why not.

Every function raises `ValidationError` with a message that quotes the input and shows the form
expected, so the CLI and the TUI can show it as it is.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from delegate.errors import ValidationError

# Longest unit names first: the regex takes the first alternative that fits, and "45 min" must not
# stop at "m" (leaving "in" unread).
_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs|hr|h|minutes?|mins|min|m|seconds?|secs|sec|s)(?![a-z])"
)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
# Digits with optional thousands commas (in groups of three, so "1,20" is a typo, not 120), then cents.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?", re.ASCII)


def parse_date(text: str, today: date | None = None) -> date:
    """YYYY-MM-DD; with `today`, also a phrase: 'today', 'tomorrow', 'next friday', 'in 3 days',
    'dec 17', '+7d' (see `delegate.natural`)."""
    value = text.strip()
    if today is not None and value.lower() in ("today", "tomorrow", "yesterday"):
        return today + timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[value.lower()])
    if today is not None and not _ISO_DATE.fullmatch(value):
        from delegate import natural  # only for a phrase: lists and ISO dates never load the parser

        try:
            return natural.read_date(value, today)
        except natural.NotUnderstood:
            raise ValidationError(
                f"{text!r} is not a date; use YYYY-MM-DD (e.g. 2026-12-09), or say it: "
                "today, tomorrow, next friday, in 3 days, dec 17, +7d"
            ) from None
    if not _ISO_DATE.fullmatch(value):
        raise ValidationError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-12-09")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(f"{text!r} is not a real date ({error})") from None


def is_exact_date(text: str) -> bool:
    """Whether `text` already names its date exactly (YYYY-MM-DD, with a time or not): nothing to echo."""
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?", " ".join(text.split())))


def describe_date(day: date) -> str:
    """The exact date a phrase became, as it is echoed back: 'Fri 4 Dec 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def describe_wall_time(moment: datetime) -> str:
    """'Thu 17 Dec 2026 18:00'."""
    return f"{describe_date(moment.date())} {moment:%H:%M}"


def parse_time_of_day(text: str) -> time:
    """HH:MM in 24-hour time."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match:
        raise ValidationError(f"{text!r} is not a time of day; use HH:MM, e.g. 18:30")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValidationError(f"{text!r} is not a real time of day")
    return time(hour, minute)


def parse_datetime(text: str, zone: ZoneInfo) -> datetime:
    """'YYYY-MM-DD HH:MM' (or with a T) as a wall-clock time in `zone`."""
    return in_zone(parse_wall_time(text), zone, text)


def parse_wall_time(text: str, now: datetime | None = None) -> datetime:
    """'YYYY-MM-DD HH:MM' as a naive wall-clock time; the zone is decided later (the body's). With
    `now`, also a phrase: 'tomorrow 18:00', 'next thursday 6pm', 'dec 17 18:00', '+21d 18:00'."""
    value = text.strip().replace("T", " ", 1)
    parts = value.split()
    if now is not None and not (len(parts) == 2 and _ISO_DATE.fullmatch(parts[0])):
        from delegate import natural

        try:
            return natural.read_wall_time(text, now)
        except natural.NotUnderstood:
            raise ValidationError(
                f'{text!r} is not a date and time; use "YYYY-MM-DD HH:MM", or say it: '
                '"tomorrow 18:00", "next thursday 6pm", "dec 17 18:00", "+21d 18:00"'
            ) from None
    if len(parts) != 2:
        raise ValidationError(f'{text!r} is not a date and time; use "YYYY-MM-DD HH:MM"')
    return datetime.combine(parse_date(parts[0]), parse_time_of_day(parts[1]))


def in_zone(wall: datetime, zone: ZoneInfo, shown: str = "") -> datetime:
    """A naive wall time placed in a zone; a time in the spring-forward gap is refused, not shifted."""
    result = wall.replace(tzinfo=zone)
    label = shown or wall.isoformat(sep=" ", timespec="minutes")
    try:
        round_trip = result.astimezone(UTC).astimezone(zone)
    except OverflowError:  # the first or last hours of year 1 or 9999, once moved to UTC
        raise ValidationError(f"{label!r} is too far in the past or future") from None
    if round_trip.replace(tzinfo=None) != wall:
        raise ValidationError(f"{label!r} does not exist in {zone.key} (the clocks jump forward then)")
    return result


def parse_duration(text: str) -> timedelta:
    """A length of time: '1d', '2h', '90m', '1h30m', '45 min' or 'H:MM'."""
    value = text.strip().lower()
    clock = re.fullmatch(r"(\d+):([0-5]\d)", value)  # H:MM; '1:75' is a typo, not 2:15
    if clock:
        result = timedelta(hours=int(clock.group(1)), minutes=int(clock.group(2)))
    else:
        position, seconds = 0, 0.0
        for match in _DURATION_PART.finditer(value):
            if value[position : match.start()].strip():
                break
            seconds += float(match.group(1)) * _UNIT_SECONDS[match.group(2)[0]]
            position = match.end()
        if position == 0 or value[position:].strip():
            raise ValidationError(f"{text!r} is not a duration; use e.g. 2h, 90m or 1h30m")
        result = timedelta(seconds=seconds)
    if result <= timedelta(0):
        raise ValidationError(f"{text!r} is not a duration longer than zero")
    return result


def parse_limit(text: str) -> timedelta:
    """A speaking limit as M:SS ('5:00', '3:30'); plain minutes ('5') are accepted too."""
    value = text.strip()
    match = re.fullmatch(r"(\d+):([0-5]\d)", value) or re.fullmatch(r"(\d+)()", value)
    if not match:
        raise ValidationError(f"{text!r} is not a speaking limit; use M:SS, e.g. 5:00")
    limit = timedelta(minutes=int(match.group(1)), seconds=int(match.group(2) or 0))
    if limit <= timedelta(0):
        raise ValidationError(f"a speaking limit of {text!r} leaves no time to speak; use e.g. 5:00")
    return limit


def parse_amount(text: str) -> Decimal:
    """A sum of money more than zero: '50', '50.00', '1,200.50' or '$50'; at most two decimal places."""
    value = text.strip().removeprefix("$").strip()
    if value.startswith("-"):
        raise ValidationError(f"{text!r} is not an amount more than 0")
    if not _AMOUNT.fullmatch(value):
        if re.fullmatch(r"[0-9,]+\.[0-9]{3,}", value):
            raise ValidationError(f"{text!r} has more than two decimal places; use e.g. 50.25")
        raise ValidationError(f"{text!r} is not an amount; use e.g. 50, 50.00 or 1,200.50")
    amount = Decimal(value.replace(",", "")).quantize(Decimal("0.01"))  # cents always: 50 -> 50.00
    if amount <= 0:
        raise ValidationError(f"{text!r} is not an amount more than 0")
    return amount
