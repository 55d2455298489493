"""Time-zone names: the user's own zone, and IANA names checked with a clear message."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from delegate.errors import ValidationError


def zone(name: str) -> ZoneInfo:
    """An IANA zone by name, or a one-line error that says which name was wrong."""
    try:
        return _zone(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            f"unknown time zone {name!r}; use an IANA name such as America/Vancouver"
        ) from None


@cache
def _zone(name: str) -> ZoneInfo:
    if not name:
        raise ValueError("empty zone name")
    return ZoneInfo(name)


def local_zone_name() -> str:
    """The user's zone: DELEGATE_TZ, then TZ, then the system's /etc/localtime, else UTC."""
    for variable in ("DELEGATE_TZ", "TZ"):
        value = os.environ.get(variable, "").lstrip(":")
        if value and _is_zone(value):
            return value
    try:
        target = Path("/etc/localtime").resolve()
        parts = target.parts
        if "zoneinfo" in parts:
            name = "/".join(parts[parts.index("zoneinfo") + 1 :])
            if _is_zone(name):
                return name
    except OSError:
        pass
    return "UTC"


def _is_zone(name: str) -> bool:
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
