"""The README's tour is a test: every shell block runs, command by command, in a fresh folder with
the installed `delegate`, or says on the line before it why it is not run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from readme_support import DATA, ReadmeError, isolated_env, plan, run_all

README = Path(__file__).resolve().parent.parent / "README.md"
DELEGATE = Path(sys.executable).parent / "delegate"  # the installed command, as a reader runs it


# The tour says its dates from today, so it must run on any day: today, and a late hour on the last
# day of a year far from the board's zone (the ids' dates and folders change year; "yesterday" and
# "+21d" are days in the user's zone, the board meets in Vancouver's).
WHEN = [
    pytest.param({}, id="now"),
    pytest.param(
        {"DELEGATE_NOW": "2027-12-31T23:30", "DELEGATE_TZ": "Pacific/Auckland"},
        id="new-years-eve-late-in-auckland",
        marks=pytest.mark.slow,
    ),
]


@pytest.mark.parametrize("when", WHEN)
def test_every_shell_block_of_the_readme_runs_in_order_on_a_fresh_folder(
    tmp_path: Path, when: dict[str, str]
) -> None:
    commands, _ = plan(README.read_text(encoding="utf-8"))
    work = tmp_path / "work"
    work.mkdir()
    env = isolated_env(tmp_path) | when
    done = run_all(commands, DELEGATE, env, cwd=work)
    assert len(done) == sum(command.words[0] == "delegate" for command in commands)
    # The tour works in the practice folder it names, and leaves the reader's own folder alone.
    home = Path(env["HOME"])
    assert (home / "delegate-tour" / "bodies" / "lakeport-police-board.toml").is_file()
    assert (home / "delegate-demo" / "bodies").is_dir()
    assert list(Path(env["DELEGATE_HOME"]).iterdir()) == []
    assert (work / "handout.pdf").read_bytes().startswith(b"%PDF")
    assert (home / "delegate.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_blocks_not_run_say_why() -> None:
    _, skipped = plan(README.read_text(encoding="utf-8"))
    reasons = {block.not_run for block in skipped}
    assert all(len(reason) > 10 for reason in reasons)  # a reason, not a bare marker


def test_an_unmarked_block_the_test_cannot_run_fails_it() -> None:
    with pytest.raises(ReadmeError, match="line 4: `pip` is not a delegate command"):
        plan("Set up:\n\n```sh\npip install delegate\n```\n")
    with pytest.raises(ReadmeError, match="opens the app, which needs a terminal"):
        plan("```sh\ndelegate --data-dir ~/delegate-demo\n```\n")
    with pytest.raises(ReadmeError, match="a block without a language"):
        plan("```\ndelegate body list\n```\n")
    marked = "<!-- not run: needs the network -->\n```sh\npip install delegate\n```\n"
    runnable, skipped = plan(marked)
    assert runnable == []
    assert [block.not_run for block in skipped] == ["needs the network"]


def test_continuations_and_comments_read_as_a_shell_reads_them() -> None:
    commands, _ = plan(
        "```sh\n"
        'delegate body add "Lakeport Police Board" \\\n'
        "    --members 7          # a comment\n"
        "                         # a comment alone\n"
        "export DELEGATE_HOME=~/x\n"
        "```\n"
    )
    assert [(command.line, command.words) for command in commands] == [
        (2, ("delegate", "body", "add", "Lakeport Police Board", "--members", "7")),
        (5, ("export", "DELEGATE_HOME=~/x")),
    ]


def test_a_command_that_fails_fails_the_test_with_its_line(tmp_path: Path) -> None:
    commands, _ = plan("```sh\ndelegate body list\ndelegate delegation request no-such-delegation\n```\n")
    failed = r"README line 3: delegate delegation request no-such-delegation exited 1"
    with pytest.raises(ReadmeError, match=failed):
        run_all(commands, DELEGATE, isolated_env(tmp_path), cwd=tmp_path)


def test_a_given_file_is_put_where_the_block_runs(tmp_path: Path) -> None:
    readme = (
        "<!-- given: council.ics -->\n"
        "```sh\n"
        'delegate body add "Lakeport City Council" --kind council\n'
        "delegate import ics council.ics --body lakeport-city --dry-run\n"
        "```\n"
    )
    commands, _ = plan(readme)
    assert [command.given for command in commands] == [("council.ics",), ()]
    run_all(commands, DELEGATE, isolated_env(tmp_path), cwd=tmp_path)
    assert (tmp_path / "council.ics").read_bytes() == (DATA / "council.ics").read_bytes()
    missing = plan("<!-- given: nowhere.ics -->\n```sh\ndelegate body list\n```\n")[0]
    with pytest.raises(ReadmeError, match=r"given 'nowhere\.ics' is not a file in tests/data"):
        run_all(missing, DELEGATE, {"HOME": str(tmp_path)}, cwd=tmp_path)
