"""A real Radicale CalDAV server on 127.0.0.1, with its storage in a temporary folder, for the sharing tests.

It runs as a child process (`python -m radicale`) on a free port, with one user (`ana`, password
`secret`), plain htpasswd and no delay after a refused login; `stop()` ends it and `start()` brings it
back on the same port with the same storage (a server restart).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

USER = "ana"
PASSWORD = "secret"
START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RadicaleServer:
    """One Radicale process over a storage folder that outlives its restarts."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.storage = folder / "storage"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        users = folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        self.config = folder / "config"
        self.config.write_text(
            "\n".join(
                [
                    "[server]",
                    f"hosts = 127.0.0.1:{self.port}",
                    "[auth]",
                    "type = htpasswd",
                    f"htpasswd_filename = {users}",
                    "htpasswd_encryption = plain",
                    "delay = 0",
                    "[rights]",
                    "type = owner_only",
                    "[storage]",
                    f"filesystem_folder = {self.storage}",
                    "[web]",
                    "type = none",
                    "[logging]",
                    "level = error",
                    "",
                ]
            ),
            encoding="utf-8",
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def calendar_url(self, name: str | None = None) -> str:
        """A calendar's address in the user's home (a new name each time unless given)."""
        return f"{self.base}/{USER}/{name or 'cal-' + uuid.uuid4().hex[:8]}/"

    def start(self) -> None:
        log = (self.folder / "radicale.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "-C", str(self.config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale stopped at start: {(self.folder / 'radicale.log').read_text()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("radicale did not start in time")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def restart(self) -> None:
        self.stop()
        self.start()

    def stored_text(self) -> str:
        """Every file Radicale keeps (items, caches, history, properties), as text, with their names."""
        parts = []
        for path in sorted(self.storage.rglob("*")):
            if path.is_file():
                parts.append(str(path.relative_to(self.storage)))
                parts.append(path.read_bytes().decode("utf-8", errors="replace"))
        return "\n".join(parts)

    def items(self, name: str) -> list[Path]:
        """The .ics files of one calendar, as Radicale stores them."""
        folder = self.storage / "collection-root" / USER / name
        return sorted(folder.glob("*.ics")) if folder.is_dir() else []
