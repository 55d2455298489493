"""What's next: the dashboard's content, computed from the store without any UI, and its panels as
views for an audience (every cell's text through a Lens: confidential people by role unless `N`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

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
    format_money,
    uncovered,
)
from delegate.services.audience import Audience, Lens, lens_for
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
        if body is None or body.request_deadline is None:
            continue
        ours = on_meeting.get(meeting.id, ())
        # A later meeting shows too when a delegation on it is still to be asked for (one re-booked)
        to_ask = any(delegation.status is DelegationStatus.IDEA for delegation in ours)
        if body.id in next_per_body and not to_ask:
            continue
        deadline = body.request_deadline.deadline_for(meeting.start)
        if deadline < now:
            continue
        next_per_body.add(body.id)  # the next meeting one can still ask for, per body
        requested = any(
            delegation.status is not DelegationStatus.IDEA
            and delegation.status is not DelegationStatus.CANCELLED
            for delegation in ours
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


# ---- the panels, as an audience may see them -------------------------------------------------------

FOLLOWUPS_SHOWN = 10
HONORARIA_SHOWN = 5
UNREADABLE_SHOWN = 3
NO_MEETINGS = f"No meetings in the next {HORIZON.days} days"
# Each panel's title and columns, by the panel's name.
TITLES = {
    "meetings": "Next meetings",
    "costs": "⚠ Costs not covered",
    "deadlines": "Request deadlines",
    "followups": "Follow-ups: overdue and due this week",
    "honoraria": "Honoraria owed",
    "per-body": "Delegations made, per body",
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "meetings": ("When", "Body", "Our delegation"),
    "costs": ("Meeting", "Delegation", "Not covered"),
    "deadlines": ("Deadline", "Body", "Meeting", "Ours"),
    "followups": ("Due", "Follow-up", "Owner"),
    "honoraria": ("Owed since", "Person", "Amount", "For"),
    "per-body": ("Body", "Delegations"),
}


@dataclass(frozen=True)
class PanelRow:
    """One row: its cells as the audience may read them, and what Enter opens ('kind:id'; a row that
    only says something is 'none:…')."""

    key: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Panel:
    title: str
    rows: tuple[PanelRow, ...]
    shown: bool = True  # a warning (costs, honoraria) is shown only when it has something to say


@dataclass(frozen=True)
class DashboardView:
    """The dashboard for an audience: its panels by name (see COLUMNS), or `empty` for the welcome."""

    empty: bool
    unreadable: tuple[str, ...]  # the notice naming files that could not be read; () when all read
    panels: dict[str, Panel] = field(default_factory=dict)


def dashboard_view(store: Store, now: datetime, audience: Audience = Audience.PUBLIC) -> DashboardView:
    """What's next, as `audience` may see it."""
    dashboard = build_dashboard(store, now)
    lens = lens_for(store, audience)
    unreadable = unreadable_notice(store, lens)  # after reading: what could not be read is known
    if dashboard.empty:
        return DashboardView(True, unreadable)
    panels = {
        "meetings": _meetings(dashboard, lens),
        "costs": _costs(dashboard, lens),
        "deadlines": _deadlines(dashboard, lens),
        "followups": _followups(dashboard, lens),
        "honoraria": _honoraria(store, dashboard, lens),
        "per-body": _per_body(dashboard, lens),
    }
    return DashboardView(False, unreadable, panels)


def unreadable_notice(store: Store, lens: Lens) -> tuple[str, ...]:
    """Files that could not be read are left out, never silently: the first few, named.

    A file's name is its record's id, and an old one can carry a name: shown through the lens too.
    """
    errors = [problem for problem in store.problems_so_far() if problem.severity == "error"]
    if not errors:
        return ()
    if len(errors) == 1:
        lines = ["⚠ 1 file could not be read; what it holds is left out until it is fixed:"]
    else:
        lines = [f"⚠ {len(errors)} files could not be read; what they hold is left out until they are fixed:"]
    lines += [f"  {lens.text(problem.describe(store.root))}" for problem in errors[:UNREADABLE_SHOWN]]
    if len(errors) > UNREADABLE_SHOWN:
        lines.append(f"  … and {len(errors) - UNREADABLE_SHOWN} more")
    lines.append("Run `delegate check` to see every problem; ctrl+r reads the folder again.")
    return tuple(lines)


def _meetings(dashboard: Dashboard, lens: Lens) -> Panel:
    rows = [
        PanelRow(
            f"meeting:{item.meeting.id}",
            (
                _when(item.meeting),
                lens.text(item.meeting.display_title(item.body.name if item.body else item.meeting.body)),
                "; ".join(f"{lens.text(d.topic)} [{d.status.value}]" for d in item.delegations) or "—",
            ),
        )
        for item in dashboard.meetings
    ]
    return Panel(TITLES["meetings"], tuple(rows) or (PanelRow("none:meetings", ("—", NO_MEETINGS, "")),))


def _costs(dashboard: Dashboard, lens: Lens) -> Panel:
    rows = []
    for item in dashboard.uncovered_costs:
        missing = "; ".join(
            lens.text(cost.what) + (f" ({format_money(cost.amount, cost.currency)})" if cost.amount else "")
            for cost in item.costs  # only the uncovered ones
        )
        rows.append(
            PanelRow(
                f"delegation:{item.delegation.id}",
                (f"{item.meeting.start:%a %d %b}", lens.text(item.delegation.topic), missing),
            )
        )
    return Panel(TITLES["costs"], tuple(rows), shown=bool(rows))


def _deadlines(dashboard: Dashboard, lens: Lens) -> Panel:
    rows = [
        PanelRow(
            f"meeting:{deadline.meeting.id}",
            (
                describe_deadline(deadline.deadline, dashboard.now),
                lens.text(deadline.body.name),
                f"{deadline.meeting.start:%a %d %b}",
                "requested ✓" if deadline.requested else "not yet",
            ),
        )
        for deadline in dashboard.deadlines
    ]
    empty = PanelRow("none:deadlines", ("—", "No request deadline ahead", "", ""))
    return Panel(TITLES["deadlines"], tuple(rows) or (empty,))


def _followups(dashboard: Dashboard, lens: Lens) -> Panel:
    today = dashboard.now.date()
    # The most recently overdue first: years-old items should not bury this week's.
    overdue = sorted(dashboard.overdue, key=lambda item: item.due or today, reverse=True)
    shown = [*overdue[:FOLLOWUPS_SHOWN], *dashboard.due_this_week[:FOLLOWUPS_SHOWN]]
    rows = []
    for item in shown:
        due = _due(item)
        late = (today - due).days
        label = f"OVERDUE {late} d · {due:%d %b}" if late > 0 else f"{due:%a %d %b}"
        rows.append(PanelRow(f"followup:{item.id}", (label, lens.text(item.text), lens.person(item.owner))))
    hidden = len(dashboard.overdue) + len(dashboard.due_this_week) - len(shown)
    if hidden > 0:
        rows.append(PanelRow("none:more-followups", ("…", f"and {hidden} more open and overdue", "")))
    if not shown:
        rows.append(PanelRow("none:followups", ("—", "Nothing overdue or due this week", "")))
    return Panel(TITLES["followups"], tuple(rows))


def _honoraria(store: Store, dashboard: Dashboard, lens: Lens) -> Panel:
    """How many honoraria are owed, the sums per currency (never added across), and the oldest few."""
    owed = dashboard.owed_honoraria
    sums: dict[str, Decimal] = {}
    for item in owed:
        sums[item.currency] = sums.get(item.currency, Decimal(0)) + item.amount
    total = "; ".join(format_money(amount, currency) for currency, amount in sorted(sums.items()))
    bodies = {body.id: body.name for body in store.all(Body)}
    rows = []
    for item in owed[:HONORARIA_SHOWN]:
        meeting = store.lookup(Meeting, item.meeting) if item.meeting else None
        title = lens.text(meeting.display_title(bodies.get(meeting.body, meeting.body))) if meeting else "—"
        rows.append(
            PanelRow(
                f"honoraria:{item.id}",
                (
                    f"{item.owed_on:%a %d %b}" if item.owed_on else "—",
                    lens.person(item.person),
                    format_money(item.amount, item.currency),
                    title,
                ),
            )
        )
    if len(owed) > HONORARIA_SHOWN:
        rows.append(PanelRow("honoraria:", ("…", f"and {len(owed) - HONORARIA_SHOWN} more", "", "")))
    return Panel(f"{TITLES['honoraria']}: {len(owed)} · {total}", tuple(rows), shown=bool(owed))


def _per_body(dashboard: Dashboard, lens: Lens) -> Panel:
    rows = [
        PanelRow(f"body:{body.id}", (lens.text(body.name), str(count)))
        for body, count in dashboard.delegations_per_body
    ]
    empty = PanelRow("none:bodies", ("No delegations delivered yet", ""))
    return Panel(TITLES["per-body"], tuple(rows) or (empty,))


def _when(meeting: Meeting) -> str:
    """'Wed 09 Dec 18:00', or 'Wed 20 Jan all day' for a day-long meeting."""
    return f"{meeting.start:%a %d %b} " + ("all day" if meeting.all_day else f"{meeting.start:%H:%M}")
