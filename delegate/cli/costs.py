"""`delegate cost …`: what going to a delegation or workshop costs the people who go, and who covers it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import click

from delegate import clock
from delegate.cli.output import INTERNAL_HELP, emit_json, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import AMOUNT
from delegate.model import DEFAULT_CURRENCY, Cost, Delegation, Meeting, Person, format_money
from delegate.privacy import Redactor
from delegate.services.costs import add_cost, cover_cost, list_costs, remove_cost
from delegate.services.minutes import INTERNAL_BANNER
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


@cost.command("list")
@click.option("--uncovered", is_flag=True, help="Only costs nobody covers yet.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, uncovered: bool, internal: bool, as_json: bool) -> None:
    """Costs of upcoming delegations and workshops, soonest first."""
    found = list_costs(env.store, clock.now(), uncovered_only=uncovered)
    names = Redactor.of(env.store.all(Person), internal=internal)
    if as_json:
        emit_json(
            {
                "meeting": item.meeting.id,
                "start": item.meeting.start,
                "delegation": item.delegation.id if item.delegation else None,
                "topic": names.text(item.delegation.topic) if item.delegation else None,
                "costs": [_cost_json(number, one, names) for number, one in item.numbered],
            }
            for item in found
        )
        return
    if internal:
        click.echo(INTERNAL_BANNER)
    table(
        ["WHEN", "FOR", "NO", "WHAT", "AMOUNT", "COVERED"],
        (
            [
                when(item.meeting.start),
                f"delegation {item.delegation.id}" if item.delegation else f"meeting {item.meeting.id}",
                str(number),
                names.text(one.what),
                format_money(one.amount, one.currency) if one.amount is not None else "?",
                (f"yes, {names.text(one.covered_by)}" if one.covered_by else "yes") if one.covered else "NO",
            ]
            for item in found
            for number, one in item.numbered
        ),
        empty="no uncovered costs ahead" if uncovered else "no costs noted for anything ahead",
    )


def _cost_json(number: int, one: Cost, names: Redactor) -> dict[str, object]:
    return {
        "number": number,
        "what": names.text(one.what),
        "amount": f"{one.amount:.2f}" if one.amount is not None else None,
        "currency": one.currency,
        "covered": one.covered,
        "covered_by": names.text(one.covered_by),
    }


@cost.command("cover")
@_target_options
@click.argument("number", type=click.IntRange(min=1))
@click.option("--by", "covered_by", default="", help="Who covers it.")
@pass_env
def cover(env: Env, delegation_id: str | None, meeting_id: str | None, number: int, covered_by: str) -> None:
    """Mark cost NUMBER (as numbered in `cost list`) covered."""
    changed = cover_cost(env.store, _target(env.store, delegation_id, meeting_id), number, by=covered_by)
    click.echo(f"cost {number} of {_name(changed)} is covered")


@cost.command("remove")
@_target_options
@click.argument("number", type=click.IntRange(min=1))
@pass_env
def remove(env: Env, delegation_id: str | None, meeting_id: str | None, number: int) -> None:
    """Remove cost NUMBER; the later ones move up."""
    changed = remove_cost(env.store, _target(env.store, delegation_id, meeting_id), number)
    click.echo(f"removed cost {number} from {_name(changed)}")
