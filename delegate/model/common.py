"""Small pure helpers shared by the records."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

from delegate.model.errors import ValidationError

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "item", max_length: int = 48) -> str:
    """A readable, file-safe id from free text: 'Vancouver Police Board' -> 'vancouver-police-board'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or fallback


def format_duration(seconds: float) -> str:
    """Seconds as M:SS (or H:MM:SS past an hour); negative values get a minus sign."""
    sign = "-" if seconds < 0 else ""
    whole = round(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def over_under(over_by: float) -> str:
    """'+0:41 over' or '0:12 under' for seconds past (or short of) a limit."""
    return f"+{format_duration(over_by)} over" if over_by > 0 else f"{format_duration(-over_by)} under"


def after(moment: datetime, length: timedelta) -> datetime:
    """`moment` plus an elapsed `length`, in the same zone.

    Python adds to an aware datetime on the wall clock, so 01:30 + 1h on the night the clocks go
    back would land before it; a meeting's length is real time, so add it in UTC.
    """
    return (moment.astimezone(UTC) + length).astimezone(moment.tzinfo)


def require_aware(value: datetime, what: str) -> None:
    """Times in records carry their zone; a naive one is a programming error at the edge."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(f"{what} must have a time zone")


def require_text(value: str, what: str) -> str:
    """A required free-text field: stripped, and not empty."""
    stripped = value.strip()
    if not stripped:
        raise ValidationError(f"{what} must not be empty")
    return stripped


def require_positive(value: timedelta, what: str) -> None:
    if value <= timedelta(0):
        raise ValidationError(f"{what} must be longer than 0:00")
