"""A terminal closed in the middle of a meeting: the real app in a pseudo-terminal, killed with SIGKILL
after typing into the minutes. What was typed is on disk."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from delegate.model import Minutes
from delegate.services.demo import write_demo
from delegate.store import Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))


def _drain(fd: int, seconds: float) -> bytes:
    seen = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_minutes_typed_survive_sigkill(tmp_path: Path) -> None:
    root = tmp_path / "data"
    write_demo(Store(root, index=None), NOW)
    latest = max(Store(root, index=None).all(Minutes), key=lambda minutes: minutes.date)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "DELEGATE_HOME": str(root),
        "DELEGATE_CACHE": str(tmp_path / "cache"),
        "DELEGATE_TZ": "America/Vancouver",
        "DELEGATE_NOW": NOW.isoformat(),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "delegate"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    try:
        _drain(leader, 4.0)  # start-up
        os.write(leader, b"i")  # the Minutes section; the newest minutes are the first row
        _drain(leader, 1.5)
        os.write(leader, b"\r")
        _drain(leader, 1.5)
        os.write(leader, b" Kill-test sentence typed live.")
        _drain(leader, 1.5)  # longer than the autosave pause
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(leader)
    saved = Store(root, index=None).get(Minutes, latest.id)
    assert any("Kill-test sentence typed live." in item.discussion for item in saved.items)
    assert [problem for problem in Store(root, index=None).load_all() if problem.severity == "error"] == []
