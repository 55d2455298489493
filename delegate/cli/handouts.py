"""`delegate handout …`: what is printed and rendered is public unless --internal (a handout may
name a confidential person); `edit` opens the text as written."""

from __future__ import annotations

from pathlib import Path

import click

from delegate.cli.editing import edit_text, say_restored, show_versions, write_output
from delegate.cli.output import (
    DOCUMENT_INTERNAL_HELP,
    audience_option,
    emit_json,
    fields,
    note_mentions,
    table,
)
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Delegation, Handout, ValidationError
from delegate.services.audience import Audience
from delegate.services.handout_views import handout_view, handout_views
from delegate.services.handouts import FORMATS, new_handout, render_handout


@cli.group()
def handout() -> None:
    """Handouts: write or attach them, and render them for print (PDF) or the web (HTML)."""


@handout.command("new")
@click.argument("title")
@click.option("--delegation", "delegation_id", metavar="ID", help="The delegation it is handed out at.")
@click.option(
    "--attach",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    metavar="FILE.pdf",
    help="A PDF made elsewhere, copied into the data folder (instead of writing one here).",
)
@pass_env
def new(env: Env, title: str, delegation_id: str | None, attach: Path | None) -> None:
    """Start a handout from the handout template, or attach a finished PDF."""
    item = env.store.find(Delegation, delegation_id) if delegation_id else None
    created = new_handout(env.store, title, item, attach)
    how = f"attached {attach.name} as {created.attachment}" if attach else "from the handout template"
    click.echo(f"added handout {created.id} ({how})")
    if item is not None:
        click.echo(f"linked to delegation {item.id}")
    if not created.attachment:
        click.echo(f"edit it with `delegate handout edit {created.id}`")
    note_mentions(env.store, title)


@handout.command("list")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, audience: Audience, as_json: bool) -> None:
    """List handouts: written (with their length) or attached."""
    handouts = handout_views(env.store, audience)
    if as_json:
        emit_json(item.fields for item in handouts)
        return
    table(
        ["ID", "KIND", "DELEGATIONS", "TITLE"],
        (
            [
                item.id,
                "attached PDF" if item.attachment else f"{item.words} words",
                ", ".join(item.delegations) or "—",
                item.title,
            ]
            for item in handouts
        ),
        empty="no handouts yet: start one with `delegate handout new TITLE`",
    )


@handout.command("show")
@click.argument("reference", metavar="ID")
@audience_option()
@pass_env
def show(env: Env, reference: str, audience: Audience) -> None:
    """A handout's title, delegations and text (or where its attached PDF is)."""
    view = handout_view(env.store, env.store.find(Handout, reference), audience)
    size = f"{view.attachment_size:,} bytes" if view.attachment_size is not None else "missing!"
    fields(
        [
            ("id", view.id),
            ("title", view.title),
            ("delegations", ", ".join(view.delegations)),
            ("attachment", f"{view.attachment} ({size})" if view.attachment else ""),
            ("words", view.words if not view.attachment else ""),
        ]
    )
    if not view.attachment:
        click.echo()
        click.echo(view.text.rstrip("\n") if view.text.strip() else "(no text yet)")


@handout.command("edit")
@click.argument("reference", metavar="ID")
@pass_env
def edit(env: Env, reference: str) -> None:
    """Edit a handout's text in $EDITOR; the text it replaces is kept as a version."""
    found = env.store.find(Handout, reference)
    if found.attachment:
        raise ValidationError(
            f"handout {found.id} is an attached PDF ({found.attachment}); edit it where it was made"
        )
    saved = edit_text(env.store, found)
    if saved is None:
        click.echo(f"no changes to handout {found.id}; nothing saved")
        return
    click.echo(f"saved handout {found.id}; the previous text is kept as a version")


@handout.command("versions")
@click.argument("reference", metavar="ID")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def versions(env: Env, reference: str, audience: Audience, as_json: bool) -> None:
    """Earlier texts of a handout, oldest first."""
    show_versions(env.store, env.store.find(Handout, reference), audience, as_json)


@handout.command("restore")
@click.argument("reference", metavar="ID")
@click.argument("version_id", metavar="VERSION")
@pass_env
def restore(env: Env, reference: str, version_id: str) -> None:
    """Bring back an earlier text (by version id or a unique prefix); the current text is kept too."""
    say_restored(env.store, env.store.find(Handout, reference), version_id)


@handout.command("render")
@click.argument("reference", metavar="ID")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="pdf", show_default=True, help="Output format."
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write ('-' for stdout). Default: stdout for md and html, ./ID.pdf for pdf.",
)
@audience_option(DOCUMENT_INTERNAL_HELP)
@pass_env
def render(env: Env, reference: str, fmt: str, output: str | None, audience: Audience) -> None:
    """Render a handout to PDF (print-ready), HTML or Markdown: confidential people by role unless
    --internal. An attached PDF is passed through as it was made (nothing in it can be hidden)."""
    rendered = render_handout(env.store, env.store.find(Handout, reference), fmt, audience)
    if rendered.note:
        click.echo(f"delegate: note: {rendered.note}", err=True)
    write_output(rendered.data, output, rendered.file_name if fmt == "pdf" else None, rendered.what)
