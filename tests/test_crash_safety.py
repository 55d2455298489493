"""Crash safety: a writer killed with SIGKILL at random moments loses nothing it reported saved.

The writer runs in a forked process (no interpreter start-up per run, so hundreds of kills take
seconds), creating, editing and deleting records of three kinds — one of them a script, whose
Markdown and TOML must change together. Before each operation it appends "begin" to a log and after
it "done"; the log is written with O_APPEND, so what it says survives the kill. Afterwards every file
must parse, `delegate check` must be clean, and each record must be as the last finished operation
left it, or as the one in flight when the kill came.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from decimal import Decimal
from pathlib import Path

import pytest

from delegate.model import FollowUp, Honorarium, Person, Script
from delegate.services.check import check, fix
from delegate.store import Store, atomic

ZONE = "America/Vancouver"
KILLS = 200
KINDS: dict[str, type] = {"person": Person, "script": Script, "followup": FollowUp, "honorarium": Honorarium}
GONE = "-"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() to start writers quickly")


def _record(kind: str, record_id: str, token: str) -> object:
    if kind == "person":
        return Person(id=record_id, name=f"Person {token}", notes=token)
    if kind == "script":
        return Script(id=record_id, title=token, text=f"## Opening\n{token}\n\n## Ask\n{token} again\n")
    if kind == "honorarium":
        return Honorarium(id=record_id, person="someone", amount=Decimal("50.25"), note=token)
    return FollowUp(id=record_id, text=f"Call {token}", notes=token)


def _token(kind: str, record: object) -> str:
    if isinstance(record, Script):
        # Title (TOML) and text (Markdown) were saved together; a torn save would show two tokens.
        text_token = record.text.split("\n")[1]
        return record.title if text_token == record.title else f"TORN {record.title} / {text_token}"
    if isinstance(record, Honorarium):
        return record.note if record.amount == Decimal("50.25") else f"AMOUNT {record.amount}"
    return str(getattr(record, "notes"))  # noqa: B009 - Person and FollowUp both keep it in notes


def _writer(root: str, seed: int, log_path: str) -> None:
    """Random saves and deletes until killed (runs in the forked child)."""
    store = Store(Path(root), index=False, default_zone=ZONE)
    rng = random.Random(seed)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    for number in range(1_000_000):
        kind = rng.choice(list(KINDS))
        cls = KINDS[kind]
        record_id = f"{kind}-{rng.randrange(12)}"
        existing = {record.id: record for record in store.all(cls)}
        if record_id in existing and rng.random() < 0.3:
            os.write(log, f"begin\t{kind}\t{record_id}\t{GONE}\n".encode())
            store.delete(existing[record_id])
            os.write(log, f"done\t{kind}\t{record_id}\t{GONE}\n".encode())
            continue
        token = f"s{seed}n{number}"
        os.write(log, f"begin\t{kind}\t{record_id}\t{token}\n".encode())
        store.save(_record(kind, record_id, token))
        os.write(log, f"done\t{kind}\t{record_id}\t{token}\n".encode())
    os._exit(0)


def _expected(log_path: Path) -> dict[tuple[str, str], set[str]]:
    """Per record, the states the folder may show: the last finished one, and any cut short after it."""
    done: dict[tuple[str, str], str] = {}
    in_flight: dict[tuple[str, str], set[str]] = {}
    for line in log_path.read_text().splitlines():
        step, kind, record_id, token = line.split("\t")
        key = (kind, record_id)
        if step == "begin":
            in_flight.setdefault(key, set()).add(token)
        else:
            done[key] = token
            in_flight[key] = set()
    keys = set(done) | set(in_flight)
    return {key: {done.get(key, GONE), *in_flight.get(key, set())} for key in keys}


def _on_disk(root: Path) -> dict[tuple[str, str], str]:
    store = Store(root, index=False, default_zone=ZONE)
    problems = store.load_all()
    assert problems == [], [problem.describe(root) for problem in problems]
    return {
        (kind, record.id): _token(kind, record) for kind, cls in KINDS.items() for record in store.all(cls)
    }


def _assert_consistent(root: Path, log_path: Path) -> None:
    expected = _expected(log_path)
    found = _on_disk(root)
    for key, allowed in expected.items():
        assert found.get(key, GONE) in allowed, (key, found.get(key, GONE), allowed)
    assert set(found) <= set(expected), set(found) - set(expected)


def test_random_kills_lose_no_finished_write(tmp_path: Path) -> None:
    root = tmp_path / "data"
    log_path = tmp_path / "writes.log"
    context = multiprocessing.get_context("fork")
    rng = random.Random(20261127)
    for kill in range(KILLS):
        writer = context.Process(target=_writer, args=(str(root), kill, str(log_path)))
        writer.start()
        time.sleep(rng.uniform(0.01, 0.08))
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert writer.exitcode == -signal.SIGKILL, "the writer stopped before it was killed"
        if kill % 25 == 24:
            _assert_consistent(root, log_path)
    _assert_consistent(root, log_path)
    lines = log_path.read_text().splitlines()
    finished = sum(1 for line in lines if line.startswith("done"))
    cut_short = sum(1 for line in lines if line.startswith("begin")) - finished
    assert finished > KILLS  # the writers got real work done between kills
    assert cut_short > KILLS // 4  # and many kills landed in the middle of a write
    store = Store(root, index=False, default_zone=ZONE)
    # what the kills left is the writers' temp files, each reported (too fresh to remove unasked) …
    left = [problem.describe(root) for problem in check(store)]
    assert left
    left_by_a_kill = ".tmp: was left by an interrupted save; `delegate check --fix` removes it"
    assert all(left_by_a_kill in line for line in left)
    # … and removed by check --fix, after which the folder has nothing to say
    assert fix(store) == {"temp file(s) of an interrupted save removed": len(left)}
    assert [problem.describe(root) for problem in check(Store(root, index=False, default_zone=ZONE))] == []
    assert not list(root.rglob("*.tmp"))


def test_a_save_cut_between_its_renames_is_finished_by_the_next_reader(tmp_path: Path) -> None:
    """The narrowest window: the script's Markdown renamed, the process killed before its TOML."""
    root = tmp_path / "data"
    store = Store(root, index=False, default_zone=ZONE)
    store.save(_record("script", "speech", "old"))

    def cut_short() -> None:
        real_replace = os.replace

        def replace_then_die(source: str, target: str | Path) -> None:
            real_replace(source, target)
            if Path(target) == root / "scripts" / "speech.md":
                os._exit(9)  # as abrupt as SIGKILL: no cleanup, no finally blocks

        atomic.os.replace = replace_then_die  # type: ignore[assignment]  # only in this child
        Store(root, index=False, default_zone=ZONE).save(_record("script", "speech", "new"))
        os._exit(0)

    child = multiprocessing.get_context("fork").Process(target=cut_short)
    child.start()
    child.join()
    assert child.exitcode == 9
    # The Markdown is new and the TOML old, and the journal says what is left to do.
    assert "new" in (root / "scripts" / "speech.md").read_text()
    assert "old" in (root / "scripts" / "speech.toml").read_text()
    assert list((root / ".pending").iterdir())
    reread = Store(root, index=False, default_zone=ZONE).get(Script, "speech")
    assert _token("script", reread) == "new"
    assert list((root / ".pending").iterdir()) == []
