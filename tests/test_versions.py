"""Earlier texts of scripts and handouts: kept by every save that changes them, never read as records."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from delegate.model import Body, Handout, Script
from delegate.services.check import check
from delegate.store import AmbiguousIdError, ConflictError, NotFoundError, Store, StoreError, atomic, kind_of
from delegate.store.versions import (
    VERSIONS_FOLDER,
    find_version,
    list_versions,
    previous_text,
    read_version,
    restore_version,
    versions_dir,
)

ZONE = "America/Vancouver"
FIRST = "## Greeting\nGood evening, Chair.\n"
SECOND = "## Greeting\nGood evening, Chair and members.\n"
THIRD = "## Greeting\nGood evening, Chair, members and staff of the Board.\n"


def fresh(store: Store) -> Store:
    return Store(store.root, index=False, default_zone=ZONE)


def _shared(one: str, other: str) -> int:
    """How many leading characters two ids have in common."""
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other))
    )


def saved_three_times(store: Store) -> Script:
    script = Script("speech", "Speech", FIRST)
    store.save(script)
    store.save(replace(script, text=SECOND))
    store.save(replace(script, text=THIRD))
    return store.get(Script, "speech")


def test_each_change_keeps_the_text_it_replaces(tmp_store: Store) -> None:
    script = saved_three_times(tmp_store)
    kept = list_versions(tmp_store, script)
    assert [read_version(tmp_store, script, version.id) for version in kept] == [FIRST, SECOND]
    assert [version.words for version in kept] == [3, 5]
    assert [version.id for version in kept] == sorted(version.id for version in kept)
    folder = tmp_store.root / "scripts" / VERSIONS_FOLDER / "speech"
    assert [version.path for version in kept] == [folder / f"{version.id}.md" for version in kept]
    for version in kept:
        assert len(version.id) == 21  # YYYYmmddTHHMMSSffffff
        assert version.id[8] == "T"
        assert version.when.tzinfo is not None
        assert abs(version.when - datetime.now(UTC)) < timedelta(minutes=1)
        assert version.when.strftime("%Y%m%dT%H%M%S%f") == version.id
    assert fresh(tmp_store).get(Script, "speech").text == THIRD


def test_versions_are_owner_only(tmp_store: Store) -> None:
    script = saved_three_times(tmp_store)
    [version, _] = list_versions(tmp_store, script)
    assert stat.S_IMODE(version.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(version.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(version.path.parent.parent.stat().st_mode) == 0o700


def test_nothing_kept_when_the_text_does_not_change(tmp_store: Store) -> None:
    script = Script("speech", "Speech", FIRST)
    tmp_store.save(script)
    tmp_store.save(replace(script, title="A better title", target=timedelta(minutes=3)))
    tmp_store.save(tmp_store.get(Script, "speech"))
    assert list_versions(tmp_store, script) == []
    assert not (tmp_store.root / "scripts" / VERSIONS_FOLDER).exists()


def test_an_empty_text_is_nothing_to_keep(tmp_store: Store) -> None:
    script = Script("speech", "Speech")
    tmp_store.save(script)
    tmp_store.save(replace(script, text=FIRST))
    assert list_versions(tmp_store, script) == []
    # but emptying a text keeps what was there
    tmp_store.save(replace(script, text=""))
    assert [read_version(tmp_store, script, v.id) for v in list_versions(tmp_store, script)] == [FIRST]


def test_handouts_keep_versions_too(tmp_store: Store) -> None:
    handout = Handout("sheet", "Fact sheet", "# Facts\nOne.\n")
    tmp_store.save(handout)
    tmp_store.save(replace(handout, text="# Facts\nOne. Two.\n"))
    [version] = list_versions(tmp_store, handout)
    assert version.path.parent == tmp_store.root / "handouts" / VERSIONS_FOLDER / "sheet"
    assert read_version(tmp_store, handout, version.id) == "# Facts\nOne.\n"


def test_records_without_text_have_no_versions(tmp_store: Store) -> None:
    body = Body("board", "Board")
    tmp_store.save(body)
    tmp_store.save(replace(body, members=7))
    with pytest.raises(StoreError, match="no text"):
        list_versions(tmp_store, body)
    assert previous_text(tmp_store.root, kind_of(Body), "board", tmp_store.path_of(body), b"x") is None


def test_restore_brings_the_old_text_back_and_keeps_the_current(tmp_store: Store) -> None:
    script = saved_three_times(tmp_store)
    first, second = list_versions(tmp_store, script)
    unique = first.id[: _shared(first.id, second.id) + 1]
    restored = restore_version(tmp_store, script, unique)  # a unique prefix is enough
    assert restored.text == FIRST
    assert fresh(tmp_store).get(Script, "speech").text == FIRST
    kept = list_versions(tmp_store, restored)
    assert [read_version(tmp_store, restored, v.id) for v in kept] == [FIRST, SECOND, THIRD]
    # restoring what is already there changes nothing and keeps nothing more
    assert restore_version(tmp_store, restored, first.id) is restored
    assert len(list_versions(tmp_store, restored)) == 3


def test_unknown_and_ambiguous_versions(tmp_store: Store) -> None:
    script = saved_three_times(tmp_store)
    with pytest.raises(NotFoundError, match="script speech has no version '1999'"):
        read_version(tmp_store, script, "1999")
    with pytest.raises(NotFoundError):
        read_version(tmp_store, script, "../../speech")
    with pytest.raises(NotFoundError):
        read_version(tmp_store, script, "")
    first, second = list_versions(tmp_store, script)
    prefix = first.id[: _shared(first.id, second.id)]
    with pytest.raises(AmbiguousIdError, match="matches 2 versions"):
        find_version(tmp_store, script, prefix)
    other = Script("other", "Other", FIRST)
    with pytest.raises(NotFoundError, match="none kept yet"):
        read_version(tmp_store, other, "2026")


def test_versions_are_never_read_as_records_and_check_is_clean(tmp_store: Store) -> None:
    saved_three_times(tmp_store)
    handout = Handout("sheet", "Fact sheet", "One.\n")
    tmp_store.save(handout)
    tmp_store.save(replace(handout, text="Two.\n"))
    # a stray file a person might drop in there is not a record either
    (versions_dir(tmp_store.root, kind_of(Script), "speech") / "notes.txt").write_text("x")
    reopened = fresh(tmp_store)
    assert [item.id for item in reopened.all(Script)] == ["speech"]
    assert [item.id for item in reopened.all(Handout)] == ["sheet"]
    assert check(reopened) == []
    # and the versions still list, ignoring the stray file
    assert len(list_versions(reopened, reopened.get(Script, "speech"))) == 2


def test_versions_do_not_change_the_folder_fingerprint(tmp_store: Store) -> None:
    script = saved_three_times(tmp_store)
    before = tmp_store.fingerprint()
    folder = versions_dir(tmp_store.root, kind_of(Script), script.id)
    (folder / "20000101T000000000000.md").write_text("old")
    assert tmp_store.fingerprint() == before


def test_an_outside_edit_is_a_conflict_and_keeps_nothing(tmp_store: Store) -> None:
    script = Script("speech", "Speech", FIRST)
    tmp_store.save(script)
    md = tmp_store.path_of(script).with_suffix(".md")
    md.write_text("typed in another editor\n", encoding="utf-8")
    os.utime(md, ns=(md.stat().st_mtime_ns + 10**9,) * 2)
    with pytest.raises(ConflictError):
        tmp_store.save(replace(script, text=SECOND))
    assert list_versions(tmp_store, script) == []
    assert md.read_text(encoding="utf-8") == "typed in another editor\n"


class _OsProxy:
    def __init__(self, **overrides: Any) -> None:
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


@pytest.mark.parametrize("failing_call", [2, 3])
def test_a_failed_save_leaves_no_version_behind(
    tmp_store: Store, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    # Renames go: the version, the Markdown, the TOML. If a later one fails, the earlier are undone.
    script = Script("speech", "Speech", FIRST)
    tmp_store.save(script)
    calls: list[object] = []

    def replace_failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == failing_call:
            raise OSError(errno.EIO, "I/O error")
        return os.replace(*args, **kwargs)

    monkeypatch.setattr(atomic, "os", _OsProxy(replace=replace_failing))
    with pytest.raises(StoreError, match="could not save script speech"):
        tmp_store.save(replace(script, text=SECOND))
    monkeypatch.undo()
    assert list_versions(tmp_store, script) == []
    assert fresh(tmp_store).get(Script, "speech").text == FIRST
    leftovers = [p for p in tmp_store.root.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    assert leftovers == []
    tmp_store.save(replace(script, text=SECOND))  # and it works once the disk is back
    assert len(list_versions(tmp_store, script)) == 1


def test_names_stay_in_order_when_the_clock_goes_back(tmp_store: Store) -> None:
    script = saved_three_times(tmp_store)
    last = list_versions(tmp_store, script)[-1]
    md = tmp_store.path_of(script).with_suffix(".md")
    earlier = last.when - timedelta(hours=1)
    path, data = previous_text(tmp_store.root, kind_of(Script), script.id, md, b"new", now=earlier) or (
        Path(),
        b"",
    )
    assert data == THIRD.encode()
    assert path.stem > last.id
    assert datetime.strptime(path.stem, "%Y%m%dT%H%M%S%f") - last.when.replace(tzinfo=None) == timedelta(
        microseconds=1
    )


def test_versions_survive_a_reload_with_the_index(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", index=tmp_path / "index.sqlite", default_zone=ZONE)
    saved_three_times(store)
    again = Store(tmp_path / "data", index=tmp_path / "index.sqlite", default_zone=ZONE)
    script = again.get(Script, "speech")
    assert script.text == THIRD
    assert len(list_versions(again, script)) == 2
    assert again.problems() == []
