"""`delegate followup …`: what someone promised to do, by when."""

from __future__ import annotations

from datetime import date

import click

from delegate import clock
from delegate.cli.output import audience_option, emit_json, note_mentions, note_person, table
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import DATE
from delegate.model import FollowUp
from delegate.services.audience import Audience
from delegate.services.followups import add_followup, close_followup, edit_followup, followup_views
from delegate.services.people import person_reference


@cli.group()
def followup() -> None:
    """Follow-ups from minutes and delegations: add, list, mark done or drop."""


@followup.command("add")
@click.argument("text")
@click.option(
    "--owner", default="", metavar="PERSON", help="Who does it: a person id or prefix, else a name."
)
@click.option("--due", type=DATE, help="By when.")
@click.option("--minutes", "minutes_id", metavar="ID", help="The minutes it comes from.")
@click.option("--delegation", "delegation_id", metavar="ID", help="The delegation it comes from.")
@pass_env
def add(
    env: Env, text: str, owner: str, due: date | None, minutes_id: str | None, delegation_id: str | None
) -> None:
    """Add an open follow-up."""
    if minutes_id and delegation_id:
        raise click.UsageError("give --minutes or --delegation, not both")
    from delegate.model import Delegation, Minutes  # only here: listing need not build them

    source_minutes = env.store.find(Minutes, minutes_id) if minutes_id else None
    source_delegation = env.store.find(Delegation, delegation_id) if delegation_id else None
    owner_reference = person_reference(env.store, owner)
    note_person(env.store, owner, owner_reference)
    created = add_followup(
        env.store,
        text,
        owner=owner_reference,
        due=due,
        minutes=source_minutes,
        delegation=source_delegation,
        today=clock.today(),
    )
    click.echo(f"added follow-up {created.id}")
    note_mentions(env.store, text)


@followup.command("list")
@click.option("--overdue", is_flag=True, help="Only those past their due date.")
@click.option("--owner", metavar="PERSON", help="Only this person's (id, prefix, name or role).")
@click.option("--all", "show_all", is_flag=True, help="Done and dropped ones too.")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(
    env: Env, overdue: bool, owner: str | None, show_all: bool, audience: Audience, as_json: bool
) -> None:
    """List open follow-ups by due date (confidential people by role unless --internal)."""
    found = followup_views(
        env.store,
        audience,
        today=clock.today(),
        overdue=overdue,
        owner=owner,
        status=None if show_all else "open",
    )
    if as_json:
        emit_json(item.fields for item in found)
        return
    table(
        ["ID", "DUE", "STATUS", "OWNER", "TEXT"],
        (
            [
                item.id,
                (f"{item.due:%Y-%m-%d}" + (" (overdue)" if item.overdue_days else "")) if item.due else "—",
                item.status,
                item.owner or "—",
                item.text,
            ]
            for item in found
        ),
        empty="nothing to follow up" if not show_all else "no follow-ups yet",
    )


@followup.command("done")
@click.argument("reference", metavar="ID")
@pass_env
def done(env: Env, reference: str) -> None:
    """Mark a follow-up done."""
    closed = close_followup(env.store, env.store.find(FollowUp, reference), done=True, today=clock.today())
    click.echo(f"follow-up {closed.id} is done")


@followup.command("drop")
@click.argument("reference", metavar="ID")
@click.option("--reason", default="", help="Why it is no longer needed.")
@pass_env
def drop(env: Env, reference: str, reason: str) -> None:
    """Drop a follow-up that is no longer needed."""
    closed = close_followup(
        env.store, env.store.find(FollowUp, reference), done=False, today=clock.today(), reason=reason
    )
    click.echo(f"follow-up {closed.id} is dropped")


@followup.command("edit")
@click.argument("reference", metavar="ID")
@click.option("--text", help="What was promised, in new words.")
@click.option("--owner", metavar="PERSON", help="Who does it: id, name, role or chosen name ('' for no one).")
@click.option("--due", type=DATE, help="By when (YYYY-MM-DD, or next friday, +7d…).")
@click.option("--no-due", is_flag=True, help="Remove the due date.")
@click.option("--minutes", "minutes_id", metavar="ID", help="It comes from these minutes.")
@click.option("--delegation", "delegation_id", metavar="ID", help="It comes from this delegation.")
@click.option("--no-source", is_flag=True, help="It comes from neither minutes nor a delegation.")
@pass_env
def edit(
    env: Env,
    reference: str,
    text: str | None,
    owner: str | None,
    due: date | None,
    no_due: bool,
    minutes_id: str | None,
    delegation_id: str | None,
    no_source: bool,
) -> None:
    """Change a follow-up's text, owner, due date or source (what is not given stays)."""
    if sum(bool(given) for given in (minutes_id, delegation_id, no_source)) > 1:
        raise click.UsageError("give one of --minutes, --delegation and --no-source")
    if due is not None and no_due:
        raise click.UsageError("give --due or --no-due, not both")
    from delegate.model import Delegation, Minutes  # only here: listing need not build them

    item = env.store.find(FollowUp, reference)
    if minutes_id or delegation_id or no_source:
        source_minutes = env.store.find(Minutes, minutes_id) if minutes_id else None
        source_delegation = env.store.find(Delegation, delegation_id) if delegation_id else None
    else:
        source_minutes = env.store.lookup(Minutes, item.minutes) if item.minutes else None
        source_delegation = env.store.lookup(Delegation, item.delegation) if item.delegation else None
    owner_reference = item.owner if owner is None else person_reference(env.store, owner)
    note_person(env.store, owner, owner_reference)
    changed = edit_followup(
        env.store,
        item,
        text=item.text if text is None else text,
        owner=owner_reference,
        due=None if no_due else (due or item.due),
        minutes=source_minutes,
        delegation=source_delegation,
    )
    due_said = f"due {changed.due:%Y-%m-%d}" if changed.due else "no due date"
    click.echo(f"follow-up {changed.id} changed ({due_said})")
    if text is not None:
        note_mentions(env.store, text)
