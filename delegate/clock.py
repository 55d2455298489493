"""The current time, in one place so tests and demos can fix it.

DELEGATE_NOW (an ISO date-time, e.g. 2026-11-27T09:00-08:00) pins "now" for reproducible runs.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from delegate.timezones import local_zone_name, zone


def now() -> datetime:
    """The current moment, zone-aware in the user's zone, to the second."""
    pinned = os.environ.get("DELEGATE_NOW")
    user_zone = zone(local_zone_name())
    if pinned:
        moment = datetime.fromisoformat(pinned)
        moment = moment.replace(tzinfo=user_zone) if moment.tzinfo is None else moment.astimezone(user_zone)
        return moment.replace(microsecond=0)
    return datetime.now(user_zone).replace(microsecond=0)


def today() -> date:
    return now().date()
