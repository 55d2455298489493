"""The rules of the records, tested on the pure model (no files)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from delegate.model import (
    COMMUNITY_MEMBER,
    DEFAULT_SPEAKING_LIMIT,
    Body,
    DeadlineRule,
    Delegation,
    DelegationStatus,
    FollowUp,
    FollowUpStatus,
    Handout,
    HistoryEntry,
    LifecycleError,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Person,
    Rehearsal,
    Script,
    Section,
    ValidationError,
    count_words,
    split_sections,
)
from delegate.model.common import after

VAN = ZoneInfo("America/Vancouver")
T0 = datetime(2027, 1, 10, 9, 0, tzinfo=VAN)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2027, 1, day, hour, 0, tzinfo=VAN)


# ---- Body and its deadline rule -----------------------------------------------------------------


class TestBody:
    def test_minimal_body_gets_defaults(self) -> None:
        body = Body(id="lpb", name="Lakeport Police Board")
        assert body.speaking_limit == DEFAULT_SPEAKING_LIMIT == timedelta(minutes=5)
        assert body.members is None
        assert body.request_deadline is None

    @pytest.mark.parametrize("name", ["", "   ", "\t\n"])
    def test_name_required(self, name: str) -> None:
        with pytest.raises(ValidationError, match="needs a name"):
            Body(id="x", name=name)

    @pytest.mark.parametrize("limit", [timedelta(0), timedelta(seconds=-1), timedelta(minutes=-5)])
    def test_speaking_limit_must_be_positive(self, limit: timedelta) -> None:
        with pytest.raises(ValidationError, match="speaking limit"):
            Body(id="x", name="Council", speaking_limit=limit)

    def test_short_positive_limit_is_fine(self) -> None:
        assert Body(id="x", name="Council", speaking_limit=timedelta(seconds=1)).speaking_limit.seconds == 1

    def test_negative_members_refused(self) -> None:
        with pytest.raises(ValidationError, match="negative"):
            Body(id="x", name="Council", members=-1)

    def test_zero_members_allowed(self) -> None:
        assert Body(id="x", name="Council", members=0).members == 0

    def test_copies_to_bring(self) -> None:
        assert Body(id="x", name="Council", members=7).copies_to_bring() == 9
        assert Body(id="x", name="Council", members=7).copies_to_bring(spares=0) == 7
        assert Body(id="x", name="Council").copies_to_bring() == 2

    def test_records_are_frozen(self) -> None:
        body = Body(id="x", name="Council")
        with pytest.raises(dataclasses.FrozenInstanceError):
            body.name = "Other"  # type: ignore[misc]


class TestDeadlineRule:
    def test_negative_days_refused(self) -> None:
        with pytest.raises(ValidationError, match="0 or more"):
            DeadlineRule(days_before=-1)

    def test_default_noon_n_days_before(self) -> None:
        meeting = datetime(2027, 2, 10, 18, 30, tzinfo=VAN)
        assert DeadlineRule(days_before=8).deadline_for(meeting) == datetime(2027, 2, 2, 12, 0, tzinfo=VAN)

    def test_same_day_and_custom_time(self) -> None:
        meeting = datetime(2027, 2, 10, 18, 30, tzinfo=VAN)
        rule = DeadlineRule(days_before=0, at=time(9, 15))
        assert rule.deadline_for(meeting) == datetime(2027, 2, 10, 9, 15, tzinfo=VAN)

    def test_deadline_crosses_month_and_year(self) -> None:
        meeting = datetime(2027, 1, 3, 18, 0, tzinfo=VAN)
        assert DeadlineRule(days_before=5).deadline_for(meeting) == datetime(2026, 12, 29, 12, 0, tzinfo=VAN)

    def test_deadline_is_wall_time_in_the_meeting_zone_across_dst(self) -> None:
        # The meeting is after the spring-forward (PDT, -7); the deadline falls before it (PST, -8).
        meeting = datetime(2027, 3, 16, 18, 0, tzinfo=VAN)
        deadline = DeadlineRule(days_before=3).deadline_for(meeting)
        assert (deadline.date(), deadline.time()) == (date(2027, 3, 13), time(12, 0))
        assert deadline.tzinfo is VAN
        assert deadline.utcoffset() == timedelta(hours=-8)
        assert meeting.utcoffset() == timedelta(hours=-7)

    def test_deadline_keeps_the_meeting_zone(self) -> None:
        paris = ZoneInfo("Europe/Paris")
        meeting = datetime(2027, 6, 10, 19, 0, tzinfo=paris)
        deadline = DeadlineRule(days_before=1, at=time(17, 0)).deadline_for(meeting)
        assert deadline == datetime(2027, 6, 9, 17, 0, tzinfo=paris)
        assert deadline.tzinfo is paris


# ---- Meeting --------------------------------------------------------------------------------------


def meeting(**changes: object) -> Meeting:
    fields: dict[str, object] = {"id": "m", "body": "lpb", "start": at(20, 18)}
    fields.update(changes)
    return Meeting(**fields)  # type: ignore[arg-type]


class TestMeeting:
    def test_needs_a_body(self) -> None:
        with pytest.raises(ValidationError, match="belongs to a body"):
            meeting(body="")

    def test_end_after_start(self) -> None:
        assert meeting(end=at(20, 20)).end == at(20, 20)
        with pytest.raises(ValidationError, match="end after it starts"):
            meeting(end=at(20, 18))
        with pytest.raises(ValidationError, match="end after it starts"):
            meeting(end=at(20, 17))

    def test_end_compared_as_instants_across_zones(self) -> None:
        # 18:00 in Vancouver is 02:00 next day UTC; an end at 01:00 UTC is before the start.
        utc = ZoneInfo("UTC")
        with pytest.raises(ValidationError, match="end after"):
            meeting(end=datetime(2027, 1, 21, 1, 0, tzinfo=utc))
        assert meeting(end=datetime(2027, 1, 21, 3, 0, tzinfo=utc)).end is not None

    def test_naive_start_refused(self) -> None:
        with pytest.raises(ValidationError, match="time zone"):
            meeting(start=datetime(2027, 1, 20, 18, 0))

    def test_naive_end_refused(self) -> None:
        with pytest.raises(ValidationError, match="time zone"):
            meeting(end=datetime(2027, 1, 20, 20, 0))

    def test_cancel_scheduled(self) -> None:
        cancelled = meeting().cancel("no quorum")
        assert cancelled.status is MeetingStatus.CANCELLED
        assert cancelled.status_reason == "no quorum"
        assert not cancelled.is_open

    def test_cancel_postponed_is_allowed(self) -> None:
        postponed = meeting(status=MeetingStatus.POSTPONED)
        assert postponed.is_open
        assert postponed.cancel().status is MeetingStatus.CANCELLED

    def test_cannot_cancel_twice(self) -> None:
        with pytest.raises(LifecycleError, match="already cancelled"):
            meeting().cancel().cancel()

    def test_cannot_cancel_a_held_meeting(self) -> None:
        with pytest.raises(LifecycleError, match="already held"):
            meeting().mark_held().cancel("too late")

    def test_mark_held(self) -> None:
        held = meeting().mark_held()
        assert held.status is MeetingStatus.HELD
        assert not held.is_open

    def test_cancelled_meeting_cannot_be_held(self) -> None:
        with pytest.raises(LifecycleError, match="cancelled"):
            meeting().cancel().mark_held()

    def test_transitions_return_new_records(self) -> None:
        original = meeting()
        original.cancel("x")
        assert original.status is MeetingStatus.SCHEDULED


# ---- Delegation lifecycle ---------------------------------------------------------------------------


def delegation(**changes: object) -> Delegation:
    fields: dict[str, object] = {"id": "d", "meeting": "m1", "topic": "Street checks"}
    fields.update(changes)
    return Delegation(**fields)  # type: ignore[arg-type]


class TestDelegation:
    def test_needs_meeting_and_topic(self) -> None:
        with pytest.raises(ValidationError, match="belongs to a meeting"):
            delegation(meeting="")
        with pytest.raises(ValidationError, match="topic"):
            delegation(topic="  ")

    def test_negative_copies_refused(self) -> None:
        with pytest.raises(ValidationError, match="copies"):
            delegation(copies=-1)

    def test_history_entry_needs_aware_time(self) -> None:
        with pytest.raises(ValidationError, match="time zone"):
            HistoryEntry(at=datetime(2027, 1, 1, 9, 0), status=DelegationStatus.IDEA, meeting="m1")

    def test_full_lifecycle(self) -> None:
        d = delegation()
        assert d.status is DelegationStatus.IDEA
        d = d.request(at(1), note="emailed the clerk", via="email", to="clerk@lakeport.example")
        assert d.status is DelegationStatus.REQUESTED
        assert (d.requested_via, d.requested_to) == ("email", "clerk@lakeport.example")
        d = d.confirm(at(2), agenda_position="item 4")
        assert d.status is DelegationStatus.CONFIRMED
        assert d.agenda_position == "item 4"
        d = d.deliver(at(3), note="board asked for a report")
        assert d.status is DelegationStatus.DELIVERED
        assert d.outcome == "board asked for a report"
        d = d.mark_followed_up(at(4), note="sent thank-you letter")
        assert d.status is DelegationStatus.FOLLOWED_UP
        assert [(e.status, e.at, e.meeting) for e in d.history] == [
            (DelegationStatus.REQUESTED, at(1), "m1"),
            (DelegationStatus.CONFIRMED, at(2), "m1"),
            (DelegationStatus.DELIVERED, at(3), "m1"),
            (DelegationStatus.FOLLOWED_UP, at(4), "m1"),
        ]
        assert d.history[0].note == "emailed the clerk"
        assert d.times_cancelled == 0

    def test_deliver_appends_to_an_existing_outcome(self) -> None:
        d = delegation(status=DelegationStatus.CONFIRMED, outcome="chair thanked us")
        assert d.deliver(at(3), "motion referred").outcome == "chair thanked us\nmotion referred"

    @pytest.mark.parametrize(
        ("status", "action"),
        [
            (DelegationStatus.IDEA, "confirm"),
            (DelegationStatus.IDEA, "deliver"),
            (DelegationStatus.IDEA, "mark_followed_up"),
            (DelegationStatus.REQUESTED, "request"),
            (DelegationStatus.REQUESTED, "deliver"),
            (DelegationStatus.CONFIRMED, "request"),
            (DelegationStatus.CONFIRMED, "mark_followed_up"),
            (DelegationStatus.DELIVERED, "confirm"),
            (DelegationStatus.DELIVERED, "deliver"),
            (DelegationStatus.FOLLOWED_UP, "deliver"),
            (DelegationStatus.CANCELLED, "request"),
            (DelegationStatus.CANCELLED, "confirm"),
            (DelegationStatus.CANCELLED, "deliver"),
            (DelegationStatus.CANCELLED, "mark_followed_up"),
        ],
    )
    def test_out_of_order_steps_refused(self, status: DelegationStatus, action: str) -> None:
        d = delegation(status=status)
        with pytest.raises(LifecycleError, match=f"that is {status.value}"):
            getattr(d, action)(at(5))

    def test_cannot_deliver_a_cancelled_delegation(self) -> None:
        d = delegation().request(at(1)).confirm(at(2)).cancel(at(3), "speaker ill")
        with pytest.raises(LifecycleError, match=r"cannot deliver a delegation that is cancelled"):
            d.deliver(at(4))

    @pytest.mark.parametrize(
        "status", [DelegationStatus.IDEA, DelegationStatus.REQUESTED, DelegationStatus.CONFIRMED]
    )
    def test_cancel_from_any_open_status(self, status: DelegationStatus) -> None:
        d = delegation(status=status).cancel(at(3), "no bus fare")
        assert d.status is DelegationStatus.CANCELLED
        assert d.cancel_reason == "no bus fare"
        assert d.history[-1].note == "no bus fare"
        assert d.times_cancelled == 1

    @pytest.mark.parametrize(
        "status", [DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP, DelegationStatus.CANCELLED]
    )
    def test_cannot_cancel_after_the_fact(self, status: DelegationStatus) -> None:
        with pytest.raises(LifecycleError):
            delegation(status=status).cancel(at(3), "reason")

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_cancel_requires_a_reason(self, reason: str) -> None:
        d = delegation(status=DelegationStatus.REQUESTED)
        with pytest.raises(ValidationError, match="needs a reason"):
            d.cancel(at(3), reason)

    def test_rebook_cancelled_keeps_history_and_moves(self) -> None:
        d = delegation().request(at(1)).confirm(at(2), agenda_position="item 4").cancel(at(3), "speaker ill")
        moved = d.rebook(at(4), "m2")
        assert moved.meeting == "m2"
        assert moved.status is DelegationStatus.IDEA  # the new slot is still to be asked for
        assert moved.cancel_reason == ""
        assert moved.agenda_position == ""
        assert moved.history[:3] == d.history
        last = moved.history[-1]
        assert (last.at, last.status, last.meeting) == (at(4), DelegationStatus.IDEA, "m2")
        assert last.note == "re-booked from m1"
        assert moved.times_cancelled == 1
        # and the new slot goes through the lifecycle again
        again = moved.request(at(5)).confirm(at(6)).deliver(at(7), "done")
        assert again.status is DelegationStatus.DELIVERED
        assert [e.meeting for e in again.history] == ["m1", "m1", "m1", "m2", "m2", "m2", "m2"]

    def test_rebook_an_idea_stays_an_idea(self) -> None:
        moved = delegation().rebook(at(1), "m2", note="later meeting suits us")
        assert moved.status is DelegationStatus.IDEA
        assert moved.meeting == "m2"
        assert moved.history[-1].note == "later meeting suits us"

    @pytest.mark.parametrize("status", [DelegationStatus.REQUESTED, DelegationStatus.CONFIRMED])
    def test_rebook_open_slot_must_be_asked_for_again(self, status: DelegationStatus) -> None:
        assert delegation(status=status).rebook(at(1), "m2").status is DelegationStatus.IDEA

    @pytest.mark.parametrize("status", [DelegationStatus.IDEA, DelegationStatus.CANCELLED])
    def test_rebook_onto_a_slot_already_asked_for(self, status: DelegationStatus) -> None:
        moved = delegation(status=status).rebook(at(1), "m2", requested=True)
        assert moved.status is DelegationStatus.REQUESTED
        assert moved.history[-1].status is DelegationStatus.REQUESTED

    @pytest.mark.parametrize("status", [DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP])
    def test_cannot_rebook_after_delivery(self, status: DelegationStatus) -> None:
        with pytest.raises(LifecycleError, match="re-book"):
            delegation(status=status).rebook(at(1), "m2")

    def test_rebook_to_the_same_meeting_refused(self) -> None:
        with pytest.raises(ValidationError, match="already on that meeting"):
            delegation().rebook(at(1), "m1")

    def test_times_cancelled_counts_every_cancellation(self) -> None:
        d = delegation().request(at(1)).cancel(at(2), "money").rebook(at(3), "m2").cancel(at(4), "health")
        assert d.times_cancelled == 2


# ---- Follow-ups -------------------------------------------------------------------------------------


class TestFollowUp:
    def test_needs_text(self) -> None:
        with pytest.raises(ValidationError, match="text"):
            FollowUp(id="f", text=" ")

    def test_source_is_minutes_or_delegation_not_both(self) -> None:
        with pytest.raises(ValidationError, match="not both"):
            FollowUp(id="f", text="Call clerk", minutes="mn", delegation="d")

    def test_done(self) -> None:
        done = FollowUp(id="f", text="Call clerk").done(date(2027, 1, 5))
        assert done.status is FollowUpStatus.DONE
        assert done.closed_on == date(2027, 1, 5)

    def test_drop_with_reason(self) -> None:
        dropped = FollowUp(id="f", text="Call clerk").drop(date(2027, 1, 5), "clerk called us")
        assert dropped.status is FollowUpStatus.DROPPED
        assert (dropped.closed_on, dropped.reason) == (date(2027, 1, 5), "clerk called us")

    @pytest.mark.parametrize("status", [FollowUpStatus.DONE, FollowUpStatus.DROPPED])
    def test_closed_follow_up_cannot_be_closed_again(self, status: FollowUpStatus) -> None:
        closed = FollowUp(id="f", text="Call clerk", status=status)
        with pytest.raises(LifecycleError, match=f"already {status.value}"):
            closed.done(date(2027, 1, 5))
        with pytest.raises(LifecycleError, match=f"already {status.value}"):
            closed.drop(date(2027, 1, 5))

    def test_overdue(self) -> None:
        item = FollowUp(id="f", text="Call clerk", due=date(2027, 1, 10))
        assert not item.is_overdue(date(2027, 1, 9))
        assert not item.is_overdue(date(2027, 1, 10))  # due today is not yet overdue
        assert item.is_overdue(date(2027, 1, 11))
        assert not item.done(date(2027, 1, 11)).is_overdue(date(2027, 1, 20))
        assert not item.drop(date(2027, 1, 11)).is_overdue(date(2027, 1, 20))

    def test_no_due_date_is_never_overdue(self) -> None:
        assert not FollowUp(id="f", text="Call clerk").is_overdue(date(2099, 1, 1))


# ---- Minutes ------------------------------------------------------------------------------------------


class TestMinutes:
    def test_needs_a_group(self) -> None:
        with pytest.raises(ValidationError, match="group"):
            Minutes(id="mn", group="", date=date(2027, 1, 5))

    def test_circulate_then_approve(self) -> None:
        draft = Minutes(id="mn", group="ag", date=date(2027, 1, 5))
        assert draft.status is MinutesStatus.DRAFT
        circulated = draft.circulate()
        assert circulated.status is MinutesStatus.CIRCULATED
        approved = circulated.approve("2027-02-02 meeting")
        assert approved.status is MinutesStatus.APPROVED
        assert approved.approved_at == "2027-02-02 meeting"

    def test_cannot_approve_a_draft(self) -> None:
        with pytest.raises(LifecycleError, match="only circulated"):
            Minutes(id="mn", group="ag", date=date(2027, 1, 5)).approve()

    def test_cannot_circulate_twice_or_after_approval(self) -> None:
        circulated = Minutes(id="mn", group="ag", date=date(2027, 1, 5)).circulate()
        with pytest.raises(LifecycleError, match="only draft"):
            circulated.circulate()
        with pytest.raises(LifecycleError, match="only draft"):
            circulated.approve().circulate()
        with pytest.raises(LifecycleError, match="only circulated"):
            circulated.approve().approve()

    def test_present_and_regrets_must_not_overlap(self) -> None:
        with pytest.raises(ValidationError, match="1 attendee"):
            Minutes(id="mn", group="ag", date=date(2027, 1, 5), present=("ana", "bo"), regrets=("bo", "cy"))
        ok = Minutes(id="mn", group="ag", date=date(2027, 1, 5), present=("ana", "bo"), regrets=("cy",))
        assert ok.regrets == ("cy",)

    def test_overlap_message_does_not_name_anyone(self) -> None:
        # People in minutes may be confidential; the error counts them instead of naming them.
        with pytest.raises(ValidationError) as caught:
            Minutes(
                id="mn", group="ag", date=date(2027, 1, 5), present=("secret-sam",), regrets=("secret-sam",)
            )
        assert "secret-sam" not in str(caught.value)

    def test_next_meeting_must_come_after(self) -> None:
        day = date(2027, 1, 5)
        for bad in (day, day - timedelta(days=1)):
            with pytest.raises(ValidationError, match="next meeting"):
                Minutes(id="mn", group="ag", date=day, next_meeting=bad)
        assert Minutes(id="mn", group="ag", date=day, next_meeting=day + timedelta(days=1)).next_meeting


# ---- People -------------------------------------------------------------------------------------------


class TestPerson:
    def test_needs_a_name(self) -> None:
        with pytest.raises(ValidationError, match="name"):
            Person(id="p", name="")

    def test_public_name(self) -> None:
        assert Person(id="p", name="Ana Ruiz", role="Outreach worker").public_name == "Ana Ruiz"
        hidden = Person(id="p", name="Ana Ruiz", role="Outreach worker", confidential=True)
        assert hidden.public_name == "Outreach worker"
        assert Person(id="p", name="Ana Ruiz", confidential=True).public_name == COMMUNITY_MEMBER
        assert Person(id="p", name="Ana Ruiz", role="  ", confidential=True).public_name == COMMUNITY_MEMBER

    def test_no_immigration_status_field(self) -> None:
        names = {f.name for f in dataclasses.fields(Person)}
        assert not any("immigra" in name or "status" in name or "citizen" in name for name in names)


# ---- Scripts, handouts, rehearsals --------------------------------------------------------------------


class TestWords:
    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("", 0),
            ("   \n\n", 0),
            ("one two three", 3),
            ("Good evening, members of the board.", 6),
            ("We don't want well-known promises.", 5),
            ("We don’t want it", 4),  # typographic apostrophe
            ("# Title\n\none two\n## Section\nthree", 3),  # headings are not spoken
            ("###### deep heading\nfour five", 2),
            ("**bold** and _italic_", 3),
            ("Señoras y señores, ¡gracias!", 4),
            ("Merci à tous 🎉", 3),
            ("one — two – three", 3),
            ("- Fund the program\n- Stop street checks", 6),  # list bullets are markup, not words
            ("We ask - please - for time", 5),
            ("---\nthree more words", 3),
            ("___\n* one\n1. two", 3),
            ("it's 'quoted' -- ok", 3),
        ],
    )
    def test_count_words(self, text: str, words: int) -> None:
        assert count_words(text) == words

    def test_split_sections(self) -> None:
        text = (
            "Good evening.\n"
            "\n"
            "## Who we are\n"
            "We are neighbours and workers.\n"
            "### A detail\n"
            "Still the same section.\n"
            "## The ask\n"
            "Fund the outreach program now.\n"
            "## Thanks\n"
        )
        sections = split_sections(text)
        assert [s.title for s in sections] == ["", "Who we are", "The ask", "Thanks"]
        assert [s.words for s in sections] == [2, 9, 5, 0]
        assert sections[0] == Section("", "Good evening.")
        assert sections[1].text == "We are neighbours and workers.\n### A detail\nStill the same section."
        assert sum(s.words for s in sections) == count_words(text)

    def test_split_sections_without_opening(self) -> None:
        sections = split_sections("## One\na b\n## Two\nc d e")
        assert [(s.title, s.words) for s in sections] == [("One", 2), ("Two", 3)]

    def test_split_sections_of_plain_and_empty_text(self) -> None:
        assert split_sections("") == ()
        assert split_sections("\n\n") == ()
        assert split_sections("just words here") == (Section("", "just words here"),)

    def test_single_hash_heading_does_not_split(self) -> None:
        sections = split_sections("# Title\nintro words\n## Body\nmore")
        assert [s.title for s in sections] == ["", "Body"]
        assert sections[0].words == 2

    def test_script_words_and_sections(self) -> None:
        script = Script(id="s", title="Speech", text="## A\none two\n## B\nthree")
        assert script.words == 3
        assert [s.title for s in script.sections] == ["A", "B"]


class TestScriptHandoutRehearsal:
    def test_titles_required(self) -> None:
        with pytest.raises(ValidationError, match="title"):
            Script(id="s", title=" ")
        with pytest.raises(ValidationError, match="title"):
            Handout(id="h", title="")

    def test_script_target_positive(self) -> None:
        with pytest.raises(ValidationError, match="target"):
            Script(id="s", title="Speech", target=timedelta(0))
        assert Script(id="s", title="Speech", target=timedelta(minutes=3)).target == timedelta(minutes=3)

    def test_rehearsal_rules(self) -> None:
        with pytest.raises(ValidationError, match="time zone"):
            Rehearsal(id="r", script="s", at=datetime(2027, 1, 1, 9, 0), total=10, limit=300)
        with pytest.raises(ValidationError, match="less than nothing"):
            Rehearsal(id="r", script="s", at=T0, total=-1, limit=300)
        with pytest.raises(ValidationError, match="limit"):
            Rehearsal(id="r", script="s", at=T0, total=10, limit=0)

    def test_rehearsal_over_by(self) -> None:
        assert Rehearsal(id="r", script="s", at=T0, total=320, limit=300).over_by == 20
        assert Rehearsal(id="r", script="s", at=T0, total=280, limit=300).over_by == -20


def test_a_meeting_length_is_real_time_across_the_autumn_change() -> None:
    zone = ZoneInfo("America/Vancouver")
    start = datetime(2026, 11, 1, 1, 30, tzinfo=zone)  # the first 01:30 (PDT), before the clocks go back
    end = after(start, timedelta(hours=1))
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1)
    assert (end.hour, end.minute, end.fold) == (1, 30, 1)  # the second 01:30 (PST)


def test_a_meeting_length_is_real_time_across_the_spring_change() -> None:
    zone = ZoneInfo("America/Vancouver")
    start = datetime(2027, 3, 14, 1, 30, tzinfo=zone)  # PST, half an hour before 02:00 becomes 03:00
    end = after(start, timedelta(hours=1))
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1)
    assert (end.hour, end.minute) == (3, 30)


def test_italic_lines_are_directions_not_spoken_words() -> None:
    text = "## Greeting\n*About 0:30. Greet the chair.*\nGood evening, Chair.\n**Bold is spoken.**\n"
    assert count_words(text) == 6
    assert [(section.title, section.words) for section in split_sections("*To the Board.*\n" + text)] == [
        ("Greeting", 6)
    ]


def test_an_all_day_meeting_is_ahead_until_its_day_is_over() -> None:
    zone = ZoneInfo("America/Vancouver")
    day = datetime(2027, 1, 20, 0, 0, tzinfo=zone)
    budget_day = Meeting(id="b", body="council", start=day, end=day + timedelta(days=1), all_day=True)
    evening = Meeting(id="e", body="council", start=day.replace(hour=18))
    assert budget_day.is_ahead(day.replace(hour=15))
    assert not budget_day.is_ahead(day + timedelta(days=1, hours=1))
    assert evening.is_ahead(day.replace(hour=17, minute=59))
    assert not evening.is_ahead(day.replace(hour=18, minute=1))


def test_a_meeting_across_the_fall_back_night_ends_after_it_starts() -> None:
    zone = ZoneInfo("America/Vancouver")
    start = datetime(2026, 11, 1, 1, 30, tzinfo=zone)  # 01:30 PDT, the first one
    end = datetime(2026, 11, 1, 1, 15, fold=1, tzinfo=zone)  # 01:15 PST: 45 minutes later
    meeting = Meeting(id="m", body="board", start=start, end=end)
    assert meeting.end is not None
    assert meeting.end.timestamp() - meeting.start.timestamp() == 45 * 60
    with pytest.raises(ValidationError):
        Meeting(id="m", body="board", start=end, end=start)
