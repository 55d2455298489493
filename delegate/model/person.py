"""People: speakers, partners, members. Deliberately no field for immigration status."""

from __future__ import annotations

from dataclasses import dataclass

from delegate.model.errors import ValidationError

COMMUNITY_MEMBER = "Community member"


@dataclass(frozen=True, slots=True)
class Person:
    """A name or pseudonym. A confidential person is shown to outsiders only as their role."""

    id: str
    name: str
    organization: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    confidential: bool = False
    member_of: tuple[str, ...] = ()
    notes: str = ""
    alias: str = ""  # a confidential person's chosen public name, for documents that must name a speaker

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationError("a person needs a name or pseudonym")

    @property
    def public_name(self) -> str:
        """What a circulated document may say about this person."""
        if self.confidential:
            return self.role.strip() or COMMUNITY_MEMBER
        return self.name

    @property
    def speaker_name(self) -> str:
        """What a public document may call this person where a name is needed (a letter naming the
        speakers): a confidential person's chosen public name (alias), else their public label."""
        if self.confidential:
            return self.alias.strip() or self.public_name
        return self.name
