"""The data folder: files, modes, errors a person can act on, crash safety, conflicts and the index."""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import pickle
import sqlite3
import stat
import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from delegate.model import (
    ActionItem,
    AgendaItem,
    Attendance,
    Audit,
    Body,
    BodyKind,
    Budget,
    Cost,
    DeadlineRule,
    Delegation,
    DelegationStatus,
    Finding,
    FollowUp,
    Handout,
    HistoryEntry,
    Honorarium,
    Meeting,
    Minutes,
    PaymentMethod,
    Person,
    Recommendation,
    Rehearsal,
    Response,
    ResponseStatus,
    Script,
    SectionTime,
    Signature,
)
from delegate.store import (
    KINDS,
    AmbiguousIdError,
    ConflictError,
    NotFoundError,
    Store,
    StoreError,
    atomic,
    kind_of,
)

VAN = ZoneInfo("America/Vancouver")
ZONE = "America/Vancouver"
SCRIPT_TEXT = "## Greeting\nGood evening, Chair.\n\n## The ask\nFund the outreach program — señoras 🎉.\n"


def sample_records() -> list[Any]:
    """One full record of every kind, with nested tables, tuples, dates, times and lengths."""
    start = datetime(2027, 1, 20, 18, 0, tzinfo=VAN)
    return [
        Body(
            id="lakeport-police-board",
            name="Lakeport Police Board",
            kind=BodyKind.POLICE_BOARD,
            jurisdiction="City of Lakeport",
            email="clerk@lakeport.example",
            how_to_request='Email the clerk "by noon"\nwith your topic.',
            request_deadline=DeadlineRule(days_before=8, at=time(16, 30)),
            speaking_limit=timedelta(minutes=3, seconds=30),
            members=7,
            timezone=ZONE,
            recurrence="FREQ=MONTHLY;BYDAY=3TH",
            agreements=("No uniforms or guns at our meetings", "What is said here stays here"),
            signatures=(Signature("rosa", date(2026, 12, 1)),),
            budget=Budget(Decimal("50"), Decimal("1200.50")),
        ),
        Person(
            id="rosa",
            name="Rosa Jiménez",
            role="Peer outreach worker",
            confidential=True,
            member_of=("lakeport-police-board", "action-group"),
        ),
        Meeting(
            id="2027-01-20-lakeport-police-board",
            body="lakeport-police-board",
            start=start,
            end=start + timedelta(hours=2),
            timezone=ZONE,
            place="City Hall, Room 3",
            sequence=2,
            title="Regular meeting",
            audit="barriers-to-help",
            format="world café",
            attendance=Attendance(sex_workers=6, agency_staff=4, residents=2),
            costs=(
                Cost("bus fare", Decimal("6.10"), covered=True, covered_by="the coalition"),
                Cost("childcare"),
            ),
        ),
        Delegation(
            id="2027-01-20-street-checks",
            meeting="2027-01-20-lakeport-police-board",
            topic="Street checks",
            speakers=("rosa",),
            ask="End street checks",
            status=DelegationStatus.CONFIRMED,
            handouts=("safety-first",),
            copies=9,
            costs=(Cost("a day's lost work", Decimal("160")),),
            history=(
                HistoryEntry(
                    at=datetime(2027, 1, 5, 9, 0, tzinfo=VAN),
                    status=DelegationStatus.REQUESTED,
                    meeting="2027-01-20-lakeport-police-board",
                    note="emailed",
                ),
                HistoryEntry(
                    at=datetime(2027, 1, 8, 14, 15, 30, tzinfo=VAN),
                    status=DelegationStatus.CONFIRMED,
                    meeting="2027-01-20-lakeport-police-board",
                ),
            ),
        ),
        Script(
            id="street-checks-speech",
            title="Street checks",
            text=SCRIPT_TEXT,
            delegation="2027-01-20-street-checks",
            target=timedelta(minutes=4, seconds=45),
        ),
        Rehearsal(
            id="2027-01-15-street-checks-speech",
            script="street-checks-speech",
            at=datetime(2027, 1, 15, 20, 5, 7, tzinfo=VAN),
            total=301.5,
            limit=285.0,
            sections=(SectionTime("Greeting", 40.25), SectionTime("The ask", 261.25)),
            complete=False,
            words=612,
        ),
        Handout(
            id="safety-first",
            title="Safety first",
            text="# Safety first\n\n- **71 of 84** workers\n",
            delegations=("2027-01-20-street-checks",),
        ),
        Minutes(
            id="2027-01-12-action-group",
            group="action-group",
            date=date(2027, 1, 12),
            chair="rosa",
            present=("rosa", "ana"),
            regrets=("bo",),
            items=(AgendaItem("Street checks", "We talked.", ("Speak at the board",)), AgendaItem("Other")),
            actions=(
                ActionItem("Book the slot", owner="ana", due=date(2027, 1, 15), followup="2027-01-15-book"),
            ),
            next_meeting=date(2027, 2, 9),
        ),
        FollowUp(
            id="2027-01-15-book",
            text="Book the slot",
            owner="ana",
            due=date(2027, 1, 15),
            minutes="2027-01-12-action-group",
            created=date(2027, 1, 12),
        ),
        Audit(
            id="barriers-to-help",
            title="Barriers to help",
            aim="Find what keeps people from help",
            agencies=("housing-authority",),
            started=date(2026, 10, 1),
        ),
        Finding(
            id="barriers-to-help-1",
            audit="barriers-to-help",
            agency="housing-authority",
            barrier="ID required at intake",
            effect="People without ID are turned away",
            workshop="2027-01-20-lakeport-police-board",
            recorded=date(2027, 1, 20),
        ),
        Recommendation(
            id="barriers-to-help-1-a",
            audit="barriers-to-help",
            finding="barriers-to-help-1",
            agency="housing-authority",
            text="Accept a support worker's letter instead of ID",
            status=ResponseStatus.ACKNOWLEDGED,
            responses=(
                Response(ResponseStatus.SENT, date(2027, 2, 1), "emailed the director"),
                Response(ResponseStatus.ACKNOWLEDGED, date(2027, 2, 9)),
            ),
            created=date(2027, 1, 25),
        ),
        Honorarium(
            id="2027-01-20-1",
            person="rosa",
            amount=Decimal("50.00"),
            meeting="2027-01-20-lakeport-police-board",
            owed_on=date(2027, 1, 20),
            paid_on=date(2027, 1, 22),
            method=PaymentMethod.E_TRANSFER,
        ),
    ]


def fresh(store: Store, **kwargs: Any) -> Store:
    """Another Store on the same folder (another window, or the next run)."""
    options: dict[str, Any] = {"index": False, "default_zone": ZONE}
    options.update(kwargs)
    return Store(store.root, **options)


def write_text(path: Path, text: str) -> None:
    """Edit a file as another program would, making sure its mtime moves on."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def visible_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


class OsProxy:
    """Stands in for the `os` module inside delegate.store.atomic, with some functions replaced."""

    def __init__(self, **overrides: Callable[..., Any]) -> None:
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def failing(error: BaseException) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail


# ---- round trip and layout ------------------------------------------------------------------------


@pytest.mark.parametrize("record", sample_records(), ids=lambda record: type(record).__name__)
def test_round_trip_each_kind(tmp_store: Store, record: Any) -> None:
    tmp_store.save(record)
    assert tmp_store.get(type(record), record.id) == record
    other = fresh(tmp_store)
    assert other.get(type(record), record.id) == record
    assert other.all(type(record)) == [record]
    assert other.load_all() == []


def test_every_kind_has_a_sample() -> None:
    assert {type(record) for record in sample_records()} == {kind.cls for kind in KINDS}


def test_all_kinds_together_and_layout(tmp_store: Store) -> None:
    records = sample_records()
    for record in records:
        tmp_store.save(record)
    assert visible_files(tmp_store.root) == [
        ".lock",
        "audits/barriers-to-help.toml",
        "bodies/lakeport-police-board.toml",
        "delegations/2027/2027-01-20-street-checks.toml",
        "findings/barriers-to-help-1.toml",
        "followups/2027/2027-01-15-book.toml",
        "handouts/safety-first.md",
        "handouts/safety-first.toml",
        "honoraria/2027/2027-01-20-1.toml",
        "meetings/2027/2027-01-20-lakeport-police-board.toml",
        "minutes/2027/2027-01-12-action-group.toml",
        "people/rosa.toml",
        "recommendations/barriers-to-help-1-a.toml",
        "rehearsals/2027/2027-01-15-street-checks-speech.toml",
        "scripts/street-checks-speech.md",
        "scripts/street-checks-speech.toml",
    ]
    other = fresh(tmp_store)
    assert other.load_all() == []
    for record in records:
        assert other.get(type(record), record.id) == record


def test_file_reads_like_a_form(tmp_store: Store) -> None:
    body = sample_records()[0]
    tmp_store.save(body)
    text = tmp_store.path_of(body).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "schema = 1"
    table = tomllib.loads(text)
    assert "id" not in table  # the file name is the id
    assert table["speaking_limit"] == "3:30"
    assert table["kind"] == "police-board"
    assert table["request_deadline"] == {"days_before": 8, "at": time(16, 30)}
    assert "notes" not in table  # defaults are left out
    assert "phone" not in table


def test_update_overwrites_in_place(tmp_store: Store) -> None:
    body = sample_records()[0]
    tmp_store.save(body)
    tmp_store.save(replace(body, members=9))
    tmp_store.save(replace(body, members=11))
    assert fresh(tmp_store).get(Body, body.id).members == 11
    assert visible_files(tmp_store.root) == [".lock", "bodies/lakeport-police-board.toml"]


def test_modes_are_owner_only(tmp_store: Store) -> None:
    old_umask = os.umask(0o022)
    try:
        for record in sample_records():
            tmp_store.save(record)
    finally:
        os.umask(old_umask)
    root = tmp_store.root
    folders = [root, *(p for p in root.rglob("*") if p.is_dir())]
    files = [p for p in root.rglob("*") if p.is_file() and p.name != ".lock"]
    assert len(folders) >= 14
    assert len(files) == 15
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE((root / ".lock").stat().st_mode) & 0o077 == 0


def test_markdown_lives_beside_the_toml(tmp_store: Store) -> None:
    script = next(r for r in sample_records() if isinstance(r, Script))
    tmp_store.save(script)
    toml_path = tmp_store.path_of(script)
    md_path = toml_path.with_suffix(".md")
    assert md_path.read_text(encoding="utf-8") == SCRIPT_TEXT
    assert "text" not in tomllib.loads(toml_path.read_text(encoding="utf-8"))
    assert "Good evening" not in toml_path.read_text(encoding="utf-8")

    # Editing the Markdown in another editor is what the app then shows.
    write_text(md_path, "## Only\nthree words here\n")
    edited = fresh(tmp_store).get(Script, script.id)
    assert edited.text == "## Only\nthree words here\n"
    assert edited.words == 3
    assert edited.target == script.target


def test_markdown_kind_without_text_has_no_markdown_file(tmp_store: Store) -> None:
    handout = Handout(id="blank", title="Blank page")
    tmp_store.save(handout)
    assert not (tmp_store.root / "handouts" / "blank.md").exists()
    assert fresh(tmp_store).get(Handout, "blank") == handout


def test_clearing_markdown_text_empties_the_file(tmp_store: Store) -> None:
    handout = Handout(id="h", title="Page", text="words")
    tmp_store.save(handout)
    tmp_store.save(replace(handout, text=""))
    assert (tmp_store.root / "handouts" / "h.md").read_text() == ""
    assert fresh(tmp_store).get(Handout, "h").text == ""


def test_delete_removes_both_files(tmp_store: Store) -> None:
    script = next(r for r in sample_records() if isinstance(r, Script))
    tmp_store.save(script)
    tmp_store.delete(script)
    assert not list((tmp_store.root / "scripts").iterdir())
    with pytest.raises(NotFoundError):
        tmp_store.get(Script, script.id)
    assert fresh(tmp_store).all(Script) == []


def test_new_id_skips_taken_ids(tmp_store: Store) -> None:
    tmp_store.save(Body(id="council", name="Council"))
    assert tmp_store.new_id(Body, "council") == "council-2"
    tmp_store.save(Body(id="council-2", name="Council"))
    assert tmp_store.new_id(Body, "council") == "council-3"
    assert tmp_store.new_id(Body, "board") == "board"


# ---- finding records ------------------------------------------------------------------------------


@pytest.fixture
def three_bodies(tmp_store: Store) -> Store:
    for body_id, name in [
        ("vancouver-police-board", "Vancouver Police Board"),
        ("vancouver-city-council", "Vancouver City Council"),
        ("lakeport-council", "Lakeport Council"),
    ]:
        tmp_store.save(Body(id=body_id, name=name))
    return fresh(tmp_store)


def test_find_by_exact_id_and_unique_prefix(three_bodies: Store) -> None:
    assert three_bodies.find(Body, "lakeport-council").name == "Lakeport Council"
    assert three_bodies.find(Body, "lake").id == "lakeport-council"
    assert three_bodies.find(Body, "vancouver-p").id == "vancouver-police-board"


def test_ambiguous_prefix_lists_the_candidates(three_bodies: Store) -> None:
    with pytest.raises(AmbiguousIdError) as caught:
        three_bodies.find(Body, "vancouver")
    message = str(caught.value)
    assert "'vancouver' matches 2 bodies" in message
    assert "vancouver-city-council" in message
    assert "vancouver-police-board" in message
    assert "lakeport" not in message


def test_unknown_id_suggests_close_ids(three_bodies: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        three_bodies.find(Body, "burnaby-council")
    message = str(caught.value)
    assert "no body with id 'burnaby-council'" in message
    assert "did you mean" in message
    assert "lakeport-council" in message
    assert "vancouver-city-council" in message
    assert "vancouver-police-board" not in message


def test_unknown_id_without_anything_close(three_bodies: Store) -> None:
    with pytest.raises(NotFoundError, match=r"no body with id 'zz'$"):
        three_bodies.find(Body, "zz")
    with pytest.raises(NotFoundError, match="no body with id 'lake'"):
        three_bodies.get(Body, "lake")  # get wants the exact id
    with pytest.raises(NotFoundError):
        three_bodies.find(Body, "")


# ---- damaged files ---------------------------------------------------------------------------------


def save_bodies(store: Store, count: int = 3) -> list[Body]:
    bodies = [
        Body(id=f"body-{n}", name=f"Body number {n}", jurisdiction="Lakeport", members=n, notes="Some notes")
        for n in range(count)
    ]
    for body in bodies:
        store.save(body)
    return bodies


def test_truncated_file_is_a_problem_and_the_rest_still_loads(tmp_store: Store) -> None:
    bodies = save_bodies(tmp_store)
    broken = tmp_store.path_of(bodies[1])
    text = broken.read_text(encoding="utf-8")
    cut = text.index('"Lakeport"') + 4  # mid-string, on the jurisdiction line
    broken.write_text(text[:cut], encoding="utf-8")
    expected_line = text[:cut].count("\n") + 1
    assert text.splitlines()[expected_line - 1].startswith("jurisdiction")

    other = fresh(tmp_store)
    assert [body.id for body in other.all(Body)] == ["body-0", "body-2"]
    assert other.all(Body) == [bodies[0], bodies[2]]
    assert other.all(Person) == []
    problems = other.problems_so_far()
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path == broken
    assert problem.line == expected_line
    assert "is not valid TOML" in problem.message
    assert problem.describe(tmp_store.root).startswith(
        f"bodies/body-1.toml:{expected_line}: is not valid TOML"
    )


def test_syntax_error_mid_file_points_at_its_line(tmp_store: Store) -> None:
    bodies = save_bodies(tmp_store)
    broken = tmp_store.path_of(bodies[0])
    lines = broken.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("members"))
    lines[number - 1] = "members = = 3"
    write_text(broken, "\n".join(lines) + "\n")
    other = fresh(tmp_store)
    assert [b.id for b in other.all(Body)] == ["body-1", "body-2"]
    [problem] = other.load_all()
    assert (problem.path, problem.line) == (broken, number)


def test_wrong_typed_field_names_the_field_and_line(tmp_store: Store) -> None:
    bodies = save_bodies(tmp_store)
    broken = tmp_store.path_of(bodies[2])
    lines = broken.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("members"))
    lines[number - 1] = 'members = "seven"'
    write_text(broken, "\n".join(lines) + "\n")
    other = fresh(tmp_store)
    assert [b.id for b in other.all(Body)] == ["body-0", "body-1"]
    [problem] = other.load_all()
    assert problem.path == broken
    assert problem.line == number
    assert problem.message.startswith("members:")
    assert "whole number" in problem.message
    assert "'seven'" not in problem.message  # words from the file are never repeated


def test_wrong_typed_nested_field(tmp_store: Store) -> None:
    path = tmp_store.root / "bodies" / "board.toml"
    atomic.ensure_dir(path.parent)
    path.write_text('schema = 1\nname = "Board"\n\n[request_deadline]\ndays_before = "eight"\n')
    [problem] = fresh(tmp_store).load_all()
    assert "request_deadline.days_before" in problem.message
    assert problem.line == 4  # the table that holds it


def test_model_rule_broken_in_a_file(tmp_store: Store) -> None:
    path = tmp_store.root / "bodies" / "board.toml"
    atomic.ensure_dir(path.parent)
    path.write_text('schema = 1\nname = "Board"\nspeaking_limit = "0:00"\n')
    other = fresh(tmp_store)
    assert other.all(Body) == []
    [problem] = other.problems_so_far()
    assert "speaking limit" in problem.message


def test_unknown_key_is_a_warning_and_the_record_loads(tmp_store: Store) -> None:
    path = tmp_store.root / "bodies" / "board.toml"
    atomic.ensure_dir(path.parent)
    path.write_text('schema = 1\nname = "Board"\ncolour = "blue"\n')
    other = fresh(tmp_store)
    assert other.get(Body, "board").name == "Board"
    [problem] = other.problems_so_far()
    assert problem.severity == "warning"
    assert "colour" in problem.message


def test_newer_schema_is_refused_and_never_overwritten(tmp_store: Store) -> None:
    save_bodies(tmp_store, 1)
    newer = tmp_store.root / "bodies" / "future.toml"
    content = 'schema = 2\nname = "From the future"\nnew_field = 1\n'
    newer.write_text(content)
    other = fresh(tmp_store)
    assert [b.id for b in other.all(Body)] == ["body-0"]
    [problem] = other.problems_so_far()
    assert problem.path == newer
    assert problem.message == "was written by a newer delegate (schema 2; this one reads 1)"
    with pytest.raises(ConflictError):
        other.save(Body(id="future", name="Overwrite"))
    assert newer.read_text() == content
    assert other.new_id(Body, "future") == "future-2"


@pytest.mark.parametrize("schema", ['"1"', "0", "true", "1.0"])
def test_bad_schema_value(tmp_store: Store, schema: str) -> None:
    path = tmp_store.root / "bodies" / "board.toml"
    atomic.ensure_dir(path.parent)
    path.write_text(f'schema = {schema}\nname = "Board"\n')
    other = fresh(tmp_store)
    assert other.all(Body) == []
    [problem] = other.problems_so_far()
    assert "schema should be a whole number" in problem.message


def test_not_utf8(tmp_store: Store) -> None:
    path = tmp_store.root / "bodies" / "board.toml"
    atomic.ensure_dir(path.parent)
    path.write_bytes(b'schema = 1\nname = "Caf\xe9"\n')
    [problem] = fresh(tmp_store).load_all()
    assert "not UTF-8" in problem.message


def test_duplicate_id_in_two_folders_is_reported(tmp_store: Store) -> None:
    tmp_store.save(Meeting(id="2027-01-20-m", body="b", start=datetime(2027, 1, 20, 18, tzinfo=VAN)))
    stray = tmp_store.root / "meetings" / "2027-01-20-m.toml"  # same id, outside its year folder
    stray.write_text('schema = 1\nbody = "b"\nstart = 2027-01-21T18:00:00\n')
    other = fresh(tmp_store)
    assert len(other.all(Meeting)) == 1
    [problem] = other.problems_so_far()
    assert "also used by" in problem.message


def test_hand_typed_local_time_is_read_in_the_record_zone(tmp_store: Store) -> None:
    path = tmp_store.root / "meetings" / "2027" / "2027-07-01-m.toml"
    atomic.ensure_dir(path.parent)
    path.write_text('schema = 1\nbody = "b"\ntimezone = "Europe/Paris"\nstart = 2027-07-01T18:00:00\n')
    path2 = tmp_store.root / "meetings" / "2027" / "2027-07-02-m.toml"
    path2.write_text('schema = 1\nbody = "b"\nstart = 2027-07-02T18:00:00\n')
    other = fresh(tmp_store)
    assert other.get(Meeting, "2027-07-01-m").start == datetime(
        2027, 7, 1, 18, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert other.get(Meeting, "2027-07-02-m").start == datetime(2027, 7, 2, 18, tzinfo=VAN)


# ---- crash safety and write failures ----------------------------------------------------------------


def assert_only_record_files(root: Path) -> None:
    leftovers = [name for name in visible_files(root) if name.endswith(atomic.TEMP_SUFFIX)]
    assert leftovers == []


@pytest.mark.parametrize("error", [OSError(errno.EIO, "I/O error"), KeyboardInterrupt()])
def test_failure_at_rename_keeps_the_old_file(
    tmp_store: Store, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    body = Body(id="board", name="Board", members=5)
    tmp_store.save(body)
    path = tmp_store.path_of(body)
    before = path.read_bytes()
    monkeypatch.setattr(atomic, "os", OsProxy(replace=failing(error)))
    with pytest.raises((StoreError, KeyboardInterrupt)):
        tmp_store.save(replace(body, members=9))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert_only_record_files(tmp_store.root)
    assert tmp_store.get(Body, "board").members == 5  # the record in memory is not the unsaved one
    other = fresh(tmp_store)
    assert other.all(Body) == [body]
    assert other.load_all() == []
    # The failed save left nothing that blocks the next one.
    tmp_store.save(replace(body, members=9))
    assert fresh(tmp_store).get(Body, "board").members == 9


def test_temp_file_left_by_a_hard_crash_is_not_a_record(tmp_store: Store) -> None:
    body = Body(id="board", name="Board")
    tmp_store.save(body)
    # What a killed process leaves behind: a half-written temp file beside the record.
    before = tmp_store.fingerprint()
    leftover = tmp_store.root / "bodies" / f".board.toml.k3j2{atomic.TEMP_SUFFIX}"
    leftover.write_text('schema = 1\nname = "Bo')
    other = fresh(tmp_store)
    assert other.all(Body) == [body]
    assert other.load_all() == []
    assert other.fingerprint() == before  # the watch does not take it for an outside edit


@pytest.mark.parametrize(
    ("function", "error", "reason"),
    [
        ("fdopen", PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        ("fsync", OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        ("replace", OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        ("replace", OSError(errno.EROFS, "Read-only file system"), "the folder is read-only"),
        ("replace", OSError(errno.EDQUOT, "Disk quota exceeded"), "the disk quota is used up"),
    ],
)
def test_write_failure_is_a_clear_store_error(
    tmp_store: Store, monkeypatch: pytest.MonkeyPatch, function: str, error: OSError, reason: str
) -> None:
    body = Body(id="board", name="Board", members=5)
    tmp_store.save(body)
    path = tmp_store.path_of(body)
    before = path.read_bytes()
    monkeypatch.setattr(atomic, "os", OsProxy(**{function: failing(error)}))
    with pytest.raises(StoreError) as caught:
        tmp_store.save(replace(body, members=9))
    monkeypatch.undo()
    message = str(caught.value)
    assert message == f"could not save body board to {path}: {reason}; nothing was changed"
    assert path.read_bytes() == before
    assert_only_record_files(tmp_store.root)
    assert fresh(tmp_store).get(Body, "board") == body


@pytest.mark.parametrize("function", ["fdopen", "fsync", "replace"])
def test_failed_script_save_changes_neither_file(
    tmp_store: Store, monkeypatch: pytest.MonkeyPatch, function: str
) -> None:
    script = Script(id="speech", title="Speech", text="old words", target=timedelta(minutes=5))
    tmp_store.save(script)
    toml_path = tmp_store.path_of(script)
    md_path = toml_path.with_suffix(".md")
    before = (toml_path.read_bytes(), md_path.read_bytes())
    calls: list[object] = []
    real = getattr(os, function)

    def fail_on_the_toml(*args: Any, **kwargs: Any) -> Any:
        # Only the second call fails: a write or rename after the first has gone through.
        calls.append(args)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic, "os", OsProxy(**{function: fail_on_the_toml}))
    with pytest.raises(StoreError, match="disk is full"):
        tmp_store.save(replace(script, text="new words", target=timedelta(minutes=3)))
    monkeypatch.undo()
    assert (toml_path.read_bytes(), md_path.read_bytes()) == before
    assert_only_record_files(tmp_store.root)
    assert fresh(tmp_store).get(Script, "speech") == script
    # and the same window can try again once there is room
    tmp_store.save(replace(script, text="new words"))
    assert fresh(tmp_store).get(Script, "speech").text == "new words"


def test_rollback_without_hard_links(tmp_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # On a folder without hard links the old Markdown is kept as a copy, and still comes back.
    script = Script(id="speech", title="Speech", text="old words")
    tmp_store.save(script)
    md_path = tmp_store.path_of(script).with_suffix(".md")
    calls: list[object] = []

    def replace_failing_second(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(errno.EIO, "I/O error")
        return os.replace(*args, **kwargs)

    monkeypatch.setattr(
        atomic,
        "os",
        OsProxy(
            link=failing(OSError(errno.EPERM, "Operation not permitted")), replace=replace_failing_second
        ),
    )
    with pytest.raises(StoreError, match="could not save script speech"):
        tmp_store.save(replace(script, text="new words"))
    monkeypatch.undo()
    assert md_path.read_text() == "old words"
    assert_only_record_files(tmp_store.root)
    assert fresh(tmp_store).get(Script, "speech") == script


def test_new_markdown_file_is_removed_when_the_toml_fails(
    tmp_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def replace_failing_second(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return os.replace(*args, **kwargs)

    monkeypatch.setattr(atomic, "os", OsProxy(replace=replace_failing_second))
    with pytest.raises(StoreError, match="disk is full"):
        tmp_store.save(Script(id="speech", title="Speech", text="words"))
    monkeypatch.undo()
    assert visible_files(tmp_store.root) == [".lock"]
    tmp_store.save(Script(id="speech", title="Speech", text="words"))  # no conflict with a half-save
    assert fresh(tmp_store).get(Script, "speech").text == "words"


def test_local_mean_time_offsets_round_trip(tmp_store: Store) -> None:
    # Before 1884 Vancouver's offset was -8:12:28, which a TOML offset cannot say (typing 1026 for 2026).
    start = datetime(1026, 12, 9, 18, 0, tzinfo=VAN)
    assert start.utcoffset() == -timedelta(hours=8, minutes=12, seconds=28)
    meeting = Meeting(id="1026-12-09-m", body="b", start=start, end=start + timedelta(hours=2))
    tmp_store.save(meeting)
    other = fresh(tmp_store)
    assert other.load_all() == []
    loaded = other.get(Meeting, meeting.id)
    assert loaded == meeting
    assert (loaded.start.hour, loaded.start.minute) == (18, 0)


def test_datetime_out_of_range_is_a_store_error(tmp_store: Store) -> None:
    paris = ZoneInfo("Europe/Paris")  # +0:09:21 in year 1: in UTC that is year 0
    meeting = Meeting(id="m", body="b", start=datetime(1, 1, 1, 0, 5, tzinfo=paris))
    with pytest.raises(StoreError, match="could not save meeting m"):
        tmp_store.save(meeting)
    assert not (tmp_store.root / "meetings").exists()


def test_unencodable_text_is_a_store_error_and_writes_nothing(tmp_store: Store) -> None:
    for record in (Body(id="b", name="Board \ud800"), Script(id="s", title="Speech", text="lone \udc80")):
        with pytest.raises(StoreError, match="could not save"):
            tmp_store.save(record)
    assert visible_files(tmp_store.root) in ([], [".lock"])
    assert tmp_store.all(Body) == []
    assert tmp_store.all(Script) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(tmp_store: Store) -> None:
    body = Body(id="board", name="Board")
    tmp_store.save(body)
    folder = tmp_store.root / "bodies"
    before = tmp_store.path_of(body).read_bytes()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="permission denied; nothing was changed"):
            tmp_store.save(replace(body, members=3))
    finally:
        folder.chmod(0o700)
    assert tmp_store.path_of(body).read_bytes() == before


# ---- conflicts ----------------------------------------------------------------------------------


def test_second_writer_gets_a_conflict(tmp_store: Store) -> None:
    body = Body(id="board", name="Board", members=5)
    tmp_store.save(body)
    first, second = fresh(tmp_store), fresh(tmp_store)
    mine, theirs = first.get(Body, "board"), second.get(Body, "board")
    first.save(replace(mine, members=7))
    with pytest.raises(ConflictError, match="changed on disk after it was read"):
        second.save(replace(theirs, notes="my edit"))
    on_disk = fresh(tmp_store).get(Body, "board")
    assert (on_disk.members, on_disk.notes) == (7, "")
    # After reloading, the second window can make its change on top of the first.
    second.forget()
    second.save(replace(second.get(Body, "board"), notes="my edit"))
    on_disk = fresh(tmp_store).get(Body, "board")
    assert (on_disk.members, on_disk.notes) == (7, "my edit")


def test_edit_by_another_program_is_a_conflict(tmp_store: Store) -> None:
    body = Body(id="board", name="Board", members=5)
    tmp_store.save(body)
    path = tmp_store.path_of(body)
    write_text(path, 'schema = 1\nname = "Board"\nmembers = 6\n')
    with pytest.raises(ConflictError):
        tmp_store.save(replace(body, members=8))
    assert fresh(tmp_store).get(Body, "board").members == 6


def test_markdown_edited_elsewhere_is_a_conflict(tmp_store: Store) -> None:
    script = Script(id="speech", title="Speech", text="old words")
    tmp_store.save(script)
    md_path = tmp_store.path_of(script).with_suffix(".md")
    write_text(md_path, "edited in vim")
    with pytest.raises(ConflictError):
        tmp_store.save(replace(script, title="New title"))
    assert md_path.read_text() == "edited in vim"


def test_deleted_on_disk_then_saved_is_a_conflict(tmp_store: Store) -> None:
    body = Body(id="board", name="Board")
    tmp_store.save(body)
    other = fresh(tmp_store)
    loaded = other.get(Body, "board")
    tmp_store.path_of(body).unlink()
    with pytest.raises(ConflictError, match="deleted on disk"):
        other.save(replace(loaded, members=3))
    assert not tmp_store.path_of(body).exists()
    with pytest.raises(ConflictError, match="deleted on disk"):
        other.delete(loaded)


def test_created_meanwhile_by_another_window_is_a_conflict(tmp_store: Store) -> None:
    assert tmp_store.all(Body) == []
    other = fresh(tmp_store)
    other.save(Body(id="board", name="Theirs"))
    with pytest.raises(ConflictError, match="just created by another program"):
        tmp_store.save(Body(id="board", name="Mine"))
    assert fresh(tmp_store).get(Body, "board").name == "Theirs"


def test_delete_of_a_changed_record_is_a_conflict(tmp_store: Store) -> None:
    body = Body(id="board", name="Board")
    tmp_store.save(body)
    other = fresh(tmp_store)
    loaded = other.get(Body, "board")
    tmp_store.save(replace(body, members=3))
    with pytest.raises(ConflictError):
        other.delete(loaded)
    assert tmp_store.path_of(body).exists()


# ---- the index ---------------------------------------------------------------------------------------


def indexed(store: Store) -> Store:
    return Store(store.root, index=store.root.parent / "index.sqlite", default_zone=ZONE)


@pytest.fixture
def populated(tmp_store: Store) -> Store:
    for record in sample_records():
        tmp_store.save(record)
    stray = tmp_store.root / "bodies" / "with-warning.toml"
    stray.write_text('schema = 1\nname = "Has an unknown key"\ncolour = "blue"\n')
    return tmp_store


def everything(store: Store) -> dict[str, list[Any]]:
    return {kind.name: store.all(kind.cls) for kind in KINDS}


def test_warm_load_uses_the_index_without_parsing(populated: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = indexed(populated)
    cold_records, cold_problems = everything(cold), cold.load_all()
    assert sum(len(records) for records in cold_records.values()) == len(sample_records()) + 1
    assert [p.severity for p in cold_problems] == ["warning"]

    def refuse(text: str, **kwargs: Any) -> dict[str, Any]:
        raise AssertionError("a file was parsed although the index had it")

    monkeypatch.setattr(tomllib, "loads", refuse)
    warm = indexed(populated)
    assert everything(warm) == cold_records
    assert warm.load_all() == cold_problems
    # the warm store can still save: it knows where each record lives and what it looked like
    body = warm.get(Body, "lakeport-police-board")
    warm.save(replace(body, members=8))
    monkeypatch.undo()
    assert fresh(populated).get(Body, body.id).members == 8


def test_edited_file_is_reparsed_and_only_it(populated: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    everything(indexed(populated))  # fill the index
    path = populated.root / "bodies" / "lakeport-police-board.toml"
    write_text(path, path.read_text().replace("members = 7", "members = 12"))
    script_md = populated.root / "scripts" / "street-checks-speech.md"
    write_text(script_md, "## New\nshorter speech\n")
    parsed: list[str] = []
    real_loads = tomllib.loads

    def counting(text: str, **kwargs: Any) -> dict[str, Any]:
        parsed.append(text)
        return real_loads(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", counting)
    warm = indexed(populated)
    assert warm.get(Body, "lakeport-police-board").members == 12
    assert warm.get(Script, "street-checks-speech").text == "## New\nshorter speech\n"
    everything(warm)
    assert len(parsed) == 2


def test_removed_and_added_files_are_seen(populated: Store) -> None:
    everything(indexed(populated))
    (populated.root / "people" / "rosa.toml").unlink()
    (populated.root / "people" / "sam.toml").write_text('schema = 1\nname = "Sam"\n')
    warm = indexed(populated)
    assert [p.id for p in warm.all(Person)] == ["sam"]
    assert [p.id for p in indexed(populated).all(Person)] == ["sam"]


def test_deleting_the_index_loses_nothing(populated: Store) -> None:
    first = indexed(populated)
    expected = everything(first)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{populated.root.parent / 'index.sqlite'}{suffix}").unlink(missing_ok=True)
    assert everything(indexed(populated)) == expected
    assert everything(indexed(populated)) == expected


def test_garbage_index_file_is_ignored(populated: Store) -> None:
    expected = everything(fresh(populated))
    index_file = populated.root.parent / "index.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{index_file}{suffix}").unlink(missing_ok=True)
    index_file.write_bytes(b"this is not a database" * 100)
    assert everything(indexed(populated)) == expected


def test_corrupt_cached_entry_falls_back_to_the_file(populated: Store) -> None:
    expected = everything(indexed(populated))
    index_file = populated.root.parent / "index.sqlite"
    db = sqlite3.connect(index_file)
    garbage = b"not a pickle"
    assert db.execute("UPDATE parts SET blob = ?", (garbage,)).rowcount > 0
    db.commit()
    db.close()
    assert everything(indexed(populated)) == expected


def test_cached_record_of_the_wrong_kind_falls_back_to_the_file(populated: Store) -> None:
    expected = everything(indexed(populated))
    index_file = populated.root.parent / "index.sqlite"
    db = sqlite3.connect(index_file)
    # A snapshot that unpickles fine but holds something else than (record, warnings) per file.
    blob = pickle.dumps({"/nowhere.toml": ("sig", ("not a record", []))})
    damage = "UPDATE parts SET blob = ? WHERE part = 'play' OR part LIKE 'rest %'"
    assert db.execute(damage, (blob,)).rowcount > 0
    db.commit()
    db.close()
    assert everything(indexed(populated)) == expected


def test_cached_record_of_another_shape_falls_back_to_the_file(populated: Store) -> None:
    """A record kept with more or fewer field values than its class has now (a cache written by
    other code) is not half-built: its part is read from the files again."""
    from delegate.store import index

    expected = everything(indexed(populated))
    index_file = populated.root.parent / "index.sqlite"

    class OtherShape(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            if isinstance(obj, Body):  # the class it is now, with a value first it no longer has
                values = tuple(getattr(obj, field.name) for field in dataclasses.fields(obj))
                return index._restore, (Body, ("a field it lost", *values))
            return NotImplemented

    db = sqlite3.connect(index_file)
    for part, blob in db.execute("SELECT part, blob FROM parts WHERE part LIKE 'rest %bodies'").fetchall():
        buffer = io.BytesIO()
        OtherShape(buffer).dump(pickle.loads(blob))
        db.execute("UPDATE parts SET blob = ? WHERE part = ?", (buffer.getvalue(), part))
    assert db.total_changes > 0
    db.commit()
    db.close()
    assert everything(indexed(populated)) == expected


def test_index_file_is_owner_only(populated: Store) -> None:
    everything(indexed(populated))
    assert stat.S_IMODE((populated.root.parent / "index.sqlite").stat().st_mode) == 0o600


def test_index_respects_the_default_zone(tmp_store: Store) -> None:
    path = tmp_store.root / "meetings" / "2027" / "2027-01-20-m.toml"
    atomic.ensure_dir(path.parent)
    path.write_text('schema = 1\nbody = "b"\nstart = 2027-01-20T18:00:00\n')
    vancouver = indexed(tmp_store)
    assert vancouver.get(Meeting, "2027-01-20-m").start.utcoffset() == timedelta(hours=-8)
    toronto = Store(
        tmp_store.root, index=tmp_store.root.parent / "index.sqlite", default_zone="America/Toronto"
    )
    start = toronto.get(Meeting, "2027-01-20-m").start
    assert start == datetime(2027, 1, 20, 18, 0, tzinfo=ZoneInfo("America/Toronto"))


def test_default_index_lives_in_the_cache_dir(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", default_zone=ZONE)
    store.save(Body(id="b", name="Board"))
    Store(tmp_path / "data", default_zone=ZONE).all(Body)
    cache = Path(os.environ["DELEGATE_CACHE"])
    assert [p.name for p in cache.glob("index-*.sqlite")] != []
    assert not list((tmp_path / "data").rglob("*.sqlite*"))


def test_kind_paths() -> None:
    root = Path("/x")
    assert kind_of(Meeting).path_for(root, "2027-01-20-m") == root / "meetings" / "2027" / "2027-01-20-m.toml"
    assert kind_of(Meeting).path_for(root, "m") == root / "meetings" / "m.toml"
    assert kind_of(Body).path_for(root, "2027-b") == root / "bodies" / "2027-b.toml"


def test_the_fingerprint_moves_with_every_add_edit_and_removal(tmp_store: Store) -> None:
    tmp_store.save(Body(id="board", name="Board"))
    path = tmp_store.path_of(tmp_store.get(Body, "board"))
    seen = {tmp_store.fingerprint()}
    tmp_store.save(Body(id="council", name="Council"))
    seen.add(tmp_store.fingerprint())
    text = path.read_text()
    path.write_text(text.replace("Board", "Bored"))  # same size: only the mtime tells
    os.utime(path, ns=(1, 1))
    seen.add(tmp_store.fingerprint())
    path.unlink()
    seen.add(tmp_store.fingerprint())
    assert len(seen) == 4


def test_lookup_is_get_or_none(tmp_store: Store) -> None:
    body = Body(id="board", name="Board")
    tmp_store.save(body)
    assert tmp_store.lookup(Body, "board") == body
    assert tmp_store.lookup(Body, "boar") is None  # an exact id only, never a prefix
    assert fresh(tmp_store).lookup(Body, "nothing") is None


def test_files_read_tells_whether_a_kind_is_still_as_read(tmp_store: Store) -> None:
    """What was derived from a kind's records can be kept while its files are as they were read:
    an edit in place, a new file, a removed one or a broken one all show in the digest."""
    for number in range(3):
        tmp_store.save(Script(id=f"s{number}", title=f"Script {number}", text="Five minutes."))
    store = fresh(tmp_store)
    assert store.files_read(Script) is None  # not read yet
    store.all(Script)
    digest = store.files_read(Script)
    assert digest == store.files_now(Script)
    markdown = tmp_store.root / "scripts" / "s1.md"
    with markdown.open("a", encoding="utf-8") as handle:  # the long text, edited in place
        handle.write("\nOne more line.")
    assert store.files_now(Script) != digest
    reread = fresh(tmp_store)
    reread.all(Script)
    assert reread.files_read(Script) == reread.files_now(Script)
    write_text(tmp_store.root / "scripts" / "broken.toml", "not = [ toml")
    broken = fresh(tmp_store)
    broken.all(Script)
    assert broken.files_read(Script) != broken.files_now(Script)  # never taken as unchanged
