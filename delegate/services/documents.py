"""Documents for an audience (minutes, agendas, reports, letters, handouts) as Markdown, HTML or PDF.

Every document is made the same way: its Markdown is rendered for one audience, then exported to the
format asked for. An internal copy says so twice: a banner at the top of the text (the template's
own, or added here when the template has none) and "INTERNAL:" before its title (the HTML page's
title, the PDF's metadata), so a copy that escapes can be recognised by whoever receives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from delegate.model import ValidationError
from delegate.services.audience import INTERNAL_BANNER, Audience
from delegate.services.ids import public_slug
from delegate.store import Store

FORMATS = ("md", "html", "pdf")


@dataclass(frozen=True)
class Document:
    """A rendered document: its Markdown (already for `audience`), its title and a file name stem."""

    markdown: str
    title: str
    audience: Audience
    stem: str  # "2026-12-02-safer-nights" → "2026-12-02-safer-nights.pdf" (or "-INTERNAL.pdf")

    @property
    def internal(self) -> bool:
        return self.audience is Audience.INTERNAL

    @property
    def shown_title(self) -> str:
        return f"INTERNAL: {self.title}" if self.internal else self.title

    def file_name(self, fmt: str) -> str:
        """The default file name for `fmt`: an internal copy's name says so."""
        return f"{self.stem}{'-INTERNAL' if self.internal else ''}.{fmt}"

    def describe(self, what: str, fmt: str) -> str:
        """'minutes 2026-12-02-safer (pdf, internal copy)': how the CLI and the app speak of it."""
        return f"{what} ({fmt}{', internal copy' if self.internal else ''})"


def public_stem(store: Store, stem: str) -> str:
    """A document's file name stem as anyone may see it: from an id, which may be an old one made
    before someone it names was marked confidential (`check --fix` renames those; until then the
    exported file's name does not carry the name either)."""
    return public_slug(store, stem.replace("-", " "), "document", max_length=len(stem) + 40)


def document(markdown: str, title: str, audience: Audience, stem: str) -> Document:
    """A Document; an internal one opens with the INTERNAL banner if its template did not write it."""
    if audience is Audience.INTERNAL and INTERNAL_BANNER not in markdown[:2000]:
        markdown = f"**{INTERNAL_BANNER}**\n\n{markdown}"
    return Document(markdown, title, audience, stem)


def check_format(fmt: str, formats: tuple[str, ...] = FORMATS) -> str:
    """`fmt` if it is one of `formats`; else a ValidationError naming them."""
    if fmt not in formats:
        raise ValidationError(f"unknown format {fmt!r}; use one of {', '.join(formats)}")
    return fmt


def export_document(doc: Document, fmt: str) -> bytes:
    """The document as Markdown, a standalone HTML page, or a print-ready PDF."""
    check_format(fmt)
    if fmt == "md":
        return doc.markdown.encode("utf-8")
    from delegate.render import markdown_to_html, markdown_to_pdf

    if fmt == "html":
        return markdown_to_html(doc.markdown, doc.shown_title).encode("utf-8")
    return markdown_to_pdf(doc.markdown, doc.shown_title)
