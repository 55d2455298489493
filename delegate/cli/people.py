"""`delegate person …`"""

from __future__ import annotations

import click

from delegate.cli.again import again_option
from delegate.cli.output import audience_option, emit_json, fields, table
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Body
from delegate.services.audience import Audience
from delegate.services.people import add_person, person_views, show_person


@cli.group()
def person() -> None:
    """People: speakers, partners, members (some confidential)."""


@person.command("add")
@click.argument("name")
@click.option("--org", "organization", default="", help="Organization.")
@click.option("--role", default="", help="Role (a confidential person is shown as this).")
@click.option("--email", default="")
@click.option("--phone", default="")
@click.option("--confidential", is_flag=True, help="Never show this name outside this machine.")
@click.option(
    "--alias",
    default="",
    metavar="NAME",
    help="A confidential person's chosen public name, for a letter that must name the speakers.",
)
@click.option(
    "--member-of", "member_of", multiple=True, metavar="BODY", help="A body they belong to (repeat)."
)
@again_option
@pass_env
def add(
    env: Env,
    name: str,
    organization: str,
    role: str,
    email: str,
    phone: str,
    confidential: bool,
    alias: str,
    member_of: tuple[str, ...],
    again: bool,
) -> None:
    """Add a person NAME (a name or a pseudonym)."""
    bodies = [env.store.find(Body, body_id) for body_id in member_of]
    created = add_person(
        env.store,
        name,
        organization=organization,
        role=role,
        email=email,
        phone=phone,
        confidential=confidential,
        member_of=bodies,
        alias=alias,
        again=again,
    )
    label = "confidential person" if created.confidential else "person"
    click.echo(f"added {label} {created.id}")


@person.command("list")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, audience: Audience, as_json: bool) -> None:
    """List people; confidential people appear by role unless --internal."""
    people = person_views(env.store, audience)
    if as_json:
        emit_json(item.fields for item in people)
        return
    table(
        ["ID", "NAME", "ORGANIZATION", "ROLE"],
        (
            [
                item.id,
                item.name + (" (confidential)" if item.confidential else ""),
                item.organization,
                item.role,
            ]
            for item in people
        ),
        empty="no people yet: add one with `delegate person add NAME`",
    )


@person.command("show")
@click.argument("person_ref", metavar="PERSON")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def show(env: Env, person_ref: str, audience: Audience, as_json: bool) -> None:
    """Show a person (by id, id prefix, name, or a confidential person's role or alias)."""
    item = show_person(env.store, person_ref, audience)
    if as_json:
        emit_json([item.fields])
        return
    fields(
        [
            ("id", item.id),
            ("name", item.name),
            ("confidential", f"yes — shown to others as {item.shown_as}" if item.confidential else ""),
            ("named in letters as", item.alias),
            ("organization", item.organization),
            ("role", item.role),
            ("email", item.email),
            ("phone", item.phone),
            ("member of", ", ".join(item.member_of)),
            ("notes", item.notes),
        ]
    )
