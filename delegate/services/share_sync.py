"""A two-way sync of a group's calendar with its CalDAV collection.

Out: the group's meetings, request deadlines and follow-ups, built by the calendar export for the
PUBLIC audience (confidential people by role, whatever the caller's screen shows), one resource per
record; an item goes out only when what it says changed since it was last sent. In: what the server
reports changed since the last sync token (RFC 6578; every ETag where the server has no tokens) is
read and taken into the records (share_inbound). Deletions go both ways. When both sides changed one
item, ours is kept and sent, theirs written on the record as a conflict note and listed.

Nothing is lost when the server goes away mid-sync: records are saved as each change is taken in,
the share's file keeps every item done so far (and the old sync token), and the next sync finishes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from delegate.errors import DelegateError, ValidationError
from delegate.ics.cache import ComponentCache
from delegate.ics.export import DEFAULT_ALARM, CalendarItem, ExportOptions, export_items, export_state
from delegate.locations import cache_path
from delegate.model import Body, FollowUp, Meeting
from delegate.services.audience import Audience, lens_for
from delegate.services.bodies import zone_of
from delegate.services.followups import followup_id
from delegate.services.share_inbound import (
    Said,
    apply_to_followup,
    apply_to_meeting,
    conflict_line,
    deleted_followup,
    deleted_meeting,
    describe,
    differences,
    history_line,
    local_time,
    new_followup_fields,
    read_item,
    with_note,
)
from delegate.services.share_remote import PreconditionFailed, Remote
from delegate.services.share_state import (
    MY_DELEGATIONS,
    Conflict,
    ItemState,
    ShareState,
    digest,
    save_state,
)
from delegate.store import Store

CHECKPOINT = 50  # items sent between two writes of the share's file
OUR_UIDS = "@delegate"  # every UID the export makes ends so

Progress = Callable[[int, int], None]


@dataclass
class SyncOutcome:
    """What one sync did."""

    sent: int = 0
    received: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def share_items(store: Store, state: ShareState, now: datetime) -> dict[str, CalendarItem]:
    """The group's items as the public may read them, by UID (the same bytes `export ics` makes)."""
    tracked = frozenset(item.record for item in state.items.values() if item.kind == "followup")
    mine = state.group == MY_DELEGATIONS
    options = ExportOptions(
        bodies=frozenset() if mine else frozenset({store.get(Body, state.group).id}),
        schedules=False,
        delegations_only=mine,
        followup_ids=tracked,
        alarm=DEFAULT_ALARM,
    )
    ledger, _ = export_state(store.root)  # the public calendar's versions: one SEQUENCE per event
    cache = ComponentCache.load(cache_path(store.root, f"share-{state.group}", ".pickle"))
    lens = lens_for(store, Audience.PUBLIC)  # always public: a shared server is not ours
    items = export_items(store, options, now, ledger, cache, lens)
    ledger.save()
    cache.save()
    return {item.uid: item for item in items}


class _Sync:
    def __init__(
        self, store: Store, state: ShareState, remote: Remote, now: datetime, progress: Progress | None
    ) -> None:
        self.store = store
        self.state = state
        self.remote = remote
        self.now = now
        self.progress = progress
        self.outcome = SyncOutcome()
        self.via = f"{remote.user}@{remote.host}" if remote.user else remote.host
        self.taken: set[str] = set()  # UIDs whose record now holds their version: not sent back
        self.adopted = False  # a member's new to-do became a follow-up: the items are made again
        self.ours: dict[str, CalendarItem] = {}

    # ---- in ------------------------------------------------------------------------------------

    def take_in(self) -> str:
        """Read what changed on the server into the records; the new sync token."""
        changes = self.remote.changes(self.state.sync_token)
        by_href = self.state.by_href()
        deleted = set(changes.deleted)
        if changes.complete:  # every item listed: the ones we knew of and that are missing were deleted
            deleted |= {href for href in by_href if href not in changes.changed}
        for href, etag in sorted(changes.changed.items()):
            uid = by_href.get(href)
            if uid is not None and etag and etag == self.state.items[uid].etag:
                continue  # as we last saw (or sent) it
            fetched = self.remote.get(href)
            if fetched is None:
                deleted.add(href)
                continue
            self._changed(href, fetched[0] or etag, fetched[1], uid)
        for href in sorted(deleted):
            uid = by_href.get(href)
            if uid is not None and uid in self.state.items:
                self._deleted(uid)
        return changes.token

    def _changed(self, href: str, etag: str, data: bytes, uid: str | None) -> None:
        theirs = read_item(data)
        if theirs is None:
            return  # not an event or to-do we can read: a member's own, left alone
        if uid is None:
            uid = theirs.uid
            if uid not in self.state.items:
                if uid in self.ours:  # ours, but the share's file forgot it: ours is sent over it
                    item = self.ours[uid]
                    self.state.items[uid] = ItemState(item.kind, item.record_id, href, etag, sent="")
                elif theirs.component == "VTODO" and not uid.endswith(OUR_UIDS):
                    self._adopt(href, etag, theirs)
                return
        entry = self.state.items[uid]
        if not entry.href:
            entry.href = href
        ours = self.ours.get(uid)
        if ours is None or entry.kind == "deadline":
            # Deleted here since (ours is the deletion), or a deadline worked out from its meeting:
            # ours stands, and goes out over theirs.
            if ours is None:
                self._conflict(uid, entry, ("changed there, deleted here",), note=None)
            entry.etag, entry.sent = etag, ""
            return
        mine = read_item(ours.data)
        assert mine is not None  # made by the export
        changes = differences(entry.kind, mine, theirs)
        entry.etag = etag
        if not changes:
            return  # nothing a member can mean by it differs (their client's reformatting, a description)
        ours_changed = digest(ours.data) != entry.sent
        when = local_time(theirs.modified, self.now)
        noted = conflict_line(self.now, self.via, describe(changes))
        if ours_changed:
            self._conflict(uid, entry, tuple(changes), note=noted)
            return
        try:
            self._apply(entry, changes, theirs, history_line(when, self.via, describe(changes)))
        except ValidationError:  # a change the record cannot take (an end before its start): noted
            self._conflict(uid, entry, tuple(changes), note=noted)
            return
        self.taken.add(uid)
        self.outcome.received += 1

    def _apply(self, entry: ItemState, changes: dict[str, Any], theirs: Said, line: str) -> None:
        if entry.kind == "followup":
            item = self.store.get(FollowUp, entry.record)
            updated = apply_to_followup(item, changes, self.now.date(), theirs.completed)
            self.store.save(dataclasses.replace(updated, notes=with_note(item.notes, line)))
        elif entry.kind == "meeting":
            meeting = self.store.get(Meeting, entry.record)
            body = self.store.lookup(Body, meeting.body)
            zone_name = meeting.timezone or (zone_of(self.store, body) if body else self.store.default_zone)
            updated_meeting = apply_to_meeting(meeting, changes, zone_name)
            self.store.save(dataclasses.replace(updated_meeting, notes=with_note(meeting.notes, line)))

    def _deleted(self, uid: str) -> None:
        entry = self.state.items[uid]
        ours = self.ours.get(uid)
        if ours is None:
            del self.state.items[uid]  # gone on both sides
            return
        entry.href, entry.etag = "", ""
        if digest(ours.data) != entry.sent and entry.kind != "deadline":
            # Changed here, deleted there: ours is kept, and goes back
            line = conflict_line(self.now, self.via, "deleted")
            self._conflict(uid, entry, ("deleted",), note=line)
            entry.gone = False
            return
        entry.gone = True
        line = history_line(self.now, self.via, "removed from the shared calendar")
        if entry.kind == "followup":
            item = self.store.get(FollowUp, entry.record)
            dropped = deleted_followup(item, self.now.date())
            if dropped is not None:
                self.store.save(dataclasses.replace(dropped, notes=with_note(item.notes, line)))
                self.outcome.received += 1
        elif entry.kind == "meeting":
            meeting = self.store.get(Meeting, entry.record)
            cancelled = deleted_meeting(meeting)
            if cancelled is not None:
                self.store.save(dataclasses.replace(cancelled, notes=with_note(meeting.notes, line)))
                self.outcome.received += 1
        self.taken.add(uid)

    def _adopt(self, href: str, etag: str, theirs: Said) -> None:
        """A to-do a member added: a follow-up of the group; theirs is replaced by ours (same words)."""
        today = self.now.date()
        fields = new_followup_fields(theirs, today)
        when = local_time(theirs.modified, self.now)
        note = history_line(when, self.via, "added on the shared calendar")
        new_id = followup_id(self.store, fields["text"], today)
        self.store.save(FollowUp(id=new_id, created=today, notes=note, **fields))
        # Remembered under their UID: not among ours, so the send below removes it, once ours is there.
        self.state.items[theirs.uid] = ItemState("followup", new_id, href, etag, sent="")
        self.outcome.received += 1
        self.adopted = True

    def _conflict(self, uid: str, entry: ItemState, fields: tuple[str, ...], note: str | None) -> None:
        if note is not None:
            self._note(entry, note)
        conflict = Conflict(uid, entry.kind, entry.record, self.now.astimezone(UTC), fields)
        self.state.conflicts = [known for known in self.state.conflicts if known.uid != uid]
        self.state.conflicts.append(conflict)
        self.outcome.conflicts.append(conflict)
        entry.sent = ""  # ours goes out over theirs

    def _note(self, entry: ItemState, line: str) -> None:
        record: Any = None
        if entry.kind == "followup":
            record = self.store.lookup(FollowUp, entry.record)
        elif entry.kind in ("meeting", "deadline"):
            record = self.store.lookup(Meeting, entry.record)
        if record is not None:
            self.store.save(dataclasses.replace(record, notes=with_note(record.notes, line)))

    # ---- out -----------------------------------------------------------------------------------

    def send(self) -> None:
        """Every item that changed here since it was last sent goes out; items gone here are removed."""
        todo = [uid for uid, item in self.ours.items() if self._to_send(uid, item)]
        removals = [uid for uid in self.state.items if uid not in self.ours]
        total, done = len(todo) + len(removals), 0
        for uid in todo:
            self._put(uid, self.ours[uid])
            done += 1
            self._tick(done, total)
        for uid in removals:
            entry = self.state.items[uid]
            if entry.href:
                try:
                    self.remote.delete(entry.href, entry.etag)
                except PreconditionFailed:
                    continue  # changed there meanwhile: the next sync reads it first
                self.outcome.sent += 1
            del self.state.items[uid]
            done += 1
            self._tick(done, total)

    def _to_send(self, uid: str, item: CalendarItem) -> bool:
        entry = self.state.items.get(uid)
        if entry is None:
            return True
        made = digest(item.data)
        if uid in self.taken:
            entry.sent = made  # the record holds their version now: nothing to send back
            return False
        if entry.gone:
            return entry.sent != made
        return entry.sent != made or not entry.href

    def _put(self, uid: str, item: CalendarItem) -> None:
        entry = self.state.items.get(uid)
        href = entry.href if entry is not None and entry.href else self.remote.href_for(uid)
        expected = entry.etag if entry is not None and entry.href else None
        try:
            etag = self.remote.put(href, item.data, expected)
        except PreconditionFailed:
            if expected is not None:
                return  # changed there since it was read: the next sync reads it first
            # Already there (a sync stopped before it could remember it): ours goes over it.
            found = self.remote.get(href)
            etag = self.remote.put(href, item.data, found[0] if found else None)
        self.state.items[uid] = ItemState(item.kind, item.record_id, href, etag, digest(item.data))
        self.outcome.sent += 1

    def _tick(self, done: int, total: int) -> None:
        if done % CHECKPOINT == 0:
            save_state(self.store.root, self.state)
        if self.progress is not None:
            self.progress(done, total)


def sync_share(
    store: Store, state: ShareState, remote: Remote, now: datetime, progress: Progress | None = None
) -> SyncOutcome:
    """One two-way sync of `state`'s group with `remote`; the share's file is kept up to date as it goes.

    On a failure (the server went away) what was done so far is kept, the old sync token with it,
    and the error is raised: the next sync picks up from there.
    """
    sync = _Sync(store, state, remote, now, progress)
    try:
        sync.ours = share_items(store, state, now)
        token = sync.take_in()
        if sync.taken or sync.adopted:
            sync.ours = share_items(store, state, now)  # records changed: their items with them
        sync.send()
    except BaseException as failed:  # the server went away, a record could not be saved, ^C
        state.last_error = str(failed) if isinstance(failed, DelegateError) else "the sync stopped part way"
        save_state(store.root, state)
        raise
    state.sync_token = token
    state.last_sync = now.astimezone(UTC).replace(microsecond=0)
    state.sent, state.received, state.last_error = sync.outcome.sent, sync.outcome.received, ""
    save_state(store.root, state)
    return sync.outcome
