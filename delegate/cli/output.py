"""Printing views: aligned tables for people, JSON for scripts, one line on stderr for errors.

What is printed comes from views a service built for an audience; every cell still passes
`visible`, so no text from a record (or an id from a hand-made file name) can drive the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from delegate.controls import visible
from delegate.services.audience import INTERNAL_BANNER, Audience, mention_warning
from delegate.services.views import json_ready

if TYPE_CHECKING:
    from delegate.store import Store

# The help of every --internal option: the names it shows are for the person at the keyboard only.
INTERNAL_HELP = "Show confidential names (for your eyes only; never paste this output anywhere)."
DOCUMENT_INTERNAL_HELP = "Include confidential names (marked INTERNAL COPY)."


def _audience(ctx: click.Context, param: click.Parameter, internal: bool) -> Audience:
    audience = Audience.of(internal)
    if internal and not ctx.resilient_parsing:
        click.echo(f"delegate: {INTERNAL_BANNER}", err=True)  # said first, wherever stdout goes
    return audience


def audience_option(help: str = INTERNAL_HELP) -> Callable[[Any], Any]:
    """`--internal`, given to the command as `audience` (public unless asked); says so on stderr."""
    return click.option("--internal", "audience", is_flag=True, callback=_audience, help=help)


def note_mentions(store: Store, *texts: str) -> None:
    """Warn, on stderr, when what was just typed names a confidential person (by label only)."""
    warning = mention_warning(store, *texts)
    if warning:
        click.echo(f"delegate: note: {warning}", err=True)


def note_person(store: Store, typed: str | None, reference: str | None) -> None:
    """Warn when a person typed (an owner) is no one in the folder yet names a confidential person,
    as a misspelt name does: it is kept as typed, and only partly hidden where a word was too short."""
    if typed and reference == " ".join(typed.split()):
        warning = mention_warning(store, typed)
        if warning:
            click.echo(
                f"delegate: note: no one in your people is called that; kept as typed. {warning}", err=True
            )


def emit_json(items: Iterable[Any]) -> None:
    """Views (dicts or view dataclasses) as a JSON array; text was made safe by the lens."""
    import json  # only for --json

    click.echo(json.dumps(json_ready(list(items)), ensure_ascii=False, indent=2, default=_not_json))


def _not_json(value: Any) -> Any:
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str = "nothing yet") -> None:
    """Columns padded to their widest cell; the last column is never padded."""
    materialized = [[visible(str(cell)) for cell in row] for row in rows]
    if not materialized:
        click.echo(empty)
        return
    widths = [max(len(headers[i]), *(len(row[i]) for row in materialized)) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(widths[i]) for i, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, cells[-1]]).rstrip()

    click.echo(click.style(line(headers), bold=True))
    click.echo("\n".join(line(row) for row in materialized))  # one write: a list may run to thousands


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """A record shown as 'label: value' lines, empty values left out."""
    shown = [(label, value) for label, value in pairs if value not in (None, "", (), [])]
    width = max((len(label) for label, _ in shown), default=0)
    for label, value in shown:
        text = visible(str(value))
        indent = "\n" + " " * (width + 2)
        click.echo(f"{click.style(label.rjust(width), bold=True)}  {text.replace(chr(10), indent)}")


def when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M")
