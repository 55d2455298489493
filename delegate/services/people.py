"""People, including those whose identity must stay confidential."""

from __future__ import annotations

from collections.abc import Sequence

from delegate.model import Body, Person
from delegate.model.common import slugify
from delegate.store import Store


def add_person(
    store: Store,
    name: str,
    *,
    organization: str = "",
    role: str = "",
    email: str = "",
    phone: str = "",
    confidential: bool = False,
    member_of: Sequence[Body] = (),
) -> Person:
    """Create a person. A confidential person's id (and so their file name) never contains their name."""
    base = slugify(role or "community member", "member") if confidential else slugify(name, "person")
    if confidential:
        base = f"confidential-{base}"
    person = Person(
        id=store.new_id(Person, base),
        name=name.strip(),
        organization=organization,
        role=role,
        email=email,
        phone=phone,
        confidential=confidential,
        member_of=tuple(body.id for body in member_of),
    )
    store.save(person)
    return person


def members_of(store: Store, body: Body) -> list[Person]:
    return [person for person in store.all(Person) if body.id in person.member_of]
