"""Saving the text of a script or handout, for the CLI's `edit` and the app's editor alike: the save
goes through the store, so the text it replaces is kept as a version and an edit made meanwhile by
another program is a conflict, never a silent overwrite."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import TypeVar

from delegate.model import Handout, ValidationError
from delegate.store import Store, kind_of
from delegate.store.atomic import FILE_MODE, explain_os_error

R = TypeVar("R")


def text_of(record: object) -> str:
    """A script's or handout's Markdown."""
    return str(getattr(record, _field(record)))


def save_text(store: Store, record: R, text: str) -> R | None:
    """Save `text` as the record's Markdown; None (nothing written) when it is unchanged.

    An attached handout has no text to save: it is edited where it was made.
    """
    if isinstance(record, Handout) and record.attachment:
        raise ValidationError(
            f"handout {record.id} is an attached PDF ({record.attachment}); edit it where it was made"
        )
    if text == text_of(record):
        return None
    changed = dataclasses.replace(record, **{_field(record): text})  # type: ignore[type-var]
    store.save(changed)
    return changed


def private_copy(record: object) -> Path:
    """The record's Markdown in a new folder only its owner can open (0700, the file 0600), for an
    outside editor; the caller removes the folder when done (or keeps it to save someone's work)."""
    folder = Path(tempfile.gettempdir())
    what = f"a private copy of {kind_of(type(record)).name} {getattr(record, 'id', '')} for the editor in"
    try:
        folder = Path(tempfile.mkdtemp(prefix="delegate-edit-"))
        copy = folder / f"{getattr(record, 'id', 'text')}.md"
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text_of(record))
    except OSError as error:  # a full disk where temporary files go: said, and nothing left behind
        if folder.name.startswith("delegate-edit-"):
            shutil.rmtree(folder, ignore_errors=True)
        raise explain_os_error(error, f"make {what}", folder) from None
    return copy


def _field(record: object) -> str:
    field = kind_of(type(record)).markdown_field
    if not field:
        raise ValidationError(f"a {kind_of(type(record)).name} has no text to edit")
    return field
