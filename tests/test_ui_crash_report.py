"""A crash in the app is reported without local variables and with confidential names redacted."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from delegate.model import Person
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))


def test_a_crash_report_names_no_confidential_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "data"
    store = Store(root, index=False, default_zone="America/Vancouver")
    store.save(Person("peer", "Rosa Jimenez", role="Peer representative", confidential=True))
    app = make_app(root, now=lambda: NOW, watch=False)

    def explode() -> None:
        person = app.store.get(Person, "peer")
        secret_local = person.name  # Textual's own report would print this local
        raise RuntimeError(f"could not show {secret_local}")

    async def scenario(app: DelegateApp) -> None:
        async with app.run_test() as pilot:
            await pilot.pause()
            app.call_later(explode)
            await pilot.pause()

    with pytest.raises(RuntimeError):
        asyncio.run(scenario(app))
    report = capsys.readouterr().err  # what the person sees (and might paste into a bug report)
    assert "RuntimeError: could not show Peer representative" in report
    assert "Rosa" not in report
    assert "Jimenez" not in report
    assert "secret_local" in report  # the frame's source line, not its value


def test_a_report_says_less_when_the_people_cannot_be_read() -> None:
    from delegate.services.crash import WITHHELD, crash_report

    def unreadable() -> Store:
        raise OSError("the folder is gone")

    assert crash_report(RuntimeError("could not show Rosa Jimenez"), unreadable) == WITHHELD


def test_a_report_cannot_drive_the_terminal(tmp_path: Path) -> None:
    from delegate.services.crash import crash_report

    store = Store(tmp_path / "data", index=False, default_zone="America/Vancouver")
    store.save(Person("peer", "Rosa Jimenez", role="Peer representative", confidential=True))
    report = crash_report(RuntimeError("title \x1b]0;pwned\x07 for jimenez"), lambda: store)
    assert "\x1b" not in report
    assert "title ␛]0;pwned␇ for Peer representative" in report
