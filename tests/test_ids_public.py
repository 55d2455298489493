"""Ids and file names never carry a confidential name: records named after someone before they were
marked confidential get public ids from `delegate check --fix`; references follow, the old ids keep
working, and nothing in the folder's file names names them any more."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ok, ok_noted, runner_for

from delegate.model import Body, Delegation, FollowUp, Handout, Meeting, Person, Script
from delegate.privacy import fold
from delegate.services.ids import exposing_ids, public_slug, rename_exposing_ids
from delegate.store import Store

TZ = ZoneInfo("America/Vancouver")
NAME_WORDS = ("jimenez", "zorbelle")


def _folder_names(root: Path) -> list[str]:
    return [str(path.relative_to(root)) for path in root.rglob("*")]


def _named(texts: list[str] | str) -> list[str]:
    joined = fold(texts if isinstance(texts, str) else "\n".join(texts))
    return [word for word in NAME_WORDS if word in joined]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Records named after Jo Jiménez while Jo was not yet confidential; then Jo is."""
    root = tmp_path / "data"
    store = Store(root, index=False)
    store.save(Body("lakeport-police-board", "Lakeport Police Board"))
    store.save(Body("jimenez-s-circle", "Jiménez's circle"))
    store.save(
        Meeting(
            "2026-12-17-lakeport-police-board", "lakeport-police-board", datetime(2026, 12, 17, 18, tzinfo=TZ)
        )
    )
    store.save(
        Meeting("2026-12-18-jimenez-s-circle", "jimenez-s-circle", datetime(2026, 12, 18, 18, tzinfo=TZ))
    )
    store.save(Person("jo-jimenez", "Jo Jiménez", member_of=("jimenez-s-circle",)))
    store.save(
        Delegation(
            "2026-12-17-jimenez-s-story",
            "2026-12-17-lakeport-police-board",
            "Jimenez's story",
            speakers=("jo-jimenez",),
            script="jimenez-speech",
        )
    )
    store.save(
        Script("jimenez-speech", "Jimenez speech", "## One\nWords.", delegation="2026-12-17-jimenez-s-story")
    )
    store.save(
        Script(
            "jimenez-speech", "Jimenez speech", "## One\nMore words.", delegation="2026-12-17-jimenez-s-story"
        )
    )
    store.save(Handout("safety-page", "Safety page", "Text", delegations=("2026-12-17-jimenez-s-story",)))
    store.save(
        FollowUp("2026-11-27-thank-the-board", "Thank the board", delegation="2026-12-17-jimenez-s-story")
    )
    store.save(Person("jo-jimenez", "Jo Jiménez", role="Peer representative", confidential=True,
                      member_of=("jimenez-s-circle",)))  # fmt: skip
    return root


def test_check_reports_without_naming_and_fix_renames_everything(folder: Path) -> None:
    run = runner_for(folder)
    reported = run("check")
    assert reported.exit_code == 0
    assert "record file name(s) name a confidential person" in reported.output
    assert "check --fix" in reported.output
    assert _named(reported.output) == []

    fixed = ok(run("check", "--fix"))
    assert "renamed" in fixed
    assert _named(fixed) == []
    assert _named(_folder_names(folder)) == [], _folder_names(folder)

    store = Store(folder, index=False)
    assert exposing_ids(store) == {}
    (delegation,) = store.all(Delegation)
    assert delegation.id == "2026-12-17-peer-representative-s-story"
    assert delegation.speakers == ("confidential-peer-representative",)
    assert delegation.script == "peer-representative-speech"
    (person,) = store.all(Person)
    assert person.id == "confidential-peer-representative"
    assert person.member_of == ("peer-representative-s-circle",)
    assert store.get(Script, "peer-representative-speech").delegation == delegation.id
    assert store.get(Handout, "safety-page").delegations == (delegation.id,)
    assert store.get(FollowUp, "2026-11-27-thank-the-board").delegation == delegation.id
    assert (
        store.get(Meeting, "2026-12-18-peer-representative-s-circle").body == "peer-representative-s-circle"
    )
    # the earlier text of the script moved with it
    versions = folder / "scripts" / "versions" / "peer-representative-speech"
    assert versions.is_dir()
    assert any(versions.iterdir())

    # the old ids still find the records (what someone typed, a script that kept them)
    assert store.get(Delegation, "2026-12-17-jimenez-s-story").id == delegation.id
    assert store.find(Person, "jo-jimenez").id == person.id
    again = ok(run("check"))
    assert "name a confidential person" not in again


def test_fix_twice_changes_nothing_more(folder: Path) -> None:
    store = Store(folder, index=False)
    assert rename_exposing_ids(store) == {"body": 1, "person": 1, "meeting": 1, "delegation": 1, "script": 1}
    assert rename_exposing_ids(Store(folder, index=False)) == {}


def test_a_rename_cut_short_is_finished_not_duplicated(folder: Path) -> None:
    store = Store(folder, index=False)
    rename_exposing_ids(store)
    # put the old delegation file back beside the new one, as a crash after writing the new one would
    new = folder / "delegations" / "2026" / "2026-12-17-peer-representative-s-story.toml"
    old = new.with_name("2026-12-17-jimenez-s-story.toml")
    shutil.copy(new, old)
    text = old.read_text().replace("confidential-peer-representative", "jo-jimenez")
    old.write_text(text)
    rename_exposing_ids(Store(folder, index=False))
    assert not old.exists()
    assert [item.id for item in Store(folder, index=False).all(Delegation)] == [new.stem]


def test_new_ids_come_from_the_public_text(folder: Path) -> None:
    store = Store(folder, index=False)
    assert public_slug(store, "Call JIMÉNEZ's landlord", "follow-up") == "call-peer-representative-s-landlord"


def test_marking_someone_confidential_renames_what_was_named_after_them(tmp_path: Path) -> None:
    run = runner_for(tmp_path / "data")
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board"))
    ok(run("meeting", "add", "--body", "lakeport", "--start", "2026-12-17 18:00"))
    ok(run("delegation", "add", "--meeting", "2026-12-17", "--topic", "Zorbelle's story"))
    added = run("person", "add", "Ana Zorbelle", "--confidential", "--role", "Outreach worker")
    assert added.exit_code == 0, added.output
    assert _named(_folder_names(tmp_path / "data")) == []
    assert "outreach-worker-s-story" in ok(run("delegation", "list"))


def test_a_role_may_not_hold_the_name_it_stands_for(tmp_path: Path) -> None:
    run = runner_for(tmp_path / "data")
    result = run("person", "add", "Jo Jiménez", "--confidential", "--role", "Jimenez family rep")
    assert result.exit_code == 1
    assert "role holds a word of the person's own name" in result.stderr
    assert _named(result.output) == []


def test_a_two_letter_first_name_leaves_no_id_or_file_name(tmp_path: Path) -> None:
    """ "Bo" alone, for a confidential Bo Zhang: a new follow-up's id is made from the public text, and
    one named after Bo before Bo was confidential is renamed (a slug has lost its case)."""
    root = tmp_path / "data"
    run = runner_for(root)
    ok(run("followup", "add", "Call Bo about the van", "--due", "2026-12-10"))
    ok(run("person", "add", "Bo Zhang", "--confidential", "--role", "Outreach worker"))
    ok_noted(
        run("followup", "add", "Ask BO's sister about the van", "--due", "2026-12-11"),
        "This names a confidential person: shown as 'Outreach worker' in anything shared.",
    )
    listed = ok(run("followup", "list"))
    files = _folder_names(root)
    for shown in (listed, "\n".join(files)):
        assert not re.search(r"(?<![^\W\d_])bo(?![^\W\d_])", shown, re.IGNORECASE), shown
    assert "call-outreach-worker-about-the-van" in listed
    assert "-ask-outreach-worker-s-sister" in listed
