"""A folder where two confidential people are named the way people really write: "Jo Jiménez" by surname
only, lowercased, without the accent, possessive; "Zoë Quillon" (no role: "Community member") by
first name without the diaeresis. Records are built through the store, ids as delegate makes them
(public), but one follow-up made before she was marked confidential still carries her name in its id.

Shared by the calendar, dashboard and check tests: each looks for the names in what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from delegate.model import (
    Body,
    BodyKind,
    Cost,
    Delegation,
    DelegationStatus,
    FollowUp,
    FollowUpStatus,
    Honorarium,
    Meeting,
    MeetingStatus,
    Person,
)
from delegate.model.body import DeadlineRule
from delegate.privacy import fold
from delegate.store import Store

ZONE_NAME = "America/Vancouver"
ZONE = ZoneInfo(ZONE_NAME)
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)

JO = "confidential-peer-representative"
ZOE = "confidential-community-member"
JO_ROLE = "Peer representative"
ZOE_LABEL = "Community member"
BOARD = "lakeport-police-board"
GROUP = "safer-nights"
DECEMBER = f"2026-12-09-{BOARD}"
PRESENTATION = f"2026-12-15-{BOARD}"
JANUARY = f"2027-01-21-{BOARD}"
ROUND_TABLE = f"2026-12-02-{GROUP}"
OCTOBER = f"2026-10-14-{BOARD}"
DELEGATION = "2026-12-09-safety-first"
LEGACY_FOLLOWUP = "2026-11-20-ask-jimenez"  # made before she was marked confidential

# What must never be in a public output (folded: no case, no accents); "Jo" alone is too short to
# be recognised as her, the full name is not.
SECRETS = ("jo jimenez", "jimenez", "zoe quillon", "quillon", "zoe")


def leaks(text: str) -> list[str]:
    """The parts of a confidential name found in `text` (any case, with or without accents)."""
    folded = fold(text)
    return [secret for secret in SECRETS if secret in folded]


@dataclass(frozen=True)
class Folder:
    root: Path
    store: Store


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def mentions_folder(root: Path) -> Folder:
    """Write the folder at `root` (see the module's docstring)."""
    store = Store(root, index=False, default_zone=ZONE_NAME)
    store.save(
        Body(
            BOARD,
            "Lakeport Police Board",
            BodyKind.POLICE_BOARD,
            email="board.clerk@lakeport.example",
            how_to_request="Email the clerk; jimenez knows the process.",
            request_deadline=DeadlineRule(8),
            place="City Hall",
            timezone=ZONE_NAME,
            members=7,
        )
    )
    store.save(
        Body(
            GROUP,
            "Safer Nights",
            BodyKind.ACTION_GROUP,
            place="The back room at Jiménez's",
            timezone=ZONE_NAME,
            recurrence="FREQ=MONTHLY;BYDAY=1WE",
        )
    )
    store.save(Person(JO, "Jo Jiménez", role=JO_ROLE, confidential=True, member_of=(GROUP,)))
    store.save(Person(ZOE, "Zoë Quillon", confidential=True, member_of=(GROUP,)))
    store.save(Person("ana-ferreira", "Ana Ferreira", organization="Lakeport Outreach Society"))
    store.save(
        Meeting(
            DECEMBER,
            BOARD,
            at(2026, 12, 9, 18),
            at(2026, 12, 9, 20),
            ZONE_NAME,
            place="City Hall",
            notes="jimenez's notes: bring the letter",
        )
    )
    store.save(
        Meeting(
            PRESENTATION,
            BOARD,
            at(2026, 12, 15, 18),
            at(2026, 12, 15, 19),
            ZONE_NAME,
            title="Presentation by JIMENEZ",  # as a council's feed had it
            place="Jimenez Hall",
            agenda_url="https://lakeport.example/agenda/jimenez-presentation",
        )
    )
    store.save(
        Meeting(
            JANUARY,
            BOARD,
            at(2027, 1, 21, 18),
            at(2027, 1, 21, 20),
            ZONE_NAME,
            status=MeetingStatus.CANCELLED,
            status_reason="Jiménez is ill",
        )
    )
    store.save(Meeting(ROUND_TABLE, GROUP, at(2026, 12, 2, 10), at(2026, 12, 2, 11, 30), ZONE_NAME))
    store.save(Meeting(OCTOBER, BOARD, at(2026, 10, 14, 18), at(2026, 10, 14, 20), ZONE_NAME))
    store.save(
        Delegation(
            DELEGATION,
            DECEMBER,
            "Safety first: what jimenez's group saw",
            speakers=(JO, ZOE, "ana-ferreira"),
            ask="Fund the beds Jimenez asked for",
            status=DelegationStatus.REQUESTED,
            costs=(Cost("bus fare for jimenez", Decimal("6")),),
        )
    )
    store.save(
        Delegation(
            "2026-10-14-thanks",
            OCTOBER,
            "Thanks from Zoe and the group",
            speakers=(ZOE,),
            status=DelegationStatus.DELIVERED,
        )
    )
    store.save(
        FollowUp(
            "2026-11-27-call-peer-representative",
            "Call jimenez about the shelter",
            owner=JO,
            due=date(2026, 11, 25),
            created=date(2026, 11, 20),
        )
    )
    store.save(
        FollowUp(
            "2026-11-27-thank-the-board",
            "Thank the board for hearing zoe",
            owner=ZOE,
            due=date(2026, 11, 30),
            delegation=DELEGATION,
        )
    )
    store.save(FollowUp(LEGACY_FOLLOWUP, "Ask Jiménez's sister", owner="ana-ferreira", due=date(2026, 12, 1)))
    store.save(
        FollowUp(
            "2026-11-27-book-the-room",
            "Book the room",
            due=date(2027, 2, 1),
            status=FollowUpStatus.DROPPED,
            closed_on=date(2026, 11, 26),
            reason="zoe quillon found one",
        )
    )
    store.save(
        Honorarium(
            "2026-12-02-1",
            JO,
            Decimal("50"),
            meeting=ROUND_TABLE,
            owed_on=date(2026, 11, 20),
            note="jimenez's bus fare",
        )
    )
    return Folder(root, Store(root, index=False, default_zone=ZONE_NAME))
