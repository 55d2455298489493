"""The export's cache of serialized events, kept in one file per kind of event (a shard) and read
back by the next export: every event it kept comes back, or none does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from delegate.ics.cache import CHUNK, ComponentCache
from delegate.ics.sequences import Stamp

CHANGED = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
MANY = CHUNK * 2 + 17  # more than one chunk of the shard's file, the last one short


def _event(number: int) -> tuple[str, Stamp, tuple[object, ...], bytes]:
    uid = f"followup-2026-01-01-item-{number}@delegate"
    stamp = Stamp(number % 3, CHANGED, f"{number:020x}")
    made_from = (((number, 100 + number, 1_700_000_000 + number), None), None)
    return uid, stamp, made_from, f"BEGIN:VTODO\r\nUID:{uid}\r\nEND:VTODO\r\n".encode()


def _kept(path: Path) -> ComponentCache:
    cache = ComponentCache(path)
    for number in range(MANY):
        uid, stamp, made_from, data = _event(number)
        cache.put(uid, stamp, data)
        cache.made(uid, made_from, ("America/Toronto",), (2026,))
    cache.save()
    return cache


def _reused(cache: ComponentCache) -> list[bytes | None]:
    found = []
    for number in range(MANY):
        uid, stamp, made_from, _ = _event(number)
        reused = cache.reuse(uid, made_from, (stamp.sequence, stamp.digest, stamp.changed))
        found.append(None if reused is None else reused[0])
    return found


def test_every_event_of_a_large_shard_is_reused_by_the_next_export(tmp_path: Path) -> None:
    path = tmp_path / "calendar.pickle"
    _kept(path)
    assert [path.name for path in tmp_path.glob("calendar.followup*")] == ["calendar.followup-2026.pickle"]
    again = ComponentCache.load(path)
    assert _reused(again) == [_event(number)[3] for number in range(MANY)]


def test_an_event_whose_records_changed_is_not_reused(tmp_path: Path) -> None:
    path = tmp_path / "calendar.pickle"
    _kept(path)
    uid, stamp, made_from, _ = _event(CHUNK + 5)
    again = ComponentCache.load(path)
    version = (stamp.sequence, stamp.digest, stamp.changed)
    assert again.reuse(uid, (*made_from, "edited"), version) is None
    assert again.reuse(uid, made_from, (stamp.sequence + 1, stamp.digest, stamp.changed)) is None
    assert again.reuse(uid, made_from, version) is not None


def test_a_shard_cut_short_is_not_used_at_all(tmp_path: Path) -> None:
    path = tmp_path / "calendar.pickle"
    _kept(path)
    shard = tmp_path / "calendar.followup-2026.pickle"
    data = shard.read_bytes()
    for cut in (len(data) // 2, len(data) - 1, 10):
        shard.write_bytes(data[:cut])
        assert set(_reused(ComponentCache.load(path))) == {None}, cut
    shard.write_bytes(data + b"more")  # what was written is whole: what follows is never read
    assert None not in _reused(ComponentCache.load(path))


def test_a_change_writes_its_own_year_of_events_again_and_no_other(tmp_path: Path) -> None:
    path = tmp_path / "calendar.pickle"
    cache = ComponentCache(path)
    uids = {year: f"meeting-{year}-03-04-city-council@delegate" for year in (2019, 2020)}
    made_from = ((((1, 2, 3), None),), ("America/Toronto",), (2019,))
    for year, uid in uids.items():
        cache.put(uid, Stamp(0, CHANGED, f"{year:020x}"), f"UID:{uid}\r\n".encode())
        cache.made(uid, *made_from)
    cache.put("schedule-city-council@delegate", Stamp(0, CHANGED, "1" * 20), b"UID:schedule\r\n")
    cache.save()
    shards = {shard.name: shard.stat() for shard in tmp_path.glob("calendar.*.pickle")}
    assert set(shards) == {
        "calendar.meeting-2019.pickle",
        "calendar.meeting-2020.pickle",
        "calendar.schedule.pickle",
    }

    again = ComponentCache.load(path)
    for year, uid in uids.items():
        assert again.reuse(uid, made_from[0], (0, f"{year:020x}", CHANGED)) is not None
    again.get("schedule-city-council@delegate", Stamp(0, CHANGED, "1" * 20))
    again.put(uids[2019], Stamp(1, CHANGED, "2" * 20), b"UID:changed\r\n")
    again.save()
    after = {shard.name: shard.stat() for shard in tmp_path.glob("calendar.*.pickle")}
    rewritten = {name for name, stat in after.items() if stat.st_ino != shards[name].st_ino}
    assert rewritten == {"calendar.meeting-2019.pickle"}
    assert ComponentCache.load(path).reuse(uids[2019], made_from[0], (1, "2" * 20, CHANGED)) is not None
