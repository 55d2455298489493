"""A whole demo session through every output channel: no confidential name gets out, and every file
delegate creates is readable by its owner only.

The demo's confidential person is named in minutes, follow-ups, honoraria, signatures and an
agency's response. Every list, show, report, agenda, letter, handout, calendar and summary is run
without --internal; stdout, stderr and every file written are searched for any part of the name.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cli_support import NOW, Run, runner_for
from privacy_support import text_of

from delegate.model import Audit, Body, Delegation, Handout, Meeting, Minutes, Script
from delegate.services.demo import CONFIDENTIAL_NAMES
from delegate.store import Store

SECRET_WORDS = [part for name in CONFIDENTIAL_NAMES for part in (name, *name.split())]


def leaks(text: str) -> list[str]:
    folded = text.casefold()
    return [word for word in SECRET_WORDS if word.casefold() in folded]


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Run, Path, Path]:
    monkeypatch.setenv("DELEGATE_NOW", NOW)
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    run = runner_for(data)
    assert run("demo").exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    return run, data, out


def commands(data: Path, out: Path) -> list[tuple[str, ...]]:
    store = Store(data, index=False)
    bodies = [body.id for body in store.all(Body)]
    group = next(body.id for body in store.all(Body) if body.kind.value == "action-group")
    delegations = [item.id for item in store.all(Delegation)]
    meetings = [meeting.id for meeting in store.all(Meeting)][::5]
    minutes = [item.id for item in store.all(Minutes)]
    audit = store.all(Audit)[0].id
    script = store.all(Script)[0].id
    handout = store.all(Handout)[0].id
    upcoming = next(item.id for item in store.all(Delegation) if item.status.value == "requested")
    runs: list[tuple[str, ...]] = [
        ("body", "list"),
        ("body", "list", "--json"),
        *(("body", "show", body) for body in bodies),
        *(("body", "show", body, "--json") for body in bodies),
        ("body", "signatures", group),
        ("body", "signatures", group, "--json"),
        ("body", "agreement", "list", group),
        ("person", "list"),
        ("person", "list", "--json"),
        ("meeting", "list"),
        ("meeting", "list", "--json"),
        *(("meeting", "show", meeting) for meeting in meetings),
        ("delegation", "list"),
        ("delegation", "list", "--json"),
        *(("delegation", "show", delegation) for delegation in delegations),
        ("delegation", "letter", upcoming, "-o", str(out / "letter.md")),
        ("script", "show", script),
        ("script", "estimate", script),
        ("script", "rehearsals", script),
        ("handout", "list"),
        ("handout", "show", handout),
        *(
            ("handout", "render", handout, "--format", fmt, "-o", str(out / f"handout.{fmt}"))
            for fmt in ("md", "html", "pdf")
        ),
        ("minutes", "list"),
        ("minutes", "list", "--json"),
        *(("minutes", "show", item) for item in minutes),
        *(
            ("minutes", "export", item, "--format", fmt, "-o", str(out / f"{item}.{fmt}"))
            for item in minutes
            for fmt in ("md", "html", "pdf")
        ),
        ("followup", "list", "--all"),
        ("followup", "list", "--all", "--json"),
        ("audit", "list"),
        ("audit", "list", "--json"),
        ("audit", "show", audit),
        ("audit", "show", audit, "--json"),
        ("audit", "finding", "list", audit, "--json"),
        ("audit", "recommendations", audit),
        ("audit", "recommendations", audit, "--json"),
        ("audit", "workshop", "list", audit, "--json"),
        *(
            ("audit", "report", audit, "--format", fmt, "-o", str(out / f"report.{fmt}"))
            for fmt in ("md", "html", "pdf")
        ),
        ("honorarium", "list"),
        ("honorarium", "list", "--json"),
        ("honorarium", "summary"),
        ("honorarium", "summary", "--json"),
        ("honorarium", "budget", group),
        ("cost", "list"),
        ("cost", "list", "--json"),
        *(
            ("agenda", group, "--format", fmt, "-o", str(out / f"agenda.{fmt}"))
            for fmt in ("md", "html", "pdf")
        ),
        ("export", "ics", "-o", str(out / "calendar.ics")),
        ("export", "ics"),
        ("check",),
        ("person", "show", "confidential-peer-representative"),
        ("honorarium", "list", "--person", "Rosa Jimenez"),  # asked for by name: the answer keeps it out
    ]
    return runs


def test_no_output_of_a_whole_session_names_a_confidential_person(session: tuple[Run, Path, Path]) -> None:
    run, data, out = session
    assert leaks(Path(data / "people" / "confidential-peer-representative.toml").read_text())  # it is there
    failures: list[str] = []
    for args in commands(data, out):
        result = run(*args)
        if result.exit_code != 0 and args[:2] != ("person", "show"):
            failures.append(f"{' '.join(args)}: exit {result.exit_code}: {result.output[-300:]}")
        for channel, text in (("stdout", result.stdout), ("stderr", result.stderr)):
            found = leaks(text)
            if found:
                failures.append(f"{' '.join(args)} {channel}: {found}")
    for path in sorted(out.rglob("*")):
        if path.is_file() and leaks(text_of(path)):
            failures.append(f"{path.name}: {leaks(text_of(path))}")
    for path in sorted((data / "exports").rglob("*")) if (data / "exports").exists() else []:
        if path.is_file() and leaks(text_of(path)):
            failures.append(f"exports/{path.name}: {leaks(text_of(path))}")
    assert failures == []
    # The search would see a name: the internal copies have it.
    assert leaks(run("honorarium", "list", "--internal").stdout)
    assert leaks(run("audit", "report", audit_of(data), "--format", "md", "--internal").stdout)


def audit_of(data: Path) -> str:
    return Store(data, index=False).all(Audit)[0].id


def test_every_file_delegate_creates_is_for_its_owner_only(
    session: tuple[Run, Path, Path], tmp_path: Path
) -> None:
    run, data, out = session
    for args in commands(data, out):
        run(*args)
    checked = 0
    # The data folder and the cache are delegate's own; in `out` (made by the test) only the files are.
    for place, own_folders in ((data, True), (tmp_path / "cache", True), (out, False)):
        for path in [place, *place.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            if path.is_dir():
                assert mode == 0o700 or not own_folders, path
            else:
                assert mode & 0o077 == 0, f"{path}: {oct(mode)}"
                checked += 1
    assert checked > 100


def screen_text(svg: str) -> str:
    """The characters of a screenshot, without the SVG around them."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def test_no_screen_of_the_app_names_a_confidential_person(tmp_path: Path) -> None:
    """Every section of the app on the demo data, as anyone looking over a shoulder would see it."""
    import asyncio
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from delegate.services.demo import write_demo
    from delegate.ui.app import make_app

    now = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
    root = tmp_path / "data"
    write_demo(Store(root, index=False, default_zone="America/Vancouver"), now)
    app = make_app(root, now=lambda: now, watch=False)
    seen: dict[str, str] = {}

    async def scenario() -> None:
        async with app.run_test(size=(160, 60)) as pilot:
            await pilot.pause()
            for key, section in (
                ("d", "dashboard"),
                ("b", "bodies"),
                ("m", "meetings"),
                ("g", "delegations"),
                ("s", "scripts"),
                ("h", "handouts"),
                ("i", "minutes"),
                ("u", "follow-ups"),
                ("P", "audits"),
                ("H", "honoraria"),
            ):
                await pilot.press(key)
                await pilot.pause()
                seen[section] = screen_text(app.export_screenshot())
            seen["notifications"] = " ".join(str(note.message) for note in app._notifications)

    asyncio.run(scenario())
    assert len(seen) == 11
    assert "Peer representative" in seen["honoraria"]  # the confidential person is there, by role
    assert {section: leaks(text) for section, text in seen.items() if leaks(text)} == {}


def test_typed_text_naming_someone_confidential_is_redacted_in_meetings_and_bodies(
    session: tuple[Run, Path, Path],
) -> None:
    """Notes, places and titles are typed (or imported) text: they pass the redactor like the rest."""
    from dataclasses import replace as changed

    run, data, _out = session
    store = Store(data, index=False)
    meeting = store.all(Meeting)[0]
    store.save(changed(meeting, title="Meeting with Rosa Jimenez", place="Rosa's place", notes="Ask Jimenez"))
    body = store.get(Body, meeting.body)
    store.save(changed(body, notes="Rosa Jimenez knows the clerk", how_to_request="Rosa calls"))
    delegation = store.all(Delegation)[0]
    store.save(changed(delegation, speakers=("Rosa Jimenez",), ask="Hear Rosa", outcome="Jimenez spoke well"))
    outputs = [
        run(*args).stdout
        for args in (
            ("meeting", "list"),
            ("meeting", "list", "--json"),
            ("meeting", "show", meeting.id),
            ("meeting", "show", meeting.id, "--json"),
            ("body", "list", "--json"),
            ("body", "show", body.id),
            ("body", "show", body.id, "--json"),
            ("delegation", "list"),
            ("delegation", "list", "--json"),
            ("delegation", "show", delegation.id),
            ("delegation", "show", delegation.id, "--json"),
        )
    ]
    assert [leaks(text) for text in outputs] == [[]] * len(outputs)
    assert leaks(run("meeting", "show", meeting.id, "--internal").stdout)
    assert leaks(run("body", "show", body.id, "--internal").stdout)
    assert leaks(run("delegation", "show", delegation.id, "--internal").stdout)
