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
