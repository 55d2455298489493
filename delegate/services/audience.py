"""Who will see an output, and what they may see of people: every view is built through a Lens.

Public is the default everywhere. Internal is only ever asked for (`--internal`, or `N` on a screen)
and says so. The CLI, the screens and the exporters receive views made here and never a raw
confidential name; they do not import `delegate.privacy`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from delegate.controls import visible
from delegate.model import Person
from delegate.privacy import Redactor
from delegate.store import Store

INTERNAL_BANNER = "INTERNAL COPY — contains confidential names. Do not circulate."
INTERNAL_SCREEN = "Showing confidential names: this screen only."
NAMES_HIDDEN = "Names hidden: confidential people are shown by role."


class Audience(Enum):
    """Public: confidential people by role (the default). Internal: names, for the user's eyes only."""

    PUBLIC = "public"
    INTERNAL = "internal"

    @classmethod
    def of(cls, internal: bool) -> Audience:
        return cls.INTERNAL if internal else cls.PUBLIC


@dataclass(frozen=True)
class Lens:
    """What one audience may see of the records: every text, name and title passes through here."""

    audience: Audience
    _redactor: Redactor

    @property
    def internal(self) -> bool:
        return self.audience is Audience.INTERNAL

    @property
    def banner(self) -> str:
        """The line an internal output opens with; empty for a public one."""
        return INTERNAL_BANNER if self.internal else ""

    def text(self, value: str) -> str:
        """Free text as this audience may read it (names replaced, control characters visible)."""
        return visible(self._redactor.text(value)) if value else value

    def person(self, reference: str) -> str:
        """A person referenced by id (or a typed name), as this audience may know them."""
        return visible(self._redactor.name(reference)) if reference else reference

    def people(self, references: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.person(reference) for reference in references)

    def speaker(self, reference: str) -> str:
        """A speaker where a document must name one: a confidential person's chosen public name."""
        return visible(self._redactor.speaker(reference)) if reference else reference

    def label_of(self, person: Person) -> str:
        """A person record's name as this audience may see it."""
        return visible(person.name if self.internal else person.public_name)


def lens_for(store: Store, audience: Audience = Audience.PUBLIC) -> Lens:
    """The lens for `audience` over the people of `store`."""
    return Lens(audience, Redactor.of(store.all(Person), internal=audience is Audience.INTERNAL))


def public_lens(people: Iterable[Person]) -> Lens:
    """A public lens over people already read (for services that hold them)."""
    return Lens(Audience.PUBLIC, Redactor.of(people))


def mention_warning(store: Store, *texts: str) -> str:
    """A note for the person typing when their text names a confidential person ('' when none).

    It names the label only: the person typing knows whom they meant, and a screen may be shared.
    """
    redactor = Redactor.of(store.all(Person))
    labels = list(dict.fromkeys(m.label for text in texts for m in redactor.mentions(text)))
    if not labels:
        return ""
    shown = " and ".join(f"'{label}'" for label in labels)
    return f"This names a confidential person: shown as {shown} in anything shared."


def names_a_confidential_person(store: Store, text: str) -> bool:
    """Whether `text` names a confidential person (ids and file names must not)."""
    return Redactor.of(store.all(Person)).names_someone(text)
