"""Reading only what is still in play: the dashboard's view of ten years without reading ten years.

The index keeps each kind's records in play (meetings not over, open follow-ups, unpaid honoraria,
delegations not yet spoken) apart from the rest; a later store reads those, and any file changed
since, and nothing else. These tests hold `in_play` to what filtering every record would give.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import TEST_ZONE

import delegate.store.store as store_module
from delegate.model import (
    Body,
    Delegation,
    DelegationStatus,
    FollowUp,
    FollowUpStatus,
    Honorarium,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from delegate.store import AmbiguousIdError, NotFoundError, Store
from delegate.store.kinds import kind_of

ZONE = ZoneInfo(TEST_ZONE)
TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index files records away by the day it is written: pin that day."""
    monkeypatch.setenv("DELEGATE_NOW", f"{TODAY.isoformat()}T09:00")


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def meeting(day: date, name: str = "board", **changes: object) -> Meeting:
    return Meeting(id=f"{day.isoformat()}-{name}", body=name, start=at(day), end=at(day, 20), **changes)  # type: ignore[arg-type]


def follow_up(number: int, status: FollowUpStatus = FollowUpStatus.OPEN) -> FollowUp:
    closed = TODAY - timedelta(days=3) if status is not FollowUpStatus.OPEN else None
    return FollowUp(
        id=f"2020-01-{number:02d}-item",
        text=f"Item {number}",
        due=date(2020, 1, number),
        status=status,
        closed_on=closed,
    )


def ten_years(store: Store) -> None:
    store.save(Body(id="board", name="Police Board"))
    for days in range(-3650, 120, 30):
        day = TODAY + timedelta(days=days)
        status = MeetingStatus.HELD if days < 0 else MeetingStatus.SCHEDULED
        store.save(meeting(day, status=status))
    for number in range(1, 29):
        store.save(follow_up(number, FollowUpStatus.OPEN if number % 4 == 0 else FollowUpStatus.DONE))
    store.save(Honorarium(id="2026-10-01-1", person="rosa", amount=Decimal(50), owed_on=date(2026, 10, 1)))
    store.save(
        Honorarium(
            id="2026-09-01-1",
            person="rosa",
            amount=Decimal(50),
            owed_on=date(2026, 9, 1),
            paid_on=date(2026, 9, 2),
        )
    )
    ahead = store.all(Meeting)[-1]
    past = store.all(Meeting)[0]
    store.save(
        Delegation(
            id="2026-ours", meeting=ahead.id, topic="Bail conditions", status=DelegationStatus.REQUESTED
        )
    )
    store.save(
        Delegation(id="2017-ours", meeting=past.id, topic="Sweeps", status=DelegationStatus.FOLLOWED_UP)
    )


def rule_applied(store: Store, cls: type, since: date) -> list:
    rule = kind_of(cls).in_play
    assert rule is not None
    return [record for record in store.all(cls) if rule(record, since)]


def again(store: Store) -> Store:
    """The next run: a new store on the same folder and the same index."""
    return Store(store.root, index=store.root.parent / "index.sqlite", default_zone=TEST_ZONE)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every record file a store parses from now on."""
    seen: list[Path] = []
    original = Store._read

    def counting(self: Store, kind: object, path: Path) -> object:
        seen.append(path)
        return original(self, kind, path)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module.Store, "_read", counting)
    return seen


KINDS_IN_PLAY = (Meeting, FollowUp, Honorarium, Delegation)


def test_in_play_is_what_the_rule_picks_from_every_record(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()  # the next run writes the index, with the records in play kept apart
    later = again(tmp_store)
    for cls in KINDS_IN_PLAY:
        for since in (TODAY, TODAY + timedelta(days=40)):
            assert later.in_play(cls, since) == rule_applied(again(tmp_store), cls, since)


def test_only_the_records_in_play_are_read_on_the_next_run(tmp_store: Store, reads: list[Path]) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    reads.clear()
    later = again(tmp_store)
    meetings = later.in_play(Meeting, TODAY)
    assert [item.start.date() >= TODAY - timedelta(days=2) for item in meetings] == [True] * len(meetings)
    assert len(meetings) == 4
    assert [item.id for item in later.in_play(FollowUp, TODAY)] == [
        f"2020-01-{n:02d}-item" for n in (4, 8, 12, 16, 20, 24, 28)
    ]
    assert reads == []  # all from the index; the 122 past meetings were not even unpickled


def test_edits_made_since_are_seen_in_and_out_of_play(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    other = again(tmp_store)  # another window, or the CLI
    reopened = other.get(FollowUp, "2020-01-01-item")
    other.save(FollowUp(id=reopened.id, text="Item 1, again", due=reopened.due))
    other.save(other.get(FollowUp, "2020-01-04-item").done(TODAY))
    other.save(follow_up(29))
    other.delete(other.get(FollowUp, "2020-01-08-item"))
    cancelled = other.all(Meeting)[-1].cancel("no quorum")
    other.save(cancelled)
    edited_past = other.all(Meeting)[0]
    other.save(Meeting(**{**_fields(edited_past), "notes": "minutes approved"}))

    later = again(tmp_store)
    open_items = [item.id for item in later.in_play(FollowUp, TODAY)]
    assert "2020-01-01-item" in open_items
    assert "2020-01-29-item" in open_items
    assert "2020-01-04-item" not in open_items
    assert "2020-01-08-item" not in open_items
    assert cancelled in later.in_play(Meeting, TODAY)  # still in play (not over), now cancelled
    # The edit to a meeting out of play is there once the whole kind is read.
    assert again(tmp_store).get(Meeting, edited_past.id).notes == "minutes approved"
    assert later.get(Meeting, edited_past.id).notes == "minutes approved"
    assert later.all(Meeting) == again(tmp_store).all(Meeting)
    for cls in KINDS_IN_PLAY:
        assert again(tmp_store).in_play(cls, TODAY) == rule_applied(again(tmp_store), cls, TODAY)


def _fields(record: Meeting) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def test_a_day_before_the_index_was_written_reads_the_whole_kind(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    earlier = TODAY - timedelta(days=400)
    assert again(tmp_store).in_play(Meeting, earlier) == rule_applied(again(tmp_store), Meeting, earlier)


def test_get_reads_one_record_out_of_play_and_knows_when_there_is_none(
    tmp_store: Store, reads: list[Path]
) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    past = tmp_store.all(Meeting)[0]
    reads.clear()
    later = again(tmp_store)
    later.in_play(Meeting, TODAY)
    assert later.get(Meeting, past.id) == past
    assert reads == [tmp_store.path_of(past)]
    with pytest.raises(NotFoundError):
        later.get(Meeting, "1999-01-01-nothing")
    assert len(reads) == 1  # no such file: not a reason to read ten years


def test_a_record_placed_by_hand_elsewhere_in_its_folder_is_found(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    past = tmp_store.all(Meeting)[0]
    path = tmp_store.path_of(past)
    moved = path.parent.parent / "archive" / path.name
    moved.parent.mkdir()
    path.rename(moved)
    later = again(tmp_store)
    later.in_play(Meeting, TODAY)
    assert later.get(Meeting, past.id) == past


def test_saving_after_a_partial_read_keeps_the_conflict_check(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    window = again(tmp_store)
    item = window.in_play(FollowUp, TODAY)[0]
    again(tmp_store).save(item.done(TODAY))  # someone else closes it meanwhile
    with pytest.raises(store_module.ConflictError):
        window.save(item.drop(TODAY, "done elsewhere"))
    window.forget()
    assert item.id not in [each.id for each in window.in_play(FollowUp, TODAY)]


def test_has_records_without_reading(tmp_store: Store, reads: list[Path]) -> None:
    assert not tmp_store.has_records(Meeting)
    tmp_store.save(Body(id="board", name="Board"))
    tmp_store.save(meeting(date(2017, 1, 5)))
    reads.clear()
    later = again(tmp_store)
    assert later.has_records(Meeting)
    assert not later.has_records(FollowUp)
    assert reads == []


def test_without_an_index_in_play_is_still_right(tmp_store: Store) -> None:
    ten_years(tmp_store)
    plain = Store(tmp_store.root, index=False, default_zone=TEST_ZONE)
    assert plain.in_play(FollowUp, TODAY) == rule_applied(plain, FollowUp, TODAY)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE parts SET blob = x'00' WHERE part = 'play'",
        "UPDATE parts SET blob = x'00' WHERE part = 'signatures'",
        "UPDATE folders SET since = 'yesterday'",
        # unpickles, but not as what it should be
        "UPDATE parts SET blob = (SELECT blob FROM parts AS p WHERE p.folder = parts.folder"
        " AND p.part = 'play') WHERE part = 'signatures'",
        # a part gone
        "DELETE FROM parts WHERE part = 'play'",
        "DELETE FROM parts WHERE part = 'signatures'",
    ],
)
def test_a_damaged_index_only_costs_a_full_read(tmp_store: Store, damage: str) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    db = sqlite3.connect(tmp_store.root.parent / "index.sqlite")
    db.execute(damage)
    db.commit()
    db.close()
    for cls in KINDS_IN_PLAY:
        assert again(tmp_store).in_play(cls, TODAY) == rule_applied(again(tmp_store), cls, TODAY)


def rest_rows(store: Store, folder: str) -> dict[str, tuple[int, bytes]]:
    """The rowid and bytes of each part that keeps a folder's records out of play, by name."""
    db = sqlite3.connect(store.root.parent / "index.sqlite")
    try:
        query = "SELECT part, rowid, blob FROM parts WHERE folder = ? AND part LIKE 'rest %'"
        rows = {part: (rowid, blob) for part, rowid, blob in db.execute(query, (folder,))}
    finally:
        db.close()
    assert rows
    return rows


def test_a_change_in_play_leaves_the_rest_as_it_was_written(tmp_store: Store) -> None:
    # Years of closed follow-ups are not written again because an open one changed, nor read
    # again to learn what is in play.
    ten_years(tmp_store)
    again(tmp_store).load_all()
    folder = kind_of(FollowUp).folder
    before = rest_rows(tmp_store, folder)
    changed = again(tmp_store)
    item = changed.in_play(FollowUp, TODAY)[0]
    changed.save(dataclasses.replace(item, text="Call the clerk again"))
    later = again(tmp_store)
    assert {f.id: f.text for f in later.in_play(FollowUp, TODAY)}[item.id] == "Call the clerk again"
    assert rest_rows(tmp_store, folder) == before
    assert again(tmp_store).in_play(FollowUp, TODAY) == rule_applied(again(tmp_store), FollowUp, TODAY)


def test_a_change_out_of_play_writes_again_only_its_folder(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    folder = kind_of(Meeting).folder
    before = rest_rows(tmp_store, folder)
    assert len(before) > 5  # one part for each year's folder of past meetings
    changer = again(tmp_store)
    past = changer.all(Meeting)[3]
    changer.save(dataclasses.replace(past, notes="Minutes came late"))
    later = again(tmp_store)
    assert later.get(Meeting, past.id).notes == "Minutes came late"
    after = rest_rows(tmp_store, folder)
    part = f"rest {changer.path_of(past).parent}"
    assert set(after) == set(before)
    assert {name for name in after if after[name] != before[name]} == {part}
    plain = Store(tmp_store.root, index=False, default_zone=TEST_ZONE)
    assert again(tmp_store).all(Meeting) == plain.all(Meeting)


def test_records_out_of_play_by_the_day_alone_are_kept_too(
    tmp_store: Store, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A meeting goes out of play when its day is over, its file unchanged: the index must then keep
    # it with the rest, or every later run would read its file again.
    ten_years(tmp_store)
    again(tmp_store).load_all()
    monkeypatch.setenv("DELEGATE_NOW", f"{(TODAY + timedelta(days=70)).isoformat()}T09:00")
    changer = again(tmp_store)
    past = changer.all(Meeting)[3]
    changer.save(dataclasses.replace(past, notes="Minutes came late"))
    again(tmp_store).all(Meeting)  # the index written again, some meetings now over
    expected = Store(tmp_store.root, index=False, default_zone=TEST_ZONE).all(Meeting)
    reads.clear()
    assert again(tmp_store).all(Meeting) == expected
    assert reads == []


def delivered_count(store: Store, calls: list[int]) -> dict[str, int]:
    calls.append(1)
    return {"board": sum(1 for item in store.all(Delegation) if item.status is DelegationStatus.FOLLOWED_UP)}


def derive(store: Store, calls: list[int]) -> dict[str, int]:
    store.in_play(Delegation, TODAY)
    store.in_play(Meeting, TODAY)
    return store.derived("test/1", (Delegation, Meeting), lambda: delivered_count(store, calls))


def test_a_derived_value_is_kept_until_a_file_it_comes_from_changes(
    tmp_store: Store, reads: list[Path]
) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    calls: list[int] = []
    assert derive(again(tmp_store), calls) == {"board": 1}
    assert len(calls) == 1
    reads.clear()
    assert derive(again(tmp_store), calls) == {"board": 1}
    assert len(calls) == 1  # the next run: neither computed nor read
    assert reads == []

    other = again(tmp_store)  # the CLI records another delegation given
    spoken = other.get(Delegation, "2026-ours")
    other.save(
        Delegation(id="2018-ours", meeting=spoken.meeting, topic="Again", status=DelegationStatus.FOLLOWED_UP)
    )
    assert derive(again(tmp_store), calls) == {"board": 2}
    assert len(calls) == 2
    assert derive(again(tmp_store), calls) == {"board": 2}
    assert len(calls) == 2

    # a change to a meeting counts too, and so does a save by the store that computed the value
    window = again(tmp_store)
    assert derive(window, calls) == {"board": 2}
    window.save(window.all(Meeting)[-1].cancel("no quorum"))
    derive(window, calls)
    assert len(calls) == 3


def test_without_an_index_a_derived_value_is_computed_each_time(tmp_store: Store) -> None:
    ten_years(tmp_store)
    plain = Store(tmp_store.root, index=False, default_zone=TEST_ZONE)
    calls: list[int] = []
    derive(plain, calls)
    derive(plain, calls)
    assert len(calls) == 2


def test_minutes_in_play_are_a_year_and_any_not_approved(tmp_store: Store, reads: list[Path]) -> None:
    """The minutes list's first view: ten years of minutes, of which only the past year's and those
    still a draft or circulated are read on the next run."""
    tmp_store.save(Body(id="group", name="Safer Nights"))
    for months in range(0, 120):
        day = TODAY - timedelta(days=30 * months + 1)
        status = MinutesStatus.APPROVED if months else MinutesStatus.CIRCULATED
        tmp_store.save(Minutes(id=f"{day.isoformat()}-group", group="group", date=day, status=status))
    tmp_store.save(Minutes(id="2019-05-05-group", group="group", date=date(2019, 5, 5)))  # a draft
    again(tmp_store).load_all()
    reads.clear()
    later = again(tmp_store)
    shown = later.in_play(Minutes, TODAY)
    assert shown == rule_applied(again(tmp_store), Minutes, TODAY)
    assert "2019-05-05-group" in {item.id for item in shown}
    assert len(shown) == 1 + 13  # the draft, and a year of monthly minutes
    assert reads == []


def test_a_record_found_by_its_exact_id_is_read_and_saved_alone(tmp_store: Store, reads: list[Path]) -> None:
    """`followup done ID` on ten years: the one file is read and written, not the whole kind."""
    ten_years(tmp_store)
    again(tmp_store).load_all()
    reads.clear()
    later = again(tmp_store)
    item = later.find(FollowUp, "2020-01-04-item")
    later.save(item.done(TODAY))
    assert reads == [tmp_store.path_of(item)]
    assert later.files_read(FollowUp) is None  # the kind was never read whole
    assert "2020-01-04-item" not in [each.id for each in later.in_play(FollowUp, TODAY)]
    assert again(tmp_store).get(FollowUp, item.id).status is FollowUpStatus.DONE
    # The one file name a prefix starts is found by listing the names, and read alone too.
    assert later.find(FollowUp, "2020-01-08").id == "2020-01-08-item"
    assert later.files_read(FollowUp) is None
    # Several: the whole kind is read, to say which.
    with pytest.raises(AmbiguousIdError):
        later.find(FollowUp, "2020-01-1")
    assert later.files_read(FollowUp) is not None


def test_an_id_is_resolved_by_names_as_the_whole_kind_resolves_it(tmp_store: Store) -> None:
    """Exact id, then an alias, then a prefix, then what follows the date; a name that is not a
    readable record is no answer: each as find gives it after reading the kind whole."""
    ten_years(tmp_store)
    renamed = tmp_store.rename(tmp_store.get(FollowUp, "2020-01-12-item"), "2020-01-12-renamed")
    tmp_store.save(dataclasses.replace(follow_up(12), id="2020-01-12-item-two"))  # the old id starts it
    folder = tmp_store.root / "followups"
    (folder / "2020" / "2020-01-30-broken.toml").write_text("not = = toml\n", encoding="utf-8")
    (folder / "2020" / "2020-01-31-broken-too.toml").write_text("not = = toml\n", encoding="utf-8")
    (folder / "by-hand").mkdir()
    placed = tmp_store.path_of(tmp_store.get(FollowUp, "2020-01-16-item"))
    placed.rename(folder / "by-hand" / placed.name)
    again(tmp_store).load_all()
    for key, expected in (
        ("2020-01-12-item", renamed.id),  # the alias, not the record its old id starts
        ("2020-01-16-item", "2020-01-16-item"),  # placed by hand, found by its name
        ("2020-01-16", "2020-01-16-item"),
        ("item-t", "2020-01-12-item-two"),  # no id starts with it; one does after its date
        ("2020-01-3", None),  # the broken ones only: no record
        ("2020-01-31-broken-too", None),
        ("2020-01-2", "ambiguous"),
    ):
        answers = []
        for store in (again(tmp_store), whole(again(tmp_store))):
            try:
                answers.append(store.find(FollowUp, key).id)
            except AmbiguousIdError:
                answers.append("ambiguous")
            except NotFoundError as error:
                answers.append(str(error))
        assert answers[0] == answers[1], key
        assert expected is None or answers[0] == expected, key


def whole(store: Store) -> Store:
    store.all(FollowUp)
    return store


def test_a_record_found_alone_keeps_its_conflict_check_once_more_is_read(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    window = again(tmp_store)
    item = window.find(FollowUp, "2020-01-04-item")
    again(tmp_store).save(item.drop(TODAY, "not needed"))  # someone else, meanwhile
    window.in_play(FollowUp, TODAY)  # the screen shows what is open: read after the change
    with pytest.raises(store_module.ConflictError):
        window.save(item.done(TODAY))
    window.all(FollowUp)
    with pytest.raises(store_module.ConflictError):
        window.save(item.done(TODAY))
    assert again(tmp_store).get(FollowUp, item.id).status is FollowUpStatus.DROPPED


def test_found_alone_then_deleted_and_a_new_record_beside_it(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    later = again(tmp_store)
    later.delete(later.find(FollowUp, "2020-01-08-item"))
    later.save(follow_up(29))  # a new record: its id is checked against the whole kind
    expected = sorted({*(f"2020-01-{n:02d}-item" for n in range(1, 30))} - {"2020-01-08-item"})
    assert [each.id for each in later.all(FollowUp)] == expected
    assert [each.id for each in again(tmp_store).all(FollowUp)] == expected


def test_an_id_reaching_out_of_its_folder_names_no_record(tmp_store: Store) -> None:
    """A hostile reference ("../x") or a link out of the data folder is not read as a record, by
    the whole kind's read nor by one record's."""
    ten_years(tmp_store)
    source = tmp_store.path_of(tmp_store.get(FollowUp, "2020-01-04-item"))
    elsewhere = tmp_store.root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "planted.toml").write_bytes(source.read_bytes())
    outside = tmp_store.root.parent / "outside"
    outside.mkdir()
    (outside / "2020-02-01-linked.toml").write_bytes(source.read_bytes())
    (source.parent / "2020-02-01-linked.toml").symlink_to(outside / "2020-02-01-linked.toml")
    again(tmp_store).load_all()
    for reading_first in (False, True):
        later = again(tmp_store)
        if reading_first:
            later.in_play(FollowUp, TODAY)
        for reference in ("../elsewhere/planted", "2020-02-01-linked"):
            with pytest.raises(NotFoundError):
                later.get(FollowUp, reference)
            with pytest.raises(NotFoundError):
                later.find(FollowUp, reference)


def test_a_new_record_is_added_without_reading_its_kind(tmp_store: Store, reads: list[Path]) -> None:
    """`followup add` on ten years: the ids in use are the files' names, listed, not read."""
    ten_years(tmp_store)
    again(tmp_store).load_all()
    reads.clear()
    later = again(tmp_store)
    new_id = later.new_id(FollowUp, "2020-01-04-item")
    assert new_id == "2020-01-04-item-2"
    later.save(dataclasses.replace(follow_up(4), id=new_id, text="Item 4, again"))
    assert reads == []
    assert later.files_read(FollowUp) is None  # the kind was never read whole
    assert new_id in [each.id for each in later.in_play(FollowUp, TODAY)]
    fresh = again(tmp_store)
    assert fresh.get(FollowUp, new_id).text == "Item 4, again"
    assert len(fresh.all(FollowUp)) == 29
    assert fresh.problems() == []


def test_a_new_id_is_free_of_every_file_name_even_placed_by_hand_or_broken(tmp_store: Store) -> None:
    ten_years(tmp_store)
    folder = tmp_store.root / "followups"
    (folder / "archive").mkdir()
    placed = dataclasses.replace(follow_up(4), id="2020-01-30-item")
    (folder / "archive" / "2020-01-30-item.toml").write_bytes(
        tmp_store.path_of(tmp_store.get(FollowUp, "2020-01-04-item")).read_bytes()
    )
    (folder / "2020" / "2020-01-31-item.toml").write_text("this is = = not toml\n", encoding="utf-8")
    again(tmp_store).load_all()
    later = again(tmp_store)
    assert later.new_id(FollowUp, placed.id) == "2020-01-30-item-2"
    assert later.new_id(FollowUp, "2020-01-31-item") == "2020-01-31-item-2"
    assert later.new_id(FollowUp, "2020-01-31-item", taken={"2020-01-31-item-2"}) == "2020-01-31-item-3"


def test_a_new_record_with_an_id_of_its_own_is_checked_against_the_whole_kind(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    later = again(tmp_store)
    later.save(dataclasses.replace(follow_up(4), id="2020-02-01-imported"))  # an id not from new_id
    assert later.files_read(FollowUp) is not None
    assert "2020-02-01-imported" in [each.id for each in again(tmp_store).all(FollowUp)]


def test_a_record_in_play_placed_by_hand_elsewhere_is_found_as_it_was_read(tmp_store: Store) -> None:
    ten_years(tmp_store)
    item = tmp_store.get(FollowUp, "2020-01-04-item")
    path = tmp_store.path_of(item)
    moved = path.parent.parent / "by-hand" / path.name
    moved.parent.mkdir()
    path.rename(moved)
    again(tmp_store).load_all()
    later = again(tmp_store)
    shown = later.in_play(FollowUp, TODAY)
    assert later.find(FollowUp, item.id) is next(each for each in shown if each.id == item.id)
    later.save(item.done(TODAY))
    assert later.files_read(FollowUp) is None
    assert not path.exists()
    assert again(tmp_store).get(FollowUp, item.id).status is FollowUpStatus.DONE


def by_folder(store: Store, folder: str) -> list[Meeting]:
    """What in_folder must give: the whole kind read, kept to the folder's files."""
    everything = whole_meetings(store)
    return [record for record in everything.all(Meeting) if everything.folder_of(record) == folder]


def whole_meetings(store: Store) -> Store:
    fresh = Store(store.root, index=False, default_zone=TEST_ZONE)
    fresh.all(Meeting)
    return fresh


def test_one_folder_is_read_alone_as_the_whole_kind_has_it(tmp_store: Store, reads: list[Path]) -> None:
    """A year's meetings without the other nine years: from the index, and a file changed since
    read anew; the same records the whole kind would give for that folder."""
    ten_years(tmp_store)
    again(tmp_store).load_all()
    year = str(TODAY.year - 5)
    expected = by_folder(tmp_store, year)
    assert expected
    reads.clear()
    alone = again(tmp_store)
    assert alone.in_folder(Meeting, year) == expected
    assert reads == []  # every file as the index has it
    assert set(alone.files_read(Meeting) or {}) == {year}  # that folder alone was read
    changed = expected[2]
    path = tmp_store.path_of(changed)
    path.write_text(path.read_text(encoding="utf-8").replace('status = "held"', 'status = "cancelled"'))
    nested = tmp_store.root / "meetings" / year / "by hand"
    nested.mkdir()
    moved = expected[3]
    tmp_store.path_of(moved).rename(nested / f"{moved.id}.toml")
    (tmp_store.root / "meetings" / year / "broken.toml").write_text("not = [ toml")
    expected = by_folder(tmp_store, year)
    reads.clear()
    alone = again(tmp_store)
    found = alone.in_folder(Meeting, year)
    assert found == expected
    assert next(m for m in found if m.id == changed.id).status is MeetingStatus.CANCELLED
    assert moved.id in {m.id for m in found}
    assert {path.name for path in reads} == {f"{changed.id}.toml", f"{moved.id}.toml", "broken.toml"}
    assert any(problem.path.name == "broken.toml" for problem in alone.problems_so_far())


def test_a_folder_read_alone_tells_how_its_files_were_read(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    year = str(TODAY.year - 3)
    alone = again(tmp_store)
    assert alone.files_read(Meeting) is None  # nothing read yet
    alone.in_folder(Meeting, year)
    read = alone.files_read(Meeting)
    assert read == {year: alone.files_now(Meeting)[year]}  # that folder, as it is now
    record = alone.in_folder(Meeting, year)[0]
    path = alone.path_of(record)
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited by hand\n")
    assert alone.files_read(Meeting) == read  # as read, not as now
    assert alone.files_now(Meeting)[year] != read[year]
    alone.forget()
    assert alone.files_read(Meeting) is None  # nothing read since


def test_a_record_of_a_folder_read_alone_keeps_its_conflict_check(tmp_store: Store) -> None:
    ten_years(tmp_store)
    again(tmp_store).load_all()
    year = str(TODAY.year - 2)
    window = again(tmp_store)
    record = window.in_folder(Meeting, year)[0]
    again(tmp_store).save(dataclasses.replace(record, place="Elsewhere"))  # someone else, meanwhile
    assert window.in_folder(Meeting, year)[0] == record  # as this window read it
    with pytest.raises(store_module.ConflictError):
        window.save(dataclasses.replace(record, place="Here"))
    window.all(Meeting)
    with pytest.raises(store_module.ConflictError):
        window.save(dataclasses.replace(record, place="Here"))
    assert again(tmp_store).get(Meeting, record.id).place == "Elsewhere"


@pytest.mark.parametrize("folder", ["", "..", "../people", ".hidden", "2999", "no such"])
def test_a_folder_that_is_not_one_of_the_kinds_own_is_answered_as_the_whole_kind(
    tmp_store: Store, folder: str
) -> None:
    ten_years(tmp_store)
    (tmp_store.root / "meetings" / "elsewhere.toml").write_text(
        (tmp_store.path_of(tmp_store.all(Meeting)[0])).read_text().replace("-board", "-elsewhere")
    )
    again(tmp_store).load_all()
    assert again(tmp_store).in_folder(Meeting, folder) == by_folder(tmp_store, folder)


def test_a_folder_that_is_a_link_is_read_as_the_whole_kind_reads_it(tmp_store: Store, tmp_path: Path) -> None:
    ten_years(tmp_store)
    outside = tmp_path / "outside"
    outside.mkdir()
    source = tmp_store.path_of(tmp_store.all(Meeting)[0])
    (outside / "2001-01-01-planted.toml").write_text(
        source.read_text().replace(source.stem, "2001-01-01-planted")
    )
    (tmp_store.root / "meetings" / "linked").symlink_to(outside)
    again(tmp_store).load_all()
    found = again(tmp_store).in_folder(Meeting, "linked")
    assert found == by_folder(tmp_store, "linked") == []


def test_a_folder_read_in_passing_is_let_go_after_its_block(tmp_store: Store, reads: list[Path]) -> None:
    """A reader going through a hundred years one folder at a time holds one folder: the records
    read for the block have their stamps in it and are forgotten after it; those read before (in
    play) stay, and the folder is still known as read."""
    ten_years(tmp_store)
    again(tmp_store).load_all()
    store = again(tmp_store)
    ahead = store.in_play(Meeting, TODAY)
    year = str(TODAY.year)
    assert store.reads_by_folder(Meeting)
    expected = by_folder(tmp_store, year)
    reads.clear()
    with store.in_passing(Meeting), store.passing_through(Meeting, year) as found:
        assert found == expected
        assert all(store.stamp_of(record) is not None for record in found)
    assert reads == []  # every one from the index, the records in play too
    held = {record.id for record in ahead}
    assert any(record.id not in held for record in found)
    for record in found:
        assert (store.stamp_of(record) is not None) == (record.id in held)
    assert set(store.files_read(Meeting) or {}) == {year}
    assert store.in_folder(Meeting, year) == found  # read again, as it is


def test_a_kind_the_index_does_not_keep_by_folder_is_not_read_so(tmp_store: Store) -> None:
    ten_years(tmp_store)
    assert again(tmp_store).reads_by_folder(Meeting) is False  # the index has no meetings yet
    again(tmp_store).all(Meeting)
    assert again(tmp_store).reads_by_folder(Meeting)
    assert not again(tmp_store).reads_by_folder(Body)  # no records in play: always read whole
    assert Store(tmp_store.root, index=False).reads_by_folder(Meeting)  # every file read anyway


def test_a_folder_read_in_passing_from_a_kind_read_whole_stays(tmp_store: Store) -> None:
    ten_years(tmp_store)
    store = again(tmp_store)
    everything = store.all(Meeting)
    year = str(TODAY.year - 3)
    with store.passing_through(Meeting, year) as found:
        assert found == by_folder(tmp_store, year)
    assert all(store.stamp_of(record) is not None for record in everything)


def test_an_index_behind_its_files_is_said_so_and_a_whole_read_brings_it_up(
    tmp_store: Store, reads: list[Path]
) -> None:
    """A folder read alone does not write the index: with most of its files changed since (copied
    back from a backup, say), it says so, for the reader to read the kind whole once."""
    ten_years(tmp_store)
    again(tmp_store).load_all()
    year = str(TODAY.year - 4)
    for path in (tmp_store.root / "meetings" / year).glob("*.toml"):
        path.write_bytes(path.read_bytes() + b"\n")
    store = again(tmp_store)
    with store.passing_through(Meeting, year) as found:
        assert found == by_folder(tmp_store, year)
    assert store.index_behind(Meeting)
    store.all(Meeting)  # writes the index again
    assert not store.index_behind(Meeting)
    reads.clear()
    fresh = again(tmp_store)
    with fresh.passing_through(Meeting, year):
        pass
    assert reads == []
    assert not fresh.index_behind(Meeting)
