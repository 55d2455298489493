"""What a person types, turned into values or refused with a message that quotes it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from delegate.model import ValidationError
from delegate.parsing import (
    in_zone,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_limit,
    parse_time_of_day,
    parse_wall_time,
)

VAN = ZoneInfo("America/Vancouver")


def refused(text: str) -> Any:
    """The error must quote what was typed, so the person sees which value was wrong."""
    return pytest.raises(ValidationError, match=re.escape(repr(text)))


# ---- dates and times ------------------------------------------------------------------------------


class TestParseDate:
    def test_iso_date(self) -> None:
        assert parse_date("2027-02-28") == date(2027, 2, 28)
        assert parse_date("  2028-02-29 ") == date(2028, 2, 29)  # leap day

    @pytest.mark.parametrize("text", ["2027-13-45", "2027-02-30", "2027-02-29", "2027-00-10", "2027-04-31"])
    def test_impossible_dates_refused_quoting_input(self, text: str) -> None:
        with refused(text) as caught:
            parse_date(text)
        assert "not a real date" in str(caught.value)

    @pytest.mark.parametrize(
        "text", ["", "tomorrow", "27-01-05", "2027/01/05", "2027-1-5", "Jan 5", "2027-01-05x"]
    )
    def test_wrong_shape_refused_showing_the_form(self, text: str) -> None:
        with refused(text) as caught:
            parse_date(text)
        assert "YYYY-MM-DD" in str(caught.value)

    def test_today_and_tomorrow_need_a_today(self) -> None:
        today = date(2027, 12, 31)
        assert parse_date("today", today=today) == today
        assert parse_date("Tomorrow", today=today) == date(2028, 1, 1)


class TestParseTimeOfDay:
    def test_valid(self) -> None:
        assert parse_time_of_day("18:30") == time(18, 30)
        assert parse_time_of_day("7:05") == time(7, 5)
        assert parse_time_of_day("0:00") == time(0, 0)

    @pytest.mark.parametrize("text", ["24:00", "12:60", "1830", "6pm", "12:5", ""])
    def test_refused(self, text: str) -> None:
        with refused(text):
            parse_time_of_day(text)


class TestParseDatetime:
    def test_space_or_t_separator(self) -> None:
        expected = datetime(2027, 1, 20, 18, 30, tzinfo=VAN)
        assert parse_datetime("2027-01-20 18:30", VAN) == expected
        assert parse_datetime("2027-01-20T18:30", VAN) == expected
        assert parse_datetime("2027-01-20 18:30", VAN).tzinfo is VAN

    def test_offset_follows_dst(self) -> None:
        assert parse_datetime("2027-01-20 18:30", VAN).utcoffset() == timedelta(hours=-8)
        assert parse_datetime("2027-07-20 18:30", VAN).utcoffset() == timedelta(hours=-7)

    @pytest.mark.parametrize("text", ["2027-03-14 02:30", "2027-03-14 02:00", "2027-03-14 02:59"])
    def test_spring_forward_gap_refused(self, text: str) -> None:
        with refused(text) as caught:
            parse_datetime(text, VAN)
        assert "does not exist in America/Vancouver" in str(caught.value)

    def test_edges_of_the_gap_are_fine(self) -> None:
        assert parse_datetime("2027-03-14 01:59", VAN).utcoffset() == timedelta(hours=-8)
        assert parse_datetime("2027-03-14 03:00", VAN).utcoffset() == timedelta(hours=-7)

    def test_fall_back_ambiguous_time_is_the_first_one(self) -> None:
        value = parse_datetime("2027-11-07 01:30", VAN)
        assert value.utcoffset() == timedelta(hours=-7)

    @pytest.mark.parametrize("text", ["2027-01-20", "2027-01-20 18:30 extra", "18:30", "2027-02-30 18:30"])
    def test_refused(self, text: str) -> None:
        with pytest.raises(ValidationError):
            parse_datetime(text, VAN)

    @pytest.mark.parametrize(
        ("text", "zone"), [("0001-01-01 00:05", "Europe/Paris"), ("9999-12-31 23:59", "America/Vancouver")]
    )
    def test_out_of_range_refused_not_crashing(self, text: str, zone: str) -> None:
        with refused(text) as caught:
            parse_datetime(text, ZoneInfo(zone))
        assert "too far" in str(caught.value)

    def test_wall_time_is_naive(self) -> None:
        assert parse_wall_time("2027-01-20 18:30") == datetime(2027, 1, 20, 18, 30)

    def test_in_zone_gap_names_the_wall_time(self) -> None:
        with pytest.raises(ValidationError, match="'2027-03-14 02:30' does not exist"):
            in_zone(datetime(2027, 3, 14, 2, 30), VAN)

    def test_gap_in_another_zone(self) -> None:
        paris = ZoneInfo("Europe/Paris")
        with refused("2027-03-28 02:30"):
            parse_datetime("2027-03-28 02:30", paris)
        assert parse_datetime("2027-03-28 02:30", VAN).tzinfo is VAN  # not a gap in Vancouver


# ---- durations and limits ------------------------------------------------------------------------------


class TestParseDuration:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2h", timedelta(hours=2)),
            ("90m", timedelta(minutes=90)),
            ("1h30m", timedelta(hours=1, minutes=30)),
            ("1h 30m", timedelta(hours=1, minutes=30)),
            ("1:30", timedelta(hours=1, minutes=30)),
            ("0:45", timedelta(minutes=45)),
            ("45 min", timedelta(minutes=45)),
            ("45 mins", timedelta(minutes=45)),
            ("2 hours", timedelta(hours=2)),
            ("1 hour", timedelta(hours=1)),
            ("1hr30m", timedelta(hours=1, minutes=30)),
            ("1 hr 30 mins", timedelta(hours=1, minutes=30)),
            ("1.5h", timedelta(hours=1, minutes=30)),
            ("30s", timedelta(seconds=30)),
            ("2 minutes 10 seconds", timedelta(minutes=2, seconds=10)),
            (" 2H ", timedelta(hours=2)),
        ],
    )
    def test_accepted(self, text: str, expected: timedelta) -> None:
        assert parse_duration(text) == expected

    @pytest.mark.parametrize(
        "text", ["", "abc", "2", "h", "2x", "2hx", "1h30", "1h and 30m", "-1h", "1:75", "1:5", "two hours"]
    )
    def test_junk_refused(self, text: str) -> None:
        with refused(text) as caught:
            parse_duration(text)
        assert "not a duration" in str(caught.value)

    @pytest.mark.parametrize("text", ["0h", "0m", "0:00", "0h0m"])
    def test_zero_refused(self, text: str) -> None:
        with refused(text) as caught:
            parse_duration(text)
        assert "longer than zero" in str(caught.value)


class TestParseLimit:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("5:00", timedelta(minutes=5)),
            ("3:30", timedelta(minutes=3, seconds=30)),
            ("5", timedelta(minutes=5)),
            ("0:45", timedelta(seconds=45)),
            ("10:00", timedelta(minutes=10)),
            (" 5:00 ", timedelta(minutes=5)),
        ],
    )
    def test_accepted(self, text: str, expected: timedelta) -> None:
        assert parse_limit(text) == expected

    @pytest.mark.parametrize("text", ["0:00", "0"])
    def test_zero_refused(self, text: str) -> None:
        with refused(text) as caught:
            parse_limit(text)
        assert "no time to speak" in str(caught.value)

    @pytest.mark.parametrize("text", ["5:75", "5:60", "abc", "", "5:0", "5m", "-5", "5:00:00"])
    def test_malformed_refused(self, text: str) -> None:
        with refused(text) as caught:
            parse_limit(text)
        assert "M:SS" in str(caught.value)
