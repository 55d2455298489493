"""People, bodies, meetings, delegations, costs and the request letter, for the public and internally.

A confidential "Jo Jiménez" (role "Peer representative", chosen public name "River") and a
confidential "Kim Lee" (no role: "Community member") are named in typed text the way a note-taker
writes: by surname only, lowercased, without the accent, possessive ("jimenez's"). No public output
of these commands (tables, shows, --json, the letter in md/html/pdf, ids, file names, errors) may
hold any part of a name; --internal must show them, and say so.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted
from privacy_support import pdf_text

from delegate.model import Delegation, Person
from delegate.services.audience import Audience
from delegate.services.delegations import delegation_detail, delegation_views
from delegate.services.handouts import request_letter
from delegate.services.people import check_alias, person_views
from delegate.store import Store

GROUP = "safer-nights"
BOARD = "lakeport-police-board"
MEETING = f"2026-12-17-{BOARD}"
JO = "confidential-peer-representative"
KIM = "confidential-community-member"
NAMES = ("Jo Jiménez", "Kim Lee")
TOPIC = "Housing for jimenez's family"
DELEGATION = "2026-12-17-housing-for-peer-representative-s-family"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def named(text: str) -> list[str]:
    """Every part of a confidential name found in `text` (case and accents folded). Words of three
    letters or more are found anywhere; shorter ones ('Jo', 'Lee' is three) only as whole words."""
    folded = fold(text)
    found = []
    for name in NAMES:
        for part in (name, *name.split()):
            wanted = fold(part)
            pattern = (
                re.escape(wanted) if len(wanted) >= 3 else rf"(?<![^\W\d_]){re.escape(wanted)}(?![^\W\d_])"
            )
            if re.search(pattern, folded):
                found.append(part)
    return found


@pytest.fixture
def folder(run: Run, data: Path, cli_environment: None) -> Path:
    ok(run("body", "add", "Safer Nights", "--kind", "action-group"))
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board", "--members", "7"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2026-12-17 18:00"))
    added = run(
        "person", "add", "Jo Jiménez", "--confidential", "--role", "Peer representative", "--alias", "River",
        "--email", "jo@example.org", "--phone", "555-0142", "--member-of", GROUP,
    )  # fmt: skip
    assert ok(added) == f"added confidential person {JO}\n"
    assert ok(run("person", "add", "Kim Lee", "--confidential", "--member-of", GROUP)).endswith(f"{KIM}\n")
    ok(run("person", "add", "Ana Ferreira", "--member-of", GROUP))
    added = run(
        "delegation", "add", "--meeting", "2026-12-17", "--topic", TOPIC, "--ask", "Ask jimenez first",
        "--speaker", "peer representative", "--speaker", "Ana Ferreira",
    )  # fmt: skip
    assert ok_noted(added, "shown as 'Peer representative'") == f"added delegation {DELEGATION}\n"
    return data


# ---- people ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("alias", ["Jo River", "JIMENEZ", "River jimenez's", "Kim", "lee"])
def test_an_alias_holding_a_word_of_the_name_is_refused_without_repeating_it(
    run: Run, data: Path, cli_environment: None, alias: str
) -> None:
    name = "Kim Lee" if fold(alias).split()[0] in {"kim", "lee"} else "Jo Jiménez"
    line = fails(run("person", "add", name, "--confidential", "--alias", alias), 1, "holds a word")
    assert named(line) == []
    assert not data.exists() or not list(data.rglob("*.toml"))


def test_an_alias_is_for_a_confidential_person_and_names_no_one_else(folder: Path, run: Run) -> None:
    fails(run("person", "add", "Tom Reid", "--alias", "Tommy"), 1, "add --confidential")
    line = fails(
        run("person", "add", "Sam Oak", "--confidential", "--alias", "Jiménez"), 1, "names a confidential"
    )
    assert named(line) == []
    assert (
        check_alias(Store(folder, index=None), "Sam Oak", "  Blue   Heron ", confidential=True)
        == "Blue Heron"
    )


def test_person_list_and_show_are_public_by_default(folder: Path, run: Run) -> None:
    listed = ok(run("person", "list"))
    assert "Peer representative (confidential)" in listed
    assert "Community member (confidential)" in listed
    assert "Ana Ferreira" in listed
    shown = [
        listed,
        ok(run("person", "list", "--json")),
        ok(run("person", "show", JO)),
        ok(run("person", "show", "Peer Representative")),  # by the role every list shows
        ok(run("person", "show", "river", "--json")),  # by the chosen public name
        ok(run("person", "show", "community member")),
    ]
    for text in shown:
        assert named(text) == [], text
        assert "jo@example.org" not in text
        assert "555-0142" not in text
    assert "named in letters as  River" in shown[2]
    [public] = json.loads(shown[4])
    assert public["name"] == "Peer representative"
    assert "email" not in public
    assert "phone" not in public


def test_person_internal_shows_names_and_says_so(folder: Path, run: Run) -> None:
    result = run("person", "show", "river", "--internal")
    out = ok_noted(result, "INTERNAL COPY")
    assert "name  Jo Jiménez" in out
    assert "phone  555-0142" in out
    by_id = {item["id"]: item for item in json.loads(ok_noted(run("person", "list", "--json", "--internal")))}
    assert by_id[KIM]["name"] == "Kim Lee"
    assert by_id[JO]["email"] == "jo@example.org"


def test_a_typo_of_a_confidential_name_is_not_echoed(folder: Path, run: Run) -> None:
    for args in (
        ("person", "show", "Jo Jimenezz"),
        ("body", "sign", GROUP, "jimenes"),
    ):
        line = fails(run(*args), 1)
        assert named(line) == [], line


def test_person_views_hide_contacts_of_confidential_people(folder: Path) -> None:
    store = Store(folder, index=None)
    public = {view.id: view for view in person_views(store, Audience.PUBLIC)}
    assert (public[JO].name, public[JO].email, public[JO].alias) == ("Peer representative", "", "River")
    assert public[KIM].name == "Community member"
    internal = {view.id: view for view in person_views(store, Audience.INTERNAL)}
    assert (internal[JO].name, internal[JO].phone) == ("Jo Jiménez", "555-0142")


# ---- delegations, meetings, bodies, costs ----------------------------------------------------------------


def test_delegation_id_speakers_and_text_keep_names_out(folder: Path, run: Run) -> None:
    store = Store(folder, index=None)
    saved = store.get(Delegation, DELEGATION)
    assert saved.speakers == (JO, "ana-ferreira")  # the role found the person; stored by id
    assert saved.topic == TOPIC  # saved as typed
    for path in folder.rglob("*"):
        assert named(str(path.relative_to(folder))) == []
    ok_noted(
        run("delegation", "request", DELEGATION, "--note", "Kim Lee called the clerk"), "'Community member'"
    )
    ok(run("cost", "add", "--delegation", DELEGATION, "--what", "bus fare", "--amount", "6"))
    ok_noted(run("cost", "add", "--delegation", DELEGATION, "--what", "childcare", "--by", "jimenez's aunt"))
    ok(run("body", "sign", GROUP, "River"))  # by the chosen public name
    ok(run("body", "sign", GROUP, "community member", "--date", "2026-11-02"))  # by the label
    outputs = {
        " ".join(args): run(*args)
        for args in (
            ("delegation", "list"),
            ("delegation", "list", "--json"),
            ("delegation", "show", DELEGATION),
            ("delegation", "show", DELEGATION, "--json"),
            ("meeting", "show", MEETING),
            ("meeting", "show", MEETING, "--json"),
            ("meeting", "list", "--json"),
            ("body", "show", BOARD),
            ("body", "show", GROUP, "--json"),
            ("body", "signatures", GROUP),
            ("body", "signatures", GROUP, "--json"),
            ("cost", "list"),
            ("cost", "list", "--json"),
        )
    }
    for command, result in outputs.items():
        assert named(ok(result)) == [], command
    assert "Housing for Peer representative's family" in outputs["delegation list"].stdout
    show = outputs[f"delegation show {DELEGATION}"].stdout
    assert "speakers  Peer representative, Ana Ferreira" in show
    assert "Community member called the clerk" in show
    assert "yes, Peer representative's aunt" in outputs["cost list"].stdout
    signatures = outputs[f"body signatures {GROUP}"].stdout
    assert "2026-11-27  Peer representative" in signatures
    assert "2026-11-02  Community member" in signatures

    internal = [
        ok_noted(run("delegation", "show", DELEGATION, "--internal"), "INTERNAL COPY"),
        ok_noted(run("delegation", "list", "--json", "--internal")),
        ok_noted(run("meeting", "show", MEETING, "--internal")),
        ok_noted(run("body", "signatures", GROUP, "--internal")),
        ok_noted(run("cost", "list", "--internal")),
    ]
    assert all(named(text) for text in internal), internal
    assert "speakers  Jo Jiménez, Ana Ferreira" in internal[0]


def test_delegation_views_for_each_audience(folder: Path) -> None:
    store = Store(folder, index=None)
    [public] = delegation_views(store, Audience.PUBLIC)
    assert (public.topic, public.ask, public.speakers) == (
        "Housing for Peer representative's family",
        "Ask Peer representative first",
        ("Peer representative", "Ana Ferreira"),
    )
    assert public.fields["speakers"] == ["Peer representative", "Ana Ferreira"]
    detail = delegation_detail(store, store.get(Delegation, DELEGATION), Audience.INTERNAL)
    assert detail.view.topic == TOPIC
    assert detail.copies == 9


# ---- the request letter ------------------------------------------------------------------------------------


def test_the_letter_is_public_by_default_and_names_the_speaker_by_their_chosen_name(
    folder: Path, run: Run, tmp_path: Path
) -> None:
    letter = ok(run("delegation", "letter", DELEGATION))
    assert named(letter) == []
    assert "**Speakers:** River, Ana Ferreira" in letter
    assert "Housing for Peer representative's family" in letter
    assert "Ask Peer representative first" in letter
    assert "INTERNAL" not in letter
    for fmt in ("md", "html", "pdf"):
        path = tmp_path / f"letter.{fmt}"
        out = ok(run("delegation", "letter", DELEGATION, "--format", fmt, "-o", str(path)))
        assert out == f"wrote the request letter for {DELEGATION} ({fmt}) to {path}\n"
        text = pdf_text(path.read_bytes(), title=True) if fmt == "pdf" else path.read_text(encoding="utf-8")
        assert named(text) == [], fmt
        assert "River" in text


def test_the_internal_letter_names_people_and_says_so_at_the_top(
    folder: Path, run: Run, tmp_path: Path
) -> None:
    result = run("delegation", "letter", DELEGATION, "--internal")
    letter = ok_noted(result, "INTERNAL COPY")
    assert letter.startswith("**INTERNAL COPY")
    assert "**Speakers:** Jo Jiménez, Ana Ferreira" in letter
    assert TOPIC in letter
    path = tmp_path / "internal.pdf"
    ok_noted(run("delegation", "letter", DELEGATION, "--internal", "--format", "pdf", "-o", str(path)))
    text = pdf_text(path.read_bytes(), title=True)
    assert text.startswith("INTERNAL: Request to appear")  # the PDF's title says so too
    assert "Jiménez" in text


def test_a_confidential_speaker_without_a_chosen_name_is_named_by_role(folder: Path) -> None:
    store = Store(folder, index=None)
    delegation = store.get(Delegation, DELEGATION)
    store.save(Person(JO, "Jo Jiménez", role="Peer representative", confidential=True))  # no alias now
    kim_speaks = Delegation(delegation.id, delegation.meeting, "Bus passes", speakers=("Kim Lee",))
    store.save(kim_speaks)  # typed by name, as older folders have it
    doc = request_letter(store, kim_speaks)
    assert "**Speaker:** Community member" in doc.markdown
    assert named(doc.markdown + doc.title + doc.file_name("md")) == []
    assert doc.file_name("md") == f"{DELEGATION}-request-letter.md"
    internal = request_letter(store, kim_speaks, Audience.INTERNAL)
    assert "**Speaker:** Kim Lee" in internal.markdown
    assert internal.file_name("pdf") == f"{DELEGATION}-request-letter-INTERNAL.pdf"


def test_bad_letter_requests_write_nothing(folder: Path, run: Run, tmp_path: Path) -> None:
    fails(run("delegation", "letter", "no-such"), 1, "no delegation with id")
    fails(run("delegation", "letter", DELEGATION, "--format", "docx"), 2, "'docx'")
    fails(
        run("delegation", "letter", DELEGATION, "-o", str(tmp_path / "no" / "letter.md")), 1, "does not exist"
    )
    assert not (tmp_path / "no").exists()
