"""Key → next frame: switching sections and filtering a list on ten years of records, vs pushing a bare
screen by key in the same app, in the same run.

    python bench/keys.py [--runs 3] [--data DIR]

The app runs in a pseudo-terminal (120×40) as a user runs it, on a copy of the folder (the app may
write its index; the folder given is never touched). A key is timed from the moment it is written to
the terminal until the screen it asks for is on it: the section's title in the header, "No match for
that filter." for a filter typed on a list. The baseline is a key bound, in the same app, to pushing a
screen with one label and nothing to read; the two alternate, so both see the same machine state.

- first visit: a section's key the first time (its screen is built and its records read);
- revisit: the same key later (the screen is kept; shown again only re-reads if something changed);
- filter: one character typed into a list's filter box (every row is matched again).

Medians; the ratios are the result (targets: revisit ≤ 1.5×, first visit ≤ 3×, filter ≤ 3×).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from app import FILLED  # noqa: E402
from session import Session  # noqa: E402  (bench/ is not a package)

QUIET = 0.25  # seconds without output: the app has finished drawing
TARGETS = {"revisit": 1.5, "first visit": 3.0, "filter": 3.0}
# Section key → its title in the header (delegate — <title>) once its screen is shown.
SECTIONS = {
    "m": "Meetings",
    "g": "Delegations",
    "s": "Scripts",
    "u": "Follow-ups",
    "b": "Bodies",
    "i": "Minutes",
    "h": "Handouts",
    "H": "Honoraria",
    "P": "Policy audits",
}
FILTERED_LIST = "m"  # the longest list: ten years of meetings
NO_MATCH = b"No match for that filter."
BARE_MARKER = b"bare screen ready"
F12 = b"\x1b[24~"
ENTER = b"\r"
BACKSPACE = b"\x7f"

# The app as the CLI starts it, with one key more: F12 pushes a screen with one label, x pops it.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Label

    from delegate.store import Store
    from delegate.ui import app
    from delegate.ui.app import DelegateApp


    class Bare(Screen[None]):
        BINDINGS = [Binding("x", "app.pop_screen", "Back")]

        def compose(self):
            yield Label("bare screen ready")


    class Bench(DelegateApp):
        CSS_PATH = str(Path(app.__file__).parent / DelegateApp.CSS_PATH)  # else read beside this file
        BINDINGS = [*DelegateApp.BINDINGS, Binding("f12", "bare", "Bare screen")]

        def action_bare(self) -> None:
            self.push_screen(Bare())


    root = Path(sys.argv[1])
    Bench(lambda: Store(root), watch=False, start_screen=True, warm_sections=True).run()
    """
)


@dataclass
class Timings:
    """Seconds from key to frame, by what was timed."""

    seconds: dict[str, list[float]] = field(default_factory=dict)

    def add(self, what: str, value: float) -> None:
        self.seconds.setdefault(what, []).append(value)

    def median(self, what: str) -> float:
        return statistics.median(self.seconds[what])


class Terminal(Session):
    """The app in a pseudo-terminal (bench/session.py), with keys timed once the screen is still."""

    def keypress(self, key: bytes, marker: bytes) -> float:
        """Seconds from writing `key` until `marker` is on the screen (only output after the key counts)."""
        self.settle()
        return self.wait_for(marker, since=self.press(key))

    def type(self, keys: bytes) -> None:
        self.settle()
        os.write(self.leader, keys)
        self.settle()

    def settle(self) -> None:
        """Drain the screen until the app has drawn everything (no output for QUIET seconds)."""
        quiet_since = time.perf_counter()
        while time.perf_counter() - quiet_since < QUIET:
            if self._read(0.02):
                quiet_since = time.perf_counter()


def header(title: str) -> bytes:
    return f"delegate — {title}".encode()


def one_run(child: Path, data: Path, env: dict[str, str], timings: Timings) -> None:
    """One app: every section first, then again, then filtering; a bare screen before each key."""
    terminal = Terminal([sys.executable, str(child), str(data)], env)
    try:
        terminal.wait_for(FILLED)

        def bare() -> None:
            timings.add("bare", terminal.keypress(F12, BARE_MARKER))
            terminal.type(b"x")

        for what in ("first visit", "revisit"):
            for key, title in SECTIONS.items():
                bare()
                seconds = terminal.keypress(key.encode(), header(title))
                timings.add(what, seconds)
                timings.add(f"{what} · {title}", seconds)
                terminal.type(b"d")
        terminal.type(FILTERED_LIST.encode())
        for _ in range(5):
            bare()
            terminal.type(b"/")
            timings.add("filter", terminal.keypress(b"#", NO_MATCH))  # no meeting has a '#'
            terminal.type(BACKSPACE + ENTER)
    finally:
        terminal.close()


def run(data: Path, runs: int, work: Path) -> dict[str, float]:
    """Medians of each kind of key (seconds) and their ratios to the bare screen's."""
    copy = work / "data"
    shutil.copytree(data, copy, symlinks=True)
    child = work / "child.py"
    child.write_text(CHILD)
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "DELEGATE_CACHE": str(work / "cache"),
        "DELEGATE_CONFIG": str(work / "config"),
        "TEXTUAL": "",
    }
    timings = Timings()
    warm = Timings()
    one_run(child, copy, env, warm)  # the index written once: a returning user's folder
    for _ in range(runs):
        one_run(child, copy, env, timings)
    bare = timings.median("bare")
    result = {"bare": bare}
    for what in TARGETS:
        result[what] = timings.median(what)
        result[f"{what} ratio"] = timings.median(what) / bare
        result[f"{what} worst"] = max(timings.seconds[what])
    for what in ("first visit", "revisit"):
        for title in SECTIONS.values():
            result[f"{what} · {title}"] = timings.median(f"{what} · {title}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="an existing data folder (default: generate ten years)")
    parser.add_argument("--sections", action="store_true", help="also each section's median")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="delegate-keys-"))
    try:
        data = args.data
        if data is None:
            from synthetic import generate

            data = work / "generated"
            counts = generate(data, fast=True)
            print(f"generated {sum(counts.values())} records (ten years)")
        measured = run(data, args.runs, work)
        print(f"{'key → frame':24}{'median s':>10}{'worst s':>10}{'ratio':>8}{'target':>9}")
        print(f"{'bare screen (baseline)':24}{measured['bare']:10.3f}")
        for what, target in TARGETS.items():
            ratio = measured[f"{what} ratio"]
            verdict = "PASS" if ratio <= target else "FAIL"
            print(
                f"{what:24}{measured[what]:10.3f}{measured[f'{what} worst']:10.3f}"
                f"{ratio:7.2f}×{f'≤ {target}×':>9}  {verdict}"
            )
        if args.sections:
            for what in ("first visit", "revisit"):
                for title in SECTIONS.values():
                    seconds = measured[f"{what} · {title}"]
                    print(f"  {what} · {title:18}{seconds:8.3f}{seconds / measured['bare']:9.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
