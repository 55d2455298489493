"""A body's standing agreements (ordered short texts) and who signed its confidentiality agreement.

Positions are counted from 1, as people count them. Every change is checked before anything is
saved, so a refused change writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from delegate.model import Body, BodyKind, Person, Signature, ValidationError
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.duplicates import DuplicateError, same_text
from delegate.services.people import members_of
from delegate.store import Store


@dataclass(frozen=True, slots=True)
class SignatureStatus:
    """A member of the group and the day they signed its confidentiality agreement (None: not yet)."""

    person: Person
    signed: date | None


def list_agreements(group: Body) -> list[str]:
    """The group's standing agreements, in order (the first is number 1)."""
    return list(group.agreements)


def add_agreement(
    store: Store, group: Body, text: str, *, position: int | None = None, again: bool = False
) -> Body:
    """Add an agreement at `position` (from 1; default: last); saved. Empty text is refused, and so
    is text the group already has (case, accents and spacing aside: a DuplicateError) unless `again`."""
    cleaned = _clean(text)
    agreements = list(group.agreements)
    if not again:
        for number, existing in enumerate(agreements, start=1):
            if same_text(existing, cleaned):
                shown = lens_for(store).text(group.name)
                said = f"{shown} already has this standing agreement (number {number})"
                raise DuplicateError(said, str(number))
    at = len(agreements) + 1 if position is None else _position(group, position, extra=1)
    agreements.insert(at - 1, cleaned)
    return _save(store, replace(group, agreements=tuple(agreements)))


def remove_agreement(store: Store, group: Body, position: int) -> Body:
    """Remove the agreement at `position` (from 1); saved."""
    agreements = list(group.agreements)
    del agreements[_position(group, position) - 1]
    return _save(store, replace(group, agreements=tuple(agreements)))


def move_agreement(store: Store, group: Body, position: int, to: int) -> Body:
    """Move the agreement at `position` so that it becomes number `to` (both from 1); saved."""
    agreements = list(group.agreements)
    moved = agreements.pop(_position(group, position) - 1)
    agreements.insert(_position(group, to) - 1, moved)
    return _save(store, replace(group, agreements=tuple(agreements)))


def sign_agreement(store: Store, group: Body, person_id: str, signed: date, *, today: date) -> Body:
    """Record that a member signed the group's confidentiality agreement on `signed`; saved.

    Signing again replaces the earlier date. The person must exist and be a member of the group.
    """
    person = store.get(Person, person_id)  # NotFoundError for an unknown id: nothing is written
    if group.id not in person.member_of:
        raise ValidationError(
            f"{person.id} is not a member of {group.name}; add them to the group before they sign"
        )
    if signed > today:
        raise ValidationError(f"a signature cannot be dated in the future ({signed:%Y-%m-%d})")
    signature = Signature(person.id, signed)
    signatures = list(group.signatures)
    for index, existing in enumerate(signatures):
        if existing.person == person.id:
            signatures[index] = signature
            break
    else:
        signatures.append(signature)
    return _save(store, replace(group, signatures=tuple(signatures)))


def signature_of(group: Body, person_id: str) -> date | None:
    """When a person signed the group's confidentiality agreement, or None."""
    return next((item.signed for item in group.signatures if item.person == person_id), None)


def signatures(store: Store, group: Body) -> list[SignatureStatus]:
    """Every member of the group, with when they signed: those who have not signed first, then by id."""
    found = [SignatureStatus(person, signature_of(group, person.id)) for person in members_of(store, group)]
    return sorted(found, key=lambda item: (item.signed is not None, item.person.id))


def unsigned_members(store: Store, group: Body) -> list[Person]:
    """The members of the group who have not signed its confidentiality agreement."""
    return [item.person for item in signatures(store, group) if item.signed is None]


def _clean(text: str) -> str:
    # One line: an agreement is shown as a numbered line at the top of agendas and minutes.
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError("a standing agreement needs some text")
    return cleaned


def _position(group: Body, position: int, *, extra: int = 0) -> int:
    """Check a position from 1; `extra` allows one past the end (to add there)."""
    last = len(group.agreements) + extra
    if last == 0:
        raise ValidationError(f"{group.name} has no standing agreements yet")
    if not 1 <= position <= last:
        count = len(group.agreements)
        noun = "agreement" if count == 1 else "agreements"
        raise ValidationError(
            f"{group.name} has {count} standing {noun}; the position must be from 1 to {last}, not {position}"
        )
    return position


def _save(store: Store, group: Body) -> Body:
    store.save(group)
    return group


# ---- views -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementView:
    """A standing agreement, numbered from 1, as an audience may read it (typed text may name someone)."""

    position: int
    text: str


@dataclass(frozen=True)
class SignatureView:
    """A member of the group by the name an audience may know them by, and when they signed."""

    id: str
    name: str
    signed: date | None


def agreements_as(lens: Lens, group: Body) -> list[AgreementView]:
    return [AgreementView(number, lens.text(text)) for number, text in enumerate(group.agreements, start=1)]


def agreement_views(store: Store, group: Body, audience: Audience) -> list[AgreementView]:
    """The group's standing agreements, in order, for `audience`."""
    return agreements_as(lens_for(store, audience), group)


def signatures_as(store: Store, lens: Lens, group: Body) -> list[SignatureView]:
    return [
        SignatureView(item.person.id, lens.label_of(item.person), item.signed)
        for item in signatures(store, group)
    ]


def signature_views(store: Store, group: Body, audience: Audience) -> list[SignatureView]:
    """Every member of the group and when they signed (those who have not first), for `audience`."""
    return signatures_as(store, lens_for(store, audience), group)


def signed_summary(store: Store, group: Body) -> str:
    """'3 of 5 members signed the confidentiality agreement', for groups that keep signatures."""
    members = members_of(store, group)
    if not members or (group.kind is not BodyKind.ACTION_GROUP and not group.signatures):
        return ""
    signed = sum(1 for person in members if signature_of(group, person.id) is not None)
    return f"{signed} of {len(members)} members signed the confidentiality agreement"
