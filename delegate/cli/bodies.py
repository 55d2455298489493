"""`delegate body …`"""

from __future__ import annotations

from datetime import date, time, timedelta

import click

from delegate import clock
from delegate.cli import types
from delegate.cli.again import again_option
from delegate.cli.output import audience_option, emit_json, fields, note_mentions, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.model import DEFAULT_SPEAKING_LIMIT, Body, BodyKind
from delegate.services.agreements import (
    add_agreement,
    agreement_views,
    move_agreement,
    remove_agreement,
    sign_agreement,
    signature_of,
    signature_views,
)
from delegate.services.audience import Audience
from delegate.services.bodies import add_body
from delegate.services.body_views import body_detail, body_views
from delegate.services.people import find_person


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
@again_option
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
    again: bool,
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
        again=again,
    )
    click.echo(f"added body {created.id}")
    note_mentions(env.store, name, how_to_request, place)


@body.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@audience_option()
@pass_env
def list_(env: Env, as_json: bool, audience: Audience) -> None:
    """List bodies."""
    bodies = body_views(env.store, audience, clock.now())
    if as_json:
        emit_json(item.fields for item in bodies)
        return
    table(
        ["ID", "KIND", "LIMIT", "MEMBERS", "NAME"],
        ([item.id, item.kind, item.speaking_limit, str(item.members or ""), item.name] for item in bodies),
        empty="no bodies yet: add one with `delegate body add NAME`",
    )


@body.command("show")
@click.argument("body_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@audience_option()
@pass_env
def show(env: Env, body_id: str, as_json: bool, audience: Audience) -> None:
    """Show a body: contacts, how to request, next meetings, our delegations."""
    item = body_detail(env.store, env.store.find(Body, body_id), audience, clock.now())
    if as_json:
        emit_json([item.view.fields])
        return
    fields(
        [
            ("id", item.view.id),
            ("name", item.view.name),
            ("kind", item.view.kind),
            ("jurisdiction", item.jurisdiction),
            ("phone", item.phone),
            ("email", item.email),
            ("web", item.url),
            ("how to request", item.how_to_request),
            (
                "request by",
                f"{item.deadline_days} days before, {item.deadline_at:%H:%M}" if item.deadline_at else "",
            ),
            ("speaking limit", item.view.speaking_limit),
            ("members", item.view.members),
            ("place", item.place),
            ("time zone", item.timezone),
            ("schedule", item.schedule),
            ("agreements", "\n".join(f"{one.position}. {one.text}" for one in item.agreements)),
            ("signed", item.signed),
            ("notes", item.notes),
        ]
    )
    if item.next_meetings:
        click.echo("\nnext meetings:")
        for meeting in item.next_meetings:
            click.echo(f"  {when(meeting.start)}  {meeting.id}")
    if item.delegations:
        click.echo(f"\ndelegations ({len(item.delegations)}):")
        for delegation in item.delegations:
            day = f"{delegation.meeting_start:%Y-%m-%d}" if delegation.meeting_start else "?"
            click.echo(f"  {day}  {delegation.status:<11} {delegation.topic}")


@body.command("feed")
@click.argument("body_id", metavar="ID")
@click.argument("source", required=False, metavar="URL")
@click.option("--remove", is_flag=True, help="Forget the body's feed (its meetings stay).")
@audience_option()
@pass_env
def feed(env: Env, body_id: str, source: str | None, remove: bool, audience: Audience) -> None:
    """Follow the calendar a body publishes: an http, https or webcal address, or a file's path.

    `delegate import feeds` reads it again (an unchanged feed costs one small request). With no URL:
    where it is, when it was last read and what that changed.
    """
    from delegate.services.feeds import feed_views, remove_feed, set_feed

    if remove and source:
        raise click.UsageError("give a URL or --remove, not both")
    if remove:
        found = remove_feed(env.store, body_id)
    elif source is not None:
        found = set_feed(env.store, body_id, source)
    else:
        found = env.store.find(Body, body_id)
    views = [view for view in feed_views(env.store, audience) if view.body_id == found.id]
    if not views:
        click.echo(f"{found.id} has no feed")
        return
    view = views[0]
    fields(
        [
            ("body", view.body),
            ("feed", view.source),
            ("last read", view.read_at),
            ("what changed", view.changed),
            ("last error", view.error),
        ]
    )


# ---- standing agreements and the confidentiality agreement ----------------------------------------


@body.group("agreement")
def agreement() -> None:
    """A group's standing agreements, read at the top of every agenda and in its minutes."""


@agreement.command("add")
@click.argument("group_id", metavar="GROUP")
@click.argument("text")
@click.option("--position", type=click.IntRange(min=1), help="Where it goes (1 is first; default: last).")
@again_option
@pass_env
def agreement_add(env: Env, group_id: str, text: str, position: int | None, again: bool) -> None:
    """Add a standing agreement TEXT to GROUP."""
    group = env.store.find(Body, group_id)
    changed = add_agreement(env.store, group, text, position=position, again=again)
    number = position or len(changed.agreements)
    click.echo(f"added standing agreement {number} of {len(changed.agreements)} to {changed.id}")
    note_mentions(env.store, text)


@agreement.command("list")
@click.argument("group_id", metavar="GROUP")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def agreement_list(env: Env, group_id: str, audience: Audience, as_json: bool) -> None:
    """List GROUP's standing agreements in order."""
    group = env.store.find(Body, group_id)
    shown = agreement_views(env.store, group, audience)
    if as_json:
        emit_json(shown)
        return
    table(
        ["#", "AGREEMENT"],
        ([str(item.position), item.text] for item in shown),
        empty=f"{group.id} has no standing agreements yet: "
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
    """Record that PERSON (id, prefix, name, or a confidential member's role or alias) signed GROUP's
    confidentiality agreement."""
    store = env.store
    group = store.find(Body, group_id)
    person = find_person(store, person_ref, among=group)
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
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def signatures_(env: Env, group_id: str, audience: Audience, as_json: bool) -> None:
    """GROUP's members and when each signed the confidentiality agreement (or "not signed")."""
    group = env.store.find(Body, group_id)
    found = signature_views(env.store, group, audience)
    if as_json:
        emit_json(found)
        return
    table(
        ["ID", "SIGNED", "NAME"],
        ([item.id, f"{item.signed:%Y-%m-%d}" if item.signed else "not signed", item.name] for item in found),
        empty=f"{group.id} has no members yet: "
        f"add them with `delegate person add NAME --member-of {group.id}`",
    )
