"""Bad input and bad folders: one line on stderr, the right exit code, no traceback, and nothing written."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest
from cli_support import Run, ok
from click.testing import CliRunner, Result

from delegate.cli import cli

pytestmark = pytest.mark.usefixtures("cli_environment")

BOARD = "lakeport-police-board"
COUNCIL = "lakeport-city-council"
DECEMBER = f"2026-12-09-{BOARD}"
JANUARY = f"2027-01-21-{BOARD}"
PAST = f"2026-11-04-{BOARD}"
IDEA = "2026-12-09-safety-first"
CANCELLED = "2026-12-09-landlord-contact"

Snapshot = dict[str, bytes | None]


def snapshot(root: Path) -> Snapshot:
    """Every file (with its bytes) and folder under root, hidden ones included (.lock, temp files)."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def one_line_error(result: Result, code: int, *needles: str) -> str:
    """Exit `code`, nothing on stdout, exactly one non-empty line on stderr, no traceback anywhere."""
    assert result.exit_code == code, (
        f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    )
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # not an uncaught error
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("delegate: ")
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def seeded(run: Run, data: Path) -> Snapshot:
    """Two bodies, four meetings (one past, one cancelled), two delegations (an idea and a cancelled one)."""
    ok(run("body", "add", "Lakeport Police Board", "--members", "7", "--timezone", "America/Vancouver"))
    ok(run("body", "add", "Lakeport City Council", "--kind", "council"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2026-11-04 18:00"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2026-12-09 18:00", "--end", "2026-12-09 20:00"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2027-01-21 18:00", "--duration", "2h"))
    ok(run("meeting", "add", "--body", COUNCIL, "--start", "2026-12-15 19:00"))
    ok(run("meeting", "cancel", f"2026-12-15-{COUNCIL}", "--reason", "no quorum"))
    ok(run("delegation", "add", "--meeting", DECEMBER, "--topic", "Safety first", "--speaker", "Ana"))
    ok(run("delegation", "add", "--meeting", DECEMBER, "--topic", "Landlord contact"))
    ok(run("delegation", "cancel", CANCELLED, "--reason", "no money"))
    ok(run("person", "add", "Ana Ferreira", "--member-of", BOARD))
    return snapshot(data)


# ---- bad input: the message, the exit code, and not one byte written -------------------------------

ADD = ["meeting", "add", "--body", BOARD, "--start"]  # + a start and any other options
FEB = [*ADD, "2027-02-03 18:00"]  # a good start, for testing the other options
BAD_INPUT = [
    # unknown ids (exit 1: the data does not have it)
    (["body", "show", "nope"], 1, "no body with id 'nope'"),
    (["meeting", "show", "2031-01-01"], 1, "no meeting with id '2031-01-01'"),
    (["meeting", "cancel", "2031"], 1, "no meeting with id '2031'"),
    (["meeting", "add", "--body", "nope", "--start", "2027-02-03 18:00"], 1, "no body with id 'nope'"),
    (["meeting", "list", "--body", "nope"], 1, "no body with id 'nope'"),
    (["delegation", "add", "--meeting", "2031", "--topic", "x"], 1, "no meeting with id '2031'"),
    (["delegation", "request", "nope"], 1, "no delegation with id 'nope'"),
    (["delegation", "rebook", IDEA, "--meeting", "2031"], 1, "no meeting with id '2031'"),
    (["person", "show", "nope"], 1, "no person matches that id, name or role"),
    (["person", "add", "Rosa", "--confidential", "--member-of", "nope"], 1, "no body with id 'nope'"),
    # ambiguous prefixes
    (["body", "show", "lakeport"], 1, f"'lakeport' matches 2 bodies: {COUNCIL}, {BOARD}"),
    (["delegation", "deliver", "2026-12-09"], 1, "matches 2 delegations"),
    # dates that are not dates (exit 2: usage)
    ([*ADD, "2027-13-45 18:00"], 2, "Invalid value for '--start': '2027-13-45' is not a real date"),
    ([*ADD, "2027-02-30 18:00"], 2, "Invalid value for '--start': '2027-02-30' is not a real date"),
    ([*ADD, "next tuesday"], 2, "'next tuesday' is not a date and time"),  # a day with no time
    ([*ADD, "2027-02-03"], 2, "is not a date and time"),
    ([*ADD, "2027-02-03 25:00"], 2, "is not a real time of day"),
    (["meeting", "list", "--from", "2027-13-45"], 2, "'2027-13-45' is not a real date"),
    (["meeting", "list", "--to", "2027-02-30"], 2, "'2027-02-30' is not a real date"),
    (["meeting", "list", "--from", "27/02/2027"], 2, "use YYYY-MM-DD"),
    # times that do not fit together
    ([*FEB, "--end", "2027-02-03 17:00"], 1, "the meeting must end after it starts"),
    ([*FEB, "--end", "2027-02-03 18:00"], 1, "the meeting must end after it starts"),
    ([*FEB, "--end", "2027-02-03 20:00", "--duration", "2h"], 2, "give --end or --duration, not both"),
    ([*FEB, "--duration", "0m"], 2, "longer than zero"),
    ([*FEB, "--duration", "soon"], 2, "not a duration"),
    ([*ADD, "2027-03-14 02:30"], 1, "'2027-03-14 02:30' does not exist in America/Vancouver"),
    (
        ["meeting", "list", "--from", "2027-01-01", "--to", "2026-12-31"],
        1,
        "--to 2026-12-31 is before --from",
    ),
    # bad repeat rules (checked by the service: exit 1)
    ([*FEB, "--repeat", "FREQ=SOMETIMES"], 1, "'FREQ=SOMETIMES' is not a valid RRULE"),
    ([*FEB, "--repeat", "BYDAY=3TH"], 1, "it needs FREQ="),
    ([*FEB, "--repeat", "every month"], 1, "is not a valid RRULE"),
    ([*FEB, "--repeat", "FREQ=MONTHLY;BYDAY=9ZZ"], 1, "is not a valid RRULE"),
    (
        [*FEB, "--repeat", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"],
        1,
        "gives no meeting in the next twelve months",
    ),
    # bodies
    (["body", "add", "X", "--members", "-1"], 2, "Invalid value for '--members': -1"),
    (["body", "add", "X", "--speaking-limit", "0:00"], 2, "leaves no time to speak"),
    (["body", "add", "X", "--speaking-limit", "0"], 2, "leaves no time to speak"),
    (["body", "add", "X", "--speaking-limit", "5:75"], 2, "is not a speaking limit"),
    (["body", "add", "X", "--timezone", "Mars/Olympus"], 2, "unknown time zone 'Mars/Olympus'"),
    (["body", "add", "X", "--timezone", "../../etc/passwd"], 2, "unknown time zone"),
    (["body", "add", "X", "--kind", "parliament"], 2, "Invalid value for '--kind'"),
    (["body", "add", "X", "--request-deadline-days", "-2"], 2, "--request-deadline-days"),
    (["body", "add", "X", "--request-deadline-time", "noon"], 2, "is not a time of day"),
    (["body", "add", "   "], 1, "a body needs a name"),
    # people and delegations
    (["person", "add", "  "], 1, "a person needs a name or pseudonym"),
    (["delegation", "add", "--meeting", DECEMBER, "--topic", "  "], 1, "a delegation needs a topic"),
    (["delegation", "cancel", IDEA], 2, "Missing option '--reason'"),
    (["delegation", "cancel", IDEA, "--reason", "  "], 1, "cancelling a delegation needs a reason"),
    (["delegation", "rebook", IDEA, "--meeting", DECEMBER], 1, "already on that meeting"),
    (["delegation", "rebook", IDEA, "--meeting", PAST], 1, "has already happened"),
    (["delegation", "list", "--status", "maybe"], 2, "Invalid value for '--status'"),
    (["meeting", "cancel", f"2026-12-15-{COUNCIL}"], 1, "this meeting is already cancelled"),
    # usage
    (["meeting", "add", "--start", "2027-02-03 18:00"], 2, "Missing option '--body'"),
    (["meeting", "teleport"], 2, "No such command 'teleport'"),
    (["body", "add"], 2, "Missing argument 'NAME'"),
    (["body", "list", "--yaml"], 2, "No such option '--yaml'"),
]


@pytest.mark.parametrize(("args", "code", "needle"), BAD_INPUT, ids=[" ".join(case[0]) for case in BAD_INPUT])
def test_bad_input_is_one_line_and_writes_nothing(
    run: Run, data: Path, seeded: Snapshot, args: list[str], code: int, needle: str
) -> None:
    one_line_error(run(*args), code, needle)
    assert snapshot(data) == seeded


@pytest.mark.parametrize("action", ["deliver", "confirm"])
def test_lifecycle_rule_for_an_idea(run: Run, data: Path, seeded: Snapshot, action: str) -> None:
    message = one_line_error(run("delegation", action, IDEA, "--note", "spoke"), 1)
    verb = {"deliver": "deliver", "confirm": "confirm"}[action]
    allowed = {"deliver": "confirmed", "confirm": "requested"}[action]
    assert message == f"delegate: cannot {verb} a delegation that is idea (allowed from: {allowed})"
    assert snapshot(data) == seeded


@pytest.mark.parametrize("action", ["request", "confirm", "deliver", "cancel"])
def test_lifecycle_rule_for_a_cancelled_delegation(
    run: Run, data: Path, seeded: Snapshot, action: str
) -> None:
    option = "--reason" if action == "cancel" else "--note"
    message = one_line_error(run("delegation", action, CANCELLED, option, "again"), 1)
    assert message.startswith(f"delegate: cannot {action} a delegation that is cancelled (allowed from: ")
    assert snapshot(data) == seeded


def test_lifecycle_rule_for_a_delivered_delegation(run: Run, data: Path, seeded: Snapshot) -> None:
    for action in ("request", "confirm", "deliver"):
        ok(run("delegation", action, IDEA, *(["--early"] if action == "deliver" else [])))
    before = snapshot(data)
    one_line_error(run("delegation", "deliver", IDEA), 1, "cannot deliver a delegation that is delivered")
    one_line_error(run("delegation", "rebook", IDEA, "--meeting", JANUARY), 1, "cannot re-book a delegation")
    one_line_error(
        run("delegation", "cancel", IDEA, "--reason", "x"), 1, "cannot cancel a delegation that is"
    )
    assert snapshot(data) == before


# ---- a damaged file: the rest still loads, the damage is named with its line ------------------------


def test_truncated_toml_is_skipped_and_named(run: Run, data: Path, seeded: Snapshot) -> None:
    path = data / "bodies" / f"{COUNCIL}.toml"
    text = path.read_text()
    cut = text.index('"council"') + 4  # in the middle of a string, as a crash or a full disk leaves it
    path.write_text(text[:cut])
    lines = text[:cut].count("\n") + 1
    before = snapshot(data)

    result = run("body", "list")
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert BOARD in result.stdout
    assert COUNCIL not in result.stdout
    reason = "is not valid TOML: Unterminated string (at end of document)"
    assert result.stderr.splitlines() == [
        f"delegate: skipped bodies/{COUNCIL}.toml:{lines}: {reason}",
        "delegate: run `delegate check` to see every problem",
    ]

    listed = run("body", "list", "--json")  # stdout stays pure JSON for scripts
    assert listed.exit_code == 0
    assert [item["id"] for item in json.loads(listed.stdout)] == [BOARD]
    assert f"skipped bodies/{COUNCIL}.toml:{lines}:" in listed.stderr

    checked = run("check")
    assert checked.exit_code == 1
    assert f"error: bodies/{COUNCIL}.toml:{lines}: is not valid TOML" in checked.stderr
    assert f"refers to a body that does not exist: '{COUNCIL}'" in checked.stderr  # its meeting
    assert "delegate: skipped" not in checked.stderr  # check lists it once, as an error
    assert snapshot(data) == before  # reading never repairs or rewrites anything


def test_broken_file_in_the_middle_names_its_line(run: Run, data: Path, seeded: Snapshot) -> None:
    path = data / "bodies" / f"{BOARD}.toml"
    lines = path.read_text().splitlines()
    lines.insert(2, "members = = 7")
    path.write_text("\n".join(lines) + "\n")
    result = run("body", "show", "lakeport-city")
    assert result.exit_code == 0
    assert "Lakeport City Council" in result.stdout
    assert f"delegate: skipped bodies/{BOARD}.toml:3: is not valid TOML: Invalid value" in result.stderr
    before = snapshot(data)
    failed = run("meeting", "add", "--body", BOARD, "--start", "2027-02-03 18:00")
    assert failed.exit_code == 1
    assert "Traceback" not in failed.output
    assert failed.stderr.splitlines() == [  # the error, then why that body is missing
        f"delegate: no body with id '{BOARD}'; did you mean {COUNCIL}?",
        f"delegate: skipped bodies/{BOARD}.toml:3: is not valid TOML: Invalid value",
        "delegate: run `delegate check` to see every problem",
    ]
    assert snapshot(data) == before


def test_unknown_id_in_a_folder_with_a_damaged_file(run: Run, data: Path, seeded: Snapshot) -> None:
    (data / "bodies" / "half.toml").write_text('schema = 1\nname = "Ha')
    result = run("body", "show", "nope")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == "delegate: no body with id 'nope'"
    assert "delegate: skipped bodies/half.toml:2: is not valid TOML" in result.stderr


# ---- a folder that cannot be written ---------------------------------------------------------------
# Tests may run as root, where chmod does not stop writes, so the refusal is simulated where it happens.

WRITES = [
    ["body", "add", "Harbour Action Group"],
    ["meeting", "add", "--body", BOARD, "--start", "2026-12-16 18:00"],
    ["meeting", "add", "--body", BOARD, "--start", "2026-12-02 18:00", "--repeat", "FREQ=WEEKLY;COUNT=3"],
    ["meeting", "cancel", DECEMBER, "--reason", "snow"],
    ["delegation", "add", "--meeting", DECEMBER, "--topic", "Housing"],
    ["delegation", "request", IDEA, "--note", "emailed"],
    ["delegation", "rebook", IDEA, "--meeting", JANUARY],
    ["person", "add", "Rosa Jimenez", "--confidential", "--member-of", BOARD],
]


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.parametrize("where", ["os.replace", "os.fdopen", "tempfile.mkstemp"])
@pytest.mark.parametrize("args", WRITES, ids=[" ".join(args) for args in WRITES])
def test_read_only_folder(
    run: Run, data: Path, seeded: Snapshot, monkeypatch: pytest.MonkeyPatch, where: str, args: list[str]
) -> None:
    module, name = where.split(".")
    with monkeypatch.context() as patch:
        patch.setattr({"os": os, "tempfile": tempfile}[module], name, _refuse)
        message = one_line_error(run(*args), 1, "permission denied", "nothing was changed")
    assert message.startswith("delegate: could not save ")
    assert str(data) in message
    assert snapshot(data) == seeded  # no half-written file, no temp file left behind


def test_full_disk(run: Run, data: Path, seeded: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full)
        one_line_error(run("body", "add", "Harbour Action Group"), 1, "the disk is full; nothing was changed")
    assert snapshot(data) == seeded


def test_data_dir_is_a_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    runner = CliRunner()
    for args in (["body", "list"], ["body", "add", "X"]):
        result = runner.invoke(cli, ["--data-dir", str(path), *args], prog_name="delegate")
        one_line_error(result, 2, "Invalid value for '--data-dir'", "is a file")
    assert path.read_text() == "not a folder"


def test_data_dir_inside_a_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(path / "data"), "body", "add", "X"], prog_name="delegate"
    )
    one_line_error(result, 1, "could not save body x", "nothing was changed")
    assert path.read_text() == "not a folder"


def test_data_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_HOME", str(tmp_path / "home"))
    assert (
        ok(CliRunner().invoke(cli, ["body", "add", "Council"], prog_name="delegate"))
        == "added body council\n"
    )
    assert (tmp_path / "home" / "bodies" / "council.toml").is_file()
