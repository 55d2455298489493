"""The README's shell blocks as commands to run in order: what the README tour test runs, and why
a block is left out (an HTML comment `<!-- not run: REASON -->` on the line before it), or what file
from elsewhere a block works on (`<!-- given: council.ics -->`: the test puts tests/data/council.ics in
the folder the commands run in, as a reader would have saved it)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SHELL = {"sh", "bash", "shell", "console", "zsh"}
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(?P<reason>\S.*?)\s*-->$")
GIVEN = re.compile(r"^<!--\s*given:\s*(?P<files>\S.*?)\s*-->$")
FENCE = re.compile(r"^(?P<fence>```+|~~~+)\s*(?P<info>[^`\s]*)")
ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)$", re.DOTALL)


class ReadmeError(AssertionError):
    """A README block the test can neither run nor see marked, or a command in it that failed."""


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    not_run: str  # the reason given in the marker, or "" when the block is run
    given: tuple[str, ...] = ()  # files from elsewhere its commands read, brought from tests/data


@dataclass(frozen=True)
class Command:
    line: int  # where the command starts in the README
    words: tuple[str, ...]
    given: tuple[str, ...] = ()  # files to put in the working folder before it (its block's first)


def blocks(markdown: str) -> Iterator[Block]:
    """Every fenced block, with its language and the not-run reason written just before it."""
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening["fence"]
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].startswith(fence):
            body.append(lines[index])
            index += 1
        if index == len(lines):
            raise ReadmeError(f"README line {start + 1}: a block that is never closed")
        index += 1
        before = next((text.strip() for text in reversed(lines[:start]) if text.strip()), "")
        marker = NOT_RUN.match(before)
        given = GIVEN.match(before)
        yield Block(
            start + 1,
            opening["info"].lower(),
            "\n".join(body),
            marker["reason"] if marker else "",
            tuple(given["files"].split()) if given else (),
        )


def commands(block: Block) -> list[Command]:
    """The block's commands: lines joined at a trailing backslash, comments dropped, as a shell would."""
    found: list[Command] = []
    pending: list[str] = []
    first = 0
    for offset, text in enumerate(block.text.splitlines(), start=block.line + 1):
        if not pending:
            first = offset
        if text.endswith("\\"):
            pending.append(text[:-1])
            continue
        pending.append(text)
        try:
            words = shlex.split(" ".join(pending), comments=True)
        except ValueError as error:
            raise ReadmeError(f"README line {first}: cannot read {' '.join(pending)!r} ({error})") from None
        pending = []
        if words:
            found.append(Command(first, tuple(words), () if found else block.given))
    if pending:
        raise ReadmeError(f"README line {first}: a command ends with a backslash and nothing after it")
    return found


def plan(markdown: str) -> tuple[list[Command], list[Block]]:
    """The commands to run, in order, and the blocks marked not run. A fenced block must say its
    language, and a shell block is either all commands this test can run or marked with why not."""
    runnable: list[Command] = []
    skipped: list[Block] = []
    for block in blocks(markdown):
        if not block.language:
            raise ReadmeError(
                f"README line {block.line}: a block without a language "
                "(```sh to run it, ```text if it is not commands)"
            )
        if block.language not in SHELL:
            continue
        if block.not_run:
            skipped.append(block)
            continue
        found = commands(block)
        if not found:
            raise ReadmeError(f"README line {block.line}: a shell block with no command in it")
        for command in found:
            if command.words[0] == "export":
                if len(command.words) < 2 or not all(ASSIGNMENT.match(word) for word in command.words[1:]):
                    raise ReadmeError(f"README line {command.line}: `export` only as NAME=VALUE here")
            elif command.words[0] != "delegate":
                raise ReadmeError(
                    f"README line {command.line}: `{command.words[0]}` is not a delegate command; run only "
                    "delegate here, or put `<!-- not run: REASON -->` on the line before the block"
                )
            elif not _without_data_dir(command.words[1:]):
                raise ReadmeError(
                    f"README line {command.line}: `{shlex.join(command.words)}` opens the app, which needs a "
                    "terminal: put `<!-- not run: REASON -->` on the line before the block"
                )
        runnable.extend(found)
    return runnable, skipped


def _without_data_dir(words: tuple[str, ...]) -> list[str]:
    """The words after `delegate` but for `--data-dir DIR`: none left means the app would open."""
    left: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "--data-dir":
            skip = True
        elif not word.startswith("--data-dir="):
            left.append(word)
    return left


def _tilde(word: str, home: Path) -> str:
    """`~` and `~/…` as the shell expands them (at the start of a word or of an assignment's value)."""
    if word == "~" or word.startswith("~/"):
        return str(home) + word[1:]
    return word


def run_all(
    commands_to_run: list[Command], executable: Path, env: dict[str, str], cwd: Path, timeout: float = 60
) -> list[tuple[Command, subprocess.CompletedProcess[str]]]:
    """Run each command in turn as a shell would (`export` sets the environment of those after it);
    stop at the first that exits non-zero or prints a traceback, naming its README line."""
    env = dict(env)
    home = Path(env["HOME"])
    done: list[tuple[Command, subprocess.CompletedProcess[str]]] = []
    for command in commands_to_run:
        for name in command.given:
            source = DATA / name
            if "/" in name or not source.is_file():
                raise ReadmeError(f"README line {command.line}: given {name!r} is not a file in tests/data")
            shutil.copyfile(source, cwd / name)
        if command.words[0] == "export":
            for word in command.words[1:]:
                assignment = ASSIGNMENT.match(word)
                assert assignment is not None  # plan() checked
                env[assignment["name"]] = _tilde(assignment["value"], home)
            continue
        argv = [str(executable), *(_tilde(word, home) for word in command.words[1:])]
        where, shown = f"README line {command.line}", shlex.join(command.words)
        try:
            result = subprocess.run(
                argv,
                check=False,  # the exit status is checked below, with the README line it came from
                env=env,
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise ReadmeError(f"{where}: {shown} took over {timeout} s") from None
        said = f"\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        if result.returncode != 0:
            raise ReadmeError(f"{where}: {shown} exited {result.returncode}{said}")
        if "Traceback (most recent call last)" in result.stdout + result.stderr:
            raise ReadmeError(f"{where}: {shown} printed a traceback{said}")
        done.append((command, result))
    return done


def isolated_env(tmp: Path) -> dict[str, str]:
    """The environment for the README's commands: this process's (so PYTHONPATH and the venv hold),
    with the home, data, cache and config dirs in `tmp`, and an editor that changes nothing."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("XDG_", "DELEGATE_")) and name not in {"VISUAL", "EDITOR"}
    }
    home = tmp / "home"
    home.mkdir()
    (tmp / "data").mkdir()
    (tmp / "cache").mkdir()
    env.update(
        HOME=str(home),
        DELEGATE_HOME=str(tmp / "data"),
        DELEGATE_CACHE=str(tmp / "cache"),
        EDITOR="true",  # `script edit` opens $EDITOR: here it leaves the text as it was
    )
    return env
