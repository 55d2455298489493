"""What a broken file or a full disk is told as: one line that names what was being read or saved,
says nothing was changed, and never echoes a broken file's bytes (NUL, ESC, invalid UTF-8) raw.

The full disk is injected where the kernel reports it for a file written whole: at fsync (see
tests/test_disk_faults_real.py for the same on a real, tiny disk).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import Run, fails, ok
from click.testing import Result
from textual.pilot import Pilot

from delegate.errors import excerpt
from delegate.ics.sequences import LEDGER_NAME
from delegate.ui.app import DelegateApp

from demo_ui_support import demo_folder, run as run_app  # isort: skip

pytestmark = pytest.mark.usefixtures("cli_environment")

FULL = "the disk is full; nothing was changed"
RAW = ("\x00", "\x1b", "\x07", "\ufffd")  # what a broken file must not put on a terminal


@pytest.fixture
def demo(run: Run, data: Path) -> Path:
    ok(run("demo"))
    return data


def full_disk(monkeypatch: pytest.MonkeyPatch, only: Callable[[str], bool] = lambda name: True) -> None:
    """From now on, a file written whole whose temp file's name passes `only` finds the disk full."""
    made, sync = tempfile.mkstemp, os.fsync
    doomed: set[int] = set()

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        descriptor, name = made(*args, **kwargs)  # type: ignore[call-overload]
        if only(Path(name).name):
            doomed.add(descriptor)
        return descriptor, name

    def fsync(descriptor: int) -> None:
        if descriptor in doomed:
            doomed.discard(descriptor)
            raise OSError(errno.ENOSPC, "No space left on device")
        sync(descriptor)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fsync", fsync)


def files_under(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def no_raw_bytes(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        assert not any(char in stream for char in RAW), repr(stream)


# ---- a half-binary calendar file ------------------------------------------------------------------

GARBAGE = b"\x00\x01\x1b[2J\x1b]0;pwned\x07\xff\xfe" * 40


def test_a_half_binary_calendar_costs_its_binary_lines_and_echoes_none_of_them(
    run: Run, demo: Path, tmp_path: Path
) -> None:
    path = tmp_path / "council.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + GARBAGE + b"\r\nEND:VCALENDAR\r\n")
    before = files_under(demo)
    result = run("import", "ics", str(path), "--body", "lakeport-police-board")
    assert result.exit_code == 0
    assert "that are not iCalendar were left out (line 3" in result.stderr
    no_raw_bytes(result)
    assert len(result.stderr) < 300  # line numbers, not the lines
    assert files_under(demo) == before


def test_an_event_of_binary_garbage_is_skipped_with_its_bytes_escaped(
    run: Run, demo: Path, tmp_path: Path
) -> None:
    path = tmp_path / "council.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:\x1b[31m\x00x\r\n"
        b"SUMMARY:"
        + GARBAGE
        + b"\r\nDTSTART:2026\x00\x1b[2J"
        + GARBAGE
        + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = run("import", "ics", str(path), "--body", "lakeport-police-board", "--dry-run")
    assert result.exit_code == 0, result.output
    no_raw_bytes(result)
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1
    assert "\\x00\\x01\\x1b[2J" in skipped[0]  # the title, escaped
    assert "its DTSTART cannot be read" in skipped[0]
    assert len(skipped[0]) < 300


# ---- export ics -o on a full disk ------------------------------------------------------------------


def test_export_ics_to_a_full_disk_names_the_calendar_and_changes_nothing(
    run: Run, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "delegate.ics"
    target.parent.mkdir()
    ok(run("export", "ics", "-o", str(target)))
    # A new event, so this export has a new version to keep.
    ok(run("meeting", "add", "--body", "lakeport-police-board", "--start", "2027-02-18 18:00"))
    before, old = files_under(demo), target.read_bytes()
    with monkeypatch.context() as patch:
        full_disk(patch, only=lambda name: name.startswith(".delegate.ics."))  # the export's own disk
        result = run("export", "ics", "-o", str(target))
    fails(result, 1, f"could not write the calendar to {target}: {FULL}")
    assert target.read_bytes() == old
    assert [path.name for path in target.parent.iterdir()] == ["delegate.ics"]  # no temp file left
    assert files_under(demo) == before  # the event versions kept for it were put back


def test_export_ics_when_the_data_folder_is_full_names_the_versions_file(
    run: Run, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "delegate.ics"
    before = files_under(demo)
    with monkeypatch.context() as patch:
        full_disk(patch)
        result = run("export", "ics", "-o", str(target))
    fails(result, 1, f"could not write the calendar's event versions to {demo / LEDGER_NAME}: {FULL}")
    assert not target.exists()  # stopped before the calendar was written
    assert files_under(demo) == before


# ---- documents written with -o on a full disk ---------------------------------------------------

DOCUMENTS = {
    "handout": (("handout", "render", "safety-first-handout", "--format", "md"), "handout"),
    "letter": (("delegation", "letter", "2026-12-17-safety-first-reporting-guidelines"), "letter"),
    "minutes": (("minutes", "export", "2026-11-04-safer-nights-action-group", "--format", "html"), "minutes"),
    "agenda": (("agenda", "safer-nights-action-group", "--format", "md"), "agenda"),
    "report": (("audit", "report", "barriers-to-help", "--format", "pdf"), "report"),
}


@pytest.mark.parametrize(("args", "what"), DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_document_written_to_a_full_disk_names_it_and_keeps_the_old_file(
    run: Run, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], what: str
) -> None:
    target = tmp_path / "out" / "document"
    target.parent.mkdir()
    target.write_bytes(b"the last one")
    before = files_under(demo)
    with monkeypatch.context() as patch:
        full_disk(patch)
        result = run(*args, "-o", str(target))
    line = fails(result, 1, "could not write ", what, f" to {target}: {FULL}")
    assert "Errno" not in line
    assert target.read_bytes() == b"the last one"
    assert [path.name for path in target.parent.iterdir()] == ["document"]
    assert files_under(demo) == before


def test_no_room_for_the_editor_copy_is_one_line(
    run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def no_room(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    before = files_under(demo)
    with monkeypatch.context() as patch:
        patch.setattr(os, "fdopen", no_room)
        result = run("handout", "edit", "safety-first-handout")
    fails(result, 1, "could not make a private copy of handout safety-first-handout for the editor", FULL)
    assert list((tmp_path / "tmp").iterdir()) == []  # the copy's folder is not left behind
    assert files_under(demo) == before


# ---- the app's calendar export ------------------------------------------------------------------


def test_the_apps_calendar_export_on_a_full_disk_is_one_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo_folder(tmp_path)
    errors: list[str] = []

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        with monkeypatch.context() as patch:
            full_disk(patch)
            app.action_export_calendar()
            await app.workers.wait_for_complete()
            await pilot.pause()
        errors.extend(str(note.message) for note in app._notifications if note.severity == "error")

    run_app(root, scenario)
    ledger = root / LEDGER_NAME
    assert errors == [
        f"Calendar not exported: could not write the calendar's event versions to {ledger}: {FULL}"
    ]
    assert not (root / "exports" / "delegate.ics").exists()


# ---- the excerpt itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "quoted"),
    [
        (b"\x00\x1b[31mred\xff", "\\x00\\x1b[31mred\\xff"),
        ("caf\u00e9 \u2014 ok", "caf\u00e9 \u2014 ok"),  # printable text stays as it is
        ("tab\tnew\nline\u202e", "tab\\tnew\\nline\\u202e"),  # a right-to-left override is escaped too
        ("x" * 50, "x" * 40 + "…"),
        (b"\x00" * 50, "\\x00" * 10 + "…"),  # cut between escapes, never inside one
    ],
)
def test_an_excerpt_is_short_and_escaped(broken: str | bytes, quoted: str) -> None:
    assert excerpt(broken) == quoted
