"""Sharing a group's calendar through CalDAV: tie a group to a calendar, sync it, say how it went.

The CLI (`delegate share …`) and the app call these. What they show is built through the public
lens: a group's name, a record's title in a conflict, an address typed by someone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from delegate.errors import DelegateError
from delegate.model import Body, FollowUp, Meeting
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.share_credentials import (
    find_password,
    forget_password,
    password_from_env,
    store_password,
)
from delegate.services.share_remote import check_url, host_of, opened
from delegate.services.share_state import (
    MY_DELEGATIONS,
    Conflict,
    ShareError,
    ShareState,
    find_state,
    list_states,
    remove_state,
    save_state,
    sync_lock,
)
from delegate.store import Store

if TYPE_CHECKING:
    from delegate.services.share_sync import Progress


@dataclass(frozen=True)
class ConflictView:
    """An open conflict as the audience may read it."""

    record: str  # the record's id
    kind: str  # "follow-up", "meeting", "request deadline"
    title: str
    at: datetime
    fields: str  # what they had changed, in words

    @property
    def line(self) -> str:
        return f"{self.kind} {self.record} ({self.title}): theirs differed in {self.fields}; ours kept"


@dataclass(frozen=True)
class ShareView:
    """A shared group: its calendar, when it last synced, what went each way, what is still open."""

    group: str  # the group's id
    name: str
    server: str  # the host
    calendar: str  # the address
    user: str
    last_sync: datetime | None
    sent: int
    received: int
    last_error: str
    conflicts: tuple[ConflictView, ...]

    @property
    def summary(self) -> str:
        """'synced 2026-12-07 10:32: 3 sent, 1 received; 1 open conflict' (or never, or its error)."""
        if self.last_sync is None:
            said = "never synced"
        else:
            said = f"synced {self.last_sync:%Y-%m-%d %H:%M}: {self.sent} sent, {self.received} received"
        if self.conflicts:
            count = len(self.conflicts)
            said += f"; {count} open conflict{'s' if count != 1 else ''}"
        if self.last_error:
            said += f"; the last sync stopped: {self.last_error}"
        return said


@dataclass(frozen=True)
class SyncView:
    """What one sync did, for the CLI and the app to say."""

    share: ShareView
    sent: int
    received: int
    new_conflicts: tuple[ConflictView, ...]

    @property
    def summary(self) -> str:
        said = f"{self.share.name}: {self.sent} sent, {self.received} received"
        if self.new_conflicts:
            count = len(self.new_conflicts)
            said += f", {count} conflict{'s' if count != 1 else ''} (ours kept, theirs noted on the record)"
        return said


MY_DELEGATIONS_NAME = "My delegations"


def shared_target(store: Store, reference: str) -> tuple[str, str]:
    """What a share is of, from what someone typed: a body (id or prefix), or "my-delegations" (the
    meetings we speak at, whatever their body); its id and its name as the public may read it."""
    if reference.strip().casefold() == MY_DELEGATIONS:
        return MY_DELEGATIONS, MY_DELEGATIONS_NAME
    group = store.find(Body, reference)
    return group.id, lens_for(store, Audience.PUBLIC).text(group.name)


KIND_WORDS = {"followup": "follow-up", "meeting": "meeting", "deadline": "request deadline"}


def conflict_view(store: Store, conflict: Conflict, lens: Lens) -> ConflictView:
    title = ""
    if conflict.kind == "followup":
        item = store.lookup(FollowUp, conflict.record)
        title = lens.text(item.text) if item else "deleted here"
    else:
        meeting = store.lookup(Meeting, conflict.record)
        if meeting is not None:
            body = store.lookup(Body, meeting.body)
            title = lens.text(meeting.display_title(body.name if body else meeting.body))
            title += f", {meeting.start:%Y-%m-%d}"
        else:
            title = "deleted here"
    fields = ", ".join(conflict.fields) or "something"
    return ConflictView(
        lens.text(conflict.record), KIND_WORDS.get(conflict.kind, conflict.kind), title, conflict.at, fields
    )


def share_view(store: Store, state: ShareState, audience: Audience = Audience.PUBLIC) -> ShareView:
    lens = lens_for(store, audience)
    body = store.lookup(Body, state.group)
    local = store.default_zone
    from delegate.timezones import zone

    last = state.last_sync.astimezone(zone(local)) if state.last_sync is not None else None
    return ShareView(
        group=lens.text(state.group),
        name=lens.text(body.name) if body else _name_without_body(state.group, lens),
        server=host_of(state.url),
        calendar=lens.text(state.url),
        user=lens.text(state.user),
        last_sync=last,
        sent=state.sent,
        received=state.received,
        last_error=lens.text(state.last_error),
        conflicts=tuple(conflict_view(store, conflict, lens) for conflict in state.conflicts),
    )


def _name_without_body(group: str, lens: Lens) -> str:
    return MY_DELEGATIONS_NAME if group == MY_DELEGATIONS else lens.text(group)


def share_views(store: Store, audience: Audience = Audience.PUBLIC) -> list[ShareView]:
    """Every shared group of this folder."""
    return [share_view(store, state, audience) for state in list_states(store.root)]


def share_of(store: Store, body: Body, audience: Audience = Audience.PUBLIC) -> ShareView | None:
    """A group's share, if it has one (for its screen)."""
    state = find_state(store.root, body.id)
    return share_view(store, state, audience) if state is not None else None


# ---- use cases -------------------------------------------------------------------------------------


def add_share(
    store: Store, group_reference: str, url: str, user: str, password: str | None = None
) -> tuple[ShareView, bool]:
    """Tie a group to a calendar (made on the server if missing); (its view, whether it was made).

    `password`, when given (typed by the person), goes to the OS keyring once the server took it;
    without it the password comes from DELEGATE_CALDAV_PASSWORD or the keyring.
    """
    group, name = shared_target(store, group_reference)  # the name is the calendar's, on a server
    address = check_url(url)
    secret = password if password is not None else find_password(address, user)
    with opened(address, user, secret) as remote:
        made = remote.ensure_calendar(name)
    known = find_state(store.root, group)
    state = ShareState(group, address, user)
    if known is not None and known.url == address and known.user == user:
        state = known  # the same calendar again: what was synced stays known
    if password is not None and password_from_env() is None:
        store_password(address, user, password)
    save_state(store.root, state)
    return share_view(store, state), made


def needs_password(store: Store, group_reference: str, url: str, user: str) -> bool:
    """Whether `share add` must ask for the password (none in the environment)."""
    shared_target(store, group_reference)  # a wrong group is said before a password is asked for
    check_url(url)
    return password_from_env() is None


def sync_group(
    store: Store, group_reference: str, now: datetime, progress: Progress | None = None
) -> SyncView:
    """Run one two-way sync of a shared group."""
    group, _ = shared_target(store, group_reference)
    state = find_state(store.root, group)
    if state is None:
        raise ShareError("this group is not shared: `delegate share add GROUP URL --user NAME` first")
    password = find_password(state.url, state.user)
    # The sync (and icalendar, through the export) only when a group is synced: not for listing.
    from delegate.services.share_sync import sync_share

    with sync_lock(store.root, group), opened(state.url, state.user, password) as remote:
        outcome = sync_share(store, state, remote, now, progress)
    lens = lens_for(store, Audience.PUBLIC)
    return SyncView(
        share_view(store, state),
        outcome.sent,
        outcome.received,
        tuple(conflict_view(store, conflict, lens) for conflict in outcome.conflicts),
    )


def sync_all(
    store: Store, now: datetime, on_error: Callable[[str, str], None] | None = None
) -> list[SyncView]:
    """Sync every shared group; a group whose server fails is reported (`on_error`) and the rest go on."""
    done = []
    for state in list_states(store.root):
        try:
            done.append(sync_group(store, state.group, now))
        except DelegateError as error:  # its server, its password, its file: the others still sync
            if on_error is None:
                raise
            on_error(lens_for(store, Audience.PUBLIC).text(state.group), str(error))
    return done


def shared_groups(store: Store) -> list[str]:
    """The ids of the groups that have a share."""
    return [state.group for state in list_states(store.root)]


def resolve_conflicts(store: Store, group_reference: str, record: str | None = None) -> int:
    """Close a group's open conflicts (of one record, by id or prefix; else all): how many."""
    group, _ = shared_target(store, group_reference)
    state = find_state(store.root, group)
    if state is None:
        raise ShareError("this group is not shared")
    if record is None:
        closed = len(state.conflicts)
        state.conflicts = []
    else:
        matching = [c for c in state.conflicts if c.record == record] or [
            c for c in state.conflicts if c.record.startswith(record)
        ]
        if len({c.record for c in matching}) != 1:
            said = "no open conflict matches that id" if not matching else "that prefix matches several"
            raise ShareError(said)
        closed = len(matching)
        state.conflicts = [c for c in state.conflicts if c not in matching]
    save_state(store.root, state)
    return closed


def remove_share(store: Store, group_reference: str) -> None:
    """Stop sharing a group: its share's file and kept password go; the calendar on the server stays."""
    group, _ = shared_target(store, group_reference)
    state = find_state(store.root, group)
    if state is None:
        raise ShareError("this group is not shared")
    remove_state(store.root, group)
    if password_from_env() is None:
        forget_password(state.url, state.user)
