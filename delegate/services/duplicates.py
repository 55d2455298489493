"""Nothing is added twice without a word: the same body, agency, agreement, honorarium or person.

Names and texts are compared as a reader would (case, accents and spacing ignored). Adding one that
matches what is already there raises `DuplicateError` with the existing one's id; the CLI says how
to add it anyway (`--again`) and the app asks. The refusal never repeats a person's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from delegate.errors import DelegateError
from delegate.privacy import fold

Named = TypeVar("Named")


class DuplicateError(DelegateError):
    """What was being added is already here as `existing` (an id, or an agreement's number).

    `said` is the first half of the message ("Lakeport Police Board is already here
    (lakeport-police-board)"), safe for the public to read; adding with `again=True` adds it anyway.
    """

    def __init__(self, said: str, existing: str) -> None:
        super().__init__(f"{said}; add --again to add another")
        self.said = said
        self.existing = existing

    @property
    def question(self) -> str:
        """What the app asks before adding another."""
        return f"{self.said[:1].upper()}{self.said[1:]}. Add another?"


def match_key(text: str) -> str:
    """`text` as duplicates are compared: no case, no accents, no spaces ('Zoë  Ng' and 'zoeng' alike)."""
    return "".join(fold(text).split())


def same_text(first: str, second: str) -> bool:
    """Whether two names or texts are the same to a reader (case, accents and spacing aside)."""
    return match_key(first) == match_key(second)


def first_named(items: Iterable[Named], text: str, name_of: Callable[[Named], str]) -> Named | None:
    """The first of `items` whose name (by `name_of`) is `text` to a reader, or None."""
    wanted = match_key(text)
    return next((item for item in items if match_key(name_of(item)) == wanted), None)
