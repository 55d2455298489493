"""Printing: aligned tables for people, JSON for scripts, one line on stderr for errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import click

from delegate.store.codec import encode, format_length

# The help of every --internal option: the names it shows are for the person at the keyboard only.
INTERNAL_HELP = "Show confidential names (for your eyes only; never paste this output anywhere)."


def record_json(record: Any, **extra: Any) -> dict[str, Any]:
    """A record as a JSON-ready dict with its id first (the same fields as its TOML file)."""
    data = {"id": record.id, **encode(record, skip=("id",))}
    data.pop("schema", None)
    data.update(extra)
    return data


def redacted(value: Any, redact: Callable[[str], str]) -> Any:
    """A JSON-ready value with every text but the record's id through `redact` (free text may name a
    confidential person: notes, places, titles, reasons)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redacted(item, redact) for item in value]
    if isinstance(value, dict):
        return {key: item if key == "id" else redacted(item, redact) for key, item in value.items()}
    return value


def emit_json(items: Iterable[dict[str, Any]]) -> None:
    click.echo(json.dumps(list(items), ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_length(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):  # money as an exact string ("50.00"): a float would round it
        return str(value)
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str = "nothing yet") -> None:
    """Columns padded to their widest cell; the last column is never padded."""
    materialized = [[str(cell) for cell in row] for row in rows]
    if not materialized:
        click.echo(empty)
        return
    widths = [max(len(headers[i]), *(len(row[i]) for row in materialized)) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(widths[i]) for i, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, cells[-1]]).rstrip()

    click.echo(click.style(line(headers), bold=True))
    for row in materialized:
        click.echo(line(row))


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """A record shown as 'label: value' lines, empty values left out."""
    shown = [(label, value) for label, value in pairs if value not in (None, "", (), [])]
    width = max((len(label) for label, _ in shown), default=0)
    for label, value in shown:
        text = str(value)
        indent = "\n" + " " * (width + 2)
        click.echo(f"{click.style(label.rjust(width), bold=True)}  {text.replace(chr(10), indent)}")


def when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M")
