"""`delegate cost …`: what going to a delegation or workshop costs the people who go, and who covers it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import click

from delegate import clock
from delegate.cli.output import audience_option, emit_json, note_mentions, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import AMOUNT
from delegate.model import DEFAULT_CURRENCY, Delegation, Meeting
from delegate.services.audience import Audience
from delegate.services.costs import add_cost, cost_views, cover_cost, remove_cost
from delegate.store import Store

F = TypeVar("F", bound=Callable[..., Any])


@cli.group()
def cost() -> None:
    """The cost of taking part (bus fare, childcare, lost work): add, list, cover, remove."""


def _target_options(function: F) -> F:
    """--delegation ID | --meeting ID (also spelt --workshop): whose costs."""
    function = click.option(
        "--delegation", "delegation_id", metavar="ID", help="A delegation (id or prefix)."
    )(function)
    return click.option(
        "--meeting", "--workshop", "meeting_id", metavar="ID", help="A meeting or workshop (id or prefix)."
    )(function)


def _target(store: Store, delegation_id: str | None, meeting_id: str | None) -> Delegation | Meeting:
    if bool(delegation_id) == bool(meeting_id):
        raise click.UsageError("give --delegation ID or --meeting ID (one of them)")
    if delegation_id:
        return store.find(Delegation, delegation_id)
    return store.find(Meeting, meeting_id or "")


def _name(record: Delegation | Meeting) -> str:
    return f"{'delegation' if isinstance(record, Delegation) else 'meeting'} {record.id}"


@cost.command("add")
@_target_options
@click.option("--what", required=True, help="What it is for: bus fare, childcare, a day's lost work…")
@click.option("--amount", type=AMOUNT, help="How much, e.g. 6 (leave out if not known).")
@click.option("--currency", default=DEFAULT_CURRENCY, show_default=True, help="Three letters.")
@click.option("--covered", is_flag=True, help="It is already covered.")
@click.option("--by", "covered_by", default="", help="Who covers it (implies --covered).")
@pass_env
def add(
    env: Env,
    delegation_id: str | None,
    meeting_id: str | None,
    what: str,
    amount: Decimal | None,
    currency: str,
    covered: bool,
    covered_by: str,
) -> None:
    """Note a cost of going to a delegation or workshop."""
    record = _target(env.store, delegation_id, meeting_id)
    changed = add_cost(
        env.store, record, what, amount=amount, currency=currency, covered=covered, covered_by=covered_by
    )
    click.echo(f"added cost {len(changed.costs)} to {_name(changed)}")
    note_mentions(env.store, what, covered_by)


@cost.command("list")
@click.option("--uncovered", is_flag=True, help="Only costs nobody covers yet.")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, uncovered: bool, audience: Audience, as_json: bool) -> None:
    """Costs of upcoming delegations and workshops, soonest first."""
    found = cost_views(env.store, audience, clock.now(), uncovered_only=uncovered)
    if as_json:
        emit_json(item.fields for item in found)
        return
    table(
        ["WHEN", "FOR", "NO", "WHAT", "AMOUNT", "COVERED"],
        (
            [
                when(item.start),
                f"delegation {item.delegation}" if item.delegation else f"meeting {item.meeting}",
                str(one.number),
                one.what,
                one.amount_text,
                (f"yes, {one.covered_by}" if one.covered_by else "yes") if one.covered else "NO",
            ]
            for item in found
            for one in item.costs
        ),
        empty="no uncovered costs ahead" if uncovered else "no costs noted for anything ahead",
    )


@cost.command("cover")
@_target_options
@click.argument("number", type=click.IntRange(min=1))
@click.option("--by", "covered_by", default="", help="Who covers it.")
@pass_env
def cover(env: Env, delegation_id: str | None, meeting_id: str | None, number: int, covered_by: str) -> None:
    """Mark cost NUMBER (as numbered in `cost list`) covered."""
    changed = cover_cost(env.store, _target(env.store, delegation_id, meeting_id), number, by=covered_by)
    click.echo(f"cost {number} of {_name(changed)} is covered")
    note_mentions(env.store, covered_by)


@cost.command("remove")
@_target_options
@click.argument("number", type=click.IntRange(min=1))
@pass_env
def remove(env: Env, delegation_id: str | None, meeting_id: str | None, number: int) -> None:
    """Remove cost NUMBER; the later ones move up."""
    changed = remove_cost(env.store, _target(env.store, delegation_id, meeting_id), number)
    click.echo(f"removed cost {number} from {_name(changed)}")
