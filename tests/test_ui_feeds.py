"""Reading the calendar feeds from the app: `f` on the Bodies screen (or the palette) reads every feed off
the UI thread, from a local server on 127.0.0.1, and the list shows when each was last read and what
that changed, or why it failed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from feed_server import FeedServer, Route, serving
from textual.pilot import Pilot
from textual.widgets import DataTable

from delegate.model import Body, BodyKind, Meeting
from delegate.services.bodies import add_body
from delegate.services.feeds import set_feed
from delegate.store import Store
from delegate.ui.app import DelegateApp, make_app
from delegate.ui.screens.bodies import BodiesScreen

ZONE = "America/Vancouver"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(ZONE))
CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Clerk//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:s1@clerk\r\nDTSTART;TZID=America/Vancouver:20261208T180000\r\n"
    b"SUMMARY:Regular Council Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture(autouse=True)
def _fixed_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", ZONE)
    monkeypatch.delenv("DELEGATE_NOW", raising=False)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving() as running:
        yield running


def feed_cells(pilot: Pilot[None]) -> dict[str, str]:
    table = pilot.app.screen.query_one("#records", DataTable)
    rows = [table.get_row_at(row) for row in range(table.row_count)]
    return {str(row[0]): str(row[-1]) for row in rows}


async def read_feeds(app: DelegateApp, pilot: Pilot[None]) -> None:
    await pilot.press("f")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_f_reads_every_feed_and_the_list_says_what_changed(tmp_path: Path, server: FeedServer) -> None:
    root = tmp_path / "data"
    store = Store(root, index=None, default_zone=ZONE)
    add_body(store, "Lakeport City Council", BodyKind.COUNCIL, timezone=ZONE)
    add_body(store, "Lakeport Police Board", BodyKind.POLICE_BOARD, timezone=ZONE)
    add_body(store, "Harbour Parks Committee", BodyKind.COMMITTEE, timezone=ZONE)
    server.routes["/council.ics"] = Route(CALENDAR, etag='"v1"')
    set_feed(store, "lakeport-city", server.url("/council.ics"))
    set_feed(store, "lakeport-police", server.url("/gone.ics"))

    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, BodiesScreen)
            before = feed_cells(pilot)
            assert before["Lakeport City Council"] == "not read yet (f reads it)"
            assert before["Harbour Parks Committee"] == ""

            await read_feeds(app, pilot)
            after = feed_cells(pilot)
            assert (
                after["Lakeport City Council"]
                == "2026-11-27 09:00: 1 new, 0 updated, 0 cancelled, 0 unchanged, 0 skipped"
            )
            assert after["Lakeport Police Board"].startswith("failed: ")
            assert after["Lakeport Police Board"].endswith("the server answered 404 Not Found")
            messages = [note.message for note in app._notifications]
            assert any(message.startswith("Lakeport City Council: 1 new") for message in messages)
            assert any("404 Not Found" in message for message in messages)

            await read_feeds(app, pilot)  # unchanged: the server answers 304
            assert server.statuses("/council.ics") == [200, 304]
            assert feed_cells(pilot)["Lakeport City Council"].endswith(": unchanged")

    asyncio.run(main())
    meetings = Store(root, index=None, default_zone=ZONE).all(Meeting)
    assert [meeting.body for meeting in meetings] == ["lakeport-city-council"]
    council = Store(root, index=None, default_zone=ZONE).find(Body, "lakeport-city")
    assert council.feed is not None
    assert council.feed.etag == '"v1"'


def test_with_no_feed_the_key_says_how_to_add_one(tmp_path: Path) -> None:
    root = tmp_path / "data"
    add_body(Store(root, index=None, default_zone=ZONE), "Lakeport City Council", BodyKind.COUNCIL)

    async def main() -> None:
        app = make_app(root, now=lambda: NOW, watch=False)
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            await pilot.press("b")
            await pilot.pause()
            await read_feeds(app, pilot)
            assert any("body feed BODY URL" in note.message for note in app._notifications)

    asyncio.run(main())
