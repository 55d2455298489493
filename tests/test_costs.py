"""The cost of taking part: noting, covering and listing costs; the dashboard's warnings about money."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cli_support import Run, fails, ok, ok_noted

from delegate.model import Body, BodyKind, Cost, Delegation, Honorarium, Meeting, Person
from delegate.services.dashboard import HORIZON, build_dashboard
from delegate.services.delegations import add_delegation, advance
from delegate.services.honoraria import add_honorarium, pay_honorarium
from delegate.store import Store

TZ = ZoneInfo("America/Vancouver")
BOARD = "lakeport-police-board"
SOON = f"2026-12-09-{BOARD}"
PAST = f"2026-11-18-{BOARD}"
HOUSING = "2026-12-09-housing"  # the delegation on SOON
CONFIDENTIAL = "Quixley Jandro"


def delegation_file(data: Path, delegation_id: str) -> Path:
    return data / "delegations" / delegation_id[:4] / f"{delegation_id}.toml"


def saved_costs(data: Path, delegation_id: str) -> list[dict[str, Any]]:
    saved = tomllib.loads(delegation_file(data, delegation_id).read_text(encoding="utf-8"))
    costs: list[dict[str, Any]] = saved.get("costs", [])
    return costs


def snapshot(data: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(data)): path.read_bytes() for path in sorted(data.rglob("*")) if path.is_file()
    }


# ---- the CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def board(run: Run) -> None:
    """A board with a meeting ahead (and one past), a delegation on each, and a confidential person."""
    ok(run("body", "add", "Lakeport Police Board", "--kind", "police-board"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2026-12-09 18:00"))
    ok(run("meeting", "add", "--body", BOARD, "--start", "2026-11-18 18:00"))
    ok(run("delegation", "add", "--meeting", SOON, "--topic", "Housing"))
    ok(run("delegation", "add", "--meeting", PAST, "--topic", "Old news"))
    ok(run("person", "add", CONFIDENTIAL, "--confidential", "--role", "Peer worker"))


pytestmark = pytest.mark.usefixtures("cli_environment")


@pytest.mark.usefixtures("board")
def test_add_costs_to_a_delegation(run: Run, data: Path) -> None:
    assert ok(run("cost", "add", "--delegation", HOUSING, "--what", "bus fare", "--amount", "6")).strip() == (
        f"added cost 1 to delegation {HOUSING}"
    )
    ok(
        run(
            "cost",
            "add",
            "--delegation",
            "2026-12-09-h",
            "--what",
            "childcare",
            "--amount",
            "40",
            "--by",
            "the fund",
        )
    )
    ok(
        run(
            "cost",
            "add",
            "--delegation",
            HOUSING,
            "--what",
            "a day's lost work",
            "--currency",
            "usd",
            "--covered",
        )
    )
    costs = saved_costs(data, HOUSING)
    assert [cost["what"] for cost in costs] == ["bus fare", "childcare", "a day's lost work"]
    assert Decimal(str(costs[0]["amount"])) == Decimal("6")
    assert costs[0].get("covered", False) is False
    assert (costs[1]["covered"], costs[1]["covered_by"]) == (True, "the fund")  # --by means covered
    assert (costs[2]["covered"], costs[2]["currency"], "amount" in costs[2]) == (True, "USD", False)


@pytest.mark.usefixtures("board")
def test_add_costs_to_a_workshop_or_meeting(run: Run, data: Path) -> None:
    ok(run("cost", "add", "--workshop", SOON, "--what", "bus tickets", "--amount", "30"))
    ok(run("cost", "add", "--meeting", SOON, "--what", "childcare"))
    meeting = tomllib.loads((data / "meetings" / "2026" / f"{SOON}.toml").read_text(encoding="utf-8"))
    assert [cost["what"] for cost in meeting["costs"]] == ["bus tickets", "childcare"]


@pytest.mark.usefixtures("board")
@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("--what", "bus fare"), 2, "--delegation ID or --meeting ID"),
        (("--delegation", HOUSING, "--meeting", SOON, "--what", "bus"), 2, "one of them"),
        (("--delegation", HOUSING), 2, "--what"),
        (("--delegation", HOUSING, "--what", "  "), 1, "say what the cost is for"),
        (("--delegation", HOUSING, "--what", "bus", "--amount", "-6"), 2, "'-6'"),
        (("--delegation", HOUSING, "--what", "bus", "--amount", "six"), 2, "'six'"),
        (("--delegation", HOUSING, "--what", "bus", "--currency", "dollars"), 1, "currency"),
        (("--delegation", "no-such", "--what", "bus"), 1, "no delegation"),
        (("--meeting", "no-such", "--what", "bus"), 1, "no meeting"),
    ],
)
def test_bad_costs_refused_with_nothing_written(
    run: Run, data: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    before = snapshot(data)
    fails(run("cost", "add", *args), code, needle)
    assert snapshot(data) == before


@pytest.fixture
def costs(run: Run, board: None) -> None:
    """Costs on the upcoming delegation (one covered), the past one, and the upcoming meeting itself."""
    # typed text naming a confidential person is saved as typed; the person typing is told how it shows
    added = run(
        "cost", "add", "--delegation", HOUSING, "--what", f"bus fare for {CONFIDENTIAL}", "--amount", "6"
    )
    ok_noted(added, "shown as 'Peer worker'")
    ok_noted(
        run(
            "cost",
            "add",
            "--delegation",
            HOUSING,
            "--what",
            "childcare",
            "--amount",
            "40",
            "--by",
            "Jandro's aunt",
        ),
        "shown as 'Peer worker'",
    )
    ok(run("cost", "add", "--delegation", HOUSING, "--what", "lost work"))
    ok(run("cost", "add", "--delegation", "2026-11-18-old", "--what", "taxi", "--amount", "20"))
    ok(run("cost", "add", "--meeting", SOON, "--what", "snacks", "--amount", "15.50"))


@pytest.mark.usefixtures("costs")
def test_list_shows_what_is_ahead_with_numbers(run: Run) -> None:
    out = ok(run("cost", "list"))
    assert "taxi" not in out  # the past delegation's
    lines = out.splitlines()
    assert lines[0].split() == ["WHEN", "FOR", "NO", "WHAT", "AMOUNT", "COVERED"]
    assert f"meeting {SOON}" in lines[1]  # the meeting's own costs before its delegations'
    assert "snacks" in lines[1]
    assert "15.50 CAD" in lines[1]
    assert f"delegation {HOUSING}" in lines[2]
    assert "bus fare for Peer worker" in lines[2]
    assert "childcare" in lines[3]
    assert "yes, Peer worker's aunt" in lines[3]
    assert "lost work" in lines[4]
    assert "?" in lines[4]  # no amount known
    assert "Quixley" not in out
    assert "Jandro" not in out


@pytest.mark.usefixtures("costs")
def test_list_uncovered_keeps_the_numbers(run: Run) -> None:
    [meeting, delegation] = json.loads(ok(run("cost", "list", "--uncovered", "--json")))
    assert (meeting["meeting"], meeting["delegation"]) == (SOON, None)
    assert delegation["delegation"] == HOUSING
    assert delegation["topic"] == "Housing"
    assert [(cost["number"], cost["what"]) for cost in delegation["costs"]] == [
        (1, "bus fare for Peer worker"),
        (3, "lost work"),
    ]
    assert delegation["costs"][0]["amount"] == "6.00"
    assert delegation["costs"][1]["amount"] is None


@pytest.mark.usefixtures("costs")
def test_list_internal_shows_names_under_a_banner(run: Run) -> None:
    result = run("cost", "list", "--internal")
    out = ok_noted(result)
    assert result.stderr.startswith("delegate: INTERNAL COPY")  # on stderr, first: stdout stays a table
    assert f"bus fare for {CONFIDENTIAL}" in out
    internal = json.loads(ok_noted(run("cost", "list", "--json", "--internal"), "INTERNAL COPY"))
    assert "Jandro's aunt" in json.dumps(internal)


@pytest.mark.usefixtures("board")
def test_list_empty(run: Run) -> None:
    assert ok(run("cost", "list")).strip() == "no costs noted for anything ahead"
    assert ok(run("cost", "list", "--uncovered")).strip() == "no uncovered costs ahead"
    assert json.loads(ok(run("cost", "list", "--json"))) == []


@pytest.mark.usefixtures("costs")
def test_cancelled_delegations_are_not_listed(run: Run) -> None:
    ok(run("delegation", "cancel", HOUSING, "--reason", "no money for the bus"))
    listed = json.loads(ok(run("cost", "list", "--json")))
    assert [item["delegation"] for item in listed] == [None]


@pytest.mark.usefixtures("costs")
def test_cover_a_cost(run: Run, data: Path) -> None:
    assert ok(run("cost", "cover", "--delegation", HOUSING, "3", "--by", "the travel fund")).strip() == (
        f"cost 3 of delegation {HOUSING} is covered"
    )
    costs = saved_costs(data, HOUSING)
    assert (costs[2]["covered"], costs[2]["covered_by"]) == (True, "the travel fund")
    assert costs[0].get("covered", False) is False  # the others untouched
    ok(run("cost", "cover", "--delegation", HOUSING, "1"))
    assert (
        json.loads(ok(run("cost", "list", "--uncovered", "--json")))[0]["delegation"] is None
    )  # only the meeting
    ok(run("cost", "cover", "--meeting", SOON, "1"))
    assert json.loads(ok(run("cost", "list", "--uncovered", "--json"))) == []


@pytest.mark.usefixtures("costs")
@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("--delegation", HOUSING, "2"), 1, "already covered"),
        (("--delegation", HOUSING, "4"), 1, "has costs 1 to 3; there is no cost 4"),
        (("--delegation", HOUSING, "0"), 2, "NUMBER"),
        (("--delegation", HOUSING, "two"), 2, "NUMBER"),
        (("--meeting", f"2027-01-01-{BOARD}", "1"), 1, "no meeting"),
        (("1",), 2, "--delegation ID or --meeting ID"),
    ],
)
def test_cover_refusals_write_nothing(
    run: Run, data: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    before = snapshot(data)
    fails(run("cost", "cover", *args), code, needle)
    assert snapshot(data) == before


@pytest.mark.usefixtures("costs")
def test_remove_a_cost_moves_the_later_ones_up(run: Run, data: Path) -> None:
    ok(run("cost", "remove", "--delegation", HOUSING, "1"))
    assert [cost["what"] for cost in saved_costs(data, HOUSING)] == ["childcare", "lost work"]
    before = snapshot(data)
    fails(run("cost", "remove", "--delegation", HOUSING, "3"), 1, "there is no cost 3")
    assert snapshot(data) == before
    ok(run("cost", "remove", "--meeting", SOON, "1"))
    fails(run("cost", "remove", "--meeting", SOON, "1"), 1, "has no costs")


# ---- the dashboard ------------------------------------------------------------------------------------


NOW = datetime(2026, 11, 27, 9, 0, tzinfo=TZ)


def _meeting(store: Store, day: date, *, cancelled: bool = False) -> Meeting:
    meeting = Meeting(
        id=f"{day}-{BOARD}", body=BOARD, start=datetime(day.year, day.month, day.day, 18, tzinfo=TZ)
    )
    if cancelled:
        meeting = meeting.cancel("no quorum")
    store.save(meeting)
    return meeting


def _with_costs(store: Store, delegation: Delegation, *costs: Cost) -> Delegation:
    changed = replace(delegation, costs=costs)
    store.save(changed)
    return changed


@pytest.fixture
def board_store(tmp_store: Store) -> Store:
    tmp_store.save(Body(id=BOARD, name="Lakeport Police Board", kind=BodyKind.POLICE_BOARD))
    return tmp_store


def test_dashboard_warns_of_uncovered_costs_of_upcoming_delegations(board_store: Store) -> None:
    store = board_store
    bus, care = Cost("bus fare", Decimal("6")), Cost("childcare", covered=True, covered_by="the fund")
    soon = _meeting(store, date(2026, 12, 9))
    sooner = _meeting(store, date(2026, 12, 2))
    warned = _with_costs(store, add_delegation(store, soon, "Housing"), bus, care)
    first = _with_costs(store, add_delegation(store, sooner, "Transit"), Cost("taxi"))
    _with_costs(store, add_delegation(store, soon, "Covered"), care)  # all covered: no warning
    add_delegation(store, soon, "No costs noted")
    cancelled = _with_costs(store, add_delegation(store, soon, "Cancelled"), bus)
    advance(store, cancelled, "cancel", NOW, "no bus money")
    gone = _meeting(store, date(2026, 11, 20))
    _with_costs(store, add_delegation(store, gone, "Past"), bus)
    far = _meeting(store, (NOW + HORIZON + timedelta(days=2)).date())
    _with_costs(store, add_delegation(store, far, "Far ahead"), bus)
    off = _meeting(store, date(2026, 12, 16), cancelled=True)
    _with_costs(store, add_delegation(store, off, "Meeting cancelled"), bus)

    dashboard = build_dashboard(store, NOW)

    assert [(item.delegation.id, item.meeting.id) for item in dashboard.uncovered_costs] == [
        (first.id, sooner.id),
        (warned.id, soon.id),
    ]  # soonest first
    assert dashboard.uncovered_costs[1].costs == (bus,)  # only what is not covered
    assert dashboard.uncovered_costs[0].costs == (Cost("taxi"),)
    # What was there before is unchanged: the meetings ahead, within the horizon, not cancelled.
    assert [item.meeting.id for item in dashboard.meetings] == [sooner.id, soon.id]
    assert not dashboard.empty


def test_dashboard_lists_owed_honoraria_oldest_first(board_store: Store) -> None:
    store = board_store
    person = Person(id="confidential-peer-worker", name=CONFIDENTIAL, role="Peer worker", confidential=True)
    store.save(person)
    today = NOW.date()
    later = add_honorarium(store, person, amount=Decimal("50"), owed_on=date(2026, 11, 25), today=today)
    earlier = add_honorarium(
        store, person, amount=Decimal("20"), currency="USD", owed_on=date(2026, 10, 1), today=today
    )
    paid = add_honorarium(store, person, amount=Decimal("30"), owed_on=date(2026, 9, 1), today=today)
    pay_honorarium(store, paid, on=date(2026, 9, 2))

    dashboard = build_dashboard(store, NOW)

    assert [item.id for item in dashboard.owed_honoraria] == [earlier.id, later.id]
    assert all(isinstance(item, Honorarium) and not item.paid for item in dashboard.owed_honoraria)
    assert dashboard.uncovered_costs == []


def test_dashboard_with_only_owed_honoraria_is_not_empty(tmp_store: Store) -> None:
    person = Person(id="sam-lee", name="Sam Lee")
    tmp_store.save(person)
    assert build_dashboard(tmp_store, NOW).empty
    add_honorarium(tmp_store, person, amount=Decimal("10"), today=NOW.date())
    dashboard = build_dashboard(tmp_store, NOW)
    assert not dashboard.empty
    assert len(dashboard.owed_honoraria) == 1
