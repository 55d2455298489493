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

# A name word of this many letters or more is still recognised with one letter off.
NEAR_MISS_FROM = 5
INTERNAL_BANNER = "INTERNAL COPY — contains confidential names. Do not circulate."

_WORD = r"[^\W\d_]"
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
    def _near(self) -> dict[str, Person]:
        """Single name words long enough that a reader still knows them with one letter off
        ("Jimenezz", "Jimenz"): a typo must not put a name, almost whole, where the public reads it."""
        return {
            variant: person
            for variant, person in self._targets.items()
            if person is not None and " " not in variant and len(variant) >= NEAR_MISS_FROM
        }

    @cached_property
    def _ends(self) -> dict[str, list[str]]:
        """The near-miss words by their first two and by their last two letters: one letter off in a
        word of five or more leaves one of the two ends as it was, so only words sharing an end with
        a name are compared with it."""
        ends: dict[str, list[str]] = {}
        for word in self._near:
            ends.setdefault(word[:2], []).append(word)
            ends.setdefault(word[-2:], []).append(word)
        return ends

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not any(target is not None for target in self._targets.values()):
            return None
        names = sorted(self._targets, key=len, reverse=True)
        alternatives = "|".join(_loose(name) for name in names)
        # bounded by letters only: "Jimenez2" and "jo_jimenez" still name someone; after the names,
        # any other word, to be compared with the near-miss words (see _named_by)
        near = ""
        if self._near:
            # any word as long as a near-miss word give or take one, starting or ending as one does
            shortest = min(len(word) for word in self._near) - 1
            longest = max(len(word) for word in self._near) + 1
            starts = "|".join(sorted({re.escape(word[:2]) for word in self._near}))
            ends = "|".join(sorted({re.escape(word[-2:]) for word in self._near}))
            middle = f"{_WORD}{{{shortest - 2},{longest - 2}}}"
            near = f"|(?:{starts}){middle}|{middle}(?:{ends})"
        return re.compile(rf"(?<![^\W\d_])(?:{alternatives}{near})(?![^\W\d_])")

    def _named_by(self, matched: str) -> Person | None:
        """The confidential person a match names (None: a public name kept whole, or another word)."""
        key = " ".join(matched.split())
        if key in self._targets:
            return self._targets[key]
        for word in {*self._ends.get(key[:2], ()), *self._ends.get(key[-2:], ())}:
            if _one_edit_apart(word, key):
                return self._near[word]
        return None

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
        return "".join(shown for shown, _ in self.segments(text))

    def segments(self, text: str) -> list[tuple[str, str]]:
        """`text` as pieces (shown, as written): a name's piece shows its label, the rest itself."""
        if self.internal or not text or self._pattern is None:
            return [(text, text)] if text else []
        folded, origins = _folded_with_origins(text)
        pieces: list[tuple[str, str]] = []
        last = 0
        for match in self._pattern.finditer(folded):
            person = self._named_by(match.group(0))
            if person is None:
                continue  # a public name kept whole
            start = origins[match.start()]
            end = _end_of(text, origins[match.end() - 1] + 1)
            if start > last:
                pieces.append((text[last:start], text[last:start]))
            pieces.append((person.public_name, text[start:end]))
            last = end
        if last < len(text):
            pieces.append((text[last:], text[last:]))
        return pieces

    def mentions(self, text: str) -> list[Mention]:
        """The confidential people a text names, once each (to warn the person typing it)."""
        if not text or self._pattern is None:
            return []
        found: dict[str, Mention] = {}
        for match in self._pattern.finditer(_folded_with_origins(text)[0]):
            person = self._named_by(match.group(0))
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

    def editable(self, value: str) -> Editable:
        """`value` as this audience may see it, to edit in place (see Editable)."""
        pieces = [
            piece
            for shown, written in self._redactor.segments(value)
            for piece in (_visible_pieces(shown) if shown == written else [(visible(shown), written)])
        ]
        return Editable(tuple(pieces))

    def label_of(self, person: Person) -> str:
        """A person record's name as this audience may see it."""
        return visible(person.name if self.internal else person.public_name)


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
        a cut; a larger change is taken as one stretch from its first to its last difference)."""
        old = self.shown
        if new_shown == old:
            return self
        prefix = _common_prefix(old, new_shown)
        suffix = _common_prefix(old[prefix:][::-1], new_shown[prefix:][::-1])
        cut_from, cut_to = prefix, len(old) - suffix
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
        middle = new_shown[prefix : len(new_shown) - suffix]
        typed = [(middle, middle)] if middle else []
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


def _one_edit_apart(word: str, other: str) -> bool:
    """Whether `other` is `word` with at most one letter changed, added or left out."""
    if abs(len(word) - len(other)) > 1:
        return False
    if len(word) == len(other):
        return sum(a != b for a, b in zip(word, other, strict=True)) <= 1
    short, long = (word, other) if len(word) < len(other) else (other, word)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


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
    "Editable",
    "Lens",
    "Mention",
    "Redactor",
    "fold",
    "name_variants",
]
