"""`delegate honorarium …`: what people are owed for their time, paying it, budgets, a funder's summary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import click

from delegate import clock
from delegate.cli.output import INTERNAL_HELP, emit_json, fields, record_json, table
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import AMOUNT, DATE
from delegate.model import Body, Honorarium, Meeting, PaymentMethod, Person, format_money
from delegate.privacy import Redactor
from delegate.services.honoraria import (
    BudgetStatus,
    add_honorarium,
    budget_status,
    find_person,
    funder_summary,
    list_honoraria,
    pay_honorarium,
    set_budget,
)
from delegate.services.minutes import INTERNAL_BANNER

METHODS = [method.value for method in PaymentMethod]


@cli.group()
def honorarium() -> None:
    """Honoraria: add what is owed, mark it paid, list, budgets, a funder's summary."""


@honorarium.command("add")
@click.argument("person_ref", metavar="PERSON")
@click.option("--amount", type=AMOUNT, help="How much, e.g. 50 (default: the group's budget per person).")
@click.option("--currency", help="Three letters, e.g. CAD (default: the budget's, else CAD).")
@click.option("--meeting", "meeting_id", metavar="ID", help="The meeting it is for (id or prefix).")
@click.option("--workshop", "workshop_id", metavar="ID", help="The workshop it is for (id or prefix).")
@click.option(
    "--date", "owed_on", type=DATE, help="The day it is owed from (default: the meeting's, else today)."
)
@click.option("--note", default="", help="Anything to remember (never an ID number or legal name).")
@pass_env
def add(
    env: Env,
    person_ref: str,
    amount: Decimal | None,
    currency: str | None,
    meeting_id: str | None,
    workshop_id: str | None,
    owed_on: date | None,
    note: str,
) -> None:
    """Record an honorarium owed to PERSON (id, id prefix or name)."""
    if meeting_id and workshop_id:
        raise click.UsageError("give --meeting or --workshop, not both")
    reference = meeting_id or workshop_id
    meeting = env.store.find(Meeting, reference) if reference else None
    created = add_honorarium(
        env.store,
        find_person(env.store, person_ref),
        amount=amount,
        currency=currency,
        meeting=meeting,
        owed_on=owed_on,
        note=note,
        today=clock.today(),
    )
    click.echo(f"added honorarium {created.id}: {format_money(created.amount, created.currency)} owed")


@honorarium.command("paid")
@click.argument("reference", metavar="ID")
@click.option("--date", "paid_on", type=DATE, help="When it was paid (default: today).")
@click.option("--method", type=click.Choice(METHODS), default="cash", show_default=True, help="How.")
@pass_env
def paid(env: Env, reference: str, paid_on: date | None, method: str) -> None:
    """Mark an honorarium paid."""
    found = env.store.find(Honorarium, reference)
    done = pay_honorarium(env.store, found, on=paid_on or clock.today(), method=PaymentMethod(method))
    click.echo(f"honorarium {done.id} paid on {done.paid_on} ({method})")


@honorarium.command("list")
@click.option("--owed", is_flag=True, help="Only those not paid yet.")
@click.option("--person", "person_ref", metavar="PERSON", help="Only this person's (id, prefix or name).")
@click.option("--meeting", "meeting_id", metavar="ID", help="Only those for this meeting or workshop.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(
    env: Env, owed: bool, person_ref: str | None, meeting_id: str | None, internal: bool, as_json: bool
) -> None:
    """List honoraria, oldest first (confidential people by role unless --internal)."""
    person = find_person(env.store, person_ref).id if person_ref is not None else None
    meeting = env.store.find(Meeting, meeting_id).id if meeting_id else None
    found = list_honoraria(env.store, owed=owed, person=person, meeting=meeting)
    names = Redactor.of(env.store.all(Person), internal=internal)
    if as_json:
        emit_json(
            record_json(
                item,
                person=names.name(item.person),
                person_id=item.person,
                amount=f"{item.amount:.2f}",
                currency=item.currency,
                note=names.text(item.note),
                paid=item.paid,
            )
            for item in found
        )
        return
    if internal:
        click.echo(INTERNAL_BANNER)
    table(
        ["ID", "OWED ON", "PERSON", "AMOUNT", "FOR", "PAID", "NOTE"],
        (
            [
                item.id,
                f"{item.owed_on}" if item.owed_on else "—",
                names.name(item.person),
                format_money(item.amount, item.currency),
                item.meeting or "—",
                f"{item.paid_on} {item.method.value if item.method else ''}".strip()
                if item.paid_on
                else "owed",
                names.text(item.note),
            ]
            for item in found
        ),
        empty="nothing owed" if owed else "no honoraria yet",
    )


@honorarium.command("summary")
@click.option("--from", "start", type=DATE, help="First day (inclusive), by the day each was owed.")
@click.option("--to", "end", type=DATE, help="Last day (inclusive).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def summary(env: Env, start: date | None, end: date | None, as_json: bool) -> None:
    """For a funder: counts and sums per currency, owed and paid; never names."""
    result = funder_summary(env.store, start=start, end=end)
    if as_json:
        emit_json(
            [
                {
                    "from": result.start,
                    "to": result.end,
                    "honoraria": result.honoraria,
                    "people": result.people,
                    "meetings": result.meetings,
                    "workshops": result.workshops,
                    "currencies": [
                        {
                            "currency": sums.currency,
                            "paid_count": sums.paid_count,
                            "paid": f"{sums.paid:.2f}",
                            "owed_count": sums.owed_count,
                            "owed": f"{sums.owed:.2f}",
                            "total": f"{sums.total:.2f}",
                        }
                        for sums in result.currencies
                    ],
                }
            ]
        )
        return
    if start and end:
        span = f"{start} to {end}"
    else:
        span = f"from {start}" if start else f"up to {end}" if end else "all dates"
    click.echo(f"Honoraria, {span}")
    fields(
        [
            ("honoraria", str(result.honoraria)),
            ("people", str(result.people)),
            ("meetings", str(result.meetings)),
            ("workshops", str(result.workshops)),
        ]
    )
    click.echo("")
    table(
        ["CURRENCY", "PAID", "PAID AMOUNT", "OWED", "OWED AMOUNT", "TOTAL"],
        (
            [
                sums.currency,
                str(sums.paid_count),
                format_money(sums.paid, sums.currency),
                str(sums.owed_count),
                format_money(sums.owed, sums.currency),
                format_money(sums.total, sums.currency),
            ]
            for sums in result.currencies
        ),
        empty="no honoraria in that range" if start or end else "no honoraria yet",
    )


@honorarium.command("budget")
@click.argument("group_id", metavar="GROUP")
@click.option("--per-person", type=AMOUNT, help="Amount per person per meeting, e.g. 50.")
@click.option("--total", type=AMOUNT, help="Total available, e.g. 2000.")
@click.option("--currency", help="Three letters, e.g. CAD.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def budget(
    env: Env,
    group_id: str,
    per_person: Decimal | None,
    total: Decimal | None,
    currency: str | None,
    as_json: bool,
) -> None:
    """Set a group's honoraria budget; with no options, show what is owed, paid and left."""
    group = env.store.find(Body, group_id)
    if per_person is not None or total is not None or currency is not None:
        group = set_budget(env.store, group, per_person=per_person, total=total, currency=currency)
    elif group.budget is None:
        raise click.UsageError(f"{group.name} has no honoraria budget yet; set one with --per-person")
    status = budget_status(env.store, group)
    if as_json:
        emit_json([{"group": group.id, **_status_json(status)}])
        return
    money = status.budget
    fields(
        [
            ("group", f"{group.name} ({group.id})"),
            ("per person", format_money(money.per_person, money.currency)),
            ("total", format_money(money.total, money.currency) if money.total is not None else "not set"),
            ("owed", format_money(status.owed, money.currency)),
            ("paid", format_money(status.paid, money.currency)),
            ("left", format_money(status.left, money.currency) if status.left is not None else ""),
            (
                "note",
                "1 honorarium in another currency is not counted"
                if status.other_currencies == 1
                else f"{status.other_currencies} honoraria in other currencies are not counted"
                if status.other_currencies
                else "",
            ),
        ]
    )


def _status_json(status: BudgetStatus) -> dict[str, Any]:
    budget = status.budget
    return {
        "currency": budget.currency,
        "per_person": f"{budget.per_person:.2f}",
        "total": f"{budget.total:.2f}" if budget.total is not None else None,
        "owed": f"{status.owed:.2f}",
        "paid": f"{status.paid:.2f}",
        "left": f"{status.left:.2f}" if status.left is not None else None,
        "other_currencies": status.other_currencies,
    }
