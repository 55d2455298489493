"""What the minutes, agenda and honoraria privacy tests share: a group whose confidential members are
named in its minutes the way a note-taker types them, and the search for any part of their names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from delegate.model import Body, BodyKind, Meeting, MeetingStatus, Minutes, Person
from delegate.services.minutes import add_action, add_decision, set_discussion, start_minutes
from delegate.services.people import add_person
from delegate.store import Store

TZ = ZoneInfo("America/Vancouver")
TODAY = date(2026, 11, 27)
GROUP = "night-group"
JO = "Jo Jiménez"  # a short word and an accent
JO_ROLE = "Peer representative"
XIMENA = "Ximena Quell"  # no role: shown as "Community member"
NAME_PARTS = ("jo", "jimenez", "ximena", "quell")
# Typed as a note-taker would: the surname alone, lowercased, no accent, possessive.
DISCUSSION = "The vans stop at ten; jimenez's street is the worst."
DECISION = "jimenez to bring the bad-date list"
ACTION = "Walk ximena's route with jimenez"
EARLIER_ACTION = "Ask jimenez's landlord about the lease"
DECEMBER = f"2026-12-02-{GROUP}"


def folded(text: str) -> str:
    """Text as a reader compares names: accents dropped, case folded."""
    parts = unicodedata.normalize("NFKD", text)
    return "".join(char for char in parts if not unicodedata.combining(char)).casefold()


def leaks(text: str) -> list[str]:
    """Every part of a confidential name found in `text` as a word (of letters) of its own."""
    shown = folded(text)
    return [part for part in NAME_PARTS if re.search(rf"(?<![^\W\d_]){part}(?![^\W\d_])", shown)]


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def fill(store: Store) -> Store:
    """The Night Group: two confidential members and two public ones; October's minutes left an
    action owned by Jo; December's minutes (chaired by Jo, noted by Ximena) name both in typed text."""
    store.save(Body(GROUP, "Night Group", kind=BodyKind.ACTION_GROUP, place="The Hall"))
    group = store.get(Body, GROUP)
    jo = add_person(store, JO, role=JO_ROLE, confidential=True, member_of=(group,))
    ximena = add_person(store, XIMENA, confidential=True, member_of=(group,))
    store.save(Person("ana", "Ana Ferreira", "Rights Collective", member_of=(GROUP,)))
    store.save(Person("dana", "Dana Morris", "Police Service", member_of=(GROUP,)))
    for meeting_id, day, status in (
        ("m-oct", date(2026, 10, 7), MeetingStatus.HELD),
        ("m-dec", date(2026, 12, 2), MeetingStatus.SCHEDULED),
        ("m-jan", date(2027, 1, 6), MeetingStatus.SCHEDULED),
    ):
        store.save(Meeting(meeting_id, GROUP, at(day), end=at(day, 20), status=status))
    october = start_minutes(store, group, date(2026, 10, 7), today=date(2026, 10, 7))
    add_action(store, october, EARLIER_ACTION, owner="jo jimenez", today=date(2026, 10, 7))
    december = start_minutes(store, group, date(2026, 12, 2), today=TODAY)
    assert december.id == DECEMBER
    members = tuple(person.id for person in store.all(Person) if GROUP in person.member_of)
    store.save(replace(december, chair=jo.id, note_taker=ximena.id, present=members))  # all came
    december = store.get(Minutes, DECEMBER)
    december = set_discussion(store, december, 1, DISCUSSION)
    december = add_decision(store, december, 1, DECISION)
    add_action(store, december, ACTION, owner=JO_ROLE, today=TODAY)
    return store
