"""Property: any valid record of any kind, saved and read back by a fresh Store, is the same record."""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegate.model import (
    ActionItem,
    AgendaItem,
    Attendance,
    Audit,
    Body,
    BodyKind,
    Budget,
    Cost,
    DeadlineRule,
    Delegation,
    DelegationStatus,
    Finding,
    FollowUp,
    FollowUpStatus,
    Handout,
    HistoryEntry,
    Honorarium,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Person,
    Recommendation,
    Rehearsal,
    Response,
    ResponseStatus,
    Script,
    SectionTime,
    Signature,
)
from delegate.model.common import after
from delegate.store import KINDS, Store

DEFAULT_ZONE = "America/Vancouver"
ZONE_NAMES = (
    "America/Vancouver",
    "America/St_Johns",
    "Europe/Paris",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "UTC",
)
ZONES = st.sampled_from([ZoneInfo(name) for name in ZONE_NAMES])

# ---- building blocks ---------------------------------------------------------------------------------

# Any text a person could type or paste: accents, emoji, other scripts, newlines, tabs and even control
# characters (TOML escapes them). Lone surrogates are left out: they are not text and UTF-8 cannot hold them.
text = st.text(st.characters(codec="utf-8"), max_size=40)
some_text = text.filter(lambda value: value.strip() != "")
words = st.text(st.sampled_from("abcdéñ ßø—’'-\n🎉山"), max_size=30)
markdown = st.one_of(
    text,
    st.lists(st.tuples(words, words), max_size=4).map(
        lambda parts: "".join(f"## {title}\n{body}\n\n" for title, body in parts)
    ),
    st.just("line one\r\nline two\r\n"),
)
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,24}", fullmatch=True)
dated_ids = st.tuples(st.dates(), ids).map(lambda pair: f"{pair[0].isoformat()}-{pair[1]}")
record_ids = st.one_of(ids, dated_ids)
id_lists = st.lists(ids, max_size=3).map(tuple)
text_lists = st.lists(text, max_size=3).map(tuple)
counts = st.integers(min_value=0, max_value=2**63 - 1)
any_int = st.integers(min_value=-(2**63), max_value=2**63 - 1)
lengths = st.integers(min_value=1, max_value=10**7).map(lambda seconds: timedelta(seconds=seconds))
# Aware, to the second, in a few zones (half-hour and quarter-hour offsets, DST in both hemispheres),
# never a wall time inside a spring-forward gap (it does not exist; the parser refuses it).
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=ZONES, allow_imaginary=False
).map(lambda value: value.replace(microsecond=0))
dates = st.dates()
optional_dates = st.none() | dates
zone_names = st.sampled_from(("", *ZONE_NAMES))
# Money as people write it: whole or with cents, large or small; TOML keeps it exactly.
amounts = st.decimals(
    min_value="0.01", max_value="99999999.99", places=2, allow_nan=False, allow_infinity=False
)
currencies = st.sampled_from(("CAD", "USD", "EUR"))
cost_lists = st.lists(
    st.builds(
        Cost,
        what=some_text,
        amount=st.none() | amounts,
        currency=currencies,
        covered=st.booleans(),
        covered_by=text,
    ),
    max_size=3,
).map(tuple)
small_counts = st.integers(min_value=0, max_value=10**6)
attendance = st.builds(
    Attendance,
    sex_workers=small_counts,
    agency_staff=small_counts,
    residents=small_counts,
    businesses=small_counts,
    others=small_counts,
)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    start = draw(moments)
    # Lengths are real time: added in UTC, as the app does (wall-clock addition can go backwards).
    end = draw(st.none() | lengths.map(lambda length: after(start, length).astimezone(draw(ZONES))))
    return Meeting(
        id=draw(record_ids),
        body=draw(some_text),
        start=start,
        end=end,
        timezone=draw(zone_names),
        place=draw(text),
        agenda_url=draw(text),
        notes=draw(text),
        status=draw(st.sampled_from(MeetingStatus)),
        status_reason=draw(text),
        series=draw(text),
        repeat=draw(text),
        source_uid=draw(text),
        sequence=draw(any_int),
        title=draw(text),
        all_day=draw(st.booleans()),
        audit=draw(text),
        format=draw(text),
        attendance=draw(st.none() | attendance),
        costs=draw(cost_lists),
    )


@st.composite
def followups(draw: st.DrawFn) -> FollowUp:
    source = draw(st.sampled_from(["", "minutes", "delegation"]))
    return FollowUp(
        id=draw(record_ids),
        text=draw(some_text),
        owner=draw(text),
        due=draw(optional_dates),
        minutes=draw(some_text) if source == "minutes" else "",
        delegation=draw(some_text) if source == "delegation" else "",
        status=draw(st.sampled_from(FollowUpStatus)),
        closed_on=draw(optional_dates),
        reason=draw(text),
        notes=draw(text),
        created=draw(optional_dates),
    )


@st.composite
def minutes(draw: st.DrawFn) -> Minutes:
    day = draw(st.dates(max_value=datetime(9999, 12, 30).date()))
    present = draw(id_lists)
    regrets = tuple(person for person in draw(id_lists) if person not in present)
    next_meeting = draw(st.none() | st.dates(min_value=day + timedelta(days=1)))
    return Minutes(
        id=draw(record_ids),
        group=draw(some_text),
        date=day,
        meeting=draw(text),
        chair=draw(text),
        note_taker=draw(text),
        present=present,
        regrets=regrets,
        items=draw(
            st.lists(
                st.builds(AgendaItem, title=text, discussion=text, decisions=text_lists), max_size=3
            ).map(tuple)
        ),
        actions=draw(
            st.lists(
                st.builds(ActionItem, text=text, owner=text, due=optional_dates, followup=text), max_size=3
            ).map(tuple)
        ),
        next_meeting=next_meeting,
        status=draw(st.sampled_from(MinutesStatus)),
        approved_at=draw(text),
    )


RECORDS: dict[type, st.SearchStrategy[Any]] = {
    Body: st.builds(
        Body,
        id=record_ids,
        name=some_text,
        kind=st.sampled_from(BodyKind),
        jurisdiction=text,
        phone=text,
        email=text,
        url=text,
        how_to_request=text,
        request_deadline=st.none() | st.builds(DeadlineRule, days_before=counts, at=st.times()),
        speaking_limit=lengths,
        members=st.none() | counts,
        place=text,
        timezone=zone_names,
        recurrence=text,
        agreements=text_lists,
        signatures=st.lists(st.builds(Signature, person=ids, signed=dates), max_size=3).map(tuple),
        budget=st.none()
        | st.builds(Budget, per_person=amounts, total=st.none() | amounts, currency=currencies),
        notes=text,
    ),
    Person: st.builds(
        Person,
        id=record_ids,
        name=some_text,
        organization=text,
        role=text,
        email=text,
        phone=text,
        confidential=st.booleans(),
        member_of=id_lists,
        notes=text,
    ),
    Meeting: meetings(),
    Delegation: st.builds(
        Delegation,
        id=record_ids,
        meeting=some_text,
        topic=some_text,
        speakers=id_lists,
        ask=text,
        status=st.sampled_from(DelegationStatus),
        script=text,
        handouts=id_lists,
        copies=st.none() | counts,
        requested_via=text,
        requested_to=text,
        agenda_position=text,
        outcome=text,
        cancel_reason=text,
        costs=cost_lists,
        history=st.lists(
            st.builds(
                HistoryEntry, at=moments, status=st.sampled_from(DelegationStatus), meeting=text, note=text
            ),
            max_size=4,
        ).map(tuple),
    ),
    Script: st.builds(
        Script,
        id=record_ids,
        title=some_text,
        text=markdown,
        delegation=text,
        target=st.none() | lengths,
        template=text,
    ),
    Rehearsal: st.builds(
        Rehearsal,
        id=record_ids,
        script=text,
        at=moments,
        total=st.floats(min_value=0, allow_nan=False),
        limit=st.floats(min_value=0, exclude_min=True, allow_nan=False),
        sections=st.lists(
            st.builds(SectionTime, title=text, seconds=st.floats(allow_nan=False)), max_size=4
        ).map(tuple),
        complete=st.booleans(),
        words=any_int,
    ),
    Handout: st.builds(
        Handout, id=record_ids, title=some_text, text=markdown, attachment=text, delegations=id_lists
    ),
    Minutes: minutes(),
    FollowUp: followups(),
    Audit: st.builds(
        Audit, id=record_ids, title=some_text, aim=text, agencies=id_lists, started=optional_dates, notes=text
    ),
    Finding: st.builds(
        Finding,
        id=record_ids,
        audit=some_text,
        agency=some_text,
        barrier=some_text,
        effect=text,
        workshop=text,
        recorded=optional_dates,
        notes=text,
    ),
    Recommendation: st.builds(
        Recommendation,
        id=record_ids,
        audit=text,
        finding=some_text,
        agency=some_text,
        text=some_text,
        status=st.sampled_from(ResponseStatus),
        responses=st.lists(
            st.builds(Response, status=st.sampled_from(ResponseStatus), on=dates, note=text), max_size=3
        ).map(tuple),
        created=optional_dates,
    ),
    Honorarium: st.builds(
        Honorarium,
        id=record_ids,
        person=some_text,
        amount=amounts,
        currency=currencies,
        meeting=text,
        owed_on=optional_dates,
        paid_on=optional_dates,
        method=st.none(),
        note=text,
    ),
}


def in_zone(value: Any, zone: ZoneInfo) -> Any:
    """The record as it must come back: every moment the same, shown in the zone the record is read in."""
    if isinstance(value, datetime):
        return value.astimezone(zone)
    if isinstance(value, tuple):
        return tuple(in_zone(item, zone) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: in_zone(getattr(value, field.name), zone) for field in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value


def test_every_kind_has_a_strategy() -> None:
    assert set(RECORDS) == {kind.cls for kind in KINDS}


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda cls: cls.__name__)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_save_then_load_gives_the_same_record(cls: type, data: st.DataObject) -> None:
    record = data.draw(RECORDS[cls], label="record")
    zone_name = getattr(record, "timezone", "") or DEFAULT_ZONE
    expected = in_zone(record, ZoneInfo(zone_name))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "data"
        index = Path(folder) / "index.sqlite"
        Store(root, index=False, default_zone=DEFAULT_ZONE).save(record)

        cold = Store(root, index=index, default_zone=DEFAULT_ZONE)
        assert cold.load_all() == []
        assert cold.all(cls) == [expected]
        loaded = cold.get(cls, record.id)
        assert loaded == expected
        # every moment is the same instant as saved (equality above also checks the wall time in the zone)
        for name in ("start", "end", "at"):
            if getattr(record, name, None) is not None:
                assert getattr(loaded, name).tzinfo == ZoneInfo(zone_name)

        warm = Store(root, index=index, default_zone=DEFAULT_ZONE)  # from the index this time
        assert warm.all(cls) == [expected]

        # once read back, saving it again and again writes the same file
        path = cold.path_of(loaded)
        cold.save(loaded)
        once = path.read_bytes()
        cold.save(loaded)
        assert path.read_bytes() == once
        assert Store(root, index=False, default_zone=DEFAULT_ZONE).get(cls, record.id) == expected
