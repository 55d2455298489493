"""The same listings beside khal and calcurse, on the same records, as whole processes.

    python bench/peers.py [--data DIR] [--pairs 9] [--markdown]

The folder is exported once (`delegate export ics`) and that calendar imported into each peer: khal
(a vdir and its own cache, `khal import --batch`; its import takes about 40 s for ten years) and
calcurse (`calcurse -i`, to-dos too). Then, pair by pair (delegate first, then the peer, then the
other way round):

- a week of meetings: `delegate meeting list --from D --to D+6`, `khal list D 7d`,
  `calcurse -Q --from D --days 7 --filter-type cal`;
- the past year: the same over 365 days;
- the to-do list: `delegate followup list` (open ones) and `--overdue`, `calcurse -t`.

Peers are taken from the PATH (Debian: `apt-get install khal calcurse`; khal is also on PyPI); a peer
that is not there is skipped with a note. Ratios are delegate / peer in CPU seconds (user + system),
wall seconds beside them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import textwrap
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from measure import NOW, ZONE, Row, delegate, environment, pairs, print_rows, run

DAY = date.fromisoformat(NOW[:10])
YEAR_AGO = DAY - timedelta(days=365)


def khal_config(work: Path) -> Path:
    config = work / "khal" / "config"
    (work / "khal" / "calendar").mkdir(parents=True)
    config.write_text(
        textwrap.dedent(
            f"""\
            [calendars]
            [[delegate]]
            path = {work / "khal" / "calendar"}
            type = calendar
            [locale]
            timeformat = %H:%M
            dateformat = %Y-%m-%d
            longdateformat = %Y-%m-%d
            datetimeformat = %Y-%m-%d %H:%M
            longdatetimeformat = %Y-%m-%d %H:%M
            local_timezone = {ZONE}
            default_timezone = {ZONE}
            [sqlite]
            path = {work / "khal" / "khal.db"}
            """
        )
    )
    return config


def peer_rows(data: Path, work: Path, count: int, label: str) -> tuple[list[Row], list[str]]:
    """Rows of delegate against each peer found, and notes on the peers that were not."""
    env = environment(data, work / "cache-peers")
    calendar = work / "all.ics"
    run(delegate("export", "ics", "-o", str(calendar)), env)
    notes: list[str] = []
    peers: dict[str, dict[str, list[str]]] = {}
    khal = shutil.which("khal")
    if khal:
        config = khal_config(work)
        subprocess.run(
            [khal, "-c", str(config), "import", "--batch", "-a", "delegate", str(calendar)],
            env=env,
            capture_output=True,
            check=True,
        )
        peers["khal"] = {
            "week": [khal, "-c", str(config), "list", f"{DAY}", "7d"],
            "year": [khal, "-c", str(config), "list", f"{YEAR_AGO}", "365d"],
        }
    else:
        notes.append("khal: not installed (apt-get install khal, or pip install khal); skipped")
    calcurse = shutil.which("calcurse")
    if calcurse:
        folder = work / "calcurse"
        folder.mkdir()
        subprocess.run(
            [calcurse, "-D", str(folder), "-i", str(calendar)], env=env, capture_output=True, check=True
        )
        base = [calcurse, "-D", str(folder), "--input-datefmt", "4", "-Q", "--filter-type", "cal"]
        peers["calcurse"] = {
            "week": [*base, "--from", f"{DAY}", "--days", "7"],
            "year": [*base, "--from", f"{YEAR_AGO}", "--days", "365"],
            "todo": [calcurse, "-D", str(folder), "-t"],
        }
    else:
        notes.append("calcurse: not installed (apt-get install calcurse); skipped")

    ours = {
        "week": delegate("meeting", "list", "--from", f"{DAY}", "--to", f"{DAY + timedelta(days=6)}"),
        "year": delegate("meeting", "list", "--from", f"{YEAR_AGO}", "--to", f"{DAY - timedelta(days=1)}"),
        "todo": delegate("followup", "list"),
        "overdue": delegate("followup", "list", "--overdue"),
    }
    what = {
        "week": "a week of meetings",
        "year": "the past year's meetings",
        "todo": "open follow-ups / to-dos",
        "overdue": "overdue follow-ups / to-dos",
    }
    for command in ours.values():
        run(command, env)
        run(command, env)
    rows: list[Row] = []
    for peer, commands in peers.items():
        for listing in ("week", "year", "todo", "overdue"):
            theirs = commands.get("todo" if listing == "overdue" else listing)
            if theirs is None:
                continue
            row = Row(f"{what[listing]} ({label}): delegate / {peer}", float("inf"))
            walls: tuple[list[float], list[float]] = ([], [])

            def timed(command: list[str], into: list[float]) -> float:
                sample = run(command, env)
                into.append(sample.wall)
                return sample.cpu

            pairs(
                count,
                partial(timed, ours[listing], walls[0]),
                partial(timed, theirs, walls[1]),
                row,
            )
            wall_ratio = statistics.median(walls[0]) / statistics.median(walls[1])
            row.how = f"CPU s, median of {count} pairs; wall {wall_ratio:.2f}×"
            if listing == "overdue":
                row.note = "calcurse has no overdue filter: `calcurse -t` lists every to-do"
            rows.append(row)
    return rows, notes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="a data folder (default: generate ten years)")
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="delegate-peers-"))
    try:
        data = args.data
        if data is None:
            from synthetic import generate

            data = work / "data"
            generate(data, fast=True)
        rows, notes = peer_rows(data, work, args.pairs, "ten years")
        print_rows(rows, args.markdown)
        for note in notes:
            print(f"note: {note}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
