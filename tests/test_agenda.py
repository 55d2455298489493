"""The agenda of a group's next meeting (services, then `delegate agenda`), and agreements in minutes."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import Run, fails, ok, ok_noted
from pypdf import PdfReader

from delegate.model import Body, BodyKind, Meeting, MeetingStatus, Minutes, Person, ValidationError
from delegate.services.agenda import (
    Agenda,
    agenda_document,
    agenda_meeting,
    build_agenda,
    next_meeting,
    round_table,
)
from delegate.services.agreements import add_agreement
from delegate.services.audience import INTERNAL_BANNER, Audience
from delegate.services.documents import export_document
from delegate.services.followups import close_followup
from delegate.services.minutes import add_action, circulate_minutes, start_minutes
from delegate.services.minutes_views import minutes_document
from delegate.store import Store

TZ = ZoneInfo("America/Vancouver")
TODAY = date(2026, 11, 27)
GROUP = "night-group"
AGREEMENTS = ("Police attend without uniforms or guns", "What is said here stays here")
SECRET = ("Velma", "Oxtrude", "Hidden Org")  # a confidential member's name and organization


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def fill(store: Store) -> Store:
    """A group with agreements, two earlier minutes with open and closed follow-ups, and partners."""
    store.save(Body(GROUP, "Night Group", kind=BodyKind.ACTION_GROUP, place="The Hall"))
    store.save(Body("board", "Police Board", kind=BodyKind.POLICE_BOARD))
    for person in (
        Person("ana", "Ana Ferreira", "Rights Collective", member_of=(GROUP,)),
        Person("dana", "Dana Morris", "Police Service", member_of=(GROUP,)),
        Person("tom", "Tom Reid", "Public Health", member_of=(GROUP,)),
        Person("tess", "Tess Wong", " Public  Health", member_of=(GROUP,)),
        Person("pat", "Pat Quill", member_of=(GROUP,)),
        Person("vex", "Velma Oxtrude", "Hidden Org", "Peer rep", confidential=True, member_of=(GROUP,)),
        Person("outsider", "Olga Other", "Elsewhere"),
    ):
        store.save(person)
    for meeting_id, day, status in (
        ("m-oct", date(2026, 10, 7), MeetingStatus.HELD),
        ("m-nov", date(2026, 11, 4), MeetingStatus.HELD),
        ("m-dec-cancelled", date(2026, 12, 1), MeetingStatus.CANCELLED),
        ("m-dec", date(2026, 12, 2), MeetingStatus.SCHEDULED),
        ("m-jan", date(2027, 1, 6), MeetingStatus.SCHEDULED),
    ):
        store.save(Meeting(meeting_id, GROUP, at(day), end=at(day, 20), status=status))
    store.save(Meeting("board-dec", "board", at(date(2026, 11, 28))))
    group = store.get(Body, GROUP)
    for text in AGREEMENTS:
        group = add_agreement(store, group, text)
    october = start_minutes(store, group, date(2026, 10, 7), today=date(2026, 10, 7))
    october, _ = add_action(
        store, october, "Velma to map the van stops", owner="vex", due=date(2026, 10, 21), today=TODAY
    )
    october, done = add_action(store, october, "Book the room", owner="ana", today=TODAY)
    close_followup(store, done, done=True, today=TODAY)
    november = start_minutes(store, group, date(2026, 11, 4), today=date(2026, 11, 4))
    november, _ = add_action(
        store, november, "Bring naloxone dates", owner="tom", due=date(2026, 12, 4), today=TODAY
    )
    circulate_minutes(store, november)
    return store


@pytest.fixture
def store(tmp_store: Store) -> Store:
    return fill(tmp_store)


def group(store: Store) -> Body:
    return store.get(Body, GROUP)


def agenda_markdown(store: Store, agenda: Agenda, *, internal: bool) -> str:
    return agenda_document(store, agenda, Audience.of(internal)).markdown


def export_agenda(store: Store, agenda: Agenda, fmt: str, *, internal: bool) -> bytes:
    return export_document(agenda_document(store, agenda, Audience.of(internal)), fmt)


def export_minutes(store: Store, minutes: Minutes, fmt: str, *, internal: bool) -> bytes:
    return export_document(minutes_document(store, minutes, Audience.of(internal)), fmt)


def december(store: Store) -> str:
    return agenda_markdown(
        store, build_agenda(store, group(store), store.get(Meeting, "m-dec")), internal=False
    )


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


def files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def named(text: str) -> list[str]:
    return [word for word in SECRET if word.casefold() in text.casefold()]


# ---- which meeting ---------------------------------------------------------------------------------


def test_the_next_scheduled_meeting_is_the_default(store: Store) -> None:
    assert next_meeting(store, group(store), today=TODAY) == store.get(Meeting, "m-dec")  # not the cancelled
    assert next_meeting(store, group(store), today=date(2026, 12, 2)) == store.get(Meeting, "m-dec")
    assert next_meeting(store, group(store), today=date(2026, 12, 3)) == store.get(Meeting, "m-jan")
    assert next_meeting(store, group(store), today=date(2027, 1, 7)) is None
    chosen = agenda_meeting(store, group(store), store.get(Meeting, "m-jan"), today=TODAY)
    assert chosen.id == "m-jan"


def test_meetings_that_cannot_have_an_agenda_are_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="Night Group has no meeting scheduled from 2027-01-07 on"):
        agenda_meeting(store, group(store), None, today=date(2027, 1, 7))
    with pytest.raises(ValidationError, match="meeting board-dec is not a meeting of Night Group"):
        agenda_meeting(store, group(store), store.get(Meeting, "board-dec"), today=TODAY)
    with pytest.raises(ValidationError, match="m-dec-cancelled is cancelled"):
        agenda_meeting(store, group(store), store.get(Meeting, "m-dec-cancelled"), today=TODAY)
    with pytest.raises(ValidationError, match="not an action group"):
        agenda_meeting(store, store.get(Body, "board"), None, today=TODAY)


# ---- what it says ----------------------------------------------------------------------------------


def test_the_agenda_gathers_minutes_followups_and_the_round_table(store: Store) -> None:
    agenda = build_agenda(store, group(store), store.get(Meeting, "m-dec"))
    assert agenda.agreements == AGREEMENTS
    assert agenda.previous_minutes is not None
    assert agenda.previous_minutes.date == date(2026, 11, 4)
    assert [item.text for item in agenda.business_arising] == [
        "Velma to map the van stops",
        "Bring naloxone dates",
    ]
    turns = [(turn.partner, [person.id for person in turn.people]) for turn in agenda.round_table]
    assert turns == [
        ("Police Service", ["dana"]),
        ("Public Health", ["tess", "tom"]),
        ("Rights Collective", ["ana"]),
        ("community members", ["pat", "vex"]),  # the confidential member only here
    ]
    assert agenda.next_meeting == at(date(2027, 1, 6))


def test_a_confidential_member_never_speaks_in_their_organizations_turn() -> None:
    ana = Person("ana", "Ana Ferreira", "Rights Collective")
    secret = Person("vex", "Velma Oxtrude", "Rights Collective", confidential=True)
    turns = [(turn.partner, turn.people, turn.community) for turn in round_table([secret, ana])]
    assert turns == [("Rights Collective", (ana,), False), ("community members", (secret,), True)]


def test_agreements_come_first_then_the_sections_in_order(store: Store) -> None:
    text = december(store)
    lines = text.splitlines()
    assert lines[0] == "# Agenda: Night Group"
    assert "**Date:** Wednesday 2 December 2026  " in lines
    assert "**Time:** 18:00–20:00  " in lines
    assert "**Place:** The Hall" in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Standing agreements",
        "## 1. Approval of the previous minutes",
        "## 2. Business arising",
        "## 3. Round table",
        "## 4. New business",
        "## Next meeting",
    ]
    first = lines.index("## Standing agreements")
    assert lines[first + 1 : first + 3] == [f"1. {AGREEMENTS[0]}", f"2. {AGREEMENTS[1]}"]
    assert "The minutes of Wednesday 4 November 2026, as circulated." in text
    assert "- Peer rep to map the van stops — Peer rep — due Wednesday 21 October 2026" in lines
    assert "- Bring naloxone dates — Tom Reid — due Friday 4 December 2026" in lines
    assert "Book the room" not in text  # done: not business arising
    assert "- **Police Service**: Dana Morris" in lines
    assert "- **Public Health**: Tess Wong, Tom Reid" in lines
    assert "- **Community members**: Pat Quill, Peer rep" in lines
    assert text.count("Peer rep") == 3  # the owner, the follow-up's text, the community turn
    assert lines[-1] == "Wednesday 6 January 2027, 18:00"
    assert named(text) == []
    assert INTERNAL_BANNER not in text


def test_a_first_meeting_has_no_previous_minutes_and_no_business_arising(store: Store) -> None:
    store.save(Meeting("m-sep", GROUP, at(date(2026, 9, 2))))
    text = agenda_markdown(
        store, build_agenda(store, group(store), store.get(Meeting, "m-sep")), internal=False
    )
    assert "No earlier minutes." in text
    assert "No open follow-ups." in text
    assert "Wednesday 7 October 2026" not in text.split("## Next meeting")[0]


def test_the_internal_copy_names_people_and_says_so_first(store: Store) -> None:
    agenda = build_agenda(store, group(store), store.get(Meeting, "m-dec"))
    text = agenda_markdown(store, agenda, internal=True)
    assert text.splitlines()[0] == f"**{INTERNAL_BANNER}**"
    assert "- Velma to map the van stops — Velma Oxtrude — due Wednesday 21 October 2026" in text
    assert "- **Community members**: Pat Quill, Velma Oxtrude" in text
    assert "Hidden Org" not in text  # a confidential member's organization has no turn of its own


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_every_format_is_public_by_default(store: Store, fmt: str) -> None:
    agenda = build_agenda(store, group(store), store.get(Meeting, "m-dec"))
    data = export_agenda(store, agenda, fmt, internal=False)
    text = pdf_text(data) if fmt == "pdf" else data.decode()
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
    if fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
        assert "<title>Agenda: Night Group, 2026-12-02</title>" in text
    assert "Agenda: Night Group" in text
    assert text.index(AGREEMENTS[0]) < text.index(AGREEMENTS[1]) < text.index("Approval of the previous")
    assert "Peer rep" in text
    assert named(text) == []
    assert "INTERNAL" not in text
    internal = export_agenda(store, agenda, fmt, internal=True)
    internal_text = pdf_text(internal) if fmt == "pdf" else internal.decode()
    assert "Velma Oxtrude" in internal_text
    assert INTERNAL_BANNER in internal_text


def test_an_unknown_format_is_refused(store: Store) -> None:
    agenda = build_agenda(store, group(store), store.get(Meeting, "m-dec"))
    with pytest.raises(ValidationError, match="unknown format 'docx'"):
        export_agenda(store, agenda, "docx", internal=False)


# ---- the minutes carry the agreements too ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_exported_minutes_show_the_standing_agreements_at_the_top(store: Store, fmt: str) -> None:
    add_agreement(store, group(store), "Velma keeps the speaking list", position=1)
    minutes = start_minutes(store, group(store), None, today=TODAY)
    data = export_minutes(store, minutes, fmt, internal=False)
    text = pdf_text(data) if fmt == "pdf" else data.decode()
    order = ["Standing agreements", "Peer rep keeps the speaking list", *AGREEMENTS, "Business arising"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert named(text) == []
    if fmt == "md":
        lines = text.splitlines()
        first = lines.index("## Standing agreements")
        assert lines[first + 1 : first + 4] == [
            "1. Peer rep keeps the speaking list",
            f"2. {AGREEMENTS[0]}",
            f"3. {AGREEMENTS[1]}",
        ]
        assert first < lines.index("## Agenda")
    internal = export_minutes(store, minutes, fmt, internal=True)
    assert "Velma keeps the speaking list" in (pdf_text(internal) if fmt == "pdf" else internal.decode())


def test_minutes_of_a_group_without_agreements_have_no_agreements_section(store: Store) -> None:
    store.save(Body("quiet", "Quiet Group", kind=BodyKind.ACTION_GROUP))
    minutes = start_minutes(store, store.get(Body, "quiet"), TODAY, today=TODAY)
    assert "Standing agreements" not in export_minutes(store, minutes, "md", internal=False).decode()


# ---- CLI -------------------------------------------------------------------------------------------


@pytest.fixture
def cli_data(data: Path, cli_environment: None) -> Path:
    fill(Store(data, index=None))
    return data


def test_cli_agenda_of_the_next_meeting(run: Run, cli_data: Path) -> None:
    text = ok(run("agenda", "night", "--format", "md"))
    assert text.startswith("# Agenda: Night Group\n")
    assert "Wednesday 2 December 2026" in text
    assert f"1. {AGREEMENTS[0]}" in text
    assert named(text) == []
    later = ok(run("agenda", "night", "--meeting", "m-jan", "--format", "md"))
    assert "**Date:** Wednesday 6 January 2027" in later
    assert "## Next meeting\nTo be set." in later
    internal = ok_noted(run("agenda", "night", "--format", "md", "--internal"), "INTERNAL COPY")
    assert internal.splitlines()[0] == f"**{INTERNAL_BANNER}**"
    assert "Velma Oxtrude" in internal


def test_cli_agenda_files(run: Run, cli_data: Path, tmp_path: Path) -> None:
    out = ok(run("agenda", "night", "--format", "pdf"))
    target = tmp_path / "2026-12-02-night-group-agenda.pdf"
    assert out == f"wrote agenda 2026-12-02-night-group-agenda (pdf) to {target.name}\n"
    assert named(pdf_text(target.read_bytes())) == []
    assert AGREEMENTS[0] in pdf_text(target.read_bytes())
    ok_noted(run("agenda", "night", "--format", "pdf", "--internal"), "INTERNAL COPY")
    internal = tmp_path / "2026-12-02-night-group-agenda-INTERNAL.pdf"
    assert pdf_text(internal.read_bytes()).startswith("INTERNAL COPY")
    ok(run("agenda", "night", "--format", "html", "-o", "agenda.html"))
    html = (tmp_path / "agenda.html").read_text(encoding="utf-8")
    assert "<h1>Agenda: Night Group</h1>" in html
    assert named(html) == []


def test_cli_agenda_errors_are_one_line_and_write_nothing(run: Run, cli_data: Path, tmp_path: Path) -> None:
    def written() -> dict[Path, bytes]:
        # The data folder and the working folder (where a PDF would go); the index cache may change.
        return {path: data for path, data in files(tmp_path).items() if "cache" not in path.parts}

    before = written()
    fails(run("agenda", "night", "--format", "docx"), 2, "--format")
    fails(run("agenda", "no-such-group", "--format", "pdf"), 1, "no body")
    fails(run("agenda", "board", "--format", "pdf"), 1, "not an action group")
    fails(
        run("agenda", "night", "--meeting", "board-dec", "--format", "pdf"), 1, "not a meeting of Night Group"
    )
    fails(run("agenda", "night", "--meeting", "nope", "--format", "pdf"), 1, "no meeting")
    fails(run("agenda", "night", "--meeting", "m-dec-c", "--format", "pdf"), 1, "is cancelled")
    assert written() == before
    store = Store(cli_data, index=None)
    for meeting_id in ("m-dec", "m-jan"):
        store.delete(store.get(Meeting, meeting_id))
    before = written()
    fails(
        run("agenda", "night", "--format", "pdf"),
        1,
        "Night Group has no meeting scheduled from 2026-11-27 on",
    )
    assert written() == before
