"""Redaction of confidential people, in one place: the engine behind every audience's view.

A confidential person's name never leaves the machine unless the user asks for an internal copy.
An `Audience` (public by default) and its `Lens` are what every output is built through: services
make lenses from the store (`services.audience.lens_for`); render and ics take one.
Names are replaced by the person's public label (their role, else "Community member"), wherever
they appear: in fields that reference the person and in free text typed by a note-taker. Services
reach this module through `delegate.services.audience`; the CLI and the app never import it.

Matching is what a reader would recognise, not what was typed: the full name and every name word of
three letters or more, in any case, with or without accents ("Jiménez", "JIMENEZ"), and before a
possessive ("Jimenez's"). Names of people who are not confidential are matched first and left as they
are, so a public "Ana Ferreira" stays whole when a confidential "Ana Zorbelle" shares her first name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from delegate.controls import visible
from delegate.model import Person
from delegate.model.person import COMMUNITY_MEMBER

INTERNAL_BANNER = "INTERNAL COPY — contains confidential names. Do not circulate."

_NAME_SPLIT = re.compile(r"[\s\-‐‑‒–—]+")
_LETTERS = re.compile(r"\w", re.UNICODE)


def fold(text: str) -> str:
    """Text as a reader compares names: accents dropped, case folded ('Zoë' and 'ZOE' fold alike)."""
    return "".join(_fold_char(char) for char in text)


_APOSTROPHES = {"\u2019": "'", "\u02bc": "'", "\u2018": "'"}


def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    if char in _APOSTROPHES:
        return _APOSTROPHES[char]
    parts = unicodedata.normalize("NFKD", char)
    return "".join(part for part in parts if not unicodedata.combining(part)).casefold()


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origins.extend([index] * len(folded))
    return "".join(pieces), origins


def name_variants(name: str) -> list[str]:
    """What a reader would recognise of a name, folded: the whole name and, for a name of several
    words, each word (or part of a hyphenated word) of three letters or more."""
    full = " ".join(fold(name).split())
    if not full:
        return []
    words = [word for word in _NAME_SPLIT.split(full) if len(_LETTERS.findall(word)) >= 3]
    several = len(_NAME_SPLIT.split(full)) > 1
    return list(dict.fromkeys([full, *words])) if several else [full]


@dataclass(frozen=True)
class Mention:
    """A confidential person named in a text, and how anything shared will show them."""

    person: Person
    label: str


@dataclass(frozen=True)
class Redactor:
    """Knows the people; turns ids and free text into what may be shown to outsiders."""

    people: tuple[Person, ...]
    internal: bool = False

    @classmethod
    def of(cls, people: Iterable[Person], internal: bool = False) -> Redactor:
        return cls(tuple(people), internal)

    @cached_property
    def _by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def _targets(self) -> dict[str, Person | None]:
        """Every folded variant → the confidential person it names (None: a public name kept whole).

        A word two confidential people share maps to the first; their labels differ at most in the role.
        """
        targets: dict[str, Person | None] = {}
        for person in self.people:
            if person.confidential:
                for variant in name_variants(person.name):
                    targets.setdefault(variant, person)
        for person in self.people:
            if not person.confidential:
                full = " ".join(fold(person.name).split())
                # a public full name longer than a confidential variant is kept whole; an identical
                # one is still redacted (two people of one name: the confidential one wins)
                if full and full not in targets:
                    targets[full] = None
        return targets

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not any(target is not None for target in self._targets.values()):
            return None
        names = sorted(self._targets, key=len, reverse=True)
        alternatives = "|".join(_loose(name) for name in names)
        # bounded by letters only: "Jimenez2" and "jo_jimenez" still name someone
        return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")

    def name(self, person_id_or_name: str) -> str:
        """How to show a person referenced by id (or by a typed name)."""
        person = self._by_id.get(person_id_or_name)
        if person is not None:
            return person.name if self.internal else person.public_name
        return self.text(person_id_or_name)

    def speaker(self, person_id_or_name: str) -> str:
        """How to name a speaker where a name is needed (the letter to the clerk): a confidential
        person's chosen public name, else their label."""
        person = self._by_id.get(person_id_or_name)
        if person is not None and not self.internal:
            return person.speaker_name
        return self.name(person_id_or_name)

    def text(self, text: str) -> str:
        """Free text with every confidential name, and every part of one, replaced by its label."""
        if self.internal or not text or self._pattern is None:
            return text
        folded, origins = _folded_with_origins(text)
        pieces: list[str] = []
        last = 0
        for match in self._pattern.finditer(folded):
            person = self._targets.get(" ".join(match.group(0).split()))
            if person is None:
                continue  # a public name kept whole
            start = origins[match.start()]
            end = _end_of(text, origins[match.end() - 1] + 1)
            pieces.append(text[last:start])
            pieces.append(person.public_name)
            last = end
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def mentions(self, text: str) -> list[Mention]:
        """The confidential people a text names, once each (to warn the person typing it)."""
        if not text or self._pattern is None:
            return []
        found: dict[str, Mention] = {}
        for match in self._pattern.finditer(_folded_with_origins(text)[0]):
            person = self._targets.get(" ".join(match.group(0).split()))
            if person is not None and person.id not in found:
                found[person.id] = Mention(person, person.public_name)
        return list(found.values())

    def names_someone(self, text: str) -> bool:
        """Whether a text names a confidential person (an id or file name must not)."""
        return bool(self.mentions(text))

    def confidential_names(self) -> list[str]:
        return [person.name for person in self.people if person.confidential]


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


def _loose(folded_name: str) -> str:
    """A folded name as a pattern that allows any run of spaces between its words."""
    return r"\s+".join(re.escape(word) for word in folded_name.split(" "))


def _end_of(text: str, end: int) -> int:
    """Past any combining marks that belong to the last matched letter ('e' + U+0301)."""
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


__all__ = [
    "COMMUNITY_MEMBER",
    "INTERNAL_BANNER",
    "Audience",
    "Lens",
    "Mention",
    "Redactor",
    "fold",
    "name_variants",
]
