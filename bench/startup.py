"""Start-up to first paint: delegate's dashboard on ten years of data vs a bare Textual app.

Each run spawns a fresh process in a pseudo-terminal and times, from spawn, the moment the screen
shows a marker (the dashboard's first section title; the bare app's one label), then sends `q` and
times the exit. The two apps alternate, in one run, so both see the same machine state.

    python bench/startup.py [--runs 7] [--data DIR]

Prints medians and the ratio delegate / bare (target: first paint ≤ 1.25×).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>]")
TIMEOUT = 30.0
# On the dashboard's title bar once its records are read ("Loading…" before): the dashboard filled in.
FILLED = b"What's next"

BARE_APP = textwrap.dedent(
    """
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Label("bare textual ready")

    Bare().run()
    """
)


def peak_memory(pid: int) -> int:
    """The peak resident memory of a running process, in bytes (Linux; 0 where unknown)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def spawn_and_time(
    command: list[str], marker: bytes, env: dict[str, str], settle: float = 0.0, then: bytes | None = None
) -> tuple[float, float, int]:
    """Seconds from spawn to the marker on screen (or, with `then`, to that second marker: the
    dashboard filled in), from pressing q to the process's exit, and the peak resident memory, read
    `settle` seconds after the marker (once the app has loaded its data)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(follower)
    seen = b""
    painted = None
    try:
        while painted is None:
            if time.perf_counter() - started > TIMEOUT:
                raise RuntimeError(
                    f"no {marker!r} on screen after {TIMEOUT} s: {ANSI.sub(b'', seen)[-400:]!r}"
                )
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
                screen = ANSI.sub(b"", seen)
                if marker in screen and (then is None or then in screen[screen.index(marker) :]):
                    painted = time.perf_counter() - started
        settled = time.perf_counter() + settle
        while time.perf_counter() < settled:  # keep draining the screen while the app loads
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(leader, 65536)
        peak = peak_memory(process.pid)
        quit_at = time.perf_counter()
        os.write(leader, b"q")
        while process.poll() is None:
            if time.perf_counter() - quit_at > TIMEOUT:
                raise RuntimeError("the app did not exit after q")
            ready, _, _ = select.select([leader], [], [], 0.01)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(leader, 65536)
        exited = time.perf_counter() - quit_at
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(leader)
    if painted is None:
        raise RuntimeError("the app exited before painting")
    return painted, exited, peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, help="an existing data folder (default: generate ten years)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="delegate-startup-"))
    data = args.data
    if data is None:
        sys.path.insert(0, str(HERE))
        from synthetic import generate

        data = work / "data"
        counts = generate(data)
        print(f"generated {sum(counts.values())} records in {data}")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "DELEGATE_CACHE": str(work / "cache"),
        "DELEGATE_HOME": str(data),
        "TEXTUAL": "",
    }
    bare = work / "bare.py"
    bare.write_text(BARE_APP)
    delegate = [sys.executable, "-m", "delegate"]
    # Warm the index (and the OS file cache) once; that is the state a returning user starts in.
    spawn_and_time(delegate, b"Next meetings", env)

    # Quit is timed once the app has settled (its dashboard read): nobody quits within 30 ms.
    results: dict[str, list[tuple[float, float, int]]] = {"bare": [], "delegate": []}
    filled: list[float] = []
    for _ in range(args.runs):
        results["bare"].append(spawn_and_time([sys.executable, str(bare)], b"bare textual ready", env, 1.5))
        results["delegate"].append(spawn_and_time(delegate, b"Next meetings", env, 1.5))
        filled.append(spawn_and_time(delegate, b"Next meetings", env, then=FILLED)[0])

    def median(name: str, index: int) -> float:
        return statistics.median(run[index] for run in results[name])

    paint_ratio = median("delegate", 0) / median("bare", 0)
    print(f"{'':24}{'bare textual':>14}{'delegate':>12}{'ratio':>8}")
    print(
        f"{'first paint (median s)':24}{median('bare', 0):14.3f}"
        f"{median('delegate', 0):12.3f}{paint_ratio:8.2f}"
    )
    print(
        f"{'dashboard filled (s)':24}{'':14}{statistics.median(filled):12.3f}"
        f"{statistics.median(filled) / median('bare', 0):8.2f}"
    )
    print(
        f"{'quit to exit (median s)':24}{median('bare', 1):14.3f}{median('delegate', 1):12.3f}"
        f"{median('delegate', 1) / median('bare', 1):8.2f}"
    )
    verdict = "PASS" if paint_ratio <= 1.25 else "FAIL"
    print(f"target first paint ≤ 1.25× bare Textual: {verdict} ({paint_ratio:.2f}×, {args.runs} runs each)")


if __name__ == "__main__":
    main()
