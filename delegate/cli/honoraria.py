"""`delegate honorarium …`: what people are owed for their time, paying it, budgets, a funder's summary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import click

from delegate import clock
from delegate.cli.again import again_option
from delegate.cli.output import audience_option, emit_json, fields, note_mentions, table
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import AMOUNT, DATE, DATE_FILTER
from delegate.model import Body, Honorarium, Meeting, PaymentMethod, format_money
from delegate.services.audience import Audience
from delegate.services.honoraria import add_honorarium, pay_honorarium, set_budget
from delegate.services.honoraria_views import budget_view, honorarium_views, summary_view
from delegate.services.people import find_person

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
@again_option
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
    again: bool,
) -> None:
    """Record an honorarium owed to PERSON (id, name, or the role a list shows them by)."""
    if meeting_id and workshop_id:
        raise click.UsageError("give --meeting or --workshop, not both")
    reference = meeting_id or workshop_id
    meeting = env.store.find(Meeting, reference) if reference else None
    group = env.store.lookup(Body, meeting.body) if meeting else None
    created = add_honorarium(
        env.store,
        find_person(env.store, person_ref, among=group),
        amount=amount,
        currency=currency,
        meeting=meeting,
        owed_on=owed_on,
        note=note,
        today=clock.today(),
        again=again,
    )
    click.echo(f"added honorarium {created.id}: {format_money(created.amount, created.currency)} owed")
    note_mentions(env.store, note)


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
@click.option("--person", "person_ref", metavar="PERSON", help="Only this person's (id, name or role).")
@click.option("--meeting", "meeting_id", metavar="ID", help="Only those for this meeting or workshop.")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(
    env: Env, owed: bool, person_ref: str | None, meeting_id: str | None, audience: Audience, as_json: bool
) -> None:
    """List honoraria, oldest first (confidential people by role unless --internal)."""
    meeting = env.store.find(Meeting, meeting_id) if meeting_id else None
    found = honorarium_views(env.store, audience, owed=owed, person=person_ref, meeting=meeting)
    if as_json:
        emit_json(item.fields for item in found)
        return
    table(
        ["ID", "OWED ON", "PERSON", "AMOUNT", "FOR", "PAID", "NOTE"],
        (
            [
                item.id,
                f"{item.owed_on}" if item.owed_on else "—",
                item.person,
                item.amount,
                item.meeting or "—",
                f"{item.paid_on} {item.method}".strip() if item.paid_on else "owed",
                item.note,
            ]
            for item in found
        ),
        empty="nothing owed" if owed else "no honoraria yet",
    )


@honorarium.command("summary")
@click.option("--from", "start", type=DATE_FILTER, help="First day (inclusive), by the day each was owed.")
@click.option("--to", "end", type=DATE_FILTER, help="Last day (inclusive).")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def summary(env: Env, start: date | None, end: date | None, audience: Audience, as_json: bool) -> None:
    """For a funder: counts and sums per currency, owed and paid; never names (even with --internal)."""
    view = summary_view(env.store, start=start, end=end)
    if as_json:
        emit_json([view.fields])
        return
    result = view.summary
    click.echo(f"Honoraria, {view.span}")
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
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def budget(
    env: Env,
    group_id: str,
    per_person: Decimal | None,
    total: Decimal | None,
    currency: str | None,
    audience: Audience,
    as_json: bool,
) -> None:
    """Set a group's honoraria budget; with no options, show what is owed, paid and left."""
    group = env.store.find(Body, group_id)
    if per_person is not None or total is not None or currency is not None:
        group = set_budget(env.store, group, per_person=per_person, total=total, currency=currency)
    elif group.budget is None:
        raise click.UsageError(f"{group.name} has no honoraria budget yet; set one with --per-person")
    view = budget_view(env.store, group, audience)
    if as_json:
        emit_json([view.fields])
        return
    fields(
        [
            ("group", f"{view.group} ({view.group_id})"),
            ("per person", view.per_person),
            ("total", view.total),
            ("owed", view.owed),
            ("paid", view.paid),
            ("left", view.left),
            ("note", view.note),
        ]
    )
