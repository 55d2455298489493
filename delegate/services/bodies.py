"""Adding and describing bodies."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from delegate.model import DEFAULT_SPEAKING_LIMIT, Body, BodyKind, DeadlineRule
from delegate.recurrence import check_rule
from delegate.services.audience import lens_for
from delegate.services.duplicates import DuplicateError, first_named
from delegate.services.ids import public_slug
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
    again: bool = False,
) -> Body:
    """Create and save a body; its id is a slug of its name (as the public sees it).

    A body already here by that name (case, accents and spacing aside) is a DuplicateError unless `again`.
    """
    if not again:
        refuse_same_body(store, name)
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
        id=store.new_id(Body, public_slug(store, name, "body")),
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


def refuse_same_body(store: Store, name: str) -> None:
    """DuplicateError when a body by that name (case, accents and spacing aside) is already here."""
    existing = first_named(store.all(Body), name, lambda body: body.name)
    if existing is not None:
        shown = lens_for(store).text(existing.name)  # a body's name may name someone confidential
        raise DuplicateError(f"{shown} is already here ({existing.id})", existing.id)


def edit_body(
    store: Store,
    body: Body,
    *,
    name: str,
    kind: BodyKind,
    members: int | None = None,
    speaking_limit: timedelta = DEFAULT_SPEAKING_LIMIT,
    phone: str = "",
    email: str = "",
    url: str = "",
    how_to_request: str = "",
    request_deadline_days: int | None = None,
    request_deadline_time: time = time(12, 0),
    timezone: str = "",
    place: str = "",
) -> Body:
    """Change what the body form shows; its id, agreements, signatures and the rest stay. Saved."""
    if timezone:
        zone(timezone)
    deadline = (
        DeadlineRule(request_deadline_days, request_deadline_time)
        if request_deadline_days is not None
        else None
    )
    changed = replace(
        body,
        name=name.strip(),
        kind=kind,
        members=members,
        speaking_limit=speaking_limit,
        phone=phone.strip(),
        email=email.strip(),
        url=url.strip(),
        how_to_request=how_to_request.strip(),
        request_deadline=deadline,
        timezone=timezone.strip(),
        place=place.strip(),
    )
    store.save(changed)
    return changed


def zone_of(store: Store, body: Body) -> str:
    """The zone a body's times are in: its own, else the user's."""
    return body.timezone or store.default_zone
