"""Honoraria: strict amounts, sums per currency never mixed, budgets, a funder's summary without names."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import Run, fails, ok, ok_noted

from delegate.model import Body, Meeting, ValidationError
from delegate.parsing import parse_amount
from delegate.services.honoraria import budget_status, funder_summary
from delegate.store import Store

TZ = ZoneInfo("America/Vancouver")
GROUP = "harbour-peer-group"
OTHER_GROUP = "city-council"
PAST = f"2026-11-20-{GROUP}"  # before NOW (2026-11-27)
NEXT = f"2026-12-03-{GROUP}"
COUNCIL = f"2026-11-24-{OTHER_GROUP}"
WORKSHOP = "2026-11-25-housing-workshop"
SECRET = "Quixley Jandro"  # confidential
SECRET_ID = "confidential-peer-worker"
PUBLIC = "Sam Lee"
PUBLIC_ID = "sam-lee"


def honorarium_file(data: Path, honorarium_id: str) -> Path:
    return data / "honoraria" / honorarium_id[:4] / f"{honorarium_id}.toml"


def snapshot(data: Path) -> dict[str, bytes]:
    """Every file under the data folder and its bytes: 'nothing written' means this does not change."""
    return {
        str(path.relative_to(data)): path.read_bytes() for path in sorted(data.rglob("*")) if path.is_file()
    }


def added_id(out: str) -> str:
    """'added honorarium 2026-11-20-1: 50.00 CAD owed' -> '2026-11-20-1'."""
    return out.split()[2].rstrip(":")


@pytest.fixture
def setup(run: Run, data: Path) -> None:
    """Two groups with meetings, a workshop, one confidential and one public person."""
    ok(run("body", "add", "Harbour Peer Group", "--kind", "action-group"))
    ok(run("body", "add", "City Council", "--kind", "council"))
    ok(run("person", "add", SECRET, "--confidential", "--role", "Peer worker"))
    ok(run("person", "add", PUBLIC))
    for body, start in (
        (GROUP, "2026-11-20 18:00"),
        (GROUP, "2026-12-03 18:00"),
        (OTHER_GROUP, "2026-11-24 10:00"),
    ):
        ok(run("meeting", "add", "--body", body, "--start", start))
    # A workshop of a policy audit is a meeting naming its audit; written directly, as the audit
    # commands are not what is tested here.
    store = Store(data, index=False)
    store.save(
        Meeting(
            id=WORKSHOP,
            body=GROUP,
            start=datetime(2026, 11, 25, 13, 0, tzinfo=TZ),
            audit="housing-barriers",
            format="round table",
        )
    )


pytestmark = pytest.mark.usefixtures("cli_environment")


# ---- parsing amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50", "50.00"),
        ("50.00", "50.00"),
        ("7.5", "7.50"),
        ("1,200.50", "1200.50"),
        ("$50", "50.00"),
        (" $ 12 ", "12.00"),
        ("0.01", "0.01"),
    ],
)
def test_parse_amount_accepts(text: str, expected: str) -> None:
    amount = parse_amount(text)
    assert amount == Decimal(expected)
    assert str(amount) == expected  # always with cents, so files and JSON read "50.00"


@pytest.mark.parametrize(
    "text",
    ["0", "0.00", "-5", "$-5", "abc", "inf", "nan", "Infinity", "1.234", "1,20", "", "1e3", "5 dollars"],
)
def test_parse_amount_refuses_quoting_the_input(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_amount(text)
    assert repr(text) in str(error.value)


# ---- adding ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("setup")
def test_add_with_amount_and_meeting(run: Run, data: Path) -> None:
    out = ok(run("honorarium", "add", PUBLIC, "--amount", "50", "--meeting", PAST, "--note", "speaker"))
    assert out.strip() == "added honorarium 2026-11-20-1: 50.00 CAD owed"
    saved = tomllib.loads(honorarium_file(data, "2026-11-20-1").read_text(encoding="utf-8"))
    assert saved["person"] == PUBLIC_ID
    assert Decimal(str(saved["amount"])) == Decimal("50")
    assert saved["meeting"] == PAST
    assert saved["owed_on"] == date(2026, 11, 20)  # the meeting's day
    assert "paid_on" not in saved


@pytest.mark.usefixtures("setup")
def test_ids_are_dates_and_numbers_never_names(run: Run, data: Path) -> None:
    first = added_id(ok(run("honorarium", "add", SECRET, "--amount", "20")))
    second = added_id(ok(run("honorarium", "add", SECRET_ID, "--amount", "20")))
    assert (first, second) == ("2026-11-27-1", "2026-11-27-2")  # today, as there is no meeting
    names = [path.name.casefold() for path in (data / "honoraria").rglob("*")]
    assert not any(word in name for name in names for word in ("quixley", "jandro", "peer"))


@pytest.mark.usefixtures("setup")
def test_person_by_id_prefix_or_name_any_case(run: Run, data: Path) -> None:
    ok(run("honorarium", "add", "sam", "--amount", "5"))  # id prefix
    ok(run("honorarium", "add", "SAM LEE", "--amount", "5"))  # name, any case
    out = json.loads(ok(run("honorarium", "list", "--json")))
    assert [item["person_id"] for item in out] == [PUBLIC_ID, PUBLIC_ID]


@pytest.mark.usefixtures("setup")
def test_amount_and_currency_default_to_the_groups_budget(run: Run, data: Path) -> None:
    ok(run("honorarium", "budget", GROUP, "--per-person", "60", "--total", "1000", "--currency", "usd"))
    made = added_id(ok(run("honorarium", "add", PUBLIC, "--workshop", WORKSHOP)))
    saved = tomllib.loads(honorarium_file(data, made).read_text(encoding="utf-8"))
    assert Decimal(str(saved["amount"])) == Decimal("60")
    assert saved["currency"] == "USD"
    assert saved["meeting"] == WORKSHOP
    # An amount given wins; the currency still follows the budget unless given.
    made = added_id(ok(run("honorarium", "add", PUBLIC, "--meeting", PAST, "--amount", "10")))
    saved = tomllib.loads(honorarium_file(data, made).read_text(encoding="utf-8"))
    assert (Decimal(str(saved["amount"])), saved["currency"]) == (Decimal("10"), "USD")


@pytest.mark.usefixtures("setup")
def test_amount_required_without_a_budget(run: Run, data: Path) -> None:
    before = snapshot(data)
    fails(run("honorarium", "add", PUBLIC, "--meeting", PAST), 1, "give an amount")
    fails(run("honorarium", "add", PUBLIC), 1, "give an amount")
    assert snapshot(data) == before


@pytest.mark.usefixtures("setup")
def test_meeting_and_workshop_together_refused(run: Run, data: Path) -> None:
    before = snapshot(data)
    fails(run("honorarium", "add", PUBLIC, "--amount", "5", "--meeting", PAST, "--workshop", WORKSHOP), 2)
    assert snapshot(data) == before


@pytest.mark.usefixtures("setup")
@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        ((PUBLIC, "--amount", "-5"), 2, "'-5'"),
        ((PUBLIC, "--amount", "0"), 2, "'0'"),
        ((PUBLIC, "--amount", "abc"), 2, "'abc'"),
        ((PUBLIC, "--amount", "nan"), 2, "'nan'"),
        ((PUBLIC, "--amount", "12.345"), 2, "two decimal places"),
        (("Nobody Here", "--amount", "5"), 1, "no person"),
        ((PUBLIC, "--amount", "5", "--meeting", "no-such-meeting"), 1, "no meeting"),
        ((PUBLIC, "--amount", "5", "--date", "2027-02-30"), 2, "2027-02-30"),
        ((PUBLIC, "--amount", "5", "--currency", "dollars"), 1, "currency"),
    ],
)
def test_bad_input_refused_with_one_line_and_nothing_written(
    run: Run, data: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    before = snapshot(data)
    fails(run("honorarium", "add", *args), code, needle)
    assert snapshot(data) == before


@pytest.mark.usefixtures("setup")
def test_unknown_person_error_does_not_repeat_a_confidential_name(run: Run) -> None:
    line = fails(run("honorarium", "add", "Quixley Jandr", "--amount", "5"), 1, "no person")
    assert "Quixley" not in line


# ---- paying ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("setup")
def test_pay_with_date_and_method(run: Run, data: Path) -> None:
    made = added_id(ok(run("honorarium", "add", PUBLIC, "--amount", "50", "--meeting", PAST)))
    out = ok(run("honorarium", "paid", made, "--date", "2026-11-21", "--method", "e-transfer"))
    assert "paid on 2026-11-21" in out
    saved = tomllib.loads(honorarium_file(data, made).read_text(encoding="utf-8"))
    assert (saved["paid_on"], saved["method"]) == (date(2026, 11, 21), "e-transfer")


@pytest.mark.usefixtures("setup")
def test_pay_defaults_to_today_in_cash(run: Run, data: Path) -> None:
    made = added_id(ok(run("honorarium", "add", PUBLIC, "--amount", "50", "--meeting", PAST)))
    ok(run("honorarium", "paid", made))
    saved = tomllib.loads(honorarium_file(data, made).read_text(encoding="utf-8"))
    assert (saved["paid_on"], saved["method"]) == (date(2026, 11, 27), "cash")


@pytest.mark.usefixtures("setup")
def test_paying_twice_refused(run: Run, data: Path) -> None:
    made = added_id(ok(run("honorarium", "add", PUBLIC, "--amount", "50", "--meeting", PAST)))
    ok(run("honorarium", "paid", made, "--date", "2026-11-21"))
    before = snapshot(data)
    fails(run("honorarium", "paid", made, "--date", "2026-11-22"), 1, "already paid on 2026-11-21")
    assert snapshot(data) == before


@pytest.mark.usefixtures("setup")
def test_paying_before_it_was_owed_refused(run: Run, data: Path) -> None:
    made = added_id(ok(run("honorarium", "add", PUBLIC, "--amount", "50", "--meeting", PAST)))
    before = snapshot(data)
    fails(run("honorarium", "paid", made, "--date", "2026-11-19"), 1, "before the honorarium was owed")
    fails(run("honorarium", "paid", made, "--date", "2027-02-30"), 2, "2027-02-30")
    fails(run("honorarium", "paid", made, "--method", "cheque"), 2, "cheque")
    fails(run("honorarium", "paid", "1999"), 1, "no honorarium")
    assert snapshot(data) == before


# ---- listing --------------------------------------------------------------------------------------


@pytest.fixture
def some_honoraria(run: Run, setup: None) -> dict[str, str]:
    """Owed and paid honoraria in CAD and USD, to a confidential and a public person."""
    made = {
        "secret_cad": added_id(ok(run("honorarium", "add", SECRET, "--amount", "50", "--meeting", PAST))),
        "public_cad": added_id(ok(run("honorarium", "add", PUBLIC, "--amount", "25.50", "--meeting", PAST))),
        "secret_usd": added_id(
            ok(
                run(
                    "honorarium", "add", SECRET, "--amount", "40", "--currency", "USD", "--workshop", WORKSHOP
                )
            )
        ),
        "public_usd_paid": added_id(
            ok(run("honorarium", "add", PUBLIC, "--amount", "10", "--currency", "USD", "--meeting", COUNCIL))
        ),
    }
    ok(run("honorarium", "paid", made["public_usd_paid"], "--date", "2026-11-26"))
    return made


def test_list_json_redacts_confidential_people(run: Run, some_honoraria: dict[str, str]) -> None:
    out = ok(run("honorarium", "list", "--json"))
    assert SECRET not in out
    assert "Quixley" not in out
    items = json.loads(out)
    assert [item["id"] for item in items] == [
        "2026-11-20-1",
        "2026-11-20-2",
        "2026-11-24-1",
        "2026-11-25-1",
    ]  # oldest first
    first = items[0]
    assert first["person"] == "Peer worker"
    assert (first["amount"], first["currency"], first["paid"]) == ("50.00", "CAD", False)
    paid = next(item for item in items if item["id"] == some_honoraria["public_usd_paid"])
    assert (paid["person"], paid["paid"], paid["paid_on"], paid["method"]) == (
        PUBLIC,
        True,
        "2026-11-26",
        "cash",
    )


def test_list_internal_shows_names_under_a_banner(run: Run, some_honoraria: dict[str, str]) -> None:
    out = ok_noted(run("honorarium", "list", "--internal"), "INTERNAL COPY")  # on stderr, said first
    assert SECRET in out
    internal = ok_noted(run("honorarium", "list", "--json", "--internal"), "INTERNAL COPY")
    assert json.loads(internal)[0]["person"] == SECRET


def test_list_filters(run: Run, some_honoraria: dict[str, str]) -> None:
    owed = json.loads(ok(run("honorarium", "list", "--owed", "--json")))
    assert some_honoraria["public_usd_paid"] not in [item["id"] for item in owed]
    assert len(owed) == 3
    mine = json.loads(ok(run("honorarium", "list", "--person", SECRET, "--json")))
    assert {item["id"] for item in mine} == {some_honoraria["secret_cad"], some_honoraria["secret_usd"]}
    at = json.loads(ok(run("honorarium", "list", "--meeting", PAST, "--json")))
    assert {item["id"] for item in at} == {some_honoraria["secret_cad"], some_honoraria["public_cad"]}
    table = ok(run("honorarium", "list"))
    assert "Peer worker" in table
    assert SECRET not in table
    assert "25.50 CAD" in table
    assert "2026-11-26 cash" in table


def test_list_empty(run: Run, setup: None) -> None:
    assert ok(run("honorarium", "list")).strip() == "no honoraria yet"
    assert ok(run("honorarium", "list", "--owed")).strip() == "nothing owed"
    assert json.loads(ok(run("honorarium", "list", "--json"))) == []


# ---- the funder's summary -------------------------------------------------------------------------


def test_summary_sums_per_currency_never_mixed(run: Run, some_honoraria: dict[str, str]) -> None:
    [summary] = json.loads(ok(run("honorarium", "summary", "--json")))
    by_currency = {item["currency"]: item for item in summary["currencies"]}
    assert set(by_currency) == {"CAD", "USD"}
    assert by_currency["CAD"] == {
        "currency": "CAD",
        "paid_count": 0,
        "paid": "0.00",
        "owed_count": 2,
        "owed": "75.50",
        "total": "75.50",
    }
    assert by_currency["USD"] == {
        "currency": "USD",
        "paid_count": 1,
        "paid": "10.00",
        "owed_count": 1,
        "owed": "40.00",
        "total": "50.00",
    }
    assert (summary["honoraria"], summary["people"], summary["meetings"], summary["workshops"]) == (
        4,
        2,
        2,
        1,
    )


def test_summary_date_range(run: Run, some_honoraria: dict[str, str], data: Path) -> None:
    [summary] = json.loads(
        ok(run("honorarium", "summary", "--from", "2026-11-21", "--to", "2026-11-24", "--json"))
    )
    assert summary["honoraria"] == 1
    assert summary["people"] == 1
    assert [item["currency"] for item in summary["currencies"]] == ["USD"]
    # The same through the service, which the TUI uses.
    result = funder_summary(Store(data, index=False), start=date(2026, 11, 25))
    assert (result.honoraria, result.workshops, result.meetings) == (1, 1, 0)
    assert [(sums.currency, sums.owed) for sums in result.currencies] == [("USD", Decimal("40"))]


def test_summary_range_backwards_refused(run: Run, setup: None) -> None:
    fails(run("honorarium", "summary", "--from", "2026-12-01", "--to", "2026-11-01"), 1, "before")


@pytest.mark.parametrize("args", [(), ("--json",), ("--from", "2026-11-01", "--to", "2026-12-31")])
def test_summary_has_no_names_and_no_person_ids(
    run: Run, some_honoraria: dict[str, str], args: tuple[str, ...]
) -> None:
    out = ok(run("honorarium", "summary", *args))
    for leak in (SECRET, "Quixley", "Jandro", SECRET_ID, "Peer worker", PUBLIC, PUBLIC_ID, "sam"):
        assert leak.casefold() not in out.casefold(), leak
    assert "75.50 CAD" in out or '"75.50"' in out


def test_summary_text(run: Run, some_honoraria: dict[str, str]) -> None:
    out = ok(run("honorarium", "summary"))
    assert out.splitlines()[0] == "Honoraria, all dates"
    assert "CAD       0     0.00 CAD     2     75.50 CAD    75.50 CAD" in out
    assert "USD       1     10.00 USD    1     40.00 USD    50.00 USD" in out


# ---- budgets --------------------------------------------------------------------------------------


def test_budget_owed_paid_left(run: Run, some_honoraria: dict[str, str], data: Path) -> None:
    ok(run("honorarium", "budget", GROUP, "--per-person", "50", "--total", "2,000"))
    # This group's meetings: 50 + 25.50 owed in CAD; its USD one is counted apart; the council's is not its.
    extra = added_id(ok(run("honorarium", "add", PUBLIC, "--meeting", NEXT)))  # 50 from the budget
    ok(run("honorarium", "paid", extra, "--date", "2026-12-03"))
    [status] = json.loads(ok(run("honorarium", "budget", GROUP, "--json")))
    assert status == {
        "group": GROUP,
        "currency": "CAD",
        "per_person": "50.00",
        "total": "2000.00",
        "owed": "75.50",
        "paid": "50.00",
        "left": "1874.50",
        "other_currencies": 1,
    }
    out = ok(run("honorarium", "budget", GROUP))
    assert "1,874.50 CAD" in out
    assert "1 honorarium in another currency is not counted" in out
    store = Store(data, index=False)
    result = budget_status(store, store.get(Body, GROUP))
    assert (result.owed, result.paid, result.left) == (Decimal("75.50"), Decimal("50"), Decimal("1874.50"))
    assert result.other_currencies == 1


def test_budget_change_keeps_what_is_not_given(run: Run, setup: None, data: Path) -> None:
    ok(run("honorarium", "budget", GROUP, "--per-person", "50", "--total", "500", "--currency", "CAD"))
    ok(run("honorarium", "budget", GROUP, "--total", "800"))
    saved = tomllib.loads((data / "bodies" / f"{GROUP}.toml").read_text(encoding="utf-8"))["budget"]
    assert (Decimal(str(saved["per_person"])), Decimal(str(saved["total"]))) == (
        Decimal("50"),
        Decimal("800"),
    )
    [status] = json.loads(ok(run("honorarium", "budget", GROUP, "--json")))
    assert (status["left"], status["owed"]) == ("800.00", "0.00")


def test_budget_without_a_total_has_nothing_left_to_count(run: Run, setup: None) -> None:
    ok(run("honorarium", "budget", GROUP, "--per-person", "30"))
    [status] = json.loads(ok(run("honorarium", "budget", GROUP, "--json")))
    assert (status["total"], status["left"]) == (None, None)


def test_budget_refusals_write_nothing(run: Run, setup: None, data: Path) -> None:
    before = snapshot(data)
    fails(run("honorarium", "budget", GROUP), 2, "no honoraria budget")
    fails(run("honorarium", "budget", GROUP, "--total", "500"), 1, "give the amount per person")
    fails(run("honorarium", "budget", GROUP, "--per-person", "-1"), 2, "'-1'")
    fails(run("honorarium", "budget", GROUP, "--per-person", "5", "--currency", "cash"), 1, "currency")
    fails(run("honorarium", "budget", "no-such-group", "--per-person", "5"), 1, "no body")
    assert snapshot(data) == before
