"""Serializing calendar components: exactly the bytes icalendar's `to_ical` writes, with less work.

The export writes thousands of events; icalendar spends more time around each content line (fresh
parameters, type checks, folding character by character) than writing it. These functions make
every line with icalendar's own `Contentline` and skip only that overhead, so the bytes are the
same (the tests compare them with `to_ical` on our calendars and a corpus of real ones).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cache
from typing import Any

from icalendar import Component, Parameters
from icalendar.parser import Contentline


class SharedValues:
    """icalendar values that many components hold as the very same objects (a status, a category,
    the reminder's trigger, DTSTAMP), each made once per export, and each one's content line once written.

    icalendar's values cost more to make than to write, and none is changed once made. Only for
    values equal exactly when they read the same (a zoned wall time is not: equal instants in two
    zones compare equal).
    """

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], Any] = {}
        self.ids: set[int] = set()  # of the values above, alive while this is: an id stays theirs
        self.lines: dict[tuple[str, int], bytes] = {}

    def get(self, make: Callable[[Any], Any], value: Hashable) -> Any:
        """`make(value)`, made once for all the components that say the same."""
        key = (make, type(value), value)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make(value)
            self.ids.add(id(made))
        return made


def serialize(component: Component, shared: SharedValues | None = None) -> bytes:
    """`component.to_ical()`, byte for byte, with less of icalendar's overhead around each line.

    Every content line is still made by icalendar (`Contentline.from_parts`), in the order
    `Component.property_items` gives. Left out: a fresh empty Parameters and a list of pairs per
    property, two TEXT values per component for its BEGIN and END, folding lines that need none
    (icalendar folds character by character; a line under 75 octets comes out unchanged), and
    writing again the line of a `shared` value already written under the same name.
    """
    parts: list[bytes] = []
    _serialize_into(component, parts, shared)
    parts.append(b"")
    return b"\r\n".join(parts)


def _serialize_into(component: Component, parts: list[bytes], shared: SharedValues | None) -> None:
    begin, end = _frame_lines(type(component))
    parts.append(begin)
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else (values,):
            if shared is None or id(value) not in shared.ids:
                parts.append(_content_line(name, value))
                continue
            key = (name, id(value))
            line = shared.lines.get(key)
            if line is None:
                line = shared.lines[key] = _content_line(name, value)
            parts.append(line)
    for subcomponent in component.subcomponents:
        _serialize_into(subcomponent, parts, shared)
    parts.append(end)


def _content_line(name: str, value: Any) -> bytes:
    params = value.params if hasattr(value, "params") else _NO_PARAMETERS
    line = Contentline.from_parts(name, params, value)
    data: bytes = line.encode("utf-8")
    if len(data) < _FOLD_AT:
        return data
    folded: bytes = line.to_ical()
    return folded


@cache
def _frame_lines(kind: type[Component]) -> tuple[bytes, bytes]:
    """BEGIN and END lines of a kind of component (its name is the class's), as icalendar writes them."""
    begin, end, _ = kind().content_lines()
    return begin.to_ical(), end.to_ical()


_FOLD_AT = 75  # RFC 5545, 3.1: lines SHOULD NOT be longer than 75 octets (icalendar folds at 75)
_NO_PARAMETERS: Parameters = Parameters()  # only read: from_parts writes no parameters for it
