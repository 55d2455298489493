"""Handouts: a page for every board member."""

from __future__ import annotations

from dataclasses import dataclass

from delegate.model.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Handout:
    """Markdown text rendered to a print-ready page, or an attached file (a PDF made elsewhere)."""

    id: str
    title: str
    text: str = ""
    attachment: str = ""
    delegations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValidationError("a handout needs a title")
