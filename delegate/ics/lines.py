"""A published calendar's bytes as its components' content lines, repaired before any parser sees them.

Real feeds break the format in ways a strict parser refuses whole: lines ending CR CR LF (a Windows
program writing CRLF in text mode), bare LF or lone CR, a byte-order mark, a line folded inside a
UTF-8 character, Windows-1252 text, a description continued on an unindented line, a component
never closed (or a whole calendar with no END), an END with no BEGIN, a stray line of text, a
VTIMEZONE with its TZID twice. Each is repaired or left out here, so that one broken line costs
that line (or that event), never the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# One line break: CRLF, CR CR LF, bare LF, or CRs on their own.
_BREAK = re.compile(rb"\r*\n|\r+")
# NAME, then ;PARAM=value[,value] (values may be quoted and hold ':' or ';'), then ':' and the value.
_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_CONTENT_LINE = re.compile(rf"[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+={_VALUE}(?:,{_VALUE})*)*:")
# Text properties a hand-made feed continues on an unindented next line.
_TEXT = {"DESCRIPTION", "SUMMARY", "LOCATION", "COMMENT", "X-ALT-DESC"}
# Properties a component holds once: a second copy (a VTIMEZONE with two TZIDs) is left out.
_ONCE = {
    "TZID",
    "UID",
    "DTSTART",
    "DTEND",
    "DURATION",
    "DUE",
    "RECURRENCE-ID",
    "SEQUENCE",
    "STATUS",
    "SUMMARY",
    "LOCATION",
    "URL",
    "DESCRIPTION",
    "CLASS",
    "DTSTAMP",
    "TZOFFSETFROM",
    "TZOFFSETTO",
}
# Components that only ever stand at the top of a calendar: one of them opening closes the one before.
_TOP_LEVEL = {"VEVENT", "VTODO", "VJOURNAL", "VTIMEZONE", "VFREEBUSY", "VAVAILABILITY"}


@dataclass
class Block:
    """One top-level component (VEVENT, VTIMEZONE, VTODO…): its lines, BEGIN and END included."""

    name: str
    line: int  # where it begins in the file (1-based), for messages
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


@dataclass
class Pieces:
    """What a file holds: its calendar-wide properties, its components, and what had to be left out."""

    properties: list[str] = field(default_factory=list)  # of the VCALENDAR itself (X-WR-TIMEZONE…)
    blocks: list[Block] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # numbers of lines that were not iCalendar
    calendar_like: bool = False  # any BEGIN: at all (a file without one is not iCalendar)
    cut_short: bool = False  # it ends inside a component or a calendar: the rest of it is missing
    cut_uid: str = ""  # the UID of the component it ends inside: its series is incomplete

    def of(self, name: str) -> list[Block]:
        return [block for block in self.blocks if block.name == name]


def split_calendar(data: bytes) -> Pieces:
    """The components of `data`, each as repaired content lines (see the module's docstring)."""
    pieces = Pieces(calendar_like=b"BEGIN:" in data.upper())
    builder = _Builder(pieces)
    for number, line in _logical_lines(data):
        builder.feed(number, line)
    builder.finish()
    return pieces


def _logical_lines(data: bytes) -> list[tuple[int, str]]:
    """(first physical line number, text) of each unfolded line; unfolded as bytes, so a character
    split by a fold is whole again before it is decoded."""
    physical = _BREAK.split(data.removeprefix(b"\xef\xbb\xbf"))
    logical: list[tuple[int, bytearray]] = []
    for number, raw in enumerate(physical, start=1):
        if raw[:1] in (b" ", b"\t") and logical:
            logical[-1][1].extend(raw[1:])
        elif raw.strip():
            logical.append((number, bytearray(raw)))
    return [(number, _decode(bytes(raw))) for number, raw in logical]


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Outlook exports are sometimes Windows-1252
    return text.replace("\ufeff", "")


class _Builder:
    def __init__(self, pieces: Pieces) -> None:
        self.pieces = pieces
        self.stack: list[str] = []  # components open inside the current block
        self.block: Block | None = None
        self.seen: list[set[str]] = []  # names of the once-only properties met, per open component
        self.last: str = ""  # the name of the last property, for a continuation of its text
        self.in_calendar = False

    def feed(self, number: int, line: str) -> None:
        if not _CONTENT_LINE.match(line):
            if self.block is not None and self.last in _TEXT:
                self.block.lines[-1] += "\\n" + line  # a text continued on its own line
            else:
                self.pieces.dropped.append(number)
            return
        name, _, value = line.partition(":")
        upper = name.split(";", 1)[0].upper()
        self.last = upper
        if upper == "BEGIN":
            if value.strip().upper() == "VCALENDAR":
                self.in_calendar = True
            self._begin(number, value.strip().upper())
        elif upper == "END":
            if value.strip().upper() == "VCALENDAR":
                self.in_calendar = False
            self._end(number, value.strip().upper())
        elif self.block is None:
            self.pieces.properties.append(line)
        else:
            if upper in _ONCE:
                if upper in self.seen[-1]:
                    return
                self.seen[-1].add(upper)
            self.block.lines.append(line)

    def _begin(self, number: int, name: str) -> None:
        if name == "VCALENDAR":
            self._close()  # a calendar is the frame around the blocks, not one of them
            return
        if self.block is not None and name in _TOP_LEVEL:
            self._close()  # a component never closed ends where the next one begins
        if self.block is None:
            self.block = Block(name, number)
            self.pieces.blocks.append(self.block)
        self.stack.append(name)
        self.seen.append(set())
        self.block.lines.append(f"BEGIN:{name}")

    def _end(self, number: int, name: str) -> None:
        if self.block is None or name not in self.stack:
            if name != "VCALENDAR":
                self.pieces.dropped.append(number)
            return
        while self.stack:
            open_name = self.stack.pop()
            self.seen.pop()
            self.block.lines.append(f"END:{open_name}")
            if open_name == name:
                break
        if not self.stack:
            self.block = None

    def _close(self) -> None:
        while self.block is not None and self.stack:
            self.block.lines.append(f"END:{self.stack.pop()}")
            self.seen.pop()
        self.block = None
        self.stack = []
        self.seen = []

    def finish(self) -> None:
        # The file ends inside a component or a calendar: a download cut short, most likely. The
        # component it ends in is incomplete: it is left out, not guessed at.
        self.pieces.cut_short = self.in_calendar or self.block is not None
        if self.block is not None:
            self.pieces.blocks.remove(self.block)
            for line in self.block.lines:
                if line.upper().startswith("UID:"):
                    self.pieces.cut_uid = line[4:].strip()
            self.block = None
