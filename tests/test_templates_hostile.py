"""Templates in a shared data folder are someone else's input: they read only the folder's templates/,
and a template that escapes, recurses or asks for a billion characters costs one line of error.

Each case goes through the CLI (`handout new` or `delegation letter` with a template of the data folder's
templates/), under a hang guard: a generous bound that fails the test instead of hanging the suite;
the cases themselves take milliseconds.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from cli_support import Run, fails, ok
from click.testing import Result
from demo_ui_support import NOW, demo_folder

from delegate.model import Delegation
from delegate.render import RenderError
from delegate.render.limits import MAX_NESTING, MAX_OUTPUT
from delegate.services.audience import Audience
from delegate.services.handouts import request_letter
from delegate.store import Store
from delegate.ui.app import make_app
from delegate.ui.screens.bodies import BodyScreen

pytestmark = pytest.mark.usefixtures("cli_environment")

UPCOMING = "2026-12-17-safety-first-reporting-guidelines"
GROUP = "safer-nights-action-group"
HANG_GUARD = 60.0  # seconds: only a test that would otherwise never end reaches it
SECRET = "the-reader's-private-words"

T = TypeVar("T")


def finished(action: Callable[[], T], seconds: float = HANG_GUARD) -> T:
    """`action()`, run in a worker thread (as the app renders), failing rather than hanging."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(action())
        except BaseException as error:  # handed to the test's thread
            failure.append(error)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if failure:
        raise failure[0]
    return outcome[0]


@pytest.fixture
def demo(run: Run, data: Path) -> Path:
    ok(run("demo"))
    (data / "templates").mkdir()
    return data


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file of the person rendering, beside (not in) the data folder."""
    path = tmp_path / "private" / "notes.txt"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


def files_under(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def new_handout(run: Run) -> Result:
    return finished(lambda: run("handout", "new", "Our ask", "--delegation", UPCOMING))


def refused(result: Result, *needles: str) -> str:
    """One line on stderr, naming the template; no template text, no raw control bytes."""
    line = fails(result, 1, "delegate: template ", *needles)
    assert SECRET not in result.output
    assert not any(char in result.stderr for char in "\x00\x1b\x07")
    return line


# ---- a template that never ends ------------------------------------------------------------------

ENDLESS = {
    "includes itself": ("Before\n{% include 'handout.md.j2' %}\n", "line 2", "nest more than"),
    "a recursive macro": (
        "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}\n\n{{ again(1) }}\n",
        "line 1",
        "nest more than",
    ),
    "extends itself": ("{% extends 'handout.md.j2' %}\n", "line 1", "nest more than"),
    "a recursive loop": (
        "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}\n",
        "line 1",
        "nest more than",
    ),
    "loops a loop forever": (
        "{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}\n{% endfor %}\n",
        "line 2",
        "loop turns",
    ),
}


@pytest.mark.parametrize(("source", "line", "why"), ENDLESS.values(), ids=ENDLESS.keys())
def test_a_template_that_never_ends_is_one_line(
    run: Run, demo: Path, source: str, line: str, why: str
) -> None:
    (demo / "templates" / "handout.md.j2").write_text(source, encoding="utf-8")
    before = files_under(demo)
    message = refused(new_handout(run), "handout.md", line, why)
    assert str(demo / "templates" / "handout.md.j2") in message
    assert files_under(demo) == before  # no handout was saved


# ---- a template that asks for too much -----------------------------------------------------------

TOO_MUCH = {
    "a billion characters": ("# {{ title }}\n\n{{ ('a' * 10**9) | length }}\n", "line 3", "`*` would make"),
    "a huge number": ("{{ 2 ** (10 ** 9) }}\n", "line 1", "`**` would make a number"),
    "a huge width": ("\n{{ 'a'.center(10**9) }}\n", "line 2", "center() would make"),
    "a huge filter width": ("{{ title | center(10**9) }}\n", "line 1", "the center filter would make"),
    "a huge format width": ("{{ '{:>999999999}'.format(title) }}\n", "line 1", "format() would make"),
    "a huge % width": ("{{ '%999999999s' % title }}\n", "line 1", "`%` would make"),
    "joined a million times": (
        "{% set long = 'x' * 1000000 %}\n{{ long.join(range(100000)) }}\n",
        "line 2",
        "join() would make",
    ),
    "doubled forty times": (
        "{% set ns = namespace(text='ab') %}\n{% for i in range(40) %}{% set ns.text = ns.text ~ ns.text %}"
        "{% endfor %}\n",
        "line 2",
        "`~` makes more than",
    ),
    "lists in lists": (
        "{% set ns = namespace(list=[]) %}{% for i in range(100000) %}{% set ns.list = [ns.list] %}"
        "{% endfor %}\n{{ ns.list }}\n",
        "line 2",
        "a list nested more than",
    ),
    "a huge document": (
        "{% for i in range(100000) %}\n{{ 'word ' * 20 }}\n{% endfor %}\n",
        "line 2",
        "the document",
    ),
    "a huge macro": (
        "{% macro page() %}{% for i in range(100000) %}{{ 'word ' * 20 }}{% endfor %}{% endmacro %}\n"
        "{{ page() }}\n",
        "line 1",
        "a macro or block makes more than",
    ),
}


@pytest.mark.parametrize(("source", "line", "why"), TOO_MUCH.values(), ids=TOO_MUCH.keys())
def test_a_template_that_asks_for_too_much_is_one_line(
    run: Run, demo: Path, source: str, line: str, why: str
) -> None:
    (demo / "templates" / "handout.md.j2").write_text(source, encoding="utf-8")
    before = files_under(demo)
    message = refused(new_handout(run), "handout.md", line, why)
    assert len(message) < 400
    assert files_under(demo) == before


def test_a_large_document_within_the_limit_is_made(run: Run, demo: Path) -> None:
    (demo / "templates" / "handout.md.j2").write_text(
        "# {{ title }}\n{% for i in range(10000) %}\n{{ 'word ' * 20 }}\n{% endfor %}\n", encoding="utf-8"
    )
    ok(new_handout(run))
    handout = next((demo / "handouts").glob("our-ask*.md"))
    assert 1_000_000 < len(handout.read_text(encoding="utf-8")) < MAX_OUTPUT


# ---- reading only the data folder's templates/ ---------------------------------------------------


def test_a_template_that_links_outside_is_not_read(run: Run, demo: Path, outside: Path) -> None:
    (demo / "templates" / "handout.md.j2").symlink_to(outside)
    refused(new_handout(run), "handout.md", "is a link to a file outside", str(demo / "templates"))


def test_an_include_of_a_link_outside_is_not_read(run: Run, demo: Path, outside: Path) -> None:
    templates = demo / "templates"
    (templates / "notes.md").symlink_to(outside)
    (templates / "handout.md.j2").write_text("# {{ title }}\n\n{% include 'notes.md' %}\n", encoding="utf-8")
    refused(new_handout(run), "handout.md", "line 3", "notes.md is a link to a file outside")


@pytest.mark.parametrize("name", ["../../private/notes.txt", "/etc/passwd", "parts/../../../notes.txt"])
def test_an_include_that_leaves_the_folder_is_refused(run: Run, demo: Path, outside: Path, name: str) -> None:
    (demo / "templates" / "request-letter.md.j2").write_text(
        f"Dear clerk,\n\n{{% include '{name}' %}}\n", encoding="utf-8"
    )
    result = finished(lambda: run("delegation", "letter", UPCOMING))
    refused(result, "template request-letter.md", "line 3", "may not start at the root, go up a folder")
    assert "root:" not in result.output


def test_a_templates_folder_that_links_outside_is_not_read(run: Run, demo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "handout.md.j2").write_text(f"{SECRET}\n", encoding="utf-8")
    (demo / "templates").rmdir()
    (demo / "templates").symlink_to(elsewhere)
    refused(new_handout(run), "is a link to a folder outside")


def test_links_inside_the_folder_are_followed(run: Run, demo: Path) -> None:
    templates = demo / "templates"
    (templates / "parts").mkdir()
    (templates / "parts" / "ask.md").write_text("We ask: {{ ask }}\n", encoding="utf-8")
    (templates / "ours.md.j2").write_text("# {{ title }}\n\n{% include 'parts/ask.md' %}", encoding="utf-8")
    (templates / "handout.md.j2").symlink_to("ours.md.j2")
    ok(new_handout(run))
    text = next((demo / "handouts").glob("our-ask*.md")).read_text(encoding="utf-8")
    assert text.startswith("# Our ask\n\nWe ask: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_read(run: Run, demo: Path) -> None:
    os.mkfifo(demo / "templates" / "handout.md.j2")  # opening it to read would wait for a writer
    refused(new_handout(run), "is not a regular file")


@pytest.mark.parametrize("how", ["a link to itself", "a link to nothing"])
def test_a_broken_link_is_not_read(run: Run, demo: Path, how: str) -> None:
    link = demo / "templates" / "handout.md.j2"
    link.symlink_to(link.name if how == "a link to itself" else "gone.md.j2")
    refused(new_handout(run), "is a link that leads nowhere")


def test_a_huge_template_file_is_not_read(run: Run, demo: Path) -> None:
    (demo / "templates" / "handout.md.j2").write_text("{{ title }}\n" * 30_000, encoding="utf-8")
    refused(new_handout(run), "is larger than 256 KB")


def test_a_binary_template_is_quoted_escaped(run: Run, demo: Path) -> None:
    (demo / "templates" / "handout.md.j2").write_bytes(
        b"# Title\n\x00\x1b]0;owned\x07\xff\xfe" + b"\x00" * 500
    )
    line = refused(new_handout(run), "is not UTF-8 text (at byte 19: ")
    assert "\\x1b]0;owned\\x07\\xff" in line  # the bytes around the first bad one, escaped
    assert len(line) < 300


# ---- the packaged templates ----------------------------------------------------------------------


def test_the_packaged_templates_still_render(run: Run, demo: Path) -> None:
    ok(new_handout(run))
    assert "Dear " in ok(run("delegation", "letter", UPCOMING))
    for fmt in ("md", "html"):
        ok(run("agenda", GROUP, "--format", fmt, "-o", str(demo.parent / f"agenda.{fmt}")))


def test_a_template_of_the_data_folder_cannot_include_a_packaged_one_by_path(run: Run, demo: Path) -> None:
    (demo / "templates" / "handout.md.j2").write_text(
        "{% include '../../templates/speech.md.j2' %}\n", encoding="utf-8"
    )
    refused(new_handout(run), "may not start at the root, go up a folder")


# ---- in a worker thread, as the app renders --------------------------------------------------------


def test_recursion_is_caught_in_a_thread_with_a_small_stack(tmp_path: Path) -> None:
    """The nesting limit is counted, not left to Python's: it holds where a thread's C stack is small."""
    root = demo_folder(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "request-letter.md.j2").write_text(
        "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(1) }}\n", encoding="utf-8"
    )
    store = Store(root, index=None)
    delegation = store.get(Delegation, UPCOMING)
    before = threading.stack_size(256 * 1024)
    try:
        with pytest.raises(RenderError, match=f"line 1: templates nest more than {MAX_NESTING} deep"):
            finished(lambda: request_letter(store, delegation, Audience.PUBLIC))
    finally:
        threading.stack_size(before)


def test_the_app_says_a_recursive_template_in_one_notification(tmp_path: Path) -> None:
    root = demo_folder(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "agenda.md.j2").write_text(
        "# Agenda\n{% include 'agenda.md.j2' %}\n", encoding="utf-8"
    )
    errors: list[str] = []

    async def scenario() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_record("body", GROUP)
            await pilot.pause()
            await pilot.press("p")  # the agenda, made in a worker thread
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, BodyScreen)  # still here
            errors.extend(str(note.message) for note in app._notifications if note.severity == "error")

    asyncio.run(scenario())
    assert len(errors) == 1, errors
    assert errors[0].startswith("No agenda: template agenda.md (")
    assert "line 2: templates nest more than" in errors[0]
    assert "\n" not in errors[0]
    assert not (root / "exports").exists()
