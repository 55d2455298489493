"""Redaction of confidential people, in one place: every public output goes through here.

A confidential person's name never leaves the machine unless the user asks for an internal copy.
Names are replaced by the person's public label (their role, else "Community member"), wherever
they appear: in fields that reference the person and in free text typed by a note-taker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from delegate.model import Person


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
    def _pattern(self) -> re.Pattern[str] | None:
        names = sorted(
            {variant for person in self.people if person.confidential for variant in _variants(person.name)},
            key=len,
            reverse=True,
        )
        if not names:
            return None
        alternatives = "|".join(re.escape(name) for name in names)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    @cached_property
    def _label_of(self) -> dict[str, str]:
        labels: dict[str, str] = {}
        for person in self.people:
            if person.confidential:
                for variant in _variants(person.name):
                    labels[variant.casefold()] = person.public_name
        return labels

    def name(self, person_id_or_name: str) -> str:
        """How to show a person referenced by id (or by a typed name)."""
        person = self._by_id.get(person_id_or_name)
        if person is not None:
            return person.name if self.internal else person.public_name
        return self.text(person_id_or_name)

    def text(self, text: str) -> str:
        """Free text with every confidential name (full name, or first or last name alone) replaced."""
        if self.internal or not text or self._pattern is None:
            return text
        return self._pattern.sub(lambda match: self._label_of[match.group(0).casefold()], text)

    def confidential_names(self) -> list[str]:
        return [person.name for person in self.people if person.confidential]


def _variants(name: str) -> list[str]:
    """The full name and, for names of several words, each word of three letters or more."""
    full = " ".join(name.split())
    words = [word for word in full.split(" ") if len(word) >= 3]
    return [full, *words] if len(words) > 1 else [full]
