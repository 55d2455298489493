"""What's next: the dashboard's content, computed from the store without any UI."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from delegate.model import (
    Body,
    Cost,
    Delegation,
    DelegationStatus,
    FollowUp,
    FollowUpStatus,
    Honorarium,
    Meeting,
    MeetingStatus,
    uncovered,
)
from delegate.store import Store

HORIZON = timedelta(days=60)


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting: Meeting
    body: Body | None
    delegations: tuple[Delegation, ...]


@dataclass(frozen=True)
class RequestDeadline:
    """The last moment to ask for a slot at a meeting (the body's rule applied to it)."""

    body: Body
    meeting: Meeting
    deadline: datetime
    requested: bool

    def days_left(self, now: datetime) -> int:
        return (self.deadline.date() - now.astimezone(self.deadline.tzinfo).date()).days


@dataclass(frozen=True)
class UncoveredCosts:
    """An upcoming delegation whose costs of taking part (bus fare, childcare…) are not all covered."""

    delegation: Delegation
    meeting: Meeting
    costs: tuple[Cost, ...]  # only the uncovered ones


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    meetings: list[UpcomingMeeting] = field(default_factory=list)
    deadlines: list[RequestDeadline] = field(default_factory=list)
    overdue: list[FollowUp] = field(default_factory=list)
    due_this_week: list[FollowUp] = field(default_factory=list)
    delegations_per_body: list[tuple[Body, int]] = field(default_factory=list)
    empty: bool = False
    owed_honoraria: list[Honorarium] = field(default_factory=list)  # oldest first
    uncovered_costs: list[UncoveredCosts] = field(default_factory=list)  # soonest meeting first


def build_dashboard(store: Store, now: datetime, meetings_shown: int = 12) -> Dashboard:
    """Upcoming meetings, request deadlines still ahead, follow-ups overdue or due within seven days,
    honoraria still owed, and upcoming delegations with costs nobody covers yet."""
    # Only what is still in play: ten years of past meetings and closed follow-ups stay on disk.
    since = now.date()
    bodies = {body.id: body for body in store.all(Body)}
    all_meetings = store.in_play(Meeting, since)
    followups = store.in_play(FollowUp, since)
    owed = sorted(
        (item for item in store.in_play(Honorarium, since) if not item.paid),
        key=lambda item: (item.owed_on or date.min, item.id),
    )
    nothing_ahead = not bodies and not all_meetings and not followups and not owed
    if nothing_ahead and not store.has_records(Meeting) and not store.has_records(FollowUp):
        return Dashboard(now=now, empty=True)
    # Delegations not yet spoken: the ones delivered are history, counted below.
    delegations = store.in_play(Delegation, since)

    on_meeting: dict[str, list[Delegation]] = {}
    for delegation in delegations:
        on_meeting.setdefault(delegation.meeting, []).append(delegation)
    ahead = sorted(
        (
            meeting
            for meeting in all_meetings
            if meeting.is_ahead(now)
            and meeting.start - now <= HORIZON
            and meeting.status is MeetingStatus.SCHEDULED
        ),
        key=lambda meeting: meeting.start,
    )
    upcoming = [
        UpcomingMeeting(meeting, bodies.get(meeting.body), tuple(on_meeting.get(meeting.id, ())))
        for meeting in ahead[:meetings_shown]
    ]

    deadlines: list[RequestDeadline] = []
    next_per_body: set[str] = set()
    for meeting in ahead:
        body = bodies.get(meeting.body)
        if body is None or body.request_deadline is None or body.id in next_per_body:
            continue
        deadline = body.request_deadline.deadline_for(meeting.start)
        if deadline < now:
            continue
        next_per_body.add(body.id)  # the next meeting one can still ask for, per body
        requested = any(
            delegation.status is not DelegationStatus.IDEA
            and delegation.status is not DelegationStatus.CANCELLED
            for delegation in on_meeting.get(meeting.id, ())
        )
        deadlines.append(RequestDeadline(body, meeting, deadline, requested))
    deadlines.sort(key=lambda item: item.deadline)

    today = now.date()
    week_end = today + timedelta(days=7)
    open_items = [item for item in followups if item.status is FollowUpStatus.OPEN and item.due is not None]
    overdue = sorted((item for item in open_items if item.is_overdue(today)), key=_due)
    due_soon = sorted((item for item in open_items if today <= _due(item) <= week_end), key=_due)

    counts = store.derived(DELIVERED_PER_BODY, (Delegation, Meeting), lambda: delivered_per_body(store))
    per_body = sorted(
        ((bodies[body_id], count) for body_id, count in counts.items() if body_id in bodies),
        key=lambda pair: (-pair[1], pair[0].name),
    )
    # A cost nobody covers can cancel a delegation: warn while there is time to find the money.
    uncovered_costs = [
        UncoveredCosts(delegation, meeting, uncovered(delegation.costs))
        for meeting in ahead
        for delegation in on_meeting.get(meeting.id, ())
        if delegation.status is not DelegationStatus.CANCELLED and uncovered(delegation.costs)
    ]
    return Dashboard(now, upcoming, deadlines, overdue, due_soon, per_body, False, owed, uncovered_costs)


# Kept in the index under this name while the delegation and meeting files stay the same; a change
# to what delivered_per_body counts needs a new name.
DELIVERED_PER_BODY = "delivered-delegations-per-body/1"


def delivered_per_body(store: Store) -> dict[str, int]:
    """How many delegations were given (delivered or followed up) to each body, by body id."""
    counts: Counter[str] = Counter()
    for delegation in store.all(Delegation):
        if delegation.status in (DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP):
            spoken_at = store.lookup(Meeting, delegation.meeting)
            if spoken_at is not None:
                counts[spoken_at.body] += 1
    return dict(counts)


def _due(item: FollowUp) -> date:
    return item.due or date.max


def describe_deadline(deadline: datetime, now: datetime) -> str:
    """'request by Tue 1 Dec 12:00 — 3 days' (or 'today', 'tomorrow')."""
    days = (deadline.date() - now.astimezone(deadline.tzinfo).date()).days
    left = "today" if days == 0 else "tomorrow" if days == 1 else f"{days} days"
    return f"request by {deadline:%a} {deadline.day} {deadline:%b %H:%M} — {left}"
