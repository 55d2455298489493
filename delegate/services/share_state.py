"""What delegate remembers of a shared calendar, as a TOML file a person can read: `shares/GROUP.toml`.

The calendar's address and user name, the server's sync token, when the last sync ran and how many
items went each way, each item's place on the server (href and ETag) with a digest of what was last
sent, and the conflicts still open. Never the password (see share_credentials). Written atomically;
losing the file costs a full comparison on the next sync, not data.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w

from delegate.errors import DelegateError
from delegate.store.atomic import FILE_MODE, atomic_write, ensure_dir, explain_os_error

MY_DELEGATIONS = "my-delegations"  # shares the meetings we speak at, whatever their body

SHARES_FOLDER = "shares"
HEADER = (
    "# A group's calendar shared through CalDAV. delegate keeps this file itself.\n"
    "# The password is never here: it is in the OS keyring (or DELEGATE_CALDAV_PASSWORD).\n"
)


class ShareError(DelegateError):
    """A share that cannot be made or synced: one line, naming the server, never a password."""


@dataclass
class ItemState:
    """One item of the shared calendar: where it lives on the server and what was last sent."""

    kind: str  # "meeting", "deadline", "followup"
    record: str  # the record's id
    href: str = ""  # its path on the server; "" when it is not there (deleted there)
    etag: str = ""  # the server's ETag of it when last seen or sent
    sent: str = ""  # digest of our item when last sent (or when their change was taken in)
    gone: bool = False  # deleted on the server: not sent again until it changes here


@dataclass(frozen=True)
class Conflict:
    """Both sides changed one item since the last sync: ours was kept, theirs written as a note."""

    uid: str
    kind: str
    record: str
    at: datetime
    fields: tuple[str, ...]  # what they changed: "status", "due", "start"…, or "deleted"


@dataclass
class ShareState:
    """A group's share: its calendar, the last sync, and every item's state."""

    group: str
    url: str
    user: str
    sync_token: str = ""
    last_sync: datetime | None = None
    sent: int = 0  # items that went out in the last sync (PUTs and DELETEs)
    received: int = 0  # changes that came in during the last sync
    last_error: str = ""  # the last sync's failure, one line ("" when it completed)
    items: dict[str, ItemState] = field(default_factory=dict)  # by UID
    conflicts: list[Conflict] = field(default_factory=list)

    def by_href(self) -> dict[str, str]:
        """UID of each item the server holds, by its href."""
        return {item.href: uid for uid, item in self.items.items() if item.href}


def shares_dir(root: Path) -> Path:
    return root / SHARES_FOLDER


def state_path(root: Path, group: str) -> Path:
    return shares_dir(root) / f"{group}.toml"


def digest(data: bytes) -> str:
    """A short fingerprint of what an item says (its bytes, as the export makes them)."""
    return hashlib.blake2b(data, digest_size=10).hexdigest()


def list_states(root: Path) -> list[ShareState]:
    """Every share of this folder, by group id."""
    folder = shares_dir(root)
    if not folder.is_dir():
        return []
    return [load_state(path) for path in sorted(folder.glob("*.toml")) if path.is_file()]


def find_state(root: Path, group: str) -> ShareState | None:
    path = state_path(root, group)
    return load_state(path) if path.is_file() else None


def load_state(path: Path) -> ShareState:
    """A share's file; one that cannot be read is a one-line error naming it."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        return _decode(table)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise ShareError(f"cannot read {path.name} in {path.parent}: {error}") from None


def save_state(root: Path, state: ShareState) -> None:
    """Write a share's file atomically (owner only)."""
    path = state_path(root, state.group)
    data = (HEADER + tomli_w.dumps(_encode(state))).encode("utf-8")
    try:
        ensure_dir(path.parent)
        atomic_write(path, data)
    except OSError as error:
        raise explain_os_error(error, "save the share of", path) from None


def remove_state(root: Path, group: str) -> None:
    path = state_path(root, group)
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise explain_os_error(error, "remove the share of", path) from None


@contextmanager
def sync_lock(root: Path, group: str) -> Iterator[None]:
    """One sync of a group at a time (the app and a script may both ask): a second is told, not queued."""
    folder = shares_dir(root)
    ensure_dir(folder)
    fd = os.open(folder / f".{group}.lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ShareError("a sync of this group is already under way; try again when it is done") from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# ---- the file's form -------------------------------------------------------------------------------


def _encode(state: ShareState) -> dict[str, Any]:
    table: dict[str, Any] = {"group": state.group, "url": state.url, "user": state.user}
    if state.sync_token:
        table["sync_token"] = state.sync_token
    if state.last_sync is not None:
        table["last_sync"] = state.last_sync.astimezone(UTC)
    table["sent"] = state.sent
    table["received"] = state.received
    if state.last_error:
        table["last_error"] = state.last_error
    if state.conflicts:
        table["conflicts"] = [
            {
                "uid": conflict.uid,
                "kind": conflict.kind,
                "record": conflict.record,
                "at": conflict.at.astimezone(UTC),
                "fields": list(conflict.fields),
            }
            for conflict in state.conflicts
        ]
    items: dict[str, Any] = {}
    for uid in sorted(state.items):
        item = state.items[uid]
        entry: dict[str, Any] = {"kind": item.kind, "record": item.record}
        for name in ("href", "etag", "sent"):
            if getattr(item, name):
                entry[name] = getattr(item, name)
        if item.gone:
            entry["gone"] = True
        items[uid] = entry
    if items:
        table["items"] = items
    return table


def _decode(table: dict[str, Any]) -> ShareState:
    state = ShareState(group=str(table["group"]), url=str(table["url"]), user=str(table.get("user", "")))
    state.sync_token = str(table.get("sync_token", ""))
    last = table.get("last_sync")
    state.last_sync = last if isinstance(last, datetime) else None
    state.sent = int(table.get("sent", 0))
    state.received = int(table.get("received", 0))
    state.last_error = str(table.get("last_error", ""))
    for conflict in table.get("conflicts", []):
        state.conflicts.append(
            Conflict(
                uid=str(conflict["uid"]),
                kind=str(conflict["kind"]),
                record=str(conflict["record"]),
                at=conflict["at"] if isinstance(conflict["at"], datetime) else datetime.now(UTC),
                fields=tuple(str(name) for name in conflict.get("fields", ())),
            )
        )
    for uid, entry in table.get("items", {}).items():
        state.items[str(uid)] = ItemState(
            kind=str(entry["kind"]),
            record=str(entry["record"]),
            href=str(entry.get("href", "")),
            etag=str(entry.get("etag", "")),
            sent=str(entry.get("sent", "")),
            gone=bool(entry.get("gone", False)),
        )
    return state
