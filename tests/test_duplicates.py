"""No silent duplicates: adding a body, agency, agreement, honorarium or person that is already here
(case, accents and spacing aside) is refused in one line with the existing id and `--again`; nothing
is written; `--again` adds it. A refusal never repeats a person's name."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from delegate.model import Body, Person
from delegate.privacy import Redactor, fold
from delegate.services.agreements import add_agreement
from delegate.services.bodies import add_body
from delegate.services.duplicates import DuplicateError, same_text
from delegate.services.people import add_person
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

BOARD = "lakeport-police-board"
DECEMBER = f"2026-12-09-{BOARD}"
SECRET = "Jo Jiménez"


def snapshot(data: Path) -> dict[str, bytes | None]:
    """Every file and folder under the data folder (hidden ones too), with the bytes of each file."""
    return {
        str(path.relative_to(data)): path.read_bytes() if path.is_file() else None
        for path in sorted(data.rglob("*"))
    }


def refused(run: Run, data: Path, *args: str) -> str:
    """`delegate ARGS` fails in one line that says how to add it anyway, and writes nothing."""
    before = snapshot(data)
    line = fails(run(*args), 1, "--again")
    assert snapshot(data) == before
    return line


def secret_words() -> list[str]:
    """What must never show of the confidential name, folded: the whole name and each word."""
    folded = fold(SECRET)
    return [folded, *folded.split()]


def shows_no_secret(text: str) -> bool:
    folded = fold(text)
    return not any(re.search(rf"\b{re.escape(word)}\b", folded) for word in secret_words())


# ---- bodies -------------------------------------------------------------------------------------------


def test_a_body_already_here_is_refused_with_its_id_and_again_adds_it(run: Run, data: Path) -> None:
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board"))
    for typed in (
        "Lakeport Police Board",
        "lakeport  POLICE board",
        " Lakepórt Police Bóard ",
        "LakeportPolice Board",
    ):
        line = refused(run, data, "body", "add", typed)
        assert f"Lakeport Police Board is already here ({BOARD})" in line, line
    assert ok(run("body", "add", "Lakeport Police Board", "--again")) == f"added body {BOARD}-2\n"
    assert sorted(body.id for body in Store(data, index=None).all(Body)) == [BOARD, f"{BOARD}-2"]
    assert ok(run("body", "add", "Lakeport City Council")) == "added body lakeport-city-council\n"


def test_a_body_refusal_shows_its_name_as_the_public_sees_it(run: Run, data: Path) -> None:
    ok(run("person", "add", SECRET, "--confidential", "--role", "Peer representative"))
    ok_noted(run("body", "add", "Jo Jiménez Circle", "--kind", "action-group"), "Peer representative")
    line = refused(run, data, "body", "add", "jo jimenez circle")
    assert "Peer representative" in line, line
    assert shows_no_secret(line), line


# ---- agencies -----------------------------------------------------------------------------------------


def test_an_agency_already_here_typed_another_way_is_refused(run: Run, data: Path) -> None:
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board"))
    ok(run("audit", "new", "Access to services"))
    line = refused(run, data, "audit", "agency", "add", "access-to-services", "Lakepórt Police Board")
    assert f"Lakeport Police Board is already here ({BOARD}): give that id to look at it" in line, line
    # its exact name (or id) still looks at the body that is there, as before
    out = ok(run("audit", "agency", "add", "access-to-services", "lakeport police board"))
    assert f"({BOARD}, an existing police-board)" in out, out
    ok(run("audit", "new", "Second look"))
    out = ok(run("audit", "agency", "add", "second-look", "Lakepórt Police Board", "--again"))
    assert f"({BOARD}-2, a new body of kind agency)" in out, out


def test_audit_new_refuses_an_agency_already_here_and_writes_nothing(run: Run, data: Path) -> None:
    ok(run("body", "add", "Harbour Housing Agency", "--kind", "agency"))
    line = refused(
        run, data, "audit", "new", "Access", "--agency", "Harbour  Housing Agéncy", "--agency", "Transit"
    )
    assert "Harbour Housing Agency is already here (harbour-housing-agency)" in line, line
    out = ok(run("audit", "new", "Access", "--agency", "Harbour  Housing Agéncy", "--again"))
    assert "new agency bodies: harbour-housing-agency-2" in out, out


# ---- standing agreements ------------------------------------------------------------------------------


def test_an_agreement_the_group_has_is_refused_and_again_adds_it(run: Run, data: Path) -> None:
    ok(run("body", "add", "Night Group", "--kind", "action-group"))
    ok(run("body", "agreement", "add", "night-group", "What is said here stays here"))
    ok(run("body", "agreement", "add", "night-group", "Police attend without uniforms"))
    line = refused(run, data, "body", "agreement", "add", "night-group", "police  attend withóut UNIFORMS")
    assert "Night Group already has this standing agreement (number 2)" in line, line
    out = ok(run("body", "agreement", "add", "night-group", "Police attend without uniforms", "--again"))
    assert out == "added standing agreement 3 of 3 to night-group\n"
    # another group may have the same text
    ok(run("body", "add", "Day Group", "--kind", "action-group"))
    ok(run("body", "agreement", "add", "day-group", "Police attend without uniforms"))


# ---- honoraria ----------------------------------------------------------------------------------------


@pytest.fixture
def meeting(run: Run) -> None:
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2026-12-09 18:00"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2027-01-13 18:00"))
    ok(run("person", "add", "Ana Ferreira"))
    ok(run("person", "add", SECRET, "--confidential", "--role", "Peer representative"))


@pytest.mark.usefixtures("meeting")
def test_a_second_honorarium_for_one_person_at_one_meeting_is_refused(run: Run, data: Path) -> None:
    assert "2026-12-09-1" in ok(
        run("honorarium", "add", "Ana Ferreira", "--meeting", DECEMBER, "--amount", "50")
    )
    line = refused(run, data, "honorarium", "add", "ana  ferreira", "--meeting", DECEMBER, "--amount", "25")
    assert "that person already has an honorarium for this meeting (2026-12-09-1)" in line, line
    assert "Ferreira" not in line
    out = ok(run("honorarium", "add", "Ana Ferreira", "--meeting", DECEMBER, "--amount", "25", "--again"))
    assert out.startswith("added honorarium 2026-12-09-2: "), out
    # someone else at that meeting, or the same person at another meeting, is no duplicate
    ok(run("honorarium", "add", "Peer representative", "--meeting", DECEMBER, "--amount", "50"))
    ok(run("honorarium", "add", "Ana Ferreira", "--meeting", "2027-01-13", "--amount", "50"))


@pytest.mark.usefixtures("meeting")
def test_a_confidential_persons_second_honorarium_is_refused_without_their_name(run: Run, data: Path) -> None:
    ok(run("honorarium", "add", SECRET, "--meeting", DECEMBER, "--amount", "50"))
    line = refused(run, data, "honorarium", "add", "jo jimenez", "--meeting", DECEMBER, "--amount", "50")
    assert "(2026-12-09-1)" in line, line
    assert shows_no_secret(line), line


def test_a_second_honorarium_for_one_workshop_is_refused(run: Run, data: Path) -> None:
    ok(run("person", "add", "Ana Ferreira"))
    ok(run("audit", "new", "Access", "--agency", "Harbour Housing Agency"))
    workshop = ok(run("audit", "workshop", "add", "access", "2026-12-02 13:00")).split()[2]
    ok(run("honorarium", "add", "Ana Ferreira", "--workshop", workshop, "--amount", "40"))
    line = refused(run, data, "honorarium", "add", "Ana Ferreira", "--workshop", workshop, "--amount", "40")
    assert "for this workshop (2026-12-02-1)" in line, line
    ok(run("honorarium", "add", "Ana Ferreira", "--workshop", workshop, "--amount", "40", "--again"))


# ---- people -------------------------------------------------------------------------------------------


def test_a_person_already_here_is_refused_by_id_and_again_adds_them(run: Run, data: Path) -> None:
    ok(run("person", "add", "Ana Ferreira", "--org", "Harbour Tenants"))
    line = refused(run, data, "person", "add", "ána  FERREIRA")
    assert "a person with that name is already here (ana-ferreira)" in line, line
    assert "Ferreira" not in line
    assert ok(run("person", "add", "Ana Ferreira", "--again")) == "added person ana-ferreira-2\n"


@pytest.mark.parametrize("flags", [["--confidential"], ["--role", "Outreach worker"]])
def test_a_person_refusal_never_repeats_a_confidential_name(run: Run, data: Path, flags: list[str]) -> None:
    ok(run("person", "add", SECRET, "--confidential", "--role", "Peer representative"))
    line = refused(run, data, "person", "add", "jo  JIMENEZ", *flags)
    expected = "a person with that name is already here (confidential-peer-representative)"
    assert f"{expected}; add --again to add another" in line, line
    assert shows_no_secret(line), line
    assert shows_no_secret(ok(run("person", "list")))


def test_again_adds_a_second_confidential_person_of_that_name(run: Run, data: Path) -> None:
    ok(run("person", "add", SECRET, "--confidential", "--role", "Peer representative"))
    out = ok(run("person", "add", "jo  JIMENEZ", "--confidential", "--again"))
    assert out == "added confidential person confidential-community-member\n"
    people = Store(data, index=None).all(Person)
    assert sorted(person.id for person in people) == [
        "confidential-community-member",
        "confidential-peer-representative",
    ]


# ---- the same to a reader: a property -----------------------------------------------------------------

ACCENTS = ("\u0300", "\u0301", "\u0302", "\u0303", "\u0308")  # grave, acute, circumflex, tilde, diaeresis
SPACES = st.text(alphabet=" \t\u00a0", max_size=3)
WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), min_size=1, max_size=4
)


@st.composite
def written_another_way(draw: st.DrawFn, name: str) -> str:
    """`name` with some letters in the other case, some accented, and its spaces changed."""
    words = []
    for word in name.split(" "):
        letters = []
        for letter in word:
            written = letter.swapcase() if draw(st.booleans()) else letter
            if draw(st.booleans()):
                written = unicodedata.normalize("NFC", written + draw(st.sampled_from(ACCENTS)))
            letters.append(written)
        words.append("".join(letters))
    gaps = [draw(SPACES) for _ in range(len(words) + 1)]
    return gaps[0] + "".join(word + gap for word, gap in zip(words, gaps[1:], strict=True))


@st.composite
def a_name_and_another_way(draw: st.DrawFn) -> tuple[str, str]:
    name = " ".join(word.capitalize() for word in draw(WORDS))
    return name, draw(written_another_way(name))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a_name_and_another_way())
@example(("Member", "Member"))  # found in CI: the label "Community member" named them
def test_names_differing_only_in_case_accents_or_spacing_are_caught(pair: tuple[str, str]) -> None:
    name, typed = pair
    assert same_text(name, typed)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "data", index=None)
        person = add_person(store, name, confidential=True)
        body = add_body(store, name)
        group = add_agreement(store, body, name)
        before = snapshot(store.root)
        with pytest.raises(DuplicateError) as caught:
            add_body(store, typed)
        assert caught.value.existing == body.id
        for confidential in (True, False):
            with pytest.raises(DuplicateError) as caught:
                add_person(store, typed, confidential=confidential)
            assert caught.value.existing == person.id
            # the id only: the name is in no part of it
            assert str(caught.value) == (
                f"a person with that name is already here ({person.id}); add --again to add another"
            )
        with pytest.raises(DuplicateError) as caught:
            add_agreement(store, group, typed)
        assert caught.value.existing == "1"
        assert snapshot(store.root) == before


@settings(max_examples=60, deadline=None)
@given(a_name_and_another_way(), st.data())
def test_a_name_with_one_other_letter_is_not_a_duplicate(pair: tuple[str, str], data: st.DataObject) -> None:
    name, _ = pair
    at = data.draw(st.sampled_from([index for index, letter in enumerate(name) if letter.isalpha()]))
    other = data.draw(st.sampled_from([letter for letter in "bkqz" if letter != name[at].casefold()]))
    changed = name[:at] + other + name[at + 1 :]
    assert not same_text(name, changed)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "data", index=None)
        add_body(store, name)
        add_person(store, name)
        assert add_body(store, changed).name == changed
        assert add_person(store, changed).name == changed
        assert len(store.all(Body)) == len(store.all(Person)) == 2


@pytest.mark.parametrize("name", ["Member", "Community", "Community Member"])
def test_a_confidential_person_named_like_the_label_gets_an_id_naming_no_one(
    tmp_path: Path, name: str
) -> None:
    """A person called "Member" is shown as "Community member": an id made from that label would
    name them, and be renamed at every later confidential add. Their id names no one, and stays."""
    store = Store(tmp_path / "data", index=None)
    person = add_person(store, name, confidential=True)
    assert store.get(Person, person.id) == person  # the record returned is the one kept
    assert not Redactor.of(store.all(Person)).names_someone(person.id.replace("-", " "))
    add_person(store, "Someone Else", confidential=True)
    assert store.get(Person, person.id).id == person.id  # not renamed since
