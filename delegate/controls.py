"""Control characters made visible: text from a record can never drive the terminal that shows it.

A title typed (or pasted, or imported from a council's feed) with ESC, CSI or OSC sequences in it
could otherwise set the terminal's title, write to its clipboard or hide what follows. Newlines and
tabs are kept; every other C0 character, DEL, every C1 character and the bidirectional controls
(which reorder a line on screen) are shown as visible symbols.
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1; and the bidirectional controls, which reorder what a terminal shows
# ("Trojan Source"): a title could make a line read differently from what it holds.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"  # C1 (CSI, OSC… as single bytes) and bidi controls have no pictures


def visible(text: str) -> str:
    """`text` with control characters (but newline and tab) replaced by visible symbols; CR LF → LF."""
    if text.isprintable() or not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(_picture, text.replace("\r\n", "\n"))
