"""Documents from records: Jinja2 templates → Markdown, and Markdown → HTML or PDF."""

from delegate.render.context import handout_context, letter_context, minutes_context, speech_context
from delegate.render.documents import markdown_to_html, markdown_to_pdf
from delegate.render.templates import (
    TEMPLATE_NAMES,
    RenderError,
    packaged_templates_dir,
    render_template,
    template_origin,
)

__all__ = [
    "TEMPLATE_NAMES",
    "RenderError",
    "handout_context",
    "letter_context",
    "markdown_to_html",
    "markdown_to_pdf",
    "minutes_context",
    "packaged_templates_dir",
    "render_template",
    "speech_context",
    "template_origin",
]
