"""Speech scripts (Markdown with `##` sections) and the rehearsals timed against them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from delegate.model.common import require_aware
from delegate.model.errors import ValidationError

DEFAULT_WORDS_PER_MINUTE = 130
_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # a lone "-" (a list bullet, a dash) or "___" is markup
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_DIRECTION = re.compile(r"\*[^*\s][^*]*\*|_[^_\s][^_]*_")


def count_words(text: str) -> int:
    """Spoken words: Markdown headings, markup and stage directions don't count, words in any script do.

    A line written wholly in italics (`*About 0:30. Greet the chair.*`) is a direction to the
    speaker, as the speech template writes them, not something to say.
    """
    spoken = (
        line
        for line in text.splitlines()
        if not _HEADING.match(line.strip()) and not _DIRECTION.fullmatch(line.strip())
    )
    return sum(1 for line in spoken for word in _WORD.findall(line) if _LETTER_OR_DIGIT.search(word))


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    text: str

    @property
    def words(self) -> int:
        return count_words(self.text)


def split_sections(text: str) -> tuple[Section, ...]:
    """Split a script on `##` headings; spoken text before the first one is an untitled opening.

    An opening with nothing to say (only a `# Title` line, say) is not a section.
    """
    sections: list[Section] = []
    title = ""
    lines: list[str] = []

    def close() -> None:
        body = "\n".join(lines).strip()
        if title or count_words(body):
            sections.append(Section(title, body))

    for line in text.splitlines():
        match = _HEADING.match(line.strip())
        if match and len(match.group(1)) == 2:
            close()
            title, lines = match.group(2).strip(), []
        else:
            lines.append(line)
    close()
    return tuple(sections)


@dataclass(frozen=True, slots=True)
class Script:
    """A speech. `target` overrides the speaking limit of the delegation's body."""

    id: str
    title: str
    text: str = ""
    delegation: str = ""
    target: timedelta | None = None
    template: str = ""

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValidationError("a script needs a title")
        if self.target is not None and self.target <= timedelta(0):
            raise ValidationError("a script's target length must be longer than 0:00")

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def sections(self) -> tuple[Section, ...]:
        return split_sections(self.text)


@dataclass(frozen=True, slots=True)
class SectionTime:
    title: str
    seconds: float


@dataclass(frozen=True, slots=True)
class Rehearsal:
    """One timed run-through of a script."""

    id: str
    script: str
    at: datetime
    total: float
    limit: float
    sections: tuple[SectionTime, ...] = ()
    complete: bool = True
    words: int = 0
    # Timed against a limit given for this run (`timer --limit`), not the script's: kept apart from
    # the script's takes, its stats and the measured pace.
    adhoc: bool = False

    def __post_init__(self) -> None:
        require_aware(self.at, "the rehearsal time")
        if self.total < 0:
            raise ValidationError("a rehearsal cannot last less than nothing")
        if self.limit <= 0:
            raise ValidationError("the rehearsal limit must be longer than 0:00")

    @property
    def over_by(self) -> float:
        """Seconds over the limit (negative: under)."""
        return self.total - self.limit
