"""How long a script takes to say, section by section, and how much to cut to fit the limit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from delegate.model import (
    DEFAULT_SPEAKING_LIMIT,
    Body,
    Delegation,
    Meeting,
    Rehearsal,
    Script,
    split_sections,
)
from delegate.model.script import DEFAULT_WORDS_PER_MINUTE
from delegate.store import NotFoundError, Store


@dataclass(frozen=True)
class SectionEstimate:
    title: str
    words: int
    seconds: float


@dataclass(frozen=True)
class Estimate:
    sections: tuple[SectionEstimate, ...]
    words: int
    seconds: float
    limit: float
    wpm: float
    pace_source: str  # "default", "given" or "measured from N rehearsals"

    @property
    def words_over(self) -> int:
        """Words to cut to fit the limit (negative: words that may be added)."""
        # limit × wpm first: exact for whole numbers, where limit / 60 × wpm can land just under one
        # (1:05 at 108 words/min is 116.999…, which would ask to cut a word from a script that fits).
        allowed = int(self.limit * self.wpm / 60)
        return self.words - allowed


def estimate_text(text: str, limit: float, wpm: float, pace_source: str = "default") -> Estimate:
    sections = split_sections(text) or ()
    per_second = wpm / 60
    estimates = tuple(
        SectionEstimate(section.title or "(opening)", section.words, section.words / per_second)
        for section in sections
    )
    words = sum(item.words for item in estimates)
    return Estimate(estimates, words, words / per_second, limit, wpm, pace_source)


def measured_wpm(rehearsals: Iterable[Rehearsal]) -> tuple[float, int] | None:
    """The speaker's own pace: words ÷ time over complete rehearsals that know their word count."""
    usable = [
        item for item in rehearsals if item.complete and not item.adhoc and item.words > 0 and item.total > 0
    ]
    if not usable:
        return None
    return sum(item.words for item in usable) / sum(item.total for item in usable) * 60, len(usable)


def choose_pace(store: Store | None, given: float | None) -> tuple[float, str]:
    """--wpm if given, else the pace measured from saved rehearsals, else 130 words a minute."""
    if given is not None:
        return given, "given"
    measured = measured_wpm(store.all(Rehearsal)) if store is not None else None
    if measured is not None:
        wpm, count = measured
        return wpm, f"measured from {count} rehearsal{'s' if count != 1 else ''}"
    return float(DEFAULT_WORDS_PER_MINUTE), "default"


def script_limit(store: Store, script: Script) -> timedelta:
    """A script's target: its own, else its delegation's body's speaking limit, else 5:00."""
    if script.target is not None:
        return script.target
    if script.delegation:
        try:
            delegation = store.get(Delegation, script.delegation)
            meeting = store.get(Meeting, delegation.meeting)
            return store.get(Body, meeting.body).speaking_limit
        except NotFoundError:
            pass
    return DEFAULT_SPEAKING_LIMIT
