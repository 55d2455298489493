"""A realistic synthetic data folder: ten years of an advocacy collective's records, for benchmarks.

    python bench/synthetic.py DIR [--years 10] [--seed 1] [--fast]
    python bench/synthetic.py --self-check        # the fast path writes what Store.save writes

    from bench.synthetic import generate          # from the repository root
    counts = generate(Path("DIR"))                # {"Body": 12, "Meeting": 2504, ...}

What it writes (years=10; everything scales with `years` except bodies and people), ending 2026-12-31:

- 12 bodies (2 police boards, 3 councils, 4 committees, 3 action groups) in America/Toronto and
  America/Vancouver, each with its clerk, request deadline rule, speaking limit and recurrence;
- 80 people, 10 of them confidential (ids from their role, never their name, as the app does);
- ~2,500 meetings: monthly boards and committees, twice-monthly councils, weekly and fortnightly
  action groups, a few special sessions; scheduled in yearly batches (the first keeps the RRULE, the
  rest name it as their series); some cancelled or postponed with a reason, one council's imported
  from its iCal feed (source_uid, sequence);
- 600 delegations with their whole history: requested, confirmed, delivered, followed up; some
  cancelled (for money, health, the agenda moved) and about one in ten cancelled then re-booked onto a
  later meeting; the newest are still ideas, requested or confirmed;
- 300 scripts of ~700 words in `##` sections (Markdown beside the TOML), ~280 timed rehearsals,
  100 handouts (some only an attached PDF);
- 500 minutes of action-group meetings with agenda items, decisions and actions, and 6,000 follow-ups
  (from those actions and from delegations): open, done or dropped, with due dates.

Text comes from a word list and the ids are the slugs the app would give; everything is a pure
function of (years, seed): two runs give byte-identical files. "Now", for what has happened and what
is still to come, is fixed at NOW (so the output does not depend on the day it is run).

Writing. By default every record is saved through `Store.save` (index off), so the files are exactly
what delegate writes; each save fsyncs the file and its folder, ~3 ms a file on an SSD, ~30 s for ten
years (slower disks: more). `fast=True` (`--fast`) is a fast path FOR BENCHMARKS ONLY: the same
encoding as `Store.save` (`delegate.store.codec.encode`, the Markdown field split off into a `.md`
file when it has text, `tomli_w.dumps`), the same file names, folders and permissions (0600 files,
0700 folders, the `.lock` file), but each file written in place, without a temporary file, fsync or
the write lock (~3x faster). Its files are byte-identical to what `Store.save` writes
(`--self-check` compares the two for a two-year folder: names, modes and bytes); only the mtimes
differ, as they would between any two runs.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import random
import sys
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import tomli_w

from delegate.model import (
    ActionItem,
    AgendaItem,
    Body,
    BodyKind,
    DeadlineRule,
    Delegation,
    DelegationStatus,
    FollowUp,
    FollowUpStatus,
    Handout,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Person,
    Rehearsal,
    Script,
    SectionTime,
)
from delegate.model.common import slugify
from delegate.store import Store, kind_of
from delegate.store.atomic import FILE_MODE, atomic_write, ensure_dir
from delegate.store.codec import encode
from delegate.store.lock import LOCK_NAME
from delegate.store.store import JOURNAL_FOLDER

TORONTO = "America/Toronto"
VANCOUVER = "America/Vancouver"
END = date(2026, 12, 31)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo(TORONTO))

TARGET_DELEGATIONS = 600  # per ten years; all targets scale with years/10
TARGET_SCRIPTS = 300
TARGET_HANDOUTS = 100
TARGET_MINUTES = 500
TARGET_FOLLOWUPS = 6000

# ---- words --------------------------------------------------------------------------------------

_WORDS_TEXT = """
the a of and to in for on with that this we our you your they their it is are was were be been have
has will would can could should must not no more less every each all some many most few other same
safety housing report reports violence police board council city community workers worker people
person member members chair clerk staff motion budget funding money program programs service services
outreach shelter shelters health public street night nights safe safer risk harm reduction support
survey data numbers evidence story stories year years month months week weeks time place places
guideline guidelines policy policies practice practices change changes ask asks request vote votes
landlord landlords tenant tenants home homes family families neighbour neighbours trust fear respect
dignity rights right law laws bylaw bylaws enforcement officer officers patrol patrols district east
west north south downtown harbour park transit bus fare winter summer spring fall cold heat bed beds
meal meals clinic nurse nurses doctor peer peers collective coalition partners agency agencies group
meeting meetings agenda minutes delegation delegations speech handout letter letters phone email
response responses plan plans report-back review reviews study studies pilot pilots project projects
cost costs small concrete steps fair open honest clear simple careful quick slow late early first
second third last next new old better worse good hard easy real true whole part half three four five
six seven eight nine ten twenty fifty hundred thousand because when while after before since until
although if so but or yet also still again only just even already always never often sometimes
listen hear speak say tell ask answer show see know think feel want need work live stay leave move
call write send read meet help keep give take make find lose build fund hire train protect count
"""
WORDS = _WORDS_TEXT.split()

_FIRST_NAMES_TEXT = """
Ana Priya Tom Dana Rosa Sam Alex Jordan Maria Lena Omar Amira Kwame Grace Noor Chen Mei Luis Sofia
Elena Ibrahim Fatima Daniel Hannah Joseph Leila Marcus Nadia Olivia Pedro Rachel Samir Tariq Yusuf
Zara Ines Malik Aisha Bruno Claire Dev Esther Felix Gloria Hugo Iris Jamal Kira Liam Maya Nico
"""
FIRST_NAMES = _FIRST_NAMES_TEXT.split()
_LAST_NAMES_TEXT = """
Ferreira Natarajan Reid Morris Jimenez Okafor Nguyen Tremblay Singh Haddad Mensah Kowalski Ahmed
Chen Rivera Dubois Campbell Martin Roy Gagnon Wong Patel Kim Ali Santos Murphy Cohen Levesque Oyelaran
Bouchard Hassan MacLeod Fraser Lam Moreau Petrov Silva Bianchi Novak Lindqvist Adeyemi Castillo
"""
LAST_NAMES = _LAST_NAMES_TEXT.split()
ORGANIZATIONS = [
    "Lakeport Sex Workers' Rights Collective",
    "Lakeport Outreach Society",
    "Lakeport Public Health",
    "Lakeport Police Service",
    "Westcoast Peer Network",
    "Harbour Street Drop-in",
    "Tenants United",
    "Legal Aid Clinic",
    "Shelter Coalition",
    "Westcoast Police Department",
    "",
]
ROLES = [
    "Spokesperson",
    "Outreach coordinator",
    "Street nurse",
    "Community liaison officer",
    "Peer worker",
    "Board member",
    "Lawyer",
    "Researcher",
    "Volunteer",
    "Shelter manager",
    "Councillor's assistant",
    "",
]
CONFIDENTIAL_ROLES = ["Peer representative", "Community member", "Peer worker", "Outreach volunteer"]

TOPIC_STEMS = [
    "Safety first: reporting guidelines",
    "Reporting violence: our survey",
    "Landlord contact after reports",
    "Safe housing for sex workers",
    "Winter shelter beds",
    "Late-night shelter access",
    "Funding peer outreach",
    "Naloxone in every shelter",
    "Bad-date list sharing",
    "Street checks and carding",
    "Police budget: fund services instead",
    "Bylaw enforcement on Harbour Street",
    "Transit fares for outreach workers",
    "Public washrooms downtown",
    "Encampment clearances",
    "Body cameras and consent",
    "Complaints process for officers",
    "Migrant workers and police contact",
    "Drop-in centre hours",
    "Harm reduction vending machines",
    "Licensing of body-rub parlours",
    "Training officers with peers",
    "Six months on: what has changed",
    "Annual report card",
    "Data on stops by neighbourhood",
    "Community safety plan consultation",
]
ASKS = [
    "Direct the Chief to adopt written guidelines, developed with sex workers.",
    "Refer the matter to staff with a report back in six months.",
    "Fund the peer outreach program for another year.",
    "Commit that officers will not contact landlords about a person who reports a crime.",
    "Hold two late-night shelter beds every night from November to March.",
    "Publish the data by neighbourhood every quarter.",
    "Meet with the collective before the policy is finalized.",
    "",
]
OUTCOMES = [
    "Received and filed.",
    "Referred to staff for a report.",
    "Chair thanked us; two members asked for the survey.",
    "Motion to refer to the Chief carried.",
    "Council referred it to the housing committee.",
    "Deferred to the next meeting for lack of time.",
    "Board asked staff for a report on current practice.",
    "Delivered in 4:55. Questions from three members.",
]
CANCEL_REASONS = [
    "No money for printing and bus fare this month",
    "Speaker unwell",
    "The item moved to a later agenda",
    "Childcare fell through",
    "The clerk closed the list early",
    "Meeting went in camera",
]
MEETING_CANCEL_REASONS = [
    "Lack of quorum",
    "Holiday",
    "Snowstorm",
    "Budget session instead",
    "Room unavailable",
]
SECTION_TITLES = [
    ("Greeting and who we are",),
    ("The issue", "What is happening", "Why we are here"),
    ("A story", "What happened last winter", "One member's story"),
    ("The evidence", "What our survey found", "The numbers"),
    ("The ask", "What we ask the Board", "What we ask Council"),
    ("Thanks", "Closing"),
]
AGENDA_TITLES = [
    "Welcome and agreements",
    "Round table",
    "Business arising",
    "Bad date list",
    "Shelter access",
    "Police liaison report",
    "Outreach report",
    "Upcoming delegations",
    "Budget and fundraising",
    "Training",
    "Other business",
]
ACTION_VERBS = [
    "Write to",
    "Call",
    "Email",
    "Meet with",
    "Ask",
    "Send the minutes to",
    "Follow up with",
    "Invite",
]
ACTION_TARGETS = [
    "the shelter coalition",
    "the district inspector",
    "the clerk",
    "Councillor Okafor",
    "the housing committee",
    "public health",
    "the legal clinic",
    "new partners",
    "the transit authority",
    "the Board chair",
]
ACTION_ABOUT = [
    "about late-night beds",
    "about the survey results",
    "about the bad-date list",
    "about naloxone training dates",
    "about the next delegation",
    "about bus tickets",
    "about the photographing concern",
    "about the budget timeline",
    "",
]
DELEGATION_ACTIONS = [
    "Send each member a thank-you letter",
    "Ask the clerk for the written response",
    "Send the survey to the members who asked",
    "Post the speech on the web site",
    "Call the chair's office",
    "Check the minutes for the motion",
    "Share the outcome with the collective",
    "Ask staff when the report is due",
    "Write the local paper a letter",
    "Thank the speakers and pay their bus fare",
    "File the handout and the speech",
    "Put the report-back date in the calendar",
]
DROP_REASONS = ["No longer needed", "Overtaken by events", "Nobody had time", "Partner left the group"]


@dataclass(frozen=True)
class BodyPlan:
    body: Body
    weeks: tuple[int, ...]  # week of the month (1-4), or () for fortnightly / weekly
    weekday: int  # Monday = 0
    at: time
    hours: int
    every_days: int = 0  # 7: weekly, 14: fortnightly


def _bodies() -> list[BodyPlan]:
    def body(id_: str, name: str, kind: BodyKind, zone: str, **extra: Any) -> Body:
        domain = "lakeport.example" if zone == TORONTO else "westcoast.example"
        return Body(id=id_, name=name, kind=kind, timezone=zone, email=f"clerk@{domain}", **extra)

    five = timedelta(minutes=5)
    plans = [
        BodyPlan(
            body(
                "lakeport-police-services-board",
                "Lakeport Police Services Board",
                BodyKind.POLICE_BOARD,
                TORONTO,
                jurisdiction="City of Lakeport",
                phone="416-555-0100",
                url="https://lakeport.example/police-board",
                how_to_request="Email the Board clerk with your name, organization, topic and any handout "
                "(PDF). Requests close 8 days before the meeting at noon. Five minutes; no questions.",
                request_deadline=DeadlineRule(8, time(12, 0)),
                speaking_limit=five,
                members=7,
                place="Lakeport City Hall, Council Chamber",
                recurrence="FREQ=MONTHLY;BYDAY=3TH",
            ),
            (3,),
            3,
            time(18, 0),
            3,
        ),
        BodyPlan(
            body(
                "westcoast-police-board",
                "Westcoast Police Board",
                BodyKind.POLICE_BOARD,
                VANCOUVER,
                jurisdiction="City of Westcoast",
                phone="604-555-0100",
                url="https://westcoast.example/police-board",
                how_to_request="Fill in the delegation form; requests close a week before at 4:30 pm.",
                request_deadline=DeadlineRule(7, time(16, 30)),
                members=9,
                place="Westcoast Police HQ, 2120 Cambie St",
                recurrence="FREQ=MONTHLY;BYDAY=3WE",
            ),
            (3,),
            2,
            time(13, 0),
            2,
        ),
        BodyPlan(
            body(
                "lakeport-city-council",
                "Lakeport City Council",
                BodyKind.COUNCIL,
                TORONTO,
                jurisdiction="City of Lakeport",
                phone="416-555-0111",
                url="https://lakeport.example/council",
                how_to_request="Fill in the delegation form on the city web site or call the clerk's office.",
                request_deadline=DeadlineRule(5, time(16, 30)),
                members=11,
                place="Lakeport City Hall, Council Chamber",
                recurrence="FREQ=MONTHLY;BYDAY=2TU,4TU",
            ),
            (2, 4),
            1,
            time(9, 30),
            6,
        ),
        BodyPlan(
            body(
                "westcoast-city-council",
                "Westcoast City Council",
                BodyKind.COUNCIL,
                VANCOUVER,
                jurisdiction="City of Westcoast",
                phone="604-555-0111",
                url="https://westcoast.example/council",
                how_to_request="Register to speak online by noon the day before.",
                request_deadline=DeadlineRule(1, time(12, 0)),
                speaking_limit=timedelta(minutes=3),
                members=11,
                place="Westcoast City Hall",
                recurrence="FREQ=MONTHLY;BYDAY=1TU,3TU",
                notes="Meetings are imported from the city's iCal feed.",
            ),
            (1, 3),
            1,
            time(9, 30),
            5,
        ),
        BodyPlan(
            body(
                "durham-regional-council",
                "Durham Regional Council",
                BodyKind.COUNCIL,
                TORONTO,
                jurisdiction="Region of Durham",
                url="https://durham.example/council",
                request_deadline=DeadlineRule(10, time(12, 0)),
                speaking_limit=timedelta(minutes=10),
                members=29,
                place="Regional Headquarters, Whitby",
                recurrence="FREQ=MONTHLY;BYDAY=4WE",
            ),
            (4,),
            2,
            time(9, 30),
            6,
        ),
        BodyPlan(
            body(
                "community-safety-and-well-being-committee",
                "Community Safety and Well-being Committee",
                BodyKind.COMMITTEE,
                TORONTO,
                jurisdiction="City of Lakeport",
                request_deadline=DeadlineRule(3, time(12, 0)),
                members=8,
                place="Lakeport City Hall, Committee Room 2",
                recurrence="FREQ=MONTHLY;BYDAY=1MO",
            ),
            (1,),
            0,
            time(14, 0),
            2,
        ),
        BodyPlan(
            body(
                "budget-committee",
                "Budget Committee",
                BodyKind.COMMITTEE,
                TORONTO,
                jurisdiction="City of Lakeport",
                members=6,
                place="Lakeport City Hall, Committee Room 1",
                recurrence="FREQ=MONTHLY;BYDAY=2TH",
            ),
            (2,),
            3,
            time(9, 0),
            3,
        ),
        BodyPlan(
            body(
                "housing-and-homelessness-committee",
                "Housing and Homelessness Committee",
                BodyKind.COMMITTEE,
                VANCOUVER,
                jurisdiction="City of Westcoast",
                members=7,
                place="Westcoast City Hall, Room 3",
                recurrence="FREQ=MONTHLY;BYDAY=4TH",
            ),
            (4,),
            3,
            time(15, 0),
            2,
        ),
        BodyPlan(
            body(
                "lakeport-board-of-health",
                "Lakeport Board of Health",
                BodyKind.COMMITTEE,
                TORONTO,
                jurisdiction="City of Lakeport",
                members=9,
                speaking_limit=timedelta(minutes=10),
                place="Public Health Building, 3rd floor",
                recurrence="FREQ=MONTHLY;BYDAY=2MO",
            ),
            (2,),
            0,
            time(13, 30),
            2,
        ),
        BodyPlan(
            body(
                "safer-nights-action-group",
                "Safer Nights Action Group",
                BodyKind.ACTION_GROUP,
                VANCOUVER,
                jurisdiction="Westcoast",
                how_to_request="Partners take turns hosting; the agenda goes out a week ahead.",
                place="Westcoast Outreach Society, 212 Harbour St",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
                notes="Round table of police, support agencies and sex workers. Agreements: no uniforms; "
                "what is said here stays here.",
            ),
            (),
            2,
            time(10, 0),
            2,
            every_days=14,
        ),
        BodyPlan(
            body(
                "lakeport-collective-steering-group",
                "Lakeport Collective Steering Group",
                BodyKind.ACTION_GROUP,
                TORONTO,
                jurisdiction="Lakeport",
                place="Harbour Street Drop-in, back room",
                recurrence="FREQ=WEEKLY;BYDAY=MO",
            ),
            (),
            0,
            time(18, 30),
            2,
            every_days=7,
        ),
        BodyPlan(
            body(
                "harm-reduction-working-group",
                "Harm Reduction Working Group",
                BodyKind.ACTION_GROUP,
                TORONTO,
                jurisdiction="Lakeport",
                place="Lakeport Public Health, Room 110",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            ),
            (),
            4,
            time(11, 0),
            2,
            every_days=14,
        ),
    ]
    return plans


# ---- helpers ------------------------------------------------------------------------------------


class _Ids:
    """Free ids per kind, as Store.new_id gives them: 'x', else 'x-2', 'x-3', …"""

    def __init__(self) -> None:
        self._taken: dict[type, set[str]] = {}

    def new(self, cls: type, base: str) -> str:
        taken = self._taken.setdefault(cls, set())
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        return candidate


def _sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + rng.choice(".....?!")


def _paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    count = 0
    while count < words - 6:  # sentences average 12 words: land near `words`, not past it
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    return textwrap.fill(" ".join(sentences), width=100)


def _script_text(rng: random.Random, words: int = 700) -> str:
    """A speech of about `words` spoken words in four to six `##` sections."""
    keep = [rng.random() < 0.85 for _ in SECTION_TITLES]
    titles = [rng.choice(options) for options, kept in zip(SECTION_TITLES, keep, strict=True) if kept]
    titles = titles or [SECTION_TITLES[1][0]]
    shares = [rng.uniform(0.6, 1.6) for _ in titles]
    total = sum(shares)
    parts = []
    for title, share in zip(titles, shares, strict=True):
        budget = max(30, round(words * share / total))
        paragraphs = (
            [_paragraph(rng, budget // 2), _paragraph(rng, budget - budget // 2)]
            if budget > 120
            else [_paragraph(rng, budget)]
        )
        parts.append(f"## {title}\n" + "\n\n".join(paragraphs))
    return "\n\n".join(parts) + "\n"


def _handout_text(rng: random.Random, title: str, body: Body) -> str:
    lines = [
        f"# {title}",
        "",
        f"**Lakeport Sex Workers' Rights Collective** — delegation to the {body.name}",
        "",
    ]
    for heading in ("What we found", "What we ask", "Where this works"):
        lines.append(f"## {heading}")
        lines.extend(f"- {_sentence(rng, 8, 16)}" for _ in range(rng.randint(2, 4)))
        lines.append("")
    lines += ["## Contact", "collective@example.org · 416-555-0142"]
    return "\n".join(lines) + "\n"


def _office(rng: random.Random, moment: datetime) -> datetime:
    """The same day, in office hours (when emails to the clerk get sent and answered)."""
    return moment.replace(hour=rng.randint(9, 16), minute=rng.choice((0, 5, 15, 20, 30, 40, 45, 55)))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _scale(target: int, years: int) -> int:
    return max(1, round(target * years / 10))


# ---- the dataset ----------------------------------------------------------------------------------


class _Builder:
    """The dataset, built in the order a person would have made it; one method per part of the story."""

    def __init__(self, years: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids = _Ids()
        self.years = years
        self.first_day = date(END.year - years + 1, 1, 1)
        self.plans = _bodies()
        self.bodies = {plan.body.id: plan.body for plan in self.plans}
        for plan in self.plans:
            self.ids.new(Body, plan.body.id)
        self.groups = [plan.body for plan in self.plans if plan.body.kind is BodyKind.ACTION_GROUP]
        self.people: list[Person] = []
        self.meetings_of: dict[str, list[Meeting]] = {}
        self.delegations: list[Delegation] = []
        self.delivered_on: dict[str, datetime] = {}
        self.followups: list[FollowUp] = []

    def build(self) -> list[Any]:
        records: list[Any] = list(self.bodies.values())
        records += self.make_people()
        for plan in self.plans:
            records += self.make_meetings(plan)
        self.make_delegations()
        scripts, rehearsals, handouts = self.make_speeches()
        records += self.delegations + scripts + rehearsals + handouts
        minutes = self.make_minutes()
        self.make_delegation_followups()
        return records + minutes + self.followups

    @property
    def speakers(self) -> list[Person]:
        return [person for person in self.people if not person.confidential]

    def make_people(self) -> list[Person]:
        """80 people; one in eight confidential, with an id from the role (as services.people does)."""
        rng = self.rng
        for number in range(80):
            confidential = number % 8 == 5
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if confidential:
                role = rng.choice(CONFIDENTIAL_ROLES)
                person_id = self.ids.new(Person, slugify(role, "member"))
                organization = ""
            else:
                role = rng.choice(ROLES)
                person_id = self.ids.new(Person, slugify(name, "person"))
                organization = rng.choice(ORGANIZATIONS)
            member_of = tuple(sorted({group.id for group in rng.sample(self.groups, rng.randint(0, 2))}))
            email = f"{slugify(name, 'person').replace('-', '.')}@example.org"
            self.people.append(
                Person(
                    id=person_id,
                    name=name,
                    organization=organization,
                    role=role,
                    email=email if not confidential and rng.random() < 0.6 else "",
                    phone=f"416-555-{rng.randint(1000, 9999)}" if rng.random() < 0.4 else "",
                    confidential=confidential,
                    member_of=member_of,
                    notes=_sentence(rng) if rng.random() < 0.2 else "",
                )
            )
        return self.people

    def make_meetings(self, plan: BodyPlan) -> list[Meeting]:
        """A body's meetings, scheduled a year at a time (the first of each batch keeps the rule)."""
        rng, body, zone = self.rng, plan.body, ZoneInfo(plan.body.timezone)
        days: list[tuple[date, bool]] = []  # (day, special session?)
        if plan.every_days:
            day = self.first_day + timedelta(days=(plan.weekday - self.first_day.weekday()) % 7)
            while day <= END:
                days.append((day, False))
                day += timedelta(days=plan.every_days)
        else:
            for year in range(self.first_day.year, END.year + 1):
                for month in range(1, 13):
                    days += [(_nth_weekday(year, month, plan.weekday, week), False) for week in plan.weeks]
        if body.kind in (BodyKind.COUNCIL, BodyKind.COMMITTEE):  # special sessions: budget, a crisis
            span = (END - self.first_day).days
            days += [
                (self.first_day + timedelta(days=rng.randrange(span)), True) for _ in range(self.years * 2)
            ]
        days.sort()
        meetings: list[Meeting] = []
        series, batch_year = "", 0
        imported = body.id == "westcoast-city-council"  # from the city's iCal feed
        for day, special in days:
            start = datetime.combine(day, plan.at, tzinfo=zone)
            meeting_id = self.ids.new(Meeting, f"{day:%Y-%m-%d}-{body.id}")
            status, reason, sequence = MeetingStatus.SCHEDULED, "", 0
            if start < NOW:
                roll = rng.random()
                status = MeetingStatus.HELD
                if roll < 0.03:
                    status, reason, sequence = MeetingStatus.CANCELLED, rng.choice(MEETING_CANCEL_REASONS), 1
                elif roll < 0.045:
                    status, reason, sequence = MeetingStatus.POSTPONED, "Postponed to a date to be set", 1
            repeat = ""
            if not special and not imported and day.year != batch_year:
                batch_year, series, repeat = day.year, "", body.recurrence
            meetings.append(
                Meeting(
                    id=meeting_id,
                    body=body.id,
                    start=start,
                    end=start + timedelta(hours=plan.hours),
                    timezone=body.timezone,
                    place=body.place,
                    agenda_url=f"{body.url}/agenda/{day:%Y-%m-%d}" if body.url else "",
                    notes="Special meeting" if special else "",
                    status=status,
                    status_reason=reason,
                    series="" if special or imported or repeat else series,
                    repeat=repeat,
                    source_uid=f"{meeting_id}@westcoast.example" if imported else "",
                    sequence=sequence + (rng.randint(0, 2) if imported else 0),
                )
            )
            series = meeting_id if repeat else series
        self.meetings_of[body.id] = meetings
        return meetings

    def make_delegations(self) -> None:
        """Delegations to boards, councils and committees, each with the history that got it where it is."""
        rng = self.rng
        targets = [
            meeting
            for body_id, meetings in self.meetings_of.items()
            if self.bodies[body_id].kind is not BodyKind.ACTION_GROUP
            for meeting in meetings
            if meeting.status in (MeetingStatus.HELD, MeetingStatus.SCHEDULED)
        ]
        # A handful on the coming meetings (ideas, requests in flight), the rest over the years past.
        coming = [meeting for meeting in targets if meeting.start > NOW]
        coming = rng.sample(coming, min(len(coming), 12))
        past = [meeting for meeting in targets if meeting.start <= NOW]
        chosen = coming + rng.sample(past, _scale(TARGET_DELEGATIONS, self.years) - len(coming))
        chosen.sort(key=lambda m: m.start)
        position_of = {m.id: i for meetings in self.meetings_of.values() for i, m in enumerate(meetings)}
        for meeting in chosen:
            body = self.bodies[meeting.body]
            topic = rng.choice(TOPIC_STEMS) + (f" ({meeting.start.year})" if rng.random() < 0.3 else "")
            # About one in ten was first booked on an earlier meeting, cancelled, then re-booked here.
            position = position_of[meeting.id]
            earlier = [
                m
                for m in self.meetings_of[body.id][max(0, position - 3) : position]
                if m.status is not MeetingStatus.CANCELLED and m.start < NOW
            ]
            rebooked_from = rng.choice(earlier) if earlier and rng.random() < 0.1 else None
            first = rebooked_from or meeting
            item = Delegation(
                id=self.ids.new(Delegation, f"{first.start:%Y-%m-%d}-{slugify(topic, 'delegation', 40)}"),
                meeting=first.id,
                topic=topic,
                speakers=tuple(p.name for p in rng.sample(self.speakers, rng.choice((1, 1, 1, 2, 2, 3)))),
                ask=rng.choice(ASKS),
                copies=(body.members or 0) + 2 if rng.random() < 0.4 else None,
            )
            self.delegations.append(self._live(item, body, meeting, rebooked_from))

    def _live(
        self, item: Delegation, body: Body, meeting: Meeting, rebooked_from: Meeting | None
    ) -> Delegation:
        """Move a new delegation through its life, as far as NOW allows."""
        rng = self.rng
        first = rebooked_from or meeting
        asked_at = _office(rng, first.start - timedelta(days=rng.randint(25, 45)))
        if asked_at > NOW:
            return item  # still an idea
        via = rng.choice(("email", "phone", "web form"))
        item = item.request(asked_at, "emailed the clerk", via=via, to=body.email)
        if rebooked_from is not None:
            slot = f"Delegations, item {rng.randint(1, 9)}"
            confirmed_at = _office(rng, rebooked_from.start - timedelta(days=rng.randint(8, 12)))
            item = item.confirm(confirmed_at, "on the agenda", slot)
            cancel_at = _office(rng, rebooked_from.start - timedelta(days=rng.randint(3, 6)))
            item = item.cancel(cancel_at, rng.choice(CANCEL_REASONS))
            # asked for again the day it was re-booked (a re-booked slot is otherwise still to request)
            item = item.rebook(
                cancel_at + timedelta(days=1), meeting.id, "re-booked for a later meeting", requested=True
            )
        earliest = item.history[-1].at + timedelta(days=1)
        confirm_at = _office(rng, max(earliest, meeting.start - timedelta(days=rng.randint(6, 10))))
        if confirm_at > NOW:
            return item
        if rng.random() < 0.08:  # cancelled for good
            return item.cancel(confirm_at, rng.choice(CANCEL_REASONS))
        item = item.confirm(confirm_at, "clerk confirmed", f"Delegations, item {rng.randint(1, 9)}")
        spoke_at = meeting.start + timedelta(minutes=rng.randint(20, 150))
        if spoke_at > NOW:
            return item
        item = item.deliver(spoke_at, rng.choice(OUTCOMES))
        self.delivered_on[item.id] = spoke_at
        followed_at = spoke_at + timedelta(days=rng.randint(5, 30))
        if followed_at < NOW and rng.random() < 0.55:
            item = item.mark_followed_up(followed_at, "sent thank-you letters")
        return item

    def make_speeches(self) -> tuple[list[Script], list[Rehearsal], list[Handout]]:
        """Scripts for confirmed and delivered delegations, their rehearsals, and some handouts."""
        rng = self.rng
        meeting_by_id = {m.id: m for meetings in self.meetings_of.values() for m in meetings}
        speaking = [
            d
            for d in self.delegations
            if d.status
            in (DelegationStatus.CONFIRMED, DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP)
        ]
        wanted = min(len(speaking), _scale(TARGET_SCRIPTS, self.years))
        scripted = sorted(rng.sample(speaking, wanted), key=lambda d: d.id)
        scripts: list[Script] = []
        rehearsals: list[Rehearsal] = []
        handouts: list[Handout] = []
        handouts_wanted = _scale(TARGET_HANDOUTS, self.years)
        links: dict[str, tuple[str, tuple[str, ...]]] = {}
        for number, delegation in enumerate(scripted):
            body = self.bodies[meeting_by_id[delegation.meeting].body]
            text = _script_text(rng, rng.randint(600, 800))
            script = Script(
                id=self.ids.new(Script, slugify(f"{delegation.topic} speech", "script", 40)),
                title=delegation.topic,
                text=text,
                delegation=delegation.id,
                target=body.speaking_limit if rng.random() < 0.3 else None,
                template="speech" if rng.random() < 0.5 else "",
            )
            scripts.append(script)
            rehearsals += self._rehearsals(script, body, meeting_by_id[delegation.meeting])
            handout_ids: tuple[str, ...] = ()
            left = len(scripted) - number
            if len(handouts) < handouts_wanted and (
                rng.random() < handouts_wanted / len(scripted) or left <= handouts_wanted - len(handouts)
            ):
                handouts.append(self._handout(delegation, body))
                handout_ids = (handouts[-1].id,)
            links[delegation.id] = (script.id, handout_ids)
        self.delegations = [
            replace(d, script=links[d.id][0], handouts=links[d.id][1]) if d.id in links else d
            for d in self.delegations
        ]
        return scripts, rehearsals, handouts

    def _rehearsals(self, script: Script, body: Body, meeting: Meeting) -> list[Rehearsal]:
        """None, one or two timed run-throughs in the week before the meeting (about one a script)."""
        rng = self.rng
        sections, words = script.sections, script.words
        found: list[Rehearsal] = []
        for run in range(rng.choice((0, 0, 1, 1, 1, 2, 2))):
            at = (meeting.start - timedelta(days=rng.randint(1, 8) + run)).replace(
                hour=rng.randint(8, 22), minute=rng.choice((0, 10, 15, 30, 45, 50))
            )
            pace = rng.uniform(120, 150)  # words per minute
            complete = rng.random() < 0.9
            if at > NOW:
                continue
            done = sections if complete else sections[: max(1, len(sections) - 2)]
            times = tuple(SectionTime(s.title, round(s.words / pace * 60, 1)) for s in done)
            found.append(
                Rehearsal(
                    id=self.ids.new(Rehearsal, f"{at:%Y-%m-%d-%H%M}-{script.id}"),
                    script=script.id,
                    at=at,
                    total=round(sum(t.seconds for t in times), 1),
                    limit=body.speaking_limit.total_seconds(),
                    sections=times,
                    complete=complete,
                    words=words,
                )
            )
        return found

    def _handout(self, delegation: Delegation, body: Body) -> Handout:
        title = f"{delegation.topic}: the facts"
        handout_id = self.ids.new(Handout, slugify(f"{delegation.topic} handout", "handout", 40))
        attached = self.rng.random() < 0.15  # a PDF made elsewhere, no text of its own
        return Handout(
            id=handout_id,
            title=title,
            text="" if attached else _handout_text(self.rng, title, body),
            attachment=f"attachments/{handout_id}.pdf" if attached else "",
            delegations=(delegation.id,),
        )

    def make_minutes(self) -> list[Minutes]:
        """Minutes of held action-group meetings; each action becomes a follow-up (two thirds of them)."""
        rng = self.rng
        held = [
            m
            for group in self.groups
            for m in self.meetings_of[group.id]
            if m.status is MeetingStatus.HELD and m.start < NOW
        ]
        wanted = min(len(held), _scale(TARGET_MINUTES, self.years))
        minuted = sorted(rng.sample(held, wanted), key=lambda m: (m.body, m.start))
        counts = _spread(rng, round(_scale(TARGET_FOLLOWUPS, self.years) * 2 / 3), len(minuted), 4, 12)
        # Sorted by start within a body: the last ones win. The newest are a draft, the one before it
        # circulated (to be approved at the next meeting), all older ones approved.
        latest = {m.body: m.id for m in minuted}
        before_latest = {a.body: a.id for a, b in itertools.pairwise(minuted) if a.body == b.body}
        members = {group.id: [p for p in self.people if group.id in p.member_of] for group in self.groups}
        found: list[Minutes] = []
        for meeting, action_count in zip(minuted, counts, strict=True):
            day = meeting.start.date()
            minutes_id = self.ids.new(Minutes, f"{day:%Y-%m-%d}-{meeting.body}")
            crowd = members[meeting.body] or self.people[:6]
            attending = rng.sample(crowd, min(len(crowd), rng.randint(4, 10)))
            absent = [p for p in crowd if p not in attending][: rng.randint(0, 3)]
            actions: list[ActionItem] = []
            for _ in range(action_count):
                owner = rng.choice(attending).id
                parts = (rng.choice(ACTION_VERBS), rng.choice(ACTION_TARGETS), rng.choice(ACTION_ABOUT))
                text = " ".join(part for part in parts if part)
                due = day + timedelta(days=rng.choice((7, 10, 14, 21, 30)))
                self.followups.append(_followup(rng, self.ids, text, owner, day, due, minutes=minutes_id))
                actions.append(ActionItem(text, owner, due, self.followups[-1].id))
            later = [
                m
                for m in self.meetings_of[meeting.body]
                if m.start > meeting.start and m.status is not MeetingStatus.CANCELLED
            ]
            status = MinutesStatus.APPROVED
            if latest[meeting.body] == meeting.id:
                status = MinutesStatus.DRAFT
            elif before_latest[meeting.body] == meeting.id:
                status = MinutesStatus.CIRCULATED
            items = tuple(
                AgendaItem(
                    title,
                    _paragraph(rng, rng.randint(40, 120)),
                    tuple(_sentence(rng, 6, 12) for _ in range(rng.choice((0, 0, 1, 1, 2)))),
                )
                for title in rng.sample(AGENDA_TITLES, rng.randint(3, 6))
            )
            found.append(
                Minutes(
                    id=minutes_id,
                    group=meeting.body,
                    date=day,
                    meeting=meeting.id,
                    chair=attending[0].id,
                    note_taker=attending[1].id if len(attending) > 1 else "",
                    present=tuple(p.id for p in attending),
                    regrets=tuple(p.id for p in absent),
                    items=items,
                    actions=tuple(actions),
                    next_meeting=later[0].start.date() if later else None,
                    status=status,
                    approved_at=later[0].id if status is MinutesStatus.APPROVED and later else "",
                )
            )
        return found

    def make_delegation_followups(self) -> None:
        """The rest of the follow-ups: after each delivered delegation (letters, asking for a response)."""
        rng = self.rng
        spoken = [d for d in self.delegations if d.id in self.delivered_on]
        remaining = max(0, _scale(TARGET_FOLLOWUPS, self.years) - len(self.followups))
        shares = _spread(rng, remaining, len(spoken), 1, len(DELEGATION_ACTIONS))
        for delegation, share in zip(spoken, shares, strict=True):
            spoke = self.delivered_on[delegation.id].date()
            for text in rng.sample(DELEGATION_ACTIONS, share):
                day = spoke + timedelta(days=rng.randint(0, 3))
                due = day + timedelta(days=rng.choice((3, 7, 14)))
                owner = rng.choice(self.speakers).id
                self.followups.append(
                    _followup(rng, self.ids, text, owner, day, due, delegation=delegation.id)
                )


def _spread(rng: random.Random, total: int, slots: int, low: int, high: int) -> list[int]:
    """`total` split over `slots`, each between low and high where possible, unevenly but reproducibly."""
    if slots == 0:
        return []
    counts = [total // slots] * slots
    for extra in rng.sample(range(slots), total - sum(counts)):
        counts[extra] += 1
    for _ in range(slots * 3):
        give, take = rng.randrange(slots), rng.randrange(slots)
        if counts[give] > low and counts[take] < high:
            counts[give] -= 1
            counts[take] += 1
    return [min(count, high) for count in counts]


def build(years: int = 10, seed: int = 1) -> list[Any]:
    """Every record of the dataset, in the order a person would have made them (pure, deterministic)."""
    return _Builder(years, seed).build()


def _followup(
    rng: random.Random,
    ids: _Ids,
    text: str,
    owner: str,
    day: date,
    due: date,
    minutes: str = "",
    delegation: str = "",
) -> FollowUp:
    today = NOW.date()
    status, closed, reason = FollowUpStatus.OPEN, None, ""
    roll = rng.random()
    if due < today:
        if roll < 0.72:
            status, closed = FollowUpStatus.DONE, min(today, due + timedelta(days=rng.randint(-5, 10)))
        elif roll < 0.82:
            status, closed, reason = (
                FollowUpStatus.DROPPED,
                min(today, due + timedelta(days=rng.randint(0, 30))),
                rng.choice(DROP_REASONS),
            )
    elif roll < 0.1:
        status, closed = FollowUpStatus.DONE, today
    if closed is not None:
        closed = max(closed, day)
    return FollowUp(
        id=ids.new(FollowUp, f"{day:%Y-%m-%d}-{slugify(text, 'follow-up', 40)}"),
        text=text,
        owner=owner,
        due=due,
        minutes=minutes,
        delegation=delegation,
        status=status,
        closed_on=closed,
        reason=reason,
        notes=_sentence(rng) if rng.random() < 0.15 else "",
        created=day,
    )


# ---- writing --------------------------------------------------------------------------------------


def fast_writer(root: Path) -> Callable[[Any], None]:
    """Benchmarks only: write a record's files exactly as Store.save would, minus temp file, fsync and lock.

    Mirrors Store.save: the same path (Kind.path_for), the same bytes (codec.encode, the Markdown
    field popped into a .md file only when it has text, tomli_w.dumps, UTF-8), the same modes.
    Assumes a new, empty folder (Store.save would refuse to overwrite an unknown file, too).
    """
    ensure_dir(root)
    lock = root / LOCK_NAME
    os.close(os.open(lock, os.O_RDWR | os.O_CREAT, FILE_MODE))  # Store.save leaves its lock file behind
    ensure_dir(root / JOURNAL_FOLDER)  # and the (empty) folder of its two-file saves' journals
    made: set[Path] = set()

    def put(path: Path, data: bytes) -> None:
        if path.parent not in made:
            ensure_dir(path.parent)
            made.add(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(path, FILE_MODE)  # as atomic_write does: the umask may have filtered the mode

    def save(record: Any) -> None:
        kind = kind_of(type(record))
        path = kind.path_for(root, record.id)
        table = encode(record)
        markdown = table.pop(kind.markdown_field, "") if kind.markdown_field else None
        data = tomli_w.dumps(table).encode("utf-8")
        if markdown:  # Store.save also rewrites an existing .md; here none exists yet
            put(path.with_suffix(".md"), markdown.encode("utf-8"))
        put(path, data)

    return save


def generate(root: Path, years: int = 10, seed: int = 1, *, fast: bool = False) -> dict[str, int]:
    """Write the dataset into `root` (a new or empty folder); returns the number of records per kind."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root} is not empty; the synthetic data goes into a new folder")
    records = build(years, seed)
    # index=None: generating must not touch the user's cache dir
    save = fast_writer(root) if fast else Store(root, index=None, default_zone=TORONTO).save
    counts: dict[str, int] = {}
    for record in records:
        save(record)
        name = type(record).__name__
        counts[name] = counts.get(name, 0) + 1
        if isinstance(record, Handout) and record.attachment:
            atomic_write(root / record.attachment, _attached_pdf())  # so `delegate check` finds it
    return counts


@functools.cache
def _attached_pdf() -> bytes:
    """The PDF an attached handout points at, the same for each (only its presence is checked)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="A handout made elsewhere (synthetic data).")
    return bytes(pdf.output())


def _tree(root: Path) -> dict[str, tuple[int, bytes]]:
    found: dict[str, tuple[int, bytes]] = {}
    for directory, _folders, names in os.walk(root):
        here = Path(directory)
        found[str(here.relative_to(root)) + "/"] = (os.stat(here).st_mode & 0o777, b"")
        for name in names:
            path = here / name
            found[str(path.relative_to(root))] = (os.stat(path).st_mode & 0o777, path.read_bytes())
    return found


def self_check(years: int = 1, seed: int = 1) -> bool:
    """Write one dataset both ways and compare every file's name, mode and bytes."""
    with tempfile.TemporaryDirectory(prefix="delegate-synthetic-") as work:
        fast, slow = Path(work) / "fast", Path(work) / "store"
        generate(fast, years, seed, fast=True)
        generate(slow, years, seed)
        a, b = _tree(fast), _tree(slow)
        differ = sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
        print(f"{len(a)} entries (files and folders) compared: {len(differ)} differ")
        for name in differ[:10]:
            print(f"  {name}: fast {a.get(name, (None,))[0]!r}, store {b.get(name, (None,))[0]!r}")
        if not differ:  # and the store reads it all back without a problem
            problems = Store(fast, index=None, default_zone=TORONTO).load_all()
            print(f"load_all on the fast folder: {len(problems)} problems")
            return not problems
        return False


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path, nargs="?", help="a new (or empty) folder to create")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fast", action="store_true", help="benchmarks only: write without fsync")
    parser.add_argument("--self-check", action="store_true", help="compare the fast path with Store.save")
    args = parser.parse_args(argv)
    if args.self_check:
        sys.exit(0 if self_check(min(args.years, 2), args.seed) else 1)
    if args.folder is None:
        parser.error("give a folder to create (or --self-check)")
    import time as clock

    started = clock.perf_counter()
    counts = generate(args.folder, args.years, args.seed, fast=args.fast)
    took = clock.perf_counter() - started
    shown = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"{sum(counts.values())} records in {args.folder} ({took:.1f} s): {shown}")


if __name__ == "__main__":
    main()
