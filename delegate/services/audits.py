"""Policy audits: the series, its agencies and its workshops. The barriers found, what should change
and how each agency has answered are in `audit_findings`; what the CLI and the screens show is built
in `audit_views`, the report in `audit_report`.

Ids end up in file names and exports, so none is made from typed text as typed: an audit's id (and a
new agency's) is `public_slug` of its title (name). Errors name agencies as the public sees them and
never repeat what was typed (it may be a near miss of a confidential name).

Workshops are Meetings, and a Meeting belongs to a Body: its *host*. `--host` names one (an action
group, or a body of kind other); without it a workshop goes to the host of the audit's latest
workshop, and the first one to a body created for the audit (kind other, named after the audit), so
that audit workshops never turn up among the meetings of an agency or a police board.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from delegate.model import (
    Attendance,
    Audit,
    Body,
    BodyKind,
    Meeting,
    ValidationError,
)
from delegate.parsing import in_zone
from delegate.services.audience import lens_for
from delegate.services.bodies import refuse_same_body, zone_of
from delegate.services.duplicates import DuplicateError, same_text
from delegate.services.ids import public_slug
from delegate.store import NotFoundError, Store
from delegate.timezones import zone

HOST_KINDS = (BodyKind.ACTION_GROUP, BodyKind.OTHER)


@dataclass(frozen=True, slots=True)
class AgencyLink:
    """What `add_agency` did: the changed audit, the agency body, and whether that body is new."""

    audit: Audit
    agency: Body
    created: bool


# ---- audits and agencies ---------------------------------------------------------------------------


def _public(store: Store, text: str) -> str:
    """`text` as anyone may read it: what errors and generated names may say of typed text."""
    return lens_for(store).text(text)


def find_body(store: Store, reference: str) -> Body | None:
    """An existing body by exact id, by name (any case), or by a unique id prefix typed as one word."""
    cleaned = " ".join(reference.split())
    if not cleaned:
        return None
    bodies = store.all(Body)
    for body in bodies:
        if body.id == cleaned:
            return body
    wanted = cleaned.casefold()
    for body in bodies:
        if " ".join(body.name.split()).casefold() == wanted:
            return body
    if " " not in cleaned:
        try:
            return store.find(Body, cleaned)  # an ambiguous prefix is an error, not a new agency
        except NotFoundError:
            return None
    return None


def _agency_for(
    store: Store, reference: str, taken: Collection[str] = (), *, again: bool = False
) -> tuple[Body, bool]:
    """The body `reference` names, or a new (unsaved) body of kind agency called that.

    A new name that is an existing body's to a reader (accents or spacing aside) is a DuplicateError
    unless `again`: it is most likely that body, typed another way.
    """
    found = find_body(store, reference)
    if found is not None:
        return found, False
    name = " ".join(reference.split())
    if not name:
        raise ValidationError("name the agency (a body id or the name of a new agency)")
    if not again:
        try:
            refuse_same_body(store, name)
        except DuplicateError as duplicate:
            said = f"{duplicate.said}: give that id to look at it"
            raise DuplicateError(said, duplicate.existing) from None
    base = public_slug(store, name, "agency")
    return Body(store.new_id(Body, base, taken=taken), name, kind=BodyKind.AGENCY), True


def new_audit(
    store: Store,
    title: str,
    *,
    aim: str = "",
    agencies: Sequence[str] = (),
    today: date,
    again: bool = False,
) -> Audit:
    """Start an audit series; `agencies` are body ids or names (a new name becomes a body of kind agency,
    unless it is an existing body's name typed another way: a DuplicateError, unless `again`).

    Everything is checked before anything is written.
    """
    if not title.strip():
        raise ValidationError("an audit needs a title")
    linked: list[Body] = []
    new_bodies: list[Body] = []
    for reference in agencies:
        body, created = _agency_for(store, reference, taken={item.id for item in new_bodies}, again=again)
        if created:
            # The same new name given twice is one agency.
            twin = next((item for item in new_bodies if same_text(item.name, body.name)), None)
            if twin is not None:
                body, created = twin, False
            else:
                new_bodies.append(body)
        if body.id not in {item.id for item in linked}:
            linked.append(body)
    audit = Audit(
        id=store.new_id(Audit, public_slug(store, title.strip(), "audit")),
        title=title.strip(),
        aim=aim.strip(),
        agencies=tuple(body.id for body in linked),
        started=today,
    )
    for body in new_bodies:
        store.save(body)
    store.save(audit)
    return audit


def list_audits(store: Store) -> list[Audit]:
    """Every audit, newest start first (then by id)."""
    audits = sorted(store.all(Audit), key=lambda audit: audit.id)
    return sorted(audits, key=lambda audit: audit.started or date.min, reverse=True)


def add_agency(store: Store, audit: Audit, reference: str, *, again: bool = False) -> AgencyLink:
    """Look at one more agency: an existing body of any kind, else a new body of kind agency; saved.

    A new name that is an existing body's typed another way is a DuplicateError unless `again`.
    """
    body, created = _agency_for(store, reference, again=again)
    if body.id in audit.agencies:
        shown = _public(store, body.name)
        raise ValidationError(f"{shown} is already one of the agencies of audit {audit.id}")
    changed = replace(audit, agencies=(*audit.agencies, body.id))
    if created:
        store.save(body)
    store.save(changed)
    return AgencyLink(changed, body, created)


def agencies_of(store: Store, audit: Audit) -> list[Body]:
    """The audit's agencies in the order they were added (a body since removed shows by its id)."""
    bodies = {body.id: body for body in store.all(Body)}
    return [bodies.get(agency) or Body(agency, agency, kind=BodyKind.AGENCY) for agency in audit.agencies]


def audit_agency(store: Store, audit: Audit, reference: str) -> Body:
    """One of the audit's agencies by id, unique id prefix or name; else one line listing them."""
    agencies = agencies_of(store, audit)
    cleaned = " ".join(reference.split())
    wanted = cleaned.casefold()
    exact = [
        body for body in agencies if body.id == cleaned or " ".join(body.name.split()).casefold() == wanted
    ]
    prefixed = [body for body in agencies if cleaned and body.id.startswith(cleaned)]
    for matches in (exact, prefixed):
        if len(matches) == 1:
            return matches[0]
    if len(prefixed) > 1:
        shown = ", ".join(body.id for body in prefixed)
        raise ValidationError(f"several agencies of audit {audit.id} match that; give an id: {shown}")
    raise not_an_agency(store, audit, agencies)


def not_an_agency(
    store: Store, audit: Audit, agencies: list[Body], body: Body | None = None
) -> ValidationError:
    """The one line that says `body` (or what was typed) is not one of the audit's agencies, and
    lists them as the public sees them.

    What was typed is not repeated: a near miss of a confidential name must not be echoed back.
    """
    if not agencies:
        return ValidationError(f"audit {audit.id} has no agencies yet; add one first")
    listed = "; ".join(f"{_public(store, item.name)} ({item.id})" for item in agencies)
    subject = _public(store, body.name) if body is not None else "that"
    return ValidationError(f"{subject} is not one of the agencies of audit {audit.id}: {listed}")


# ---- workshops -------------------------------------------------------------------------------------


def workshops_of(store: Store, audit: Audit) -> list[Meeting]:
    """The audit's workshops, in the order they happen."""
    found = [meeting for meeting in store.all(Meeting) if meeting.audit == audit.id]
    return sorted(found, key=lambda meeting: (meeting.start, meeting.id))


def _default_host(store: Store, audit: Audit) -> tuple[Body, bool]:
    """The host of the audit's latest workshop, else a new (unsaved) body named after the audit."""
    earlier = workshops_of(store, audit)
    if earlier:
        try:
            return store.get(Body, earlier[-1].body), False
        except NotFoundError:
            pass
    body = Body(
        id=store.new_id(Body, audit.id),
        name=_public(store, audit.title),  # a generated name: as anyone may read it
        kind=BodyKind.OTHER,
        notes=f"Hosts the workshops of the policy audit {audit.id}.",
    )
    return body, True


def add_workshop(
    store: Store,
    audit: Audit,
    start: datetime,
    *,
    format: str = "",
    place: str = "",
    host: Body | None = None,
) -> Meeting:
    """A workshop of the audit: a Meeting (naive times are wall times in the host's zone); saved.

    The host is `host` (an action group or a body of kind other), else see the module's note.
    """
    if host is not None and host.kind not in HOST_KINDS:
        raise ValidationError(
            f"{_public(store, host.name)} is a {host.kind.value}; a workshop is hosted by an action"
            " group or a body of kind other"
        )
    body, created = (host, False) if host is not None else _default_host(store, audit)
    zone_name = zone_of(store, body)
    tz = zone(zone_name)
    start = in_zone(start, tz) if start.tzinfo is None else start.astimezone(tz)
    title = _public(store, audit.title)
    workshop = Meeting(
        id=store.new_id(Meeting, f"{start:%Y-%m-%d}-{audit.id}"),
        body=body.id,
        start=start,
        timezone=zone_name,
        title=f"Audit workshop: {title}",
        place=place.strip() or body.place,
        audit=audit.id,
        format=" ".join(format.split()),
    )
    if created:
        store.save(body)
    store.save(workshop)
    return workshop


def audit_workshop(store: Store, audit: Audit, reference: str) -> Meeting:
    """One of the audit's workshops by meeting id or unique prefix among them (else any meeting, refused)."""
    cleaned = reference.strip()
    workshops = workshops_of(store, audit)
    matches = [meeting for meeting in workshops if meeting.id == cleaned]
    matches = matches or [meeting for meeting in workshops if cleaned and meeting.id.startswith(cleaned)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        shown = ", ".join(meeting.id for meeting in matches)
        raise ValidationError(f"{cleaned!r} matches several workshops of audit {audit.id}: {shown}")
    found = store.find(Meeting, cleaned)  # also by what follows the date: `--workshop barriers`
    if found.audit == audit.id:
        return found
    raise ValidationError(f"meeting {found.id} is not a workshop of audit {audit.id}")


def _workshop(meeting: Meeting) -> Meeting:
    if not meeting.audit:
        raise ValidationError(f"meeting {meeting.id} is not a workshop of an audit")
    return meeting


def set_workshop_attendance(store: Store, workshop: Meeting, attendance: Attendance) -> Meeting:
    """Who came, as counts by stakeholder group (never names); saved."""
    changed = replace(_workshop(workshop), attendance=attendance)
    store.save(changed)
    return changed
