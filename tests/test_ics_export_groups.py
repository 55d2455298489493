"""Exporting again in a new process: a group of events (meetings with their deadlines and the
bodies' rhythms; follow-ups) whose records' files are as the last export read them is written from
that export without reading them. Whatever was edited, by the app or by hand, the file must be
exactly what an export with no cache at all writes from the same event versions."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ok, runner_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ics_support import parse_strict

from delegate.ics.cache import ComponentCache
from delegate.ics.export import ExportOptions, ExportResult, export_calendar
from delegate.ics.sequences import SequenceLedger
from delegate.lens import Lens
from delegate.model import Body, Delegation, FollowUp, FollowUpStatus, Meeting, Person
from delegate.services.demo import write_demo
from delegate.store import Store

ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(ZONE))


class Folder:
    """A data folder with the ledger beside it and a cache of its own, exported as the CLI does:
    a new store each time, the ledger and the cache read from their files, kept once written."""

    def __init__(self, root: Path, options: ExportOptions | None = None) -> None:
        self.root = root
        self.ledger = root / "calendar-sequences.toml"
        self.cache = root.parent / "cache" / "calendar.pickle"
        self.options = options if options is not None else ExportOptions()
        self.store = Store(root, index=False, default_zone=ZONE)
        write_demo(self.store, NOW)

    def export(self, now: datetime = NOW) -> tuple[ExportResult, Store]:
        store = Store(self.root, index=False, default_zone=ZONE)
        names = Lens.public(store.all(Person))
        ledger = SequenceLedger.load(self.ledger)
        cache = ComponentCache.load(self.cache, self.ledger)
        result = export_calendar(store, self.options, now, ledger, cache=cache, names=names)
        result.remember()
        return result, store

    def cold(self, now: datetime = NOW) -> bytes:
        """The same export from a copy of the ledger as it is now, with no cache."""
        copy = self.root.parent / "ledger-copy.toml"
        if self.ledger.exists():
            shutil.copyfile(self.ledger, copy)
        else:
            copy.unlink(missing_ok=True)
        store = Store(self.root, index=False, default_zone=ZONE)
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
    assert len(kept) == 2
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
                "next day",
                "nothing",
            ]
        ),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, some_bodies=st.booleans())
def test_any_edits_export_as_a_cold_export_would(
    tmp_path_factory: object, edits: list[tuple[str, int]], some_bodies: bool
) -> None:
    root = tmp_path_factory.mktemp("groups") / "data"  # type: ignore[attr-defined]
    folder = Folder(root)
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
