"""Exporting again in a new process: a group of events (meetings with their deadlines and the
bodies' rhythms; follow-ups) whose records' files are as the last export read them is written from
that export without reading them. Whatever was edited, by the app or by hand, the file must be
exactly what an export with no cache at all writes from the same event versions."""

from __future__ import annotations

import contextlib
import errno
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ok, runner_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ics_support import parse_strict

import delegate.ics.export as export_module
from delegate.ics.cache import ComponentCache
from delegate.ics.export import ExportOptions, ExportResult, _Builder, export_calendar
from delegate.ics.sequences import SequenceLedger
from delegate.lens import Lens
from delegate.model import Body, Delegation, FollowUp, FollowUpStatus, Meeting, MeetingStatus, Minutes, Person
from delegate.services.demo import write_demo
from delegate.store import Store

ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(ZONE))


class Folder:
    """A data folder with the ledger beside it and a cache of its own, exported as the CLI does:
    a new store each time, the ledger and the cache read from their files, kept once written."""

    def __init__(self, root: Path, options: ExportOptions | None = None, *, indexed: bool = False) -> None:
        self.root = root
        # With the index a returning user has (see test_store_in_play): a year is read alone.
        self.index: Path | bool = root.parent / "index.sqlite" if indexed else False
        self.ledger = root / "calendar-sequences.toml"
        self.cache = root.parent / "cache" / "calendar.pickle"
        self.options = options if options is not None else ExportOptions()
        self.store = Store(root, index=False, default_zone=ZONE)
        write_demo(self.store, NOW)

    def export(self, now: datetime = NOW) -> tuple[ExportResult, Store]:
        store = Store(self.root, index=self.index, default_zone=ZONE)
        names = Lens.public(store.all(Person))
        ledger = SequenceLedger.load(self.ledger)
        cache = ComponentCache.load(self.cache, self.ledger)
        result = export_calendar(store, self.options, now, ledger, cache=cache, names=names)
        result.remember()
        return result, store

    def warm(self) -> None:
        """The index as a returning user has it: every kind kept in it, folder by folder."""
        assert self.index
        Store(self.root, index=self.index, default_zone=ZONE).load_all()

    def whole(self, now: datetime = NOW) -> bytes:
        """`cold`, from the meetings and the follow-ups read whole at once."""
        store = Store(self.root, index=False, default_zone=ZONE)
        store.all(Meeting), store.all(FollowUp), store.all(Minutes)
        return self.cold(now, store)

    def cold(self, now: datetime = NOW, store: Store | None = None) -> bytes:
        """The same export from a copy of the ledger as it is now, with no cache."""
        copy = self.root.parent / "ledger-copy.toml"
        if self.ledger.exists():
            shutil.copyfile(self.ledger, copy)
        else:
            copy.unlink(missing_ok=True)
        store = store if store is not None else Store(self.root, index=False, default_zone=ZONE)
        ledger = SequenceLedger.load(copy)
        return export_calendar(store, self.options, now, ledger, cache=ComponentCache(None)).data


def test_nothing_changed_reads_no_meeting_and_no_follow_up(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    first, _ = folder.export()
    again, store = folder.export()
    assert again.data == first.data
    assert again.counts == first.counts
    assert store.files_read(Meeting) is None  # not read
    assert store.files_read(FollowUp) is None
    parse_strict(again.data)


def test_a_meeting_changed_reads_the_meetings_and_keeps_the_follow_ups(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    folder.export()
    meeting = next(m for m in folder.store.all(Meeting) if m.start > NOW)
    folder.store.save(replace(meeting, place="Harbour Room"))
    expected = folder.cold()
    again, store = folder.export()
    assert again.data == expected
    assert b"LOCATION:Harbour Room" in again.data
    assert store.files_read(Meeting) is not None  # the meetings were read again…
    assert store.files_read(FollowUp) is None  # …the follow-ups were not


def test_a_follow_up_edited_by_hand_in_place_is_seen(tmp_path: Path) -> None:
    """An editor that writes the file in place (same inode, same folder): its size or time moves."""
    folder = Folder(tmp_path / "data")
    folder.export()
    item = folder.store.all(FollowUp)[0]
    path = folder.store.path_of(item)
    text = path.read_text(encoding="utf-8")
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(text.replace(item.text, "Rewritten by hand", 1))
        handle.truncate()
    expected = folder.cold()
    again, _ = folder.export()
    assert again.data == expected
    assert b"Rewritten by hand" in again.data


def test_a_person_made_confidential_is_never_taken_from_a_kept_group(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    first, _ = folder.export()
    assert b"Ana Ferreira" in first.data
    ana = folder.store.get(Person, "ana-ferreira")
    folder.store.save(replace(ana, confidential=True, role="Spokesperson"))
    again, _ = folder.export()
    assert b"Ana Ferreira" not in again.data
    assert again.data == folder.cold()


def test_a_damaged_group_file_is_made_again_not_trusted(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    first, _ = folder.export()
    kept = list(folder.cache.parent.glob("*.group-*.ics"))
    data = tmp_path / "data"
    expected = {
        f"{name}-{path.parent.name}"
        for name, folder in (("meetings", "meetings"), ("follow-ups", "followups"))
        for path in (data / folder).rglob("*.toml")
    } | {"schedules"}
    assert {path.name.removeprefix("calendar.group-").removesuffix(".ics") for path in kept} == expected
    for path in kept:
        path.write_bytes(path.read_bytes()[:-40] + b"X" * 40)
    again, store = folder.export()
    assert again.data == first.data
    assert store.files_read(FollowUp) is not None  # read again, since its kept bytes were wrong


def test_a_cache_of_another_shape_is_ignored(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    first, _ = folder.export()
    import pickle

    state = pickle.loads(folder.cache.read_bytes())
    groups = {name: (*values[:3],) for name, values in state[2].items()}  # cut short
    folder.cache.write_bytes(pickle.dumps((state[0], state[1], groups, state[3])))
    again, _ = folder.export()
    assert again.data == first.data


def shards_read(result: ExportResult) -> set[str]:
    """The shards of kept events the export looked into (see cache.py: one per kind and year)."""
    assert result.cache is not None
    return set(result.cache.opened)


def test_a_meeting_changed_makes_only_its_years_events_again(tmp_path: Path) -> None:
    """The meetings are kept year by year: the other years' events are not even looked at."""
    folder = Folder(tmp_path / "data")
    first, _ = folder.export()
    meeting = next(m for m in folder.store.all(Meeting) if m.id.startswith("2026-"))
    folder.store.save(replace(meeting, place="Harbour Room"))
    expected = folder.cold()
    again, _ = folder.export()
    assert again.data == expected
    assert again.counts == first.counts
    years = {path.parent.name for path in (tmp_path / "data" / "meetings").rglob("*.toml")}
    assert len(years) > 1
    assert {shard for shard in shards_read(again) if shard.startswith(("meeting-", "deadline-"))} <= {
        "meeting-2026",
        "deadline-2026",
    }


def test_a_past_meeting_changed_leaves_the_bodies_rhythms_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rhythm comes from its body's latest meeting with an hour and the meetings ahead: a meeting
    a year ago changed does not make the rhythms again; a meeting ahead moved does."""
    made: list[str] = []
    making = _Builder.schedule_event

    def schedule_event(self: _Builder, body: Body, own: list[Meeting]) -> bytes | None:
        made.append(body.id)
        return making(self, body, own)

    monkeypatch.setattr(_Builder, "schedule_event", schedule_event)
    folder = Folder(tmp_path / "data")
    first, _ = folder.export()
    assert first.counts["schedules"] > 0
    past = next(m for m in folder.store.all(Meeting) if m.id.startswith("2025-"))
    folder.store.save(replace(past, place="Old Hall"))
    expected = folder.cold()
    made.clear()
    again, _ = folder.export()
    assert again.data == expected
    assert made == []
    ahead = next(m for m in folder.store.all(Meeting) if m.start > NOW)
    folder.store.save(replace(ahead, start=ahead.start + timedelta(days=1), end=None))
    expected = folder.cold()
    made.clear()
    again, _ = folder.export()
    assert again.data == expected
    assert ahead.body in made


def test_with_the_index_one_meeting_changed_reads_its_year_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a returning user exports: the index warm, one meeting changed. Its year's folder is read
    alone (the rhythms come from the meetings in play), and the file is what a cold export writes."""
    monkeypatch.setenv("DELEGATE_NOW", NOW.strftime("%Y-%m-%dT%H:%M"))
    folder = Folder(tmp_path / "data", indexed=True)
    folder.export()
    past = next(m for m in folder.store.all(Meeting) if m.id.startswith("2025-"))
    folder.store.save(replace(past, place="Old Hall"))
    expected = folder.cold()
    again, store = folder.export()
    assert again.data == expected
    assert b"Old Hall" in again.data
    assert set(store.files_read(Meeting) or {}) == {"2025"}  # the other years not read
    ahead = next(m for m in folder.store.all(Meeting) if m.start > NOW)
    folder.store.save(replace(ahead, start=ahead.start + timedelta(days=1), end=None))
    expected = folder.cold()
    again, store = folder.export()
    assert again.data == expected
    assert set(store.files_read(Meeting) or {}) == {ahead.id[:4]}
    again, store = folder.export()  # nothing changed: the meetings as kept, none read
    assert again.data == expected
    assert not any(shard.startswith(("meeting-", "deadline-")) for shard in shards_read(again))
    assert store.files_read(Meeting) is None


def test_a_follow_up_done_makes_only_its_years_follow_ups_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The follow-ups are kept year by year too: marking one done (what is done most) reads and
    makes its year's alone, with the index a returning user has."""
    monkeypatch.setenv("DELEGATE_NOW", NOW.strftime("%Y-%m-%dT%H:%M"))
    folder = Folder(tmp_path / "data", indexed=True)
    for year in (2023, 2024, 2025):
        folder.store.save(
            FollowUp(id=f"{year}-05-01-ask-again", text=f"Ask again ({year})", due=date(year, 5, 1))
        )
    first, _ = folder.export()
    item = next(
        item
        for item in folder.store.all(FollowUp)
        if item.id.startswith("2026-") and item.status is FollowUpStatus.OPEN
    )
    folder.store.save(item.done(NOW.date()))
    expected = folder.cold()
    again, store = folder.export()
    assert again.data == expected
    assert again.counts == first.counts
    assert {shard for shard in shards_read(again) if shard.startswith("followup-")} == {"followup-2026"}
    assert set(store.files_read(FollowUp) or {}) == {"2026"}  # the other years not read
    assert store.files_read(Meeting) is None  # nor the meetings


def test_the_next_day_keeps_the_meetings_as_written_and_makes_the_rhythms_again(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    folder.export()
    later = NOW + timedelta(days=1)
    expected = folder.cold(later)
    again, _ = folder.export(later)
    assert again.data == expected
    assert not any(shard.startswith(("meeting-", "deadline-")) for shard in shards_read(again))
    assert "schedule" in shards_read(again)


def test_a_years_folder_emptied_takes_its_kept_group_with_it(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    folder.export()
    kept = folder.cache.parent / "calendar.group-meetings-2025.ics"
    assert kept.exists()
    for meeting in folder.store.all(Meeting):
        if meeting.id.startswith("2025-"):
            folder.store.delete(meeting)
    expected = folder.cold()
    again, _ = folder.export()
    assert again.data == expected
    assert b"UID:meeting-2025-" not in again.data
    assert not kept.exists()


def test_a_folder_named_by_hand_names_no_file_of_the_cache(tmp_path: Path) -> None:
    """Meetings filed by hand in a folder named after someone: exported as ever, and the name is in
    no file name of the cache (a group is named by a digest of its folder)."""
    folder = Folder(tmp_path / "data")
    folder.export()
    meeting = folder.store.all(Meeting)[0]
    source = folder.store.path_of(meeting)
    hand = tmp_path / "data" / "meetings" / "Bo Zhang"
    hand.mkdir()
    source.rename(hand / source.name)
    expected = folder.cold()
    again, _ = folder.export()
    assert again.data == expected
    assert f"UID:meeting-{meeting.id}@".encode() in again.data
    names = [path.name for path in folder.cache.parent.rglob("*")]
    assert not any("bo" in name.casefold() or "zhang" in name.casefold() for name in names)
    assert folder.export()[0].data == expected  # kept, and given back whole


def test_a_meeting_in_a_folder_made_after_the_listing_is_not_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The groups come from a listing of the meetings' folders; a folder made between that listing
    and the reading of the meetings (by another program) still has its meetings exported."""
    folder = Folder(tmp_path / "data")
    folder.export()
    meeting = next(m for m in folder.store.all(Meeting) if m.id.startswith("2026-"))
    folder.store.save(replace(meeting, place="Harbour Room"))  # the meetings are read again
    moved = folder.store.all(Meeting)[0]
    source = folder.store.path_of(moved)
    (tmp_path / "data" / "meetings" / "later").mkdir()
    listing = Store.files_counted

    def listed_before_the_folder(self: Store, cls: type) -> tuple[dict[str, str], dict[str, int]]:
        found = listing(self, cls)
        if cls is Meeting and not (tmp_path / "data" / "meetings" / "later" / source.name).exists():
            source.rename(tmp_path / "data" / "meetings" / "later" / source.name)
        return found

    monkeypatch.setattr(Store, "files_counted", listed_before_the_folder)
    again, _ = folder.export()
    monkeypatch.undo()
    assert f"UID:meeting-{moved.id}@".encode() in again.data
    assert again.data.count(b"BEGIN:VEVENT") == folder.cold().count(b"BEGIN:VEVENT")  # none twice
    assert folder.export()[0].data == folder.cold()


def years_of_records(folder: Folder) -> None:
    """Meetings and follow-ups in four years before the demo's: more than a few folders to make."""
    body = folder.store.all(Body)[0]
    for year in (2021, 2022, 2023, 2024):
        start = datetime(year, 3, 4, 18, 0, tzinfo=ZoneInfo(ZONE))
        meeting = Meeting(id=f"{year}-03-04-board", body=body.id, start=start, status=MeetingStatus.HELD)
        folder.store.save(meeting)
        done = FollowUp(id=f"{year}-03-05-ask", text=f"Ask ({year})", due=date(year, 3, 5))
        folder.store.save(done.done(date(year, 3, 6)) if year < 2024 else done)


def test_a_first_export_reads_one_year_at_a_time_and_lets_each_go(tmp_path: Path) -> None:
    """Making every year again (a first export, a new day for the follow-ups), a kind is read one
    folder at a time, each let go once made: the calendar is the one a whole read makes."""
    folder = Folder(tmp_path / "data", indexed=True)
    years_of_records(folder)
    folder.warm()
    expected = folder.whole()
    first, store = folder.export()
    assert first.data == expected
    years = set(store.files_now(FollowUp))
    assert {"2021", "2024", "2026"} <= years
    assert set(store.files_read(FollowUp) or {}) == years  # each year read, alone
    done = folder.store.get(FollowUp, "2021-03-05-ask")
    assert store.stamp_of(done) is None  # not held once its year was made
    # The minutes are read so too: what their follow-ups show of them is kept, not their texts.
    assert b"minutes of " in first.data
    assert all(store.stamp_of(minutes) is None for minutes in folder.store.all(Minutes))
    assert set(store.files_read(Minutes) or {}) == set(store.files_now(Minutes))
    again, _ = folder.export(NOW + timedelta(days=1))  # every follow-up group again
    assert again.data == folder.whole(NOW + timedelta(days=1))


def test_a_file_moved_while_the_years_are_read_one_by_one_is_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A follow-up moved by another program from a year still to read into one read already:
    neither read has it, so the export is made again from the kind read whole."""
    folder = Folder(tmp_path / "data", indexed=True)
    years_of_records(folder)
    folder.warm()
    moved = folder.store.get(FollowUp, "2024-03-05-ask")
    source = folder.store.path_of(moved)
    target = tmp_path / "data" / "followups" / "2021" / source.name
    passing = Store.passing_through

    @contextlib.contextmanager
    def moving_after_the_first(self: Store, cls: type, year: str) -> Iterator[list[object]]:
        with passing(self, cls, year) as found:
            yield found
        if cls is FollowUp and year == "2021" and source.exists():
            source.rename(target)

    monkeypatch.setattr(Store, "passing_through", moving_after_the_first)
    result, _ = folder.export()
    monkeypatch.undo()
    assert not source.exists()
    assert result.data.count(f"UID:followup-{moved.id}@".encode()) == 1
    assert result.data == folder.cold()


EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "meeting",
                "meeting by hand",
                "follow-up done",
                "follow-up added",
                "follow-up deleted",
                "delegation",
                "body",
                "person confidential",
                "ledger deleted",
                "broken meeting",
                "meeting filed by hand",
                "follow-up filed by hand",
                "next day",
                "nothing",
            ]
        ),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, some_bodies=st.booleans(), indexed=st.booleans())
def test_any_edits_export_as_a_cold_export_would(
    tmp_path_factory: object,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[tuple[str, int]],
    some_bodies: bool,
    indexed: bool,
) -> None:
    monkeypatch.setenv("DELEGATE_NOW", NOW.strftime("%Y-%m-%dT%H:%M"))  # the day the index files by
    root = tmp_path_factory.mktemp("groups") / "data"  # type: ignore[attr-defined]
    folder = Folder(root, indexed=indexed)
    if some_bodies:  # follow-ups then depend on the meetings too (through their delegations)
        folder.options = ExportOptions(bodies=frozenset({folder.store.all(Body)[0].id}))
    now = NOW
    folder.export(now)
    for edit, number in edits:
        store = Store(root, index=False, default_zone=ZONE)
        now = apply(edit, number, store, folder, now)
        expected = folder.cold(now)
        again, _ = folder.export(now)
        assert again.data == expected, edit


def apply(edit: str, number: int, store: Store, folder: Folder, now: datetime) -> datetime:
    meetings, items = store.all(Meeting), store.all(FollowUp)
    meeting, item = meetings[number % len(meetings)], items[number % len(items)] if items else None
    if edit == "meeting":
        moved = timedelta(days=number)
        end = meeting.end + moved if meeting.end is not None else None
        store.save(replace(meeting, place=f"Room {number}", start=meeting.start + moved, end=end))
    elif edit == "meeting by hand":
        with store.path_of(meeting).open("a", encoding="utf-8") as handle:
            handle.write(f"\n# checked {number}\n")
    elif edit == "follow-up done" and item is not None and item.status is FollowUpStatus.OPEN:
        store.save(item.done(now.date()) if number % 2 else replace(item, text=f"Call back {number}"))
    elif edit == "follow-up added":
        store.save(FollowUp(id=f"added-{number}", text=f"Added {number}", due=now.date()))
    elif edit == "follow-up deleted" and item is not None:
        store.delete(item)
    elif edit == "delegation":
        delegations = store.all(Delegation)
        chosen = delegations[number % len(delegations)]
        store.save(replace(chosen, topic=f"Topic {number}"))
    elif edit == "body":
        bodies = store.all(Body)
        store.save(replace(bodies[number % len(bodies)], name=f"Board {number}"))
    elif edit == "person confidential":
        people = store.all(Person)
        person = people[number % len(people)]
        store.save(replace(person, confidential=not person.confidential, role=person.role or "A partner"))
    elif edit == "ledger deleted":
        folder.ledger.unlink(missing_ok=True)
    elif edit == "broken meeting":
        store.path_of(meeting).write_text("this is = not [ toml", encoding="utf-8")
    elif edit == "meeting filed by hand":  # in a folder of its own (a new one, or one made before)
        hand = folder.root / "meetings" / ("filed by hand" if number % 2 else "2031")
        hand.mkdir(exist_ok=True)
        store.path_of(meeting).rename(hand / store.path_of(meeting).name)
    elif edit == "follow-up filed by hand" and item is not None:
        hand = folder.root / "followups" / ("by hand" if number % 2 else "2019")
        hand.mkdir(exist_ok=True)
        store.path_of(item).rename(hand / store.path_of(item).name)
    elif edit == "next day":
        return now + timedelta(days=1)
    return now


def test_the_next_day_makes_the_bodies_rhythms_again(tmp_path: Path) -> None:
    """A body's usual rhythm begins today: a day later, with no file changed, it begins a day later."""
    folder = Folder(tmp_path / "data")
    first, _ = folder.export()
    later = NOW + timedelta(days=7)
    expected = folder.cold(later)
    again, _ = folder.export(later)
    assert again.data == expected
    assert again.data != first.data


def test_the_command_exports_again_as_with_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`delegate export ics -o FILE` as a user runs it: again after a hand edit, then with the cache
    dir emptied (the event versions in the folder kept): the same file."""
    patch = monkeypatch
    root = tmp_path / "data"
    write_demo(Store(root, index=False, default_zone=ZONE), NOW)
    patch.setenv("DELEGATE_NOW", "2026-11-27T09:00")
    patch.setenv("DELEGATE_TZ", ZONE)
    patch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    run = runner_for(root)
    out = tmp_path / "calendar.ics"
    ok(run("export", "ics", "-o", str(out)))
    meeting = Store(root, index=False, default_zone=ZONE).all(Meeting)[0]
    path = Store(root, index=False, default_zone=ZONE).path_of(meeting)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n# seen\n")
    ok(run("export", "ics", "-o", str(out)))
    warm = out.read_bytes()
    ledger = (root / "calendar-sequences.toml").read_bytes()
    ok(run("export", "ics", "-o", str(out)))  # nothing changed: the groups as kept
    assert out.read_bytes() == warm
    patch.setenv("DELEGATE_CACHE", str(tmp_path / "empty-cache"))
    ok(run("export", "ics", "-o", str(out)))
    assert out.read_bytes() == warm
    assert (root / "calendar-sequences.toml").read_bytes() == ledger


class FullAfter:
    """A spool file whose disk fills up at its third group: what was written before stays on it."""

    real = staticmethod(tempfile.TemporaryFile)

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.file = self.real()
        self.groups = 0

    def writelines(self, parts: list[bytes]) -> None:
        self.file.writelines(parts)

    def flush(self) -> None:
        self.groups += 1
        if self.groups == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.file.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self.file, name)


def test_a_disk_that_fills_while_the_events_are_spooled_costs_memory_not_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Folder(tmp_path / "data")
    years_of_records(folder)
    expected = folder.cold()
    monkeypatch.setattr(export_module.tempfile, "TemporaryFile", FullAfter)
    result, _ = folder.export()
    assert result.data == expected
    assert result.data.count(b"BEGIN:VEVENT") == expected.count(b"BEGIN:VEVENT")


def test_the_spooled_events_leave_no_file_behind(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data")
    result, _ = folder.export()
    with (tmp_path / "out.ics").open("wb") as handle:
        result.write_to(handle)
    result.release()
    assert (tmp_path / "out.ics").read_bytes() == folder.cold()
    cache_files = {path.name for path in folder.cache.parent.iterdir()}
    assert all(name.startswith("calendar.") for name in cache_files), cache_files


def test_a_store_holding_the_kinds_whole_makes_the_years_from_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's store holds every kind once its sections are built: each year is taken from what
    it holds, grouped once, not looked for folder by folder in ten years of records each time."""
    folder = Folder(tmp_path / "data", indexed=True)
    years_of_records(folder)
    folder.warm()
    store = Store(folder.root, index=folder.index, default_zone=ZONE)
    store.load_all()

    def not_read_again(*args: object) -> None:
        raise AssertionError("a folder read again from a kind held whole")

    monkeypatch.setattr(Store, "passing_through", not_read_again)
    ledger = SequenceLedger.load(folder.ledger)
    result = export_calendar(store, folder.options, NOW, ledger, cache=ComponentCache(None))
    monkeypatch.undo()
    assert result.data == folder.whole()
