"""A section's first view shows what is still ahead, and reads no more for a longer history; the rest
of the history is one key (A) away, and the filter still narrows whatever is listed."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input

from delegate.model import Handout, Minutes, MinutesStatus, Script
from delegate.services.demo import write_demo
from delegate.store import Store
from delegate.ui.app import DelegateApp
from delegate.ui.widgets.table import RecordTable

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
GIVEN = "2026-10-15-six-months-on-what-has-changed"  # delivered in the demo
AHEAD = "2026-12-17-safety-first-reporting-guidelines"  # requested, not yet spoken


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", "America/Vancouver")


class CountingStore(Store):
    """A store that counts the records asked for one by one, and the kinds asked for whole."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.gets: Counter[str] = Counter()
        self.wholes: Counter[str] = Counter()

    def get(self, cls: type[Any], record_id: str) -> Any:
        self.gets[cls.__name__] += 1
        return super().get(cls, record_id)

    def all(self, cls: type[Any]) -> list[Any]:
        self.wholes[cls.__name__] += 1
        return super().all(cls)


def history(root: Path, given: int) -> None:
    """The demo, and `given` speeches and handouts for a delegation already spoken, and as many
    approved minutes from years ago."""
    store = Store(root, index=None)
    write_demo(store, NOW)
    old = store.get(Minutes, "2026-09-02-safer-nights-action-group")
    for number in range(given):
        store.save(Script(f"given-speech-{number}", f"Given speech {number}", "We spoke.", delegation=GIVEN))
        store.save(
            Handout(f"given-handout-{number}", f"Given handout {number}", "Facts.", delegations=(GIVEN,))
        )
        store.save(replace(old, id=f"2020-05-{number + 1:02d}-old-minutes", date=date(2020, 5, number + 1)))
    store.save(Script("draft-speech", "A draft for no delegation yet", "Hello."))
    store.save(
        replace(old, id="2019-03-01-never-approved", date=date(2019, 3, 1), status=MinutesStatus.DRAFT)
    )


def rows_of(app: DelegateApp) -> list[str]:
    table = app.screen.query_one(RecordTable)
    return [str(key.value) for key in table.rows]


def visit(root: Path, key: str, check: Any) -> CountingStore:
    """Press a section's key on the dashboard; `check(app, pilot)` looks at the section."""
    stores: list[CountingStore] = []

    def open_store() -> Store:
        stores.append(CountingStore(root))
        return stores[-1]

    async def scenario() -> None:
        app = DelegateApp(open_store, now=lambda: NOW, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            store = stores[-1]
            store.gets.clear()
            store.wholes.clear()
            await pilot.press(key)
            await pilot.pause()
            await check(app, pilot)

    asyncio.run(scenario())
    return stores[-1]


@pytest.mark.parametrize(
    ("key", "given", "ahead", "title", "needle"),
    [
        (
            "s",
            "script:given-speech-0",
            ["script:safety-first-speech", "script:draft-speech"],
            "Scripts",
            "Given speech 0",
        ),
        ("h", "handout:given-handout-0", ["handout:safety-first-handout"], "Handouts", "Given handout 0"),
        ("g", f"delegation:{GIVEN}", [f"delegation:{AHEAD}"], "Delegations", "15 Oct 2026"),
        (
            "i",
            "minutes:2020-05-01-old-minutes",
            ["minutes:2026-09-02-safer-nights-action-group", "minutes:2019-03-01-never-approved"],
            "Minutes",
            "01 May 2020",
        ),
    ],
)
def test_what_is_done_is_listed_only_after_A(
    tmp_path: Path, key: str, given: str, ahead: list[str], title: str, needle: str
) -> None:
    root = tmp_path / "data"
    history(root, 2)

    async def check(app: DelegateApp, pilot: Any) -> None:
        first = rows_of(app)
        assert set(ahead) <= set(first)
        assert given not in first
        assert "(all)" not in str(app.screen.sub_title)
        assert title in str(app.screen.sub_title)
        await pilot.press("A")
        await pilot.pause()
        assert given in rows_of(app)
        assert set(ahead) <= set(rows_of(app))
        assert f"{title} (all)" in str(app.screen.sub_title)
        # the filter narrows the whole history too
        app.screen.query_one("#filter", Input).value = needle
        await pilot.pause()
        assert rows_of(app) == [given]
        await pilot.press("escape", "A")
        await pilot.pause()
        assert given not in rows_of(app)

    visit(root, key, check)


@pytest.mark.parametrize("key", ["s", "h"])
def test_a_longer_history_reads_no_more_records_one_by_one(tmp_path: Path, key: str) -> None:
    """The first view of scripts and handouts looks up the delegations (and their meetings) of what it
    lists only: ten times the speeches already given leave those reads as they were."""

    async def nothing(app: DelegateApp, pilot: Any) -> None:
        return None

    reads = []
    for given in (1, 10):
        root = tmp_path / f"data-{given}"
        history(root, given)
        store = visit(root, key, nothing)
        reads.append((dict(store.gets), store.wholes["Delegation"]))
    assert reads[0] == reads[1]
    assert reads[1][1] == 0  # no delegation spoken years ago is read for the first view


def test_section_screens_import_no_renderer() -> None:
    """A list screen shows rows: the PDF, template and Markdown renderers wait for a document, and
    icalendar for a feed read or a group synced."""
    code = (
        "import sys\n"
        "import delegate.ui.app\n"
        "from delegate.ui import sections\n"
        "for name in ('FollowUpsScreen', 'MinutesListScreen', 'HandoutsScreen', 'ScriptsScreen', "
        "'BodiesScreen'):\n"
        "    getattr(sections, name)\n"
        "print(sorted(m for m in ('fpdf', 'jinja2', 'markdown_it', 'icalendar') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_long_list_is_painted_a_screenful_first_then_filled(tmp_path: Path) -> None:
    """Hundreds of open follow-ups: the first fill adds a screenful, the rest follow after the paint;
    all are listed, the filter narrows all of them, and a saved one gets the cursor wherever it is."""
    from delegate.services.followups import add_followup
    from delegate.ui.screens.followups import FollowUpsScreen
    from delegate.ui.screens.listing import FIRST_ROWS

    root = tmp_path / "data"
    store = Store(root, index=None)
    write_demo(store, NOW)
    for number in range(3 * FIRST_ROWS):
        add_followup(store, f"Promise {number:04d}", due=date(2027, 1, 1), today=NOW.date())

    async def check(app: DelegateApp, pilot: Any) -> None:
        screen = app.screen
        assert isinstance(screen, FollowUpsScreen)
        await pilot.pause()
        await pilot.pause()
        everything = rows_of(app)
        assert len(everything) > 3 * FIRST_ROWS
        screen.refresh_data()  # a fill, looked at before the app paints
        assert len(rows_of(app)) == FIRST_ROWS
        for _ in range(10):
            await pilot.pause()
        assert rows_of(app) == everything
        screen.query_one("#filter", Input).value = "Promise 0333"
        await pilot.pause()
        assert len(rows_of(app)) == 1
        screen.query_one("#filter", Input).value = ""
        await pilot.pause()
        last = everything[-1]
        screen.refresh_data()
        screen.select_row(last)  # in the last batch: the cursor goes there once it is added
        assert last not in rows_of(app)
        table = screen.query_one(RecordTable)
        for _ in range(10):
            await pilot.pause()
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == last

    visit(root, "u", check)
