"""Speaking-time estimates: words and seconds per section, words to cut, and whose pace and limit."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from delegate.model import DEFAULT_SPEAKING_LIMIT, Body, Delegation, Meeting, Rehearsal, Script
from delegate.model.script import count_words
from delegate.services.estimate import (
    Estimate,
    SectionEstimate,
    choose_pace,
    estimate_text,
    measured_wpm,
    script_limit,
)
from delegate.store import Store

ZONE = ZoneInfo("America/Vancouver")
AT = datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)


def words(count: int, word: str = "word") -> str:
    """`count` spoken words, wrapped onto lines of ten."""
    items = [f"{word}{index}" for index in range(count)]
    return "\n".join(" ".join(items[start : start + 10]) for start in range(0, count, 10))


def script(*sections: tuple[str, int]) -> str:
    return "\n\n".join(f"## {title}\n{words(count)}" for title, count in sections)


def rehearsal(
    number: int, total: float, spoken: int, *, complete: bool = True, script_id: str = "speech"
) -> Rehearsal:
    return Rehearsal(
        f"take-{number}",
        script_id,
        AT + timedelta(hours=number),
        total,
        300.0,
        complete=complete,
        words=spoken,
    )


def test_the_generator_makes_exactly_the_words_asked_for() -> None:
    assert count_words(words(130)) == 130
    assert count_words(script(("A", 13), ("B", 26))) == 39


# ---- estimate_text -------------------------------------------------------------------------------------


def test_130_words_at_130_words_a_minute_take_a_minute() -> None:
    result = estimate_text(script(("The whole thing", 130)), limit=300.0, wpm=130.0)
    assert result.words == 130
    assert result.seconds == pytest.approx(60.0)
    assert result.sections == (SectionEstimate("The whole thing", 130, pytest.approx(60.0)),)
    assert result.limit == 300.0
    assert result.wpm == 130.0
    assert result.pace_source == "default"


def test_text_without_headings_is_one_untitled_opening() -> None:
    result = estimate_text(words(65), limit=60.0, wpm=130.0)
    assert [(s.title, s.words) for s in result.sections] == [("(opening)", 65)]
    assert result.seconds == pytest.approx(30.0)


def test_five_sections_get_their_own_seconds() -> None:
    counts = {"Greeting": 13, "The issue": 26, "The story": 65, "The ask": 130, "Thanks": 26}
    result = estimate_text(script(*counts.items()), limit=300.0, wpm=130.0, pace_source="given")
    assert [s.title for s in result.sections] == list(counts)
    assert [s.words for s in result.sections] == list(counts.values())
    assert [s.seconds for s in result.sections] == pytest.approx([6.0, 12.0, 30.0, 60.0, 12.0])
    assert result.words == 260
    assert result.seconds == pytest.approx(120.0)
    assert result.seconds == pytest.approx(sum(s.seconds for s in result.sections))
    assert result.pace_source == "given"


def test_an_opening_before_the_first_heading_and_headings_are_not_words() -> None:
    text = f"# Title of the speech\n{words(10)}\n\n## Body\n### A sub-heading\n{words(20)}"
    result = estimate_text(text, limit=300.0, wpm=60.0)
    assert [(s.title, s.words) for s in result.sections] == [("(opening)", 10), ("Body", 20)]
    assert [s.seconds for s in result.sections] == pytest.approx([10.0, 20.0])


def test_a_title_heading_alone_is_not_an_opening_section() -> None:
    result = estimate_text(f"# Title of the speech\n\n## Body\n{words(20)}", limit=300.0, wpm=60.0)
    assert [(s.title, s.words) for s in result.sections] == [("Body", 20)]


def test_the_pace_scales_the_time() -> None:
    text = script(("A", 200))
    assert estimate_text(text, 300.0, 100.0).seconds == pytest.approx(120.0)
    assert estimate_text(text, 300.0, 200.0).seconds == pytest.approx(60.0)


def test_an_empty_script_takes_no_time() -> None:
    result = estimate_text("", limit=300.0, wpm=130.0)
    assert result.sections == ()
    assert result.words == 0
    assert result.seconds == 0
    assert result.words_over == -650


def test_words_over_is_what_to_cut_when_too_long() -> None:
    result = estimate_text(script(("A", 700)), limit=300.0, wpm=130.0)  # 650 words fit in 5:00
    assert result.words_over == 50
    assert result.seconds > result.limit


def test_words_over_is_negative_room_when_short() -> None:
    result = estimate_text(script(("A", 13)), limit=60.0, wpm=130.0)
    assert result.words_over == -117
    assert result.seconds < result.limit


def test_exactly_at_the_limit_needs_no_cut() -> None:
    assert estimate_text(script(("A", 650)), limit=300.0, wpm=130.0).words_over == 0


@pytest.mark.parametrize(
    ("limit", "wpm", "fits"), [(65.0, 108.0, 117), (130.0, 102.0, 221), (45.0, 130.0, 97)]
)
def test_a_script_that_exactly_fits_is_not_asked_to_cut_a_word(limit: float, wpm: float, fits: int) -> None:
    """limit / 60 × wpm in floating point can land just under a whole number (1:05 at 108 → 116.999…)."""
    just_fits = estimate_text(script(("A", fits)), limit, wpm)
    assert just_fits.seconds <= limit + 1e-9
    assert just_fits.words_over == 0
    assert estimate_text(script(("A", fits + 1)), limit, wpm).words_over == 1


def test_words_over_uses_the_estimates_own_pace() -> None:
    manual = Estimate((), words=300, seconds=0.0, limit=120.0, wpm=100.0, pace_source="given")
    assert manual.words_over == 100


# ---- measured_wpm -----------------------------------------------------------------------------------------


def test_no_rehearsals_measure_nothing() -> None:
    assert measured_wpm([]) is None


def test_measured_pace_is_words_over_time_of_complete_runs() -> None:
    runs = [rehearsal(1, 120.0, 260), rehearsal(2, 60.0, 130)]
    wpm, count = measured_wpm(runs)  # type: ignore[misc]
    assert wpm == pytest.approx(130.0)
    assert count == 2


def test_measured_pace_weights_by_time_not_by_run() -> None:
    # 100 words in 60 s and 300 words in 120 s: 400 words in 3 minutes, not the mean of 100 and 150
    wpm, _ = measured_wpm([rehearsal(1, 60.0, 100), rehearsal(2, 120.0, 300)])  # type: ignore[misc]
    assert wpm == pytest.approx(400 / 3)


def test_measured_pace_ignores_incomplete_runs_and_unknown_word_counts() -> None:
    runs = [
        rehearsal(1, 120.0, 240),
        rehearsal(2, 30.0, 240, complete=False),  # stopped early: would say 480 words/min
        rehearsal(3, 90.0, 0),  # word count unknown
    ]
    assert measured_wpm(runs) == (pytest.approx(120.0), 1)


def test_only_unusable_runs_measure_nothing() -> None:
    runs = [rehearsal(1, 30.0, 240, complete=False), rehearsal(2, 90.0, 0), rehearsal(3, 0.0, 100)]
    assert measured_wpm(runs) is None


# ---- choose_pace ------------------------------------------------------------------------------------------


def test_the_default_pace_is_130(tmp_store: Store) -> None:
    assert choose_pace(None, None) == (130.0, "default")
    assert choose_pace(tmp_store, None) == (130.0, "default")


def test_a_measured_pace_beats_the_default(tmp_store: Store) -> None:
    tmp_store.save(rehearsal(1, 120.0, 220))
    assert choose_pace(tmp_store, None) == (pytest.approx(110.0), "measured from 1 rehearsal")
    tmp_store.save(rehearsal(2, 60.0, 110))
    assert choose_pace(tmp_store, None) == (pytest.approx(110.0), "measured from 2 rehearsals")


def test_a_given_pace_beats_a_measured_one(tmp_store: Store) -> None:
    tmp_store.save(rehearsal(1, 120.0, 220))
    assert choose_pace(tmp_store, 150.0) == (150.0, "given")
    assert choose_pace(None, 90.0) == (90.0, "given")


def test_incomplete_rehearsals_leave_the_default(tmp_store: Store) -> None:
    tmp_store.save(rehearsal(1, 30.0, 220, complete=False))
    assert choose_pace(tmp_store, None) == (130.0, "default")


# ---- script_limit -----------------------------------------------------------------------------------------


@pytest.fixture
def booked(tmp_store: Store) -> Store:
    """A board with a 3:00 limit, a meeting of it and a delegation to that meeting."""
    tmp_store.save(Body(id="board", name="Police Board", speaking_limit=timedelta(minutes=3)))
    tmp_store.save(Meeting(id="2026-12-09-board", body="board", start=datetime(2026, 12, 9, 18, tzinfo=ZONE)))
    tmp_store.save(Delegation(id="2026-12-09-safety", meeting="2026-12-09-board", topic="Safety"))
    return tmp_store


def test_the_scripts_own_target_comes_first(booked: Store) -> None:
    speech = Script("s", "Speech", delegation="2026-12-09-safety", target=timedelta(minutes=4))
    assert script_limit(booked, speech) == timedelta(minutes=4)


def test_then_the_limit_of_the_body_the_delegation_speaks_to(booked: Store) -> None:
    assert script_limit(booked, Script("s", "Speech", delegation="2026-12-09-safety")) == timedelta(minutes=3)


def test_then_five_minutes(booked: Store) -> None:
    assert timedelta(minutes=5) == DEFAULT_SPEAKING_LIMIT
    assert script_limit(booked, Script("s", "Speech")) == timedelta(minutes=5)


def test_a_missing_delegation_meeting_or_body_falls_back_to_five_minutes(tmp_store: Store) -> None:
    assert script_limit(tmp_store, Script("s", "Speech", delegation="gone")) == timedelta(minutes=5)
    tmp_store.save(Delegation(id="orphan", meeting="no-such-meeting", topic="Safety"))
    assert script_limit(tmp_store, Script("s", "Speech", delegation="orphan")) == timedelta(minutes=5)
    tmp_store.save(Meeting(id="m", body="no-such-body", start=datetime(2026, 12, 9, 18, tzinfo=ZONE)))
    tmp_store.save(Delegation(id="lost", meeting="m", topic="Safety"))
    assert script_limit(tmp_store, Script("s", "Speech", delegation="lost")) == timedelta(minutes=5)
