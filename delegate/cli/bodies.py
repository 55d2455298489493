"""`delegate body …`"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import Any

import click

from delegate import clock
from delegate.cli import types
from delegate.cli.output import INTERNAL_HELP, emit_json, fields, record_json, redacted, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.model import DEFAULT_SPEAKING_LIMIT, Body, BodyKind, Delegation, Person
from delegate.privacy import Redactor
from delegate.services.agreements import (
    add_agreement,
    move_agreement,
    remove_agreement,
    sign_agreement,
    signature_of,
    signatures,
)
from delegate.services.bodies import add_body
from delegate.services.meetings import list_meetings, upcoming
from delegate.services.people import members_of
from delegate.store import AmbiguousIdError, NotFoundError, Store
from delegate.store.codec import format_length


@cli.group()
def body() -> None:
    """Boards, councils, committees and action groups."""


@body.command("add")
@click.argument("name")
@click.option(
    "--kind", type=click.Choice([kind.value for kind in BodyKind]), default="other", show_default=True
)
@click.option("--members", type=click.IntRange(min=0), help="Number of members (handout copies).")
@click.option("--speaking-limit", type=types.LIMIT, help="Time a delegation may speak, M:SS (default 5:00).")
@click.option("--phone", default="", help="The clerk's phone.")
@click.option("--email", default="", help="The clerk's email.")
@click.option("--url", default="", help="The body's web page (agendas, how to appear).")
@click.option("--request-deadline-days", type=click.IntRange(min=0), help="Requests are due N days before.")
@click.option("--request-deadline-time", type=types.TIME_OF_DAY, help="…by this time of day (default 12:00).")
@click.option("--timezone", type=types.ZONE, default="", help="IANA zone, e.g. America/Vancouver.")
@click.option("--jurisdiction", default="", help="City, region or province.")
@click.option("--how-to-request", default="", help="How to ask for a slot, in your words.")
@click.option("--place", default="", help="Where it usually meets.")
@click.option(
    "--schedule", default="", metavar="RRULE", help="Its usual rhythm, e.g. FREQ=MONTHLY;BYDAY=1WE."
)
@pass_env
def add(
    env: Env,
    name: str,
    kind: str,
    members: int | None,
    speaking_limit: timedelta | None,
    phone: str,
    email: str,
    url: str,
    request_deadline_days: int | None,
    request_deadline_time: time | None,
    timezone: str,
    jurisdiction: str,
    how_to_request: str,
    place: str,
    schedule: str,
) -> None:
    """Add a body NAME."""
    created = add_body(
        env.store,
        name,
        BodyKind(kind),
        members=members,
        speaking_limit=speaking_limit or DEFAULT_SPEAKING_LIMIT,
        phone=phone,
        email=email,
        url=url,
        request_deadline_days=request_deadline_days,
        request_deadline_time=request_deadline_time or time(12, 0),
        timezone=timezone,
        jurisdiction=jurisdiction,
        how_to_request=how_to_request,
        place=place,
        recurrence=schedule,
    )
    click.echo(f"added body {created.id}")


@body.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@pass_env
def list_(env: Env, as_json: bool, internal: bool) -> None:
    """List bodies."""
    bodies = env.store.all(Body)
    if as_json:
        names = Redactor.of(env.store.all(Person), internal=internal)
        emit_json(_body_json(item, names) for item in bodies)
        return
    table(
        ["ID", "KIND", "LIMIT", "MEMBERS", "NAME"],
        (
            [item.id, item.kind.value, format_length(item.speaking_limit), str(item.members or ""), item.name]
            for item in bodies
        ),
        empty="no bodies yet: add one with `delegate body add NAME`",
    )


@body.command("show")
@click.argument("body_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@pass_env
def show(env: Env, body_id: str, as_json: bool, internal: bool) -> None:
    """Show a body: contacts, how to request, next meetings, our delegations."""
    store = env.store
    item = store.find(Body, body_id)
    names = Redactor.of(store.all(Person), internal=internal)
    if as_json:
        emit_json([_body_json(item, names)])
        return
    deadline = item.request_deadline
    meetings = {meeting.id: meeting for meeting in list_meetings(store, body=item.id)}
    ours = [delegation for delegation in store.all(Delegation) if delegation.meeting in meetings]
    fields(
        [
            ("id", item.id),
            ("name", item.name),
            ("kind", item.kind.value),
            ("jurisdiction", item.jurisdiction),
            ("phone", item.phone),
            ("email", item.email),
            ("web", item.url),
            ("how to request", names.text(item.how_to_request)),
            (
                "request by",
                f"{deadline.days_before} days before, {deadline.at:%H:%M}" if deadline else "",
            ),
            ("speaking limit", format_length(item.speaking_limit)),
            ("members", item.members),
            ("place", names.text(item.place)),
            ("time zone", item.timezone),
            ("schedule", item.recurrence),
            ("agreements", _numbered(names.text(text) for text in item.agreements)),
            ("signed", _signed_count(store, item)),
            ("notes", names.text(item.notes)),
        ]
    )
    next_meetings = upcoming(store, clock.now(), body=item.id)[:5]
    if next_meetings:
        click.echo("\nnext meetings:")
        for meeting in next_meetings:
            click.echo(f"  {when(meeting.start)}  {meeting.id}")
    if ours:
        click.echo(f"\ndelegations ({len(ours)}):")
        for delegation in sorted(ours, key=lambda d: meetings[d.meeting].start):
            click.echo(
                f"  {meetings[delegation.meeting].start:%Y-%m-%d}"
                f"  {delegation.status.value:<11} {names.text(delegation.topic)}"
            )


def _body_json(item: Body, names: Redactor) -> dict[str, Any]:
    """A body as JSON; its agreements are typed text, so they pass the redactor like every output."""
    shown: dict[str, Any] = redacted(record_json(item), names.text)
    return shown


def _numbered(texts: Iterable[str]) -> str:
    return "\n".join(f"{number}. {text}" for number, text in enumerate(texts, start=1))


def _signed_count(store: Store, item: Body) -> str:
    """'3 of 5 members signed the confidentiality agreement', for groups that keep signatures."""
    members = members_of(store, item)
    if not members or (item.kind is not BodyKind.ACTION_GROUP and not item.signatures):
        return ""
    signed = sum(1 for person in members if signature_of(item, person.id) is not None)
    return f"{signed} of {len(members)} members signed the confidentiality agreement"


# ---- standing agreements and the confidentiality agreement ----------------------------------------


@body.group("agreement")
def agreement() -> None:
    """A group's standing agreements, read at the top of every agenda and in its minutes."""


@agreement.command("add")
@click.argument("group_id", metavar="GROUP")
@click.argument("text")
@click.option("--position", type=click.IntRange(min=1), help="Where it goes (1 is first; default: last).")
@pass_env
def agreement_add(env: Env, group_id: str, text: str, position: int | None) -> None:
    """Add a standing agreement TEXT to GROUP."""
    group = env.store.find(Body, group_id)
    changed = add_agreement(env.store, group, text, position=position)
    number = position or len(changed.agreements)
    click.echo(f"added standing agreement {number} of {len(changed.agreements)} to {changed.id}")


@agreement.command("list")
@click.argument("group_id", metavar="GROUP")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def agreement_list(env: Env, group_id: str, internal: bool, as_json: bool) -> None:
    """List GROUP's standing agreements in order."""
    group = env.store.find(Body, group_id)
    names = Redactor.of(env.store.all(Person), internal=internal)
    shown = [names.text(text) for text in group.agreements]
    if as_json:
        emit_json({"position": number, "text": text} for number, text in enumerate(shown, start=1))
        return
    table(
        ["#", "AGREEMENT"],
        ([str(number), text] for number, text in enumerate(shown, start=1)),
        empty=f"{group.name} has no standing agreements yet: "
        f"add one with `delegate body agreement add {group.id} TEXT`",
    )


@agreement.command("remove")
@click.argument("group_id", metavar="GROUP")
@click.argument("position", metavar="N", type=click.IntRange(min=1))
@pass_env
def agreement_remove(env: Env, group_id: str, position: int) -> None:
    """Remove GROUP's standing agreement number N."""
    changed = remove_agreement(env.store, env.store.find(Body, group_id), position)
    click.echo(f"removed standing agreement {position} from {changed.id} ({len(changed.agreements)} left)")


@agreement.command("move")
@click.argument("group_id", metavar="GROUP")
@click.argument("position", metavar="N", type=click.IntRange(min=1))
@click.argument("to", metavar="TO", type=click.IntRange(min=1))
@pass_env
def agreement_move(env: Env, group_id: str, position: int, to: int) -> None:
    """Move GROUP's standing agreement number N so that it becomes number TO."""
    changed = move_agreement(env.store, env.store.find(Body, group_id), position, to)
    click.echo(f"moved standing agreement {position} of {changed.id} to {to}")


@body.command("sign")
@click.argument("group_id", metavar="GROUP")
@click.argument("person_ref", metavar="PERSON")
@click.option("--date", "day", type=types.DATE, help="When they signed (default: today).")
@pass_env
def sign(env: Env, group_id: str, person_ref: str, day: date | None) -> None:
    """Record that PERSON (id, prefix or name) signed GROUP's confidentiality agreement."""
    store = env.store
    group = store.find(Body, group_id)
    person = _person(store, group, person_ref)
    today = clock.today()
    before = signature_of(group, person.id)
    changed = sign_agreement(store, group, person.id, day or today, today=today)
    signed = signature_of(changed, person.id)
    again = f" (was {before:%Y-%m-%d})" if before is not None and before != signed else ""
    click.echo(
        f"{person.id} signed the confidentiality agreement of {changed.id} on {signed:%Y-%m-%d}{again}"
    )


@body.command("signatures")
@click.argument("group_id", metavar="GROUP")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def signatures_(env: Env, group_id: str, internal: bool, as_json: bool) -> None:
    """GROUP's members and when each signed the confidentiality agreement (or "not signed")."""
    store = env.store
    group = store.find(Body, group_id)
    names = Redactor.of(store.all(Person), internal=internal)
    found = signatures(store, group)
    if as_json:
        emit_json(
            {"id": item.person.id, "name": names.name(item.person.id), "signed": item.signed}
            for item in found
        )
        return
    table(
        ["ID", "SIGNED", "NAME"],
        (
            [
                item.person.id,
                f"{item.signed:%Y-%m-%d}" if item.signed else "not signed",
                names.name(item.person.id),
            ]
            for item in found
        ),
        empty=f"{group.name} has no members yet: "
        f"add them with `delegate person add NAME --member-of {group.id}`",
    )


def _person(store: Store, group: Body, text: str) -> Person:
    """A person by exact name (a member of the group first) or by id or unique id prefix.

    What was typed may be a confidential name, so a failed lookup is reported redacted.
    """
    names = Redactor.of(store.all(Person))
    wanted = " ".join(text.split()).casefold()
    named = [person for person in store.all(Person) if " ".join(person.name.split()).casefold() == wanted]
    members = [person for person in named if group.id in person.member_of]
    for candidates in (members, named):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise AmbiguousIdError(
                f"{len(candidates)} people have that name; give an id "
                f"(see `delegate body signatures {group.id} --internal`)"
            )
    try:
        return store.find(Person, text)
    except (NotFoundError, AmbiguousIdError) as error:
        raise type(error)(names.text(str(error))) from None
