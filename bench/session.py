"""A terminal app in a pseudo-terminal, as a person sees it: spawn it, wait for text, press keys.

Times are from the moment something is asked of the app (spawn, a key written to the terminal) to
the moment the text that answers it is on the screen (read from the terminal, escapes stripped).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>]")
TIMEOUT = 60.0


class Session:
    """One run of a terminal app, 120×40, in its own session (so it can be stopped whole)."""

    def __init__(self, command: Sequence[str], env: dict[str, str]) -> None:
        self.leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command),
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(follower)
        self.seen = b""

    def wait_for(self, *markers: bytes, since: float | None = None) -> float:
        """Seconds from `since` (default: the spawn) until every marker is on screen, in order, in
        what the app wrote after `since` was taken (see mark)."""
        start = self.started if since is None else since
        offset = 0 if since is None else self._offset
        while True:
            screen = ANSI.sub(b"", self.seen[offset:])
            position = 0
            for marker in markers:
                found = screen.find(marker, position)
                if found < 0:
                    break
                position = found + len(marker)
            else:
                return time.perf_counter() - start
            if time.perf_counter() - start > TIMEOUT:
                raise RuntimeError(f"no {markers!r} on screen after {TIMEOUT} s: {screen[-400:]!r}")
            if not self._read(0.02) and self.process.poll() is not None:
                raise RuntimeError(f"the app exited before showing {markers!r}: {screen[-400:]!r}")

    _offset = 0

    def press(self, key: bytes) -> float:
        """Write a key; returns the moment it was written (for wait_for's `since`)."""
        self._offset = len(self.seen)
        moment = time.perf_counter()
        os.write(self.leader, key)
        return moment

    def drain(self, seconds: float) -> None:
        """Keep reading what the app writes for a while (it is still loading, or settling)."""
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            self._read(0.02)

    def peak_memory(self) -> int:
        """The app's peak resident memory so far, in bytes (Linux; 0 where unknown)."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
        return 0

    def close(self) -> None:
        """Quit with q (as a person does), else stop it."""
        with contextlib.suppress(OSError):
            os.write(self.leader, b"q")
        until = time.perf_counter() + 10
        while self.process.poll() is None and time.perf_counter() < until:
            self._read(0.02)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.leader)

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.leader], [], [], wait)
        if not ready:
            return False
        try:
            self.seen += os.read(self.leader, 65536)
        except OSError:
            return False
        return True

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
