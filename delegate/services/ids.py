"""Ids, and so file names, that never carry a confidential name.

Every id made from free text (a topic, a title, a follow-up's words) is made from the text as the
public sees it. A person later marked confidential can leave older ids with their name in them;
`rename_exposing_ids` (run by `delegate check --fix`) gives those records public ids.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from delegate.model import Person
from delegate.model.common import slugify
from delegate.privacy import Redactor
from delegate.store import KINDS, Kind, Store


def public_slug(store: Store, text: str, fallback: str = "item", max_length: int = 48) -> str:
    """A readable, file-safe slug of `text` with every confidential name replaced by its label.

    The slug is checked again: slugifying drops what the text hid a name with (a character it has
    no letter for), and a name that shows only then is replaced too."""
    redactor = Redactor.of(store.all(Person))
    slug = slugify(redactor.text(text), fallback, max_length)
    if _names_someone(redactor, slug):
        slug = slugify(redactor.text(_words_of(slug)), fallback, max_length)
    return slug


def exposing_ids(store: Store) -> dict[Kind, list[Any]]:
    """The records whose id (and so file name) names a confidential person, by kind.

    It happens when a person is marked confidential after records were named after them, or when a
    file is named by hand. Every kind is read.
    """
    redactor = Redactor.of(store.all(Person))
    found: dict[Kind, list[Any]] = {}
    for kind in KINDS:
        exposing = [record for record in store.all(kind.cls) if _names_someone(redactor, record.id)]
        if exposing:
            found[kind] = exposing
    return found


def rename_exposing_ids(store: Store) -> dict[str, int]:
    """Give every record whose id names a confidential person a public id, and point every reference
    at it. The old ids stay aliases (`renamed-ids.toml`), so what someone typed or kept still finds
    the record. Returns how many were renamed, by kind name (never which: the ids name someone)."""
    redactor = Redactor.of(store.all(Person))
    counts: dict[str, int] = {}
    renamed: dict[str, str] = {}
    for kind, records in exposing_ids(store).items():
        taken: set[str] = set()
        for record in records:
            earlier = store.renamed_to(kind, record.id)
            if earlier is not None and store.lookup(kind.cls, earlier) not in (None, record):
                store.delete(record)  # a rename a crash cut short: the new file is there already
                new_id = earlier
            else:
                new_id = store.new_id(kind.cls, _public_id(redactor, kind, record), taken)
                taken.add(new_id)
                store.rename(record, new_id)
            renamed[record.id] = new_id
            counts[kind.name] = counts.get(kind.name, 0) + 1
    if renamed:
        _repoint(store, renamed)
    return counts


def _names_someone(redactor: Redactor, record_id: str) -> bool:
    return redactor.names_someone(_words_of(record_id))


def _words_of(slug: str) -> str:
    """A slug's words as a name is written (`call-bo-and` → "Call Bo And"): a name word of two
    letters is recognised only as written or in capitals, and a slug has lost its case."""
    return slug.replace("-", " ").replace("_", " ").title()


def confidential_person_base(redactor: Redactor, person: Person) -> str:
    """The base of a confidential person's id: from the label the public sees, unless even that names
    someone (a person called "Member" is shown as "Community member"); then a word that does not.
    `redactor` must know `person`."""
    shown = f"confidential-{slugify(redactor.label(person), 'member')}"
    for base in (shown, "confidential-person", "person"):
        if not _names_someone(redactor, base):
            return base
    return "0"  # digits name no one (new_id numbers it on: 0, 0-2…)


def _public_id(redactor: Redactor, kind: Kind, record: Any) -> str:
    if isinstance(record, Person) and record.confidential:
        return confidential_person_base(redactor, record)
    return slugify(
        redactor.text(_words_of(record.id)), kind.name.replace(" ", "-"), max_length=len(record.id) + 40
    )


def _repoint(store: Store, renamed: dict[str, str]) -> None:
    """Every reference to an old id (a meeting's body, a follow-up's delegation, an owner…) now names
    the new one. A reference is any text field equal to an old id; ids are distinctive slugs."""
    for kind in KINDS:
        for record in store.all(kind.cls):
            swapped = _swap(record, renamed, top=True)
            if swapped is not record:
                store.save(swapped)


def _swap(value: Any, renamed: dict[str, str], *, top: bool = False) -> Any:
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, tuple):
        items = tuple(_swap(item, renamed) for item in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: new
            for field in fields(value)
            if not (top and field.name == "id")
            and (new := _swap(getattr(value, field.name), renamed)) is not getattr(value, field.name)
        }
        return replace(value, **changes) if changes else value
    return value
