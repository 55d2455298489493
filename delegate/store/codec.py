"""Records ⇄ TOML tables. The file reads like a form a person filled in: fields in order, defaults left out.

The mapping is driven by each dataclass's type hints, so a new field needs no codec change:
dates and datetimes are TOML dates, times of day are TOML times, lengths of time are "M:SS" strings,
enums are their value, tuples are arrays (of tables, for nested records).
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from delegate.errors import DelegateError, ValidationError
from delegate.timezones import zone as zone_named

SCHEMA = 1
_LENGTH = re.compile(r"(?:(\d+):)?(\d+):([0-5]\d)")


class FieldError(DelegateError):
    """A value in a file has the wrong type or breaks a rule; `field` names it for the line lookup."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


def format_length(value: timedelta) -> str:
    """A length of time as M:SS (minutes may pass 59: a limit reads as '90:00', not '1:30:00')."""
    total = round(value.total_seconds())
    minutes, seconds = divmod(total, 60)
    return f"{minutes}:{seconds:02d}"


def parse_length(text: str) -> timedelta:
    match = _LENGTH.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{_describe(text)} is not a length of time; use M:SS")
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


# ---- encoding -----------------------------------------------------------------------------------


def encode(record: Any, skip: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """A record as a TOML-ready dict, `schema` first, default values left out."""
    table: dict[str, Any] = {"schema": SCHEMA}
    table.update(_encode_fields(record, skip))
    return table


def _encode_fields(record: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for field in _fields(type(record)):  # type: ignore[arg-type]
        if field.name in skip:
            continue
        value = getattr(record, field.name)
        if value is None or value == () or _is_default(field, value):
            continue
        table[field.name] = _encode_value(value)
    return table


def _is_default(field: dataclasses.Field[Any], value: Any) -> bool:
    if field.default is not dataclasses.MISSING:
        return bool(value == field.default) and type(value) is type(field.default)
    return False


def _encode_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, timedelta):
        return format_length(value)
    if isinstance(value, datetime) and _offset_has_seconds(value):
        # TOML offsets are whole minutes; a zone's old local mean time (Vancouver before 1884 is
        # -8:12:28, reached by typing year 1026 for 2026) would write a file that cannot be read back.
        # The same moment in UTC can, and is read back in the record's zone.
        return value.astimezone(UTC)
    if isinstance(value, tuple):
        return [_encode_value(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encode_fields(value)
    return value


def _offset_has_seconds(value: datetime) -> bool:
    offset = value.utcoffset()
    return offset is not None and offset % timedelta(minutes=1) != timedelta(0)


# ---- decoding -----------------------------------------------------------------------------------


def decode(cls: type, record_id: str, table: dict[str, Any], default_zone: str) -> tuple[Any, list[str]]:
    """Build a record from a file's table. Returns the record and warnings (unknown keys).

    Raises FieldError naming the field when a value is missing, mistyped or breaks a model rule.
    """
    table = dict(table)
    table.pop("schema", None)
    zone_name = table.get("timezone") if isinstance(table.get("timezone"), str) else ""
    try:
        zone = zone_named(zone_name or default_zone)
    except ValidationError:
        # Not the zone's message, which repeats the value (see _describe)
        raise FieldError(
            "timezone", "is not a time zone; use an IANA name such as America/Vancouver"
        ) from None
    kwargs, warnings = _decode_fields(cls, table, zone, "")
    kwargs["id"] = record_id
    try:
        return cls(**kwargs), warnings
    except ValidationError as error:
        raise FieldError("", str(error)) from None


def _decode_fields(
    cls: type, table: dict[str, Any], zone: ZoneInfo, prefix: str
) -> tuple[dict[str, Any], list[str]]:
    hints = _hints(cls)
    known = {field.name for field in _fields(cls)}
    kwargs: dict[str, Any] = {}
    warnings = [f"unknown key {prefix}{key!r} (ignored)" for key in table if key not in known]
    for field in _fields(cls):
        if field.name == "id" and not prefix:
            continue
        name = f"{prefix}{field.name}"
        if field.name not in table:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise FieldError(name, "is missing")
            continue
        kwargs[field.name] = _decode_value(hints[field.name], table[field.name], zone, name, warnings)
    return kwargs, warnings


def _decode_value(hint: Any, raw: Any, zone: ZoneInfo, name: str, warnings: list[str]) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decode_value(options[0], raw, zone, name, warnings)
    if origin is tuple:
        if not isinstance(raw, list):
            raise FieldError(name, f"should be a list, not {_describe(raw)}")
        item_hint = typing.get_args(hint)[0]
        return tuple(
            _decode_value(item_hint, item, zone, f"{name}[{index}]", warnings)
            for index, item in enumerate(raw)
        )
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(raw, dict):
            raise FieldError(name, f"should be a table, not {_describe(raw)}")
        kwargs, nested_warnings = _decode_fields(hint, raw, zone, f"{name}.")
        warnings.extend(nested_warnings)
        try:
            return hint(**kwargs)
        except (ValidationError, TypeError) as error:
            raise FieldError(name, str(error)) from None
    try:
        return _decode_scalar(hint, raw, zone)
    except (TypeError, ValueError) as error:
        raise FieldError(name, str(error)) from None


def _decode_scalar(hint: Any, raw: Any, zone: ZoneInfo) -> Any:
    if hint is bool:
        if not isinstance(raw, bool):
            raise TypeError(f"should be true or false, not {_describe(raw)}")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise TypeError(f"should be a whole number, not {_describe(raw)}")
        return raw
    if hint is Decimal:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise TypeError(f"should be an amount like 50.00, not {_describe(raw)}")
        try:
            amount = Decimal(str(raw))  # via str: 50.1 read as a float is 50.1, not 50.099999…
        except InvalidOperation:
            raise TypeError(f"should be an amount like 50.00, not {_describe(raw)}") from None
        if not amount.is_finite():
            raise TypeError(f"should be an amount like 50.00, not {_describe(raw)}")
        return amount
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise TypeError(f"should be a number, not {_describe(raw)}")
        return float(raw)
    if hint is str:
        if not isinstance(raw, str):
            raise TypeError(f"should be text, not {_describe(raw)}")
        return raw
    if hint is datetime:
        value = _from_iso(datetime, raw)
        if not isinstance(value, datetime):
            raise TypeError(f"should be a date and time, not {_describe(raw)}")
        # A local datetime typed by hand means wall time in the record's zone.
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    if hint is date:
        value = _from_iso(date, raw)
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"should be a date (YYYY-MM-DD), not {_describe(raw)}")
        return value
    if hint is time:
        value = _from_iso(time, raw)
        if not isinstance(value, time):
            raise TypeError(f"should be a time of day (HH:MM:SS), not {_describe(raw)}")
        return value
    if hint is timedelta:
        if not isinstance(raw, str):
            raise TypeError(f'should be a length of time like "5:00", not {_describe(raw)}')
        return parse_length(raw)
    if isinstance(hint, type) and issubclass(hint, Enum):
        allowed = [member.value for member in hint]
        if raw not in allowed:
            raise ValueError(f"should be one of {', '.join(allowed)}, not {_describe(raw)}")
        return hint(raw)
    raise TypeError(f"cannot read a value of type {hint!r}")


def _from_iso(kind: type[date] | type[time], raw: Any) -> Any:
    """A date, time or date-time written as text; the raw value if it is not text; None if the text
    is not one (the caller then says what was expected, without Python's message that repeats it)."""
    if not isinstance(raw, str):
        return raw
    try:
        return kind.fromisoformat(raw)
    except ValueError:
        return None


def _describe(raw: Any) -> str:
    """What a wrong value is, for a message that names the file and the field.

    Words are never repeated: a name typed into the wrong field (or a person's own file gone bad)
    would otherwise reach an error message, the dashboard or a terminal someone else can see.
    Numbers, dates and times are shown, since they help and can name nobody.
    """
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str):
        if not raw.strip():
            return "empty text"
        if _WORDLESS.fullmatch(raw) and len(raw) <= 40:
            return repr(raw)
        return "text"
    if isinstance(raw, (int, float, date, time)):
        text = str(raw)
        return text if len(text) <= 40 else "a number"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "a table"
    return "a value of another kind"


_WORDLESS = re.compile(r"[\d\s:.,+\-/TZ]*")  # digits and the marks of dates, times and amounts
