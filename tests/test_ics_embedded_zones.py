"""The VTIMEZONEs of an export hold for every instant the file can produce, a repeating series that never
ends included (through 2037 at least). Each embedded zone is evaluated here on its own terms, from its
STANDARD and DAYLIGHT parts (onsets, RRULEs, RDATEs, offsets), never looked up by its name; a calendar
program that trusts the file must put every occurrence where the named zone does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_support import Run, ok
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import Calendar, Component

pytestmark = pytest.mark.usefixtures("cli_environment")

THROUGH = datetime(2037, 12, 31, 23, 59)


@dataclass(frozen=True)
class Transition:
    at: datetime  # the instant (UTC) the offset changes
    offset: timedelta  # the offset from then on


class EmbeddedZone:
    """A VTIMEZONE read as RFC 5545 defines it, with nothing but its own properties."""

    def __init__(self, component: Component) -> None:
        self.tzid = str(component["TZID"])
        transitions: list[Transition] = []
        self.first: datetime | None = None
        for part in component.subcomponents:
            if part.name not in ("STANDARD", "DAYLIGHT"):
                continue
            before = part["TZOFFSETFROM"].td
            after = part["TZOFFSETTO"].td
            onset = part["DTSTART"].dt.replace(tzinfo=None)  # local time, on the clock before the change
            onsets = [onset]
            if "RRULE" in part:
                rule = part["RRULE"].to_ical().decode()
                onsets = list(rrulestr(rule, dtstart=onset, ignoretz=True).between(onset, THROUGH, inc=True))
            for rdate in (
                part.get("RDATE", []) if isinstance(part.get("RDATE"), list) else [part.get("RDATE")]
            ):
                if rdate is not None:
                    onsets += [value.dt.replace(tzinfo=None) for value in rdate.dts]
            for local in onsets:
                instant = (local - before).replace(tzinfo=UTC)
                transitions.append(Transition(instant, after))
                if self.first is None or instant < self.first:
                    self.first = instant
        self.transitions = sorted(transitions, key=lambda transition: transition.at)
        assert self.transitions, f"{self.tzid}: no STANDARD or DAYLIGHT part"

    def offset_at(self, instant: datetime) -> timedelta:
        assert self.first is not None
        assert instant >= self.first, f"{self.tzid} does not reach back to {instant}"
        current = self.transitions[0].offset
        for transition in self.transitions:
            if transition.at > instant:
                break
            current = transition.offset
        return current

    def to_utc(self, wall: datetime) -> datetime:
        """The instant a wall-clock time names in this zone (the first of two, as RFC 5545 says)."""
        offsets = sorted({transition.offset for transition in self.transitions}, reverse=True)
        for offset in offsets:  # the larger offset first: the earlier of two instants
            instant = (wall - offset).replace(tzinfo=UTC)
            if self.offset_at(instant) == offset:
                return instant
        return (wall - offsets[-1]).replace(tzinfo=UTC)  # a time the clocks skip: read with the offset before


def occurrences(event: Component) -> list[datetime]:
    """The wall-clock starts of an event through THROUGH (its RRULE expanded, EXDATEs left out)."""
    start = event["DTSTART"].dt
    wall = start.replace(tzinfo=None)
    if "RRULE" not in event:
        return [wall]
    rule = event["RRULE"].to_ical().decode()
    walls = list(rrulestr(rule, dtstart=wall, ignoretz=True).between(wall, THROUGH, inc=True))
    exdates = event.get("EXDATE", [])
    skipped = {
        value.dt.replace(tzinfo=None)
        for exdate in (exdates if isinstance(exdates, list) else [exdates])
        for value in exdate.dts
    }
    return [moment for moment in walls if moment not in skipped]


@pytest.fixture
def export(run: Run, tmp_path: Path) -> Calendar:
    """Two bodies in two zones, each meeting on a rule with no end, with sittings in summer and winter."""
    ok(run("body", "add", "Lakeport City Council", "--timezone", "America/Vancouver", "--schedule",
           "FREQ=MONTHLY;BYDAY=2TU"))  # fmt: skip
    ok(
        run(
            "body",
            "add",
            "Rat der Stadt",
            "--timezone",
            "Europe/Berlin",
            "--schedule",
            "FREQ=WEEKLY;BYDAY=TH",
        )
    )
    for day in ("2026-12-08 18:00", "2027-07-13 18:00", "2027-03-09 01:30"):
        ok(run("meeting", "add", "--body", "lakeport", "--start", day, "--duration", "2h"))
    ok(run("meeting", "add", "--body", "rat", "--start", "2027-06-03 17:00", "--duration", "2h"))
    path = tmp_path / "export.ics"
    ok(run("export", "ics", "-o", str(path)))
    return Calendar.from_ical(path.read_bytes())


def test_every_occurrence_through_2037_is_where_the_named_zone_puts_it(export: Calendar) -> None:
    zones = {str(component["TZID"]): EmbeddedZone(component) for component in export.walk("VTIMEZONE")}
    assert set(zones) == {"America/Vancouver", "Europe/Berlin"}
    checked = 0
    latest = datetime(2000, 1, 1, tzinfo=UTC)
    for event in export.walk("VEVENT"):
        start = event["DTSTART"]
        if not isinstance(start.dt, datetime) or start.dt.tzinfo is None:
            continue
        tzid = start.params.get("TZID")
        if tzid is None:
            continue  # UTC: no zone to read it by
        embedded, named = zones[tzid], ZoneInfo(tzid)
        for wall in occurrences(event):
            assert embedded.to_utc(wall) == wall.replace(tzinfo=named).astimezone(UTC), (
                event["SUMMARY"],
                wall,
            )
            latest = max(latest, embedded.to_utc(wall))
            checked += 1
    assert latest.year >= 2037  # the usual meetings never end: their last summer sittings are checked too
    assert checked > 500


def test_a_summer_sitting_in_2029_is_at_its_hour_by_the_embedded_zone(export: Calendar) -> None:
    # The VTIMEZONE once covered 2025–2028: a client using it put this sitting an hour off.
    zone = EmbeddedZone(next(c for c in export.walk("VTIMEZONE") if str(c["TZID"]) == "America/Vancouver"))
    summer = datetime(2029, 7, 10, 18, 0)  # the second Tuesday of July 2029
    assert zone.to_utc(summer) == datetime(2029, 7, 11, 1, 0, tzinfo=UTC)  # 18:00 PDT (UTC-7)
    assert zone.offset_at(datetime(2037, 12, 1, tzinfo=UTC)) == timedelta(hours=-8)
    assert zone.offset_at(datetime(2037, 7, 1, tzinfo=UTC)) == timedelta(hours=-7)


def test_the_evaluator_notices_a_zone_that_stops_too_soon() -> None:
    # Without this the test above could pass by reading the last offset forever.
    from icalendar import Timezone

    short = EmbeddedZone(
        Timezone.from_tzid("America/Vancouver", first_date=date(2026, 1, 1), last_date=date(2028, 12, 31))
    )
    summer = datetime(2029, 7, 10, 18, 0)
    assert short.to_utc(summer) != summer.replace(tzinfo=ZoneInfo("America/Vancouver")).astimezone(UTC)
