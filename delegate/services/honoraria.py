"""Honoraria: recording what people are owed for their time, paying it, a group's budget, a funder's summary.

Amounts in different currencies are never added together. Ids are dates and numbers, never a
person's name: a confidential person's name must not become a file name. What an audience sees of
them is built in `services.honoraria_views`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from delegate.model import (
    DEFAULT_CURRENCY,
    Body,
    Budget,
    Honorarium,
    Meeting,
    PaymentMethod,
    Person,
    ValidationError,
)
from delegate.model.money import check_currency
from delegate.services.duplicates import DuplicateError
from delegate.store import Store

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetStatus:
    """A group's honoraria budget against what its meetings' honoraria have used, in its currency."""

    budget: Budget
    owed: Decimal
    paid: Decimal
    left: Decimal | None  # None when the budget has no total
    other_currencies: int = 0  # honoraria of this group in another currency, left out of the sums

    @property
    def currency(self) -> str:
        return self.budget.currency


@dataclass(frozen=True)
class CurrencyTotals:
    """Counts and sums of honoraria in one currency."""

    currency: str
    owed_count: int = 0
    owed: Decimal = ZERO
    paid_count: int = 0
    paid: Decimal = ZERO

    @property
    def count(self) -> int:
        return self.owed_count + self.paid_count

    @property
    def total(self) -> Decimal:
        return self.owed + self.paid


@dataclass(frozen=True)
class FunderSummary:
    """What a funder may see: counts and sums only, per currency; no names, no person ids."""

    start: date | None
    end: date | None
    currencies: tuple[CurrencyTotals, ...]
    honoraria: int
    people: int
    meetings: int
    workshops: int


def honorarium_id(store: Store, on: date) -> str:
    """'2026-11-27-1', '2026-11-27-2', …: the first free number on that day."""
    existing = {item.id for item in store.all(Honorarium)}
    number = 1
    while f"{on:%Y-%m-%d}-{number}" in existing:
        number += 1
    return store.new_id(Honorarium, f"{on:%Y-%m-%d}-{number}")


def body_budget(store: Store, meeting: Meeting | None) -> Budget | None:
    """The honoraria budget of the group a meeting belongs to, if it has one."""
    if meeting is None:
        return None
    bodies = {body.id: body for body in store.all(Body)}
    body = bodies.get(meeting.body)
    return body.budget if body is not None else None


def add_honorarium(
    store: Store,
    person: Person,
    *,
    amount: Decimal | None = None,
    currency: str | None = None,
    meeting: Meeting | None = None,
    owed_on: date | None = None,
    note: str = "",
    today: date,
    again: bool = False,
) -> Honorarium:
    """A new owed honorarium, saved.

    Without an amount, the meeting's group budget gives the amount per person (else it is an
    error). Without a currency: the budget's, else CAD. Owed on: given, else the meeting's day, else today.
    A second one for the same person and meeting (or workshop) is a DuplicateError unless `again`.
    """
    if meeting is not None and not again:
        refuse_same_honorarium(store, person, meeting)
    budget = body_budget(store, meeting)
    if amount is None:
        if budget is None:
            where = "its group has no honoraria budget" if meeting else "no meeting with a budget was given"
            raise ValidationError(f"give an amount ({where})")
        amount = budget.per_person
    chosen_currency = (currency or "").strip().upper() or (budget.currency if budget else DEFAULT_CURRENCY)
    check_currency(chosen_currency)
    day = owed_on or (meeting.start.date() if meeting else today)
    honorarium = Honorarium(
        id=honorarium_id(store, day),
        person=person.id,
        amount=amount,
        currency=chosen_currency,
        meeting=meeting.id if meeting else "",
        owed_on=day,
        note=note.strip(),
    )
    store.save(honorarium)
    return honorarium


def refuse_same_honorarium(store: Store, person: Person, meeting: Meeting) -> None:
    """DuplicateError when the person already has an honorarium for that meeting or workshop."""
    found = list_honoraria(store, person=person.id, meeting=meeting.id)
    if found:
        what = "workshop" if meeting.audit else "meeting"
        # never the person's name: they may be confidential, and this is read over a shoulder
        said = f"that person already has an honorarium for this {what} ({found[0].id})"
        raise DuplicateError(said, found[0].id)


def pay_honorarium(
    store: Store, honorarium: Honorarium, *, on: date, method: PaymentMethod = PaymentMethod.CASH
) -> Honorarium:
    """Mark an honorarium paid (once; not before it was owed), saved."""
    paid = honorarium.pay(on, method)
    store.save(paid)
    return paid


def list_honoraria(
    store: Store, *, owed: bool = False, person: str | None = None, meeting: str | None = None
) -> list[Honorarium]:
    """Honoraria oldest first: only those still owed, of one person id, of one meeting id."""
    found = [
        item
        for item in store.all(Honorarium)
        if (not owed or not item.paid)
        and (person is None or item.person == person)
        and (meeting is None or item.meeting == meeting)
    ]
    return sorted(found, key=lambda item: (item.owed_on or date.min, item.id))


def set_budget(
    store: Store,
    body: Body,
    *,
    per_person: Decimal | None = None,
    total: Decimal | None = None,
    currency: str | None = None,
) -> Body:
    """Set or change a group's honoraria budget; what is not given keeps its value. Saved."""
    current = body.budget
    if per_person is None:
        if current is None:
            raise ValidationError(f"{body.name} has no honoraria budget yet; give the amount per person")
        per_person = current.per_person
    chosen_currency = (currency or "").strip().upper() or (current.currency if current else DEFAULT_CURRENCY)
    budget = Budget(
        per_person=per_person,
        total=total if total is not None else (current.total if current else None),
        currency=chosen_currency,
    )
    changed = replace(body, budget=budget)
    store.save(changed)
    return changed


def meetings_of(store: Store, ids: Iterable[str]) -> dict[str, Meeting]:
    """The meetings with these ids that exist, each read on its own (honoraria are for a few of
    them: ten years of meetings are not read for those)."""
    found = {}
    for meeting_id in ids:
        meeting = store.lookup(Meeting, meeting_id) if meeting_id else None
        if meeting is not None:
            found[meeting_id] = meeting
    return found


def budget_status(store: Store, body: Body) -> BudgetStatus:
    """Owed, paid and left (total − paid − owed) of a group's budget, from its meetings' honoraria."""
    if body.budget is None:
        raise ValidationError(f"{body.name} has no honoraria budget yet")
    budget = body.budget
    honoraria = store.all(Honorarium)
    meetings = meetings_of(store, {item.meeting for item in honoraria})
    owed, paid, other = ZERO, ZERO, 0
    for item in honoraria:
        meeting = meetings.get(item.meeting)
        if meeting is None or meeting.body != body.id:
            continue
        if item.currency != budget.currency:
            other += 1  # never added to the budget's currency
        elif item.paid:
            paid += item.amount
        else:
            owed += item.amount
    left = budget.total - paid - owed if budget.total is not None else None
    return BudgetStatus(budget, owed, paid, left, other)


def funder_summary(store: Store, *, start: date | None = None, end: date | None = None) -> FunderSummary:
    """Counts and sums of honoraria owed in a date range (inclusive), per currency, with no names.

    An honorarium falls in the range by the day it was owed (the day of the meeting or workshop).
    """
    if start and end and end < start:
        raise ValidationError(f"the end {end} is before the start {start}")
    chosen = [
        item
        for item in store.all(Honorarium)
        if (start is None or (item.owed_on is not None and item.owed_on >= start))
        and (end is None or (item.owed_on is not None and item.owed_on <= end))
    ]
    totals: dict[str, CurrencyTotals] = {}
    for item in chosen:
        sums = totals.get(item.currency, CurrencyTotals(item.currency))
        if item.paid:
            sums = replace(sums, paid_count=sums.paid_count + 1, paid=sums.paid + item.amount)
        else:
            sums = replace(sums, owed_count=sums.owed_count + 1, owed=sums.owed + item.amount)
        totals[item.currency] = sums
    meetings = meetings_of(store, {item.meeting for item in chosen})
    used = set(meetings)
    workshops = sum(1 for meeting_id in used if meetings[meeting_id].audit)
    return FunderSummary(
        start=start,
        end=end,
        currencies=tuple(totals[code] for code in sorted(totals)),
        honoraria=len(chosen),
        people=len({item.person for item in chosen}),
        meetings=len(used) - workshops,
        workshops=workshops,
    )
