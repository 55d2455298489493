"""`delegate agenda GROUP`: the agenda of an action group's next meeting, to circulate or keep."""

from __future__ import annotations

import click

from delegate import clock
from delegate.cli.editing import write_output
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Body, Meeting
from delegate.services.agenda import FORMATS, agenda_meeting, build_agenda, export_agenda


@cli.command("agenda")
@click.argument("group_id", metavar="GROUP")
@click.option("--meeting", "meeting_id", metavar="ID", help="The meeting (default: the group's next one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write ('-' for stdout). Default: stdout for md and html, ./DATE-GROUP-agenda.pdf for pdf.",
)
@click.option("--internal", is_flag=True, help="Include confidential names (marked INTERNAL COPY).")
@pass_env
def agenda(
    env: Env, group_id: str, meeting_id: str | None, fmt: str, output: str | None, internal: bool
) -> None:
    """The agenda of GROUP's next meeting: standing agreements first (confidential people by role)."""
    store = env.store
    group = store.find(Body, group_id)
    chosen = store.find(Meeting, meeting_id) if meeting_id else None
    meeting = agenda_meeting(store, group, chosen, today=clock.today())
    found = build_agenda(store, group, meeting)
    data = export_agenda(store, found, fmt, internal=internal)
    suffix = "-INTERNAL" if internal else ""
    name = f"{found.start:%Y-%m-%d}-{group.id}-agenda"
    default = f"{name}{suffix}.pdf" if fmt == "pdf" else None
    what = f"agenda {name} ({fmt}{', internal copy' if internal else ''})"
    write_output(data, output, default, what)
