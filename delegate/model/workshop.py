"""What a workshop records about who came: counts by stakeholder group, never a list of names."""

from __future__ import annotations

from dataclasses import dataclass, fields

from delegate.model.errors import ValidationError

WORKSHOP_FORMATS = ("round table", "world café", "focus group", "walk-through", "presentation")


@dataclass(frozen=True, slots=True)
class Attendance:
    sex_workers: int = 0
    agency_staff: int = 0
    residents: int = 0
    businesses: int = 0
    others: int = 0

    def __post_init__(self) -> None:
        for item in fields(self):
            if getattr(self, item.name) < 0:
                raise ValidationError(f"attendance of {item.name.replace('_', ' ')} cannot be negative")

    @property
    def total(self) -> int:
        return sum(getattr(self, item.name) for item in fields(self))
