"""A believable sample folder, dated around today, so a new user can see delegate at work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from delegate.model import (
    ActionItem,
    AgendaItem,
    Body,
    BodyKind,
    Budget,
    Cost,
    DeadlineRule,
    Delegation,
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
    Signature,
    ValidationError,
)
from delegate.model.common import slugify
from delegate.model.script import count_words
from delegate.recurrence import expand
from delegate.services.demo_audit import AGREEMENTS, HONORARIUM, write_audit_demo
from delegate.store import KINDS, Store
from delegate.timezones import zone

ZONE = "America/Vancouver"
CONFIDENTIAL_NAMES = ("Rosa Jimenez",)

SCRIPT = """\
## Greeting and who we are
Good evening, Chair and members of the Board. My name is Ana Ferreira, and I speak for the Lakeport
Sex Workers' Rights Collective. We are sex workers, former sex workers and allies who have organized in
this city for eleven years. Thank you for the five minutes.

## The issue
Tonight I want to talk about one thing: when a sex worker is robbed or assaulted in Lakeport, she does not
call the police. Not because the harm is small, but because calling brings a second harm. Officers ask about
the work before they ask about the assault. Condoms are noted as evidence. Landlords are contacted. People
lose their homes for reporting a crime done to them. The result is that the most dangerous people in our
city learn that sex workers are safe targets, because nobody will report them.

This is not a new problem, and it is not a problem of bad officers. Many of the officers we have met want
to help. It is a problem of practice: of what an officer is trained to write down, of which boxes a
report form asks to be filled, and of who gets a phone call afterwards. Practices can be changed by this
Board. That is why we are here, and not only at the front desk of a station.

## A story and the evidence
Last winter one of our members was attacked by a man who had hurt two other women that month. She thought
about calling. She did not, because the last time a friend called, the friend was evicted within the week.
Three weeks later the same man assaulted a third woman. In our survey of eighty-four workers this year,
seventy-one said they would not report a violent crime to Lakeport police. Fifty-eight said the main reason
was fear of consequences for their housing or their families. These numbers are in the handout in front of
you, with the survey method. We asked the questions ourselves, in person, over three months, at the drop-in
centre, at two shelters and on the street, and we asked them in four languages. Many of the people we
spoke to had been robbed more than once. Several had been hurt by someone posing as a client. Almost all
of them told us that they warn each other instead, through bad-date lists, because that is the only
system that has ever protected them. Vancouver, Ottawa and other cities have adopted guidelines that put the
safety of sex workers first, and reports of violence went up, not down, after they did.

## The ask
We ask the Board for three things. First, direct the Chief to adopt written guidelines, developed with
sex workers, that separate reports of violence from enforcement of the work itself. Second, commit that
officers will not contact landlords or employers about a person who reports a crime. Third, report back
to this Board in six months with the number of reports made by sex workers and how they were handled.
These are small, concrete steps, and they cost almost nothing.

## Thanks
We know the Board does not answer delegations tonight. We will send each member a letter next week, and
we would welcome the chance to work with the Board's staff on the guidelines. Safety is not a reward for
doing the right job. It belongs to everyone in this city. Thank you.
"""

HANDOUT = """\
# Safety first: reporting violence without fear

**Lakeport Sex Workers' Rights Collective** — delegation to the Lakeport Police Board

## What we found
- **71 of 84** sex workers surveyed would *not* report a violent crime to police.
- **58** named fear for their housing or family as the main reason.
- Three assaults last winter were by one man; none was reported until the third.

## What we ask the Board
1. Written guidelines, made with sex workers, that separate reports of violence from enforcement.
2. No contact with landlords or employers about a person who reports a crime.
3. A public report back in six months.

## Where this works
Cities that put sex workers' safety first saw *more* reports of violence, not fewer.
See the survey method at <https://example.org/lakeport-survey>.

## Contact
Ana Ferreira · collective@example.org · 604-555-0142
"""


def write_demo(  # noqa: PLR0915 - one story, told in order
    store: Store, now: datetime
) -> dict[str, int]:
    """Write the sample records (dated around `now`) into an empty folder; returns counts per kind."""
    if any(store.all(kind.cls) for kind in KINDS):
        raise ValidationError(f"{store.root} already has records; the demo goes into an empty folder")
    tz = zone(ZONE)
    now = now.astimezone(tz)
    today = now.date()
    saved: list[object] = []

    def save(record: object) -> None:
        store.save(record)
        saved.append(record)

    police = Body(
        id="lakeport-police-board",
        name="Lakeport Police Board",
        kind=BodyKind.POLICE_BOARD,
        jurisdiction="City of Lakeport",
        phone="604-555-0100",
        email="board.clerk@lakeport.example",
        url="https://lakeport.example/police-board",
        how_to_request=(
            "Email the Board clerk with your name, organization, topic and any handout (PDF). "
            "Requests close 8 days before the meeting at noon. "
            "Five minutes; the Board does not answer questions."
        ),
        request_deadline=DeadlineRule(8, time(12, 0)),
        members=7,
        place="Lakeport City Hall, Council Chamber",
        timezone=ZONE,
        recurrence="FREQ=MONTHLY;BYDAY=3TH",
    )
    council = Body(
        id="lakeport-city-council",
        name="Lakeport City Council",
        kind=BodyKind.COUNCIL,
        jurisdiction="City of Lakeport",
        phone="604-555-0111",
        email="clerk@lakeport.example",
        url="https://lakeport.example/council",
        how_to_request="Fill in the delegation form on the city web site or call the clerk's office.",
        request_deadline=DeadlineRule(5, time(16, 30)),
        members=11,
        place="Lakeport City Hall, Council Chamber",
        timezone=ZONE,
        recurrence="FREQ=MONTHLY;BYDAY=2TU",
    )
    group = Body(
        id="safer-nights-action-group",
        name="Safer Nights Action Group",
        kind=BodyKind.ACTION_GROUP,
        jurisdiction="Lakeport",
        email="safernights@example.org",
        how_to_request="Partners take turns hosting; the agenda goes out a week ahead.",
        place="Lakeport Outreach Society, 212 Harbour St",
        timezone=ZONE,
        recurrence="FREQ=MONTHLY;BYDAY=1WE",
        notes="Round table of police, support agencies and sex workers.",
        agreements=AGREEMENTS,
        signatures=(
            Signature("ana-ferreira", today - timedelta(days=120)),
            Signature("dana-morris", today - timedelta(days=120)),
            Signature("confidential-peer-representative", today - timedelta(days=90)),
            Signature("priya-natarajan", today - timedelta(days=60)),
        ),
        budget=Budget(per_person=HONORARIUM, total=Decimal("2400")),
    )
    for body in (police, council, group):
        save(body)

    people = [
        Person(
            "ana-ferreira",
            "Ana Ferreira",
            "Lakeport Sex Workers' Rights Collective",
            "Spokesperson",
            email="collective@example.org",
            member_of=(group.id,),
        ),
        Person(
            "dana-morris",
            "Sgt. Dana Morris",
            "Lakeport Police Service",
            "Community liaison officer",
            member_of=(group.id,),
        ),
        Person(
            "priya-natarajan",
            "Priya Natarajan",
            "Lakeport Outreach Society",
            "Outreach coordinator",
            member_of=(group.id,),
        ),
        Person("tom-reid", "Tom Reid", "Lakeport Public Health", "Street nurse", member_of=(group.id,)),
        Person(
            "confidential-peer-representative",
            CONFIDENTIAL_NAMES[0],
            "",
            "Peer representative",
            confidential=True,
            member_of=(group.id,),
        ),
    ]
    for person in people:
        save(person)

    def meetings_of(body: Body, hour: int, minute: int, months_back: int, months_ahead: int) -> list[Meeting]:
        first = (today.replace(day=1) - timedelta(days=31 * months_back)).replace(day=1)
        start = datetime.combine(first, time(hour, minute), tzinfo=tz)
        until = datetime.combine(today + timedelta(days=31 * months_ahead), time(23, 59), tzinfo=tz)
        found = expand(body.recurrence, start, until)
        return [
            Meeting(
                id=f"{moment:%Y-%m-%d}-{body.id}",
                body=body.id,
                start=moment,
                end=moment + timedelta(hours=2),
                timezone=ZONE,
                place=body.place,
                agenda_url=f"{body.url}/agenda/{moment:%Y-%m-%d}" if body.url else "",
                status=MeetingStatus.HELD if moment < now else MeetingStatus.SCHEDULED,
            )
            for moment in found
        ]

    board_meetings = meetings_of(police, 18, 0, 12, 6)
    council_meetings = meetings_of(council, 9, 30, 12, 6)
    group_meetings = meetings_of(group, 10, 0, 4, 3)
    for meeting in board_meetings + council_meetings + group_meetings:
        save(meeting)

    past_board = [meeting for meeting in board_meetings if meeting.start < now]
    next_board = [meeting for meeting in board_meetings if meeting.start > now]
    past_council = [meeting for meeting in council_meetings if meeting.start < now]

    def at(meeting: Meeting, days_before: int) -> datetime:
        return meeting.start - timedelta(days=days_before)

    def delivered(meeting: Meeting, topic: str, outcome: str, ask: str = "") -> Delegation:
        item = Delegation(
            id=f"{meeting.start:%Y-%m-%d}-{slugify(topic, max_length=40)}",
            meeting=meeting.id,
            topic=topic,
            speakers=("Ana Ferreira",),
            ask=ask,
        )
        item = item.request(at(meeting, 20), "emailed the clerk", via="email", to=police.email)
        item = item.confirm(at(meeting, 10), "on the agenda", agenda_position="Delegations, item 4")
        return item.deliver(meeting.start + timedelta(hours=1), outcome)

    delegations = [
        delivered(
            past_board[-11],
            "Introducing the Collective",
            "Received and filed. Two members asked for our survey.",
        ),
        delivered(
            past_council[-7], "Safe housing for sex workers", "Council referred it to the housing committee."
        ),
    ]
    # Booked, then cancelled for lack of money, then re-booked onto a later meeting, keeping its history.
    rebooked = Delegation(
        id=f"{past_board[-9].start:%Y-%m-%d}-reporting-violence-survey",
        meeting=past_board[-9].id,
        topic="Reporting violence: our survey",
        speakers=("Ana Ferreira", "Priya Natarajan"),
    )
    rebooked = rebooked.request(at(past_board[-9], 20), "emailed the clerk", via="email", to=police.email)
    rebooked = rebooked.confirm(at(past_board[-9], 9), "confirmed by phone")
    rebooked = rebooked.cancel(at(past_board[-9], 3), "No money for printing and bus fare this month")
    rebooked = rebooked.rebook(
        at(past_board[-9], 1), past_board[-8].id, "re-booked for next month; asked the clerk", requested=True
    )
    rebooked = rebooked.confirm(at(past_board[-8], 7), "clerk confirmed")
    rebooked = rebooked.deliver(
        past_board[-8].start + timedelta(minutes=50),
        "Delivered in 4:55. Chair thanked us; motion to refer to the Chief.",
    )
    delegations += [
        rebooked,
        delivered(
            past_board[-5],
            "Landlord contact after reports",
            "Board asked staff for a report on current practice.",
        ),
        delivered(
            past_board[-2], "Six months on: what has changed", "Received. Staff report due in the spring."
        ),
    ]
    upcoming = Delegation(
        id=f"{next_board[0].start:%Y-%m-%d}-safety-first-reporting-guidelines",
        meeting=next_board[0].id,
        topic="Safety first: reporting guidelines",
        speakers=("Ana Ferreira",),
        ask="Adopt written guidelines, made with sex workers, "
        "separating reports of violence from enforcement.",
        script="safety-first-speech",
        handouts=("safety-first-handout",),
        costs=(
            Cost(
                "Bus fare for two", Decimal("6.20"), covered=True, covered_by="the Collective's bus tickets"
            ),
            Cost("Childcare during the meeting", Decimal("40")),
        ),
    )
    upcoming = upcoming.request(
        min(now - timedelta(days=2), at(next_board[0], 12)), "emailed the clerk", via="email", to=police.email
    )
    delegations.append(upcoming)
    for delegation in delegations:
        save(delegation)

    save(
        Script(
            "safety-first-speech",
            "Safety first: reporting guidelines",
            SCRIPT,
            delegation=upcoming.id,
            template="speech",
        )
    )
    save(
        Handout(
            "safety-first-handout",
            "Safety first: reporting violence without fear",
            HANDOUT,
            delegations=(upcoming.id,),
        )
    )
    for days_ago, total, splits in ((6, 341.0, (48, 71, 112, 70, 40)), (3, 306.5, (44, 66, 101, 63, 32.5))):
        moment = now - timedelta(days=days_ago)
        titles = ("Greeting and who we are", "The issue", "A story and the evidence", "The ask", "Thanks")
        save(
            Rehearsal(
                f"{moment:%Y-%m-%d-%H%M}-safety-first-speech",
                "safety-first-speech",
                moment,
                total,
                300.0,
                tuple(SectionTime(title, float(split)) for title, split in zip(titles, splits, strict=True)),
                words=count_words(SCRIPT),
            )
        )

    _write_minutes(save, group, group_meetings, now, today)
    write_audit_demo(
        save, group, ("confidential-peer-representative", "ana-ferreira"), group_meetings, now, tz
    )
    for followup in _delegation_followups(delegations, today):
        save(followup)
    counts: dict[str, int] = {}
    for record in saved:
        name = type(record).__name__
        counts[name] = counts.get(name, 0) + 1
    return counts


def _write_minutes(
    save: Callable[[object], None], group: Body, meetings: list[Meeting], now: datetime, today: date
) -> None:
    held = [meeting for meeting in meetings if meeting.start < now][-3:]
    everyone = (
        "ana-ferreira",
        "dana-morris",
        "priya-natarajan",
        "tom-reid",
        "confidential-peer-representative",
    )
    plans = [
        (
            ("Welcome and agreements", "Reviewed the group's agreements: no uniforms, confidentiality.", ()),
            (
                "Round table",
                "Police: two reports from workers this month, both followed up. Outreach: winter "
                "shelter beds full by 9 pm. Rosa said workers on the east side fear being "
                "photographed by patrols.",
                ("Police liaison will raise the photographing concern with the east district inspector.",),
            ),
        ),
        (
            (
                "Business arising",
                "Inspector confirmed patrols will not photograph workers without cause.",
                (),
            ),
            (
                "Bad date list",
                "Outreach and the Collective will share one bad-date list, names of reporters removed.",
                ("Adopt a single shared bad-date list.",),
            ),
        ),
        (
            (
                "Round table",
                "Public Health: naloxone kits restocked. Rosa Jimenez reported two workers were "
                "refused a shelter bed after 10 pm.",
                (),
            ),
            (
                "Shelter access",
                "Agreed to ask the shelter coalition to hold two late-night beds.",
                ("Write to the shelter coalition about late-night beds.",),
            ),
        ),
    ]
    actions_per_meeting = [
        [
            (
                "Raise photographing concern with the east district inspector",
                "dana-morris",
                14,
                FollowUpStatus.DONE,
            )
        ],
        [
            (
                "Merge the two bad-date lists and remove reporters' names",
                "priya-natarajan",
                21,
                FollowUpStatus.OPEN,
            ),
            ("Send the agreements to new partners", "ana-ferreira", 10, FollowUpStatus.DONE),
        ],
        [
            ("Write to the shelter coalition about late-night beds", "ana-ferreira", 7, FollowUpStatus.OPEN),
            ("Bring naloxone training dates", "tom-reid", 30, FollowUpStatus.OPEN),
        ],
    ]
    for index, (meeting, items, actions) in enumerate(zip(held, plans, actions_per_meeting, strict=False)):
        day = meeting.start.date()
        minutes_id = f"{day:%Y-%m-%d}-{group.id}"
        action_items: list[ActionItem] = []
        for number, (text, owner, due_in, status) in enumerate(actions, start=1):
            due = day + timedelta(days=due_in)
            followup = FollowUp(
                id=f"{day:%Y-%m-%d}-{slugify(text, max_length=40)}",
                text=text,
                owner=owner,
                due=due,
                minutes=minutes_id,
                status=status,
                closed_on=min(due, today) if status is FollowUpStatus.DONE else None,
                created=day,
                notes=f"Action {number} of the minutes of {day:%d %B %Y}",
            )
            save(followup)
            action_items.append(ActionItem(text, owner, due, followup.id))
        following = [m for m in meetings if m.start > meeting.start]
        state = MinutesStatus.APPROVED if index < len(held) - 1 else MinutesStatus.DRAFT
        save(
            Minutes(
                id=minutes_id,
                group=group.id,
                date=day,
                meeting=meeting.id,
                chair="priya-natarajan",
                note_taker="ana-ferreira",
                present=tuple(person for person in everyone if not (index == 1 and person == "tom-reid")),
                regrets=("tom-reid",) if index == 1 else (),
                items=tuple(AgendaItem(title, text, tuple(decisions)) for title, text, decisions in items),
                actions=tuple(action_items),
                next_meeting=following[0].start.date() if following else None,
                status=state,
                approved_at=following[0].id if state is MinutesStatus.APPROVED and following else "",
            )
        )


def _delegation_followups(delegations: list[Delegation], today: date) -> list[FollowUp]:
    last_delivered = [d for d in delegations if d.status.value == "delivered"][-1]
    delivered_on = last_delivered.history[-1].at.date()
    return [
        FollowUp(
            id=f"{delivered_on:%Y-%m-%d}-send-thank-you-letter-and-survey",
            text="Send each Board member a thank-you letter with the survey",
            owner="ana-ferreira",
            due=delivered_on + timedelta(days=7),
            delegation=last_delivered.id,
            status=FollowUpStatus.DONE,
            closed_on=delivered_on + timedelta(days=5),
            created=delivered_on,
        ),
        FollowUp(
            id=f"{delivered_on:%Y-%m-%d}-ask-clerk-for-written-response",
            text="Ask the clerk for the Board's written response",
            owner="ana-ferreira",
            due=today - timedelta(days=4),
            delegation=last_delivered.id,
            created=delivered_on,
        ),
        FollowUp(
            id=f"{today:%Y-%m-%d}-print-handouts-for-the-board",
            text="Print 9 copies of the handout for the Board",
            owner="ana-ferreira",
            due=today + timedelta(days=3),
            delegation=delegations[-1].id,
            created=today,
        ),
    ]
