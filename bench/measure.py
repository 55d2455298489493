"""What every benchmark shares: whole processes timed from spawn to exit, in pairs with a baseline.

A process's figures come from the kernel (os.wait4): wall seconds from spawn to exit, CPU seconds
(user + system) and peak resident memory. CPU time is what a loaded machine moves least (other work
on the host delays a process, it does not make it compute more), so rows judge on it where the
process waits on nothing but the machine; wall time is shown beside it.

A row is a series of pairs, ours and the baseline run one right after the other (which one first
alternating), so both see the same state of the machine; its ratio is the median of the pairs'
ratios, and its spread the range of the middle half of them (p25–p75). A verdict that holds at p75
too is one a second run repeats ("steady"); one the spread straddles is marked so.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The synthetic data's own "now" and zone (bench/synthetic.py): the lists, the dashboard and the
# peers all look at the same week of the same year, whatever day the benchmark runs.
NOW = "2026-11-20T09:00"
ZONE = "America/Toronto"


@dataclass(frozen=True)
class Sample:
    """One process: wall and CPU seconds from spawn to exit, and its peak resident memory (bytes)."""

    wall: float
    cpu: float
    peak: int = 0


def environment(data: Path, cache: Path, **extra: str) -> dict[str, str]:
    """The environment of a run of delegate on `data`, as a returning user has it: this tree first on
    the path, its bytecode written (a user's installed package has it), the clock and zone pinned."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONDONTWRITEBYTECODE", "DELEGATE_NOW", "DELEGATE_TZ")
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        DELEGATE_HOME=str(data),
        DELEGATE_CACHE=str(cache),
        DELEGATE_NOW=NOW,
        DELEGATE_TZ=ZONE,
        TZ=ZONE,
        **extra,
    )
    return env


def run(command: Sequence[str], env: dict[str, str]) -> Sample:
    """Spawn, wait, and read the kernel's account of this one process (its output discarded)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors, env=env
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-600:]
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {message}")
    return Sample(wall, usage.ru_utime + usage.ru_stime)


def delegate(*args: str) -> list[str]:
    """`delegate ARGS` as a user runs it (the tree's own copy, through the interpreter's -m)."""
    return [sys.executable, "-m", "delegate", *args]


# Reports the peak resident memory of the process it runs `delegate` in, as it exits (VmHWM is the
# process's own, unlike ru_maxrss, which keeps the peak of what the spawning process was before exec).
MEMORY_PROBE = """
import atexit, os, sys
def _peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            os.write(int(os.environ["BENCH_PEAK_FD"]), line.split()[1].encode())
atexit.register(_peak)
sys.argv = ["delegate", *sys.argv[1:]]
from delegate.cli import main
main()
"""


def peak_memory(args: Sequence[str], env: dict[str, str]) -> int:
    """Peak resident memory (bytes) of `delegate ARGS` from start to exit."""
    read, write = os.pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**env, "BENCH_PEAK_FD": str(write)},
            pass_fds=(write,),
            timeout=1800,
            check=False,
        )
        os.close(write)
        write = -1
        if done.returncode != 0:
            raise RuntimeError(f"delegate {' '.join(args)} failed: {done.stderr.decode()[-600:]}")
        text = os.read(read, 64)
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)
    return int(text) * 1024


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Row:
    """One line of the report: ours against a baseline, pair by pair (or one figure against a limit)."""

    what: str
    target: float  # the ratio (or, with `unit`, the figure) that passes; inf: shown, not judged
    ours: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)
    unit: str = "s"  # how ours and base are shown: "s", "MB"
    absolute: bool = False  # judged on ours against the target (seconds), not on the ratio
    note: str = ""
    how: str = ""  # what the figures are (CPU s, wall s, peak RSS…)

    @property
    def ratios(self) -> list[float]:
        return [mine / theirs for mine, theirs in zip(self.ours, self.base, strict=False) if theirs > 0]

    @property
    def judged(self) -> list[float]:
        return self.ours if self.absolute else self.ratios

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else float("nan")

    @property
    def figure(self) -> float:
        """What the verdict is on: the median pair ratio, or (absolute) the median of ours."""
        return statistics.median(self.judged) if self.judged else float("nan")

    @property
    def spread(self) -> tuple[float, float]:
        return percentile(self.judged, 0.25), percentile(self.judged, 0.75)

    @property
    def verdict(self) -> str:
        if self.target == float("inf"):
            return "(no target)"
        passed = self.figure <= self.target
        low, high = self.spread
        steady = (high <= self.target) if passed else (low > self.target)
        return ("PASS" if passed else "FAIL") + ("" if steady else " (unsteady)")

    def shown(self, values: list[float]) -> str:
        if not values:
            return "—"
        middle = statistics.median(values)
        return f"{middle / 2**20:.0f} MB" if self.unit == "MB" else f"{middle:.3f} s"

    def limit(self) -> str:
        if self.target == float("inf"):
            return "—"
        return f"≤ {self.target:g} s" if self.absolute else f"≤ {self.target:g}×"


def pairs(
    count: int, ours: Callable[[], float], base: Callable[[], float], row: Row, settle: float = 0.0
) -> Row:
    """`count` pairs of ours and the baseline into `row`, which one first alternating."""
    for number in range(count):
        if number % 2:
            theirs = base()
            mine = ours()
        else:
            mine = ours()
            theirs = base()
        row.ours.append(mine)
        row.base.append(theirs)
        if settle:
            time.sleep(settle)
    return row


BARE_CLICK = '''
import click

@click.group()
def cli():
    """A bare click command: the least a command line written with click costs."""

@cli.command()
def hello():
    click.echo("hello")

cli()
'''


def print_rows(rows: list[Row], markdown: bool, title: str = "") -> None:
    if markdown:
        if title:
            print(f"\n{title}\n")
        print("| measure | delegate | baseline | ratio | spread (p25–p75) | target | |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for row in rows:
            low, high = row.spread
            spread = f"{low:.3f}–{high:.3f} s" if row.absolute else f"{low:.2f}–{high:.2f}×"
            print(
                f"| {row.what} | {row.shown(row.ours)} | {row.shown(row.base)} | {row.ratio:.2f}× "
                f"| {spread} | {row.limit()} | {row.verdict} |"
            )
        return
    if title:
        print(f"\n{title}")
    print(f"{'measure':64}{'delegate':>10}{'baseline':>10}{'ratio':>8}{'spread':>14}{'target':>10}")
    for row in rows:
        low, high = row.spread
        spread = f"{low:.3f}–{high:.3f}" if row.absolute else f"{low:.2f}–{high:.2f}"
        print(
            f"{row.what:64}{row.shown(row.ours):>10}{row.shown(row.base):>10}{row.ratio:7.2f}×"
            f"{spread:>14}{row.limit():>10}  {row.verdict}"
        )
        if row.how or row.note:
            print(f"{'':4}{row.how}{'; ' if row.how and row.note else ''}{row.note}")
