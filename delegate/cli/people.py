"""`delegate person …`"""

from __future__ import annotations

import click

from delegate.cli.output import INTERNAL_HELP, emit_json, fields, record_json, table
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Body, Person
from delegate.services.people import add_person


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
    "--member-of", "member_of", multiple=True, metavar="BODY", help="A body they belong to (repeat)."
)
@pass_env
def add(
    env: Env,
    name: str,
    organization: str,
    role: str,
    email: str,
    phone: str,
    confidential: bool,
    member_of: tuple[str, ...],
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
    )
    label = "confidential person" if created.confidential else "person"
    click.echo(f"added {label} {created.id}")


def _public(person: Person, internal: bool) -> dict[str, object]:
    data = record_json(person)
    if person.confidential and not internal:
        data["name"] = person.public_name
        for private in ("email", "phone", "notes"):
            data.pop(private, None)
    return data


@person.command("list")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, internal: bool, as_json: bool) -> None:
    """List people; confidential people appear by role unless --internal."""
    people = env.store.all(Person)
    if as_json:
        emit_json(_public(item, internal) for item in people)
        return
    table(
        ["ID", "NAME", "ORGANIZATION", "ROLE"],
        (
            [
                item.id,
                (item.name if internal or not item.confidential else item.public_name)
                + (" (confidential)" if item.confidential else ""),
                item.organization,
                item.role,
            ]
            for item in people
        ),
        empty="no people yet: add one with `delegate person add NAME`",
    )


@person.command("show")
@click.argument("person_id", metavar="ID")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def show(env: Env, person_id: str, internal: bool, as_json: bool) -> None:
    """Show a person."""
    item = env.store.find(Person, person_id)
    data = _public(item, internal)
    if as_json:
        emit_json([data])
        return
    fields(
        [
            ("id", item.id),
            ("name", data["name"]),
            ("confidential", "yes — shown to others as " + item.public_name if item.confidential else ""),
            ("organization", item.organization),
            ("role", item.role),
            ("email", data.get("email", "")),
            ("phone", data.get("phone", "")),
            ("member of", ", ".join(item.member_of)),
        ]
    )
