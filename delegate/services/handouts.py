"""Paper for a delegation: handouts (written or attached), the request letter, what to print and bring."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from delegate.model import Delegation, Handout, Meeting, Script, ValidationError
from delegate.model.common import after, slugify
from delegate.services.audience import Audience, lens_for
from delegate.services.delegations import body_of
from delegate.services.documents import Document, document
from delegate.services.scripts import render_named
from delegate.store import NotFoundError, Store, StoreError
from delegate.store.atomic import atomic_write, explain_os_error, remove_file

FORMATS = ("pdf", "html", "md")
FILES_FOLDER = "files"
PDF_MAGIC = b"%PDF-"
ARRIVE_EARLY_MINUTES = 15


def attachment_path(store: Store, handout: Handout) -> Path | None:
    """The attached file of a handout (its `attachment` is relative to the data folder)."""
    return store.root / handout.attachment if handout.attachment else None


def read_pdf(path: Path) -> bytes:
    """A PDF file's bytes; a missing file, a folder or anything not a PDF is a one-line error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise ValidationError(f"{path} is a folder, not a PDF") from None
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror}") from None
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(f"{path} is not a PDF (it does not start with %PDF-)")
    return data


def new_handout(
    store: Store, title: str, delegation: Delegation | None, attach: Path | None = None
) -> Handout:
    """A handout written from the handout template, or a PDF made elsewhere, copied into the data folder.

    The copy goes to handouts/files/<id>.pdf (owner-only); linked to `delegation` when given.
    """
    if not title.strip():
        raise ValidationError("a handout needs a title")
    data = read_pdf(attach) if attach is not None else None
    base = slugify(title, "handout")
    taken: set[str] = set()
    while True:  # an id whose attachment name is free too (an old file is never overwritten)
        handout_id = store.new_id(Handout, base, taken)
        relative = f"handouts/{FILES_FOLDER}/{handout_id}.pdf"
        if data is None or not (store.root / relative).exists():
            break
        taken.add(handout_id)
    links = (delegation.id,) if delegation else ()
    if data is None:
        from delegate.render import handout_context

        text = render_named(store, "handout.md", handout_context(store, delegation, title.strip()))
        handout = Handout(handout_id, title.strip(), text, delegations=links)
        store.save(handout)
    else:
        handout = Handout(handout_id, title.strip(), attachment=relative, delegations=links)
        target = store.root / relative
        try:
            atomic_write(target, data)
        except OSError as error:
            raise explain_os_error(error, "copy the PDF to", target) from None
        try:
            store.save(handout)
        except BaseException:
            remove_file(target)  # no file without its record
            raise
    if delegation is not None and handout.id not in delegation.handouts:
        store.save(replace(delegation, handouts=(*delegation.handouts, handout.id)))
    return handout


def render_handout(store: Store, handout: Handout, fmt: str) -> bytes:
    """The handout as Markdown, HTML or PDF (an attached PDF comes back byte for byte)."""
    if fmt not in FORMATS:
        raise ValidationError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    attached = attachment_path(store, handout)
    if attached is not None:
        if fmt != "pdf":
            raise ValidationError(f"handout {handout.id} is an attached PDF; it can only be rendered as pdf")
        try:
            return read_pdf(attached)
        except ValidationError as error:
            raise StoreError(f"handout {handout.id}'s attachment: {error}") from None
    if fmt == "md":
        return handout.text.encode("utf-8")
    from delegate.render import markdown_to_html, markdown_to_pdf

    if fmt == "html":
        return markdown_to_html(handout.text, handout.title).encode("utf-8")
    return markdown_to_pdf(handout.text, handout.title)


def request_letter(store: Store, delegation: Delegation, audience: Audience = Audience.PUBLIC) -> Document:
    """The letter (or email) asking the clerk for a slot, from the request-letter template, for
    `audience` (public unless asked): speakers by their chosen public name, typed text redacted; an
    internal copy says so at the top."""
    from delegate.model import Person
    from delegate.privacy import Redactor
    from delegate.render import letter_context

    internal = audience is Audience.INTERNAL
    context = letter_context(store, delegation, Redactor.of(store.all(Person), internal=internal))
    markdown = render_named(store, "request-letter.md", context)
    title = f"Request to appear: {lens_for(store, audience).text(delegation.topic)}"
    return document(markdown, title, audience, f"{delegation.id}-request-letter")


def copies_to_bring(store: Store, delegation: Delegation) -> int:
    """Handout copies: the delegation's own number, else one per member of the body plus two spares."""
    if delegation.copies is not None:
        return delegation.copies
    body = body_of(store, delegation)
    return body.copies_to_bring() if body else 2


def print_checklist(store: Store, delegation: Delegation) -> list[str]:
    """What to print and bring on the day, one line per thing to do."""
    lines: list[str] = []
    copies = copies_to_bring(store, delegation)
    noun = "copy" if copies == 1 else "copies"
    for handout_id in delegation.handouts:
        try:
            handout = store.get(Handout, handout_id)
            lines.append(f"Print {copies} {noun} of {handout.title} ({handout.id})")
        except NotFoundError:
            lines.append(f"Print {copies} {noun} of {handout_id} (no such handout yet)")
    if delegation.handouts:
        lines.append("Bring a copy for the clerk")
    if delegation.script:
        try:
            script = store.get(Script, delegation.script)
            lines.append(f"Bring the script: {script.title} ({script.id})")
        except NotFoundError:
            lines.append(f"Bring the script ({delegation.script})")
    else:
        lines.append("Bring the script (none written yet)")
    meeting = _meeting(store, delegation)
    if meeting is not None:
        by = after(meeting.start, -timedelta(minutes=ARRIVE_EARLY_MINUTES))
        place = f" at {meeting.place}" if meeting.place else ""
        lines.append(f"Arrive {ARRIVE_EARLY_MINUTES} minutes early (by {by:%H:%M}{place})")
    else:
        lines.append(f"Arrive {ARRIVE_EARLY_MINUTES} minutes early")
    return lines


def _meeting(store: Store, delegation: Delegation) -> Meeting | None:
    return store.lookup(Meeting, delegation.meeting)
