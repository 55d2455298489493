"""Records in play without looking at ten years of files: folders unchanged since the index was
written are not listed again; only their records in play are looked at (see delegate/store/scan.py).

Every test here holds the answer to what reading every file gives.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import TEST_ZONE
from test_store_in_play import KINDS_IN_PLAY, TODAY, again, pinned_today, rule_applied, ten_years

import delegate.store.store as store_module
from delegate.model import FollowUp, FollowUpStatus, Meeting
from delegate.store import Store, scan

__all__ = ["pinned_today"]  # the fixture, pinning the day the index files records away by

AN_HOUR_AGO = time.time() - 3600


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every folder a store lists from now on."""
    folders: list[str] = []
    original = scan.record_entries

    def counting(folder: str, *args: object, **kwargs: object) -> object:
        folders.append(folder)
        return original(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "record_entries", counting)
    return folders


def settle(root: Path) -> None:
    """Every folder last changed an hour ago: older than a file system's clock tick, so trusted."""
    for directory, _folders, _files in os.walk(root):
        os.utime(directory, (AN_HOUR_AGO, AN_HOUR_AGO))


def indexed(tmp_store: Store) -> Store:
    """Ten years, read once whole (the index written with its folders settled), as a returning user has it."""
    ten_years(tmp_store)
    settle(tmp_store.root)
    again(tmp_store).load_all()
    return again(tmp_store)


def same_as_reading_everything(store: Store) -> None:
    for cls in KINDS_IN_PLAY:
        assert again(store).in_play(cls, TODAY) == rule_applied(again(store), cls, TODAY)


def test_unchanged_folders_are_not_listed_again(tmp_store: Store, listed: list[str]) -> None:
    later = indexed(tmp_store)
    listed.clear()
    open_items = later.in_play(FollowUp, TODAY)
    assert listed == []
    later.in_play(Meeting, TODAY)
    assert listed == []
    assert [item.id for item in open_items] == [
        item.id for item in rule_applied(again(later), FollowUp, TODAY)
    ]


def test_a_save_is_seen_though_the_folder_was_trusted(tmp_store: Store, listed: list[str]) -> None:
    later = indexed(tmp_store)
    other = again(later)
    reopened = other.get(FollowUp, "2020-01-01-item")
    other.save(FollowUp(id=reopened.id, text="Item 1, again", due=reopened.due))
    other.save(other.get(FollowUp, "2020-01-04-item").done(TODAY))
    listed.clear()
    open_items = [item.id for item in again(later).in_play(FollowUp, TODAY)]
    assert "2020-01-01-item" in open_items
    assert "2020-01-04-item" not in open_items
    assert any(folder.endswith(os.path.join("followups", "2020")) for folder in listed)
    same_as_reading_everything(later)


def test_a_file_added_or_removed_by_hand_is_seen(tmp_store: Store) -> None:
    later = indexed(tmp_store)
    source = later.root / "followups" / "2020" / "2020-01-04-item.toml"
    text = source.read_text().replace('status = "done"', 'status = "open"')
    (source.parent / "2020-01-30-by-hand.toml").write_text(text.replace("2020-01-04", "2020-01-30"))
    (later.root / "followups" / "2020" / "2020-01-08-item.toml").unlink()
    open_items = [item.id for item in again(later).in_play(FollowUp, TODAY)]
    assert "2020-01-30-by-hand" in open_items
    assert "2020-01-08-item" not in open_items
    same_as_reading_everything(later)


def test_a_record_in_play_edited_in_place_is_seen(tmp_store: Store) -> None:
    later = indexed(tmp_store)
    path = later.root / "followups" / "2020" / "2020-01-08-item.toml"
    assert later.get(FollowUp, "2020-01-08-item").status is FollowUpStatus.OPEN
    folder_stamp = os.stat(path.parent)
    with path.open("r+") as handle:  # in place: the folder's stamp does not move
        text = handle.read().replace('text = "Item 8"', 'text = "Item 8, in place"')
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    os.utime(path.parent, ns=(folder_stamp.st_atime_ns, folder_stamp.st_mtime_ns))
    texts = {item.id: item.text for item in again(later).in_play(FollowUp, TODAY)}
    assert texts["2020-01-08-item"] == "Item 8, in place"
    same_as_reading_everything(later)


def test_a_folder_changed_just_now_is_listed_in_full(tmp_store: Store, listed: list[str]) -> None:
    ten_years(tmp_store)  # every folder changed a moment ago
    again(tmp_store).load_all()
    listed.clear()
    again(tmp_store).in_play(FollowUp, TODAY)
    assert any(folder.endswith(os.path.join("followups", "2020")) for folder in listed)


def test_another_zone_lists_every_folder(tmp_store: Store, listed: list[str]) -> None:
    indexed(tmp_store)
    listed.clear()
    elsewhere = Store(tmp_store.root, index=tmp_store.root.parent / "index.sqlite", default_zone="Asia/Tokyo")
    elsewhere.in_play(FollowUp, TODAY)
    assert any(folder.endswith(os.path.join("followups", "2020")) for folder in listed)
    assert TEST_ZONE != "Asia/Tokyo"


def test_a_folder_with_a_link_is_always_listed(tmp_store: Store, listed: list[str]) -> None:
    ten_years(tmp_store)
    folder = tmp_store.root / "followups" / "2020"
    outside = tmp_store.root / "followups" / "2020-01-31-linked.toml.kept"
    os.replace(folder / "2020-01-12-item.toml", outside)
    (folder / "2020-01-12-item.toml").symlink_to(outside)
    settle(tmp_store.root)
    again(tmp_store).load_all()
    listed.clear()
    again(tmp_store).in_play(FollowUp, TODAY)
    assert str(folder) in listed
    same_as_reading_everything(tmp_store)


def test_records_out_of_play_stay_unread_in_a_trusted_folder(tmp_store: Store) -> None:
    later = indexed(tmp_store)
    assert date(2020, 1, 4) < TODAY
    kept = {item.id for item in later.in_play(FollowUp, TODAY)}
    assert "2020-01-01-item" not in kept  # done: out of play
    assert later.get(FollowUp, "2020-01-01-item").status is FollowUpStatus.DONE  # read when asked


def test_the_rules_statuses_are_the_models() -> None:
    """The kinds' rules compare statuses by value (importing no record module): the same values."""
    from delegate.model import DelegationStatus
    from delegate.store import kinds

    assert {DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP} == kinds._SPOKEN
    assert FollowUpStatus.OPEN == "open"
