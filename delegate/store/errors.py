"""Errors of the data folder, each with a message a person can act on."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from delegate.errors import DelegateError


class StoreError(DelegateError):
    """Reading or writing the data folder failed; nothing half-written was left behind."""


class ConflictError(StoreError):
    """The record changed on disk since it was read; saving would overwrite someone else's edit."""


class NotFoundError(StoreError):
    """No record matches the id (or prefix) given."""


class AmbiguousIdError(StoreError):
    """More than one record matches the prefix given."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one file; the rest of the folder still loads."""

    path: Path
    message: str
    line: int | None = None
    severity: str = "error"

    def describe(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                shown = self.path.relative_to(root)
        if root is not None and shown == Path("."):
            return self.message  # about the folder as a whole
        where = f"{shown}:{self.line}" if self.line else str(shown)
        return f"{where}: {self.message}"
