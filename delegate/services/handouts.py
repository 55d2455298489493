"""Paper for a delegation: handouts (written or attached), the request letter, what to print and bring.

A written handout is rendered for an audience like every document: public by default (confidential
people by role), or an internal copy that says so at the top. An attached PDF was made elsewhere and
cannot be redacted: it is passed through as it was made, and whoever exports it is told so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from delegate.model import Delegation, Handout, Meeting, Script, ValidationError
from delegate.model.common import after
from delegate.services.audience import Audience, lens_for
from delegate.services.delegations import body_of
from delegate.services.documents import Document, check_format, document, export_document, public_stem
from delegate.services.ids import public_slug
from delegate.services.scripts import render_named
from delegate.store import NotFoundError, Store, StoreError
from delegate.store.atomic import atomic_write, explain_os_error, remove_file

FORMATS = ("pdf", "html", "md")
PASSED_THROUGH = "is an attached PDF, passed through as it was made: delegate cannot hide names in it"
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
    base = public_slug(store, title, "handout")
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


@dataclass(frozen=True)
class RenderedHandout:
    """A handout made into a file: its bytes, its default file name, how to speak of it, and a note
    for the person exporting it ("" unless it is an attached PDF, which nothing can redact)."""

    data: bytes
    file_name: str
    what: str  # "handout one-page (pdf)", "handout one-page (pdf, internal copy)"
    note: str = ""


def handout_document(store: Store, handout: Handout, audience: Audience) -> Document:
    """A written handout's Markdown and title as `audience` may read them."""
    lens = lens_for(store, audience)
    return document(
        lens.text(handout.text), lens.text(handout.title), audience, public_stem(store, handout.id)
    )


def render_handout(
    store: Store, handout: Handout, fmt: str, audience: Audience = Audience.PUBLIC
) -> RenderedHandout:
    """The handout as Markdown, HTML or PDF for `audience`; an attached PDF comes back byte for byte,
    with a note that says so."""
    check_format(fmt, FORMATS)
    attached = attachment_path(store, handout)
    if attached is not None:
        if fmt != "pdf":
            raise ValidationError(f"handout {handout.id} is an attached PDF; it can only be rendered as pdf")
        try:
            data = read_pdf(attached)
        except ValidationError as error:
            raise StoreError(f"handout {handout.id}'s attachment: {error}") from None
        what = f"handout {handout.id} (pdf, attached as made)"
        bring = copies_note(store, handout, audience)
        note = f"handout {handout.id} {PASSED_THROUGH}" + (f"; {bring}" if bring else "")
        return RenderedHandout(data, f"{handout.id}.pdf", what, note)
    doc = handout_document(store, handout, audience)
    bring = copies_note(store, handout, audience)
    if bring:
        # Said on the document itself, under a rule: whoever prints it knows how many to print.
        doc = replace(doc, markdown=f"{doc.markdown.rstrip()}\n\n---\n\n*{bring}*\n")
    return RenderedHandout(
        export_document(doc, fmt), doc.file_name(fmt), doc.describe(f"handout {handout.id}", fmt)
    )


def copies_note(store: Store, handout: Handout, audience: Audience = Audience.PUBLIC) -> str:
    """'Copies to bring: 9 (7 members of the Lakeport Police Board + 2).', one clause per delegation
    the handout goes with; empty when it goes with none (no body says how many)."""
    lens = lens_for(store, audience)
    clauses: list[str] = []
    for delegation_id in handout.delegations:
        delegation = store.lookup(Delegation, delegation_id)
        if delegation is None:
            continue
        copies = copies_to_bring(store, delegation)
        body = body_of(store, delegation)
        if delegation.copies is not None:
            why = "as set for the delegation"
        elif body is not None and body.members:
            why = f"{body.members} members of the {lens.text(body.name)} + 2"
        else:
            why = "members unknown: 2 spares; set the body's members"
        meeting = _meeting(store, delegation)
        when = f", {meeting.start:%a %d %b %Y}" if meeting is not None else ""
        clauses.append(f"{copies} ({why}){when}")
    return f"Copies to bring: {'; '.join(clauses)}." if clauses else ""


def request_letter(store: Store, delegation: Delegation, audience: Audience = Audience.PUBLIC) -> Document:
    """The letter (or email) asking the clerk for a slot, from the request-letter template, for
    `audience` (public unless asked): speakers by their chosen public name, typed text redacted; an
    internal copy says so at the top."""
    from delegate.render import letter_context

    lens = lens_for(store, audience)
    markdown = render_named(store, "request-letter.md", letter_context(store, delegation, lens))
    title = f"Request to appear: {lens.text(delegation.topic)}"
    return document(markdown, title, audience, public_stem(store, f"{delegation.id}-request-letter"))


def copies_to_bring(store: Store, delegation: Delegation) -> int:
    """Handout copies: the delegation's own number, else one per member of the body plus two spares."""
    if delegation.copies is not None:
        return delegation.copies
    body = body_of(store, delegation)
    return body.copies_to_bring() if body else 2


def print_checklist(store: Store, delegation: Delegation, audience: Audience = Audience.PUBLIC) -> list[str]:
    """What to print and bring on the day, one line per thing to do (titles and the place are typed
    text: through `audience`'s lens)."""
    lens = lens_for(store, audience)
    lines: list[str] = []
    copies = copies_to_bring(store, delegation)
    noun = "copy" if copies == 1 else "copies"
    for handout_id in delegation.handouts:
        try:
            handout = store.get(Handout, handout_id)
            lines.append(f"Print {copies} {noun} of {lens.text(handout.title)} ({handout.id})")
        except NotFoundError:
            lines.append(f"Print {copies} {noun} of {handout_id} (no such handout yet)")
    if delegation.handouts:
        lines.append("Bring a copy for the clerk")
    if delegation.script:
        try:
            script = store.get(Script, delegation.script)
            lines.append(f"Bring the script: {lens.text(script.title)} ({script.id})")
        except NotFoundError:
            lines.append(f"Bring the script ({delegation.script})")
    else:
        lines.append("Bring the script (none written yet)")
    meeting = _meeting(store, delegation)
    if meeting is not None:
        by = after(meeting.start, -timedelta(minutes=ARRIVE_EARLY_MINUTES))
        place = f" at {lens.text(meeting.place)}" if meeting.place else ""
        lines.append(f"Arrive {ARRIVE_EARLY_MINUTES} minutes early (by {by:%H:%M}{place})")
    else:
        lines.append(f"Arrive {ARRIVE_EARLY_MINUTES} minutes early")
    return lines


def _meeting(store: Store, delegation: Delegation) -> Meeting | None:
    return store.lookup(Meeting, delegation.meeting)
