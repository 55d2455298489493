"""The speech-timer engine: no UI, no ticks counted. Every reading is computed from the clock.

The clock is injected (`time.monotonic` by default), so a test can drive a five-minute speech in
microseconds, and a UI that stalls for a while still reads the right time when it wakes up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from delegate.errors import LifecycleError, ValidationError
from delegate.model import Rehearsal, SectionTime

Clock = Callable[[], float]

GREEN_BEFORE = 60.0
AMBER_BEFORE = 30.0


class TimerState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Light(StrEnum):
    """Timing lights as at a podium; each also has a word and a symbol, never colour alone."""

    NONE = "none"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return {
            Light.NONE: "○ on time",
            Light.GREEN: "● GREEN: one minute left",
            Light.AMBER: "◆ AMBER: thirty seconds",
            Light.RED: "■ RED: time is up",
        }[self]


def light_for(elapsed: float, limit: float) -> Light:
    """Green from limit−1:00, amber from limit−0:30, red at the limit (thresholds inclusive)."""
    if elapsed >= limit:
        return Light.RED
    if elapsed >= limit - AMBER_BEFORE:
        return Light.AMBER
    if elapsed >= limit - GREEN_BEFORE:
        return Light.GREEN
    return Light.NONE


@dataclass
class SpeechTimer:
    """Ready → running ⇄ paused → finished, with section marks; `reset` returns to ready."""

    limit: float
    sections: Sequence[str] = ()
    clock: Clock = time.monotonic
    state: TimerState = TimerState.READY
    _banked: float = 0.0  # time run before the current stretch
    _since: float | None = None  # clock reading when the current stretch started
    _marks: list[float] = field(default_factory=list)  # elapsed time at each section change

    def __post_init__(self) -> None:
        if self.limit <= 0:
            raise ValidationError("the speaking limit must be longer than 0:00")

    # ---- readings (all derived from the clock) ------------------------------------------------------

    @property
    def elapsed(self) -> float:
        if self._since is None:
            return self._banked
        return self._banked + (self.clock() - self._since)

    @property
    def remaining(self) -> float:
        """Seconds left before the limit (negative once over)."""
        return self.limit - self.elapsed

    @property
    def overtime(self) -> float:
        return max(0.0, self.elapsed - self.limit)

    @property
    def light(self) -> Light:
        return light_for(self.elapsed, self.limit)

    @property
    def progress(self) -> float:
        """Share of the limit used, 0..1 (stays 1 in overtime)."""
        return min(1.0, self.elapsed / self.limit)

    @property
    def section_index(self) -> int:
        """The section being spoken now (0 before any mark)."""
        return min(len(self._marks), max(len(self.sections) - 1, 0))

    def section_times(self) -> list[SectionTime]:
        """Time spent on each section so far (the current one counts up to now)."""
        titles = list(self.sections) or ["Speech"]
        bounds = [0.0, *self._marks, self.elapsed]
        times: list[SectionTime] = []
        for index in range(min(len(bounds) - 1, len(titles))):
            times.append(SectionTime(titles[index], bounds[index + 1] - bounds[index]))
        return times

    # ---- actions ------------------------------------------------------------------------------------

    def start(self) -> None:
        if self.state is TimerState.RUNNING:
            return
        if self.state is TimerState.FINISHED:
            raise LifecycleError("this run is finished; reset to start again")
        self._since = self.clock()
        self.state = TimerState.RUNNING

    def pause(self) -> None:
        if self.state is not TimerState.RUNNING:
            return
        self._banked = self.elapsed
        self._since = None
        self.state = TimerState.PAUSED

    def toggle(self) -> None:
        """Space bar: start, pause or resume."""
        if self.state is TimerState.RUNNING:
            self.pause()
        else:
            self.start()

    def next_section(self) -> None:
        """Mark the move to the next section; past the last one, the run finishes."""
        if self.state is TimerState.READY:
            raise LifecycleError("start the timer first")
        if self.state is TimerState.FINISHED:
            return
        if self.section_index >= len(self.sections) - 1:
            self.finish()
            return
        self._marks.append(self.elapsed)

    def finish(self) -> None:
        if self.state is TimerState.READY:
            raise LifecycleError("start the timer first")
        self._banked = self.elapsed
        self._since = None
        self.state = TimerState.FINISHED

    def reset(self) -> None:
        self._banked = 0.0
        self._since = None
        self._marks.clear()
        self.state = TimerState.READY

    def rehearsal(
        self, record_id: str, script: str, at: datetime, words: int = 0, adhoc: bool = False
    ) -> Rehearsal:
        """The run as a Rehearsal record. It is complete when every section was reached."""
        if self.state is TimerState.READY:
            raise LifecycleError("nothing to save: the timer has not run")
        times = self.section_times()
        complete = self.state is TimerState.FINISHED and len(times) >= max(len(self.sections), 1)
        return Rehearsal(
            id=record_id,
            script=script,
            at=at,
            total=round(self.elapsed, 2),
            limit=self.limit,
            sections=tuple(SectionTime(t.title, round(t.seconds, 2)) for t in times),
            complete=complete,
            words=words,
            adhoc=adhoc,
        )


@dataclass(frozen=True)
class Pace:
    """Where the speaker should be to land the last word on the limit, and how far off they are."""

    target_fraction: float  # share of the words that should have been spoken by now
    ahead_by: float  # seconds ahead of that pace (negative: behind)


def pace(section_words: Sequence[int], section_index: int, elapsed: float, limit: float) -> Pace:
    """Compare the section being spoken with the even pace that ends the script at the limit.

    The speaker is taken to be at the start of the current section plus the time they've spent in
    it at the target pace, so the estimate is fair mid-section; it is re-anchored at every mark.
    """
    total = sum(section_words)
    if total <= 0 or limit <= 0:
        return Pace(min(1.0, elapsed / limit) if limit > 0 else 0.0, 0.0)
    seconds_per_word = limit / total
    target_fraction = min(1.0, elapsed / limit)
    done_words = sum(section_words[:section_index])
    # Where the current section should have begun on the even pace.
    section_due = done_words * seconds_per_word
    section_end_due = (done_words + section_words[section_index]) * seconds_per_word
    if elapsed < section_due:
        ahead = section_due - elapsed
    elif elapsed > section_end_due:
        ahead = section_end_due - elapsed
    else:
        ahead = 0.0
    return Pace(target_fraction, ahead)
