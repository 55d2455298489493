"""Bodies as views for an audience: the list, and one body with its meetings, our delegations, its
standing agreements and who signed its confidentiality agreement (members by role unless internal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from delegate.model import Body, BodyKind, Delegation, Meeting, MeetingStatus
from delegate.services.agreements import (
    AgreementView,
    SignatureView,
    agreements_as,
    signatures_as,
    signed_summary,
)
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.delegations import DelegationView, delegations_of
from delegate.services.meetings import MeetingView, list_meetings, meeting_view
from delegate.services.views import length_text, record_view
from delegate.store import Store

NEXT_MEETINGS = 5  # how many coming meetings a body's show lists


@dataclass(frozen=True)
class BodyView:
    """One body as an audience may see it (a row of a list)."""

    id: str
    name: str
    kind: str
    speaking_limit: str  # M:SS
    members: int | None
    next_meeting: MeetingView | None  # the next open one still ahead
    fields: dict[str, Any]  # the record as `--json` gives it, for the same audience


@dataclass(frozen=True)
class BodyDetail:
    """What `body show` and the body's screen show."""

    view: BodyView
    jurisdiction: str
    phone: str
    email: str
    url: str
    how_to_request: str
    deadline_days: int | None  # requests are due this many days before…
    deadline_at: time | None  # …by this time of day (None: no rule)
    copies: int  # handout copies to bring: the members and two spares
    place: str
    timezone: str
    schedule: str
    notes: str
    is_group: bool  # an action group (agendas, signatures)
    agreements: tuple[AgreementView, ...]
    signed: str  # '3 of 5 members signed the confidentiality agreement' ("" when not kept)
    signatures: tuple[SignatureView, ...]
    meetings: tuple[MeetingView, ...]  # every meeting, by start
    next_meetings: tuple[MeetingView, ...]  # the next few scheduled ones
    delegations: tuple[DelegationView, ...]  # ours to it, by meeting date


def _view(body: Body, lens: Lens, following: Meeting | None) -> BodyView:
    return BodyView(
        id=body.id,
        name=lens.text(body.name),
        kind=body.kind.value,
        speaking_limit=length_text(body.speaking_limit),
        members=body.members,
        next_meeting=meeting_view(following, lens, body) if following else None,
        fields=record_view(body, lens),
    )


def body_views(store: Store, audience: Audience, now: datetime) -> list[BodyView]:
    """Every body, by name, with its next open meeting, as `audience` may see them."""
    lens = lens_for(store, audience)
    following: dict[str, Meeting] = {}
    # Meetings not over yet (the index keeps them apart): a next meeting is never among the rest.
    ahead = store.in_play(Meeting, now.date())
    for meeting in sorted(ahead, key=lambda item: item.start, reverse=True):
        if meeting.start >= now and meeting.is_open:
            following[meeting.body] = meeting
    bodies = sorted(store.all(Body), key=lambda item: item.name.casefold())
    return [_view(body, lens, following.get(body.id)) for body in bodies]


def body_detail(store: Store, body: Body, audience: Audience, now: datetime) -> BodyDetail:
    """One body with its meetings, our delegations and, for a group, its agreements and signatures."""
    lens = lens_for(store, audience)
    meetings = list_meetings(store, body=body.id)
    coming = [m for m in meetings if m.is_ahead(now) and m.status is MeetingStatus.SCHEDULED]
    ours = {m.id for m in meetings}
    delegations = [item for item in store.all(Delegation) if item.meeting in ours]
    following = next((m for m in meetings if m.start >= now and m.is_open), None)
    deadline = body.request_deadline
    return BodyDetail(
        view=_view(body, lens, following),
        jurisdiction=lens.text(body.jurisdiction),
        phone=lens.text(body.phone),
        email=lens.text(body.email),
        url=lens.text(body.url),
        how_to_request=lens.text(body.how_to_request),
        deadline_days=deadline.days_before if deadline else None,
        deadline_at=deadline.at if deadline else None,
        copies=body.copies_to_bring(),
        place=lens.text(body.place),
        timezone=body.timezone,
        schedule=body.recurrence,
        notes=lens.text(body.notes),
        is_group=body.kind is BodyKind.ACTION_GROUP,
        agreements=tuple(agreements_as(lens, body)),
        signed=signed_summary(store, body),
        signatures=tuple(signatures_as(store, lens, body)),
        meetings=tuple(meeting_view(m, lens, body) for m in meetings),
        next_meetings=tuple(meeting_view(m, lens, body) for m in coming[:NEXT_MEETINGS]),
        delegations=tuple(delegations_of(store, lens, delegations)),
    )
