"""The time left as large block digits scaled to the space they have, readable from a lectern.

Textual's Digits are three rows tall at any size; these grow with the window (about 7 rows or more
at 120×40) and still fit at 80×24. `big_lines` is pure, so the scaling is tested without a screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

ROWS = 5  # pixels per glyph, top to bottom
_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..",) * ROWS,
}
FULL = "█"


def _pixels(text: str) -> list[str]:
    """The text as rows of '#' and '.', one pixel column between glyphs."""
    glyphs = [_FONT.get(char, _FONT[" "]) for char in text]
    return [".".join(glyph[row] for glyph in glyphs) for row in range(ROWS)]


def big_lines(text: str, width: int, height: int) -> list[str]:
    """`text` in block digits as large as fit in width × height cells (the plain text if none fit).

    A cell is about twice as tall as it is wide, so a pixel is up to two cells wide per row tall.
    """
    pixels = _pixels(text)
    span = len(pixels[0]) if pixels else 0
    if span == 0 or height < ROWS or width < span:
        return [text]
    tall = min(height // ROWS, width // span)
    wide = min(2 * tall, width // span)
    lines: list[str] = []
    for row in pixels:
        line = "".join((FULL if pixel == "#" else " ") * wide for pixel in row)
        lines.extend([line] * tall)
    return lines


class BigTime(Widget):
    """The time as typed (e.g. '4:59' or '+0:12'), drawn as large as the widget's size allows."""

    DEFAULT_CSS = """
    BigTime {
        height: 1fr;
        width: 1fr;
        content-align: center middle;
    }
    """

    value: reactive[str] = reactive("", layout=False)

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = value

    def update(self, value: str) -> None:
        self.value = value

    def render(self) -> Text:
        size = self.content_size
        return Text("\n".join(big_lines(self.value, size.width, size.height)), no_wrap=True)

    @property
    def rows(self) -> int:
        """How many rows tall the digits are drawn now (for tests and the lectern check)."""
        return len(big_lines(self.value, self.content_size.width, self.content_size.height))
