"""Every output of `delegate audit …` and of the audit screens is public by default: confidential
people named in typed text (a title, an agency's name and notes, a workshop's format, a barrier, an
effect, a recommendation, a response's note) are shown by role, in tables, `--json`, the report in
every format, errors and on screen; `--internal` (and N, for that screen only) shows them and says so.
Typed text is saved as typed, and the person typing is told how it will be shown."""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from cli_support import Run, fails, ok, ok_noted
from people_support import JO_LABEL, JO_MENTION, MIRELA_LABEL, MIRELA_MENTION, add_people, folded, leaks
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from delegate.model import Body, Finding, Recommendation
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.audit_detail import AuditScreen
from delegate.ui.widgets.form import FormScreen

pytestmark = pytest.mark.usefixtures("cli_environment")

AUDIT = "barriers-peer-representative-s-named"  # from the title, as the public sees it
AGENCY = "peer-representative-outreach"
BOTH = (f"'{JO_LABEL}'", f"'{MIRELA_LABEL}'")


@pytest.fixture
def audit(run: Run, data: Path) -> str:
    """An audit whose every typed text names Jo Jiménez or Mirela Çoban, by surname, lowercased."""
    add_people(run)
    ok(run("body", "add", "Safer Nights", "--kind", "action-group"))
    out = ok_noted(
        run(
            "audit", "new", f"Barriers {JO_MENTION} named", "--aim", f"Hear {MIRELA_MENTION} story",
            "--agency", "Jimenez Outreach", "--agency", "Housing Authority",
        ),
        *BOTH,
    )  # fmt: skip
    assert out.startswith(
        f"added audit {AUDIT} with 2 agencies (new agency bodies: {AGENCY}, housing-authority)"
    )
    store = Store(data, index=None)
    body = store.get(Body, AGENCY)
    store.save(replace(body, notes=f"Run by {MIRELA_MENTION} cousin"))
    ok_noted(
        run(
            "audit", "workshop", "add", AUDIT, "2026-12-03 18:00", "--host", "safer",
            "--format", f"circle at {JO_MENTION}", "--place", "coban's kitchen",
        ),
        *BOTH,
    )  # fmt: skip
    ok(run("audit", "workshop", "attendance", "2026-12-03", "--sex-workers", "6"))
    ok_noted(
        run(
            "audit", "finding", "add", AUDIT, "--agency", AGENCY,
            "--barrier", f"{JO_MENTION} landlord refused",
            "--effect", "coban sleeps outside", "--workshop", "2026-12-03",
        ),
        *BOTH,
    )  # fmt: skip
    ok_noted(run("audit", "recommend", AUDIT, "--finding", "1", f"Ask {JO_MENTION} worker"), f"'{JO_LABEL}'")
    ok_noted(
        run("audit", "respond", f"{AUDIT}-1-r1", "--status", "sent", "--note", f"told {MIRELA_MENTION} aunt"),
        f"'{MIRELA_LABEL}'",
    )
    return AUDIT


def public_outputs(run: Run, audit: str, tmp_path: Path) -> dict[str, str]:
    """What each public command prints (and the report in every format, PDF title included)."""
    commands = {
        "list": ("audit", "list"),
        "list --json": ("audit", "list", "--json"),
        "show": ("audit", "show", audit),
        "show --json": ("audit", "show", audit, "--json"),
        "agencies": ("audit", "agency", "list", audit),
        "agencies --json": ("audit", "agency", "list", audit, "--json"),
        "workshops": ("audit", "workshop", "list", audit),
        "workshops --json": ("audit", "workshop", "list", audit, "--json"),
        "findings": ("audit", "finding", "list", audit),
        "findings --json": ("audit", "finding", "list", audit, "--json"),
        "recommendations": ("audit", "recommendations", audit),
        "recommendations --json": ("audit", "recommendations", audit, "--json"),
        "report md": ("audit", "report", audit, "--format", "md"),
        "report html": ("audit", "report", audit, "--format", "html"),
    }
    shown = {label: ok(run(*args)) for label, args in commands.items()}
    assert ok(run("audit", "report", audit, "--format", "pdf")).endswith(f"to {audit}-report.pdf\n")
    shown["report pdf"] = pdf_text(tmp_path / f"{audit}-report.pdf")
    return shown


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    title = reader.metadata.title if reader.metadata and reader.metadata.title else ""
    return " ".join([title, *(page.extract_text() or "" for page in reader.pages)])


def test_every_public_audit_output_shows_confidential_people_by_role(
    run: Run, audit: str, tmp_path: Path
) -> None:
    for label, text in public_outputs(run, audit, tmp_path).items():
        assert leaks(text) == [], (label, leaks(text))
        assert "INTERNAL" not in text, label
    shown = ok(run("audit", "show", audit))
    assert f"finding {audit}-1: {JO_LABEL}'s landlord refused" in shown
    assert f"effect: {MIRELA_LABEL} sleeps outside" in shown
    assert f"{JO_LABEL} Outreach ({AGENCY})" in shown
    [agency] = [
        item
        for item in json.loads(ok(run("audit", "agency", "list", audit, "--json")))
        if item["id"] == AGENCY
    ]
    assert agency["notes"] == f"Run by {MIRELA_LABEL}'s cousin"
    [workshop] = json.loads(ok(run("audit", "workshop", "list", audit, "--json")))
    assert workshop["format"] == f"circle at {JO_LABEL}'s"
    assert workshop["place"] == f"{MIRELA_LABEL}'s kitchen"


def test_internal_outputs_show_the_names_and_say_so(run: Run, audit: str, tmp_path: Path) -> None:
    shown = ok_noted(run("audit", "show", audit, "--json", "--internal"), "INTERNAL COPY")
    assert JO_MENTION in shown  # as typed
    assert MIRELA_MENTION in shown
    for args in (
        ("audit", "list", "--internal"),
        ("audit", "agency", "list", audit, "--internal"),
        ("audit", "finding", "list", audit, "--internal"),
        ("audit", "recommendations", audit, "--internal", "--json"),
        ("audit", "workshop", "list", audit, "--internal", "--json"),
    ):
        assert leaks(ok_noted(run(*args), "INTERNAL COPY")) != [], args
    report = ok_noted(run("audit", "report", audit, "--format", "md", "--internal"), "INTERNAL COPY")
    assert report.startswith("**INTERNAL COPY — contains confidential names. Do not circulate.**")
    assert f"{JO_MENTION} landlord refused" in report
    out = ok_noted(run("audit", "report", audit, "--format", "pdf", "--internal"), "INTERNAL COPY")
    assert out.endswith(f"(pdf, internal copy) to {audit}-report-INTERNAL.pdf\n")
    text = pdf_text(tmp_path / f"{audit}-report-INTERNAL.pdf")
    assert text.startswith("INTERNAL: Policy audit: Barriers jimenez")  # the PDF's title says so too
    assert "jimenez" in folded(text)


def test_typed_text_is_saved_as_typed(audit: str, data: Path) -> None:
    store = Store(data, index=None)
    finding = store.get(Finding, f"{audit}-1")
    assert finding.barrier == f"{JO_MENTION} landlord refused"
    assert finding.effect == "coban sleeps outside"
    for path in data.rglob("*"):
        assert leaks(path.name.replace("-", " ")) == [], path


def test_errors_never_repeat_a_typed_name(run: Run, audit: str, data: Path) -> None:
    before = {path: path.read_bytes() for path in data.rglob("*") if path.is_file()}
    for typed in ("Jo Jimenezz", "jimenez", "Mirela Coban"):
        line = fails(run("audit", "finding", "add", audit, "--agency", typed, "--barrier", "X"), 1)
        assert "that is not one of the agencies" in line
        assert "jimenez" not in folded(line), line
        assert "coban" not in folded(line), line
        assert leaks(line) == []
    line = fails(run("audit", "agency", "add", audit, "Jimenez Outreach"), 1, "already one of the agencies")
    assert line == f"delegate: {JO_LABEL} Outreach is already one of the agencies of audit {audit}"
    line = fails(run("audit", "workshop", "add", audit, "2026-12-10 18:00", "--host", AGENCY), 1)
    assert f"{JO_LABEL} Outreach is a agency" in line
    assert leaks(line) == []
    after = {path: path.read_bytes() for path in data.rglob("*") if path.is_file()}
    assert after == before


# ---- the screens -----------------------------------------------------------------------------------


def screen_text(screen: AuditScreen) -> str:
    """Everything the audit screen shows: its title, tables and panes."""
    parts = [str(screen.sub_title)]
    for table in screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    parts += [str(pane.render()) for pane in screen.query(Static)]
    return "\n".join(parts)


def run_app(data: Path, scenario: object) -> None:
    async def main() -> None:
        app = make_app(data, watch=False)
        async with app.run_test(size=(140, 50)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)  # type: ignore[operator]

    asyncio.run(main())


def test_the_audit_screen_shows_people_by_role_until_n(audit: str, data: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("audit", audit)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        await pilot.press("enter")  # the first agency's findings
        await pilot.pause()
        shown = screen_text(screen)
        assert leaks(shown) == [], leaks(shown)
        assert f"{JO_LABEL}'s landlord refused" in shown  # the finding, in the table and the pane
        assert f"Findings at {JO_LABEL} Outreach" in shown
        assert f"circle at {JO_LABEL}'s" in shown  # the workshop's format

        await pilot.press("down")  # the recommendation: its response's note in the pane
        await pilot.pause()
        pane = str(screen.query_one("#selected", Static).render())
        assert f"told {MIRELA_LABEL}'s aunt" in pane
        assert leaks(screen_text(screen)) == []

        await pilot.press("N")
        await pilot.pause()
        assert "NAMES SHOWN" in screen.sub_title
        named = screen_text(screen)
        assert f"told {MIRELA_MENTION} aunt" in named  # the cursor stayed on the recommendation
        assert "Jimenez Outreach" in named
        await pilot.press("N")
        await pilot.pause()
        assert "NAMES SHOWN" not in screen.sub_title
        assert leaks(screen_text(screen)) == []

        # The finding form's agency picker shows the agency as the public sees it.
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        picker = form.query_one(Select)
        labels = " ".join(str(option[0]) for option in picker._options)
        assert f"{JO_LABEL} Outreach" in labels
        assert leaks(labels) == []

    run_app(data, scenario)


def test_the_report_from_the_screen_is_public_unless_n(audit: str, data: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("audit", audit)
        await pilot.pause()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.press("N", "w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = [note.message for note in app._notifications if note.message.startswith("Saved")]
        assert any(message.endswith("(confidential people by role)") for message in saved), saved
        assert any("internal copy" in message for message in saved), saved

    run_app(data, scenario)
    public = (data / "exports" / f"{audit}-report.html").read_text(encoding="utf-8")
    assert leaks(public) == []
    internal = (data / "exports" / f"{audit}-report-INTERNAL.html").read_text(encoding="utf-8")
    assert "<title>INTERNAL: Policy audit:" in internal
    assert f"{JO_MENTION} landlord refused" in internal


def test_typing_a_name_on_the_screen_says_how_it_will_be_shown(audit: str, data: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        app.open_record("audit", audit)
        await pilot.pause()
        await pilot.press("enter")  # onto the findings; the cursor is on finding 1
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"call coban", "enter")
        await pilot.pause()
        warnings = [note.message for note in app._notifications if note.title == "Confidential person"]
        assert warnings == [
            f"This names a confidential person: shown as '{MIRELA_LABEL}' in anything shared."
        ]

    run_app(data, scenario)
    texts = {item.text for item in Store(data, index=None).all(Recommendation)}
    assert "call coban" in texts  # saved as typed
