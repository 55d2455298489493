"""Control characters made visible: text from a record can never drive the terminal that shows it.

A title typed (or pasted, or imported from a council's feed) with ESC, CSI or OSC sequences in it
could otherwise set the terminal's title, write to its clipboard or hide what follows. Newlines and
tabs are kept; every other C0 character, DEL and every C1 character is shown as a visible symbol.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"  # C1 (CSI, OSC… as single bytes) have no pictures of their own


def visible(text: str) -> str:
    """`text` with control characters (but newline and tab) replaced by visible symbols; CR LF → LF."""
    if text.isprintable() or not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(_picture, text.replace("\r\n", "\n"))
