"""Files made on request in the app: written whole or not at all, and always a word on how it went."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from delegate.errors import DelegateError
from delegate.services.demo import CONFIDENTIAL_NAMES
from delegate.ui.app import DelegateApp
from delegate.ui.exporting import Export, write_export
from delegate.ui.screens.handouts import HandoutScreen
from delegate.ui.screens.minutes import MinutesScreen

from demo_ui_support import demo_folder, on_disk, run  # isort: skip
from test_ui_minutes import choose  # isort: skip


class Said:
    def __init__(self) -> None:
        self.notes: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, message: str, **options: Any) -> None:
        self.notes.append((message, options))

    @property
    def only(self) -> tuple[str, str]:
        (message, options), *rest = self.notes
        assert rest == []
        return message, options.get("severity", "information")


def export_of(make: Any, folder: Path, **more: Any) -> Export:
    return Export("Report", "delegate audit report x --format pdf", make, folder, **more)


def test_a_file_written_says_where_and_runs_what_follows(tmp_path: Path) -> None:
    target, after, said = tmp_path / "exports" / "report.pdf", [], Said()
    written = write_export(
        export_of(lambda: (target, b"%PDF"), tmp_path / "exports", written=lambda: after.append(1)), said
    )
    assert written == target
    assert target.read_bytes() == b"%PDF"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert after == [1]
    assert said.only == (f"Saved {target}", "information")


def test_a_refusal_is_said_in_its_own_words_and_nothing_is_written(tmp_path: Path) -> None:
    def make() -> tuple[Path, bytes]:
        raise DelegateError("the group has no meeting ahead; schedule one first")

    said = Said()
    assert write_export(export_of(make, tmp_path, refused="No agenda"), said) is None
    assert said.only == ("No agenda: the group has no meeting ahead; schedule one first", "error")
    assert list(tmp_path.iterdir()) == []


def test_an_unexpected_failure_names_its_kind_and_the_command_that_says_more(tmp_path: Path) -> None:
    def make() -> tuple[Path, bytes]:
        raise ZeroDivisionError("a bug, with details not for a notification")

    said = Said()
    assert write_export(export_of(make, tmp_path), said) is None
    assert said.only == (
        "Report not saved (ZeroDivisionError); `delegate audit report x --format pdf` says more.",
        "error",
    )


@pytest.mark.parametrize(
    ("function", "number", "reason"),
    [
        ("mkstemp", errno.EACCES, "permission denied"),  # a read-only folder
        ("fsync", errno.ENOSPC, "the disk is full"),  # a full disk
    ],
)
def test_a_file_that_cannot_be_written_is_named_and_the_old_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, function: str, number: int, reason: str
) -> None:
    target, after, said = tmp_path / "exports" / "report.pdf", [], Said()
    target.parent.mkdir()
    target.write_bytes(b"%PDF the last one")

    def fail(*args: Any, **kwargs: Any) -> Any:
        # As the system says it: mkstemp names the temporary file it could not make beside the export.
        raise OSError(number, reason, str(target.parent / ".report.pdf.k3j2.tmp"))

    monkeypatch.setattr(tempfile if function == "mkstemp" else os, function, fail)
    written = write_export(
        export_of(lambda: (target, b"%PDF"), target.parent, written=lambda: after.append(1)), said
    )
    monkeypatch.undo()
    assert written is None
    assert after == []  # the calendar's versions are not advanced for a file never written
    # Said as every file delegate writes says it (services.files): what, where, why, nothing changed.
    assert said.only == (
        f"Not saved: could not write report to {target}: {reason}; nothing was changed",
        "error",
    )
    assert target.read_bytes() == b"%PDF the last one"
    assert [path.name for path in target.parent.iterdir()] == ["report.pdf"]


def test_a_failure_in_another_file_names_that_file(tmp_path: Path) -> None:
    target, ledger, said = tmp_path / "delegate.ics", tmp_path / "data" / "ledger.toml", Said()

    def remember() -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(ledger))

    write_export(export_of(lambda: (target, b"BEGIN"), tmp_path, written=remember), said)
    assert said.only == (f"Could not write {ledger}: No space left on device", "error")


# ---- in the app ------------------------------------------------------------------------------------


def test_minutes_are_exported_by_keys_without_confidential_names(tmp_path: Path) -> None:
    root = demo_folder(tmp_path)
    notes: list[str] = []

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        from delegate.model import Minutes

        minutes = on_disk(root).all(Minutes)[0]
        app.open_record("minutes", minutes.id)
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        for audience in ("md:public", "pdf:internal"):
            await pilot.press("ctrl+e")
            await pilot.pause()
            await choose(pilot, audience)
            await app.workers.wait_for_complete()
            await pilot.pause()
        notes.extend(str(note.message) for note in app._notifications)

    run(root, scenario)
    (public,) = (root / "exports").glob("*.md")
    (internal,) = (root / "exports").glob("*-INTERNAL.pdf")
    assert internal.read_bytes().startswith(b"%PDF")
    text = public.read_text(encoding="utf-8")
    assert "Peer representative" in text
    assert all(name not in text for name in CONFIDENTIAL_NAMES)
    assert f"Saved {public}" in notes
    assert f"Saved {internal}" in notes


def test_a_handout_that_fails_to_render_is_a_notification_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo_folder(tmp_path)

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("a font went missing")

    monkeypatch.setattr("delegate.services.handouts.render_handout", broken)
    errors: list[str] = []

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("handout", "safety-first-handout")
        await pilot.pause()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HandoutScreen)  # the app is still here
        errors.extend(str(note.message) for note in app._notifications if note.severity == "error")

    run(root, scenario)
    command = "delegate handout render safety-first-handout --format pdf"
    assert errors == [f"Handout not saved (RuntimeError); `{command}` says more."]
    assert not (root / "exports").exists()
