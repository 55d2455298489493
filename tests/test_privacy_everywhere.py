"""No public output names a confidential person: every click command, every export format, every
screen, every id and file name, over a folder full of mentions made up by hypothesis.

The folder is the demo with made-up confidential people added (names with a short word, accents,
two words or one) and a mention of them appended to every free-text field of every record (titles,
notes, topics, asks, discussion, decisions, action items, findings, responses, honoraria notes,
agreements, body names…), in the ways a note-taker writes them: the surname alone, lowercased,
without accents, possessive, in capitals. People fields (owners, speakers, chair, attendance) point
at them. Then every command of `delegate` runs without --internal, every file it writes is read
(PDFs as text), the app shows every section and a record of each kind, and nothing may contain any
word of their names. A command added to the CLI without a line here fails `test_every_command_is_covered`.
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from privacy_support import Secret, text_of
from radicale_support import RadicaleServer

from delegate.cli.root import LAZY_COMMANDS, cli
from delegate.model import Audit, Body, BodyKind, Delegation, Handout, Meeting, Minutes, Person, Script
from delegate.model.errors import ValidationError
from delegate.privacy import fold
from delegate.services.demo import write_demo
from delegate.store import KINDS, Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
NOW_TEXT = "2026-11-27T09:00"

# ---- made-up confidential people ------------------------------------------------------------------

SHORT_FIRST = ("Jo", "Al", "Ky", "Bo", "Vi")
SYLLABLES = ("zor", "vex", "qui", "jha", "mir", "ulk", "oxa", "bel", "tyr", "wyn", "dru", "azu", "jeb")
ACCENTS = {"e": "é", "o": "ö", "a": "á", "u": "ü", "i": "í"}
ROLES = ("Peer representative", "Outreach worker", "")

_word = (
    st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3)
    .map(lambda parts: "".join(parts).capitalize())
    .filter(lambda word: any(letter in word for letter in "zqxj"))
)


@st.composite
def _accented(draw: st.DrawFn) -> str:
    word = draw(_word)
    spots = [index for index, letter in enumerate(word) if letter in ACCENTS]
    if spots and draw(st.booleans()):
        index = draw(st.sampled_from(spots))
        word = word[:index] + ACCENTS[word[index]] + word[index + 1 :]
    return word


@st.composite
def secrets(draw: st.DrawFn) -> list[Secret]:
    count = draw(st.integers(1, 2))
    people: list[Secret] = []
    for index in range(count):
        first = draw(st.one_of(st.sampled_from(SHORT_FIRST), _accented()))
        shape = draw(st.sampled_from(["first last", "last", "first last"]))
        last = draw(_accented())
        name = last if shape == "last" else f"{first} {last}"
        people.append(Secret(f"confidential-made-up-{index + 1}", name, draw(st.sampled_from(ROLES))))
    return people


def ways_to_write(person: Secret) -> list[str]:
    """How a note-taker names someone: full, surname alone, lowercase without accents, possessive, caps."""
    surname = person.name.split()[-1]
    plain = fold(surname)
    hidden = f"{surname[:2]}\u00ad{surname[2:]}"  # a soft hyphen inside, as text pasted from a PDF has
    return [
        person.name,
        surname,
        plain,
        f"{surname}'s",
        f"{plain}’s",
        surname.upper(),
        person.name.lower(),
        hidden,
    ]


def leaks(text: str, people: list[Secret]) -> list[str]:
    folded = fold(text)
    found = []
    for person in people:
        for word in person.words:
            if re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", folded):
                found.append(word)
    return found


# ---- the folder ------------------------------------------------------------------------------------

# Free-text fields of every kind of record (and of what they hold): a mention goes at their end.
TEXT_FIELDS = frozenset(
    {
        "name", "jurisdiction", "how_to_request", "place", "notes", "title", "status_reason", "topic", "ask",
        "requested_via", "requested_to", "agenda_position", "outcome", "cancel_reason", "note", "text",
        "discussion", "reason", "aim", "barrier", "effect", "what", "covered_by",
    }
)  # fmt: skip
TEXT_LISTS = frozenset({"agreements", "decisions"})
# Contact fields hold names too (an address, a link): a mention goes in as an address would carry it.
CONTACT_FIELDS = frozenset({"email", "url", "organization"})
PERSON_FIELDS = frozenset({"owner", "chair", "note_taker"})
PEOPLE_LISTS = frozenset({"speakers", "present"})


def sprinkle(value: Any, mention: Callable[[], str], person_ref: Callable[[], str]) -> Any:
    """`value` (a record or part of one) with a mention added to every free-text field."""
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for field in fields(value):
        current = getattr(value, field.name)
        if isinstance(current, Enum):
            continue
        if field.name in CONTACT_FIELDS and isinstance(current, str):
            word = fold(mention()).split()[-1].strip("'’s").replace("\u00ad", "")
            changes[field.name] = {"email": f"{word}@example.org", "url": f"https://example.org/{word}"}.get(
                field.name, f"{current} {word}".strip()
            )
        elif field.name in TEXT_FIELDS and isinstance(current, str):
            changes[field.name] = (
                f"{current} {mention()}".strip() if "\n" not in current else f"{current}\n\n{mention()}\n"
            )
        elif field.name in TEXT_LISTS and isinstance(current, tuple):
            changes[field.name] = (*current, mention())
        elif field.name in PERSON_FIELDS and isinstance(current, str):
            changes[field.name] = person_ref()
        elif field.name in PEOPLE_LISTS and isinstance(current, tuple):
            changes[field.name] = (*current, person_ref())
        elif isinstance(current, tuple) and current and is_dataclass(current[0]):
            changes[field.name] = tuple(sprinkle(item, mention, person_ref) for item in current)
        elif is_dataclass(current):
            changes[field.name] = sprinkle(current, mention, person_ref)
    try:
        return replace(value, **changes)
    except ValidationError:
        return value


def build_folder(root: Path, people: list[Secret], chance: random.Random) -> Store:
    """The demo, plus `people` (members of its action group), named in every free text."""
    store = Store(root, index=False, default_zone="America/Vancouver")
    write_demo(store, NOW)
    group = next(body for body in store.all(Body) if body.kind is BodyKind.ACTION_GROUP)
    for person in people:
        store.save(Person(person.id, person.name, role=person.role, confidential=True, member_of=(group.id,)))

    def mention() -> str:
        return chance.choice(ways_to_write(chance.choice(people)))

    def person_ref() -> str:
        person = chance.choice(people)
        return chance.choice([person.id, person.name, fold(person.name.split()[-1])])

    for kind in KINDS:
        for record in store.all(kind.cls):
            if isinstance(record, Person):
                # their names are the point; what else is known of people may name someone too
                changed = replace(record, notes=f"{record.notes} {mention()}".strip())
                changed = sprinkle(changed, mention, person_ref) if not record.confidential else changed
                changed = replace(changed, name=record.name)
            else:
                changed = sprinkle(record, mention, person_ref)
            if changed is not record:
                store.save(changed)
    return Store(root, index=False, default_zone="America/Vancouver")


# ---- every command ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ids:
    group: str
    board: str
    meeting: str
    delegation: str
    upcoming: str
    minutes: str
    script: str
    handout: str
    audit: str
    agency: str
    workshop: str
    finding: str
    recommendation: str
    followup: str
    honorarium: str
    secret: Secret
    caldav: str = ""  # a calendar on a local Radicale server (else the unreachable one)


def ids_of(store: Store, people: list[Secret]) -> Ids:
    from delegate.model import Finding, FollowUp, Honorarium, Recommendation

    group = next(body.id for body in store.all(Body) if body.kind is BodyKind.ACTION_GROUP)
    board = next(body.id for body in store.all(Body) if body.kind is BodyKind.POLICE_BOARD)
    audit = store.all(Audit)[0]
    workshop = next(meeting.id for meeting in store.all(Meeting) if meeting.audit)
    upcoming = next(
        item.id for item in store.all(Delegation) if item.status.value in ("requested", "confirmed")
    )
    return Ids(
        group=group,
        board=board,
        meeting=next(m.id for m in store.all(Meeting) if m.body == board and m.start > NOW),
        delegation=store.all(Delegation)[0].id,
        upcoming=upcoming,
        minutes=store.all(Minutes)[-1].id,
        script=store.all(Script)[0].id,
        handout=store.all(Handout)[0].id,
        audit=audit.id,
        agency=audit.agencies[0],
        workshop=workshop,
        finding=store.all(Finding)[0].id,
        recommendation=store.all(Recommendation)[0].id,
        followup=next(item.id for item in store.all(FollowUp) if item.status.value == "open"),
        honorarium=next(item.id for item in store.all(Honorarium) if not item.paid),
        secret=people[0],
    )


def formats(*prefix: str, out: Path, name: str, extra: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    return [
        (*prefix, "--format", fmt, "-o", str(out / f"{name}.{fmt}"), *extra) for fmt in ("md", "html", "pdf")
    ]


FEED_FILE = "published-feed.ics"


def feed_naming(secret: Secret) -> bytes:
    """A council's published calendar that names `secret` in a title, a place and a note."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Clerk//EN",
        "BEGIN:VEVENT",
        "UID:feed-1@clerk",
        "DTSTART;TZID=America/Vancouver:20261210T180000",
        f"SUMMARY:Delegation: {secret.name} on safety",
        f"LOCATION:Room named for {secret.name}",
        f"DESCRIPTION:{secret.name} speaks first",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:feed-2@clerk",
        "DTSTART;TZID=America/Vancouver:20261211T180000",
        f"SUMMARY:{secret.name.split()[-1]} hearing (Cancelled)",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


def invocations(ids: Ids, out: Path) -> dict[str, list[tuple[str, ...]]]:
    """Every command, as someone would run it on this folder (read-only ones first, then changes)."""
    secret = ids.secret
    said = f"Talked to {fold(secret.name.split()[-1])}'s caseworker"
    return {
        "agenda": [
            ("agenda", ids.group, "--format", "md"),
            *formats("agenda", ids.group, out=out, name="agenda"),
        ],
        "audit list": [("audit", "list"), ("audit", "list", "--json")],
        "audit show": [("audit", "show", ids.audit), ("audit", "show", ids.audit, "--json")],
        "audit agency list": [
            ("audit", "agency", "list", ids.audit),
            ("audit", "agency", "list", ids.audit, "--json"),
        ],
        "audit finding list": [
            ("audit", "finding", "list", ids.audit),
            ("audit", "finding", "list", ids.audit, "--json"),
        ],
        "audit recommendations": [
            ("audit", "recommendations", ids.audit),
            ("audit", "recommendations", ids.audit, "--json"),
        ],
        "audit workshop list": [
            ("audit", "workshop", "list", ids.audit),
            ("audit", "workshop", "list", ids.audit, "--json"),
        ],
        "audit report": [
            ("audit", "report", ids.audit, "--format", "md"),
            *formats("audit", "report", ids.audit, out=out, name="report"),
        ],
        "body list": [("body", "list"), ("body", "list", "--json")],
        "body show": [
            ("body", "show", ids.group),
            ("body", "show", ids.group, "--json"),
            ("body", "show", ids.board),
        ],
        "body signatures": [("body", "signatures", ids.group), ("body", "signatures", ids.group, "--json")],
        "body agreement list": [
            ("body", "agreement", "list", ids.group),
            ("body", "agreement", "list", ids.group, "--json"),
        ],
        "check": [("check",)],
        "cost list": [("cost", "list"), ("cost", "list", "--json"), ("cost", "list", "--uncovered")],
        "delegation list": [("delegation", "list"), ("delegation", "list", "--json")],
        "delegation show": [
            ("delegation", "show", ids.delegation),
            ("delegation", "show", ids.upcoming, "--json"),
        ],
        "delegation letter": [
            ("delegation", "letter", ids.upcoming),
            ("delegation", "letter", ids.upcoming, "-o", str(out / "letter.md")),
        ],
        "export ics": [("export", "ics"), ("export", "ics", "-o", str(out / "calendar.ics"))],
        "followup list": [
            ("followup", "list", "--all"),
            ("followup", "list", "--all", "--json"),
            ("followup", "list", "--owner", secret.name),
        ],
        "handout list": [("handout", "list"), ("handout", "list", "--json")],
        "handout show": [("handout", "show", ids.handout)],
        "handout versions": [
            ("handout", "versions", ids.handout),
            ("handout", "versions", ids.handout, "--json"),
        ],
        "handout render": [
            ("handout", "render", ids.handout, "--format", "md"),
            *formats("handout", "render", ids.handout, out=out, name="handout"),
        ],
        "honorarium list": [
            ("honorarium", "list"),
            ("honorarium", "list", "--json"),
            ("honorarium", "list", "--person", secret.name),
        ],
        "honorarium summary": [("honorarium", "summary"), ("honorarium", "summary", "--json")],
        "meeting list": [
            ("meeting", "list", "--from", "2025-01-01", "--to", "2027-12-31"),
            ("meeting", "list", "--json", "--from", "2025-01-01"),
        ],
        "meeting show": [("meeting", "show", ids.meeting), ("meeting", "show", ids.workshop, "--json")],
        "minutes list": [("minutes", "list"), ("minutes", "list", "--json")],
        "minutes show": [
            ("minutes", "show", ids.minutes),
            ("minutes", "show", ids.minutes, "--as-circulated"),
        ],
        "minutes export": [
            ("minutes", "export", ids.minutes, "--format", "md"),
            *formats("minutes", "export", ids.minutes, out=out, name="minutes"),
        ],
        "person list": [("person", "list"), ("person", "list", "--json")],
        "person show": [("person", "show", secret.id), ("person", "show", secret.id, "--json")],
        "script list": [("script", "list"), ("script", "list", "--json")],
        "script show": [("script", "show", ids.script)],
        "script estimate": [("script", "estimate", ids.script), ("script", "estimate", ids.script, "--json")],
        "script rehearsals": [
            ("script", "rehearsals", ids.script),
            ("script", "rehearsals", ids.script, "--json"),
        ],
        "script versions": [("script", "versions", ids.script), ("script", "versions", ids.script, "--json")],
        "script edit": [("script", "edit", ids.script)],
        "handout edit": [("handout", "edit", ids.handout)],
        "import ics": [
            (
                "import",
                "ics",
                str(Path(__file__).parent / "data" / "council.ics"),
                "--body",
                ids.board,
                "--dry-run",
            )
        ],
        # changes: each says what it did, by id and label only
        "person add": [
            ("person", "add", "Nobody Public", "--role", "Clerk"),
            ("person", "add", secret.name + " Two", "--confidential", "--role", secret.role or "Peer"),
        ],
        "body add": [("body", "add", "Northshore Board", "--kind", "council")],
        # A feed whose titles, places and notes name the confidential person (run_all writes it
        # beside the outputs: it is what a council published, not something we wrote).
        "body feed": [("body", "feed", ids.board, str(out.parent / FEED_FILE)), ("body", "feed", ids.board)],
        "import feeds": [("import", "feeds"), ("import", "feeds", "--body", ids.board)],
        "body agreement add": [
            ("body", "agreement", "add", ids.group, f"{said}: no uniforms"),
            ("body", "agreement", "add", ids.group, f"{said}: no uniforms"),  # refused: names the group
        ],
        "body agreement move": [("body", "agreement", "move", ids.group, "1", "2")],
        "body agreement remove": [("body", "agreement", "remove", ids.group, "1")],
        "body sign": [("body", "sign", ids.group, secret.role or "Community member", "--date", "2026-11-20")],
        "meeting add": [
            (
                "meeting",
                "add",
                "--body",
                ids.board,
                "--start",
                "2027-03-18 18:00",
                "--duration",
                "2h",
                "--place",
                said,
            )
        ],
        "meeting cancel": [("meeting", "cancel", ids.meeting, "--reason", said)],
        "delegation add": [
            (
                "delegation",
                "add",
                "--meeting",
                "2027-03-18",
                "--topic",
                said,
                "--speaker",
                secret.id,
                "--ask",
                said,
            )
        ],
        "delegation request": [("delegation", "request", "2027-03-18", "--note", said)],
        "delegation confirm": [("delegation", "confirm", "2027-03-18", "--note", said)],
        "delegation cancel": [("delegation", "cancel", "2027-03-18", "--reason", said)],
        "delegation rebook": [
            ("delegation", "rebook", "2027-03-18", "--meeting", ids.upcoming[:10], "--note", said)
        ],
        "delegation deliver": [
            ("delegation", "deliver", ids.delegation, "--note", said),
            ("delegation", "deliver", ids.upcoming, "--note", said),  # refused: its meeting is ahead
        ],
        "delegation followed-up": [("delegation", "followed-up", ids.delegation, "--note", said)],
        "cost add": [("cost", "add", "--delegation", ids.upcoming, "--what", said, "--amount", "12")],
        "cost cover": [("cost", "cover", "--delegation", ids.upcoming, "1", "--by", said)],
        "cost remove": [("cost", "remove", "--delegation", ids.upcoming, "1")],
        "followup add": [("followup", "add", said, "--owner", secret.name, "--due", "2026-12-04")],
        "followup edit": [
            ("followup", "edit", ids.followup, "--owner", secret.name, "--due", "in 3 days", "--text", said),
            ("followup", "edit", ids.followup, "--minutes", ids.minutes, "--no-due"),
        ],
        "followup done": [("followup", "done", ids.followup)],
        "followup drop": [("followup", "drop", "2026-11-27-talked", "--reason", said)],
        "honorarium add": [
            (
                "honorarium",
                "add",
                secret.role or "Community member",
                "--meeting",
                ids.minutes[:10],
                "--note",
                said,
            )
        ],
        "honorarium paid": [("honorarium", "paid", ids.honorarium, "--method", "cash")],
        "honorarium budget": [
            ("honorarium", "budget", ids.group, "--per-person", "50"),
            ("honorarium", "budget", ids.group, "--json"),
        ],
        "minutes new": [("minutes", "new", "--group", ids.group)],
        "minutes attend": [
            ("minutes", "attend", ids.minutes, "--members"),
            ("minutes", "attend", ids.minutes, secret.name, "--regrets"),
            ("minutes", "attend", ids.minutes, fold(secret.name)),  # a near miss is never echoed
        ],
        "minutes chair": [
            ("minutes", "chair", ids.minutes, secret.name, "--notes", secret.role or secret.id)
        ],
        "minutes item": [("minutes", "item", ids.minutes, said)],
        "minutes discuss": [
            ("minutes", "discuss", ids.minutes, "1", said),
            ("minutes", "discuss", ids.minutes, said, said),
        ],
        "minutes decide": [("minutes", "decide", ids.minutes, "1", said)],
        "minutes act": [
            ("minutes", "act", ids.minutes, said, "--owner", secret.name, "--due", "next friday")
        ],
        "minutes circulate": [("minutes", "circulate", ids.minutes)],
        "minutes amend": [
            ("minutes", "amend", ids.minutes),
            ("minutes", "show", ids.minutes, "--as-circulated"),
            ("minutes", "circulate", ids.minutes),
        ],
        "minutes approve": [("minutes", "approve", ids.minutes)],
        "script new": [("script", "new", said, "--delegation", ids.upcoming)],
        "script restore": [],  # needs a version id: see run_all
        "handout new": [("handout", "new", said, "--delegation", ids.upcoming)],
        "handout restore": [],  # needs a version id: see run_all
        "audit new": [("audit", "new", said, "--aim", said, "--agency", "Shelter Line")],
        "audit agency add": [("audit", "agency", "add", ids.audit, said)],
        "audit workshop add": [("audit", "workshop", "add", ids.audit, "2027-01-20 13:00", "--place", said)],
        "audit workshop attendance": [
            ("audit", "workshop", "attendance", ids.workshop, "--sex-workers", "3")
        ],
        "audit finding add": [
            (
                "audit",
                "finding",
                "add",
                ids.audit,
                "--agency",
                ids.agency,
                "--barrier",
                said,
                "--effect",
                said,
            )
        ],
        "audit recommend": [("audit", "recommend", ids.audit, "--finding", "1", said)],
        "audit respond": [
            ("audit", "respond", ids.recommendation, "--status", "acknowledged", "--note", said)
        ],
        # sharing: refused by a server that is not there, then (with the test's Radicale) for real
        "share add": [
            ("share", "add", ids.group, UNREACHABLE, "--user", "ana"),
            ("share", "add", ids.group, ids.caldav or UNREACHABLE, "--user", "ana"),
        ],
        "share sync": [("share", "sync", ids.group), ("share", "sync")],
        "share list": [("share", "list"), ("share", "list", "--json")],
        "share resolve": [("share", "resolve", ids.group)],
        "share remove": [("share", "remove", ids.group)],
        "demo": [("demo",)],  # refused: the folder is not empty; the refusal must not name anyone either
    }


UNREACHABLE = "http://127.0.0.1:9/ana/group/"  # the discard port: nothing answers there

# Commands that open the terminal app rather than print: covered by the screens below.
EXEMPT = {"timer": "opens the app's timer screen (see test_no_screen_names_a_confidential_person)"}


def command_paths() -> set[str]:
    for module, _summary in set(LAZY_COMMANDS.values()):
        __import__(module)

    def walk(command: click.Command, prefix: tuple[str, ...]) -> set[str]:
        if isinstance(command, click.Group):
            return {path for name, sub in command.commands.items() for path in walk(sub, (*prefix, name))}
        return {" ".join(prefix)}

    return walk(cli, ())


def test_every_command_is_covered() -> None:
    covered = set(invocations(ids_of_placeholder(), Path("/tmp"))) | set(EXEMPT)
    assert command_paths() - covered == set(), "a command no privacy test runs"
    assert covered - command_paths() == set(), "a command that no longer exists"


def ids_of_placeholder() -> Ids:
    return Ids(*(["x"] * 15), secret=Secret("x", "X Y", ""))  # type: ignore[arg-type]


def run_all(root: Path, out: Path, people: list[Secret], caldav: str = "") -> list[str]:
    """Every command on the folder, without --internal; the leaks found (command, channel, words)."""
    runner = CliRunner()
    env = {"DELEGATE_NOW": NOW_TEXT, "EDITOR": "true", "VISUAL": "true"}
    found: list[str] = []

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--data-dir", str(root), *args], prog_name="delegate", env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            found.append(f"{' '.join(args)}: raised {result.exception!r}")
        for channel, text in (("stdout", result.stdout), ("stderr", result.stderr)):
            words = leaks(text, people)
            if words:
                found.append(f"{' '.join(args)} [{channel}]: {words}")
        return result.stdout

    ids = replace(ids_of(Store(root, index=False), people), caldav=caldav)
    (out.parent / FEED_FILE).write_bytes(feed_naming(ids.secret))  # an input: beside the outputs
    for runs in invocations(ids, out).values():
        for args in runs:
            run(*args)
    for kind, reference in (("script", ids.script), ("handout", ids.handout)):
        listed = run(kind, "versions", reference, "--json")
        versions = json.loads(listed) if listed.strip().startswith("[") else []
        if versions:
            run(kind, "restore", reference, versions[0]["id"])
    return found


def files_leaking(places: list[Path], people: list[Secret], *, contents: bool = True) -> list[str]:
    """File names (all of them) and, with `contents`, the text of documents, that name someone."""
    found = []
    for place in places:
        for path in sorted(place.rglob("*")) if place.exists() else []:
            relative = str(path.relative_to(place))
            if leaks(relative.replace("-", " ").replace("_", " "), people):
                found.append(f"file name {relative}")
            if contents and path.is_file() and leaks(text_of(path), people):
                found.append(f"{relative}: {leaks(text_of(path), people)}")
    return found


# Each example runs a hundred commands and the app: a few examples, and no shrinking (the failure
# list already says which output named whom).
SLOW = settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@SLOW
@given(people=secrets(), chance=st.randoms(use_true_random=False))
def test_no_public_output_names_a_confidential_person(
    people: list[Secret],
    chance: random.Random,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    radicale: RadicaleServer,
) -> None:
    base = tmp_path_factory.mktemp("everywhere")
    monkeypatch.setenv("DELEGATE_CACHE", str(base / "cache"))
    monkeypatch.chdir(base)
    root, out = base / "data", base / "out"
    out.mkdir()
    store = build_folder(root, people, chance)
    assert leaks((root / "people" / f"{people[0].id}.toml").read_text(), people)  # the search can see them

    found = run_all(root, out, people, caldav=radicale.calendar_url())
    shared = radicale.stored_text()  # what `share sync` sent to the CalDAV server
    assert "BEGIN:VTODO" in shared, "the group was shared"
    found += [f"caldav server: {leaks(shared, people)}"] if leaks(shared, people) else []
    found += files_leaking([out, root / "exports", base], people, contents=False)
    found += files_leaking([out, root / "exports"], people)
    found += [
        f"calendar cache {path.name}"
        for path in (base / "cache").glob("calendar-*")
        if leaks(path.read_text(errors="replace"), people)
    ]
    assert not found, "\n".join(found)
    # and the internal copy has them: the search would have seen a leak
    internal = CliRunner().invoke(
        cli,
        ["--data-dir", str(root), "followup", "list", "--all", "--internal"],
        env={"DELEGATE_NOW": NOW_TEXT},
    )
    assert leaks(internal.stdout, people)
    del store


# ---- every screen ----------------------------------------------------------------------------------

SECTIONS = ("d", "b", "m", "g", "s", "h", "i", "u", "t", "P", "H")


def screen_text(svg: str) -> str:
    """The characters of a screenshot, without the SVG around them."""
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@settings(SLOW, max_examples=2)
@given(people=secrets(), chance=st.randoms(use_true_random=False))
def test_no_screen_names_a_confidential_person(
    people: list[Secret], chance: random.Random, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every section, and the first record of each opened (Enter), as someone at the table would see
    them; then N on one screen shows the names there (so the search would have seen them)."""
    from delegate.ui.app import make_app

    root = tmp_path_factory.mktemp("screens") / "data"
    build_folder(root, people, chance)
    app = make_app(root, now=lambda: NOW, watch=False)
    seen: dict[str, str] = {}

    async def scenario() -> None:
        async with app.run_test(size=(160, 60)) as pilot:
            await pilot.pause()
            home = len(app.screen_stack)

            async def back_home() -> None:
                while len(app.screen_stack) > home:
                    app.pop_screen()
                    await pilot.pause()

            for key in SECTIONS:
                await back_home()
                await pilot.press(key)
                await pilot.pause()
                seen[key] = screen_text(app.export_screenshot())
                await pilot.press("enter")
                await pilot.pause()
                seen[f"{key} enter"] = screen_text(app.export_screenshot())
            await back_home()
            await pilot.press("i", "enter")  # the minutes editor
            await pilot.pause()
            seen["minutes editor"] = screen_text(app.export_screenshot())
            seen["notifications"] = " ".join(str(note.message) for note in app._notifications)
            await pilot.press("ctrl+g")  # N, in the editor (where N is a letter of the discussion)
            await pilot.pause()
            seen["minutes editor with N"] = screen_text(app.export_screenshot())

    asyncio.run(scenario())
    shown = seen.pop("minutes editor with N")
    found = [f"{where}: {leaks(text, people)}" for where, text in seen.items() if leaks(text, people)]
    assert not found, "\n".join(found)
    assert leaks(shown, people), "N shows names on the screen it was pressed on"


# ---- bad input -------------------------------------------------------------------------------------


def _near_leaks(text: str, people: list[Secret]) -> list[str]:
    """Words of `text` that are a name word of five letters or more, or that word one letter off."""
    names = {word for person in people for word in fold(person.name).split() if len(word) >= 5}

    def close(a: str, b: str) -> bool:
        if a == b:
            return True
        if len(a) == len(b):
            return sum(x != y for x, y in zip(a, b, strict=True)) == 1
        short, long = sorted((a, b), key=len)
        dropped = (long[:i] + long[i + 1 :] for i in range(len(long)))
        return len(long) - len(short) == 1 and short in dropped

    return [word for word in re.findall(r"[^\W\d_]+", fold(text)) if any(close(word, name) for name in names)]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_bad_input_gets_one_line_that_names_no_one_and_writes_nothing(tmp_path: Path) -> None:
    """Typos of a confidential name, unknown ids and ambiguous prefixes, wherever a person or a record
    is asked for: one line on stderr, a non-zero exit, no word of the name, and the folder as it was."""
    people = [Secret("confidential-made-up-1", "Jo Jiménez", "Peer representative")]
    root = tmp_path / "data"
    store = build_folder(root, people, random.Random(7))
    store.save(Person("confidential-made-up-2", "Zoë Quillon", role="Peer representative", confidential=True))
    people.append(Secret("confidential-made-up-2", "Zoë Quillon", "Peer representative"))
    ids = ids_of(Store(root, index=False), people)
    attempts = [
        ("honorarium", "add", "Jimenezz", "--meeting", ids.minutes[:10]),  # a typo of her name
        ("honorarium", "add", "jo jimenes", "--meeting", ids.minutes[:10]),
        ("honorarium", "add", "Peer representative", "--meeting", ids.minutes[:10]),  # two share it
        ("honorarium", "list", "--person", "Quilon"),
        ("body", "sign", ids.group, "Jo Jimenes"),
        ("person", "show", "Quillonn"),
        ("person", "show", "confidential-made"),  # an ambiguous prefix
        ("delegation", "show", "2026-"),  # an ambiguous prefix of ids
        ("delegation", "show", "no-such-delegation"),
        ("delegation", "add", "--meeting", "no-such-meeting", "--topic", "Jimenez's story"),
        ("followup", "done", "no-such-follow-up"),
        ("minutes", "export", "no-such-minutes", "--format", "md"),
        ("meeting", "add", "--body", ids.board, "--start", "not a date", "--place", "jimenez's"),
        ("share", "add", "Jimenezz", UNREACHABLE),  # a group by a typo of her name
        ("share", "sync", "jo jimenes"),
    ]
    runner = CliRunner()
    before = _snapshot(root)
    for args in attempts:
        result = runner.invoke(cli, ["--data-dir", str(root), *args], env={"DELEGATE_NOW": NOW_TEXT})
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.exit_code in (1, 2), (args, result.output)
        assert len(lines) == 1, (args, lines)
        assert "Traceback" not in result.output
        assert leaks(result.output, people) == [], (args, result.output)
        assert _near_leaks(result.output, people) == [], (args, result.output)
        assert _snapshot(root) == before, args
