"""Minutes of an action group: started from the group's members and open follow-ups, edited, circulated.

What the minutes look like to an audience (the list, the editor's panes, the circulated document) is
built in `services.minutes_views`; this module changes the record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from delegate.model import (
    ActionItem,
    AgendaItem,
    Body,
    BodyKind,
    FollowUp,
    FollowUpStatus,
    LifecycleError,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Person,
    ValidationError,
)
from delegate.services.audience import INTERNAL_BANNER as INTERNAL_BANNER  # noqa: PLC0414 (re-exported)
from delegate.services.audience import Audience, public_lens
from delegate.services.followups import add_followup
from delegate.services.people import person_reference
from delegate.store import Store

BUSINESS_ARISING = "Business arising"
NEW_BUSINESS = "New business"
COMMUNITY_ROUND_TABLE = "community members"


def business_arising(store: Store, group: Body, before: date) -> list[FollowUp]:
    """Open follow-ups from the group's minutes dated before `before`, by due date (none last)."""
    earlier = {
        minutes.id for minutes in store.all(Minutes) if minutes.group == group.id and minutes.date < before
    }
    found = [
        item for item in store.all(FollowUp) if item.minutes in earlier and item.status is FollowUpStatus.OPEN
    ]
    return sorted(found, key=lambda item: (item.due is None, item.due or date.min, item.id))


def start_minutes(store: Store, group: Body, day: date | None, *, today: date) -> Minutes:
    """Draft minutes for a group's meeting, pre-filled: business arising and a round table.

    Attendance starts not taken (the members are listed to mark, none assumed present). `day`
    defaults to the group's next scheduled meeting on or after `today`, else today.
    """
    if group.kind is not BodyKind.ACTION_GROUP:
        raise ValidationError(
            f"{group.name} is a {group.kind.value}, not an action group; minutes are kept for action groups"
        )
    meetings = sorted(
        (meeting for meeting in store.all(Meeting) if meeting.body == group.id),
        key=lambda meeting: meeting.start,
    )
    if day is None:
        coming = [
            meeting
            for meeting in meetings
            if meeting.status is MeetingStatus.SCHEDULED and meeting.start.date() >= today
        ]
        day = coming[0].start.date() if coming else today
    that_day = [
        meeting
        for meeting in meetings
        if meeting.start.date() == day and meeting.status is not MeetingStatus.CANCELLED
    ]
    later = [
        meeting
        for meeting in meetings
        if meeting.start.date() > day and meeting.status is MeetingStatus.SCHEDULED
    ]
    people = store.all(Person)
    members = [person for person in people if group.id in person.member_of]
    items = [
        AgendaItem(BUSINESS_ARISING, _arising_text(business_arising(store, group, day), people)),
        *(AgendaItem(f"Round table: {name}") for name in round_table_partners(members)),
        AgendaItem(NEW_BUSINESS),
    ]
    minutes = Minutes(
        id=store.new_id(Minutes, f"{day:%Y-%m-%d}-{group.id}"),
        group=group.id,
        date=day,
        meeting=that_day[0].id if that_day else "",
        items=tuple(items),
        next_meeting=later[0].start.date() if later else None,
    )
    store.save(minutes)
    return minutes


def _arising_text(open_items: list[FollowUp], people: list[Person]) -> str:
    """One line per open follow-up: text — owner — due, written as the public sees them.

    The note-taker did not type this text: it opens on the editor's screen at a table that may have
    police at it, so a confidential owner or name in it is written by role (the follow-ups keep them).
    """
    lens = public_lens(people)
    lines = []
    for item in open_items:
        owner = lens.person(item.owner) or "no owner"
        due = f"due {item.due:%Y-%m-%d}" if item.due else "no due date"
        lines.append(f"- {lens.text(item.text)} — {owner} — {due}")
    return "\n".join(lines)


def round_table_partners(members: list[Person]) -> list[str]:
    """Each partner organization once (in order of name), then community members.

    A confidential member is counted with the community members: their organization is not shown.
    """
    organizations: dict[str, str] = {}
    community = False
    for person in members:
        name = " ".join(person.organization.split())
        if person.confidential or not name:
            community = True
        else:
            organizations.setdefault(name.casefold(), name)
    names = [organizations[key] for key in sorted(organizations)]
    return [*names, COMMUNITY_ROUND_TABLE] if community else names


def _editable(minutes: Minutes) -> None:
    if minutes.status is MinutesStatus.APPROVED:
        raise LifecycleError(f"minutes {minutes.id} are approved; they can no longer be changed")
    if minutes.status is MinutesStatus.CIRCULATED:
        raise LifecycleError(
            f"minutes {minutes.id} have been circulated; amend them first "
            f"(`delegate minutes amend {minutes.id}`, or ctrl+o in the app), which keeps the circulated text"
        )


def _save(store: Store, minutes: Minutes) -> Minutes:
    store.save(minutes)
    return minutes


def _item_at(minutes: Minutes, index: int) -> AgendaItem:
    if not 0 <= index < len(minutes.items):
        raise ValidationError(f"minutes {minutes.id} have no agenda item {index + 1}")
    return minutes.items[index]


def _with_item(minutes: Minutes, index: int, item: AgendaItem) -> Minutes:
    items = list(minutes.items)
    items[index] = item
    return replace(minutes, items=tuple(items))


def set_attendance(store: Store, minutes: Minutes, person_id: str, present: bool) -> Minutes:
    """Mark a person present, or absent with regrets (moving them from the other list); saved."""
    _editable(minutes)
    if person_id not in minutes.present and person_id not in minutes.regrets:
        store.get(Person, person_id)  # an unknown id is an error, not a new attendee
    present_ids = tuple(item for item in minutes.present if item != person_id)
    regrets = tuple(item for item in minutes.regrets if item != person_id)
    if present:
        present_ids = (*present_ids, person_id)
    else:
        regrets = (*regrets, person_id)
    return _save(store, replace(minutes, present=present_ids, regrets=regrets))


def add_item(store: Store, minutes: Minutes, title: str) -> Minutes:
    """Add an agenda item at the end; saved."""
    _editable(minutes)
    if not title.strip():
        raise ValidationError("an agenda item needs a title")
    return _save(store, replace(minutes, items=(*minutes.items, AgendaItem(title.strip()))))


def set_discussion(store: Store, minutes: Minutes, index: int, text: str) -> Minutes:
    """Replace the discussion of agenda item `index` (from 0), exactly as typed (it autosaves); saved."""
    _editable(minutes)
    item = _item_at(minutes, index)
    return _save(store, _with_item(minutes, index, replace(item, discussion=text)))


def add_decision(store: Store, minutes: Minutes, index: int, text: str) -> Minutes:
    """Record a decision under agenda item `index` (from 0); saved."""
    _editable(minutes)
    if not text.strip():
        raise ValidationError("a decision needs some text")
    item = _item_at(minutes, index)
    changed = replace(item, decisions=(*item.decisions, text.strip()))
    return _save(store, _with_item(minutes, index, changed))


def add_action(
    store: Store, minutes: Minutes, text: str, *, owner: str = "", due: date | None = None, today: date
) -> tuple[Minutes, FollowUp]:
    """An action item, with the follow-up that tracks it (linked both ways); both saved.

    `owner` is what was picked or typed: a person's id, name or role is kept as their id (so the
    owner is shown by role wherever the public sees it), anyone else as typed.
    """
    _editable(minutes)
    owner_reference = person_reference(store, owner)
    followup = add_followup(store, text, owner=owner_reference, due=due, minutes=minutes, today=today)
    action = ActionItem(followup.text, followup.owner, due, followup.id)
    try:
        changed = _save(store, replace(minutes, actions=(*minutes.actions, action)))
    except BaseException:
        store.delete(followup)  # no follow-up pointing at minutes that do not list it
        raise
    return changed, followup


def circulate_minutes(store: Store, minutes: Minutes) -> Minutes:
    """Draft → circulated (read-only from then on, until amended); saved."""
    return _save(store, minutes.circulate())


def amend_minutes(store: Store, minutes: Minutes, today: date) -> Minutes:
    """Circulated → draft again, to correct them; the text that went out is kept in the record (as it
    was circulated: confidential people by role), so what people received can still be read."""
    from delegate.services.minutes_views import minutes_document

    circulated = minutes_document(store, minutes, Audience.PUBLIC).markdown
    return _save(store, minutes.amend(today, circulated))


def set_roles(
    store: Store, minutes: Minutes, *, chair: str | None = None, note_taker: str | None = None
) -> Minutes:
    """Record who chaired and who took the notes (person references: ids; '' clears); saved."""
    _editable(minutes)
    changed = replace(
        minutes,
        chair=minutes.chair if chair is None else chair,
        note_taker=minutes.note_taker if note_taker is None else note_taker,
    )
    return _save(store, changed)


def item_index(minutes: Minutes, reference: str) -> int:
    """The agenda item (from 0) a person named: its number from 1 ('3'), or the start of its title
    in any case ('new business', 'round table: police')."""
    text = " ".join(reference.split()).casefold()
    if text.isdigit():
        _item_at(minutes, int(text) - 1)
        return int(text) - 1
    found = [index for index, item in enumerate(minutes.items) if item.title.casefold().startswith(text)]
    if len(found) == 1 and text:
        return found[0]
    titles = "; ".join(f"{index + 1}. {item.title}" for index, item in enumerate(minutes.items))
    how = "matches several" if found else "matches none"
    raise ValidationError(f"{reference!r} {how} of the agenda items of {minutes.id} ({titles})")


def append_discussion(store: Store, minutes: Minutes, index: int, text: str) -> Minutes:
    """Add a paragraph to the discussion of agenda item `index`, after what is there; saved."""
    _editable(minutes)
    if not text.strip():
        raise ValidationError("nothing to add to the discussion")
    before = _item_at(minutes, index).discussion.rstrip("\n")
    return set_discussion(store, minutes, index, f"{before}\n\n{text.strip()}" if before else text.strip())


def approve_minutes(store: Store, minutes: Minutes, at_meeting: str = "") -> Minutes:
    """Circulated → approved (at the meeting with id `at_meeting`, when given); saved."""
    return _save(store, minutes.approve(at_meeting))
