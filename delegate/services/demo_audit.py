"""The demo's policy audit: a workshop series, what it found at three agencies, what it asked for,
and the honoraria paid to the people with lived experience who took part."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from delegate.model import (
    Attendance,
    Audit,
    Body,
    BodyKind,
    Finding,
    Honorarium,
    Meeting,
    MeetingStatus,
    PaymentMethod,
    Recommendation,
    ResponseStatus,
)

AGREEMENTS = (
    "Police partners attend without uniforms or guns.",
    "What is said here stays here: no names or stories leave the room.",
    "People with lived experience speak first, and are paid for their time.",
    "Anyone may pass on the round table.",
)
HONORARIUM = Decimal("50")

_AGENCIES = (
    ("lakeport-housing-authority", "Lakeport Housing Authority"),
    ("lakeport-victim-services", "Lakeport Victim Services"),
    ("lakeport-health-authority", "Lakeport Health Authority"),
)

# (agency index, barrier, effect, workshop index, [(recommendation, [(status, days after workshop, note)])])
_FINDINGS: tuple[tuple[int, str, str, int, tuple[tuple[str, tuple[tuple[str, int, str], ...]], ...]], ...] = (
    (
        0,
        "Tenancy applications ask for two years of landlord references.",
        "People who have worked in the sex trade, or left a violent home, cannot apply at all.",
        0,
        (
            (
                "Accept a reference from a support worker in place of a landlord's.",
                (
                    ("sent", 7, "Letter to the Director of Tenancies."),
                    ("acknowledged", 20, ""),
                    ("adopted", 48, "New intake form from March."),
                ),
            ),
        ),
    ),
    (
        0,
        "A police record check is part of every housing application.",
        "Old prostitution-related charges shut people out of subsidised housing.",
        0,
        (
            (
                "Drop record checks, or limit them to offences against tenants.",
                (("sent", 7, ""), ("partly-adopted", 40, "Checks limited to the last five years.")),
            ),
        ),
    ),
    (
        1,
        "Victim services are offered only after a report to police.",
        "Workers who fear arrest, or losing their housing, get no support after violence.",
        0,
        (
            ("Offer support without a police report, through peer outreach.", (("sent", 9, ""),)),
            (
                "Train intake staff with the Collective's peer educators.",
                (("sent", 9, ""), ("declined", 35, "No training budget this year.")),
            ),
        ),
    ),
    (
        2,
        "Clinic hours end at 4 p.m. on weekdays.",
        "Night workers cannot reach care without missing sleep or income.",
        1,
        (
            (
                "Run an evening drop-in once a week with the street nurses.",
                (("sent", 5, ""), ("acknowledged", 12, "Rosa Jimenez raised it at the March board meeting.")),
            ),
        ),
    ),
    (
        2,
        "Forms ask for a home address and a health card number up front.",
        "People without either are turned away at the door.",
        1,
        (("Let people be seen first, and sort the paperwork out after.", ()),),
    ),
)


@dataclass(frozen=True)
class AuditDemo:
    agencies: tuple[Body, ...]
    audit: Audit
    workshops: tuple[Meeting, ...]


def write_audit_demo(
    save: Callable[[object], None],
    host: Body,
    participants: Sequence[str],
    group_meetings: Sequence[Meeting],
    now: datetime,
    tz: ZoneInfo,
) -> AuditDemo:
    """Save the audit series hosted by `host`, with honoraria owed and paid to `participants`."""
    agencies = tuple(
        Body(id=body_id, name=name, kind=BodyKind.AGENCY, jurisdiction="Lakeport", timezone=tz.key)
        for body_id, name in _AGENCIES
    )
    for agency in agencies:
        save(agency)
    first = (now - timedelta(days=70)).date()
    audit = Audit(
        id="barriers-to-help",
        title="Barriers to help",
        aim="Find the policies and practices that keep sex workers from housing, victim services and "
        "health care, and press each agency to change them.",
        agencies=tuple(agency.id for agency in agencies),
        started=first,
    )
    save(audit)
    workshops = tuple(
        Meeting(
            id=f"{day:%Y-%m-%d}-{audit.id}",
            body=host.id,
            start=datetime.combine(day, time(13, 0), tzinfo=tz),
            end=datetime.combine(day, time(16, 0), tzinfo=tz),
            timezone=tz.key,
            title=title,
            place="Lakeport Outreach Society, 212 Harbour St",
            status=MeetingStatus.HELD,
            audit=audit.id,
            format=form,
            attendance=attendance,
        )
        for day, title, form, attendance in (
            (
                first + timedelta(days=3),
                "Workshop 1: housing and victim services",
                "round table",
                Attendance(sex_workers=9, agency_staff=4, residents=3, businesses=1),
            ),
            (
                first + timedelta(days=31),
                "Workshop 2: health care",
                "world café",
                Attendance(sex_workers=11, agency_staff=5, residents=2, others=2),
            ),
        )
    )
    for workshop in workshops:
        save(workshop)

    for number, (agency_index, barrier, effect, held_at, recommendations) in enumerate(_FINDINGS, start=1):
        workshop = workshops[held_at]
        finding = Finding(
            id=f"{audit.id}-{number}",
            audit=audit.id,
            agency=agencies[agency_index].id,
            barrier=barrier,
            effect=effect,
            workshop=workshop.id,
            recorded=workshop.start.date(),
        )
        save(finding)
        for number_in_finding, (text, steps) in enumerate(recommendations, start=1):
            item = Recommendation(
                id=f"{finding.id}-r{number_in_finding}",
                audit=audit.id,
                finding=finding.id,
                agency=finding.agency,
                text=text,
                created=workshop.start.date() + timedelta(days=2),
            )
            for status, days, note in steps:
                item = item.respond(
                    ResponseStatus(status), workshop.start.date() + timedelta(days=days), note
                )
            save(item)

    _honoraria(save, participants, [*workshops, *group_meetings], now.date())
    return AuditDemo(agencies, audit, workshops)


def _honoraria(
    save: Callable[[object], None], participants: Sequence[str], meetings: Sequence[Meeting], today: date
) -> None:
    """Each participant is owed 50 CAD per meeting held; older ones are paid, the latest still owed."""
    held = sorted(
        (m for m in meetings if m.start.date() <= today and m.status is not MeetingStatus.CANCELLED),
        key=lambda m: m.start,
    )
    methods = (PaymentMethod.CASH, PaymentMethod.E_TRANSFER, PaymentMethod.GIFT_CARD)
    number = 0
    for index, meeting in enumerate(held):
        day = meeting.start.date()
        for person in participants:
            number += 1
            honorarium = Honorarium(
                id=f"{day:%Y-%m-%d}-{number}",
                person=person,
                amount=HONORARIUM,
                meeting=meeting.id,
                owed_on=day,
            )
            if index < len(held) - 1:  # the latest meeting's honoraria are still to be paid
                honorarium = honorarium.pay(
                    day + timedelta(days=1 + number % 3), methods[number % len(methods)]
                )
            save(honorarium)
