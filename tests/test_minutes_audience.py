"""Minutes, agendas and honoraria for an audience: public by default in every command and view, names
only in a copy that says it is internal; people typed by the user are found by name or role and kept as
ids; a typo of a name is never echoed back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted
from minutes_people import (
    DECEMBER,
    DECISION,
    DISCUSSION,
    GROUP,
    JO,
    JO_ROLE,
    TODAY,
    XIMENA,
    fill,
    folded,
    leaks,
)
from pypdf import PdfReader

from delegate.model import Body, FollowUp, Minutes, Person
from delegate.services.audience import INTERNAL_BANNER, Audience
from delegate.services.documents import export_document
from delegate.services.minutes import add_action
from delegate.services.minutes_views import member_choices, minutes_document, minutes_editor_view
from delegate.services.people import add_person
from delegate.services.views import view_dict
from delegate.store import AmbiguousIdError, Store

JO_ID = "confidential-peer-representative"
XIMENA_ID = "confidential-community-member"


@pytest.fixture
def store(tmp_store: Store) -> Store:
    return fill(tmp_store)


@pytest.fixture
def cli_data(data: Path, cli_environment: None) -> Path:
    fill(Store(data, index=None))
    return data


def text_of(data: bytes) -> str:
    """What a reader of the file sees: the PDF's text and title, or the Markdown or HTML."""
    if data.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(data))
        title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else ""
        return " ".join([title, *(page.extract_text() or "" for page in reader.pages)])
    return data.decode("utf-8")


# ---- the views ----------------------------------------------------------------------------------


def test_the_editor_view_shows_confidential_people_by_role_until_names_are_asked_for(store: Store) -> None:
    minutes = store.get(Minutes, DECEMBER)
    public = minutes_editor_view(store, minutes, Audience.PUBLIC)
    assert (public.chair, public.note_taker) == (JO_ROLE, "Community member")
    assert {person.label for person in public.attendance} >= {JO_ROLE, "Community member"}
    assert [action.owner for action in public.actions] == [JO_ROLE]
    assert public.actions[0].text == f"Walk Community member's route with {JO_ROLE}"
    assert public.items[1].decisions == (f"{JO_ROLE} to bring the bad-date list",)
    choices = member_choices(store, minutes, Audience.PUBLIC)
    assert leaks(repr(view_dict(public))) == []
    assert leaks(repr(choices)) == []
    assert leaks(minutes.items[0].discussion) == []  # business arising, written as the public sees it

    internal = minutes_editor_view(store, minutes, Audience.INTERNAL)
    assert (internal.chair, internal.note_taker) == (JO, XIMENA)
    assert internal.items[1].decisions == (DECISION,)
    assert {person.label for person in member_choices(store, minutes, Audience.INTERNAL)} >= {JO, XIMENA}


def test_two_people_who_would_read_alike_are_told_apart_by_id(store: Store) -> None:
    group = store.get(Body, GROUP)
    add_person(store, "Quorra Vance", role=JO_ROLE, confidential=True, member_of=(group,))
    choices = member_choices(store, store.get(Minutes, DECEMBER), Audience.PUBLIC)
    peers = sorted(choice.label for choice in choices if choice.label.startswith(JO_ROLE))
    assert peers == [f"{JO_ROLE} ({JO_ID})", f"{JO_ROLE} ({JO_ID}-2)"]
    assert "quorra" not in folded(repr(choices))


def test_an_action_owner_typed_by_name_or_role_is_kept_as_the_persons_id(store: Store) -> None:
    minutes = store.get(Minutes, DECEMBER)
    minutes, by_name = add_action(store, minutes, "Call the clerk", owner="JO JIMENEZ", today=TODAY)
    minutes, by_role = add_action(store, minutes, "Book the room", owner="community member", today=TODAY)
    minutes, outsider = add_action(store, minutes, "Bring snacks", owner="Someone  Else", today=TODAY)
    assert [action.owner for action in minutes.actions[-3:]] == [JO_ID, XIMENA_ID, "Someone Else"]
    assert [store.get(FollowUp, item.id).owner for item in (by_name, by_role, outsider)] == [
        JO_ID,
        XIMENA_ID,
        "Someone Else",
    ]
    store.save(Person("confidential-2", "Jo Jiménez", confidential=True))  # two people of one name
    with pytest.raises(AmbiguousIdError) as error:
        add_action(store, minutes, "Anything", owner="jo jimenez", today=TODAY)
    assert leaks(str(error.value)) == []


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_the_minutes_document_is_public_unless_internal(store: Store, fmt: str) -> None:
    minutes = store.get(Minutes, DECEMBER)
    public_doc = minutes_document(store, minutes, Audience.PUBLIC)
    public = text_of(export_document(public_doc, fmt))
    assert leaks(public) == []
    assert f"{JO_ROLE}'s street is the worst" in " ".join(public.split())
    assert INTERNAL_BANNER not in public
    assert public_doc.file_name(fmt) == f"{DECEMBER}.{fmt}"
    internal_doc = minutes_document(store, minutes, Audience.INTERNAL)
    internal = text_of(export_document(internal_doc, fmt))
    assert set(leaks(internal)) == {"jo", "jimenez", "ximena", "quell"}
    assert INTERNAL_BANNER in internal
    assert internal_doc.file_name(fmt) == f"{DECEMBER}-INTERNAL.{fmt}"
    if fmt != "md":
        assert "INTERNAL: Minutes: Night Group" in internal  # the page's or the PDF's title


# ---- the CLI: minutes and agenda ------------------------------------------------------------------


def test_minutes_show_is_public_by_default_and_internal_says_so(run: Run, cli_data: Path) -> None:
    public = ok(run("minutes", "show", DECEMBER))
    assert leaks(public) == []
    assert f"**Chair:** {JO_ROLE}" in public
    assert "**Notes:** Community member" in public
    internal = ok_noted(run("minutes", "show", DECEMBER, "--internal"), "INTERNAL COPY")
    assert internal.splitlines()[0] == f"**{INTERNAL_BANNER}**"
    assert DISCUSSION in internal
    assert f"**Chair:** {JO}" in internal


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_minutes_export_and_agenda_files_are_public_unless_internal(
    run: Run, cli_data: Path, tmp_path: Path, fmt: str
) -> None:
    for args, stem in (
        (("minutes", "export", DECEMBER), DECEMBER),
        (("agenda", GROUP), f"2026-12-02-{GROUP}-agenda"),
    ):
        out = ok(run(*args, "--format", fmt, "-o", f"public.{fmt}"))
        assert out == f"wrote {args[0]} {stem} ({fmt}) to public.{fmt}\n"
        public = text_of((tmp_path / f"public.{fmt}").read_bytes())
        assert leaks(public) == [], (args, leaks(public))
        assert JO_ROLE in public
        out = ok_noted(run(*args, "--format", fmt, "--internal", "-o", f"internal.{fmt}"), "INTERNAL COPY")
        assert out == f"wrote {args[0]} {stem} ({fmt}, internal copy) to internal.{fmt}\n"
        internal = text_of((tmp_path / f"internal.{fmt}").read_bytes())
        assert INTERNAL_BANNER in internal
        assert "jimenez" in leaks(internal)


def test_pdfs_are_named_for_their_audience(run: Run, cli_data: Path, tmp_path: Path) -> None:
    ok(run("agenda", GROUP, "--format", "pdf"))
    ok_noted(run("agenda", GROUP, "--format", "pdf", "--internal"))
    ok(run("minutes", "export", DECEMBER, "--format", "pdf"))
    ok_noted(run("minutes", "export", DECEMBER, "--format", "pdf", "--internal"))
    made = sorted(path.name for path in tmp_path.glob("*.pdf"))
    assert made == sorted(
        [
            f"2026-12-02-{GROUP}-agenda-INTERNAL.pdf",
            f"2026-12-02-{GROUP}-agenda.pdf",
            f"{DECEMBER}-INTERNAL.pdf",
            f"{DECEMBER}.pdf",
        ]
    )


def test_minutes_list_names_no_one(run: Run, cli_data: Path) -> None:
    for args in (("minutes", "list"), ("minutes", "list", "--json")):
        assert leaks(ok(run(*args))) == []
    [december, _] = json.loads(ok(run("minutes", "list", "--json")))
    assert december == {
        "id": DECEMBER,
        "group": GROUP,
        "date": "2026-12-02",
        "status": "draft",
        "approved_at": "",
        "items": 5,
        "actions": 1,
    }


# ---- the CLI: honoraria ---------------------------------------------------------------------------


def test_honorarium_add_finds_a_confidential_person_by_the_role_lists_show(run: Run, cli_data: Path) -> None:
    ok(run("honorarium", "add", "peer representative", "--amount", "50", "--meeting", "m-oct"))
    ok(run("honorarium", "add", "Community member", "--amount", "50", "--meeting", "m-oct"))
    ok(run("honorarium", "add", "jo jimenez", "--amount", "20"))
    [by_role, roleless, by_name] = json.loads(ok(run("honorarium", "list", "--json")))
    assert [by_role["person_id"], roleless["person_id"], by_name["person_id"]] == [JO_ID, XIMENA_ID, JO_ID]
    assert [by_role["person"], roleless["person"]] == [JO_ROLE, "Community member"]


@pytest.mark.parametrize("typed", ["Jo Jimenezz", "Peer representative Jimenezz", "jimenez", "Jo"])
def test_a_typo_of_a_name_gets_one_line_that_does_not_echo_it(run: Run, cli_data: Path, typed: str) -> None:
    before = {path: path.read_bytes() for path in cli_data.rglob("*") if path.is_file()}
    line = fails(run("honorarium", "add", typed, "--amount", "5"), 1, "no person")
    assert leaks(line) == []
    assert JO_ROLE not in line
    assert "Jimenezz" not in line
    assert {path: path.read_bytes() for path in cli_data.rglob("*") if path.is_file()} == before
    line = fails(run("honorarium", "list", "--person", typed), 1, "no person")
    assert leaks(line) == []


def test_honoraria_are_public_by_default_with_internal(run: Run, cli_data: Path) -> None:
    ok(run("honorarium", "budget", GROUP, "--per-person", "50", "--total", "500"))
    note = "bus fare for jimenez's daughter"
    ok_noted(
        run("honorarium", "add", JO_ROLE, "--meeting", "m-oct", "--note", note),
        f"This names a confidential person: shown as '{JO_ROLE}' in anything shared.",
    )
    ok(run("honorarium", "add", "Ana Ferreira", "--meeting", "m-dec"))
    public_runs = [
        ("honorarium", "list"),
        ("honorarium", "list", "--json"),
        ("honorarium", "list", "--person", JO_ROLE),
        ("honorarium", "summary"),
        ("honorarium", "summary", "--json"),
        ("honorarium", "budget", GROUP),
        ("honorarium", "budget", GROUP, "--json"),
    ]
    for args in public_runs:
        result = run(*args)
        assert leaks(ok(result) + result.stderr) == [], args
    [item, _] = json.loads(ok(run("honorarium", "list", "--json")))
    assert (item["person"], item["note"]) == (JO_ROLE, f"bus fare for {JO_ROLE}'s daughter")
    assert "Peer representative's daughter" in ok(run("honorarium", "list"))
    internal = ok_noted(run("honorarium", "list", "--internal"), "INTERNAL COPY")
    assert JO in internal
    assert note in internal
    [item, _] = json.loads(ok_noted(run("honorarium", "list", "--json", "--internal"), "INTERNAL COPY"))
    assert (item["person"], item["note"]) == (JO, note)
    for args in (("honorarium", "summary", "--internal"), ("honorarium", "budget", GROUP, "--internal")):
        assert leaks(ok_noted(run(*args), "INTERNAL COPY")) == []  # nothing about people to show
