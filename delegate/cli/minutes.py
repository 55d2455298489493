"""`delegate minutes …`: start, list, show, circulate, approve and export an action group's minutes.

Every step of taking them is a command too (`minutes_taking.py`): attendance, chair, items,
discussion, decisions and action items."""

from __future__ import annotations

from datetime import date

import click

from delegate import clock
from delegate.cli.editing import write_output
from delegate.cli.output import DOCUMENT_INTERNAL_HELP, audience_option, emit_json, table
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import DATE
from delegate.controls import visible
from delegate.model import Body, Meeting, Minutes, ValidationError
from delegate.services.audience import Audience
from delegate.services.documents import FORMATS, export_document
from delegate.services.minutes import amend_minutes, approve_minutes, circulate_minutes, start_minutes
from delegate.services.minutes_views import minutes_document, minutes_rows


@cli.group()
def minutes() -> None:
    """Minutes of action-group meetings: circulated with confidential people shown only by role."""


@minutes.command("new")
@click.option("--group", "group_id", required=True, metavar="ID", help="The action group (id or prefix).")
@click.option(
    "--date", "day", type=DATE, help="The meeting day (default: the group's next meeting, else today)."
)
@pass_env
def new(env: Env, group_id: str, day: date | None) -> None:
    """Start draft minutes: members present, open follow-ups as business arising, a round table."""
    group = env.store.find(Body, group_id)
    created = start_minutes(env.store, group, day, today=clock.today())
    click.echo(
        f"added minutes {created.id} (draft, {len(created.items)} items; "
        f"take attendance with `delegate minutes attend {created.id} PERSON…`)"
    )


@minutes.command("list")
@click.option("--group", "group_id", metavar="ID", help="Only this group's minutes.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, group_id: str | None, as_json: bool) -> None:
    """List minutes, newest first."""
    group = env.store.find(Body, group_id) if group_id else None
    found = minutes_rows(env.store, Audience.PUBLIC, group=group)  # no people in a row: one audience
    if as_json:
        emit_json(item.fields for item in found)
        return
    table(
        ["ID", "DATE", "STATUS", "ACTIONS", "GROUP"],
        ([item.id, f"{item.date:%Y-%m-%d}", item.status, str(item.actions), item.group] for item in found),
        empty="no minutes yet: start some with `delegate minutes new --group ID`",
    )


@minutes.command("show")
@click.argument("reference", metavar="ID")
@click.option(
    "--as-circulated",
    "circulated",
    is_flag=True,
    help="The text that was circulated before the last amendment (kept when they were amended).",
)
@audience_option(DOCUMENT_INTERNAL_HELP)
@pass_env
def show(env: Env, reference: str, circulated: bool, audience: Audience) -> None:
    """The minutes as they would be circulated (confidential people by role unless --internal)."""
    found = env.store.find(Minutes, reference)
    if circulated:
        if not found.amendments:
            raise ValidationError(
                f"minutes {found.id} were never amended: `minutes show {found.id}` is their text"
            )
        click.echo(visible(found.amendments[-1].circulated.rstrip("\n")))
        return
    doc = minutes_document(env.store, found, audience)
    click.echo(doc.markdown.rstrip("\n"))


@minutes.command("circulate")
@click.argument("reference", metavar="ID")
@pass_env
def circulate(env: Env, reference: str) -> None:
    """Mark draft minutes as circulated to the group."""
    changed = circulate_minutes(env.store, env.store.find(Minutes, reference))
    click.echo(
        f"minutes {changed.id} are now circulated (read-only; `minutes amend {changed.id}` to correct them)"
    )


@minutes.command("amend")
@click.argument("reference", metavar="ID")
@pass_env
def amend(env: Env, reference: str) -> None:
    """Open circulated minutes again to correct them; the circulated text is kept (show --as-circulated)."""
    changed = amend_minutes(env.store, env.store.find(Minutes, reference), clock.today())
    click.echo(
        f"minutes {changed.id} are a draft again (amendment {len(changed.amendments)}); "
        f"what was circulated is kept: `delegate minutes show {changed.id} --as-circulated`"
    )


@minutes.command("approve")
@click.argument("reference", metavar="ID")
@click.option("--at", "at_meeting", metavar="MEETING", help="The meeting that approved them (id or prefix).")
@pass_env
def approve(env: Env, reference: str, at_meeting: str | None) -> None:
    """Mark circulated minutes as approved."""
    found = env.store.find(Minutes, reference)
    meeting = env.store.find(Meeting, at_meeting) if at_meeting else None
    changed = approve_minutes(env.store, found, meeting.id if meeting else "")
    at = f" at meeting {meeting.id}" if meeting else ""
    click.echo(f"minutes {changed.id} are now approved{at}")


@minutes.command("export")
@click.argument("reference", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help=(
        "Where to write ('-' for stdout). Default: stdout for md and html, ./ID.pdf for pdf "
        "(-INTERNAL.pdf if internal)."
    ),
)
@audience_option(DOCUMENT_INTERNAL_HELP)
@pass_env
def export(env: Env, reference: str, fmt: str, output: str | None, audience: Audience) -> None:
    """Export minutes to circulate (confidential people by role), or an internal copy."""
    found = env.store.find(Minutes, reference)
    doc = minutes_document(env.store, found, audience)
    default = doc.file_name(fmt) if fmt == "pdf" else None
    write_output(export_document(doc, fmt), output, default, doc.describe(f"minutes {found.id}", fmt))


# The commands that take the minutes (attend, chair, item, discuss, decide, act) register on this group.
import delegate.cli.minutes_taking  # noqa: E402, F401
