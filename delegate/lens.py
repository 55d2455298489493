"""Who an output is for, and the one way a view gets text from a record: through a Lens.

Public is the default everywhere; internal is only ever asked for (`--internal`, or `N` on a screen)
and says so. A Lens holds the redaction engine (`delegate.privacy`) for one audience; services make
lenses from the store (`services.audience.lens_for`), render and ics take one, and the CLI and the app
only meet them through the services (import-linter keeps it so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from delegate.controls import visible
from delegate.model import Person
from delegate.privacy import Redactor

INTERNAL_BANNER = "INTERNAL COPY — contains confidential names. Do not circulate."


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
    # What each text and person reference came out as: a list shows the same owner, status note or
    # body name on many rows, and a lens's answer for a value never changes (a lens is made anew
    # when the people change). Bounded by the texts this lens is asked about.
    _shown: dict[tuple[bool, str], str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def public(cls, people: Iterable[Person]) -> Lens:
        """The public's lens over `people` (the default of every output)."""
        return cls(Audience.PUBLIC, Redactor.of(people))

    @property
    def internal(self) -> bool:
        return self.audience is Audience.INTERNAL

    @property
    def banner(self) -> str:
        """The line an internal output opens with; empty for a public one."""
        return INTERNAL_BANNER if self.internal else ""

    def text(self, value: str) -> str:
        """Free text as this audience may read it (names replaced, control characters visible)."""
        if not value:
            return value
        key = (False, value)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = visible(self._redactor.text(value))
        return shown

    def person(self, reference: str) -> str:
        """A person referenced by id (or a typed name), as this audience may know them."""
        if not reference:
            return reference
        key = (True, reference)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = visible(self._redactor.name(reference))
        return shown

    def people(self, references: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.person(reference) for reference in references)

    def speaker(self, reference: str) -> str:
        """A speaker where a document must name one: a confidential person's chosen public name."""
        return visible(self._redactor.speaker(reference)) if reference else reference

    def editable(self, value: str) -> Editable:
        """`value` as this audience may see it, to edit in place (see Editable)."""
        pieces = [
            piece
            for shown, written in self._redactor.segments(value)
            for piece in (_visible_pieces(shown) if shown == written else [(visible(shown), written)])
        ]
        return Editable(tuple(pieces))

    def mentioned(self, text: str) -> list[str]:
        """The public labels of the confidential people `text` names, once each (to warn the typist)."""
        return [mention.label for mention in self._redactor.mentions(text)]

    def names_someone(self, text: str) -> bool:
        """Whether `text` names a confidential person (whoever this lens is for)."""
        return self._redactor.names_someone(text)

    def public_label(self, person: Person) -> str:
        """How anything shared shows `person`, whoever this lens is for ("shown to others as …")."""
        return visible(self._redactor.label(person))

    def label_of(self, person: Person) -> str:
        """A person record's name as this audience may see it."""
        return visible(person.name if self.internal else self._redactor.label(person))


@dataclass(frozen=True)
class Editable:
    """A text shown to an audience that can be edited where it is shown without losing what it hides.

    The text is kept as pieces (shown, as written): a confidential name shows its label, a control
    character its picture, everything else itself. An edit changes what is shown; the pieces it did
    not touch keep what was written under them, so a note-taker can go on typing into a discussion
    shown by role and the names in it are still there, as typed, in the file. A label the edit cuts
    into becomes the text it now shows.
    """

    pieces: tuple[tuple[str, str], ...] = ()

    @property
    def shown(self) -> str:
        return "".join(shown for shown, _ in self.pieces)

    @property
    def written(self) -> str:
        return "".join(written for _, written in self.pieces)

    def edited(self, new_shown: str) -> Editable:
        """This text after what is shown became `new_shown` (one changed stretch: a keystroke, a paste,
        a cut; a larger change is taken as one stretch from its first to its last difference). Where
        the place of the change is known (a widget's edit), `replaced` says it exactly: a "P" typed
        before "Peer representative" cannot be told, by comparing, from one typed after its "P"."""
        old = self.shown
        if new_shown == old:
            return self
        prefix = _common_prefix(old, new_shown)
        suffix = _common_prefix(old[prefix:][::-1], new_shown[prefix:][::-1])
        return self.replaced(prefix, len(old) - suffix, new_shown[prefix : len(new_shown) - suffix])

    def replaced(self, cut_from: int, cut_to: int, text: str) -> Editable:
        """This text after what it shows from `cut_from` to `cut_to` became `text`, at that place."""
        before: list[tuple[str, str]] = []
        after: list[tuple[str, str]] = []
        position = 0
        for shown, written in self.pieces:
            start, end = position, position + len(shown)
            position = end
            if end <= cut_from:
                before.append((shown, written))
            elif start >= cut_to:
                after.append((shown, written))
            else:  # cut into: what stays of it is the text it showed
                if start < cut_from:
                    before.append((shown[: cut_from - start], shown[: cut_from - start]))
                if end > cut_to:
                    after.append((shown[cut_to - start :], shown[cut_to - start :]))
        typed = [(text, text)] if text else []
        return Editable(tuple(before + typed + after))


def _visible_pieces(text: str) -> list[tuple[str, str]]:
    """Text as pieces where each control character shows its picture and keeps itself underneath."""
    if visible(text) == text:
        return [(text, text)]
    pieces: list[tuple[str, str]] = []
    plain = ""
    for char in text:
        picture = visible(char)
        if picture == char:
            plain += char
            continue
        if plain:
            pieces.append((plain, plain))
            plain = ""
        pieces.append((picture, char))
    if plain:
        pieces.append((plain, plain))
    return pieces


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count
