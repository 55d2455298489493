"""Real-world calendars (icalendar's own test corpus, vendored in tests/corpus/ics): every file either
imports or is refused in one line naming it; none raises a traceback or writes anything partial."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import NOW, ZONE, Run, fails, ok, runner_for

from delegate.ics.reader import CalendarFileError, CalendarRead, read_calendar
from delegate.model import Meeting
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

CORPUS = Path(__file__).parent / "corpus" / "ics"
FILES = sorted(CORPUS.glob("*.ics"))
BODY = "lakeport-city-council"
WINDOW = ("--from", "1990-01-01", "--to", "2040-12-31")
VANCOUVER = ZoneInfo(ZONE)
START = datetime(1990, 1, 1, tzinfo=VANCOUVER)
END = datetime(2041, 1, 1, tzinfo=VANCOUVER)


def files(data: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(data)): path.read_bytes()
        for path in sorted(data.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def test_the_corpus_is_in_the_repository_with_its_licence() -> None:
    assert len(FILES) >= 150
    licence = (CORPUS / "LICENSE.rst").read_text(encoding="utf-8")
    assert "Redistribution and use in source and binary forms" in licence
    assert "collective/icalendar" in (CORPUS / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one council, made once by the CLI."""
    root = tmp_path_factory.mktemp("corpus-template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DELEGATE_CACHE", str(root / "cache"))
        patch.setenv("DELEGATE_TZ", ZONE)
        patch.setenv("DELEGATE_NOW", NOW)
        ok(runner_for(root / "data")("body", "add", "Lakeport City Council", "--timezone", ZONE))
    return root / "data"


@pytest.fixture
def council(template: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    shutil.copytree(template, data)
    # Durability is not what these tests are about, and two files give 950 meetings each: no fsync.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    return BODY


@pytest.mark.parametrize("path", FILES, ids=[path.name.removesuffix(".ics") for path in FILES])
def test_a_real_world_file_imports_or_is_refused_in_one_line(
    run: Run, council: str, data: Path, path: Path
) -> None:
    before = files(data)
    result = run("import", "ics", str(path), "--body", council, *WINDOW)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        fails(result, 1, str(path))
        assert files(data) == before  # nothing partial
        return
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for line in result.stderr.splitlines():
        assert line.startswith(("skipped   '", "skipped   the event at line", "note      ")), line
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("Imported into Lakeport City Council: ")
    added = [line for line in lines if line.startswith("added ")]
    meetings = Store(data, index=False, default_zone=ZONE).all(Meeting)
    assert len(meetings) == len(added)
    for meeting in meetings:
        assert meeting.body == council
        assert meeting.source_uid
        assert START <= meeting.start < END
    assert "all records load" in ok(run("check"))


@pytest.mark.parametrize("path", FILES, ids=[path.name.removesuffix(".ics") for path in FILES])
def test_the_reader_returns_or_refuses_the_file(path: Path) -> None:
    try:
        read = read_calendar(path.read_bytes(), path.name, start=START, end=END, default_zone=VANCOUVER)
    except CalendarFileError as error:
        message = str(error)
        assert message.startswith(f"{path.name}: ")
        assert "\n" not in message
        return
    assert isinstance(read, CalendarRead)
    for event in read.events:
        assert START <= event.start < END
        assert event.start.tzinfo is not None
        assert event.end is None or event.end > event.start
        assert event.uid
    for skipped in read.skipped:
        assert skipped.reason.strip()
        assert "\n" not in str(skipped)
    assert len({event.uid for event in read.events}) == len(read.events)


# A few files whose fate is known, so that the sweep above cannot pass by refusing everything.


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("tests__calendars__example.ics", 3),
        ("tests__events__event_with_recurrence.ics", 97),
        ("tests__calendars__bom_calendar.ics", 0),
        ("tests__calendars__pacific_fiji.ics", 1),
    ],
)
def test_files_that_import(run: Run, council: str, data: Path, name: str, count: int) -> None:
    out = ok(run("import", "ics", str(CORPUS / name), "--body", council, *WINDOW))
    assert f": {count} new, " in out.splitlines()[-1]


def test_only_a_file_with_nothing_of_icalendar_in_it_is_refused() -> None:
    refused = []
    for path in FILES:
        try:
            read_calendar(path.read_bytes(), path.name, start=START, end=END, default_zone=VANCOUVER)
        except CalendarFileError:
            refused.append(path.name)
    assert refused == ["fuzzing__corpus__Index_Error.ics"]  # fuzzed bytes with no BEGIN: anywhere


def test_a_stray_line_costs_that_line(run: Run, council: str) -> None:
    path = CORPUS / "tests__calendars__issue_104_broken_calendar.ics"  # a line "X" among the events
    result = run("import", "ics", str(path), "--body", council, *WINDOW)
    assert result.exit_code == 0
    assert "not iCalendar were left out (line 13)" in result.stderr
    assert ": 1 new, " in result.stdout.splitlines()[-1]


def test_a_broken_time_zone_costs_the_time_zone(run: Run, council: str) -> None:
    path = CORPUS / "tests__calendars__parsing_error_in_UTC_offset.ics"  # an offset of +57:44
    out = ok(run("import", "ics", str(path), "--body", council, *WINDOW))
    assert ": 0 new, " in out.splitlines()[-1]


@pytest.mark.parametrize("name", ["fuzzing__corpus__Index_Error.ics"])
def test_files_that_are_refused(run: Run, council: str, data: Path, name: str) -> None:
    path = CORPUS / name
    fails(run("import", "ics", str(path), "--body", council, *WINDOW), 1, str(path), "iCalendar file")
    assert "meetings" not in {child.name for child in data.iterdir()}


def test_a_broken_event_is_skipped_and_the_rest_read(run: Run, council: str) -> None:
    path = CORPUS / "tests__calendars__broken_dtstart.ics"
    result = run("import", "ics", str(path), "--body", council, *WINDOW)
    assert result.exit_code == 0
    assert "skipped" in result.stderr
    assert "DTSTART" in result.stderr
