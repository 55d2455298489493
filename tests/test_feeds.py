"""A body's published calendar followed by its address (`body feed`, `import feeds`, `import ics URL`),
served from 127.0.0.1 by a local server: new, moved, cancelled and unchanged (304) sittings, and the
ways a feed fails (404, a redirect loop, a slow server, an oversized calendar), each one line while the
other feeds go on. Nothing here needs the internet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import ZONE, Run, fails, ok, ok_noted
from feed_server import FeedServer, Route, serving

from delegate.ics.fetch import shown, web_url
from delegate.model import Body, Meeting, MeetingStatus
from delegate.store import Store

pytestmark = pytest.mark.usefixtures("cli_environment")

VANCOUVER = ZoneInfo(ZONE)
COUNCIL = "lakeport-city-council"
BOARD = "lakeport-police-board"


def at(month: int, day: int, hour: int = 18, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=VANCOUVER)


def sitting(uid: str, start: str, title: str = "Regular Council Meeting", extra: str = "") -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTART;TZID=America/Vancouver:{start}",
        "DURATION:PT2H",
        f"SUMMARY:{title}",
        *extra.splitlines(),
        "END:VEVENT",
    ]
    return "\r\n".join(lines)


def calendar(*events: str) -> bytes:
    return ("\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Clerk//EN", *events, "END:VCALENDAR"])
            + "\r\n").encode()  # fmt: skip


FIRST = calendar(
    sitting("s1@clerk", "20261208T180000"),
    sitting("s2@clerk", "20270112T180000"),
    sitting("s3@clerk", "20270209T180000"),
)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving() as running:
        yield running


@pytest.fixture
def bodies(run: Run) -> tuple[str, str]:
    ok(run("body", "add", "Lakeport City Council", "--kind", "council", "--timezone", ZONE))
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board", "--timezone", ZONE))
    return COUNCIL, BOARD


def meetings(data: Path, body: str = COUNCIL) -> list[Meeting]:
    found = [m for m in Store(data, index=False, default_zone=ZONE).all(Meeting) if m.body == body]
    return sorted(found, key=lambda meeting: meeting.start)


def feed_of(data: Path, body: str = COUNCIL) -> Body:
    found = Store(data, index=False, default_zone=ZONE).find(Body, body)
    assert found.feed is not None
    return found


# ---- setting a feed -----------------------------------------------------------------------------------


def test_a_body_remembers_its_feed_and_says_when_it_was_read(
    run: Run, bodies: tuple[str, str], server: FeedServer, data: Path
) -> None:
    server.routes["/council.ics"] = Route(FIRST, etag='"v1"')
    out = ok(run("body", "feed", COUNCIL, server.url("/council.ics")))
    assert "last read  never" in out
    assert feed_of(data).feed.url == server.url("/council.ics")  # type: ignore[union-attr]
    ok(run("import", "feeds"))
    shown_now = ok(run("body", "feed", COUNCIL))
    assert "2026-11-27 09:00" in shown_now
    assert "3 new" in shown_now


@pytest.mark.parametrize(
    ("source", "reason"),
    [("ftp://clerk.example/council.ics", "no such file"), ("https://", "not a web address"), ("", "address")],
)
def test_a_feed_that_is_neither_an_address_nor_a_file_is_refused(
    run: Run, bodies: tuple[str, str], data: Path, source: str, reason: str
) -> None:
    fails(run("body", "feed", COUNCIL, source), 1, reason)
    assert Store(data, index=False, default_zone=ZONE).find(Body, COUNCIL).feed is None


def test_a_file_can_be_a_feed_and_a_feed_can_be_forgotten(
    run: Run, bodies: tuple[str, str], data: Path, tmp_path: Path
) -> None:
    path = tmp_path / "council.ics"
    path.write_bytes(FIRST)
    ok(run("body", "feed", COUNCIL, str(path)))
    assert "3 new" in ok(run("import", "feeds"))
    assert "(unchanged)" in ok(run("import", "feeds"))
    ok(run("body", "feed", COUNCIL, "--remove"))
    assert "no feed" in ok(run("body", "feed", COUNCIL))
    assert len(meetings(data)) == 3  # its meetings stay


def test_webcal_is_read_over_https_and_a_key_in_the_query_is_never_shown() -> None:
    assert web_url("webcal://clerk.example/cal.ics") == "https://clerk.example/cal.ics"
    assert shown("https://user:pw@clerk.example/private/basic.ics?key=s3cret") == (
        "https://clerk.example/private/basic.ics?…"
    )


# ---- refreshing ---------------------------------------------------------------------------------------


def test_new_moved_cancelled_and_unchanged(
    run: Run, bodies: tuple[str, str], server: FeedServer, data: Path
) -> None:
    server.routes["/council.ics"] = Route(FIRST, etag='"v1"')
    ok(run("body", "feed", COUNCIL, server.url("/council.ics")))

    first = ok(run("import", "feeds"))
    assert "Lakeport City Council (read): 3 new, 0 updated, 0 cancelled, 0 unchanged" in first
    assert [m.start for m in meetings(data)] == [at(12, 8), at(1, 12, year=2027), at(2, 9, year=2027)]
    assert feed_of(data).feed.etag == '"v1"'  # type: ignore[union-attr]

    # Unchanged: the server is asked with the ETag, answers 304, and nothing changes.
    before = {m.id: m for m in meetings(data)}
    second = ok(run("import", "feeds"))
    assert "Lakeport City Council (unchanged): 0 new, 0 updated, 0 cancelled, 3 unchanged" in second
    assert server.requests[-1].headers.get("If-None-Match") == '"v1"'
    assert server.statuses("/council.ics") == [200, 304]
    assert {m.id: m for m in meetings(data)} == before

    # Moved, cancelled (in its title), and a new sitting.
    server.routes["/council.ics"] = Route(
        calendar(
            sitting("s1@clerk", "20261209T130000"),
            sitting("s2@clerk", "20270112T180000", "Regular Council Meeting (Cancelled)"),
            sitting("s3@clerk", "20270209T180000"),
            sitting("s4@clerk", "20270309T180000", "Budget hearing"),
        ),
        etag='"v2"',
    )
    third = ok(run("import", "feeds"))
    assert "(read): 1 new, 1 updated, 1 cancelled, 1 unchanged" in third
    assert (
        "updated   Wed 2026-12-09 13:00  Lakeport City Council: Regular Council Meeting (start, end)" in third
    )
    found = meetings(data)
    assert [m.start for m in found] == [
        at(12, 9, 13),
        at(1, 12, year=2027),
        at(2, 9, year=2027),
        at(3, 9, year=2027),
    ]
    assert found[1].status is MeetingStatus.CANCELLED
    assert "its title says 'Cancelled'" in found[1].status_reason
    assert "1 new, 1 updated, 1 cancelled" in feed_of(data).feed.changed  # type: ignore[union-attr]


def test_an_unchanged_feed_still_brings_sittings_that_came_into_the_window(
    run: Run, bodies: tuple[str, str], server: FeedServer, data: Path
) -> None:
    series = sitting("series@clerk", "20261208T180000", extra="RRULE:FREQ=MONTHLY;BYDAY=2TU")
    server.routes["/council.ics"] = Route(calendar(series), etag='"same"')
    ok(run("body", "feed", COUNCIL, server.url("/council.ics")))
    ok(run("import", "feeds", "--to", "2027-01-31"))
    assert len(meetings(data)) == 2
    out = ok(run("import", "feeds", "--to", "2027-03-31"))
    assert server.statuses("/council.ics") == [200, 304]  # one small request
    assert "(read): 2 new" in out  # read again from the copy kept from the first reading
    assert len(meetings(data)) == 4


def test_a_cleared_cache_asks_for_the_whole_calendar_again(
    run: Run, bodies: tuple[str, str], server: FeedServer, data: Path, tmp_path: Path
) -> None:
    server.routes["/council.ics"] = Route(FIRST, etag='"v1"')
    ok(run("body", "feed", COUNCIL, server.url("/council.ics")))
    ok(run("import", "feeds"))
    for copy in (tmp_path / "cache").glob("feed-*.ics"):
        copy.unlink()
    assert "3 unchanged" in ok(run("import", "feeds"))
    assert server.statuses("/council.ics") == [200, 200]
    assert "If-None-Match" not in server.requests[-1].headers


def test_a_redirect_is_followed(run: Run, bodies: tuple[str, str], server: FeedServer, data: Path) -> None:
    server.routes["/old.ics"] = Route(status=301, location="/council.ics")
    server.routes["/council.ics"] = Route(FIRST)
    ok(run("body", "feed", COUNCIL, server.url("/old.ics")))
    assert "3 new" in ok(run("import", "feeds"))


def test_a_failing_feed_is_one_line_and_the_others_go_on(
    run: Run, bodies: tuple[str, str], server: FeedServer, data: Path
) -> None:
    server.routes["/board.ics"] = Route(calendar(sitting("b1@board", "20261217T180000", "Board meeting")))
    ok(run("body", "feed", COUNCIL, server.url("/gone.ics")))
    ok(run("body", "feed", BOARD, server.url("/board.ics")))
    result = run("import", "feeds")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = result.stderr.splitlines()
    assert errors == [
        f"delegate: Lakeport City Council: {server.url('/gone.ics')}: the server answered 404 Not Found"
    ]
    assert "Lakeport Police Board (read): 1 new" in result.stdout
    assert len(meetings(data, BOARD)) == 1
    failed = feed_of(data).feed
    assert failed is not None
    assert failed.error.endswith("the server answered 404 Not Found")
    assert failed.read_at is None
    assert "404" in ok(run("body", "feed", COUNCIL))


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(FIRST, delay=2.0), "no answer within 0.5 s"),
        (Route(b"BEGIN:VCALENDAR\r\n" + b"X-FILLER:" + b"x" * 60_000 + b"\r\n"), "larger than 50000 bytes"),
        (
            Route(b"BEGIN:VCALENDAR\r\n" + b"X:" + b"x" * 60_000, declare_length=False),
            "larger than 50000 bytes",
        ),
        (Route(FIRST + b" " * 40_000, trickle=0.3), "still sending after 1.5 s"),
        (Route(status=302, location="/loop.ics"), "more than 5 redirects"),
        (Route(b"<!DOCTYPE html><html><body>Sign in</body></html>"), "a web page, not an iCalendar file"),
        (Route(status=500), "the server answered 500"),
    ],
    ids=[
        "slow",
        "oversized",
        "oversized-undeclared",
        "trickling",
        "redirect-loop",
        "login-page",
        "server-error",
    ],
)
def test_each_way_a_feed_fails_is_one_line_that_changes_nothing(
    run: Run,
    bodies: tuple[str, str],
    server: FeedServer,
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    route: Route,
    reason: str,
) -> None:
    monkeypatch.setenv("DELEGATE_FEED_TIMEOUT", "0.5")
    monkeypatch.setenv("DELEGATE_MAX_FEED_BYTES", "50000")
    server.routes["/loop.ics"] = route
    ok(run("body", "feed", COUNCIL, server.url("/loop.ics")))
    result = run("import", "feeds")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert reason in lines[0]
    assert "Traceback" not in result.output
    assert meetings(data) == []


def test_import_ics_reads_an_address_once(
    run: Run, bodies: tuple[str, str], server: FeedServer, data: Path
) -> None:
    server.routes["/council.ics"] = Route(FIRST)
    out = ok(run("import", "ics", server.url("/council.ics"), "--body", COUNCIL))
    assert "3 new" in out.splitlines()[-1]
    assert Store(data, index=False, default_zone=ZONE).find(Body, COUNCIL).feed is None  # not followed
    fails(run("import", "ics", server.url("/missing.ics"), "--body", COUNCIL), 1, "404")


def test_no_feed_at_all_says_how_to_add_one(run: Run, bodies: tuple[str, str]) -> None:
    assert "body feed BODY URL" in ok(run("import", "feeds"))
    fails(run("import", "feeds", "--body", COUNCIL), 1, "has no feed")


# ---- a feed's text is untrusted ----------------------------------------------------------------------


def test_a_feeds_titles_are_shown_through_the_lens(
    run: Run, bodies: tuple[str, str], server: FeedServer, data: Path
) -> None:
    ok(run("person", "add", "Rosa Jiménez", "--role", "Peer representative", "--confidential"))
    title = "Delegation of Rosa Jiménez \x1b]0;pwned\x07[bold red]loud[/]"
    server.routes["/council.ics"] = Route(calendar(sitting("s1@clerk", "20261208T180000", title)))
    ok(run("body", "feed", COUNCIL, server.url("/council.ics")))
    out = ok(run("import", "feeds"))
    assert "Jiménez" not in out
    assert "Peer representative" in out
    assert "\x1b" not in out
    assert "\x07" not in out
    internal = ok_noted(run("import", "feeds", "--internal"), "INTERNAL")
    assert "\x1b" not in internal
    assert meetings(data)[0].title == title  # kept as published; shown with care
