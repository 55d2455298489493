"""What publishers say in the wrong place: a cancellation in the title, the time of a day-long event in
its title, "TBA" for a time not yet known, an end that is only a placeholder.

Each function takes plain values and returns plain values, so each quirk is tested on its own.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

# A word that means the sitting will not happen (as it is), and the status it gives.
_STATUS_WORDS = {
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "cancellation": "cancelled",
    "postponed": "postponed",
    "entfällt": "cancelled",  # German council systems (ALLRIS, SessionNet)
    "entfaellt": "cancelled",
    "abgesagt": "cancelled",
}
_WORD = "|".join(_STATUS_WORDS)
# Only where a publisher puts a marker: at the start, at the end, in brackets or between '=='. A title
# like "Motion on cancelled funding" is a title.
_MARKERS = (
    re.compile(rf"^[\W_]*\b({_WORD})\b[\s:=\-–—|!*]*", re.IGNORECASE),
    re.compile(rf"[\s:=\-–—|,*(\[]*\b({_WORD})\b[\W_]*$", re.IGNORECASE),
    re.compile(rf"\s*[(\[{{]\s*({_WORD})\s*[)\]}}]\s*", re.IGNORECASE),
    re.compile(rf"\s*=+\s*({_WORD})\s*=+\s*", re.IGNORECASE),
)
_TBA = re.compile(r"\b(TBA|TBD|time\s+to\s+be\s+(announced|determined|confirmed))\b", re.IGNORECASE)
# "6:30 PM", "6 p.m.", "6pm", "18:00", "at 7 PM", "@ 9:30 a.m."
_TWELVE_HOUR = re.compile(
    r"(?:\s*(?:at|@|-|–|,)\s*)?\b(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*([ap])\.?\s*m\b\.?", re.IGNORECASE
)
_TWENTY_FOUR_HOUR = re.compile(r"(?:\s*(?:at|@|-|–|,|um)\s*)?\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b(?:\s*Uhr)?")
# An end this close to the start is a placeholder (Legistar writes start + 1 minute when no end is
# known), not the length of a sitting.
PLACEHOLDER_LENGTH = timedelta(minutes=1)


def status_in_title(title: str) -> tuple[str, str, str]:
    """(the title without the marker, "cancelled" / "postponed" / "", the marker as written)."""
    for pattern in _MARKERS:
        match = pattern.search(title)
        if match is None:
            continue
        word = match.group(1)
        rest = (title[: match.start()] + " " + title[match.end() :]).strip()
        rest = re.sub(r"\s{2,}", " ", rest).strip(" -–—:|,=*")
        return rest or title.strip(), _STATUS_WORDS[word.casefold()], word
    return title, "", ""


def time_in_title(title: str) -> tuple[time | None, str]:
    """The time of day a title gives ("Council Meeting 6:30 PM") and the title without it."""
    match = _TWELVE_HOUR.search(title)
    if match is not None:
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        minute = int(match.group(2) or 0)
    else:
        match = _TWENTY_FOUR_HOUR.search(title)
        if match is None:
            return None, title
        hour, minute = int(match.group(1)), int(match.group(2))
    rest = (title[: match.start()] + " " + title[match.end() :]).strip()
    rest = re.sub(r"\s{2,}", " ", rest).strip(" -–—:|,@")
    return time(hour, minute), rest or title


def says_to_be_announced(*texts: str) -> bool:
    """Whether a title (or description) says the time is not known yet."""
    return any(_TBA.search(text) for text in texts if text)


def placeholder_end(start: datetime, end: datetime) -> bool:
    """An end that only fills the field: before the start, within a minute of it, or midnight after a
    sitting that starts later in the day (ALLRIS and Dresden's OParl export write those)."""
    if end.timestamp() < start.timestamp() or end - start <= PLACEHOLDER_LENGTH:
        return True
    local_end = end.astimezone(start.tzinfo)
    return (
        local_end.time() == time(0)
        and start.time() != time(0)
        and local_end.date() == start.date() + timedelta(days=1)
    )
