"""`delegate minutes attend/chair/item/discuss/decide/act`: every step of taking minutes, scriptable.

People are typed as anywhere else (an id, a name, a confidential person's role or chosen name) and
never echoed back; what is typed is saved as typed, and a text that names a confidential person
is noted on stderr with how it will be shown.
"""

from __future__ import annotations

from datetime import date

import click

from delegate import clock
from delegate.cli.minutes import minutes
from delegate.cli.output import note_mentions, note_person
from delegate.cli.root import Env, pass_env
from delegate.cli.types import DATE
from delegate.model import Body, Minutes
from delegate.services.audience import lens_for
from delegate.services.minutes import (
    add_action,
    add_decision,
    add_item,
    append_discussion,
    item_index,
    set_attendance,
    set_discussion,
    set_roles,
)
from delegate.services.people import find_person, members_of


@minutes.command("attend")
@click.argument("reference", metavar="ID")
@click.argument("people", metavar="[PERSON]...", nargs=-1)
@click.option("--regrets", is_flag=True, help="Mark them absent with regrets (default: present).")
@click.option("--members", is_flag=True, help="Every member of the group (then PERSON… is not needed).")
@pass_env
def attend(env: Env, reference: str, people: tuple[str, ...], regrets: bool, members: bool) -> None:
    """Take attendance: mark people present (or --regrets), by id, name, role or chosen name."""
    found = env.store.find(Minutes, reference)
    group = env.store.lookup(Body, found.group)
    chosen = [find_person(env.store, text, among=group) for text in people]
    if members and group is not None:
        chosen += [person for person in members_of(env.store, group) if person not in chosen]
    if not chosen:
        raise click.UsageError("name someone to mark (PERSON…), or give --members")
    for person in chosen:
        found = set_attendance(env.store, found, person.id, not regrets)
    lens = lens_for(env.store)
    marked = ", ".join(lens.person(person.id) for person in chosen)
    click.echo(f"minutes {found.id}: {'regrets' if regrets else 'present'}: {marked}")


@minutes.command("chair")
@click.argument("reference", metavar="ID")
@click.argument("chair", metavar="PERSON", required=False)
@click.option("--notes", "note_taker", metavar="PERSON", help="Who took the notes.")
@pass_env
def chair(env: Env, reference: str, chair: str | None, note_taker: str | None) -> None:
    """Record who chaired the meeting (and with --notes, who took the notes)."""
    if chair is None and note_taker is None:
        raise click.UsageError("name the chair (PERSON), or the note-taker with --notes")
    found = env.store.find(Minutes, reference)
    group = env.store.lookup(Body, found.group)
    chair_id = find_person(env.store, chair, among=group).id if chair else None
    notes_id = find_person(env.store, note_taker, among=group).id if note_taker else None
    changed = set_roles(env.store, found, chair=chair_id, note_taker=notes_id)
    lens = lens_for(env.store)
    click.echo(
        f"minutes {changed.id}: chair {lens.person(changed.chair) or 'not recorded'}, "
        f"notes {lens.person(changed.note_taker) or 'not recorded'}"
    )


@minutes.command("item")
@click.argument("reference", metavar="ID")
@click.argument("title")
@pass_env
def item(env: Env, reference: str, title: str) -> None:
    """Add an agenda item at the end."""
    changed = add_item(env.store, env.store.find(Minutes, reference), title)
    click.echo(f"minutes {changed.id}: item {len(changed.items)} added")
    note_mentions(env.store, title)


@minutes.command("discuss")
@click.argument("reference", metavar="ID")
@click.argument("item_reference", metavar="ITEM")
@click.argument("text")
@click.option("--replace", is_flag=True, help="Replace the discussion instead of adding a paragraph.")
@pass_env
def discuss(env: Env, reference: str, item_reference: str, text: str, replace: bool) -> None:
    """Write the discussion of an item (its number, or the start of its title): a paragraph is added."""
    found = env.store.find(Minutes, reference)
    index = item_index(found, item_reference)
    if replace:
        changed = set_discussion(env.store, found, index, text)
    else:
        changed = append_discussion(env.store, found, index, text)
    click.echo(f"minutes {changed.id}: discussion of item {index + 1} saved")
    note_mentions(env.store, text)


@minutes.command("decide")
@click.argument("reference", metavar="ID")
@click.argument("item_reference", metavar="ITEM")
@click.argument("text")
@pass_env
def decide(env: Env, reference: str, item_reference: str, text: str) -> None:
    """Record a decision under an item (its number, or the start of its title)."""
    found = env.store.find(Minutes, reference)
    index = item_index(found, item_reference)
    changed = add_decision(env.store, found, index, text)
    click.echo(f"minutes {changed.id}: decision {len(changed.items[index].decisions)} under item {index + 1}")
    note_mentions(env.store, text)


@minutes.command("act")
@click.argument("reference", metavar="ID")
@click.argument("text")
@click.option(
    "--owner", default="", metavar="PERSON", help="Who does it: id, name, role or chosen name; else as typed."
)
@click.option("--due", type=DATE, help="By when (YYYY-MM-DD, or next friday, +7d…).")
@pass_env
def act(env: Env, reference: str, text: str, owner: str, due: date | None) -> None:
    """Add an action item; it becomes a follow-up, carried into the next minutes until it is done."""
    found = env.store.find(Minutes, reference)
    # A member by id, name, role or chosen name; anyone else as typed (someone from outside the group)
    changed, followup = add_action(env.store, found, text, owner=owner, due=due, today=clock.today())
    click.echo(f"minutes {changed.id}: action item added as follow-up {followup.id}")
    note_mentions(env.store, text)
    note_person(env.store, owner, followup.owner)
