"""Honoraria as an audience sees them: the list (CLI, `--json`, the app), a budget, a funder's summary.

A confidential person is shown by role and a note that names one is redacted, unless names are asked
for (`--internal`, or `N` on the screen). The budget and the summary hold no people at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from delegate.model import Body, Honorarium, Meeting, format_money
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.honoraria import (
    BudgetStatus,
    CurrencyTotals,
    FunderSummary,
    budget_status,
    funder_summary,
    list_honoraria,
    meetings_of,
)
from delegate.services.people import find_person
from delegate.services.views import record_view
from delegate.store import Store

NO_MEETING = "—"


@dataclass(frozen=True)
class HonorariumView:
    """One honorarium as an audience may see it (a row of the list, the pay form's title)."""

    id: str
    owed_on: date | None
    person: str  # a confidential person by role, unless internal
    amount: str  # '50.00 CAD'
    paid: bool
    paid_on: date | None
    method: str  # how it was paid ("" while owed)
    meeting: str  # the meeting or workshop id ("" when none)
    meeting_label: str  # '12 Nov 2026 · Safer Nights Action Group', or NO_MEETING
    note: str
    fields: dict[str, Any]  # the record as `--json` gives it, for the same audience


def honorarium_view(
    item: Honorarium, lens: Lens, meetings: dict[str, Meeting], bodies: dict[str, str]
) -> HonorariumView:
    meeting = meetings.get(item.meeting)
    label = NO_MEETING
    if meeting is not None:
        title = meeting.display_title(bodies.get(meeting.body, meeting.body))
        label = f"{meeting.start:%d %b %Y} · {lens.text(title)}"
    return HonorariumView(
        id=item.id,
        owed_on=item.owed_on,
        person=lens.person(item.person),
        amount=format_money(item.amount, item.currency),
        paid=item.paid,
        paid_on=item.paid_on,
        method=item.method.value if item.method else "",
        meeting=item.meeting,
        meeting_label=label,
        note=lens.text(item.note),
        fields=record_view(
            item,
            lens,
            people=("person",),
            person=item.person,
            person_id=item.person,
            amount=f"{item.amount:.2f}",
            currency=item.currency,
            note=item.note,
            paid=item.paid,
        ),
    )


def honorarium_views(
    store: Store,
    audience: Audience,
    *,
    owed: bool = False,
    person: str | None = None,
    meeting: Meeting | None = None,
) -> list[HonorariumView]:
    """Honoraria oldest first, for `audience`: only those owed, of one person (what someone typed:
    an id, a name or the role a list shows), of one meeting or workshop."""
    wanted = find_person(store, person).id if person is not None else None
    found = list_honoraria(store, owed=owed, person=wanted, meeting=meeting.id if meeting else None)
    view = _viewer(store, audience)
    return [view(item) for item in found]


def one_honorarium_view(store: Store, honorarium: Honorarium, audience: Audience) -> HonorariumView:
    """One honorarium's view (to say whom a payment is for)."""
    return _viewer(store, audience)(honorarium)


def _viewer(store: Store, audience: Audience) -> Callable[[Honorarium], HonorariumView]:
    lens = lens_for(store, audience)
    bodies = {body.id: body.name for body in store.all(Body)}
    # Only the meetings honoraria are for, each read once (not ten years of meetings for a few).
    meetings: dict[str, Meeting] = {}
    looked: set[str] = set()  # a meeting since deleted is looked for once, not for every honorarium

    def view(item: Honorarium) -> HonorariumView:
        if item.meeting not in looked:
            looked.add(item.meeting)
            meetings.update(meetings_of(store, (item.meeting,)))
        return honorarium_view(item, lens, meetings, bodies)

    return view


# ---- a group's budget -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetView:
    """A group's honoraria budget against what its meetings' honoraria have used: sums, no people."""

    group_id: str
    group: str
    per_person: str  # '50.00 CAD'
    total: str  # 'not set' when the budget has none
    owed: str
    paid: str
    left: str  # "" when there is no total
    note: str  # what was left out of the sums ("" when nothing)
    fields: dict[str, Any]  # what `--json` gives


def budget_view(store: Store, group: Body, audience: Audience) -> BudgetView:
    """`group`'s budget status (a ValidationError when it has no budget)."""
    status = budget_status(store, group)
    money = status.budget
    other = status.other_currencies
    note = ""
    if other == 1:
        note = "1 honorarium in another currency is not counted"
    elif other:
        note = f"{other} honoraria in other currencies are not counted"
    return BudgetView(
        group_id=group.id,
        group=lens_for(store, audience).text(group.name),
        per_person=format_money(money.per_person, money.currency),
        total=format_money(money.total, money.currency) if money.total is not None else "not set",
        owed=format_money(status.owed, money.currency),
        paid=format_money(status.paid, money.currency),
        left=format_money(status.left, money.currency) if status.left is not None else "",
        note=note,
        fields={"group": group.id, **_status_fields(status)},
    )


def _status_fields(status: BudgetStatus) -> dict[str, Any]:
    budget = status.budget
    return {
        "currency": budget.currency,
        "per_person": f"{budget.per_person:.2f}",
        "total": f"{budget.total:.2f}" if budget.total is not None else None,
        "owed": f"{status.owed:.2f}",
        "paid": f"{status.paid:.2f}",
        "left": f"{status.left:.2f}" if status.left is not None else None,
        "other_currencies": status.other_currencies,
    }


# ---- a funder's summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryView:
    """What a funder may see: counts and sums per currency; no names, no person ids."""

    span: str  # 'all dates', 'from 2026-01-01', '2026-01-01 to 2026-12-31'
    summary: FunderSummary
    fields: dict[str, Any]  # what `--json` gives


def summary_view(store: Store, *, start: date | None = None, end: date | None = None) -> SummaryView:
    """The funder's summary of honoraria owed from `start` to `end` (inclusive; either may be open)."""
    result = funder_summary(store, start=start, end=end)
    if start and end:
        span = f"{start} to {end}"
    else:
        span = f"from {start}" if start else f"up to {end}" if end else "all dates"
    fields = {
        "from": result.start,
        "to": result.end,
        "honoraria": result.honoraria,
        "people": result.people,
        "meetings": result.meetings,
        "workshops": result.workshops,
        "currencies": [_totals_fields(sums) for sums in result.currencies],
    }
    return SummaryView(span, result, fields)


def _totals_fields(sums: CurrencyTotals) -> dict[str, Any]:
    return {
        "currency": sums.currency,
        "paid_count": sums.paid_count,
        "paid": f"{sums.paid:.2f}",
        "owed_count": sums.owed_count,
        "owed": f"{sums.owed:.2f}",
        "total": f"{sums.total:.2f}",
    }
