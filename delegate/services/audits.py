"""Policy audits: the series, its agencies and workshops, the barriers found, what should change,
and how each agency has answered.

Ids end up in file names and exports, so none is made from typed text that has not been redacted
first: an audit's id is a slug of its redacted title, a finding's is `<audit>-<n>`, a
recommendation's is `<finding>-r<n>`.

Workshops are Meetings, and a Meeting belongs to a Body: its *host*. `--host` names one (an action
group, or a body of kind other); without it a workshop goes to the host of the audit's latest
workshop, and the first one to a body created for the audit (kind other, named after the audit), so
that audit workshops never turn up among the meetings of an agency or a police board.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from delegate.model import (
    Attendance,
    Audit,
    Body,
    BodyKind,
    Finding,
    Meeting,
    Person,
    Recommendation,
    ResponseStatus,
    ValidationError,
)
from delegate.model.common import slugify
from delegate.parsing import in_zone
from delegate.privacy import Redactor
from delegate.services.bodies import zone_of
from delegate.services.scripts import render_named
from delegate.store import NotFoundError, Store
from delegate.timezones import zone

STATUSES = tuple(status.value for status in ResponseStatus)
FORMATS = ("md", "html", "pdf")
HOST_KINDS = (BodyKind.ACTION_GROUP, BodyKind.OTHER)
_NUMBERED = re.compile(r"-r?(\d+)$")


# ---- what the screens and reports show -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an audit (or one agency's part of it) has got: counts only."""

    findings: int = 0
    recommendations: int = 0
    draft: int = 0
    sent: int = 0
    acknowledged: int = 0
    adopted: int = 0
    partly_adopted: int = 0
    declined: int = 0

    @property
    def awaiting(self) -> int:
        """Sent or acknowledged: the agency has yet to say what it will do."""
        return self.sent + self.acknowledged

    def as_dict(self) -> dict[str, int]:
        return {
            "findings": self.findings,
            "recommendations": self.recommendations,
            "draft": self.draft,
            "awaiting": self.awaiting,
            "sent": self.sent,
            "acknowledged": self.acknowledged,
            "adopted": self.adopted,
            "partly_adopted": self.partly_adopted,
            "declined": self.declined,
        }


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding with the recommendations that answer it, oldest first."""

    finding: Finding
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True, slots=True)
class AgencyView:
    """One agency's part of an audit: its findings, their recommendations, and the counts."""

    agency: Body
    findings: tuple[FindingView, ...]
    progress: Progress


@dataclass(frozen=True, slots=True)
class AgencyLink:
    """What `add_agency` did: the changed audit, the agency body, and whether that body is new."""

    audit: Audit
    agency: Body
    created: bool


# ---- audits and agencies ---------------------------------------------------------------------------


def _redactor(store: Store) -> Redactor:
    return Redactor.of(store.all(Person))


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


def _agency_for(store: Store, reference: str, taken: Collection[str] = ()) -> tuple[Body, bool]:
    """The body `reference` names, or a new (unsaved) body of kind agency called that."""
    found = find_body(store, reference)
    if found is not None:
        return found, False
    name = " ".join(reference.split())
    if not name:
        raise ValidationError("name the agency (a body id or the name of a new agency)")
    base = slugify(_redactor(store).text(name), "agency")
    return Body(store.new_id(Body, base, taken=taken), name, kind=BodyKind.AGENCY), True


def new_audit(store: Store, title: str, *, aim: str = "", agencies: Sequence[str] = (), today: date) -> Audit:
    """Start an audit series; `agencies` are body ids or names (a new name becomes a body of kind agency).

    Everything is checked before anything is written.
    """
    if not title.strip():
        raise ValidationError("an audit needs a title")
    linked: list[Body] = []
    new_bodies: list[Body] = []
    for reference in agencies:
        body, created = _agency_for(store, reference, taken={item.id for item in new_bodies})
        if created:
            # The same new name given twice is one agency.
            twin = next((item for item in new_bodies if item.name.casefold() == body.name.casefold()), None)
            if twin is not None:
                body, created = twin, False
            else:
                new_bodies.append(body)
        if body.id not in {item.id for item in linked}:
            linked.append(body)
    audit = Audit(
        id=store.new_id(Audit, slugify(_redactor(store).text(title.strip()), "audit")),
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


def add_agency(store: Store, audit: Audit, reference: str) -> AgencyLink:
    """Look at one more agency: an existing body of any kind, else a new body of kind agency; saved."""
    body, created = _agency_for(store, reference)
    if body.id in audit.agencies:
        raise ValidationError(f"{body.name} is already one of the agencies of audit {audit.id}")
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
        raise ValidationError(
            f"{_redactor(store).text(cleaned)!r} matches several agencies of audit {audit.id}: {shown}"
        )
    raise _not_an_agency(store, audit, cleaned, agencies)


def _not_an_agency(store: Store, audit: Audit, reference: str, agencies: list[Body]) -> ValidationError:
    """The one line that says so and lists the audit's agencies (names redacted: they are typed text)."""
    names = _redactor(store)
    if not agencies:
        return ValidationError(f"audit {audit.id} has no agencies yet; add one first")
    listed = "; ".join(f"{names.text(body.name)} ({body.id})" for body in agencies)
    return ValidationError(
        f"{names.text(reference)!r} is not one of the agencies of audit {audit.id}: {listed}"
    )


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
        name=_redactor(store).text(audit.title),  # body lists are not redacted
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
            f"{host.name} is a {host.kind.value}; a workshop is hosted by an action group or a body"
            " of kind other"
        )
    body, created = (host, False) if host is not None else _default_host(store, audit)
    zone_name = zone_of(store, body)
    tz = zone(zone_name)
    start = in_zone(start, tz) if start.tzinfo is None else start.astimezone(tz)
    title = _redactor(store).text(audit.title)
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
    found = store.find(Meeting, cleaned)
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


# ---- findings and recommendations ------------------------------------------------------------------


def _number(record_id: str) -> int:
    match = _NUMBERED.search(record_id)
    return int(match.group(1)) if match else 0


def findings_of(store: Store, audit: Audit, agency: Body | None = None) -> list[Finding]:
    """The audit's findings (of one agency), in the order they were recorded."""
    found = [
        finding
        for finding in store.all(Finding)
        if finding.audit == audit.id and (agency is None or finding.agency == agency.id)
    ]
    return sorted(found, key=lambda finding: (_number(finding.id), finding.id))


def add_finding(
    store: Store,
    audit: Audit,
    agency: Body,
    barrier: str,
    *,
    effect: str = "",
    workshop: Meeting | None = None,
    today: date,
) -> Finding:
    """A barrier found at one of the audit's agencies (where it came up: a workshop of this audit); saved."""
    if agency.id not in audit.agencies:
        raise _not_an_agency(store, audit, agency.name, agencies_of(store, audit))
    if workshop is not None and workshop.audit != audit.id:
        raise ValidationError(f"meeting {workshop.id} is not a workshop of audit {audit.id}")
    if not barrier.strip():
        raise ValidationError("describe the barrier (the policy or practice)")
    taken = [_number(finding.id) for finding in store.all(Finding) if finding.audit == audit.id]
    finding = Finding(
        id=store.new_id(Finding, f"{audit.id}-{max(taken, default=0) + 1}"),
        audit=audit.id,
        agency=agency.id,
        barrier=barrier.strip(),
        effect=effect.strip(),
        workshop=workshop.id if workshop else "",
        recorded=today,
    )
    store.save(finding)
    return finding


def audit_finding(store: Store, audit: Audit, reference: str) -> Finding:
    """A finding of this audit by id, unique id prefix, or its number in the audit ('3')."""
    cleaned = reference.strip()
    try:
        found = store.get(Finding, f"{audit.id}-{cleaned}") if cleaned.isdigit() else None
    except NotFoundError:
        found = None
    if found is None:
        found = store.find(Finding, cleaned)
    if found.audit != audit.id:
        raise ValidationError(f"finding {found.id} belongs to audit {found.audit}, not {audit.id}")
    return found


def recommendations_of(
    store: Store,
    audit: Audit,
    *,
    agency: Body | None = None,
    status: ResponseStatus | None = None,
    finding: Finding | None = None,
) -> list[Recommendation]:
    """The audit's recommendations (of one agency, status or finding), by finding then in order made."""
    found = [
        item
        for item in store.all(Recommendation)
        if item.audit == audit.id
        and (agency is None or item.agency == agency.id)
        and (status is None or item.status is status)
        and (finding is None or item.finding == finding.id)
    ]
    return sorted(found, key=lambda item: (_number(item.finding), item.finding, _number(item.id), item.id))


def add_recommendation(
    store: Store, audit: Audit, finding: Finding, text: str, *, today: date
) -> Recommendation:
    """What should change, answering a finding (its agency is the finding's); a draft, saved."""
    if finding.audit != audit.id:
        raise ValidationError(f"finding {finding.id} belongs to audit {finding.audit}, not {audit.id}")
    if not text.strip():
        raise ValidationError("a recommendation needs some text")
    taken = [_number(item.id) for item in store.all(Recommendation) if item.finding == finding.id]
    recommendation = Recommendation(
        id=store.new_id(Recommendation, f"{finding.id}-r{max(taken, default=0) + 1}"),
        audit=audit.id,
        finding=finding.id,
        agency=finding.agency,
        text=text.strip(),
        created=today,
    )
    store.save(recommendation)
    return recommendation


def respond(
    store: Store, recommendation: Recommendation, status: ResponseStatus, on: date, note: str = ""
) -> Recommendation:
    """The next step of the agency's response (sent, acknowledged, adopted, …), dated; saved.

    Refused when the step does not follow (a draft is sent first) or the date is before the last one.
    """
    if recommendation.created is not None and on < recommendation.created:
        raise ValidationError(f"{on} is before the recommendation was made ({recommendation.created})")
    changed = recommendation.respond(status, on, note.strip())
    store.save(changed)
    return changed


# ---- progress --------------------------------------------------------------------------------------


def progress_of(findings: Iterable[Finding], recommendations: Iterable[Recommendation]) -> Progress:
    """Counts of findings and of recommendations by status."""
    counts = dict.fromkeys(ResponseStatus, 0)
    total = 0
    for item in recommendations:
        counts[item.status] += 1
        total += 1
    return Progress(
        findings=sum(1 for _ in findings),
        recommendations=total,
        draft=counts[ResponseStatus.DRAFT],
        sent=counts[ResponseStatus.SENT],
        acknowledged=counts[ResponseStatus.ACKNOWLEDGED],
        adopted=counts[ResponseStatus.ADOPTED],
        partly_adopted=counts[ResponseStatus.PARTLY_ADOPTED],
        declined=counts[ResponseStatus.DECLINED],
    )


def audit_progress(store: Store, audit: Audit) -> Progress:
    """How far the whole audit has got."""
    return progress_of(findings_of(store, audit), recommendations_of(store, audit))


def agency_views(store: Store, audit: Audit) -> list[AgencyView]:
    """Per agency (in the audit's order): its findings with their recommendations, and the counts.

    A finding about a body no longer among the audit's agencies still shows, after them.
    """
    findings = findings_of(store, audit)
    recommendations = recommendations_of(store, audit)
    agencies = agencies_of(store, audit)
    known = {body.id for body in agencies}
    bodies = {body.id: body for body in store.all(Body)}
    for finding in findings:
        if finding.agency not in known:
            known.add(finding.agency)
            agencies.append(
                bodies.get(finding.agency) or Body(finding.agency, finding.agency, BodyKind.AGENCY)
            )
    views = []
    for agency in agencies:
        own = [finding for finding in findings if finding.agency == agency.id]
        answered = [
            FindingView(finding, tuple(item for item in recommendations if item.finding == finding.id))
            for finding in own
        ]
        own_recommendations = [item for view in answered for item in view.recommendations]
        views.append(AgencyView(agency, tuple(answered), progress_of(own, own_recommendations)))
    return views


# ---- the report ------------------------------------------------------------------------------------


def audit_report_markdown(store: Store, audit: Audit, *, internal: bool, today: date) -> str:
    """The best-practices report as Markdown from the audit-report template, redacted unless `internal`."""
    from delegate.render.audit_report import audit_report_context

    redactor = Redactor.of(store.all(Person), internal=internal)
    return render_named(store, "audit-report.md", audit_report_context(store, audit, redactor, today))


def export_audit_report(store: Store, audit: Audit, fmt: str, *, internal: bool, today: date) -> bytes:
    """The report as Markdown, HTML or PDF: to circulate (confidential names replaced) or internal."""
    if fmt not in FORMATS:
        raise ValidationError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    text = audit_report_markdown(store, audit, internal=internal, today=today)
    if fmt == "md":
        return text.encode("utf-8")
    from delegate.render import markdown_to_html, markdown_to_pdf

    title = f"Policy audit: {_redactor(store).text(audit.title) if not internal else audit.title}"
    if internal:
        title = f"INTERNAL: {title}"
    if fmt == "html":
        return markdown_to_html(text, title).encode("utf-8")
    return markdown_to_pdf(text, title)
