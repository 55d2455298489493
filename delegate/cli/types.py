"""Click parameter types: user text becomes model values at the edge, or a usage error (exit 2)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import click

from delegate import clock, parsing
from delegate.model import ValidationError
from delegate.timezones import zone


class _Parsed(click.ParamType):  # type: ignore[type-arg]
    """Wraps a parsing function; its ValidationError message becomes click's 'Invalid value' text."""

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.parse(value)
        except ValidationError as error:
            self.fail(str(error), param, ctx)


class DateType(_Parsed):
    name = "date"

    def parse(self, text: str) -> date:
        return parsing.parse_date(text, today=clock.today())


class WallTimeType(_Parsed):
    """A date and time without a zone yet: the body's zone is applied by the command."""

    name = "datetime"

    def parse(self, text: str) -> datetime:
        return parsing.parse_wall_time(text)


class TimeOfDayType(_Parsed):
    name = "time"

    def parse(self, text: str) -> time:
        return parsing.parse_time_of_day(text)


class DurationType(_Parsed):
    name = "duration"

    def parse(self, text: str) -> timedelta:
        return parsing.parse_duration(text)


class LimitType(_Parsed):
    name = "M:SS"

    def parse(self, text: str) -> timedelta:
        return parsing.parse_limit(text)


class AmountType(_Parsed):
    """A sum of money more than zero, with at most two decimal places."""

    name = "amount"

    def parse(self, text: str) -> Decimal:
        return parsing.parse_amount(text)


class ZoneType(_Parsed):
    name = "zone"

    def parse(self, text: str) -> str:
        if not text.strip():  # the option's default: no zone of its own, use the user's
            return ""
        zone(text)
        return text.strip()


DATE = DateType()
WALL_TIME = WallTimeType()
TIME_OF_DAY = TimeOfDayType()
DURATION = DurationType()
LIMIT = LimitType()
ZONE = ZoneType()
AMOUNT = AmountType()
