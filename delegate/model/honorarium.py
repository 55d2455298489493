"""Honoraria: what people with lived experience are paid for their time.

Deliberately no field for a social insurance number, an immigration status or a legal name: a
person is whoever the group knows them as, and a confidential person stays confidential.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from delegate.model.errors import LifecycleError, ValidationError
from delegate.model.money import DEFAULT_CURRENCY, check_amount, check_currency


class PaymentMethod(StrEnum):
    CASH = "cash"
    E_TRANSFER = "e-transfer"
    GIFT_CARD = "gift-card"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Honorarium:
    """An amount owed to a person for a meeting or workshop, and when and how it was paid."""

    id: str
    person: str
    amount: Decimal
    currency: str = DEFAULT_CURRENCY
    meeting: str = ""
    owed_on: date | None = None
    paid_on: date | None = None
    method: PaymentMethod | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not self.person:
            raise ValidationError("an honorarium is paid to someone")
        check_amount(self.amount, "an honorarium")
        check_currency(self.currency)
        if self.method is not None and self.paid_on is None:
            raise ValidationError("a payment method needs a payment date")

    @property
    def paid(self) -> bool:
        return self.paid_on is not None

    def pay(self, on: date, method: PaymentMethod = PaymentMethod.CASH) -> Honorarium:
        if self.paid_on is not None:
            raise LifecycleError(f"this honorarium was already paid on {self.paid_on}")
        if self.owed_on is not None and on < self.owed_on:
            raise ValidationError(f"{on} is before the honorarium was owed ({self.owed_on})")
        return replace(self, paid_on=on, method=method)


@dataclass(frozen=True, slots=True)
class Budget:
    """A group's honoraria budget: so much per person per meeting, so much in all."""

    per_person: Decimal
    total: Decimal | None = None
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        check_amount(self.per_person, "the amount per person")
        if self.total is not None:
            check_amount(self.total, "the total budget")
        check_currency(self.currency)
