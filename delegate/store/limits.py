"""How much the store reads of a record file, and what it refuses: one hostile file costs only itself.

A data folder may be shared, synced or edited by hand; what is in it is input. A record file is read
only if it is a regular file (a FIFO would hang the read, a device never end), through a symlink only
if the link stays inside the data folder, up to a size cap per kind of file, and its TOML only up to a
nesting depth, a number of values and a number of dotted key parts (tomllib takes quadratic time on a
long dotted key). Each refusal is a reason for that file's problem line; every other file still loads.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from typing import Any

TOML_BYTES = 1_000_000
MARKDOWN_BYTES = 10_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """The caps on one record's files (DELEGATE_MAX_TOML_BYTES / DELEGATE_MAX_MARKDOWN_BYTES change
    the sizes: a very long speech or handout in Markdown may need more)."""

    toml_bytes: int = TOML_BYTES
    markdown_bytes: int = MARKDOWN_BYTES
    depth: int = 24  # records nest three or four levels; a table of tables of… is not a record
    values: int = 50_000
    dotted_parts: int = 64

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            toml_bytes=_positive(os.environ.get("DELEGATE_MAX_TOML_BYTES"), TOML_BYTES),
            markdown_bytes=_positive(os.environ.get("DELEGATE_MAX_MARKDOWN_BYTES"), MARKDOWN_BYTES),
        )


def _positive(text: str | None, default: int) -> int:
    try:
        value = int(text or "")
    except ValueError:
        return default
    return value if value > 0 else default


class Refused(Exception):
    """Why a file is not read; the message completes "PATH …" (it never quotes the file's content)."""


def kind_of_file(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_capped(path: str, cap: int) -> bytes:
    """A regular file's bytes, at most `cap` of them; Refused if it is bigger or not a regular file.

    Opened without blocking and checked on the open descriptor, so a FIFO or a device put in place
    after the folder was listed is refused too, not read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {kind_of_file(info.st_mode)}, not a record file; not read")
        if info.st_size > cap:
            limit = _size(cap)
            raise Refused(f"is {_size(info.st_size)}, more than a record file may be ({limit}); not read")
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:  # it grew while being read
            raise Refused(f"is more than a record file may be ({_size(cap)}); not read")
        return data
    finally:
        os.close(fd)


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


# A key of many dotted parts (a.b.c.… = 1). Checked only on files with that many dots at all.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""


def check_text(text: str, limits: Limits) -> None:
    """What can be refused before tomllib parses: more separators (commas, lines) than a record has
    values, or a key of more dotted parts than `limits` allow (tomllib spends minutes on one)."""
    if text.count(",") + text.count("\n") > limits.values:
        raise Refused(f"holds more than {limits.values:,} values; not read")
    _check_dotted_keys(text, limits)


def _check_dotted_keys(text: str, limits: Limits) -> None:
    if text.count(".") < limits.dotted_parts:
        return
    pattern = re.compile(rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{limits.dotted_parts},}}")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count(".") >= limits.dotted_parts and pattern.search(line):
            raise Refused(f"line {number}: a key of more than {limits.dotted_parts} dotted parts; not read")


def check_shape(table: dict[str, Any], limits: Limits) -> None:
    """Refused if the parsed TOML nests deeper, or holds more values, than a record could."""
    count = 0
    stack: list[tuple[Any, int]] = [(table, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.depth:
            raise Refused(f"nests more than {limits.depth} levels deep; not read")
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            count += 1
            if count > limits.values:
                raise Refused(f"holds more than {limits.values:,} values; not read")
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
