"""Full disks and read-only folders for real: a tiny tmpfs, a read-only bind mount, a folder the user
may read but not write. (tests/test_cli_errors.py and tests/test_store.py inject the same faults into
the file calls; these check that the kernel's own errors are explained just as well.)

Mounting needs root; where it is not allowed the tests say so and are skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from delegate.model import Script
from delegate.store import Store, StoreError

ZONE = "America/Vancouver"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs, mounted for this test only."""
    point = tmp_path / "tiny"
    point.mkdir()
    if (
        os.geteuid() != 0
        or shutil.which("mount") is None
        or not _mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(point))
    ):
        pytest.skip("mounting a small tmpfs needs root (not available here)")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _cli(data: Path, *args: str, user: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DELEGATE_NOW": "2026-11-27T09:00", "TZ": "UTC"}
    return subprocess.run(
        [*user, sys.executable, "-m", "delegate", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_a_full_disk_keeps_the_saved_script_whole(tiny_disk: Path) -> None:
    data = tiny_disk / "data"
    store = Store(data, index=False, default_zone=ZONE)
    store.save(Script(id="speech", title="Street checks", text="## Opening\nThe words we practised.\n"))
    before = _files(data)
    filler = tiny_disk / "filler"
    # Fill what is left: the files' old content stays, new content has nowhere to go.
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * (256 * 1024))
    with pytest.raises(StoreError, match="the disk is full; nothing was changed"):
        store.save(Script(id="speech", title="Street checks", text="## Opening\n" + "more words " * 40_000))
    assert _files(data) == before  # the old Markdown and TOML, no temp file left behind
    assert (
        Store(data, index=False, default_zone=ZONE).get(Script, "speech").text.startswith("## Opening\nThe")
    )

    result = _cli(data, "body", "add", "Lakeport Police Board", "--kind", "police-board")
    filler.unlink()
    if result.returncode == 0:  # the little body fitted in what was left: then the disk was not full
        pytest.skip("the tmpfs still had room for a small file")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "the disk is full" in result.stderr


def test_a_read_only_folder_is_explained(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store(data, index=False, default_zone=ZONE).save(Script(id="speech", title="S", text="words\n"))
    before = _files(data)
    if os.geteuid() != 0 or not _mount("--bind", str(data), str(data)):
        pytest.skip("a read-only bind mount needs root (not available here)")
    try:
        if not _mount("-o", "remount,ro,bind", str(data)):
            pytest.skip("remounting read-only is not allowed here")
        result = _cli(data, "body", "add", "Lakeport Police Board")
        listing = _cli(data, "script", "list")
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)
    assert result.returncode == 1, result
    assert "read-only" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert listing.returncode == 0
    assert "speech" in listing.stdout
    assert _files(data) == before


def test_a_folder_the_user_cannot_write(tmp_path: Path) -> None:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to act as an unprivileged user")
    data = tmp_path / "data"
    Store(data, index=False, default_zone=ZONE).save(Script(id="speech", title="S", text="words\n"))
    before = _files(data)
    nobody = 65534
    for path in [data, *data.rglob("*")]:
        os.chown(path, nobody, nobody)
    os.chmod(tmp_path, 0o755)
    os.chmod(data, 0o500)  # the owner may read the folder, not change it
    (data / "scripts").chmod(0o500)
    user = (setpriv, f"--reuid={nobody}", f"--regid={nobody}", "--clear-groups")
    probe = subprocess.run(
        [*user, sys.executable, "-c", "import delegate.cli.root, delegate.store"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip("this Python cannot be run by an unprivileged user here")
    result = _cli(data, "body", "add", "Lakeport Police Board", user=user)
    assert result.returncode == 1, result
    assert "permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert _files(data) == before


def test_a_calendar_export_to_a_full_disk_changes_nothing(tiny_disk: Path, tmp_path: Path) -> None:
    """`export ics -o` where the calendar goes (and where the data folder is) has no room: one line that
    names what could not be written; no calendar file, and the event versions as they were."""
    outside, inside = tmp_path / "data", tiny_disk / "data"
    for data in (outside, inside):
        assert _cli(data, "body", "add", "Lakeport Police Board", "--kind", "police-board").returncode == 0
        added = _cli(data, "meeting", "add", "--body", "lakeport", "--start", "2026-12-17 18:00")
        assert added.returncode == 0, added.stderr
    before = {data: _files(data) for data in (outside, inside)}
    with (tiny_disk / "filler").open("wb") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * (256 * 1024))
    target = tiny_disk / "delegate.ics"
    to_full_disk = _cli(outside, "export", "ics", "-o", str(target))
    from_full_folder = _cli(inside, "export", "ics", "-o", str(tmp_path / "delegate.ics"))
    (tiny_disk / "filler").unlink()
    if to_full_disk.returncode == 0 or from_full_folder.returncode == 0:
        pytest.skip("the tmpfs still had room for a small file")
    assert to_full_disk.stderr == (
        f"delegate: could not write the calendar to {target}: the disk is full; nothing was changed\n"
    )
    ledger = inside / "calendar-sequences.toml"
    assert from_full_folder.stderr == (
        f"delegate: could not write the calendar's event versions to {ledger}: the disk is full;"
        " nothing was changed\n"
    )
    assert not target.exists()
    assert not (tmp_path / "delegate.ics").exists()
    assert {data: _files(data) for data in (outside, inside)} == before
