"""bench/import.py runs and reports what the issue asks for: the slowest file, the totals against
icalendar's, what was refused or raised, and the daily series read by its window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_benchmark_reports_the_slowest_file_and_what_was_refused(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("great-lakes-water-authority.ics", "new-hampshire-sessions-2021.ics"):
        (folder / name).write_bytes((ROOT / "tests" / "data" / "feeds" / name).read_bytes())
    (folder / "garbage.ics").write_bytes(b"\x00\xff not a calendar")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "import.py"), "--runs", "1", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "3 files" in out
    assert "slowest file: " in out
    assert "refused by delegate: 1 ['garbage.ics']" in out
    assert "exceptions: 0 []" in out
    assert "daily series since 2010" in out
