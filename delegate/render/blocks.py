"""Markdown → a flat list of styled blocks, from markdown-it-py's token stream (never by hand)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "code", "rule", "table"]


@cache
def markdown_parser() -> MarkdownIt:
    """CommonMark plus tables (minutes have an action table); raw HTML is shown as text, never run."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""
    code: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One printable unit: a heading, a paragraph (maybe a list item's), code, a rule or a table."""

    kind: BlockKind
    runs: tuple[Run, ...] = ()
    level: int = 0  # heading level
    indent: int = 0  # list and quote depth
    marker: str = ""  # "•" or "3." on the first paragraph of a list item
    tight: bool = False  # in a tight list: little space before it
    quote: bool = False
    boxed: bool = False  # part of the "## Contact" section
    rows: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def contact_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Token indexes [start, end) of the '## Contact' section: its heading up to the next h1/h2."""
    start = None
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0:
            continue
        if start is not None and token.tag in ("h1", "h2"):
            return start, index
        title = tokens[index + 1].content.strip().casefold() if index + 1 < len(tokens) else ""
        if start is None and token.tag == "h2" and title.startswith("contact"):
            start = index
    return (start, len(tokens)) if start is not None else None


def to_blocks(tokens: list[Token]) -> list[Block]:
    """The blocks of a parsed document, in order."""
    walker = _Walker(contact_span(tokens))
    for index, token in enumerate(tokens):
        walker.step(index, token, tokens[index - 1] if index else None)
    return walker.blocks


@dataclass
class _Walker:
    """The nesting (lists, quotes, tables) met so far while reading the tokens."""

    contact: tuple[int, int] | None
    blocks: list[Block] = field(default_factory=list)
    lists: list[list[int]] = field(default_factory=list)  # per open list: [is ordered, next number]
    marker: str = ""
    quote: int = 0
    tight: bool = False
    heading: int = 0
    rows: list[tuple[str, ...]] = field(default_factory=list)
    row: list[str] = field(default_factory=list)

    @property
    def indent(self) -> int:
        return len(self.lists) + self.quote

    def step(self, index: int, token: Token, previous: Token | None) -> None:
        boxed = self.contact is not None and self.contact[0] <= index < self.contact[1]
        kind = token.type
        if self._nest(token):
            return
        if kind == "paragraph_open":
            self.tight = token.hidden  # markdown-it hides the paragraphs of a tight list
        elif kind == "heading_open":
            self.heading = int(token.tag[1])
        elif kind == "tr_open":
            self.row = []
        elif kind == "tr_close":
            self.rows.append(tuple(self.row))
        elif kind == "table_close":
            self.blocks.append(Block("table", indent=self.indent, rows=tuple(self.rows), boxed=boxed))
            self.rows = []
        elif kind == "inline" and previous is not None and previous.type in ("th_open", "td_open"):
            self.row.append("".join(run.text for run in inline_runs(token)))
        elif kind == "inline":
            self._text(inline_runs(token), boxed)
        elif kind in ("fence", "code_block"):
            code = (Run(token.content.rstrip("\n"), code=True),)
            self.blocks.append(Block("code", code, indent=self.indent, boxed=boxed))
        elif kind == "hr":
            self.blocks.append(Block("rule", boxed=boxed))

    def _nest(self, token: Token) -> bool:
        """Follow lists and quotes opening and closing; True when the token was one of those."""
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
            self.lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            ordered, number = self.lists[-1]
            self.marker = f"{number}." if ordered else ("•" if len(self.lists) % 2 else "◦")
            self.lists[-1][1] = number + 1
        elif kind in ("blockquote_open", "blockquote_close"):
            self.quote += 1 if kind == "blockquote_open" else -1
        else:
            return False
        return True

    def _text(self, runs: tuple[Run, ...], boxed: bool) -> None:
        if self.heading:
            self.blocks.append(Block("heading", runs, level=self.heading, boxed=boxed))
            self.heading = 0
            return
        block = Block(
            "paragraph",
            runs,
            indent=self.indent,
            marker=self.marker,
            tight=self.tight,
            quote=self.quote > 0,
            boxed=boxed,
        )
        self.blocks.append(block)
        self.marker = ""


def inline_runs(token: Token) -> tuple[Run, ...]:
    """The styled runs of an inline token (emphasis, links, code spans, breaks)."""
    runs: list[Run] = []
    bold = italic = 0
    links: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            links.append(str(child.attrGet("href") or ""))
        elif kind == "link_close":
            links.pop()
        else:
            text = {"softbreak": " ", "hardbreak": "\n"}.get(kind, child.content)
            if kind == "image":
                text = f"[{child.content or 'image'}]"
            if text:
                run = Run(text, bold > 0, italic > 0, links[-1] if links else "", kind == "code_inline")
                _append(runs, run)
    return tuple(runs)


def _append(runs: list[Run], run: Run) -> None:
    """Join a run onto the previous one when they look the same (fewer, longer writes)."""
    if runs and replace(runs[-1], text="") == replace(run, text=""):
        runs[-1] = replace(runs[-1], text=runs[-1].text + run.text)
    else:
        runs.append(run)
