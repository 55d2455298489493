"""People, including those whose identity must stay confidential."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from delegate.model import Person, ValidationError
from delegate.privacy import Redactor
from delegate.services.audience import Audience, Lens, lens_for, names_a_confidential_person
from delegate.services.duplicates import DuplicateError, first_named
from delegate.services.ids import confidential_person_base, public_slug
from delegate.services.views import record_view
from delegate.store import AmbiguousIdError, NotFoundError, Store

if TYPE_CHECKING:
    from delegate.model import Body


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
    alias: str = "",
    again: bool = False,
) -> Person:
    """Create a person. A confidential person's id (and so their file name) never contains their name.

    `alias` is a confidential person's chosen public name (see `check_alias`). Someone already here
    by that name (case, accents and spacing aside) is a DuplicateError unless `again`.
    """
    alias = check_alias(store, name, alias, confidential=confidential)
    if confidential:
        # the role is what every public output shows in the name's place
        _check_public_label(store, name, role, "role")
    if not again:
        refuse_same_person(store, name)
    if confidential:
        # Asked of everyone here and the newcomer: their id must name none of them.
        newcomer = Person(id="newcomer", name=name.strip(), role=role, confidential=True)
        base = confidential_person_base(Redactor.of([*store.all(Person), newcomer]), newcomer)
    else:
        base = public_slug(store, name, "person")
    person = Person(
        id=store.new_id(Person, base),
        name=name.strip(),
        organization=organization,
        role=role,
        email=email,
        phone=phone,
        confidential=confidential,
        member_of=tuple(body.id for body in member_of),
        alias=alias,
    )
    store.save(person)
    if confidential:
        # records named after them before (a topic, a title) must not keep their name in a file name
        from delegate.services.ids import rename_exposing_ids

        rename_exposing_ids(store)
        person = store.get(Person, person.id)  # as it is now, should its id have been renamed
    return person


def refuse_same_person(store: Store, name: str) -> None:
    """DuplicateError when someone by that name (case, accents and spacing aside) is already here.

    The refusal gives the existing id only: either of the two may be confidential, so the name is
    never repeated."""
    existing = first_named(store.all(Person), name, lambda person: person.name)
    if existing is not None:
        raise DuplicateError(f"a person with that name is already here ({existing.id})", existing.id)


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


# ---- a confidential person's chosen public name ---------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]+")  # runs of letters: "Jiménez's" → "Jiménez", "s"


def _name_words(text: str) -> set[str]:
    from delegate.privacy import fold

    return set(_WORDS.findall(fold(text)))


def check_alias(store: Store, name: str, alias: str, *, confidential: bool) -> str:
    """The alias to save ('' for none): refused for someone not confidential, when it holds any word
    of the person's own name (in any case, with or without accents), or names another confidential
    person. The refusal never repeats the name: it may be read over a shoulder."""
    cleaned = " ".join(alias.split())
    if not cleaned:
        return ""
    if not confidential:
        raise ValidationError("an alias is a confidential person's chosen public name; add --confidential")
    _check_public_label(store, name, cleaned, "alias")
    return cleaned


def _check_public_label(store: Store, name: str, label: str, what: str) -> None:
    """A role or alias shown in a confidential person's place may hold no word of their own name and
    name no confidential person; the refusal never repeats the name (it may be read over a shoulder)."""
    if _name_words(label) & _name_words(name):
        raise ValidationError(f"the {what} holds a word of the person's own name; choose one that does not")
    if names_a_confidential_person(store, label):
        raise ValidationError(f"the {what} names a confidential person; choose one that does not")


# ---- people as views -------------------------------------------------------------------------------

# A confidential person's: never in a public output (an organization can be as telling as a name).
PRIVATE_FIELDS = ("organization", "email", "phone", "notes")


@dataclass(frozen=True)
class PersonView:
    """One person as an audience may see them: a confidential person by role, without contacts."""

    id: str
    name: str  # the role (or "Community member") for a confidential person, publicly
    confidential: bool
    shown_as: str  # how anything shared shows them ("" for someone not confidential)
    alias: str  # a confidential person's chosen public name, used where a speaker must be named
    organization: str
    role: str
    email: str  # "" publicly for a confidential person
    phone: str
    notes: str
    member_of: tuple[str, ...]
    fields: dict[str, Any]  # the record as `--json` gives it, for the same audience


def person_view(person: Person, lens: Lens) -> PersonView:
    hidden = person.confidential and not lens.internal
    private = PRIVATE_FIELDS if person.confidential else ()
    name = lens.label_of(person)
    return PersonView(
        id=person.id,
        name=name,
        confidential=person.confidential,
        shown_as=lens.public_label(person) if person.confidential else "",
        alias=lens.text(person.alias) if person.confidential else "",
        organization="" if hidden else lens.text(person.organization),
        role=lens.text(person.role),
        email="" if hidden else lens.text(person.email),
        phone="" if hidden else lens.text(person.phone),
        notes="" if hidden else lens.text(person.notes),
        member_of=person.member_of,
        fields=record_view(person, lens, private=private, name=name),
    )


def person_views(store: Store, audience: Audience) -> list[PersonView]:
    """Every person, as `audience` may see them, in the store's order."""
    lens = lens_for(store, audience)
    return [person_view(person, lens) for person in store.all(Person)]


def show_person(store: Store, text: str, audience: Audience) -> PersonView:
    """The person someone typed (id, name, role, alias or id prefix), as `audience` may see them."""
    return person_view(find_person(store, text), lens_for(store, audience))
