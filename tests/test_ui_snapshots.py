"""Screenshots of the dashboard, compared with the accepted SVGs in tests/__snapshots__/.

Regenerate after an intended change with
`.venv/bin/python -m pytest tests/test_ui_snapshots.py --snapshot-update`, then look at the SVGs.
Everything shown is fixed: `now` is pinned, the demo is dated from it, and the header has no clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app

USER_ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(USER_ZONE))
SIZE = (120, 40)

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _fixed_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", USER_ZONE)
    monkeypatch.delenv("DELEGATE_NOW", raising=False)


def app_on(root: Path) -> DelegateApp:
    return make_app(root, now=lambda: NOW, watch=False)


def test_dashboard_with_demo_data(tmp_path: Path, snap_compare: SnapCompare) -> None:
    root = tmp_path / "data"
    write_demo(Store(root, index=None), NOW)
    assert snap_compare(app_on(root), terminal_size=SIZE)


def test_dashboard_empty_folder(tmp_path: Path, snap_compare: SnapCompare) -> None:
    assert snap_compare(app_on(tmp_path / "data"), terminal_size=SIZE)


def test_audit_screen_with_demo_data(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """The demo audit: workshops as counts, agencies with their progress, the first agency's findings."""
    root = tmp_path / "data"
    write_demo(Store(root, index=None), NOW)
    assert snap_compare(app_on(root), press=["P", "enter"], terminal_size=SIZE)


def test_dashboard_at_80_by_24(tmp_path: Path, snap_compare: SnapCompare) -> None:
    """A small terminal: next meetings, request deadlines and the overdue follow-ups all above the fold,
    and the footer shows the dashboard's own keys (the sections' keys are in `?`)."""
    root = tmp_path / "data"
    write_demo(Store(root, index=None), NOW)
    assert snap_compare(app_on(root), terminal_size=(80, 24))
