"""Who will see an output, and what they may see of people: every view is built through a Lens.

Public is the default everywhere. Internal is only ever asked for (`--internal`, or `N` on a screen)
and says so. The CLI, the screens and the exporters receive views made here and never a raw
confidential name; they do not import `delegate.privacy`.
"""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from delegate.lens import INTERNAL_BANNER, Audience, Editable, Lens
from delegate.model import Person
from delegate.privacy import Redactor
from delegate.store import Store

INTERNAL_SCREEN = "Showing confidential names: this screen only."
NAMES_HIDDEN = "Names hidden: confidential people are shown by role."


# One lens per store, audience and state of the store: a lens compiles its matcher once, and a screen
# or a list asks for one per row. A save, a delete or a re-read (the store's generation) makes anew.
_LENSES: WeakKeyDictionary[Store, tuple[int, dict[Audience, Lens]]] = WeakKeyDictionary()


def lens_for(store: Store, audience: Audience = Audience.PUBLIC) -> Lens:
    """The lens for `audience` over the people of `store`."""
    generation = store.generation
    cached = _LENSES.get(store)
    if cached is None or cached[0] != generation:
        cached = (generation, {})
        _LENSES[store] = cached
    lens = cached[1].get(audience)
    if lens is None:
        people = store.all(Person)
        lens = Lens(audience, Redactor.of(people, internal=audience is Audience.INTERNAL))
        cached[1][audience] = lens
    return lens


def public_text(store: Store, text: str) -> str:
    """`text` as anyone may read it (an error message, a notification), names replaced."""
    return lens_for(store, Audience.PUBLIC).text(text)


def public_lens(people: Iterable[Person]) -> Lens:
    """A public lens over people already read (for services that hold them)."""
    return Lens.public(people)


def mention_warning(store: Store, *texts: str) -> str:
    """A note for the person typing when their text names a confidential person ('' when none).

    It names the label only: the person typing knows whom they meant, and a screen may be shared.
    """
    lens = lens_for(store)
    labels = list(dict.fromkeys(label for text in texts for label in lens.mentioned(text)))
    if not labels:
        return ""
    shown = " and ".join(f"'{label}'" for label in labels)
    return f"This names a confidential person: shown as {shown} in anything shared."


def names_a_confidential_person(store: Store, text: str) -> bool:
    """Whether `text` names a confidential person (ids and file names must not)."""
    return lens_for(store).names_someone(text)


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
    "public_text",
]
