"""The kinds of record and where each lives in the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from delegate.model import (
    Audit,
    Body,
    Delegation,
    Finding,
    FollowUp,
    Handout,
    Honorarium,
    Meeting,
    Minutes,
    Person,
    Recommendation,
    Rehearsal,
    Script,
)


# eq=False: the kinds are the fixed instances below, compared and hashed by identity; a hash of
# every field on each lookup (the store looks a kind up for every record it hands out) costs time.
@dataclass(frozen=True, slots=True, eq=False)
class Kind:
    """One kind of record: its class, its folder, and how its files are laid out."""

    cls: type[Any]
    name: str
    folder: str
    dated: bool = False
    markdown_field: str = ""

    def path_for(self, root: Path, record_id: str) -> Path:
        """Where a new record goes: dated kinds in a folder per year (meetings/2026/2026-12-09-….toml)."""
        folder = root / self.folder
        if self.dated and len(record_id) >= 4 and record_id[:4].isdigit():
            folder = folder / record_id[:4]
        return folder / f"{record_id}.toml"


KINDS: tuple[Kind, ...] = (
    Kind(Body, "body", "bodies"),
    Kind(Person, "person", "people"),
    Kind(Meeting, "meeting", "meetings", dated=True),
    Kind(Delegation, "delegation", "delegations", dated=True),
    Kind(Script, "script", "scripts", markdown_field="text"),
    Kind(Rehearsal, "rehearsal", "rehearsals", dated=True),
    Kind(Handout, "handout", "handouts", markdown_field="text"),
    Kind(Minutes, "minutes", "minutes", dated=True),
    Kind(FollowUp, "follow-up", "followups", dated=True),
    Kind(Audit, "audit", "audits"),
    Kind(Finding, "finding", "findings"),
    Kind(Recommendation, "recommendation", "recommendations"),
    Kind(Honorarium, "honorarium", "honoraria", dated=True),
)
_BY_CLASS = {kind.cls: kind for kind in KINDS}


def kind_of(cls: type[Any]) -> Kind:
    return _BY_CLASS[cls]
