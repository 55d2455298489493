"""The shipped fonts, and which characters they can draw (the rest become a visible placeholder)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fontTools ships no types

FAMILY = "DejaVu"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
PLACEHOLDER = "□"  # U+25A1 WHITE SQUARE, drawn by every DejaVu style
_ZERO_WIDTH_JOINER = "\u200d"


def fonts_dir() -> Path:
    """delegate/fonts, found beside the package whether installed from a wheel or editable."""
    return Path(__file__).resolve().parent.parent / "fonts"


def font_path(style: str = "") -> Path:
    return fonts_dir() / FONT_FILES[style]


@cache
def covered() -> frozenset[int]:
    """Code points some DejaVu style draws; the PDF falls back across styles, so any style will do."""
    points: set[int] = set()
    for style in FONT_FILES:
        font = TTFont(font_path(style), lazy=True)
        try:
            points.update(font.getBestCmap() or {})
        finally:
            font.close()
    return frozenset(points)


def printable(text: str) -> str:
    """`text` with each character the fonts lack shown as one placeholder, never dropped or crashing.

    An emoji sequence (a base, joiners, skin tones, variation selectors) becomes a single
    placeholder; invisible format characters the font lacks are left out, as they draw nothing.
    """
    known = covered()
    out: list[str] = []
    joining = False
    for char in text:
        after_placeholder = bool(out) and out[-1] == PLACEHOLDER
        if char == _ZERO_WIDTH_JOINER:
            joining = after_placeholder
            if not joining and ord(char) in known:
                out.append(char)
            continue
        if ord(char) in known or char in "\n\t":
            if not (after_placeholder and _modifies(char)):
                out.append(char)
            joining = False
            continue
        if joining or (after_placeholder and _modifies(char)) or _invisible(char):
            joining = False
            continue
        out.append(PLACEHOLDER)
    return "".join(out)


def _modifies(char: str) -> bool:
    """Marks that belong to the character before: variation selectors, skin tones, tags, combining marks."""
    point = ord(char)
    return (
        0xFE00 <= point <= 0xFE0F
        or 0x1F3FB <= point <= 0x1F3FF
        or 0xE0020 <= point <= 0xE007F
        or 0xE0100 <= point <= 0xE01EF
        or unicodedata.category(char) in ("Mn", "Me")
    )


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc") or _modifies(char)
