"""`delegate delegation …`"""

from __future__ import annotations

from typing import Any

import click

from delegate import clock
from delegate.cli.editing import write_output
from delegate.cli.output import INTERNAL_HELP, emit_json, fields, record_json, redacted, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Delegation, DelegationStatus, Meeting, Person
from delegate.privacy import Redactor
from delegate.services.delegations import add_delegation, advance, body_of, rebook
from delegate.services.handouts import copies_to_bring, print_checklist, request_letter


@cli.group()
def delegation() -> None:
    """Our delegations: request, confirm, deliver, cancel, re-book."""


@delegation.command("add")
@click.option("--meeting", "meeting_id", required=True, help="The meeting to speak at (id or prefix).")
@click.option("--topic", required=True, help="What we speak about.")
@click.option("--speaker", "speakers", multiple=True, help="A speaker's name (repeat for several).")
@click.option("--ask", default="", help="What we ask the body to do.")
@pass_env
def add(env: Env, meeting_id: str, topic: str, speakers: tuple[str, ...], ask: str) -> None:
    """Plan a delegation to a meeting (status: idea)."""
    meeting = env.store.find(Meeting, meeting_id)
    created = add_delegation(env.store, meeting, topic, speakers, ask)
    click.echo(f"added delegation {created.id}")


def _lifecycle_command(action: str, summary: str) -> None:
    @delegation.command(action, help=summary)
    @click.argument("delegation_id", metavar="ID")
    @click.option("--note", default="", help="What happened (when, how, to whom…).")
    @pass_env
    def command(env: Env, delegation_id: str, note: str) -> None:
        item = advance(env.store, env.store.find(Delegation, delegation_id), action, clock.now(), note)
        click.echo(f"delegation {item.id} is now {item.status.value}")


_lifecycle_command("request", "Record that we asked the clerk for a slot.")
_lifecycle_command("confirm", "Record that the clerk put us on the agenda.")
_lifecycle_command("deliver", "Record that we spoke (the note says what happened).")


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


@delegation.command("rebook")
@click.argument("delegation_id", metavar="ID")
@click.option("--meeting", "meeting_id", required=True, help="The later meeting.")
@click.option("--note", default="", help="Why or how it was re-booked.")
@pass_env
def rebook_command(env: Env, delegation_id: str, meeting_id: str, note: str) -> None:
    """Move a delegation onto another meeting, keeping its history."""
    item = env.store.find(Delegation, delegation_id)
    meeting = env.store.find(Meeting, meeting_id)
    moved = rebook(env.store, item, meeting, clock.now(), note)
    click.echo(f"delegation {moved.id} re-booked onto {meeting.id} ({moved.status.value})")


@delegation.command("list")
@click.option(
    "--status", type=click.Choice([status.value for status in DelegationStatus]), help="Only this status."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@pass_env
def list_(env: Env, status: str | None, as_json: bool, internal: bool) -> None:
    """List delegations by meeting date."""
    names = Redactor.of(env.store.all(Person), internal=internal)
    meetings = {meeting.id: meeting for meeting in env.store.all(Meeting)}
    items = [item for item in env.store.all(Delegation) if status is None or item.status.value == status]
    items.sort(
        key=lambda item: (
            item.meeting not in meetings,
            meetings[item.meeting].start if item.meeting in meetings else None,
            item.id,
        )
    )
    if as_json:
        emit_json(_delegation_json(item, names) for item in items)
        return
    table(
        ["ID", "MEETING", "STATUS", "TOPIC"],
        (
            [
                item.id,
                when(meetings[item.meeting].start) if item.meeting in meetings else f"? {item.meeting}",
                item.status.value,
                names.text(item.topic),
            ]
            for item in items
        ),
        empty="no delegations yet: plan one with `delegate delegation add --meeting ID --topic TEXT`",
    )


_PAST_PRINTING = frozenset(
    {DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP, DelegationStatus.CANCELLED}
)


@delegation.command("show")
@click.argument("delegation_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@pass_env
def show(env: Env, delegation_id: str, as_json: bool, internal: bool) -> None:
    """Show a delegation with its whole history."""
    item = env.store.find(Delegation, delegation_id)
    names = Redactor.of(env.store.all(Person), internal=internal)
    if as_json:
        emit_json([_delegation_json(item, names)])
        return
    meeting = {m.id: m for m in env.store.all(Meeting)}.get(item.meeting)
    body = body_of(env.store, item)
    fields(
        [
            ("id", item.id),
            ("topic", names.text(item.topic)),
            ("status", item.status.value),
            ("body", body.name if body else ""),
            ("meeting", f"{when(meeting.start)} ({meeting.id})" if meeting else item.meeting),
            ("speakers", ", ".join(names.name(speaker) for speaker in item.speakers)),
            ("ask", names.text(item.ask)),
            ("agenda position", item.agenda_position),
            ("script", item.script),
            ("handouts", ", ".join(item.handouts)),
            ("copies to bring", copies_to_bring(env.store, item)),
            ("outcome", names.text(item.outcome)),
            ("cancelled because", names.text(item.cancel_reason)),
        ]
    )
    if item.status not in _PAST_PRINTING:
        click.echo("\nto print and bring:")
        for line in print_checklist(env.store, item):
            click.echo(f"  [ ] {line}")
    if item.history:
        click.echo("\nhistory:")
        for entry in item.history:
            note = f" — {names.text(entry.note)}" if entry.note else ""
            click.echo(f"  {entry.at:%Y-%m-%d %H:%M}  {entry.status.value:<11} {entry.meeting}{note}")


@delegation.command("letter")
@click.argument("delegation_id", metavar="ID")
@click.option("-o", "--output", metavar="FILE", help="Write the letter to FILE instead of printing it.")
@pass_env
def letter(env: Env, delegation_id: str, output: str | None) -> None:
    """The letter (or email) asking the clerk for a slot, from the request-letter template."""
    item = env.store.find(Delegation, delegation_id)
    text = request_letter(env.store, item)
    write_output(text.encode("utf-8"), output, None, f"the request letter for {item.id}")


def _delegation_json(item: Delegation, names: Redactor) -> dict[str, Any]:
    """A delegation as JSON: speakers by public name and typed text redacted (unless internal)."""
    shown: dict[str, Any] = redacted(record_json(item), names.text)
    shown["speakers"] = [names.name(speaker) for speaker in item.speakers]
    return shown
