"""Speeches and handouts may name a confidential person (thanking them, telling their story): every
output of `delegate script …`, `delegate handout …` and of their screens (the timer's teleprompter
too) shows them by role unless asked (`--internal`, or N for that screen only). Editing shows the text
as written; an attached PDF is passed through as made, and says so."""

from __future__ import annotations

import asyncio
import html
import io
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import Run, ok, ok_noted
from people_support import JO_LABEL, JO_MENTION, MIRELA_LABEL, MIRELA_MENTION, add_people, folded, leaks
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown, Static

from delegate.model import Delegation, Handout, Meeting, Rehearsal, Script, SectionTime
from delegate.services.audience import Audience
from delegate.services.handouts import print_checklist
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.handouts import HandoutScreen
from delegate.ui.screens.scripts import ScriptScreen
from delegate.ui.screens.timer import TimerScreen

pytestmark = pytest.mark.usefixtures("cli_environment")

ZONE = ZoneInfo("America/Vancouver")
SCRIPT = "thanks-to-peer-representative-s-family"  # from the title, as the public sees it
HANDOUT = "what-community-member-s-aunt-saw"
SPEECH = f"""\
## For {JO_MENTION} family
Jo Jiménez asked us to speak.

## The ask
Hear {MIRELA_MENTION} story.
"""


@pytest.fixture
def folder(run: Run, data: Path) -> Path:
    """A script and a handout that name Jo Jiménez and Mirela Çoban, a take, and an earlier text."""
    add_people(run)
    ok_noted(run("script", "new", f"Thanks to {JO_MENTION} family"), f"'{JO_LABEL}'")
    ok_noted(run("handout", "new", f"What {MIRELA_MENTION} aunt saw"), f"'{MIRELA_LABEL}'")
    store = Store(data, index=None)
    script = store.get(Script, SCRIPT)
    store.save(Script(SCRIPT, script.title, "## Draft\nTo be written.\n"))
    store.save(Script(SCRIPT, script.title, SPEECH))  # the draft is kept as a version
    handout = store.get(Handout, HANDOUT)
    store.save(
        Handout(HANDOUT, handout.title, f"# {handout.title}\n\nJo Jiménez and {MIRELA_MENTION} aunt.\n")
    )
    at = datetime(2026, 11, 26, 9, tzinfo=ZONE)
    splits = (SectionTime(f"For {JO_MENTION} family", 40.0), SectionTime("The ask", 20.0))
    store.save(Rehearsal(f"2026-11-26-090000-{SCRIPT}", SCRIPT, at, 60.0, 300.0, splits, words=12))
    return data


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    title = reader.metadata.title if reader.metadata and reader.metadata.title else ""
    return " ".join([title, *(page.extract_text() or "" for page in reader.pages)])


def test_ids_and_file_names_carry_no_name(folder: Path) -> None:
    for path in folder.rglob("*"):
        assert leaks(path.name.replace("-", " ")) == [], path


def test_every_public_script_and_handout_output_shows_people_by_role(
    run: Run, folder: Path, tmp_path: Path
) -> None:
    commands = (
        ("script", "list"),
        ("script", "list", "--json"),
        ("script", "show", SCRIPT),
        ("script", "estimate", SCRIPT),
        ("script", "estimate", SCRIPT, "--json"),
        ("script", "rehearsals", SCRIPT),
        ("script", "rehearsals", SCRIPT, "--json"),
        ("script", "versions", SCRIPT),
        ("script", "versions", SCRIPT, "--json"),
        ("handout", "list"),
        ("handout", "list", "--json"),
        ("handout", "show", HANDOUT),
        ("handout", "versions", HANDOUT, "--json"),
        ("handout", "render", HANDOUT, "--format", "md"),
        ("handout", "render", HANDOUT, "--format", "html"),
    )
    for args in commands:
        shown = ok(run(*args))
        assert leaks(shown) == [], (args, leaks(shown))
        assert "INTERNAL" not in shown, args
    assert f"## For {JO_LABEL}'s family\n{JO_LABEL} asked us to speak." in ok(run("script", "show", SCRIPT))
    [take] = json.loads(ok(run("script", "rehearsals", SCRIPT, "--json")))
    assert take["sections"][0]["title"] == f"For {JO_LABEL}'s family"
    kept = json.loads(ok(run("script", "versions", SCRIPT, "--json")))
    assert [item["path"] for item in kept] == [f"scripts/versions/{SCRIPT}/{item['id']}.md" for item in kept]
    assert (
        ok(run("handout", "render", HANDOUT, "-o", "out.pdf"))
        == f"wrote handout {HANDOUT} (pdf) to out.pdf\n"
    )
    text = pdf_text(tmp_path / "out.pdf")
    assert f"{JO_LABEL} and {MIRELA_LABEL}'s aunt" in " ".join(text.split())
    assert leaks(text) == []


def test_internal_outputs_show_the_names_and_say_so(run: Run, folder: Path, tmp_path: Path) -> None:
    for args in (
        ("script", "list", "--json", "--internal"),
        ("script", "show", SCRIPT, "--internal"),
        ("script", "estimate", SCRIPT, "--internal"),
        ("script", "rehearsals", SCRIPT, "--json", "--internal"),
        ("handout", "list", "--internal"),
        ("handout", "show", HANDOUT, "--internal"),
    ):
        assert leaks(ok_noted(run(*args), "INTERNAL COPY")) != [], args
    md = ok_noted(run("handout", "render", HANDOUT, "--format", "md", "--internal"), "INTERNAL COPY")
    assert md.startswith("**INTERNAL COPY — contains confidential names. Do not circulate.**")
    assert f"Jo Jiménez and {MIRELA_MENTION} aunt." in md
    out = ok_noted(run("handout", "render", HANDOUT, "--internal"), "INTERNAL COPY")
    assert out == f"wrote handout {HANDOUT} (pdf, internal copy) to {HANDOUT}-INTERNAL.pdf\n"
    text = pdf_text(tmp_path / f"{HANDOUT}-INTERNAL.pdf")
    assert text.startswith(f"INTERNAL: What {MIRELA_MENTION} aunt saw")
    assert "jimenez" in folded(text)


def test_the_print_checklist_names_handouts_and_scripts_as_the_public_sees_them(folder: Path) -> None:
    store = Store(folder, index=None)
    store.save(Meeting("m", "board", datetime(2026, 12, 17, 18, tzinfo=ZONE), place=f"{JO_MENTION} hall"))
    delegation = Delegation("d", "m", "Safety", handouts=(HANDOUT,), script=SCRIPT)
    public = "\n".join(print_checklist(store, delegation))
    assert f"of What {MIRELA_LABEL}'s aunt saw ({HANDOUT})" in public
    assert f"at {JO_LABEL}'s hall" in public
    assert leaks(public) == []
    assert leaks("\n".join(print_checklist(store, delegation, Audience.INTERNAL))) == ["coban", "jimenez"]


# ---- the screens -----------------------------------------------------------------------------------

Scenario = Callable[[DelegateApp, Pilot[None]], Awaitable[None]]


def run_app(data: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(data, watch=False)
        async with app.run_test(size=(140, 50)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def shown_on(screen: object) -> str:
    """The screen's title, every table cell, pane and Markdown preview."""
    parts = [str(getattr(screen, "sub_title", ""))]
    query = screen.query  # type: ignore[attr-defined]
    for table in query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    parts += [str(pane.render()) for pane in query(Static)]
    parts += [preview.source for preview in query(Markdown)]
    return "\n".join(parts)


async def names_only_after_n(pilot: Pilot[None]) -> None:
    screen = pilot.app.screen
    assert leaks(shown_on(screen)) == [], leaks(shown_on(screen))
    await pilot.press("N")
    await pilot.pause()
    assert "NAMES SHOWN" in screen.sub_title
    assert "jimenez" in leaks(shown_on(screen))
    await pilot.press("N")
    await pilot.pause()
    assert leaks(shown_on(screen)) == []


def test_script_handout_and_list_screens_show_people_by_role_until_n(folder: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        for key in ("s", "h"):  # the lists
            await pilot.press(key)
            await pilot.pause()
            assert leaks(shown_on(app.screen)) == []
        app.open_record("script", SCRIPT)
        await pilot.pause()
        assert isinstance(app.screen, ScriptScreen)
        assert f"For {JO_LABEL}'s family" in shown_on(app.screen)  # the estimate's section
        await names_only_after_n(pilot)
        app.open_record("handout", HANDOUT)
        await pilot.pause()
        assert isinstance(app.screen, HandoutScreen)
        assert f"{JO_LABEL} and {MIRELA_LABEL}'s aunt." in shown_on(app.screen)
        await names_only_after_n(pilot)

    run_app(folder, scenario)


def test_the_timer_shows_people_by_role_until_n(folder: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_timer(SCRIPT)
        await pilot.pause()
        assert isinstance(app.screen, TimerScreen)
        assert f"{JO_LABEL} asked us to speak." in shown_on(app.screen)
        await names_only_after_n(pilot)

    run_app(folder, scenario)


def test_the_app_saves_a_public_handout_unless_n(folder: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("handout", HANDOUT)
        await pilot.pause()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.press("N", "w")
        await app.workers.wait_for_complete()
        await pilot.pause()

    run_app(folder, scenario)
    public = (folder / "exports" / f"{HANDOUT}.html").read_text(encoding="utf-8")
    assert f"{JO_LABEL} and {MIRELA_LABEL}" in public
    assert leaks(public) == []
    internal = (folder / "exports" / f"{HANDOUT}-INTERNAL.html").read_text(encoding="utf-8")
    assert f"<title>INTERNAL: What {html.escape(MIRELA_MENTION)} aunt saw</title>" in internal
    assert "Jo Jiménez" in internal


def test_an_attached_pdf_is_saved_as_made_and_the_app_says_so(folder: Path, tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Survey")
    source = tmp_path / "survey.pdf"
    source.write_bytes(bytes(pdf.output()))
    from delegate.services.handouts import new_handout

    attached = new_handout(Store(folder, index=None), "Survey", None, source)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("handout", attached.id)
        await pilot.pause()
        assert "cannot hide names in it" in shown_on(app.screen)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = [note.message for note in app._notifications if note.message.startswith("Saved")]
        assert saved == [
            f"Saved {folder / 'exports' / 'survey.pdf'}: this is an attached PDF, passed through as it was"
            " made: delegate cannot hide names in it"
        ]

    run_app(folder, scenario)
    assert (folder / "exports" / "survey.pdf").read_bytes() == source.read_bytes()
