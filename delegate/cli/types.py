"""Click parameter types: user text becomes model values at the edge, or a usage error (exit 2)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import click

from delegate import clock, parsing
from delegate.controls import visible
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


def _echo(text: str, exact: str) -> None:
    """Say which date a phrase became, on stderr, before anything is saved with it."""
    if not parsing.is_exact_date(text):
        click.echo(f"delegate: note: {visible(text.strip())!r} is {exact}", err=True)


class DateType(_Parsed):
    """A date: YYYY-MM-DD or a phrase ('next friday', 'in 3 days', '+7d'), echoed back when it is
    a phrase and `echo` is set (a date to be saved; a list's --from need not say)."""

    name = "date"

    def __init__(self, echo: bool = True) -> None:
        self.echo = echo

    def parse(self, text: str) -> date:
        day = parsing.parse_date(text, today=clock.today())
        if self.echo:
            _echo(text, parsing.describe_date(day))
        return day


class WallTimeType(_Parsed):
    """A date and time without a zone yet: the body's zone is applied by the command. A phrase
    ('tomorrow 18:00', 'dec 17 6pm') is read from the user's clock and echoed back exactly."""

    name = "datetime"

    def parse(self, text: str) -> datetime:
        moment = parsing.parse_wall_time(text, now=clock.now())
        _echo(text, parsing.describe_wall_time(moment))
        return moment


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
DATE_FILTER = DateType(echo=False)  # for --from/--to of lists: nothing is saved
WALL_TIME = WallTimeType()
TIME_OF_DAY = TimeOfDayType()
DURATION = DurationType()
LIMIT = LimitType()
ZONE = ZoneType()
AMOUNT = AmountType()
