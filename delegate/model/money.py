"""Money, kept exact: honoraria and the cost of taking part. Currencies are never mixed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from delegate.model.errors import ValidationError

DEFAULT_CURRENCY = "CAD"
_CURRENCY = re.compile(r"[A-Z]{3}")


def check_currency(code: str) -> None:
    if not _CURRENCY.fullmatch(code):
        # Not repeated: what is read from a file may be anything, a name typed in the wrong place too.
        raise ValidationError("a currency is three capital letters, e.g. CAD")


def check_amount(amount: Decimal, what: str = "an amount") -> None:
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(f"{what} must be more than 0, not {amount}")


def format_money(amount: Decimal, currency: str) -> str:
    """'50.00 CAD'."""
    return f"{amount.quantize(Decimal('0.01')):,} {currency}"


@dataclass(frozen=True, slots=True)
class Cost:
    """What going costs the people who go (bus fare, childcare, a day's lost work), and who covers it."""

    what: str
    amount: Decimal | None = None
    currency: str = DEFAULT_CURRENCY
    covered: bool = False
    covered_by: str = ""

    def __post_init__(self) -> None:
        if not self.what.strip():
            raise ValidationError("say what the cost is for (bus fare, childcare, …)")
        if self.amount is not None:
            check_amount(self.amount, "a cost")
        check_currency(self.currency)


def uncovered(costs: tuple[Cost, ...]) -> tuple[Cost, ...]:
    return tuple(cost for cost in costs if not cost.covered)
