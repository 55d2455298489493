"""Honoraria in the app: marked paid by keys (checked on disk), sums per currency, owed first; and the
dashboard's honoraria owed and costs-not-covered warning, never with a confidential name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from demo_ui_support import demo_folder, on_disk, run
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from delegate.model import Honorarium, PaymentMethod, Person
from delegate.services.demo import CONFIDENTIAL_NAMES
from delegate.services.honoraria import add_honorarium
from delegate.ui.app import DelegateApp
from delegate.ui.screens.dashboard import DashboardScreen
from delegate.ui.screens.delegations import DelegationScreen
from delegate.ui.screens.honoraria import HonorariaScreen
from delegate.ui.widgets.form import FormScreen

TODAY = date(2026, 11, 27)
OWED_TO_PEER = "2026-11-04-15"  # the confidential peer representative's, the oldest still owed
OWED_TO_ANA = "2026-11-04-16"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return demo_folder(tmp_path)


def rows(pilot: Pilot[None], selector: str = "#records") -> list[list[str]]:
    table = pilot.app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def cursor_key(pilot: Pilot[None], selector: str = "#records") -> str:
    table = pilot.app.screen.query_one(selector, DataTable)
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""


def no_confidential_name(text: str) -> bool:
    words = {word for name in CONFIDENTIAL_NAMES for word in name.split()}
    return not any(word in text for word in words)


async def open_honoraria(pilot: Pilot[None]) -> HonorariaScreen:
    await pilot.press("H")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HonorariaScreen)
    return screen


async def paste(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.pause()
    field.post_message(events.Paste(text))
    await pilot.pause()


def test_mark_an_honorarium_paid_by_keys(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_honoraria(pilot)
        shown = rows(pilot)
        # Owed first, oldest first; the confidential person by role.
        assert [row[3] for row in shown[:2]] == ["OWED", "OWED"]
        assert all(row[3].startswith("paid") for row in shown[2:])
        assert shown[0][1] == "Peer representative"
        assert no_confidential_name(" ".join(" ".join(row) for row in shown))
        assert "Owed: 100.00 CAD (2)" in text_of(pilot, "#summary")
        assert "Paid: 700.00 CAD (14)" in text_of(pilot, "#summary")

        assert cursor_key(pilot) == f"honorarium:{OWED_TO_PEER}"
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert no_confidential_name(form.form_title)
        assert form.query_one("#field-on", Input).value == TODAY.isoformat()
        assert form.query_one("#field-method", Select).value == "cash"
        form.query_one("#field-method", Select).value = "e-transfer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HonorariaScreen)
        assert "Owed: 50.00 CAD (1)" in text_of(pilot, "#summary")
        assert "Paid: 750.00 CAD (15)" in text_of(pilot, "#summary")
        assert [row[3] for row in rows(pilot)].count("OWED") == 1

    run(root, scenario)
    paid = on_disk(root).get(Honorarium, OWED_TO_PEER)
    assert paid.paid_on == TODAY
    assert paid.method is PaymentMethod.E_TRANSFER
    assert not on_disk(root).get(Honorarium, OWED_TO_ANA).paid


def test_a_payment_before_it_was_owed_is_refused_inline(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_honoraria(pilot)
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await paste(pilot, "#field-on", "2026-13-01")
        assert "not a real date" in text_of(pilot, "#error-on")
        await paste(pilot, "#field-on", "2026-11-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "before the honorarium was owed" in text_of(pilot, "#form-error")
        await pilot.press("escape")  # something was typed: asked first, and Yes leaves
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HonorariaScreen)

        # A paid one is not paid twice: a warning, no form.
        await pilot.press("down", "down", "p")
        await pilot.pause()
        assert isinstance(app.screen, HonorariaScreen)
        assert any("Already paid" in note.message for note in app._notifications)

    run(root, scenario)
    assert not on_disk(root).get(Honorarium, OWED_TO_PEER).paid


def test_owed_only_and_names_toggles(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_honoraria(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert [row[3] for row in rows(pilot)] == ["OWED", "OWED"]
        await pilot.press("N")
        await pilot.pause()
        assert rows(pilot)[0][1] == CONFIDENTIAL_NAMES[0]
        await pilot.press("N")
        await pilot.pause()
        assert rows(pilot)[0][1] == "Peer representative"

    run(root, scenario)


def test_sums_are_per_currency(root: Path) -> None:
    store = on_disk(root)
    add_honorarium(
        store,
        store.get(Person, "ana-ferreira"),
        amount=Decimal("20"),
        currency="USD",
        owed_on=TODAY,
        today=TODAY,
    )

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        await open_honoraria(pilot)
        assert "Owed: 100.00 CAD (2); 20.00 USD (1)" in text_of(pilot, "#summary")
        assert "120" not in text_of(pilot, "#summary")

    run(root, scenario)


def test_dashboard_shows_honoraria_owed_and_costs_not_covered(root: Path) -> None:
    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.query_one("#honoraria-section").display
        assert "Honoraria owed: 2 · 100.00 CAD" in text_of(pilot, "#honoraria-title")
        owed = rows(pilot, "#honoraria")
        assert [row[1] for row in owed] == ["Peer representative", "Ana Ferreira"]
        assert screen.query_one("#costs-section").display
        [cost] = rows(pilot, "#costs")
        assert cost[1] == "Safety first: reporting guidelines"
        assert cost[2] == "Childcare during the meeting (40.00 CAD)"
        assert "Bus fare" not in cost[2]  # covered
        everything = " ".join(
            " ".join(cells) for table in screen.query(DataTable) for cells in rows(pilot, f"#{table.id}")
        )
        everything += " ".join(str(static.render()) for static in screen.query(Static))
        assert no_confidential_name(everything)

        # A cost opens its delegation; an honorarium opens the Honoraria, on that honorarium.
        screen.query_one("#costs", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DelegationScreen)
        await pilot.press("escape", "d")
        await pilot.pause()
        screen.query_one("#honoraria", DataTable).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HonorariaScreen)
        assert cursor_key(pilot) == f"honorarium:{OWED_TO_ANA}"

    run(root, scenario)


def test_dashboard_hides_the_sections_when_nothing_is_owed(root: Path) -> None:
    store = on_disk(root)
    for item in store.all(Honorarium):
        if not item.paid:
            store.save(item.pay(TODAY))

    async def scenario(app: DelegateApp, pilot: Pilot[None]) -> None:
        assert not app.screen.query_one("#honoraria-section").display

    run(root, scenario)
