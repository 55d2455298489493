"""The export in real calendar programs: the demo folder, exported, imported into khal and calcurse,
shows every meeting, deadline and usual meeting at the same times, and neither program complains."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ZONE, Run, ok
from ics_support import parse_strict

pytestmark = pytest.mark.usefixtures("cli_environment")

FROM, TO = date(2026, 12, 1), date(2027, 2, 1)  # two months after the pinned "now", with every kind in them
LOCAL = ZoneInfo(ZONE)
STAMP = "%Y-%m-%d %H:%M"
KHAL = shutil.which("khal")
CALCURSE = shutil.which("calcurse")


@pytest.fixture
def demo_export(run: Run, tmp_path: Path) -> Path:
    """The demo folder as one .ics file."""
    ok(run("demo"))
    path = tmp_path / "demo.ics"
    ok(run("export", "ics", "-o", str(path)))
    return path


def expected(path: Path) -> set[tuple[str, str, str, str]]:
    """(start, end, summary, status) of every timed occurrence from FROM to TO, by icalendar and
    recurring-ical-events (EXDATEs and all), on the local clock."""
    import recurring_ical_events

    found: set[tuple[str, str, str, str]] = set()
    for occurrence in recurring_ical_events.of(parse_strict(path.read_bytes())).between(FROM, TO):
        begins = occurrence["DTSTART"].dt
        assert isinstance(begins, datetime), "the demo has no all-day events; this test would miss them"
        ends = occurrence["DTEND"].dt if "DTEND" in occurrence else begins + occurrence["DURATION"].dt
        found.add(
            (
                f"{begins.astimezone(LOCAL):{STAMP}}",
                f"{ends.astimezone(LOCAL):{STAMP}}",
                str(occurrence["SUMMARY"]),
                str(occurrence.get("STATUS", "")),
            )
        )
    summaries = [summary for _begins, _ends, summary, _status in found]
    assert any(summary.startswith("Request deadline:") for summary in summaries), summaries
    assert any("our delegation" in summary for summary in summaries), summaries
    # every date of the bodies' usual rhythm has a meeting of its own here: the EXDATEs must hold
    assert not any(summary.endswith("(usual meeting)") for summary in summaries), summaries
    return found


def quiet_environment(home: Path) -> dict[str, str]:
    """The programs' own files go to a temporary home; the clock is the demo's zone."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "KHAL", "CALCURSE"))
    }
    env.update(HOME=str(home), TMPDIR=str(home), TZ=ZONE, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    return env


def execute(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The timeout only keeps a stuck program from stalling the run; nothing here measures time.
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, f"{command}\nstdout: {done.stdout}\nstderr: {done.stderr}"
    return done


# ---- khal -----------------------------------------------------------------------------------------------

KHAL_CONFIG = """\
[calendars]
[[delegate]]
path = {vdir}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}

[sqlite]
path = {database}
"""


def khal_complaints(stderr: str) -> list[str]:
    """khal logs as 'level: message'; debug and info lines are chatter, anything else a complaint."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(("debug:", "info:"))]


@pytest.mark.skipif(KHAL is None, reason="khal is not installed")
def test_khal_imports_the_export_and_lists_every_event(demo_export: Path, tmp_path: Path) -> None:
    assert KHAL is not None
    home = tmp_path / "khal-home"
    vdir = home / "calendar"
    vdir.mkdir(parents=True)
    config = home / "khal.conf"
    config.write_text(KHAL_CONFIG.format(vdir=vdir, zone=ZONE, database=home / "khal.db"), encoding="utf-8")
    env = quiet_environment(home)
    imported = execute([KHAL, "--config", str(config), "import", "--batch", str(demo_export)], env)
    assert khal_complaints(imported.stderr) == []
    calendar = parse_strict(demo_export.read_bytes())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert len(list(vdir.glob("*.ics"))) == len(uids)  # one file per event; khal keeps no to-dos

    listed = execute(
        [
            KHAL, "--config", str(config), "list", "--day-format", "",
            "--format", "{start} | {end} | {title} | {status}", f"{FROM:%Y-%m-%d}", f"{TO:%Y-%m-%d}",
        ],
        env,
    )  # fmt: skip
    assert khal_complaints(listed.stderr) == []
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    seen = {tuple(part.strip() for part in f"{line} ".split(" | ")) for line in lines}
    assert len(lines) == len(seen)  # nothing listed twice
    # khal lists what starts on the last day too; recurring-ical-events stops before it
    seen = {item for item in seen if item[0] < f"{TO:%Y-%m-%d}"}
    assert seen == expected(demo_export)


# ---- calcurse -------------------------------------------------------------------------------------------


@pytest.mark.skipif(CALCURSE is None, reason="calcurse is not installed")
def test_calcurse_imports_the_export_and_shows_every_appointment(demo_export: Path, tmp_path: Path) -> None:
    assert CALCURSE is not None
    home = tmp_path / "calcurse-home"
    folder = home / "calcurse"
    folder.mkdir(parents=True)
    # calcurse reads times on the local clock (an RRULE's BYDAY too): run it in the demo's zone.
    env = quiet_environment(home)
    calendar = parse_strict(demo_export.read_bytes())
    events = len(list(calendar.walk("VEVENT")))
    todos = len(list(calendar.walk("VTODO")))
    imported = execute([CALCURSE, "-D", str(folder), "-i", str(demo_export)], env)
    assert imported.stderr == ""
    report = imported.stdout.splitlines()
    assert report[-1] == f"{events} apps / 0 events / {todos} todos / 0 skipped", imported.stdout
    assert not list(home.glob("calcurse_log*"))  # the log of items it could not import
    assert len((folder / "todo").read_text(encoding="utf-8").splitlines()) == todos

    stamp = "%(start:%Y-%m-%d %H:%M)|%(end:%Y-%m-%d %H:%M)|%m\\n"
    shown = execute(
        [
            CALCURSE, "-D", str(folder), "-Q", "--input-datefmt", "4",
            "--from", f"{FROM:%Y-%m-%d}", "--to", f"{date.fromordinal(TO.toordinal() - 1):%Y-%m-%d}",
            "--filter-type", "apt,recur-apt", "--format-apt", stamp, "--format-recur-apt", stamp,
        ],
        env,
    )  # fmt: skip
    assert shown.stderr == ""
    lines = [line for line in shown.stdout.splitlines() if "|" in line]
    seen = {tuple(line.split("|", 2)) for line in lines}
    assert len(lines) == len(seen)
    # calcurse has no STATUS: a cancelled meeting is an appointment like any other
    assert seen == {(begins, ends, summary) for begins, ends, summary, _status in expected(demo_export)}
