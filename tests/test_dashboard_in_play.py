"""The dashboard from the index's records in play is the dashboard a full read gives."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from demo_ui_support import NOW, demo_folder

from delegate.model import Delegation, DelegationStatus, FollowUp, FollowUpStatus, Meeting
from delegate.services.dashboard import build_dashboard
from delegate.store import Store


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW.isoformat())


def indexed(root: Path) -> Store:
    return Store(root, index=root.parent / "index.sqlite")


def every_record(root: Path) -> Store:
    return Store(root, index=None)


def next_run(root: Path, now: datetime) -> object:
    return build_dashboard(indexed(root), now)


@pytest.mark.parametrize("days", [0, 1, 10, 45, 120])
def test_the_next_run_shows_what_a_full_read_shows(tmp_path: Path, days: int) -> None:
    root = demo_folder(tmp_path)
    build_dashboard(indexed(root), NOW)  # the first run fills the index
    now = NOW + timedelta(days=days)
    expected = build_dashboard(every_record(root), now)
    assert not expected.empty
    assert next_run(root, now) == expected


def test_edits_from_elsewhere_show_on_the_next_run(tmp_path: Path) -> None:
    root = demo_folder(tmp_path)
    build_dashboard(indexed(root), NOW)
    elsewhere = every_record(root)
    for item in elsewhere.all(FollowUp):
        if item.status.value == "open":
            elsewhere.save(item.done(NOW.date()))
            break
    coming = next(d for d in elsewhere.all(Delegation) if d.status is DelegationStatus.REQUESTED)
    elsewhere.save(coming.confirm(NOW, agenda_position="4.2"))
    past = min(elsewhere.all(Meeting), key=lambda meeting: meeting.start)
    elsewhere.save(
        Delegation(id="1999-extra", meeting=past.id, topic="Old", status=DelegationStatus.FOLLOWED_UP)
    )
    expected = build_dashboard(every_record(root), NOW)
    assert next_run(root, NOW) == expected
    assert next_run(root, NOW) == expected  # and again, from the refreshed index


def test_an_empty_folder_and_a_folder_with_only_history(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert build_dashboard(indexed(root), NOW).empty
    store = every_record(root)
    store.save(FollowUp(id="2015-01-01-old", text="Old", status=FollowUpStatus.DROPPED))
    build_dashboard(indexed(root), NOW)  # the index now holds no follow-up in play
    assert not build_dashboard(indexed(root), NOW).empty  # but there is history: no welcome screen
