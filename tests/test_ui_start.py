"""Opening the app: a light first frame at once, then the dashboard; the fast path past the parser."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from delegate.cli import _app_only
from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.dashboard import DashboardScreen

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))


def test_the_start_screen_comes_first_then_the_dashboard(tmp_path: Path) -> None:
    root = tmp_path / "data"
    write_demo(Store(root, index=False, default_zone="America/Vancouver"), NOW)
    app = make_app(root, now=lambda: NOW, watch=False, start_screen=True)
    first_frame: list[str] = []
    open_dashboard = app._open_dashboard

    def opening() -> None:
        # What was on screen the moment the dashboard was asked for: the start screen's frame.
        shown = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
        first_frame.append(f"{type(app.screen).__name__}: {shown}")
        open_dashboard()

    app._open_dashboard = opening  # type: ignore[method-assign]

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen)
            assert app.screen.sub_title == "What's next"

    asyncio.run(scenario())
    assert len(first_frame) == 1
    assert first_frame[0].startswith("StartScreen: ")
    assert "Next meetings" in first_frame[0]
    assert "Reading your records" in first_frame[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "home"),
        (["--data-dir", "elsewhere"], "elsewhere"),
        (["--data-dir=elsewhere"], "elsewhere"),
        (["body", "list"], None),
        (["--help"], None),
        (["--data-dir", "elsewhere", "check"], None),
        (["--data-dir", "a-file"], None),  # click explains that one
    ],
)
def test_only_a_bare_start_skips_the_parser(
    args: list[str], expected: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DELEGATE_HOME", str(tmp_path / "home"))
    (tmp_path / "a-file").write_text("not a folder")
    found = _app_only(args)
    assert (found.name if found is not None else None) == expected
