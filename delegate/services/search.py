"""What the command palette searches: meetings, delegations, people, scripts, minutes and follow-ups,
each as one line built through the lens of the screen it is searched from (public unless `N`).

A confidential person is found by the role the public knows them by, never by their name, unless the
screen shows names; a topic or a follow-up that names them reads as it would in anything shared.
"""

from __future__ import annotations

from dataclasses import dataclass

from delegate.model import Body, Delegation, FollowUp, FollowUpStatus, Meeting, Minutes, Person, Script
from delegate.services.audience import Audience, Lens, lens_for
from delegate.store import Store


@dataclass(frozen=True)
class Found:
    """One searchable record: what the palette matches and shows, and how to open it ('kind:id')."""

    kind: str  # what `open_record` takes: meeting, delegation, script, minutes, followup, body
    id: str
    text: str  # matched and shown, already through the lens
    help: str  # a second line, through the lens too


def searchable(store: Store, audience: Audience = Audience.PUBLIC) -> list[Found]:
    """Every record the palette can find, for `audience`; delegations first (the most asked for)."""
    lens = lens_for(store, audience)
    bodies = {body.id: lens.text(body.name) for body in store.all(Body)}
    meetings = {meeting.id: meeting for meeting in store.all(Meeting)}
    found: list[Found] = []
    for delegation in store.all(Delegation):
        meeting = meetings.get(delegation.meeting)
        when = f"{bodies.get(meeting.body, '')} · {meeting.start:%a %d %b %Y}" if meeting else ""
        found.append(Found("delegation", delegation.id, f"Delegation: {lens.text(delegation.topic)}", when))
    for script in store.all(Script):
        text = f"Script: {lens.text(script.title)}"
        found.append(Found("script", script.id, text, "the script, its estimate and takes"))
    for followup in store.all(FollowUp):
        if followup.status is FollowUpStatus.OPEN:
            text = f"Follow-up: {lens.text(followup.text)}"
            found.append(Found("followup", followup.id, text, _owner_due(followup, lens)))
    found.extend(_people(store.all(Person), bodies, lens))
    for minutes in store.all(Minutes):
        text = f"Minutes: {bodies.get(minutes.group, '')} · {minutes.date:%d %b %Y}"
        found.append(Found("minutes", minutes.id, text, ""))
    for meeting in sorted(meetings.values(), key=lambda item: item.start, reverse=True):
        title = f" · {lens.text(meeting.title)}" if meeting.title else ""
        text = f"Meeting: {bodies.get(meeting.body, '')} · {meeting.start:%a %d %b %Y}{title}"
        found.append(Found("meeting", meeting.id, text, ""))
    return found


def _owner_due(item: FollowUp, lens: Lens) -> str:
    owner = lens.person(item.owner) if item.owner else ""
    due = f"due {item.due:%a %d %b}" if item.due else ""
    return " · ".join(part for part in (owner, due) if part)


def _people(people: list[Person], bodies: dict[str, str], lens: Lens) -> list[Found]:
    """People as this audience may know them: a confidential one by role alone, in public."""
    found: list[Found] = []
    for person in people:
        shown = lens.person(person.id)
        hidden = person.confidential and not lens.internal
        details = (
            ""
            if hidden
            else " · ".join(lens.text(part) for part in (person.role, person.organization) if part)
        )
        member = next((body for body in person.member_of if body in bodies), "")
        if member:
            found.append(
                Found(
                    "body", member, f"Person: {shown}" + (f" · {details}" if details else ""), bodies[member]
                )
            )
        else:
            found.append(
                Found("person", person.id, f"Person: {shown}" + (f" · {details}" if details else ""), "")
            )
    return found
