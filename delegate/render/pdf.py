"""Blocks → a print-ready PDF with fpdf2: one page when the text can be made to fit, never cut."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF
from fpdf.fonts import FontFace

import delegate
from delegate.render.blocks import Block, Run
from delegate.render.glyphs import FAMILY, FONT_FILES, font_path, printable

SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)  # body text, largest first; 8 pt is still readable
HEADING_SCALE = {1: 1.7, 2: 1.3, 3: 1.12}
MM_PER_PT = 25.4 / 72
LINE_SPACING = 1.4
MARGIN = 18.0  # mm: inside what both A4 and Letter printers can reach
INDENT = 6.0  # mm per list or quote level
BOX_PADDING = 3.5
TEXT = (17, 17, 17)
MUTED = (70, 70, 70)
LINK = (20, 70, 160)


def render_pdf(blocks: list[Block], title: str, paper: str = "letter") -> bytes:
    """The PDF bytes: the largest size that fits one page, else the first size flowing onto more."""
    pdf = _new_pdf(title, paper)
    if _draw(pdf, blocks, SIZES[0]) == 1:
        return bytes(pdf.output())
    # The first document is now a scratch pad: try smaller sizes on fresh pages of it, then start clean.
    chosen = SIZES[0]  # when nothing fits, a readable size over more pages beats a tiny one
    if _draw(pdf, blocks, SIZES[-1]) == 1:
        low, high = 1, len(SIZES) - 1  # SIZES[high] fits; find the largest size that does
        while low < high:
            middle = (low + high) // 2
            if _draw(pdf, blocks, SIZES[middle]) == 1:
                high = middle
            else:
                low = middle + 1
        chosen = SIZES[high]
    final = _new_pdf(title, paper)
    _draw(final, blocks, chosen)
    return bytes(final.output())


def _new_pdf(title: str, paper: str) -> FPDF:
    pdf = FPDF(unit="mm", format=paper)
    pdf.set_margins(MARGIN, MARGIN - 2, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN - 2)
    for style in FONT_FILES:
        pdf.add_font(FAMILY, style, str(font_path(style)))
    # A character missing from the bold or oblique face is taken from another DejaVu face.
    pdf.set_fallback_fonts([FAMILY], exact_match=False)
    pdf.set_title(printable(title))
    pdf.set_creator(f"delegate {delegate.__version__}")
    pdf.set_text_color(*TEXT)
    return pdf


@dataclass
class _Box:
    page: int
    top: float
    left: float
    right: float


def _draw(pdf: FPDF, blocks: list[Block], size: float) -> int:
    """Lay the blocks out from a fresh page; returns how many pages they took."""
    pdf.add_page()
    first = pdf.page
    line = size * MM_PER_PT * LINE_SPACING
    box: _Box | None = None
    previous: Block | None = None
    for block in blocks:
        if block.boxed and box is None:
            box = _open_box(pdf, line)
            previous = None
        elif not block.boxed and box is not None:
            _close_box(pdf, box, line)
            box = None
        _space_before(pdf, block, previous, line)
        _draw_block(pdf, block, size, line)
        previous = block
    if box is not None:
        _close_box(pdf, box, line)
    return pdf.page - first + 1


def _space_before(pdf: FPDF, block: Block, previous: Block | None, line: float) -> None:
    if previous is None:
        return
    if block.kind == "heading":
        gap = {1: 0.6, 2: 0.7, 3: 0.5}.get(block.level, 0.4) * line
    elif previous.kind == "heading":
        gap = 0.15 * line
    elif block.tight and previous.indent >= block.indent and previous.kind == "paragraph":
        gap = 0.12 * line
    else:
        gap = 0.45 * line
    pdf.ln(gap)


def _draw_block(pdf: FPDF, block: Block, size: float, line: float) -> None:
    if block.kind == "heading":
        _draw_heading(pdf, block, size)
    elif block.kind == "paragraph":
        _draw_paragraph(pdf, block, size, line)
    elif block.kind == "code":
        _draw_paragraph(pdf, block, size * 0.92, line * 0.95)
    elif block.kind == "rule":
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.2)
        pdf.line(pdf.l_margin, pdf.y + line / 2, pdf.w - pdf.r_margin, pdf.y + line / 2)
        pdf.ln(line)
    elif block.kind == "table":
        _draw_table(pdf, block, size, line)


def _draw_heading(pdf: FPDF, block: Block, size: float) -> None:
    heading_size = size * HEADING_SCALE.get(block.level, 1.0)
    height = heading_size * MM_PER_PT * 1.3
    # Never leave a heading alone at the foot of a page.
    if pdf.y > pdf.t_margin + 1 and pdf.will_page_break(height + 2 * size * MM_PER_PT * LINE_SPACING):
        pdf.add_page()
    runs = tuple(Run(run.text, True, run.italic, run.link, run.code) for run in block.runs)
    _write_runs(pdf, runs, heading_size, height)
    pdf.ln(height)
    if block.level == 1:
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, pdf.y + 0.8, pdf.w - pdf.r_margin, pdf.y + 0.8)
        pdf.ln(1.6)


def _draw_paragraph(pdf: FPDF, block: Block, size: float, line: float) -> None:
    base_margin = pdf.l_margin
    left = base_margin + block.indent * INDENT
    text_left = left
    if block.marker:
        pdf.set_font(FAMILY, "", size)
        marker_left = max(left - INDENT, base_margin)
        pdf.set_x(marker_left)
        pdf.set_text_color(*(MUTED if block.quote else TEXT))
        pdf.write(line, block.marker)
        text_left = max(left, pdf.get_x() + 1.5)
    pdf.set_left_margin(text_left)  # wrapped lines start under the text, not under the marker
    pdf.set_x(text_left)
    _write_runs(pdf, block.runs, size, line, muted=block.quote)
    pdf.ln(line)
    pdf.set_left_margin(base_margin)


def _write_runs(pdf: FPDF, runs: tuple[Run, ...], size: float, line: float, muted: bool = False) -> None:
    for run in runs:
        style = ("B" if run.bold else "") + ("I" if run.italic else "")
        color = LINK if run.link else (MUTED if muted or run.code else TEXT)
        pdf.set_font(FAMILY, style + ("U" if run.link else ""), size)
        pdf.set_text_color(*color)
        pdf.write(line, printable(run.text), link=run.link)
    pdf.set_text_color(*TEXT)


def _draw_table(pdf: FPDF, block: Block, size: float, line: float) -> None:
    if not block.rows:
        return
    columns = max(len(row) for row in block.rows)
    widths = [
        min(max((len(row[column]) if column < len(row) else 0) for row in block.rows), 40) + 3
        for column in range(columns)
    ]
    left = pdf.l_margin + block.indent * INDENT
    pdf.set_font(FAMILY, "", size * 0.95)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.set_x(left)
    with pdf.table(
        width=pdf.w - pdf.r_margin - left,
        col_widths=tuple(widths),
        align="LEFT",
        text_align="LEFT",
        v_align="TOP",
        line_height=line * 0.95,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD"),
        padding=(0.8, 1.2),
    ) as table:
        for row in block.rows:
            cells = table.row()
            for column in range(columns):
                cells.cell(printable(row[column]) if column < len(row) else "")


def _open_box(pdf: FPDF, line: float) -> _Box:
    """Start the contact block: a framed area, kept whole on a page when it can be."""
    pdf.ln(0.4 * line)
    if pdf.will_page_break(4 * line + 2 * BOX_PADDING):
        pdf.add_page()
    box = _Box(pdf.page, pdf.y, pdf.l_margin, pdf.r_margin)
    pdf.set_left_margin(box.left + BOX_PADDING)
    pdf.set_right_margin(box.right + BOX_PADDING)
    pdf.set_y(pdf.y + BOX_PADDING)
    return box


def _close_box(pdf: FPDF, box: _Box, line: float) -> None:
    """Frame what was drawn since `_open_box`, a piece per page if it had to break."""
    bottom = pdf.y + BOX_PADDING
    last = pdf.page
    pdf.set_draw_color(*TEXT)
    pdf.set_line_width(0.45)
    width = pdf.w - box.left - box.right
    for page in range(box.page, last + 1):
        pdf.page = page  # fpdf2 draws onto an earlier page when it is made current again
        top = box.top if page == box.page else pdf.t_margin
        end = bottom if page == last else pdf.h - pdf.b_margin
        pdf.rect(box.left, top, width, end - top)
    pdf.page = last
    pdf.set_left_margin(box.left)
    pdf.set_right_margin(box.right)
    pdf.set_y(bottom + 0.4 * line)
