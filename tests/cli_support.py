"""What the CLI tests share: running `delegate` on a test folder, and what success and failure look like."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from delegate.cli import cli

NOW = "2026-11-27T09:00"
ZONE = "America/Vancouver"

Run = Callable[..., Result]


def runner_for(data: Path) -> Run:
    """run("body", "list") invokes `delegate --data-dir DATA body list`; stdout and stderr stay apart."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--data-dir", str(data), *args], prog_name="delegate")

    return invoke


def ok(result: Result) -> str:
    """The command succeeded, said nothing on stderr, and raised nothing but its exit."""
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == ""
    return result.stdout


def ok_noted(result: Result, *notes: str) -> str:
    """The command succeeded and said on stderr only notes (a confidential person named in what was
    typed, the INTERNAL banner of --internal), holding every one of `notes`; no error, no traceback."""
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith(("delegate: note: ", "delegate: INTERNAL COPY")) for line in lines), lines
    for note in notes:
        assert any(note in line for line in lines), (note, lines)
    return result.stdout


def fails(result: Result, code: int, *needles: str) -> str:
    """The command failed with `code` and one line on stderr (no traceback) holding every needle."""
    assert result.exit_code == code, (
        f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    )
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("delegate: "), lines
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
