"""`delegate meeting …`"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import click

from delegate.cli import types
from delegate.cli.output import audience_option, emit_json, fields, note_mentions, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Body, Meeting, ValidationError
from delegate.services.audience import Audience
from delegate.services.meetings import MeetingView, add_meeting, cancel_meeting, meeting_detail, meeting_views


@cli.group()
def meeting() -> None:
    """Meetings of the bodies."""


@meeting.command("add")
@click.option("--body", "body_id", required=True, help="The body that meets (id or unique prefix).")
@click.option("--start", required=True, type=types.WALL_TIME, help='"YYYY-MM-DD HH:MM" in the body\'s zone.')
@click.option("--end", type=types.WALL_TIME, help='"YYYY-MM-DD HH:MM".')
@click.option("--duration", type=types.DURATION, help="Instead of --end: 2h, 90m, 1h30m.")
@click.option("--place", default="", help="Where (default: the body's usual place).")
@click.option("--agenda-url", default="", help="Link to the agenda.")
@click.option(
    "--repeat", default="", metavar="RRULE", help="Repeat, e.g. FREQ=MONTHLY;BYDAY=3TH (12 months)."
)
@pass_env
def add(
    env: Env,
    body_id: str,
    start: datetime,
    end: datetime | None,
    duration: timedelta | None,
    place: str,
    agenda_url: str,
    repeat: str,
) -> None:
    """Schedule a meeting."""
    if end is not None and duration is not None:
        raise click.UsageError("give --end or --duration, not both")
    body = env.store.find(Body, body_id)
    created = add_meeting(
        env.store, body, start, end=end, duration=duration, place=place, agenda_url=agenda_url, repeat=repeat
    )
    if len(created) == 1:
        click.echo(f"added meeting {created[0].id}")
    else:
        click.echo(f"added {len(created)} meetings, {created[0].id} … {created[-1].id}")
    note_mentions(env.store, place)


@meeting.command("list")
@click.option(
    "--from",
    "start",
    type=types.DATE_FILTER,
    help="From this date (YYYY-MM-DD, or today, +7d, next friday…).",
)
@click.option("--to", "end", type=types.DATE_FILTER, help="Up to this date, inclusive.")
@click.option("--body", "body_id", help="Only this body's meetings.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@audience_option()
@pass_env
def list_(
    env: Env, start: date | None, end: date | None, body_id: str | None, as_json: bool, audience: Audience
) -> None:
    """List meetings in date order."""
    if start and end and end < start:
        raise ValidationError(f"--to {end} is before --from {start}")
    body = env.store.find(Body, body_id).id if body_id else None
    meetings = meeting_views(env.store, audience, start, end, body)
    if as_json:
        emit_json(item.fields for item in meetings)
        return
    table(
        ["ID", "WHEN", "STATUS", "TITLE", "PLACE"],
        ([item.id, _when(item), item.status, item.title, item.place] for item in meetings),
        empty="no meetings" + (" in that range" if start or end else " yet"),
    )


@meeting.command("show")
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@audience_option()
@pass_env
def show(env: Env, meeting_id: str, as_json: bool, audience: Audience) -> None:
    """Show a meeting and our delegations on it."""
    detail = meeting_detail(env.store, env.store.find(Meeting, meeting_id), audience)
    item = detail.view
    if as_json:
        emit_json([item.fields])
        return
    fields(
        [
            ("id", item.id),
            ("body", f"{item.body_name} ({item.body})" if item.body_name != item.body else item.body),
            ("title", item.title),
            ("start", _when(item) if item.all_day else f"{when(item.start)} {item.timezone}"),
            ("end", _end(item)),
            ("place", item.place),
            ("agenda", item.agenda_url),
            ("status", item.status + (f" — {item.status_reason}" if item.status_reason else "")),
            ("repeats", item.repeat),
            ("series", item.series),
            ("notes", item.notes),
        ]
    )
    for delegation in detail.delegations:
        click.echo(f"\nour delegation: {delegation.topic} [{delegation.status}] ({delegation.id})")


@meeting.command("cancel")
@click.argument("meeting_id", metavar="ID")
@click.option("--reason", default="", help="Why (shown in exports).")
@pass_env
def cancel(env: Env, meeting_id: str, reason: str) -> None:
    """Mark a meeting cancelled."""
    item = cancel_meeting(env.store, env.store.find(Meeting, meeting_id), reason)
    click.echo(f"cancelled meeting {item.id}")
    note_mentions(env.store, reason)
    ours = [
        d for d in meeting_detail(env.store, item, Audience.PUBLIC).delegations if d.status != "cancelled"
    ]
    for delegation in ours:
        click.echo(
            f"note: delegation {delegation.id} was on this meeting; "
            f"re-book it with `delegate delegation rebook {delegation.id} --meeting ID`"
        )


def _when(item: MeetingView) -> str:
    """The start as `when()` shows it, or the day and "all day" for a day-long meeting."""
    return f"{item.start:%a %Y-%m-%d} all day" if item.all_day else when(item.start)


def _end(item: MeetingView) -> str:
    """The end; for a day-long meeting only its last day, and only when that is not the first."""
    if item.end is None:
        return ""
    if not item.all_day:
        return when(item.end)
    last = item.end - timedelta(days=1)  # an all-day end is the midnight after the last day
    return f"{last:%a %Y-%m-%d} all day" if last.date() > item.start.date() else ""
