"""Bad input, generated: the parsers, the TOML loader and the .ics reader never raise anything but
their one clear error, and a bad file never causes a write.

Hypothesis drives random text into every parser a person types into, random bytes and truncations
into record files, and mutations of the real-world calendar corpus into the importer.
"""

from __future__ import annotations

import random
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegate.ics.reader import CalendarFileError, read_calendar
from delegate.model import DelegateError, Meeting, Person
from delegate.parsing import (
    parse_amount,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_limit,
    parse_time_of_day,
    parse_wall_time,
)
from delegate.store import KINDS, Store

ZONE = ZoneInfo("America/Vancouver")
CORPUS = sorted((Path(__file__).parent / "corpus" / "ics").glob("*.ics"))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# What people type, and what a stray paste looks like: digits, separators, words, other scripts.
typed = st.text(st.sampled_from("0123456789-:/., ThHmMsSdDaApP+feb30\t\n🎉"), max_size=24) | st.text(
    max_size=24
)

PARSERS = {
    "date": parse_date,
    "time of day": parse_time_of_day,
    "wall time": parse_wall_time,
    "duration": parse_duration,
    "limit": parse_limit,
    "amount": parse_amount,
    "date and time": lambda text: parse_datetime(text, ZONE),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@FUZZ
@given(text=typed)
def test_parsers_accept_or_explain(name: str, text: str) -> None:
    try:
        PARSERS[name](text)
    except DelegateError as error:
        message = str(error)
        assert message
        assert "\n" not in message.strip() or "\n" in text  # one line (unless it quotes the input)
        assert "Traceback" not in message


# ---- the TOML loader ---------------------------------------------------------------------------------


def _seeded(root: Path) -> Store:
    store = Store(root, index=False, default_zone="America/Vancouver")
    store.save(Person(id="rosa", name="Rosa", confidential=True, role="Peer worker"))
    store.save(
        Meeting(
            id="2027-01-20-board",
            body="board",
            start=datetime(2027, 1, 20, 18, tzinfo=ZONE),
            timezone="America/Vancouver",
        )
    )
    return store


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_random_bytes_in_a_record_file_are_a_problem_not_a_crash(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    root = tmp_path_factory.mktemp("data")
    _seeded(root)
    (root / "people" / "bo.toml").write_bytes(data)
    store = Store(root, index=False, default_zone="America/Vancouver")
    problems = store.load_all()
    assert store.get(Person, "rosa").name == "Rosa"  # everything else still loads
    assert all(problem.path.name == "bo.toml" for problem in problems)
    for problem in problems:
        assert "\n" not in problem.describe(root)


@FUZZ
@given(cut=st.floats(min_value=0, max_value=1, exclude_max=True), seed=st.integers(0, 2**32))
def test_truncated_or_flipped_record_files_load_or_are_reported(
    tmp_path_factory: pytest.TempPathFactory, cut: float, seed: int
) -> None:
    root = tmp_path_factory.mktemp("data")
    _seeded(root)
    path = root / "meetings" / "2027" / "2027-01-20-board.toml"
    original = path.read_bytes()
    mutated = bytearray(original[: int(len(original) * cut)])
    rng = random.Random(seed)
    for _ in range(rng.randrange(3)):
        if mutated:
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    path.write_bytes(bytes(mutated))
    store = Store(root, index=False, default_zone="America/Vancouver")
    problems = store.load_all()
    assert store.get(Person, "rosa").name == "Rosa"
    try:
        tomllib.loads(bytes(mutated).decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        assert problems  # a file TOML cannot read is always reported
    assert all(problem.path == path for problem in problems)


def test_every_kind_survives_a_file_of_garbage(tmp_path: Path) -> None:
    root = tmp_path / "data"
    for kind in KINDS:
        folder = root / kind.folder
        folder.mkdir(parents=True)
        (folder / "broken.toml").write_text('schema = 1\nname = "unterminated\n')
    problems = Store(root, index=False, default_zone="America/Vancouver").load_all()
    assert len(problems) == len(KINDS)
    assert all(":2:" in problem.describe(root) or ":1:" in problem.describe(root) for problem in problems)


# ---- the .ics reader on mutations of real calendars -------------------------------------------------


def _mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randrange(1, 6)):
        choice = rng.randrange(5)
        index = rng.randrange(len(lines))
        if choice == 0:
            del lines[index]
        elif choice == 1:
            lines.insert(index, lines[rng.randrange(len(lines))])
        elif choice == 2 and lines[index]:
            position = rng.randrange(len(lines[index]))
            lines[index] = (
                lines[index][:position] + bytes([rng.randrange(256)]) + lines[index][position + 1 :]
            )
        elif choice == 3:
            lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
        else:
            lines = lines[: index + 1]  # the download stopped here
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


@pytest.mark.skipif(not CORPUS, reason="the calendar corpus (tests/corpus/ics) is not there")
@FUZZ
@given(index=st.integers(min_value=0), seed=st.integers(0, 2**32))
def test_mutated_calendars_are_read_or_refused(index: int, seed: int) -> None:
    path = CORPUS[index % len(CORPUS)]
    data = _mutate(path.read_bytes(), random.Random(seed))
    start = datetime(2000, 1, 1, tzinfo=ZONE)
    refusal = ""
    try:
        read = read_calendar(
            data, path.name, start=start, end=datetime(2030, 1, 1, tzinfo=ZONE), default_zone=ZONE
        )
    except CalendarFileError as error:
        refusal = str(error)
    if refusal:
        assert refusal.startswith(path.name)
        assert "\n" not in refusal
        return
    for event in read.events:
        assert event.start.tzinfo is not None
        assert event.end is None or event.end > event.start
    for skipped in read.skipped:
        assert "\n" not in str(skipped)
