"""Policy audits in the app: a finding, a recommendation and a response by keys, checked on disk; the
report by key; confidential names in typed text shown only when asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from demo_ui_support import demo_folder, on_disk, run
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static

from delegate.model import Audit, Body, Finding, Recommendation, ResponseStatus
from delegate.services.audit_findings import add_finding
from delegate.services.demo import CONFIDENTIAL_NAMES
from delegate.ui.app import DelegateApp
from delegate.ui.screens.audit_detail import AuditScreen
from delegate.ui.screens.audits import AuditsScreen
from delegate.ui.widgets.form import FormScreen
from delegate.ui.widgets.prompt import ChooseScreen, PromptScreen

TODAY = date(2026, 11, 27)
AUDIT = "barriers-to-help"
HEALTH = "lakeport-health-authority"
SECOND_WORKSHOP = "2026-10-19-barriers-to-help"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return demo_folder(tmp_path)


async def open_demo_audit(pilot: Pilot[None]) -> AuditScreen:
    """P opens the audits, Enter the demo's only audit."""
    await pilot.press("P")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AuditsScreen)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AuditScreen)
    assert screen.audit.id == AUDIT
    return screen


async def paste(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.post_message(events.Paste(text))
    await pilot.pause()


async def replace_text(pilot: Pilot[None], selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).value = ""
    await paste(pilot, selector, text)


def cells(screen: AuditScreen, selector: str) -> list[str]:
    table = screen.query_one(selector, DataTable)
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def to_health_authority(pilot: Pilot[None]) -> None:
    """In the agencies table (focused on opening), the third agency; Enter moves to its findings."""
    await pilot.press("down", "down", "enter")
    await pilot.pause()


def test_add_a_finding_by_keys(root: Path) -> None:
    before = {finding.id for finding in on_disk(root).all(Finding)}

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_demo_audit(pilot)
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # The agency under the cursor is chosen already; pick another.
        assert form.query_one("#field-agency", Select).value == "lakeport-housing-authority"
        form.query_one("#field-agency", Select).value = HEALTH
        await paste(pilot, "#field-barrier", "The pharmacy asks for photo ID before giving naloxone.")
        await paste(pilot, "#field-effect", "People without ID leave with nothing.")
        form.query_one("#field-workshop", Select).value = SECOND_WORKSHOP
        await pilot.press("ctrl+s")
        await pilot.pause()

        # Saved: back on the audit, the agency's findings shown, with the new one under the cursor.
        assert app.screen is screen
        assert screen.agency_id == HEALTH
        shown = cells(screen, "#findings")
        assert "The pharmacy asks for photo ID before giving naloxone." in shown
        assert "Pharmacy" not in text_of(pilot, "#details")  # counts only up there
        assert "6 findings" in text_of(pilot, "#details")
        assert "photo ID" in text_of(pilot, "#selected")

    run(root, scenario)

    added = [finding for finding in on_disk(root).all(Finding) if finding.id not in before]
    assert len(added) == 1
    finding = added[0]
    assert finding.id == f"{AUDIT}-6"
    assert finding.audit == AUDIT
    assert finding.agency == HEALTH
    assert finding.barrier == "The pharmacy asks for photo ID before giving naloxone."
    assert finding.effect == "People without ID leave with nothing."
    assert finding.workshop == SECOND_WORKSHOP
    assert finding.recorded == TODAY


def test_a_finding_without_a_barrier_is_refused_inline(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_demo_audit(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "required" in text_of(pilot, "#error-barrier")
        assert "nothing was saved" in text_of(pilot, "#form-error")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)

    run(root, scenario)
    assert len(on_disk(root).all(Finding)) == 5


def test_recommend_and_record_a_response_by_keys(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_demo_audit(pilot)
        await to_health_authority(pilot)
        assert screen.agency_id == HEALTH
        assert app.focused is screen.query_one("#findings")
        # Rows: finding 4, its r1, finding 5, its r1 (a draft).
        await pilot.press("r")  # on finding 4
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await paste(pilot, "#answer", "Keep one clinic open until 10 p.m.")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "Keep one clinic open until 10 p.m." in cells(screen, "#findings")

        table = screen.query_one("#findings", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        table.move_cursor(row=keys.index(f"recommendation:{AUDIT}-5-r1"))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # A draft can only be sent; the day is today unless changed.
        assert form.query_one("#field-status", Select).value == "sent"
        assert form.query_one("#field-on", Input).value == TODAY.isoformat()
        await paste(pilot, "#field-note", "Letter to the clinic director.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "sent" in cells(screen, "#findings")

    run(root, scenario)

    store = on_disk(root)
    made = store.get(Recommendation, f"{AUDIT}-4-r2")
    assert made.text == "Keep one clinic open until 10 p.m."
    assert made.status is ResponseStatus.DRAFT
    assert made.agency == HEALTH
    answered = store.get(Recommendation, f"{AUDIT}-5-r1")
    assert answered.status is ResponseStatus.SENT
    assert [(r.status, r.on, r.note) for r in answered.responses] == [
        (ResponseStatus.SENT, TODAY, "Letter to the clinic director.")
    ]


def test_bad_response_dates_are_refused_inline(root: Path) -> None:
    recommendation = f"{AUDIT}-3-r1"  # sent, at the Victim Services
    before = on_disk(root).get(Recommendation, recommendation)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_demo_audit(pilot)
        await pilot.press("down", "enter")  # Victim Services
        await pilot.pause()
        await pilot.press("down")  # finding 3, then its r1
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        status = form.query_one("#field-status", Select)
        assert status.value == "acknowledged"
        status.value = "adopted"
        await replace_text(pilot, "#field-on", "2026-02-30")
        assert "not a real date" in text_of(pilot, "#error-on")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "nothing was saved" in text_of(pilot, "#form-error")

        # A real date, but before the last response: the rule is explained, nothing saved.
        await replace_text(pilot, "#field-on", "2026-09-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Not saved" in text_of(pilot, "#form-error")
        assert "before" in text_of(pilot, "#form-error")
        await pilot.press("escape")  # something was typed: asked first, and Yes leaves
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)
    assert on_disk(root).get(Recommendation, recommendation) == before


def test_a_response_from_a_finding_asks_which_recommendation(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_demo_audit(pilot)
        await pilot.press("down", "enter", "s")  # Victim Services, finding 3: r1 sent, r2 declined
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen)
        options = chooser.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == [f"{AUDIT}-3-r1", f"{AUDIT}-3-r2"]
        options.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-status", Select).value == "sent"  # declined: pressed again
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen

    run(root, scenario)
    pressed = on_disk(root).get(Recommendation, f"{AUDIT}-3-r2")
    assert pressed.status is ResponseStatus.SENT
    assert pressed.responses[-1].on == TODAY


def test_a_settled_recommendation_offers_no_response(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_demo_audit(pilot)
        await pilot.press("enter", "down", "s")  # Housing: finding 1's r1, adopted
        await pilot.pause()
        assert app.screen is screen
        assert any("nothing follows" in note.message for note in app._notifications)

    run(root, scenario)


def test_report_pdf_and_html_by_keys(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_demo_audit(pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = [note.message for note in app._notifications if note.message.startswith("Saved")]
        assert len(saved) == 2, [note.message for note in app._notifications]

    run(root, scenario)
    exports = root / "exports"
    assert (exports / f"{AUDIT}-report.pdf").read_bytes().startswith(b"%PDF")
    html = (exports / f"{AUDIT}-report.html").read_text()
    assert "Tenancy applications ask for two years of landlord references." in html
    assert not any(name in html for name in CONFIDENTIAL_NAMES)


def test_confidential_names_in_findings_only_on_request(root: Path) -> None:
    store = on_disk(root)
    audit = store.get(Audit, AUDIT)
    agency = store.get(Body, "lakeport-housing-authority")
    name = CONFIDENTIAL_NAMES[0]
    add_finding(store, audit, agency, f"{name} was refused a viewing twice.", today=TODAY)

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = await open_demo_audit(pilot)
        shown = " ".join(cells(screen, "#findings"))
        assert "was refused a viewing twice" in shown
        assert name not in shown
        assert "Peer representative was refused" in shown
        await pilot.press("N")
        await pilot.pause()
        assert f"{name} was refused a viewing twice." in cells(screen, "#findings")
        await pilot.press("N")
        await pilot.pause()
        assert name not in " ".join(cells(screen, "#findings"))

    run(root, scenario)


def test_palette_and_help_know_the_audits(root: Path) -> None:
    from textual.command import CommandList, CommandPalette
    from textual.widgets import HelpPanel

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press(*"Audits")
        results = palette.query_one(CommandList)
        for _ in range(250):  # the search runs in the background
            await pilot.pause(0.02)
            if any(str(option.prompt).startswith("Audits") for option in results.options):
                break
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AuditsScreen)

        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        assert app.screen.query(HelpPanel)
        # What the help panel lists: the screen's keys and the app's.
        shown = {active.binding.description for active in app.screen.active_bindings.values()}
        for description in (
            "Add finding",
            "Recommend",
            "Response…",
            "Report PDF",
            "Report HTML",
            "Honoraria",
        ):
            assert description in shown, shown

    run(root, scenario)
