"""Shared by `script` and `handout`: editing a record's text in $EDITOR, and writing rendered output."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from delegate.cli.output import emit_json, table
from delegate.model import DelegateError, count_words
from delegate.store import Store, kind_of
from delegate.store.atomic import FILE_MODE, atomic_write, explain_os_error
from delegate.store.versions import Version, find_version, list_versions, restore_version
from delegate.timezones import local_zone_name, zone


def edit_text(store: Store, record: Any) -> Any | None:
    """Open the record's Markdown in $EDITOR (a private temp copy) and save what comes back.

    The save goes through the store, so the text it replaces is kept as a version and an edit made
    meanwhile by another program is reported as a conflict. Returns the saved record, or None when
    the text came back unchanged. If the editor fails, nothing is written.
    """
    field = kind_of(type(record)).markdown_field
    before: str = getattr(record, field)
    folder = Path(tempfile.mkdtemp(prefix="delegate-edit-"))  # 0700, ours alone
    copy = folder / f"{record.id}.md"
    keep = False
    try:
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(before)
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
        if after == before:
            return None
        changed = dataclasses.replace(record, **{field: after})
        try:
            store.save(changed)
        except DelegateError as error:
            keep = True  # the person's work must not vanish with the temp folder
            raise DelegateError(f"{error}; your edit is kept in {copy}") from None
        return changed
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


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
    target = Path(output).expanduser()
    if target.is_dir():
        raise DelegateError(f"{target} is a folder; give a file name with -o")
    if not target.parent.is_dir():
        raise DelegateError(f"the folder {target.parent} does not exist; nothing was written")
    try:
        atomic_write(target, data)
    except OSError as error:
        raise explain_os_error(error, f"write {what} to", target) from None
    click.echo(f"wrote {what} to {target}")


def _is_terminal(stream: Any) -> bool:
    with contextlib.suppress(AttributeError, ValueError, OSError):
        return bool(stream.isatty())
    return False


def show_versions(store: Store, record: Any, as_json: bool) -> None:
    """`… versions ID`: a record's earlier texts, oldest first."""
    kind = kind_of(type(record))
    kept = list_versions(store, record)
    if as_json:
        emit_json(_version_json(store, version) for version in kept)
        return
    table(
        ["VERSION", "REPLACED", "WORDS"],
        ([version.id, f"{_local(version):%Y-%m-%d %H:%M:%S}", str(version.words)] for version in kept),
        empty=f"no earlier versions of {kind.name} {record.id} yet (one is kept each time its text changes)",
    )
    if kept:
        click.echo(f"current text: {count_words(getattr(record, kind.markdown_field))} words")


def _version_json(store: Store, version: Version) -> dict[str, object]:
    try:
        path = str(version.path.relative_to(store.root))
    except ValueError:
        path = str(version.path)
    return {"id": version.id, "when": _local(version).isoformat(), "words": version.words, "path": path}


def _local(version: Version) -> datetime:
    return version.when.astimezone(zone(local_zone_name()))


def restore_text(store: Store, record: Any, version_id: str) -> None:
    """`… restore ID VERSION`: bring an earlier text back; the one it replaces is kept as a version."""
    kind = kind_of(type(record))
    version = find_version(store, record, version_id)
    before = {item.id for item in list_versions(store, record)}
    restored = restore_version(store, record, version.id)
    if restored is record:
        click.echo(f"{kind.name} {record.id} already has the text of version {version.id}; nothing changed")
        return
    kept = [item.id for item in list_versions(store, restored) if item.id not in before]
    also = f"; the text it replaced is kept as version {kept[-1]}" if kept else ""
    click.echo(f"restored {kind.name} {record.id} to version {version.id}{also}")
