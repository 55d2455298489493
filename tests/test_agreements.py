"""Standing agreements and confidentiality signatures: the services, then `delegate body …`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted

from delegate.model import Body, BodyKind, Person, Signature, ValidationError
from delegate.services.agreements import (
    add_agreement,
    list_agreements,
    move_agreement,
    remove_agreement,
    sign_agreement,
    signature_of,
    signatures,
    unsigned_members,
)
from delegate.services.duplicates import DuplicateError
from delegate.store import NotFoundError, Store

TODAY = date(2026, 11, 27)
GROUP = "night-group"
UNIFORMS = "Police attend without uniforms or guns"
STAYS = "What is said here stays here"
PHONES = "Phones away during the round table"


def fill(store: Store) -> Store:
    store.save(Body(GROUP, "Night Group", kind=BodyKind.ACTION_GROUP))
    store.save(Body("board", "Police Board", kind=BodyKind.POLICE_BOARD))
    for person in (
        Person("ana", "Ana Ferreira", "Rights Collective", member_of=(GROUP,)),
        Person("tom", "Tom Reid", "Public Health", member_of=(GROUP,)),
        Person("confidential-peer", "Velma Oxtrude", role="Peer rep", confidential=True, member_of=(GROUP,)),
        Person("outsider", "Olga Other", "Elsewhere"),
    ):
        store.save(person)
    return store


@pytest.fixture
def store(tmp_store: Store) -> Store:
    return fill(tmp_store)


def group(store: Store) -> Body:
    return store.get(Body, GROUP)


def files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


# ---- agreements ------------------------------------------------------------------------------------


def test_agreements_keep_their_order_through_add_move_and_remove(store: Store) -> None:
    add_agreement(store, group(store), UNIFORMS)
    add_agreement(store, group(store), STAYS)
    assert list_agreements(group(store)) == [UNIFORMS, STAYS]
    add_agreement(store, group(store), PHONES, position=1)
    assert list_agreements(group(store)) == [PHONES, UNIFORMS, STAYS]
    add_agreement(store, group(store), "Start on time", position=4)  # one past the end: last
    assert list_agreements(group(store))[-1] == "Start on time"
    move_agreement(store, group(store), 1, 3)
    assert list_agreements(group(store)) == [UNIFORMS, STAYS, PHONES, "Start on time"]
    move_agreement(store, group(store), 4, 1)
    assert list_agreements(group(store)) == ["Start on time", UNIFORMS, STAYS, PHONES]
    remove_agreement(store, group(store), 2)
    assert list_agreements(group(store)) == ["Start on time", STAYS, PHONES]
    # saved: a fresh store reads the same order
    assert Store(store.root, index=None).get(Body, GROUP).agreements == ("Start on time", STAYS, PHONES)


def test_agreement_text_is_one_tidy_line(store: Store) -> None:
    changed = add_agreement(store, group(store), "  What is said\n here   stays here ")
    assert changed.agreements == (STAYS,)


def test_empty_duplicate_and_out_of_range_are_refused_and_write_nothing(store: Store) -> None:
    add_agreement(store, group(store), UNIFORMS)
    before = files(store.root)
    with pytest.raises(ValidationError, match="needs some text"):
        add_agreement(store, group(store), "  \n ")
    with pytest.raises(DuplicateError, match=r"already has this standing agreement \(number 1\)"):
        add_agreement(store, group(store), "police attend  WITHOUT uniforms or guns")
    with pytest.raises(ValidationError, match="from 1 to 2, not 3"):
        add_agreement(store, group(store), STAYS, position=3)
    with pytest.raises(ValidationError, match="from 1 to 1, not 2"):
        remove_agreement(store, group(store), 2)
    with pytest.raises(ValidationError, match="from 1 to 1, not 0"):
        move_agreement(store, group(store), 0, 1)
    with pytest.raises(ValidationError, match="from 1 to 1, not 5"):
        move_agreement(store, group(store), 1, 5)
    with pytest.raises(ValidationError, match="has no standing agreements yet"):
        remove_agreement(store, store.get(Body, "board"), 1)
    assert files(store.root) == before
    assert list_agreements(group(store)) == [UNIFORMS]


# ---- signatures ------------------------------------------------------------------------------------


def test_signing_records_the_day_and_signing_again_updates_it(store: Store) -> None:
    sign_agreement(store, group(store), "ana", date(2026, 10, 7), today=TODAY)
    assert signature_of(group(store), "ana") == date(2026, 10, 7)
    sign_agreement(store, group(store), "confidential-peer", TODAY, today=TODAY)
    changed = sign_agreement(store, group(store), "ana", date(2026, 11, 4), today=TODAY)
    assert changed.signatures == (
        Signature("ana", date(2026, 11, 4)),
        Signature("confidential-peer", TODAY),
    )
    assert Store(store.root, index=None).get(Body, GROUP).signatures == changed.signatures


def test_signatures_list_every_member_and_who_has_not_signed(store: Store) -> None:
    assert [(item.person.id, item.signed) for item in signatures(store, group(store))] == [
        ("ana", None),
        ("confidential-peer", None),
        ("tom", None),
    ]
    sign_agreement(store, group(store), "confidential-peer", date(2026, 9, 2), today=TODAY)
    listed = signatures(store, group(store))
    assert [(item.person.id, item.signed) for item in listed] == [
        ("ana", None),
        ("tom", None),
        ("confidential-peer", date(2026, 9, 2)),
    ]
    assert "outsider" not in [item.person.id for item in listed]  # not a member
    assert [person.id for person in unsigned_members(store, group(store))] == ["ana", "tom"]


def test_bad_signatures_are_refused_and_write_nothing(store: Store) -> None:
    before = files(store.root)
    with pytest.raises(NotFoundError, match="no person with id 'nobody'"):
        sign_agreement(store, group(store), "nobody", TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="outsider is not a member of Night Group"):
        sign_agreement(store, group(store), "outsider", TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        sign_agreement(store, group(store), "ana", date(2026, 11, 28), today=TODAY)
    assert files(store.root) == before


# ---- CLI -------------------------------------------------------------------------------------------


@pytest.fixture
def cli_data(data: Path, cli_environment: None) -> Path:
    fill(Store(data, index=None))
    return data


def test_cli_agreements_add_list_move_remove(run: Run, cli_data: Path) -> None:
    assert "no standing agreements yet" in ok(run("body", "agreement", "list", "night"))
    assert ok(run("body", "agreement", "add", "night", UNIFORMS)) == (
        "added standing agreement 1 of 1 to night-group\n"
    )
    ok(run("body", "agreement", "add", "night", STAYS))
    assert ok(run("body", "agreement", "add", "night", PHONES, "--position", "1")) == (
        "added standing agreement 1 of 3 to night-group\n"
    )
    listed = ok(run("body", "agreement", "list", "night")).splitlines()
    assert listed[0].split() == ["#", "AGREEMENT"]
    assert listed[1:] == [f"1  {PHONES}", f"2  {UNIFORMS}", f"3  {STAYS}"]
    ok(run("body", "agreement", "move", "night", "1", "3"))
    ok(run("body", "agreement", "remove", "night", "1"))
    assert json.loads(ok(run("body", "agreement", "list", "night", "--json"))) == [
        {"position": 1, "text": STAYS},
        {"position": 2, "text": PHONES},
    ]


def test_cli_agreements_name_no_confidential_person_unless_internal(run: Run, cli_data: Path) -> None:
    added = run("body", "agreement", "add", "night", "Velma Oxtrude keeps the speaking list")
    ok_noted(added, "shown as 'Peer rep'")
    commands: list[tuple[str, ...]] = [
        ("body", "agreement", "list", "night"),
        ("body", "agreement", "list", "night", "--json"),
        ("body", "show", "night"),
        ("body", "show", "night", "--json"),
        ("body", "list", "--json"),
    ]
    for args in commands:
        shown = ok(run(*args))
        assert "Velma" not in shown, args
        assert "Oxtrude" not in shown, args
        assert "Peer rep keeps the speaking list" in shown, args
    assert "Velma Oxtrude keeps" in ok_noted(run("body", "agreement", "list", "night", "--internal"))


def test_cli_agreement_errors_write_nothing(run: Run, cli_data: Path) -> None:
    ok(run("body", "agreement", "add", "night", UNIFORMS))
    before = files(cli_data)
    fails(run("body", "agreement", "add", "night", "  "), 1, "needs some text")
    fails(
        run("body", "agreement", "add", "night", UNIFORMS.upper()), 1, "already has this standing agreement"
    )
    fails(run("body", "agreement", "add", "night", STAYS, "--position", "0"), 2, "--position")
    fails(run("body", "agreement", "add", "night", STAYS, "--position", "3"), 1, "from 1 to 2, not 3")
    fails(run("body", "agreement", "remove", "night", "2"), 1, "from 1 to 1")
    fails(run("body", "agreement", "remove", "night", "one"), 2, "'one' is not a valid integer")
    fails(run("body", "agreement", "move", "night", "1", "2"), 1, "from 1 to 1, not 2")
    fails(run("body", "agreement", "add", "no-such-group", STAYS), 1, "no body")
    fails(run("body", "agreement", "list", "no-such-group"), 1, "no body")
    assert files(cli_data) == before


def test_cli_sign_and_signatures(run: Run, cli_data: Path) -> None:
    assert ok(run("body", "sign", "night", "Ana Ferreira", "--date", "2026-10-07")) == (
        "ana signed the confidentiality agreement of night-group on 2026-10-07\n"
    )
    assert ok(run("body", "sign", "night", "ana", "--date", "2026-11-04")) == (
        "ana signed the confidentiality agreement of night-group on 2026-11-04 (was 2026-10-07)\n"
    )
    # a confidential member signs by name; the reply names them by id only
    assert ok(run("body", "sign", "night", "velma oxtrude")) == (
        "confidential-peer signed the confidentiality agreement of night-group on 2026-11-27\n"
    )
    table = ok(run("body", "signatures", "night"))
    assert table.splitlines() == [
        "ID                 SIGNED      NAME",
        "tom                not signed  Tom Reid",
        "ana                2026-11-04  Ana Ferreira",
        "confidential-peer  2026-11-27  Peer rep",
    ]
    listed = json.loads(ok(run("body", "signatures", "night", "--json")))
    assert listed == [
        {"id": "tom", "name": "Tom Reid", "signed": None},
        {"id": "ana", "name": "Ana Ferreira", "signed": "2026-11-04"},
        {"id": "confidential-peer", "name": "Peer rep", "signed": "2026-11-27"},
    ]
    internal = json.loads(ok_noted(run("body", "signatures", "night", "--json", "--internal"), "INTERNAL"))
    assert internal[-1]["name"] == "Velma Oxtrude"
    assert "Velma Oxtrude" in ok_noted(run("body", "signatures", "night", "--internal"))
    shown = ok(run("body", "show", "night"))
    assert "2 of 3 members signed the confidentiality agreement" in shown


def test_cli_body_show_lists_the_agreements_in_order(run: Run, cli_data: Path) -> None:
    ok(run("body", "agreement", "add", "night", UNIFORMS))
    ok(run("body", "agreement", "add", "night", STAYS))
    lines = ok(run("body", "show", "night")).splitlines()
    start = next(index for index, line in enumerate(lines) if line.strip().startswith("agreements"))
    assert lines[start].split("agreements", 1)[1].strip() == f"1. {UNIFORMS}"
    assert lines[start + 1].strip() == f"2. {STAYS}"
    assert "0 of 3 members signed" in "\n".join(lines)
    assert "signed" not in ok(run("body", "show", "board"))  # a board keeps no signatures


def test_cli_sign_errors_write_nothing_and_name_no_one(run: Run, cli_data: Path) -> None:
    before = files(cli_data)
    fails(run("body", "sign", "night", "nobody"), 1, "no person matches that")
    fails(run("body", "sign", "night", "outsider"), 1, "outsider is not a member of Night Group")
    fails(run("body", "sign", "night", "ana", "--date", "2027-02-30"), 2, "--date", "not a real date")
    fails(run("body", "sign", "night", "ana", "--date", "2026-12-01"), 1, "cannot be dated in the future")
    fails(run("body", "sign", "no-such-group", "ana"), 1, "no body")
    # a typed confidential name that matches no one exactly is echoed only as the person's role
    line = fails(run("body", "sign", "night", "Velma O."), 1, "no person")
    assert "Velma" not in line
    fails(run("body", "signatures", "no-such-group"), 1, "no body")
    assert files(cli_data) == before
