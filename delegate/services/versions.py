"""Earlier texts of a script or handout, as views, and bringing one back (the text it replaces is
kept too). A record's id is in a version's path: it goes through the lens like any text, as a
safety net for ids made before they were made public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Generic, TypeVar

from delegate.model import count_words
from delegate.services.audience import Audience, lens_for
from delegate.services.texts import text_of
from delegate.store import Store, kind_of
from delegate.store.versions import find_version, list_versions, restore_version
from delegate.timezones import local_zone_name, zone

R = TypeVar("R")


@dataclass(frozen=True)
class VersionView:
    """One earlier text: its id (to restore it), when it was replaced (local time), its length."""

    id: str
    when: datetime
    words: int
    path: str  # relative to the data folder

    @property
    def fields(self) -> dict[str, Any]:
        """`… versions --json`."""
        return {"id": self.id, "when": self.when.isoformat(), "words": self.words, "path": self.path}


@dataclass(frozen=True)
class Restored(Generic[R]):
    """What `restore_text` did: the record as it is now, the version brought back, whether the text
    changed, and the version that keeps the text it replaced ("" when none was kept)."""

    record: R
    version: str
    changed: bool
    kept: str = ""


def version_views(
    store: Store, record: Any, audience: Audience, *, local: tzinfo | None = None
) -> list[VersionView]:
    """The record's earlier texts, oldest first, with times in `local` (default: this machine's zone)."""
    lens = lens_for(store, audience)
    here = local or zone(local_zone_name())
    views = []
    for version in list_versions(store, record):
        try:
            path = str(version.path.relative_to(store.root))
        except ValueError:
            path = str(version.path)
        views.append(VersionView(version.id, version.when.astimezone(here), version.words, lens.text(path)))
    return views


def current_words(record: Any) -> int:
    """How long the record's text is now (beside its versions)."""
    return count_words(text_of(record))


def kind_name(record: Any) -> str:
    """'script' or 'handout': how messages name the record's kind."""
    return kind_of(type(record)).name


def restore_text(store: Store, record: R, version_id: str) -> Restored[R]:
    """Bring an earlier text back (by version id or a unique prefix); the one it replaces is kept."""
    version = find_version(store, record, version_id)
    before = {item.id for item in list_versions(store, record)}
    restored = restore_version(store, record, version.id)
    if restored is record:
        return Restored(record, version.id, changed=False)
    kept = [item.id for item in list_versions(store, restored) if item.id not in before]
    return Restored(restored, version.id, changed=True, kept=kept[-1] if kept else "")
