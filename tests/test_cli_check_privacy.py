"""`delegate check` names files and references as the public reads them, unless --internal."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Run
from mentions_support import JO_ROLE, leaks, mentions_folder

from delegate.model import FollowUp

pytestmark = pytest.mark.usefixtures("cli_environment")


@pytest.fixture
def folder(data: Path) -> Path:
    store = mentions_folder(data).store
    # A file named after her (made by hand), and a reference typed by hand to a delegation that is gone.
    (data / "followups" / "2026" / "2026-12-03-call-jimenez.toml").write_text("text = \n")
    store.save(FollowUp("2026-11-27-ask-the-clerk", "Ask the clerk", delegation="2026-12-01-jimenez-talk"))
    return data


def test_problems_are_listed_by_role(run: Run, folder: Path) -> None:
    result = run("check")
    assert result.exit_code == 1
    assert leaks(result.output) == []
    assert f"error: followups/2026/2026-12-03-call-{JO_ROLE}.toml:1:" in result.stderr
    assert f"refers to a delegation that does not exist: '2026-12-01-{JO_ROLE}-talk'" in result.stderr
    # the follow-up whose id still carries her name is counted, not named; --fix renames it
    warning = "warning: 1 record file name(s) name a confidential person; `delegate check --fix`"
    assert warning in result.output
    assert result.stderr.splitlines()[-1] == f"2 error(s), 1 warning(s) in {folder}"


def test_internal_problems_name_the_files_as_they_are(run: Run, folder: Path) -> None:
    result = run("check", "--internal")
    assert result.exit_code == 1
    assert result.stderr.startswith("delegate: INTERNAL COPY")
    assert "error: followups/2026/2026-12-03-call-jimenez.toml:1:" in result.stderr
    assert "'2026-12-01-jimenez-talk'" in result.stderr
