"""Dates as people say them, everywhere a date is asked: read exactly from the user's clock, refused
when not all of the phrase was understood, and echoed back as the exact date before anything is saved."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest
from cli_support import Run, fails, ok, ok_noted

from delegate.errors import ValidationError
from delegate.parsing import describe_date, is_exact_date, parse_date, parse_wall_time

TODAY = date(2026, 11, 27)  # a Friday
NOW = datetime(2026, 11, 27, 9, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 27)),
        ("Tomorrow", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 26)),
        ("next friday", date(2026, 12, 4)),
        ("in 3 days", date(2026, 11, 30)),
        ("in 2 weeks", date(2026, 12, 11)),
        ("dec 17", date(2026, 12, 17)),
        ("17 December", date(2026, 12, 17)),
        ("dec 17, 2027", date(2027, 12, 17)),
        ("on dec 17", date(2026, 12, 17)),
        ("by friday", date(2026, 12, 4)),
        ("+7d", date(2026, 12, 4)),
        ("+ 3 days", date(2026, 11, 30)),
        ("-2w", date(2026, 11, 13)),
        ("+2W", date(2026, 12, 11)),
        ("2027-01-05", date(2027, 1, 5)),
    ],
)
def test_phrases_name_one_day(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "friday foo",  # read in part: refused rather than guessed
        "third thursday of next month",  # two dates in one phrase
        "12/11",  # month-first or day-first cannot be told apart
        "2027/01/05",
        "someday",
        "tomorrow 18:00",  # a time where a day is asked
        "",
    ],
)
def test_what_is_not_wholly_a_day_is_refused_with_examples(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, today=TODAY)
    assert "YYYY-MM-DD" in str(caught.value)
    assert "next friday" in str(caught.value)


def test_without_a_today_only_exact_dates() -> None:
    with pytest.raises(ValidationError):
        parse_date("next friday")
    with pytest.raises(ValidationError, match="not a real date"):
        parse_date("2027-02-30", today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 18:00", datetime(2026, 11, 28, 18, 0)),
        ("next thursday 6pm", datetime(2026, 12, 3, 18, 0)),
        ("dec 17 18:00", datetime(2026, 12, 17, 18, 0)),
        ("in 3 weeks 18:00", datetime(2026, 12, 18, 18, 0)),
        ("+21d 18:00", datetime(2026, 12, 18, 18, 0)),
        ("+7d 6:30pm", datetime(2026, 12, 4, 18, 30)),
        ("friday at 18:30", datetime(2026, 12, 4, 18, 30)),
        ("2026-12-17 18:00", datetime(2026, 12, 17, 18, 0)),
        ("2026-12-17T18:00", datetime(2026, 12, 17, 18, 0)),
    ],
)
def test_phrases_name_a_day_and_time(text: str, expected: datetime) -> None:
    assert parse_wall_time(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["tomorrow", "18:00", "+7d", "friday foo 18:00", "12/17 18:00"])
def test_a_day_and_time_needs_both(text: str) -> None:
    with pytest.raises(ValidationError, match="tomorrow 18:00"):
        parse_wall_time(text, now=NOW)
    assert parse_wall_time("2026-12-17 18:00") == datetime(2026, 12, 17, 18, 0)


def test_exact_dates_need_no_echo() -> None:
    assert is_exact_date("2026-12-17")
    assert is_exact_date(" 2026-12-17 18:00 ")
    assert not is_exact_date("dec 17")
    assert describe_date(date(2026, 12, 4)) == "Fri 4 Dec 2026"


# ---- the command line ------------------------------------------------------------------------------

pytestmark = pytest.mark.usefixtures("cli_environment")


def test_the_cli_echoes_a_phrase_as_the_exact_date_before_saving(run: Run) -> None:
    ok(
        run(
            "body",
            "add",
            "Lakeport Police Board",
            "--kind",
            "police-board",
            "--timezone",
            "America/Vancouver",
        )
    )
    out = ok_noted(
        run("meeting", "add", "--body", "lakeport", "--start", "next thursday 18:00", "--duration", "2h"),
        "'next thursday 18:00' is Thu 3 Dec 2026 18:00",
    )
    assert out == "added meeting 2026-12-03-lakeport-police-board\n"
    ok_noted(run("followup", "add", "Print handouts", "--due", "+3d"), "'+3d' is Mon 30 Nov 2026")
    assert "2026-11-30" in ok(run("followup", "list"))
    ok(run("followup", "add", "Exact", "--due", "2026-12-01"))  # nothing to echo
    # a list's window is not saved: no echo
    assert "lakeport-police-board" in ok(run("meeting", "list", "--from", "today", "--to", "+30d"))
    fails(run("followup", "add", "Never", "--due", "friday foo"), 2, "is not a date")


def test_a_meeting_is_found_by_its_day(run: Run) -> None:
    ok(
        run(
            "body",
            "add",
            "Lakeport Police Board",
            "--kind",
            "police-board",
            "--timezone",
            "America/Vancouver",
        )
    )
    ok_noted(run("meeting", "add", "--body", "lakeport", "--start", "+21d 18:00"))
    ok_noted(run("meeting", "add", "--body", "lakeport", "--start", "+49d 18:00"))
    out = ok(run("delegation", "add", "--meeting", "+21d", "--topic", "Safety first"))
    assert out == "added delegation 2026-12-18-safety-first\n"
    # then by the part of its id after the date, whatever the day
    out = ok(run("delegation", "rebook", "safety", "--meeting", "in 7 weeks"))
    assert out.startswith(
        "delegation 2026-12-18-safety-first re-booked onto 2027-01-15-lakeport-police-board"
    )
    fails(run("delegation", "add", "--meeting", "+22d", "--topic", "x"), 1, "no meeting on Sat 19 Dec 2026")
    fails(run("delegation", "add", "--meeting", "lakeport", "--topic", "x"), 1, "matches 2 meetings")


def test_help_lists_and_exact_dates_never_load_the_phrase_parser() -> None:
    # --help and the lists are kept fast (another helper measures them): the parser is for phrases only
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from delegate.cli import cli\n"
        "for args in (['--help'], ['meeting', 'list', '--from', '2026-01-01'], ['followup', 'list']):\n"
        "    CliRunner().invoke(cli, args)\n"
        "print('parsedatetime' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False", shown.stderr
