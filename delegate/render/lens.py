"""What a template context needs of an audience: the shape of `services.audience.Lens`, without the import.

Template contexts are built here in `render/`, below the services layer that makes lenses; a context
builder takes any object of this shape, so every name and typed text it puts in a document has passed
through the audience's lens, and `render/` still imports nothing from above it.
"""

from __future__ import annotations

from typing import Protocol


class TextLens(Protocol):
    """An audience's view of text and people (`services.audience.Lens` is one)."""

    @property
    def internal(self) -> bool: ...

    def text(self, value: str) -> str: ...

    def person(self, reference: str) -> str: ...
