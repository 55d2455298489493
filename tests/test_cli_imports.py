"""A command imports only what it needs: `--help` and the lists start in a fraction of the app's time.

Each command runs in a fresh interpreter (imports are per process), and the test reads which modules
it had imported when it exited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from delegate.cli.root import LAZY_COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
# What the app, the calendar and the documents need; never a help text or a list.
HEAVY = ("textual", "rich", "icalendar", "jinja2", "fpdf", "PIL", "fontTools", "markdown_it")

PROBE = """
import atexit, sys
def _report():
    names = sorted(sys.modules)  # before json, which the command itself may not have imported
    import json
    sys.__stderr__.write("\\nIMPORTED " + json.dumps(names) + "\\n")
atexit.register(_report)
sys.argv = ["delegate", *sys.argv[1:]]
from delegate.cli import main
main()
"""


def imported_by(data: Path, *args: str) -> set[str]:
    """The modules `delegate ARGS` had imported when it exited (in a fresh process)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "DELEGATE_HOME": str(data),
        "DELEGATE_CACHE": str(data.parent / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("IMPORTED "))
    return set(json.loads(line.removeprefix("IMPORTED ")))


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if name.split(".")[0] in HEAVY)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_help_imports_no_command_and_nothing_heavy(data: Path) -> None:
    modules = imported_by(data, "--help")
    assert heavy_among(modules) == []
    commands = {module for module, _summary in LAZY_COMMANDS.values()}
    assert sorted(name for name in modules if name in commands) == []
    assert "delegate.store" not in modules


@pytest.mark.parametrize(
    "args",
    [
        ("followup", "list"),
        ("followup", "list", "--overdue"),
        ("meeting", "list", "--from", "2026-11-23", "--to", "2026-11-29"),
        ("delegation", "list"),
    ],
)
def test_lists_import_nothing_heavy(data: Path, args: tuple[str, ...]) -> None:
    modules = imported_by(data, *args)
    assert heavy_among(modules) == []
    assert not any(name.startswith(("delegate.render", "delegate.ics", "delegate.ui")) for name in modules)
    # Moving a delegation through its life (and undoing it) is for the commands that do it.
    assert (
        sorted(name for name in modules if name in ("delegate.services.lifecycle", "delegate.services.undo"))
        == []
    )


def test_help_lines_are_the_commands_own() -> None:
    """`--help` lists LAZY_COMMANDS' lines without importing the commands: each is its command's."""
    ctx = click.Context(cli)
    for name, (_module, summary) in LAZY_COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None, name
        assert (command.help or "").split("\n\n")[0].strip() == summary, name


# What a list on a warm index has no use for: reading or writing TOML, writing files, JSON, OpenSSL.
NOT_FOR_A_WARM_LIST = ("tomllib", "tomli_w", "tempfile", "json", "hashlib")


@pytest.mark.parametrize(
    "args", [("followup", "list", "--overdue"), ("delegation", "list"), ("meeting", "list")]
)
def test_a_list_on_a_warm_index_reads_and_writes_no_file(data: Path, args: tuple[str, ...]) -> None:
    imported_by(data, "followup", "add", "call the clerk", "--due", "2020-01-01")
    imported_by(data, *args)  # the index written
    modules = imported_by(data, *args)
    assert sorted(name for name in modules if name in NOT_FOR_A_WARM_LIST) == []


def test_an_export_reads_no_calendar(data: Path) -> None:
    """Exporting imports the calendar writer, not the reader of published calendars (nor its
    recurrence expander)."""
    out = data.parent / "calendar.ics"
    imported_by(data, "followup", "add", "call the clerk", "--due", "2020-01-01")
    modules = imported_by(data, "export", "ics", "-o", str(out))
    assert "delegate.ics.export" in modules
    reading = ("delegate.ics.reader", "delegate.ics.importing", "recurring_ical_events")
    assert sorted(name for name in modules if name.startswith(reading)) == []
