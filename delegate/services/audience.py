"""Who will see an output, and what they may see of people: every view is built through a Lens.

Public is the default everywhere. Internal is only ever asked for (`--internal`, or `N` on a screen)
and says so. The CLI, the screens and the exporters receive views made here and never a raw
confidential name; they do not import `delegate.privacy`.
"""

from __future__ import annotations

from collections.abc import Iterable

from delegate.model import Person
from delegate.privacy import INTERNAL_BANNER, Audience, Editable, Lens, Redactor
from delegate.store import Store

INTERNAL_SCREEN = "Showing confidential names: this screen only."
NAMES_HIDDEN = "Names hidden: confidential people are shown by role."


def lens_for(store: Store, audience: Audience = Audience.PUBLIC) -> Lens:
    """The lens for `audience` over the people of `store`."""
    return Lens(audience, Redactor.of(store.all(Person), internal=audience is Audience.INTERNAL))


def public_lens(people: Iterable[Person]) -> Lens:
    """A public lens over people already read (for services that hold them)."""
    return Lens.public(people)


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


__all__ = [
    "INTERNAL_BANNER",
    "INTERNAL_SCREEN",
    "NAMES_HIDDEN",
    "Audience",
    "Editable",
    "Lens",
    "lens_for",
    "mention_warning",
    "names_a_confidential_person",
    "public_lens",
]
