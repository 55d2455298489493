"""Adding and describing bodies."""

from __future__ import annotations

from datetime import time, timedelta

from delegate.model import DEFAULT_SPEAKING_LIMIT, Body, BodyKind, DeadlineRule
from delegate.model.common import slugify
from delegate.recurrence import check_rule
from delegate.store import Store
from delegate.timezones import zone


def add_body(
    store: Store,
    name: str,
    kind: BodyKind = BodyKind.OTHER,
    *,
    members: int | None = None,
    speaking_limit: timedelta = DEFAULT_SPEAKING_LIMIT,
    phone: str = "",
    email: str = "",
    url: str = "",
    request_deadline_days: int | None = None,
    request_deadline_time: time = time(12, 0),
    timezone: str = "",
    jurisdiction: str = "",
    how_to_request: str = "",
    place: str = "",
    recurrence: str = "",
) -> Body:
    """Create and save a body; its id is a slug of its name."""
    if timezone:
        zone(timezone)
    if recurrence:
        check_rule(recurrence)
    deadline = (
        DeadlineRule(request_deadline_days, request_deadline_time)
        if request_deadline_days is not None
        else None
    )
    body = Body(
        id=store.new_id(Body, slugify(name, "body")),
        name=name.strip(),
        kind=kind,
        members=members,
        speaking_limit=speaking_limit,
        phone=phone,
        email=email,
        url=url,
        request_deadline=deadline,
        timezone=timezone,
        jurisdiction=jurisdiction,
        how_to_request=how_to_request,
        place=place,
        recurrence=recurrence,
    )
    store.save(body)
    return body


def zone_of(store: Store, body: Body) -> str:
    """The zone a body's times are in: its own, else the user's."""
    return body.timezone or store.default_zone
