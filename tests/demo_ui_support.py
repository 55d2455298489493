"""What the Pilot tests on the demo data share: the demo written at a fixed moment, and the app on it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.pilot import Pilot

from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


def demo_folder(tmp_path: Path) -> Path:
    """A data folder holding the demo, written as of NOW."""
    root = tmp_path / "data"
    write_demo(on_disk(root), NOW)
    return root


def on_disk(root: Path) -> Store:
    """The folder as another process would read it: no index, nothing cached."""
    return Store(root, index=None)


def run(root: Path, scenario: Scenario) -> None:
    """The app on `root` at NOW (no folder watch), driven by `scenario`."""
    run_at(root, scenario, (120, 40))


def run_at(root: Path, scenario: Scenario, size: tuple[int, int]) -> None:
    """As `run`, in a terminal of `size` (columns, rows)."""

    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())
