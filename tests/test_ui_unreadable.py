"""A file the app cannot read is named on the dashboard, never skipped in silence."""

from __future__ import annotations

from pathlib import Path

from demo_ui_support import demo_folder, run
from textual.pilot import Pilot
from textual.widgets import Static

from delegate.ui.app import DelegateApp


def notice(app: DelegateApp) -> Static:
    return app.screen.query_one("#unreadable", Static)


def test_a_broken_meeting_file_is_named_with_its_line(tmp_path: Path) -> None:
    root = demo_folder(tmp_path)
    broken = root / "meetings" / "2026" / "2026-12-30-broken.toml"
    broken.write_text('schema = 1\nbody = "lakeport-police-board"\nstart = 2026-12-30T18:00[\n')

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert notice(app).display
        text = str(notice(app).render())
        assert "1 file could not be read; what it holds" in text
        assert "meetings/2026/2026-12-30-broken.toml:3" in text
        assert "delegate check" in text
        # the rest of the folder is there
        assert app.screen.query_one("#meetings").row_count > 1  # type: ignore[attr-defined]
        # fixed by hand, then read again: the notice goes
        broken.unlink()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not notice(app).display

    run(root, scenario)


def test_no_notice_when_every_file_reads(tmp_path: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        assert not notice(app).display

    run(demo_folder(tmp_path), scenario)


def test_many_broken_files_are_counted_and_the_first_named(tmp_path: Path) -> None:
    root = demo_folder(tmp_path)
    for day in range(1, 6):
        (root / "followups" / "2026" / f"2026-12-0{day}-broken.toml").write_text("text = \n")

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        text = str(notice(app).render())
        assert "5 files could not be read; what they hold" in text
        assert "followups/2026/2026-12-01-broken.toml:1" in text
        assert "… and 2 more" in text

    run(root, scenario)


def test_hostile_files_are_named_and_the_app_does_not_hang(tmp_path: Path) -> None:
    """A FIFO named like a follow-up (a read would wait forever) and a meeting nested 1,000 deep."""
    import os

    root = demo_folder(tmp_path)
    os.mkfifo(root / "followups" / "2026" / "2026-12-01-fifo.toml")
    (root / "meetings" / "2026" / "2026-12-30-deep.toml").write_text("x = " + "[" * 1000 + "]" * 1000)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        text = str(notice(app).render())
        assert "2 files could not be read" in text
        assert "followups/2026/2026-12-01-fifo.toml: is a FIFO (named pipe), not a record file" in text
        assert "meetings/2026/2026-12-30-deep.toml: nests too deeply to be a record" in text
        assert app.screen.query_one("#meetings").row_count > 1  # type: ignore[attr-defined]

    run(root, scenario)
