"""`delegate delegation …`"""

from __future__ import annotations

import click

from delegate import clock
from delegate.cli.output import (
    DOCUMENT_INTERNAL_HELP,
    audience_option,
    emit_json,
    fields,
    note_mentions,
    table,
    when,
)
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Delegation, DelegationStatus, ValidationError
from delegate.services.audience import Audience
from delegate.services.delegations import add_delegation, advance, delegation_detail, delegation_views
from delegate.services.documents import FORMATS, export_document
from delegate.services.references import find_meeting


@cli.group()
def delegation() -> None:
    """Our delegations: request, confirm, deliver, follow up, cancel, re-book."""


@delegation.command("add")
@click.option(
    "--meeting",
    "meeting_id",
    required=True,
    help="The meeting to speak at: its id (or prefix), or its day (2026-12-17, next thursday, +21d).",
)
@click.option("--topic", required=True, help="What we speak about.")
@click.option(
    "--speaker",
    "speakers",
    multiple=True,
    help="A speaker: a person's id, name, or a confidential person's role or alias; else any name (repeat).",
)
@click.option("--ask", default="", help="What we ask the body to do.")
@pass_env
def add(env: Env, meeting_id: str, topic: str, speakers: tuple[str, ...], ask: str) -> None:
    """Plan a delegation to a meeting (status: idea)."""
    meeting = find_meeting(env.store, meeting_id, clock.today())
    created = add_delegation(env.store, meeting, topic, speakers, ask)
    click.echo(f"added delegation {created.id}")
    note_mentions(env.store, topic, ask)


def _lifecycle_command(action: str, summary: str) -> None:
    @delegation.command(action, help=summary)
    @click.argument("delegation_id", metavar="ID")
    @click.option("--note", default="", help="What happened (when, how, to whom…).")
    @pass_env
    def command(env: Env, delegation_id: str, note: str) -> None:
        item = advance(env.store, env.store.find(Delegation, delegation_id), action, clock.now(), note)
        click.echo(f"delegation {item.id} is now {item.status.value}")
        note_mentions(env.store, note)


_lifecycle_command("request", "Record that we asked the clerk for a slot.")
_lifecycle_command("confirm", "Record that the clerk put us on the agenda.")
_lifecycle_command("followed-up", "Record that we followed up after speaking (the note says how).")


@delegation.command("deliver")
@click.argument("delegation_id", metavar="ID")
@click.option("--note", default="", help="What happened.")
@click.option("--early", is_flag=True, help="It was delivered before the meeting's start (else refused).")
@pass_env
def deliver(env: Env, delegation_id: str, note: str, early: bool) -> None:
    """Record that we spoke (the note says what happened); not before the meeting unless --early."""
    from delegate.services.lifecycle import EarlyDelivery  # not with the module: `list` has no use for it

    found = env.store.find(Delegation, delegation_id)
    try:
        item = advance(env.store, found, "deliver", clock.now(), note, early=early)
    except EarlyDelivery as error:
        raise ValidationError(f"{error} (add --early if it was delivered before)") from None
    click.echo(f"delegation {item.id} is now {item.status.value}")
    note_mentions(env.store, note)


@delegation.command("cancel")
@click.argument("delegation_id", metavar="ID")
@click.option("--reason", required=True, help="Why (money, health, the agenda moved…).")
@pass_env
def cancel(env: Env, delegation_id: str, reason: str) -> None:
    """Withdraw a delegation; it can be re-booked later."""
    item = advance(env.store, env.store.find(Delegation, delegation_id), "cancel", clock.now(), reason)
    click.echo(
        f"delegation {item.id} is cancelled; re-book with `delegate delegation rebook {item.id} --meeting ID`"
    )
    note_mentions(env.store, reason)


@delegation.command("rebook")
@click.argument("delegation_id", metavar="ID")
@click.option(
    "--meeting", "meeting_id", required=True, help="The later meeting: its id, or its day (+49d, jan 21)."
)
@click.option("--note", default="", help="Why or how it was re-booked.")
@click.option("--requested", is_flag=True, help="The new slot was already asked for (else: still to ask).")
@pass_env
def rebook_command(env: Env, delegation_id: str, meeting_id: str, note: str, requested: bool) -> None:
    """Move a delegation onto another meeting, keeping its history; its open tasks and script move too.

    The new slot is still to be asked for (its request deadline shows on the dashboard) unless
    --requested says it was.
    """
    from delegate.services.lifecycle import rebook  # not with the module: `list` has no use for it

    item = env.store.find(Delegation, delegation_id)
    meeting = find_meeting(env.store, meeting_id, clock.today())
    moved = rebook(env.store, item, meeting, clock.now(), note, requested=requested)
    state = (
        "requested"
        if moved.requested
        else f"to be requested: `delegate delegation request {moved.delegation.id}` once you have asked"
    )
    click.echo(f"delegation {moved.delegation.id} re-booked onto {meeting.id} ({state})")
    for task in moved.tasks:
        click.echo(f"  moved follow-up {task.id} to {task.due:%Y-%m-%d}")
    if moved.script is not None:
        click.echo(
            f"  script {moved.script.id} now names the new meeting (the old text is kept as a version)"
        )
    note_mentions(env.store, note)


@delegation.command("list")
@click.option(
    "--status", type=click.Choice([status.value for status in DelegationStatus]), help="Only this status."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@audience_option()
@pass_env
def list_(env: Env, status: str | None, as_json: bool, audience: Audience) -> None:
    """List delegations by meeting date (confidential people by role unless --internal)."""
    items = delegation_views(env.store, audience, status=status)
    if as_json:
        emit_json(item.fields for item in items)
        return
    table(
        ["ID", "MEETING", "STATUS", "TOPIC"],
        (
            [
                item.id,
                when(item.meeting_start) if item.meeting_start else f"? {item.meeting}",
                item.status,
                item.topic,
            ]
            for item in items
        ),
        empty="no delegations yet: plan one with `delegate delegation add --meeting ID --topic TEXT`",
    )


@delegation.command("show")
@click.argument("delegation_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@audience_option()
@pass_env
def show(env: Env, delegation_id: str, as_json: bool, audience: Audience) -> None:
    """Show a delegation with its whole history."""
    detail = delegation_detail(env.store, env.store.find(Delegation, delegation_id), audience)
    item = detail.view
    if as_json:
        emit_json([item.fields])
        return
    fields(
        [
            ("id", item.id),
            ("topic", item.topic),
            ("status", item.status),
            ("body", item.body),
            (
                "meeting",
                f"{when(item.meeting_start)} ({item.meeting})" if item.meeting_start else item.meeting,
            ),
            ("speakers", ", ".join(item.speakers)),
            ("ask", item.ask),
            ("agenda position", item.agenda_position),
            ("script", item.script),
            ("handouts", ", ".join(item.handouts)),
            ("copies to bring", detail.copies if detail.copies is not None else 2),
            ("outcome", item.outcome),
            ("cancelled because", item.cancel_reason),
        ]
    )
    if detail.checklist:
        click.echo("\nto print and bring:")
        for line in detail.checklist:
            click.echo(f"  [ ] {line}")
    if item.history:
        click.echo("\nhistory:")
        for entry in item.history:
            note = f" — {entry.note}" if entry.note else ""
            click.echo(f"  {entry.at:%Y-%m-%d %H:%M}  {entry.status:<11} {entry.meeting}{note}")


@delegation.command("letter")
@click.argument("delegation_id", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="md",
    show_default=True,
    help="Markdown, HTML or PDF.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the letter to FILE instead of printing it.")
@audience_option(DOCUMENT_INTERNAL_HELP)
@pass_env
def letter(env: Env, delegation_id: str, fmt: str, output: str | None, audience: Audience) -> None:
    """The letter (or email) asking the clerk for a slot, from the request-letter template.

    Public unless --internal: speakers by their chosen public name (else their role), and whatever
    names a confidential person in the topic or the ask by their role.
    """
    # Only here: a list need not import the templates, the versions and the file writers.
    from delegate.cli.editing import write_output
    from delegate.services.handouts import request_letter

    item = env.store.find(Delegation, delegation_id)
    doc = request_letter(env.store, item, audience)
    write_output(
        export_document(doc, fmt), output, None, doc.describe(f"the request letter for {item.id}", fmt)
    )
