"""`delegate body …`"""

from __future__ import annotations

from datetime import time, timedelta

import click

from delegate import clock
from delegate.cli import types
from delegate.cli.output import emit_json, fields, record_json, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.model import DEFAULT_SPEAKING_LIMIT, Body, BodyKind, Delegation
from delegate.services.bodies import add_body
from delegate.services.meetings import list_meetings, upcoming
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
@pass_env
def list_(env: Env, as_json: bool) -> None:
    """List bodies."""
    bodies = env.store.all(Body)
    if as_json:
        emit_json(record_json(item) for item in bodies)
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
@pass_env
def show(env: Env, body_id: str, as_json: bool) -> None:
    """Show a body: contacts, how to request, next meetings, our delegations."""
    store = env.store
    item = store.find(Body, body_id)
    if as_json:
        emit_json([record_json(item)])
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
            ("how to request", item.how_to_request),
            (
                "request by",
                f"{deadline.days_before} days before, {deadline.at:%H:%M}" if deadline else "",
            ),
            ("speaking limit", format_length(item.speaking_limit)),
            ("members", item.members),
            ("place", item.place),
            ("time zone", item.timezone),
            ("schedule", item.recurrence),
            ("notes", item.notes),
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
                f"  {delegation.status.value:<11} {delegation.topic}"
            )
