"""The calendar's ledger of event versions is written and read line by line, and stays TOML.

Reading it as TOML costs more than the rest of an export after one change; these tests hold the
line-by-line reading to what tomllib reads from the very same file, whatever the UIDs hold.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from delegate.ics import sequences
from delegate.ics.sequences import SequenceLedger

UIDS = st.text(min_size=1, max_size=40)
ENTRY = st.tuples(
    st.integers(min_value=0, max_value=10**6),
    st.text(alphabet="0123456789abcdef", min_size=1, max_size=20),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda moment: moment.replace(microsecond=0, tzinfo=UTC)
    ),
)


def read_as_toml(path: Path) -> dict[str, tuple[int, str, datetime]]:
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    found = {}
    for uid, value in table["events"].items():
        sequence, digest, changed = value.split()
        found[uid] = (int(sequence), digest, datetime.fromisoformat(changed))
    return found


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(UIDS, ENTRY, max_size=12))
def test_what_is_written_reads_back_the_same_either_way(
    tmp_path_factory: object, entries: dict[str, tuple[int, str, datetime]]
) -> None:
    path = Path(tmp_path_factory.mktemp("ledger")) / "ledger.toml"  # type: ignore[attr-defined]
    SequenceLedger(path, dict(entries), dirty=True).save()
    assert SequenceLedger.load(path).entries == entries
    assert read_as_toml(path) == entries


def test_the_usual_ledger_is_read_without_tomllib(tmp_path: Path, monkeypatch: object) -> None:
    path = tmp_path / "ledger.toml"
    moment = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    entries = {
        f"meeting-2026-11-{day:02d}-board@delegate": (day % 3, "9dde879c", moment) for day in range(1, 29)
    }
    SequenceLedger(path, dict(entries), dirty=True).save()

    def refuse(text: str) -> object:
        raise AssertionError("read as TOML")

    monkeypatch.setattr(sequences.tomllib, "loads", refuse)  # type: ignore[attr-defined]
    assert SequenceLedger.load(path).entries == entries


def test_a_ledger_edited_by_hand_is_still_read_as_toml(tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    path.write_text(
        "# my notes\n[events]\n"
        '"meeting-a@delegate"   =   "2 abc 2026-11-20T14:00:00Z"  # moved\n'
        "'meeting-b@delegate' = \"1 def 2026-11-21T14:00:00Z\"\n"
    )
    assert SequenceLedger.load(path).entries == {
        "meeting-a@delegate": (2, "abc", datetime(2026, 11, 20, 14, 0, tzinfo=UTC)),
        "meeting-b@delegate": (1, "def", datetime(2026, 11, 21, 14, 0, tzinfo=UTC)),
    }


def test_a_uid_given_twice_is_a_broken_ledger_as_before(tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    line = '"meeting-a@delegate" = "2 abc 2026-11-20T14:00:00Z"\n'
    path.write_text(f"[events]\n{line}{line}")
    assert SequenceLedger.load(path).entries == {}  # TOML refuses it: a fresh ledger, as before


def test_events_not_looked_at_are_written_back_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    moment = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    entries = {f"followup-2017-01-{day:02d}-call@delegate": (day, "c6838d6e", moment) for day in range(1, 29)}
    SequenceLedger(path, dict(entries), dirty=True).save()
    before = path.read_text().splitlines()
    ledger = SequenceLedger.load(path)
    later = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    stamp = ledger.stamp("followup-2017-01-05-call@delegate", ("done",), later)
    assert (stamp.sequence, stamp.changed) == (6, later)
    assert ledger.stamp("meeting-2026-12-08-board@delegate", ("new",), later).sequence == 0
    ledger.save()
    after = path.read_text().splitlines()
    changed = set(after) - set(before)
    assert len(changed) == 2
    assert {line.split(" = ")[0] for line in changed} == {
        '"followup-2017-01-05-call@delegate"',
        '"meeting-2026-12-08-board@delegate"',
    }
    assert set(before) - set(after) == {line for line in before if "2017-01-05" in line}
    assert SequenceLedger.load(path).entries["followup-2017-01-01-call@delegate"] == (1, "c6838d6e", moment)


def test_a_date_that_is_no_date_is_an_event_never_exported(tmp_path: Path) -> None:
    path = tmp_path / "ledger.toml"
    path.write_text(
        '[events]\n"meeting-a@delegate" = "2 abc 2026-02-30T14:00:00Z"\n'
        '"meeting-b@delegate" = "1 def 2026-11-21T14:00:00Z"\n'
    )
    ledger = SequenceLedger.load(path)
    assert ledger.entries.get("meeting-a@delegate") is None
    assert ledger.entries["meeting-b@delegate"] == (1, "def", datetime(2026, 11, 21, 14, 0, tzinfo=UTC))
    later = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    assert ledger.stamp("meeting-a@delegate", ("x",), later).sequence == 0
