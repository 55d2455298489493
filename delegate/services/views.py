"""Records as views: plain data an audience may see, for `--json`, tables and screens.

A view is built here, in the services layer, with a Lens; whoever formats it (the CLI, a screen, an
exporter) gets text that is already right for its audience. `record_view` is the generic one: a
record's own fields, as its file holds them, with every text through the lens.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from delegate.services.audience import Lens
from delegate.store.codec import encode, format_length

# Fields that hold ids of records: ids never carry a confidential name, and are shown as they are.
ID_FIELDS = frozenset({"id"})


def record_view(
    record: Any,
    lens: Lens,
    *,
    people: Collection[str] = (),
    private: Collection[str] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A record's fields for `lens`'s audience, id first, plus `extra` (also through the lens).

    As in the record's file, fields left at their default are left out; pass them in `extra` where
    a script reading the JSON needs every one (a status, a note that may be empty).

    `people` names the fields that reference people (an id or a typed name, or a list of them);
    `private` the fields a public audience does not get at all (a confidential person's contacts).
    """
    data: dict[str, Any] = {"id": record.id}
    for key, value in encode(record, skip=("id",)).items():
        if key == "schema" or (key in private and not lens.internal):
            continue
        data[key] = _through(lens, value, person=key in people)
    for key, value in extra.items():
        data[key] = _through(lens, value, person=key in people)
    return data


class LazyRecordView(Mapping[str, Any]):
    """`record_view(record, lens, ...)`, made the first time it is read.

    A list prints a few columns of each row; only `--json` reads every field, and putting every
    field of a thousand records through the lens for a table that shows four costs most of the list.
    """

    __slots__ = ("_args", "_made")

    def __init__(self, record: Any, lens: Lens, **options: Any) -> None:
        self._args: tuple[Any, Lens, dict[str, Any]] | None = (record, lens, options)
        self._made: dict[str, Any] | None = None

    def _view(self) -> dict[str, Any]:
        if self._made is None:
            assert self._args is not None
            record, lens, options = self._args
            self._made, self._args = record_view(record, lens, **options), None
        return self._made

    def __getitem__(self, key: str) -> Any:
        return self._view()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())

    def __repr__(self) -> str:
        return repr(self._view())


def _through(lens: Lens, value: Any, *, person: bool = False) -> Any:
    if isinstance(value, str):
        return lens.person(value) if person else lens.text(value)
    if isinstance(value, (list, tuple)):
        return [_through(lens, item, person=person) for item in value]
    if isinstance(value, Mapping):
        return {key: item if key in ID_FIELDS else _through(lens, item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: _through(lens, getattr(value, field.name)) for field in fields(value)}
    return value


def view_dict(view: Any) -> dict[str, Any]:
    """A view dataclass as a dict (its fields are already for its audience)."""
    return {field.name: getattr(view, field.name) for field in fields(view)}


def json_ready(value: Any) -> Any:
    """A view's value as JSON can hold it: dates as ISO text, lengths as M:SS, money exact."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_length(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):  # money as an exact string ("50.00"): a float would round it
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {key: json_ready(item) for key, item in view_dict(value).items()}
    if isinstance(value, Mapping):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(item) for item in value]
    return value


def length_text(value: timedelta) -> str:
    """A length as M:SS (a speaking limit, a meeting's length), as files and lists write it."""
    return format_length(value)
