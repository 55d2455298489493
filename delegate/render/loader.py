"""Reading templates from one folder and nothing outside it.

The data folder may be shared by a group: a template in it must not read the files of whoever renders
it. A name may not go up (`..`) or start at the root; a link is followed only if it stays inside the
folder; only regular files are read (a FIFO would hang, a device never end), and at most
MAX_TEMPLATE_BYTES of them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from delegate.errors import excerpt
from delegate.render.limits import MAX_TEMPLATE_BYTES

_READ_FLAGS = os.O_RDONLY
for _flag in ("O_NONBLOCK", "O_NOFOLLOW", "O_CLOEXEC"):  # POSIX; Windows has no FIFOs to fear
    _READ_FLAGS |= getattr(os, _flag, 0)
_DRIVE = re.compile(r"^[A-Za-z]:")


class TemplateRefused(jinja2.TemplateError):
    """A template name or file that is not read: outside the folder, not a file, too big, not text."""


class FolderLoader(jinja2.BaseLoader):
    """Templates from `folder` only; `within`, when given, is where the folder itself must lead."""

    def __init__(self, folder: Path, within: Path | None = None) -> None:
        self.folder = folder
        self.within = within

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        found = self.locate(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        shown, real = found
        source, modified = _read(shown, real)
        return source, str(shown), lambda: _modified(real) == modified

    def locate(self, name: str) -> tuple[Path, Path] | None:
        """The file `name` names (as shown, and with its links resolved), None when there is none.

        TemplateRefused when there is one that must not be read: a name that leaves the folder, or a
        link that leads out of it (or nowhere).
        """
        candidate = self.folder.joinpath(*_parts(name, self.folder))
        if not os.path.lexists(candidate):
            return None
        root = self._root()
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):  # a link to nothing, or to itself (RuntimeError before 3.13)
            raise TemplateRefused(
                f"{candidate} is a link that leads nowhere (or round in a circle); it is not read"
            ) from None
        if not real.is_relative_to(root):
            raise TemplateRefused(
                f"{candidate} is a link to a file outside {self.folder}; only templates inside it are read"
            )
        return candidate, real

    def _root(self) -> Path:
        root = self.folder.resolve()
        if self.within is not None and not root.is_relative_to(self.within.resolve()):
            raise TemplateRefused(
                f"{self.folder} is a link to a folder outside {self.within}; its templates are not read"
            )
        return root


def _parts(name: str, folder: Path) -> list[str]:
    """The path of a template name inside its folder; TemplateRefused for one that would leave it."""
    pieces = name.split("/")
    if name.startswith("/") or "\\" in name or "\0" in name or _DRIVE.match(name) or ".." in pieces:
        raise TemplateRefused(
            f"'{excerpt(name)}' is not a template in {folder}: a template name may not start at the root,"
            " go up a folder ('..') or hold a backslash or NUL"
        )
    return [piece for piece in pieces if piece not in ("", ".")]


def _read(shown: Path, real: Path) -> tuple[str, float]:
    """The text of a template file (a regular file of at most MAX_TEMPLATE_BYTES, in UTF-8)."""
    try:
        descriptor = os.open(real, _READ_FLAGS)  # non-blocking: a FIFO must not hang the open
    except OSError as error:
        raise TemplateRefused(f"{shown} cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateRefused(f"{shown} is not a regular file; it is not read")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(_too_big(shown))
        data = _read_at_most(descriptor, MAX_TEMPLATE_BYTES + 1)
    except OSError as error:
        raise TemplateRefused(f"{shown} cannot be read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_TEMPLATE_BYTES:  # it grew while being read
        raise TemplateRefused(_too_big(shown))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = excerpt(data[max(error.start - 10, 0) : error.start + 10])
        raise TemplateRefused(f"{shown} is not UTF-8 text (at byte {error.start}: {bad})") from None
    return text, info.st_mtime


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(descriptor, min(65536, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_big(shown: Path) -> str:
    size = f"{MAX_TEMPLATE_BYTES // 1024} KB"
    return f"{shown} is larger than {size}, more than a template needs; it is not read"


def _modified(path: Path) -> Any:
    try:
        return path.stat().st_mtime
    except OSError:
        return None
