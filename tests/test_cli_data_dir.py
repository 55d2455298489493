"""`--data-dir` is accepted wherever it is typed, and dated ids are found by what follows their date."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import fails, ok
from click.testing import CliRunner

from delegate.cli import cli
from delegate.cli.arguments import hoist_data_dir
from delegate.model import Body, FollowUp
from delegate.store import AmbiguousIdError, NotFoundError, Store

pytestmark = pytest.mark.usefixtures("cli_environment")


@pytest.mark.parametrize(
    ("typed", "given"),
    [
        (["demo", "--data-dir", "D"], ["--data-dir", "D", "demo"]),
        (["body", "list", "--data-dir=D", "--json"], ["--data-dir=D", "body", "list", "--json"]),
        (["--data-dir", "D", "body", "list"], ["--data-dir", "D", "body", "list"]),
        (["followup", "add", "--", "--data-dir", "D"], ["followup", "add", "--", "--data-dir", "D"]),
        (["body", "list", "--data-dir"], ["body", "list", "--data-dir"]),  # click says what is missing
    ],
)
def test_data_dir_moves_to_the_front(typed: list[str], given: list[str]) -> None:
    assert hoist_data_dir(typed) == given


def test_demo_with_the_folder_after_the_command(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "delegate-demo"
    result = runner.invoke(cli, ["demo", "--data-dir", str(folder)], prog_name="delegate")
    assert ok(result).startswith(f"wrote the demo into {folder}")
    listed = runner.invoke(cli, ["body", "list", f"--data-dir={folder}"], prog_name="delegate")
    assert "Lakeport Police Board" in ok(listed)
    missing = runner.invoke(cli, ["body", "list", "--data-dir"], prog_name="delegate")
    fails(missing, 2, "--data-dir")


def test_dated_ids_are_found_by_what_follows_the_date(tmp_store: Store) -> None:
    tmp_store.save(FollowUp("2026-11-27-call-the-shelter-coalition", "Call the shelter coalition"))
    tmp_store.save(FollowUp("2026-11-28-call-the-clerk", "Call the clerk"))
    tmp_store.save(Body("lakeport-2026-board", "Lakeport"))
    assert tmp_store.find(FollowUp, "call-the-shelter").id == "2026-11-27-call-the-shelter-coalition"
    assert tmp_store.find(FollowUp, "2026-11-28").id == "2026-11-28-call-the-clerk"  # a prefix first
    with pytest.raises(AmbiguousIdError, match="matches 2"):
        tmp_store.find(FollowUp, "call-the")
    with pytest.raises(NotFoundError):
        tmp_store.find(FollowUp, "coalition")  # the start of the rest, not any part of it
    with pytest.raises(NotFoundError):
        tmp_store.find(Body, "board")  # only a date at the start counts
