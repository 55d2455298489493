"""Markdown → a standalone HTML page, or a one-page PDF, for printing and sending."""

from __future__ import annotations

from html import escape

from delegate.render.blocks import contact_span, markdown_parser, to_blocks
from delegate.render.pdf import render_pdf
from delegate.render.templates import RenderError

PAPERS = ("letter", "a4", "legal")

# No @page size: the browser's own paper choice (A4 or Letter) is used; the margins suit both.
STYLE = """\
@page { margin: 18mm 18mm 16mm; }
html { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
       font-size: 11pt; line-height: 1.45; color: #111; background: #fff; }
body { max-width: 44em; margin: 2em auto; padding: 0 1.25em; }
h1 { font-size: 1.7em; margin: 0 0 .4em; padding-bottom: .2em; border-bottom: 1px solid #888; }
h2 { font-size: 1.3em; margin: 1.1em 0 .3em; }
h3 { font-size: 1.12em; margin: .9em 0 .25em; }
p, ul, ol { margin: 0 0 .6em; }
a { color: #14469f; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; }
th, td { border-bottom: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
blockquote { margin: .4em 0; padding-left: 1em; border-left: 3px solid #bbb; color: #333; }
pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; }
pre { white-space: pre-wrap; background: #f4f4f4; padding: .5em; }
.contact { border: 1.5px solid #222; border-radius: 4px; padding: .3em 1em .2em; margin: 1em 0; }
.contact h2 { margin-top: .3em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  p, li, blockquote, pre, tr, .contact { break-inside: avoid; page-break-inside: avoid; }
}
"""


def markdown_to_html(markdown: str, title: str) -> str:
    """A complete HTML5 page; raw HTML typed into the Markdown is shown as text, never run."""
    parser = markdown_parser()
    tokens = parser.parse(markdown)
    env: dict[str, object] = {}

    def render(start: int, end: int) -> str:
        return str(parser.renderer.render(tokens[start:end], parser.options, env))

    span = contact_span(tokens)
    if span is None:
        body = render(0, len(tokens))
    else:
        start, end = span
        body = (
            render(0, start)
            + f'<section class="contact">\n{render(start, end)}</section>\n'
            + render(end, len(tokens))
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def markdown_to_pdf(markdown: str, title: str, *, paper: str = "letter") -> bytes:
    """A print-ready PDF (one page when it can be made to fit; `paper` is 'letter' or 'a4').

    `title` is the document's metadata; the page shows only what the Markdown says.
    """
    if paper.lower() not in PAPERS:
        raise RenderError(f"unknown paper size {paper!r}; use one of: {', '.join(PAPERS)}")
    return render_pdf(to_blocks(markdown_parser().parse(markdown)), title, paper.lower())
