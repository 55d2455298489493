"""Earlier texts of scripts and handouts: every save that changes the Markdown keeps the text it replaces.

A record's earlier texts live beside its kind's records, one file per save:

    scripts/versions/<record id>/<YYYYmmddTHHMMSSffffff>.md      (the moment in UTC; 0600 in 0700 folders)

The loader reads only `*.toml`, so these files are never taken for records. `Store.save` asks
`previous_text` for the file to keep and writes it in the same atomic batch as the record (under the
same lock), so the old text is kept exactly when the new one lands. Restoring an old text is a save
like any other, so the text it replaces is kept too: nothing is ever lost.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from delegate.store.errors import AmbiguousIdError, NotFoundError, StoreError
from delegate.store.kinds import Kind, kind_of

if TYPE_CHECKING:
    from delegate.store.store import Store

VERSIONS_FOLDER = "versions"
STAMP_FORMAT = "%Y%m%dT%H%M%S%f"
_STAMP = re.compile(r"\d{8}T\d{12}")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Version:
    """One earlier text of a record: `id` is its file's stem, `when` the moment it was replaced (UTC)."""

    id: str
    when: datetime
    path: Path
    words: int


def versions_dir(root: Path, kind: Kind, record_id: str) -> Path:
    """Where a record's earlier texts are kept."""
    return root / kind.folder / VERSIONS_FOLDER / record_id


def previous_text(
    root: Path, kind: Kind, record_id: str, markdown_path: Path, new_text: bytes, now: datetime | None = None
) -> tuple[Path, bytes] | None:
    """The version file to write before `markdown_path` gets `new_text`: (path, the text on disk now).

    None when there is nothing to keep: no Markdown yet, an empty one, or the text is not changing.
    Called by `Store.save` under the folder's write lock, after its conflict check.
    """
    if not kind.markdown_field:
        return None
    try:
        old = markdown_path.read_bytes()
    except FileNotFoundError:
        return None
    if old == new_text or not old.strip():
        return None
    folder = versions_dir(root, kind, record_id)
    return folder / f"{_next_stamp(folder, now or datetime.now(UTC))}.md", old


def _next_stamp(folder: Path, now: datetime) -> str:
    """The moment as a file stem, later than every version already kept (a clock set back, two saves
    within a microsecond), so the names sort in the order the texts were replaced."""
    stamp = now.astimezone(UTC).strftime(STAMP_FORMAT)
    stems = _stems(folder)
    if stems and stamp <= stems[-1]:
        stamp = (_moment(stems[-1]) + timedelta(microseconds=1)).strftime(STAMP_FORMAT)
    return stamp


def _stems(folder: Path) -> list[str]:
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(name[:-3] for name in names if name.endswith(".md") and _STAMP.fullmatch(name[:-3]))


def _moment(stem: str) -> datetime:
    return datetime.strptime(stem, STAMP_FORMAT).replace(tzinfo=UTC)


def list_versions(store: Store, record: Any) -> list[Version]:
    """A script's or handout's earlier texts, oldest first."""
    from delegate.model.script import count_words  # the model's, imported when versions are listed

    kind = _text_kind(record)
    folder = versions_dir(store.root, kind, record.id)
    found: list[Version] = []
    for stem in _stems(folder):
        path = folder / f"{stem}.md"
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            continue
        except OSError as error:
            raise StoreError(f"cannot read {path}: {error.strerror}") from None
        found.append(Version(stem, _moment(stem), path, count_words(text)))
    return found


def find_version(store: Store, record: Any, version_id: str) -> Version:
    """The version whose id is `version_id` or uniquely starts with it."""
    kind = _text_kind(record)
    key = version_id.strip()
    versions = list_versions(store, record)
    exact = [version for version in versions if version.id == key]
    matches = exact or [version for version in versions if key and version.id.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        kept = f"{len(versions)} kept" if versions else "none kept yet"
        raise NotFoundError(f"{kind.name} {record.id} has no version {version_id!r} ({kept})")
    raise AmbiguousIdError(
        f"{version_id!r} matches {len(matches)} versions of {kind.name} {record.id}: "
        + ", ".join(version.id for version in matches[:5])
    )


def read_version(store: Store, record: Any, version_id: str) -> str:
    """The text of one earlier version (by id or unique prefix)."""
    version = find_version(store, record, version_id)
    try:
        return version.path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(f"{version.path} is not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise StoreError(f"cannot read {version.path}: {error.strerror}") from None


def restore_version(store: Store, record: R, version_id: str) -> R:
    """Bring an earlier text back. The text it replaces is kept as a version (by the save).

    Returns the record as saved (the same record when the text is already that version's).
    """
    kind = _text_kind(record)
    text = read_version(store, record, version_id)
    if getattr(record, kind.markdown_field) == text:
        return record
    restored = dataclasses.replace(record, **{kind.markdown_field: text})  # type: ignore[type-var]
    store.save(restored)
    return restored


def _text_kind(record: Any) -> Kind:
    kind = kind_of(type(record))
    if not kind.markdown_field:
        raise StoreError(f"a {kind.name} has no text, so no versions")
    return kind
