"""The speech-timer engine, driven by a fake clock: lights, overtime, pause, sections, rehearsals, pace."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from delegate.model import Rehearsal, SectionTime
from delegate.model.errors import LifecycleError, ValidationError
from delegate.timer import Light, Pace, SpeechTimer, TimerState, light_for, pace

AT = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
TITLES = ("Greeting", "The issue", "The story", "The ask", "Thanks")


class FakeClock:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def started(clock: FakeClock, limit: float = 300.0, sections: tuple[str, ...] = ()) -> SpeechTimer:
    timer = SpeechTimer(limit, sections, clock)
    timer.start()
    return timer


# ---- lights --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "light"),
    [
        (0.0, Light.NONE),
        (239.999, Light.NONE),
        (240.0, Light.GREEN),
        (269.999, Light.GREEN),
        (270.0, Light.AMBER),
        (299.999, Light.AMBER),
        (300.0, Light.RED),
        (420.0, Light.RED),
    ],
)
def test_lights_for_a_five_minute_limit_switch_on_the_exact_second(elapsed: float, light: Light) -> None:
    assert light_for(elapsed, 300.0) is light


@pytest.mark.parametrize(
    ("elapsed", "light"),
    [
        (59.999, Light.NONE),
        (60.0, Light.GREEN),
        (89.999, Light.GREEN),
        (90.0, Light.AMBER),
        (119.999, Light.AMBER),
        (120.0, Light.RED),
    ],
)
def test_lights_for_a_two_minute_limit(elapsed: float, light: Light) -> None:
    assert light_for(elapsed, 120.0) is light


@pytest.mark.parametrize(
    ("elapsed", "light"),
    [
        # Less than a minute is left from the first second, so green shows from the start
        # (there is no "before green" phase, and no negative threshold to trip over).
        (0.0, Light.GREEN),
        (14.999, Light.GREEN),
        (15.0, Light.AMBER),
        (44.999, Light.AMBER),
        (45.0, Light.RED),
        (60.0, Light.RED),
    ],
)
def test_lights_for_a_limit_shorter_than_a_minute(elapsed: float, light: Light) -> None:
    assert light_for(elapsed, 45.0) is light


def test_lights_for_a_limit_shorter_than_thirty_seconds_start_amber() -> None:
    assert light_for(0.0, 20.0) is Light.AMBER
    assert light_for(19.999, 20.0) is Light.AMBER
    assert light_for(20.0, 20.0) is Light.RED


def test_the_timer_light_follows_the_clock(clock: FakeClock) -> None:
    timer = started(clock)
    seen = []
    for seconds in (239.999, 0.001, 29.999, 0.001, 29.999, 0.001):
        clock.advance(seconds)
        seen.append(timer.light)
    assert seen == [Light.NONE, Light.GREEN, Light.GREEN, Light.AMBER, Light.AMBER, Light.RED]


def test_every_light_has_a_word_and_a_symbol_not_just_a_colour() -> None:
    labels = [light.label for light in Light]
    assert len(set(labels)) == len(labels)
    for label in labels:
        symbol, _, words = label.partition(" ")
        assert len(symbol) == 1
        assert not symbol.isalnum()
        assert words.strip()
    assert "GREEN" in Light.GREEN.label
    assert "AMBER" in Light.AMBER.label
    assert "RED" in Light.RED.label


# ---- running, overtime, pause ---------------------------------------------------------------------------


def test_a_new_timer_is_ready_and_reads_zero(clock: FakeClock) -> None:
    timer = SpeechTimer(300.0, clock=clock)
    clock.advance(50)
    assert timer.state is TimerState.READY
    assert timer.elapsed == 0
    assert timer.remaining == 300
    assert timer.overtime == 0
    assert timer.progress == 0
    assert timer.light is Light.NONE


@pytest.mark.parametrize("limit", [0.0, -5.0])
def test_a_limit_must_be_longer_than_zero(limit: float) -> None:
    with pytest.raises(ValidationError):
        SpeechTimer(limit)


def test_time_counts_down_then_overtime_counts_up(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(100)
    assert timer.elapsed == pytest.approx(100)
    assert timer.remaining == pytest.approx(200)
    assert timer.overtime == 0
    assert timer.progress == pytest.approx(1 / 3)
    clock.advance(200)
    assert timer.remaining == pytest.approx(0)
    assert timer.overtime == 0
    assert timer.light is Light.RED
    clock.advance(12.5)
    assert timer.elapsed == pytest.approx(312.5)
    assert timer.remaining == pytest.approx(-12.5)
    assert timer.overtime == pytest.approx(12.5)
    assert timer.progress == 1.0
    clock.advance(30)
    assert timer.overtime == pytest.approx(42.5)
    assert timer.state is TimerState.RUNNING


def test_paused_time_does_not_count(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(40)
    timer.pause()
    assert timer.state is TimerState.PAUSED
    clock.advance(1000)
    assert timer.elapsed == pytest.approx(40)
    assert timer.light is Light.NONE
    timer.start()
    assert timer.state is TimerState.RUNNING
    assert timer.elapsed == pytest.approx(40)
    clock.advance(5)
    assert timer.elapsed == pytest.approx(45)


def test_pausing_twice_and_starting_twice_change_nothing(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(10)
    timer.start()  # already running: the stretch is not restarted
    clock.advance(10)
    assert timer.elapsed == pytest.approx(20)
    timer.pause()
    clock.advance(10)
    timer.pause()
    assert timer.state is TimerState.PAUSED
    assert timer.elapsed == pytest.approx(20)


def test_toggle_starts_pauses_and_resumes(clock: FakeClock) -> None:
    timer = SpeechTimer(300.0, clock=clock)
    timer.toggle()
    assert timer.state is TimerState.RUNNING
    clock.advance(30)
    timer.toggle()
    assert timer.state is TimerState.PAUSED
    clock.advance(600)
    timer.toggle()
    assert timer.state is TimerState.RUNNING
    clock.advance(15)
    assert timer.elapsed == pytest.approx(45)


def test_many_pauses_add_up_only_the_running_stretches(clock: FakeClock) -> None:
    timer = SpeechTimer(300.0, clock=clock)
    for _ in range(10):
        timer.toggle()  # run
        clock.advance(7.5)
        timer.toggle()  # pause
        clock.advance(100)
    assert timer.elapsed == pytest.approx(75)


def test_finish_freezes_the_reading(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(123)
    timer.finish()
    assert timer.state is TimerState.FINISHED
    clock.advance(500)
    assert timer.elapsed == pytest.approx(123)
    with pytest.raises(LifecycleError):
        timer.toggle()


def test_finish_while_paused(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(20)
    timer.pause()
    clock.advance(20)
    timer.finish()
    assert timer.state is TimerState.FINISHED
    assert timer.elapsed == pytest.approx(20)


def test_start_after_finish_raises(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(10)
    timer.finish()
    with pytest.raises(LifecycleError, match="reset"):
        timer.start()
    assert timer.state is TimerState.FINISHED
    assert timer.elapsed == pytest.approx(10)


def test_reset_returns_to_ready_and_can_run_again(clock: FakeClock) -> None:
    timer = started(clock, sections=TITLES)
    clock.advance(30)
    timer.next_section()
    clock.advance(30)
    timer.finish()
    timer.reset()
    assert timer.state is TimerState.READY
    assert timer.elapsed == 0
    assert timer.section_index == 0
    clock.advance(99)
    assert timer.elapsed == 0
    timer.start()
    clock.advance(3)
    assert timer.elapsed == pytest.approx(3)
    assert [t.title for t in timer.section_times()] == ["Greeting"]


def test_reset_while_running(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(30)
    timer.reset()
    clock.advance(30)
    assert timer.state is TimerState.READY
    assert timer.elapsed == 0


def test_finish_and_next_section_before_start_raise(clock: FakeClock) -> None:
    timer = SpeechTimer(300.0, TITLES, clock)
    with pytest.raises(LifecycleError, match="start"):
        timer.next_section()
    with pytest.raises(LifecycleError, match="start"):
        timer.finish()
    assert timer.state is TimerState.READY


# ---- sections --------------------------------------------------------------------------------------------


def test_section_splits_sum_to_the_total_and_go_to_the_right_titles(clock: FakeClock) -> None:
    timer = started(clock, sections=TITLES)
    splits = (48.0, 71.0, 112.0, 70.0, 40.0)
    for index, split in enumerate(splits):
        assert timer.section_index == index
        clock.advance(split)
        timer.next_section()
    assert timer.state is TimerState.FINISHED
    times = timer.section_times()
    assert [t.title for t in times] == list(TITLES)
    assert [t.seconds for t in times] == pytest.approx(splits)
    assert sum(t.seconds for t in times) == pytest.approx(timer.elapsed)
    assert timer.elapsed == pytest.approx(341)


def test_the_current_section_counts_up_to_now(clock: FakeClock) -> None:
    timer = started(clock, sections=TITLES)
    clock.advance(20)
    timer.next_section()
    clock.advance(5)
    assert timer.section_index == 1
    assert timer.section_times() == [SectionTime("Greeting", 20.0), SectionTime("The issue", 5.0)]
    clock.advance(5)
    assert timer.section_times()[-1].seconds == pytest.approx(10)


def test_paused_time_is_not_charged_to_a_section(clock: FakeClock) -> None:
    timer = started(clock, sections=("One", "Two"))
    clock.advance(10)
    timer.pause()
    clock.advance(100)
    timer.next_section()  # a mark can be made while paused
    timer.start()
    clock.advance(7)
    assert [t.seconds for t in timer.section_times()] == pytest.approx([10, 7])


def test_next_section_past_the_last_finishes(clock: FakeClock) -> None:
    timer = started(clock, sections=("One", "Two", "Three"))
    for _ in range(2):
        clock.advance(10)
        timer.next_section()
    assert timer.state is TimerState.RUNNING
    assert timer.section_index == 2
    clock.advance(10)
    timer.next_section()
    assert timer.state is TimerState.FINISHED
    assert timer.section_index == 2
    clock.advance(10)
    timer.next_section()  # already finished: nothing changes
    assert timer.state is TimerState.FINISHED
    assert timer.elapsed == pytest.approx(30)
    assert len(timer.section_times()) == 3


def test_a_timer_without_sections_is_one_speech(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(42)
    assert timer.section_index == 0
    assert timer.section_times() == [SectionTime("Speech", 42.0)]
    timer.next_section()
    assert timer.state is TimerState.FINISHED


def test_a_single_section_finishes_on_next(clock: FakeClock) -> None:
    timer = started(clock, sections=("Only",))
    clock.advance(5)
    timer.next_section()
    assert timer.state is TimerState.FINISHED
    assert timer.section_times() == [SectionTime("Only", 5.0)]


# ---- rehearsals -------------------------------------------------------------------------------------------


def test_a_complete_run_becomes_a_complete_rehearsal(clock: FakeClock) -> None:
    timer = started(clock, sections=TITLES)
    for split in (44.0, 66.0, 101.0, 63.0, 32.5):
        clock.advance(split)
        timer.next_section()
    take = timer.rehearsal("take-1", "safety-first-speech", AT, words=553)
    assert isinstance(take, Rehearsal)
    assert take.id == "take-1"
    assert take.script == "safety-first-speech"
    assert take.at == AT
    assert take.total == pytest.approx(306.5)
    assert take.limit == 300.0
    assert take.over_by == pytest.approx(6.5)
    assert [s.title for s in take.sections] == list(TITLES)
    assert [s.seconds for s in take.sections] == pytest.approx([44, 66, 101, 63, 32.5])
    assert take.complete is True
    assert take.words == 553


def test_finishing_in_the_last_section_is_complete(clock: FakeClock) -> None:
    timer = started(clock, sections=("One", "Two"))
    clock.advance(10)
    timer.next_section()
    clock.advance(10)
    timer.finish()
    assert timer.rehearsal("r", "s", AT).complete is True


def test_a_run_saved_mid_way_is_incomplete(clock: FakeClock) -> None:
    timer = started(clock, sections=TITLES)
    clock.advance(30)
    timer.next_section()
    clock.advance(12)
    running = timer.rehearsal("r1", "s", AT)
    assert running.complete is False
    assert running.total == pytest.approx(42)
    assert [s.title for s in running.sections] == ["Greeting", "The issue"]
    assert timer.state is TimerState.RUNNING  # saving does not stop the run

    timer.finish()  # stopped in the second of five sections
    stopped = timer.rehearsal("r2", "s", AT)
    assert stopped.complete is False
    assert len(stopped.sections) == 2


def test_a_paused_run_in_the_last_section_is_not_complete_until_finished(clock: FakeClock) -> None:
    timer = started(clock, sections=("One", "Two"))
    clock.advance(10)
    timer.next_section()
    clock.advance(10)
    timer.pause()
    assert timer.rehearsal("r", "s", AT).complete is False
    timer.finish()
    assert timer.rehearsal("r", "s", AT).complete is True


def test_a_run_without_sections_is_complete_when_finished(clock: FakeClock) -> None:
    timer = started(clock)
    clock.advance(299.996)
    timer.finish()
    take = timer.rehearsal("r", "s", AT)
    assert take.complete is True
    assert take.total == 300.0  # rounded to hundredths
    assert take.sections == (SectionTime("Speech", 300.0),)


def test_nothing_to_save_before_start(clock: FakeClock) -> None:
    with pytest.raises(LifecycleError):
        SpeechTimer(300.0, TITLES, clock).rehearsal("r", "s", AT)


# ---- the clock, not ticks ----------------------------------------------------------------------------------


def test_a_five_minute_run_whose_event_loop_is_blocked_for_250ms_every_5s_still_reads_within_5ms() -> None:
    """The UI polls only every 5 s and is 250 ms late each time: the readings still match the clock."""
    clock = FakeClock(start=50_000.0)
    timer = SpeechTimer(300.0, TITLES, clock)
    timer.start()
    started_at = clock.now
    readings = 0
    while clock.now - started_at < 300.0:
        clock.advance(min(5.25, 300.0 - (clock.now - started_at)))
        readings += 1
        true_elapsed = clock.now - started_at
        assert abs(timer.elapsed - true_elapsed) < 0.005
        assert abs(timer.remaining - (300.0 - true_elapsed)) < 0.005
    assert readings == 58  # 57 late polls of 5.25 s, then the last stretch: nowhere near 3000 ticks
    timer.finish()
    assert timer.elapsed == pytest.approx(300.0, abs=0.005)
    assert timer.light is Light.RED


def test_the_default_clock_is_the_real_monotonic_clock() -> None:
    timer = SpeechTimer(300.0)
    assert timer.clock is time.monotonic
    timer.start()
    time.sleep(0.2)
    timer.pause()
    assert timer.elapsed == pytest.approx(0.2, abs=0.15)
    assert timer.elapsed >= 0.19
    frozen = timer.elapsed
    time.sleep(0.05)
    assert timer.elapsed == frozen


# ---- pace --------------------------------------------------------------------------------------------------

# 100 + 200 + 100 words in 200 s: half a second a word; section 1 is due from 50 s to 150 s.
WORDS = [100, 200, 100]


def test_on_pace_inside_the_section_window() -> None:
    for elapsed in (50.0, 100.0, 150.0):
        assert pace(WORDS, 1, elapsed, 200.0).ahead_by == 0.0


def test_ahead_when_the_section_is_reached_early() -> None:
    reading = pace(WORDS, 1, 30.0, 200.0)
    assert reading.ahead_by == pytest.approx(20.0)
    assert reading.target_fraction == pytest.approx(0.15)
    assert pace(WORDS, 2, 100.0, 200.0).ahead_by == pytest.approx(50.0)


def test_behind_when_past_the_sections_due_end() -> None:
    reading = pace(WORDS, 1, 170.0, 200.0)
    assert reading.ahead_by == pytest.approx(-20.0)
    assert pace(WORDS, 0, 80.0, 200.0).ahead_by == pytest.approx(-30.0)
    # in overtime, still in the last section: behind by the overtime
    overtime = pace(WORDS, 2, 230.0, 200.0)
    assert overtime.ahead_by == pytest.approx(-30.0)
    assert overtime.target_fraction == 1.0


def test_the_first_section_at_the_start_is_on_pace() -> None:
    assert pace(WORDS, 0, 0.0, 200.0) == Pace(0.0, 0.0)


@pytest.mark.parametrize("words", [[], [0], [0, 0, 0]])
def test_pace_without_words_is_never_ahead_or_behind(words: list[int]) -> None:
    reading = pace(words, 0, 60.0, 300.0)
    assert reading.ahead_by == 0.0
    assert reading.target_fraction == pytest.approx(0.2)
    assert pace(words, 0, 900.0, 300.0).target_fraction == 1.0


def test_pace_with_no_limit_does_not_divide_by_zero() -> None:
    assert pace(WORDS, 0, 10.0, 0.0) == Pace(0.0, 0.0)


def test_pace_of_a_real_run(clock: FakeClock) -> None:
    """The engine's own readings fed to pace(), as the timer screen does."""
    timer = started(clock, limit=200.0, sections=("A", "B", "C"))
    clock.advance(30)  # the first 100 words in 30 s instead of 50 s
    timer.next_section()
    assert pace(WORDS, timer.section_index, timer.elapsed, timer.limit).ahead_by == pytest.approx(20)
    clock.advance(140)  # section B runs until 170 s, 20 s after it was due to end
    assert pace(WORDS, timer.section_index, timer.elapsed, timer.limit).ahead_by == pytest.approx(-20)
