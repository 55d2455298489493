"""Records found from what a person typed: an id, a unique prefix, the part after an id's date, or
for a meeting the day it falls on, said as a date ("2026-12-17") or a phrase ("next thursday", "+21d")."""

from __future__ import annotations

from datetime import date

from delegate import parsing
from delegate.model import Meeting, ValidationError
from delegate.store import NotFoundError, Store


def find_meeting(store: Store, reference: str, today: date) -> Meeting:
    """The meeting `reference` names: its id (or a unique prefix), else the one meeting on the day a
    date or phrase names. The day's meeting is found by the id's date, so two on one day are asked
    apart by id, as any ambiguous prefix is."""
    try:
        return store.find(Meeting, reference)
    except NotFoundError as not_an_id:
        try:
            day = parsing.parse_date(reference, today=today)
        except ValidationError:
            raise not_an_id from None
    try:
        return store.find(Meeting, f"{day:%Y-%m-%d}")
    except NotFoundError:
        raise NotFoundError(
            f"no meeting on {parsing.describe_date(day)} ({reference!r}); `delegate meeting list` shows them"
        ) from None
