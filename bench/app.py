"""The app as a person meets it, in a pseudo-terminal, against bare Textual apps in the same run.

    python bench/app.py [--data DIR] [--pairs 7]

- dashboard filled: spawn to the dashboard showing real records ("What's next" in its title, after
  "Next meetings"), vs spawn to a bare Textual app's first frame;
- first frame: spawn to the start screen's first frame (drawn before the records are read), vs the same;
- a screen after a key: from pressing a section's key (m, g, u…) on the filled dashboard to that
  screen's title on screen with its rows, vs pushing a bare Screen (one Label) on a bare app's key;
- peak memory once the dashboard is filled and has settled (3 s), vs the bare app's.

Wall time (the app waits on the terminal as much as on the machine); medians of pairs, ours and
the bare app alternating.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from measure import Row, delegate, environment, pairs, print_rows
from session import Session

SETTLE = 3.0  # seconds after the dashboard is filled before its memory is read
START = b"Next meetings"  # the start screen's (and the dashboard's) first heading
FILLED = b"What's next"  # the dashboard's title once its records are read ("Loading…" before)
# Each section's key and the title its screen shows in the header.
SCREENS = (
    ("m", "Meetings"),
    ("g", "Delegations"),
    ("u", "Follow-ups"),
    ("b", "Bodies"),
    ("s", "Scripts"),
    ("i", "Minutes"),
    ("h", "Handouts"),
    ("H", "Honoraria"),
    ("P", "Policy audits"),
)

BARE_APP = textwrap.dedent(
    """
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Label

    class BareScreen(Screen[None]):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

        def compose(self) -> ComposeResult:
            yield Label(f"bare screen {self.number} ready")

    class Bare(App[None]):
        BINDINGS = [("x", "open", "Open"), ("q", "quit", "Quit")]
        pushed = 0

        def compose(self) -> ComposeResult:
            yield Label("bare textual ready")

        def action_open(self) -> None:
            self.pushed += 1
            self.push_screen(BareScreen(self.pushed))

    Bare().run()
    """
)
BARE_READY = b"bare textual ready"


def app_environment(data: Path, cache: Path) -> dict[str, str]:
    return environment(data, cache, TERM="xterm-256color", TEXTUAL="")


def bare_command(work: Path) -> list[str]:
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP)
    return [sys.executable, str(bare)]


def dashboard_rows(data: Path, work: Path, count: int, label: str) -> list[Row]:
    """Filled dashboard and first frame against a bare app's first frame; peak memory against it."""
    env = app_environment(data, work / "cache")
    bare = bare_command(work)
    with Session(delegate(), env) as warming:  # the index written: a returning user's start
        warming.wait_for(START, FILLED)
        warming.drain(1.0)
    filled = Row(f"app start → dashboard filled ({label}) / bare Textual first frame", 1.5)
    first = Row("app start → first frame (start screen) / bare Textual first frame", 1.25)
    memory = Row(f"peak memory, dashboard filled ({label}) / bare Textual", 1.5, unit="MB")
    for row in (filled, first):
        row.how = f"wall s, median of {count} pairs"
    memory.how = f"VmHWM {SETTLE:g} s after the frame, median of {max(3, count // 2)} pairs"

    def ours_filled() -> float:
        with Session(delegate(), env) as app:
            return app.wait_for(START, FILLED)

    def ours_first() -> float:
        with Session(delegate(), env) as app:
            return app.wait_for(START)

    def bare_first() -> float:
        with Session(bare, env) as app:
            return app.wait_for(BARE_READY)

    pairs(count, ours_filled, bare_first, filled)
    pairs(count, ours_first, bare_first, first)

    def ours_peak() -> float:
        with Session(delegate(), env) as app:
            app.wait_for(START, FILLED)
            app.drain(SETTLE)
            return float(app.peak_memory())

    def bare_peak() -> float:
        with Session(bare, env) as app:
            app.wait_for(BARE_READY)
            app.drain(SETTLE)
            return float(app.peak_memory())

    pairs(max(3, count // 2), ours_peak, bare_peak, memory)
    return [filled, first, memory]


def screen_rows(data: Path, work: Path, count: int, label: str) -> list[Row]:
    """From a key on the filled dashboard to that section's screen, vs pushing a bare screen."""
    env = app_environment(data, work / "cache")
    bare = bare_command(work)
    rows = [
        Row(f"{title} screen after its key ({label}) / a bare Screen after a key", 1.5)
        for _key, title in SCREENS
    ]
    for row in rows:
        row.how = f"wall s from the key to the screen's title with its rows, median of {count} pairs"
    for number in range(count):
        ours: list[float] = []
        theirs: list[float] = []

        def run_ours(ours: list[float] = ours) -> None:
            with Session(delegate(), env) as app:
                app.wait_for(START, FILLED)
                app.drain(1.0)
                for key, title in SCREENS:
                    moment = app.press(key.encode())
                    ours.append(app.wait_for(f"delegate — {title}".encode(), since=moment))
                    app.drain(0.3)

        def run_bare(theirs: list[float] = theirs) -> None:
            with Session(bare, env) as app:
                app.wait_for(BARE_READY)
                app.drain(1.0)
                for screen in range(1, len(SCREENS) + 1):
                    moment = app.press(b"x")
                    theirs.append(app.wait_for(f"bare screen {screen} ready".encode(), since=moment))
                    app.drain(0.3)

        if number % 2:
            run_bare()
            run_ours()
        else:
            run_ours()
            run_bare()
        for row, mine, base in zip(rows, ours, theirs, strict=True):
            row.ours.append(mine)
            row.base.append(base)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="a data folder (default: generate ten years)")
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="delegate-app-"))
    try:
        data = args.data
        if data is None:
            from synthetic import generate

            data = work / "data"
            generate(data, fast=True)
        rows = dashboard_rows(data, work, args.pairs, "ten years")
        rows += screen_rows(data, work, max(3, args.pairs // 2), "ten years")
        print_rows(rows, markdown=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
