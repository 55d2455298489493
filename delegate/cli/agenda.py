"""`delegate agenda GROUP`: the agenda of an action group's next meeting, to circulate or keep."""

from __future__ import annotations

import click

from delegate import clock
from delegate.cli.editing import write_output
from delegate.cli.output import DOCUMENT_INTERNAL_HELP, audience_option
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Body, Meeting
from delegate.services.agenda import agenda_document, agenda_meeting, build_agenda
from delegate.services.audience import Audience
from delegate.services.documents import FORMATS, export_document


@cli.command("agenda")
@click.argument("group_id", metavar="GROUP")
@click.option("--meeting", "meeting_id", metavar="ID", help="The meeting (default: the group's next one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help=(
        "Where to write ('-' for stdout). Default: stdout for md and html, ./DATE-GROUP-agenda.pdf "
        "for pdf (-INTERNAL.pdf if internal)."
    ),
)
@audience_option(DOCUMENT_INTERNAL_HELP)
@pass_env
def agenda(
    env: Env, group_id: str, meeting_id: str | None, fmt: str, output: str | None, audience: Audience
) -> None:
    """The agenda of GROUP's next meeting: standing agreements first (confidential people by role)."""
    store = env.store
    group = store.find(Body, group_id)
    chosen = store.find(Meeting, meeting_id) if meeting_id else None
    meeting = agenda_meeting(store, group, chosen, today=clock.today())
    doc = agenda_document(store, build_agenda(store, group, meeting), audience)
    default = doc.file_name(fmt) if fmt == "pdf" else None
    write_output(export_document(doc, fmt), output, default, doc.describe(f"agenda {doc.stem}", fmt))
