"""People, including those whose identity must stay confidential."""

from __future__ import annotations

from collections.abc import Sequence

from delegate.model import Body, Person, ValidationError
from delegate.model.common import slugify
from delegate.store import AmbiguousIdError, NotFoundError, Store


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


def find_person(store: Store, text: str, *, among: Body | None = None) -> Person:
    """A person by what someone typed: an id, their name (any case, accents or not), a confidential
    person's chosen public name or the role every public list shows them by, or a unique id prefix.

    With `among`, that body's members are preferred when several match. A failure never repeats
    what was typed: a near miss of a confidential name must not be echoed back close to the real one.
    """
    from delegate.privacy import fold

    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError("say who: a person's id, name or role (see `delegate person list`)")
    people = store.all(Person)
    for person in people:
        if person.id == cleaned:
            return person
    wanted = fold(cleaned)
    by_name = [person for person in people if fold(" ".join(person.name.split())) == wanted]
    by_public = [
        person
        for person in people
        if person.confidential and wanted in {fold(person.public_name), fold(person.alias.strip() or "\0")}
    ]
    for candidates in (by_name, by_public):
        preferred = [person for person in candidates if among is not None and among.id in person.member_of]
        for group in (preferred, candidates):
            if len(group) == 1:
                return group[0]
            if len(group) > 1:
                ids = ", ".join(sorted(person.id for person in group))
                raise AmbiguousIdError(f"{len(group)} people match that; give an id: {ids}")
    matches = sorted(person.id for person in people if person.id.startswith(cleaned))
    if len(matches) == 1:
        return store.get(Person, matches[0])
    if matches:
        raise AmbiguousIdError(f"{len(matches)} people have ids starting that way: {', '.join(matches[:8])}")
    raise NotFoundError("no person matches that id, name or role; see `delegate person list`")


def person_reference(store: Store, text: str) -> str:
    """What to store for a person someone typed (an owner, a speaker): the person's id when it names
    one, else the typed text as it is (someone not in the folder)."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return ""
    try:
        return find_person(store, cleaned).id
    except NotFoundError:
        return cleaned
