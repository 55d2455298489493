"""What the iCalendar tests share: reading an export strictly, and finding its parts."""

from __future__ import annotations

import warnings
from typing import Any

from icalendar import Calendar, Component

MAX_LINE_OCTETS = 75  # RFC 5545, 3.1: lines longer than this are folded


def parse_strict(data: bytes) -> Calendar:
    """The calendar in `data`, or an AssertionError saying what icalendar (or RFC 5545) objects to.

    icalendar parses leniently, so beyond "it parsed" this checks what it would otherwise let through:
    warnings (turned into errors), properties it could not read, required, single and mutually
    exclusive properties, TZIDs without a VTIMEZONE, and the line format itself.
    """
    assert data.endswith(b"\r\n"), data[-40:]
    for number, line in enumerate(data.split(b"\r\n")[:-1], start=1):
        assert b"\n" not in line, f"line {number} has a bare line feed: {line!r}"
        assert b"\r" not in line, f"line {number} has a bare carriage return: {line!r}"
        assert len(line) <= MAX_LINE_OCTETS, f"line {number} is {len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding never splits a character
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calendar = Calendar.from_ical(data)
    assert isinstance(calendar, Calendar)
    problems: list[str] = []
    for component in calendar.walk():
        problems.extend(_problems(component))
    assert not problems, problems
    assert calendar.get_missing_tzids() == set()
    if calendar.subcomponents:
        calendar.validate()
    return calendar


def _problems(component: Component) -> list[str]:
    where = f"{component.name} {component.get('UID', '')}".strip()
    found = [f"{where}: {name}: {error}" for name, error in component.errors]
    found += [f"{where}: {name} is missing" for name in component.required if name not in component]
    found += [
        f"{where}: {name} appears more than once"
        for name, value in component.items()
        if isinstance(value, list) and name not in component.multiple
    ]
    present = [name for name in component.exclusive if name in component]
    if len(present) > 1:
        found.append(f"{where}: {' and '.join(present)} together")
    if (
        component.name == "VALARM"
        and str(component.get("ACTION")) == "DISPLAY"
        and "DESCRIPTION" not in component
    ):
        found.append(f"{where}: a DISPLAY alarm without a DESCRIPTION")
    return found


def unfolded(data: bytes) -> str:
    """The text of a calendar with folded lines joined again (a name may be split by a fold)."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


def by_uid(calendar: Calendar, name: str = "VEVENT") -> dict[str, Component]:
    """The components of one kind, by UID; a UID given twice is an error."""
    found: dict[str, Component] = {}
    for component in calendar.walk(name):
        uid = str(component["UID"])
        assert uid not in found, f"UID {uid} appears twice"
        found[uid] = component
    return found


def alarms(component: Component) -> list[Component]:
    return [sub for sub in component.subcomponents if sub.name == "VALARM"]


def value(component: Component, name: str) -> Any:
    """A date, date-time or duration property's Python value."""
    return component[name].dt
