"""The cost of taking part: what going to a delegation or workshop costs the people who go, and who covers it.

Delegations get cancelled for lack of money, so uncovered costs are worth seeing early.
Costs are numbered from 1 in the order they were added; the number is how a person names one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from delegate.model import (
    DEFAULT_CURRENCY,
    Cost,
    Delegation,
    DelegationStatus,
    LifecycleError,
    Meeting,
    ValidationError,
    format_money,
)
from delegate.services.audience import Audience, Lens, lens_for
from delegate.store import Store

WithCosts = TypeVar("WithCosts", bound=Delegation | Meeting)


@dataclass(frozen=True)
class CostsOf:
    """An upcoming delegation (or a meeting such as a workshop, when `delegation` is None) and its costs.

    `numbered` pairs each cost with its number (from 1), kept even when only some are shown.
    """

    meeting: Meeting
    delegation: Delegation | None
    numbered: tuple[tuple[int, Cost], ...]

    @property
    def costs(self) -> tuple[Cost, ...]:
        return tuple(cost for _, cost in self.numbered)


def add_cost(
    store: Store,
    record: WithCosts,
    what: str,
    *,
    amount: Decimal | None = None,
    currency: str = DEFAULT_CURRENCY,
    covered: bool = False,
    covered_by: str = "",
) -> WithCosts:
    """Note a cost of going to a delegation or meeting; saved. Returns the updated record."""
    cost = Cost(
        what=" ".join(what.split()),
        amount=amount,
        currency=currency.strip().upper(),
        covered=covered or bool(covered_by.strip()),  # saying who covers it means it is covered
        covered_by=covered_by.strip(),
    )
    changed = replace(record, costs=(*record.costs, cost))
    store.save(changed)
    return changed


def _numbered(record: Delegation | Meeting, number: int) -> int:
    """The index of cost `number` (from 1), or a ValidationError naming how many there are."""
    count = len(record.costs)
    if not 1 <= number <= count:
        kind = "delegation" if isinstance(record, Delegation) else "meeting"
        have = f"has costs 1 to {count}" if count > 1 else "has one cost (1)" if count else "has no costs"
        raise ValidationError(f"{kind} {record.id} {have}; there is no cost {number}")
    return number - 1


def cover_cost(store: Store, record: WithCosts, number: int, *, by: str = "") -> WithCosts:
    """Mark cost `number` (from 1) covered, by whom if known; saved."""
    index = _numbered(record, number)
    cost = record.costs[index]
    if cost.covered:
        # an error is public: what was typed may name someone
        raise LifecycleError(f"cost {number} ({lens_for(store).text(cost.what)}) is already covered")
    costs = list(record.costs)
    costs[index] = replace(cost, covered=True, covered_by=by.strip())
    changed = replace(record, costs=tuple(costs))
    store.save(changed)
    return changed


def remove_cost(store: Store, record: WithCosts, number: int) -> WithCosts:
    """Remove cost `number` (from 1); the later ones move up. Saved."""
    index = _numbered(record, number)
    changed = replace(record, costs=record.costs[:index] + record.costs[index + 1 :])
    store.save(changed)
    return changed


def list_costs(store: Store, now: datetime, *, uncovered_only: bool = False) -> list[CostsOf]:
    """Upcoming delegations (not cancelled) and upcoming meetings that have costs, soonest first.

    With `uncovered_only`, only the costs not yet covered are kept, and only what still has some.
    """
    ahead = {
        meeting.id: meeting for meeting in store.all(Meeting) if meeting.is_open and meeting.is_ahead(now)
    }
    found: list[CostsOf] = []
    for meeting in ahead.values():
        if meeting.costs:
            found.append(CostsOf(meeting, None, _shown(meeting.costs, uncovered_only)))
    for delegation in store.all(Delegation):
        spoken_at = ahead.get(delegation.meeting)
        if spoken_at and delegation.costs and delegation.status is not DelegationStatus.CANCELLED:
            found.append(CostsOf(spoken_at, delegation, _shown(delegation.costs, uncovered_only)))
    found = [item for item in found if item.numbered]
    return sorted(
        found,
        key=lambda item: (
            item.meeting.start,
            item.meeting.id,
            item.delegation is not None,
            item.delegation.id if item.delegation else "",
        ),
    )


def _shown(costs: tuple[Cost, ...], uncovered_only: bool) -> tuple[tuple[int, Cost], ...]:
    return tuple(
        (number, cost) for number, cost in enumerate(costs, start=1) if not (uncovered_only and cost.covered)
    )


# ---- views -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostView:
    """One cost, numbered as a person names it, as an audience may read it."""

    number: int
    what: str
    amount: Decimal | None
    currency: str
    amount_text: str  # '6.00 CAD', or '?' when not known
    covered: bool
    covered_by: str


@dataclass(frozen=True)
class CostsView:
    """An upcoming delegation (or a meeting such as a workshop) and its costs, for an audience."""

    meeting: str  # the meeting's id
    start: datetime
    delegation: str | None  # the delegation's id; None for a meeting's own costs
    topic: str | None  # the delegation's topic, redacted for the audience
    costs: tuple[CostView, ...]

    @property
    def fields(self) -> dict[str, object]:
        """As `cost list --json` gives it (the shape it has always had), like every view's fields."""
        return {
            "meeting": self.meeting,
            "start": self.start,
            "delegation": self.delegation,
            "topic": self.topic,
            "costs": [
                {
                    "number": cost.number,
                    "what": cost.what,
                    "amount": f"{cost.amount:.2f}" if cost.amount is not None else None,
                    "currency": cost.currency,
                    "covered": cost.covered,
                    "covered_by": cost.covered_by,
                }
                for cost in self.costs
            ],
        }


def _cost_view(lens: Lens, number: int, cost: Cost) -> CostView:
    return CostView(
        number=number,
        what=lens.text(cost.what),
        amount=cost.amount,
        currency=cost.currency,
        amount_text=format_money(cost.amount, cost.currency) if cost.amount is not None else "?",
        covered=cost.covered,
        covered_by=lens.text(cost.covered_by),
    )


def cost_views(
    store: Store, audience: Audience, now: datetime, *, uncovered_only: bool = False
) -> list[CostsView]:
    """`list_costs` as views for `audience`: what people typed (what, by whom, the topic) redacted."""
    lens = lens_for(store, audience)
    return [
        CostsView(
            meeting=item.meeting.id,
            start=item.meeting.start,
            delegation=item.delegation.id if item.delegation else None,
            topic=lens.text(item.delegation.topic) if item.delegation else None,
            costs=tuple(_cost_view(lens, number, cost) for number, cost in item.numbered),
        )
        for item in list_costs(store, now, uncovered_only=uncovered_only)
    ]
