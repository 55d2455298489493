"""Shared by `script` and `handout` (and every command that writes a document): editing a record's
text in $EDITOR, listing and restoring its earlier texts, and writing rendered output."""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path
from typing import Any

import click

from delegate.cli.output import emit_json, table
from delegate.model import DelegateError
from delegate.services.audience import Audience
from delegate.services.files import write_file
from delegate.services.texts import private_copy, save_text
from delegate.services.versions import current_words, kind_name, restore_text, version_views
from delegate.store import Store


def edit_text(store: Store, record: Any) -> Any | None:
    """Open the record's Markdown in $EDITOR (a private temp copy) and save what comes back.

    This is editing, not output: the person sees their own text as they wrote it. The save goes
    through `save_text`, so the text it replaces is kept as a version and an edit made meanwhile by
    another program is reported as a conflict. Returns the saved record, or None when the text came
    back unchanged. If the editor fails, nothing is written.
    """
    copy = private_copy(record)
    keep = False
    try:
        try:
            click.edit(filename=str(copy))
        except click.ClickException as error:
            raise DelegateError(f"the editor failed ({error.format_message()}); nothing was saved") from None
        try:
            after = copy.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise DelegateError("the editor removed the file; nothing was saved") from None
        except UnicodeDecodeError as error:
            keep = True
            raise DelegateError(
                f"the edited text is not UTF-8 ({error.reason}); nothing was saved; your edit is in {copy}"
            ) from None
        try:
            return save_text(store, record, after)
        except DelegateError as error:
            keep = True  # the person's work must not vanish with the temp folder
            raise DelegateError(f"{error}; your edit is kept in {copy}") from None
    finally:
        if not keep:
            shutil.rmtree(copy.parent, ignore_errors=True)


def write_output(data: bytes, output: str | None, default_name: str | None, what: str) -> None:
    """Write rendered output to -o FILE, or '-' / no -o for stdout (or `default_name` when given).

    Binary output (a PDF) is never written to a terminal.
    """
    if output is None and default_name is not None:
        output = default_name
    if output is None or output == "-":
        if data.startswith(b"%PDF") and _is_terminal(sys.stdout):
            raise DelegateError(f"not writing the PDF of {what} to the terminal; use -o FILE or a redirect")
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
        return
    target = write_file(Path(output), data, what)
    click.echo(f"wrote {what} to {target}")


def _is_terminal(stream: Any) -> bool:
    with contextlib.suppress(AttributeError, ValueError, OSError):
        return bool(stream.isatty())
    return False


def show_versions(store: Store, record: Any, audience: Audience, as_json: bool) -> None:
    """`… versions ID`: a record's earlier texts, oldest first."""
    kept = version_views(store, record, audience)
    kind = kind_name(record)
    if as_json:
        emit_json(version.fields for version in kept)
        return
    table(
        ["VERSION", "REPLACED", "WORDS"],
        ([version.id, f"{version.when:%Y-%m-%d %H:%M:%S}", str(version.words)] for version in kept),
        empty=f"no earlier versions of {kind} {record.id} yet (one is kept each time its text changes)",
    )
    if kept:
        click.echo(f"current text: {current_words(record)} words")


def say_restored(store: Store, record: Any, version_id: str) -> None:
    """`… restore ID VERSION`: bring an earlier text back; the one it replaces is kept as a version."""
    restored = restore_text(store, record, version_id)
    kind = kind_name(record)
    if not restored.changed:
        click.echo(f"{kind} {record.id} already has the text of version {restored.version}; nothing changed")
        return
    also = f"; the text it replaced is kept as version {restored.kept}" if restored.kept else ""
    click.echo(f"restored {kind} {record.id} to version {restored.version}{also}")
