"""Redaction of confidential people, in one place: the engine behind every audience's view.

A confidential person's name never leaves the machine unless the user asks for an internal copy.
Outputs are built through a `delegate.lens.Lens` for an audience, which holds a Redactor.
Names are replaced by the person's public label (their role, else "Community member"), wherever
they appear: in fields that reference the person and in free text typed by a note-taker. Services
reach this module through `delegate.services.audience`; the CLI and the app never import it.

Matching is what a reader would recognise, not what was typed: the full name and every name word of
three letters or more, in any case, with or without accents ("Jiménez", "JIMENEZ"), and before a
possessive ("Jimenez's"). A name word of two letters ("Bo" of "Bo Zhang") is matched alone too, as
it is written in the name or in capitals: in any case it would be every "an" and "to". Names of
people who are not confidential are matched first and left as they are, so a public "Ana Ferreira"
stays whole when a confidential "Ana Zorbelle" shares her first name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from delegate.model import Person
from delegate.model.person import COMMUNITY_MEMBER

# A name word of this many letters or more is still recognised with one letter off.
NEAR_MISS_FROM = 5

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
    if unicodedata.category(char) == "Cf":
        return ""  # a soft hyphen or a zero-width space (pasted from Word or a PDF) hides nothing
    parts = unicodedata.normalize("NFKD", char)
    return (
        "".join(part for part in parts if not unicodedata.combining(part))
        .casefold()
        .translate(_PLAIN_LETTERS)
    )


# Letters Unicode does not decompose, as people write them without the key: "Ærøskøbing" is typed
# "Aeroskobing", "Łukasz" "Lukasz".
_PLAIN_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t"}
)


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


def short_words(name: str) -> list[str]:
    """The words of two letters of a name of several words, as written and in capitals ("Bo", "BO")."""
    words = _NAME_SPLIT.split(" ".join(name.split()))
    if len(words) < 2:
        return []  # a name of one word is matched whole, in any case
    short = [word for word in words if len(_LETTERS.findall(word)) == 2]
    return list(dict.fromkeys(form for word in short for form in (word, word.upper())))


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


# Who a name word shared by two confidential people stands for: no one in particular.
SHARED = Person("", "(a word of two confidential names)", confidential=True)


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

        A word two confidential people of different labels share names neither of them: it is shown
        as "Community member", so that a text about one is never told as about the other.
        """
        targets: dict[str, Person | None] = {}
        for person in self.people:
            if person.confidential:
                for variant in name_variants(person.name):
                    earlier = targets.setdefault(variant, person)
                    if earlier is not None and earlier.public_name != person.public_name:
                        targets[variant] = SHARED
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
    def _short_targets(self) -> dict[str, Person]:
        """Each two-letter name word, as written and in capitals → the confidential person it names
        (SHARED when two of different labels share it)."""
        targets: dict[str, Person] = {}
        for person in self.people:
            if person.confidential:
                for word in short_words(person.name):
                    earlier = targets.setdefault(word, person)
                    if earlier.public_name != person.public_name:
                        targets[word] = SHARED
        return targets

    @cached_property
    def _short_pattern(self) -> re.Pattern[str] | None:
        if not self._short_targets:
            return None
        words = "|".join(re.escape(word) for word in sorted(self._short_targets))
        return re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])")

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

    @cached_property
    def _label_words(self) -> frozenset[str]:
        """The words of what the public is shown instead of names ("community", "member", a role's).

        They are never near misses: "member" one letter off a confidential "Membe" is the label, and a
        label taken for a name made every id built from it look like it still named someone."""
        labels = [COMMUNITY_MEMBER, *(person.public_name for person in self.people if person.confidential)]
        return frozenset(word for label in labels for word in fold(label).split())

    def _named_by(self, matched: str) -> Person | None:
        """The confidential person a match names (None: a public name kept whole, or another word)."""
        key = " ".join(matched.split())
        if key in self._targets:
            return self._targets[key]
        if key in self._label_words:
            return None
        for word in {*self._ends.get(key[:2], ()), *self._ends.get(key[-2:], ())}:
            if _one_edit_apart(word, key):
                return self._near[word]
        return None

    def label(self, person: Person) -> str:
        """What the public may call `person`: a confidential person's role (or "Community member"),
        unless the role itself names a confidential person (a file edited by hand); else the name."""
        label = person.public_name
        return COMMUNITY_MEMBER if person.confidential and self._named_in(label) else label

    def _spans(self, text: str) -> list[tuple[int, int, Person]]:
        """Where `text` names a confidential person, in order: (start, end) in `text`, and who."""
        if self._pattern is None:
            return []
        folded, origins = _folded_with_origins(text)
        names: list[tuple[int, int]] = []  # every name matched, public ones kept whole too
        spans: list[tuple[int, int, Person]] = []
        for match in self._pattern.finditer(folded):
            start, end = origins[match.start()], _end_of(text, origins[match.end() - 1] + 1)
            names.append((start, end))
            person = self._named_by(match.group(0))
            if person is not None:
                spans.append((start, end, person))
        if self._short_pattern is not None:
            for match in self._short_pattern.finditer(text):
                start, end = match.start(), _end_of(text, match.end())
                # a short word inside a longer name (a public "Bo Smith") is that name's
                if not any(begun < end and start < ended for begun, ended in names):
                    spans.append((start, end, self._short_targets[match.group(0)]))
            spans.sort(key=lambda span: span[0])
        return spans

    def _named_in(self, text: str) -> bool:
        """Whether `text` names a confidential person (without labels: `label` asks this)."""
        return bool(text) and bool(self._spans(text))

    def name(self, person_id_or_name: str) -> str:
        """How to show a person referenced by id (or by a typed name)."""
        person = self._by_id.get(person_id_or_name)
        if person is not None:
            return person.name if self.internal else self.label(person)
        return self.text(person_id_or_name)

    def speaker(self, person_id_or_name: str) -> str:
        """How to name a speaker where a name is needed (the letter to the clerk): a confidential
        person's chosen public name (unless it names someone), else their label."""
        person = self._by_id.get(person_id_or_name)
        if person is not None and not self.internal and person.confidential:
            alias = person.speaker_name
            return alias if not self._named_in(alias) else self.label(person)
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
        pieces: list[tuple[str, str]] = []
        last = 0
        for start, end, person in self._spans(text):
            if start > last:
                pieces.append((text[last:start], text[last:start]))
            pieces.append((self.label(person), text[start:end]))
            last = end
        if last < len(text):
            pieces.append((text[last:], text[last:]))
        return pieces

    def mentions(self, text: str) -> list[Mention]:
        """The confidential people a text names, once each (to warn the person typing it)."""
        if not text or self._pattern is None:
            return []
        found: dict[str, Mention] = {}
        for _start, _end, person in self._spans(text):
            if person.id not in found:
                found[person.id] = Mention(person, self.label(person))
        return list(found.values())

    def names_someone(self, text: str) -> bool:
        """Whether a text names a confidential person (an id or file name must not)."""
        return self._named_in(text)


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


__all__ = ["COMMUNITY_MEMBER", "Mention", "Redactor", "fold", "name_variants", "short_words"]
