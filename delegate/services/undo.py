"""Undoing one action (done, drop, cancel, circulate…): the records as they were before it, saved back.

An action that can be undone returns an `Undo` with what it replaced; `undo` puts those back, with
the store's usual check that nothing changed them on disk since (else nothing is put back, and the
person is told).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from delegate.store import Store


@dataclass(frozen=True)
class Undo:
    """What one action changed: `said` describes it ("Follow-up marked done"); `before` holds the
    records as they were (saved back on undo), `made` the records it created (deleted on undo)."""

    said: str
    before: tuple[Any, ...]
    made: tuple[Any, ...] = ()


def undoable(said: str, before: Iterable[Any], made: Iterable[Any] = ()) -> Undo:
    return Undo(said, tuple(before), tuple(made))


def undo(store: Store, action: Undo) -> str:
    """Put back what `action` changed; returns what was undone, as a sentence."""
    for record in action.made:
        store.delete(record)
    for record in action.before:
        store.save(record)
    return f"Undone: {action.said[0].lower()}{action.said[1:]}." if action.said else "Undone."
