"""`delegate audit …`: policy-audit series, their workshops, findings, recommendations and the report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from delegate import clock
from delegate.cli.editing import write_output
from delegate.cli.output import INTERNAL_HELP, emit_json, record_json, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import DATE, WALL_TIME
from delegate.model import Attendance, Audit, Body, Finding, Meeting, Person, Recommendation, ResponseStatus
from delegate.privacy import Redactor
from delegate.services.audits import (
    FORMATS,
    STATUSES,
    Progress,
    add_agency,
    add_finding,
    add_recommendation,
    add_workshop,
    agency_views,
    audit_agency,
    audit_finding,
    audit_progress,
    audit_workshop,
    export_audit_report,
    findings_of,
    list_audits,
    new_audit,
    recommendations_of,
    respond,
    set_workshop_attendance,
    workshops_of,
)
from delegate.store import Store

RESPONSES = tuple(status for status in STATUSES if status != ResponseStatus.DRAFT.value)
GROUPS = ("sex_workers", "agency_staff", "residents", "businesses", "others")  # Attendance's fields


@cli.group()
def audit() -> None:
    """Policy audits: workshops that find the barriers agencies put up, and what should change."""


def _names(store: Store, internal: bool = False) -> Redactor:
    return Redactor.of(store.all(Person), internal=internal)


def _attendance_text(attendance: Attendance | None) -> str:
    if attendance is None:
        return "not recorded"
    parts = [
        f"{getattr(attendance, field)} {field.replace('_', ' ')}"
        for field in GROUPS
        if getattr(attendance, field)
    ]
    return f"{attendance.total} ({', '.join(parts)})" if parts else "0"


def _progress_line(progress: Progress) -> str:
    counts = (
        f"{progress.adopted} adopted",
        f"{progress.partly_adopted} partly adopted",
        f"{progress.declined} declined",
        f"{progress.awaiting} awaiting a response",
        f"{progress.draft} not yet sent",
    )
    findings = _plural(progress.findings, "finding")
    return f"{findings}, {_plural(progress.recommendations, 'recommendation')}: {', '.join(counts)}"


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


# ---- audits and agencies ---------------------------------------------------------------------------


@audit.command("new")
@click.argument("title")
@click.option("--aim", default="", help="What the series wants to change.")
@click.option(
    "--agency",
    "agencies",
    multiple=True,
    metavar="ID_OR_NAME",
    help="An agency it looks at (repeat); a name no body has becomes a new body of kind agency.",
)
@pass_env
def new(env: Env, title: str, aim: str, agencies: tuple[str, ...]) -> None:
    """Start a policy-audit series."""
    known = {body.id for body in env.store.all(Body)}
    created = new_audit(env.store, title, aim=aim, agencies=agencies, today=clock.today())
    fresh = [agency for agency in created.agencies if agency not in known]
    note = f" (new agency bodies: {', '.join(fresh)})" if fresh else ""
    click.echo(f"added audit {created.id} with {_plural(len(created.agencies), 'agency')}{note}")


@audit.command("list")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, internal: bool, as_json: bool) -> None:
    """List audit series with their progress, newest first."""
    names = _names(env.store, internal)
    found = [
        (item, audit_progress(env.store, item), workshops_of(env.store, item))
        for item in list_audits(env.store)
    ]
    if as_json:
        emit_json(
            record_json(
                item,
                title=names.text(item.title),
                aim=names.text(item.aim),
                notes=names.text(item.notes),
                workshops=len(workshops),
                progress=progress.as_dict(),
            )
            for item, progress, workshops in found
        )
        return
    table(
        ["ID", "STARTED", "WORKSHOPS", "FINDINGS", "RECS", "ADOPTED", "AWAITING", "TITLE"],
        (
            [
                item.id,
                f"{item.started:%Y-%m-%d}" if item.started else "—",
                str(len(workshops)),
                str(progress.findings),
                str(progress.recommendations),
                str(progress.adopted + progress.partly_adopted),
                str(progress.awaiting),
                names.text(item.title),
            ]
            for item, progress, workshops in found
        ),
        empty="no audits yet: start one with `delegate audit new TITLE`",
    )


def _workshop_json(meeting: Meeting, names: Redactor) -> dict[str, Any]:
    return record_json(
        meeting,
        title=names.text(meeting.title),
        place=names.text(meeting.place),
        notes=names.text(meeting.notes),
        status_reason=names.text(meeting.status_reason),
        format=names.text(meeting.format),
        attendance_total=meeting.attendance.total if meeting.attendance else None,
    )


def _finding_json(finding: Finding, names: Redactor, **extra: Any) -> dict[str, Any]:
    return record_json(
        finding,
        barrier=names.text(finding.barrier),
        effect=names.text(finding.effect),
        notes=names.text(finding.notes),
        **extra,
    )


def _recommendation_json(item: Recommendation, names: Redactor) -> dict[str, Any]:
    return record_json(
        item,
        text=names.text(item.text),
        status=item.status.value,
        responses=[
            {"status": response.status.value, "on": response.on, "note": names.text(response.note)}
            for response in item.responses
        ],
        next_steps=[status.value for status in item.next_steps()],
    )


@audit.command("show")
@click.argument("reference", metavar="AUDIT")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def show(env: Env, reference: str, internal: bool, as_json: bool) -> None:
    """An audit: its aim, agencies, workshops, and per agency the findings and recommendations."""
    store = env.store
    found = store.find(Audit, reference)
    names = _names(store, internal)
    workshops = workshops_of(store, found)
    views = agency_views(store, found)
    if as_json:
        emit_json(
            [
                record_json(
                    found,
                    title=names.text(found.title),
                    aim=names.text(found.aim),
                    notes=names.text(found.notes),
                    progress=audit_progress(store, found).as_dict(),
                    workshops=[_workshop_json(meeting, names) for meeting in workshops],
                    agencies=[
                        {
                            "id": view.agency.id,
                            "name": names.text(view.agency.name),
                            "kind": view.agency.kind.value,
                            "progress": view.progress.as_dict(),
                            "findings": [
                                _finding_json(
                                    item.finding,
                                    names,
                                    recommendations=[
                                        _recommendation_json(answer, names) for answer in item.recommendations
                                    ],
                                )
                                for item in view.findings
                            ],
                        }
                        for view in views
                    ],
                )
            ]
        )
        return
    click.echo(click.style(f"{names.text(found.title)} ({found.id})", bold=True))
    if found.aim:
        click.echo(f"aim: {names.text(found.aim)}")
    if found.started:
        click.echo(f"started: {found.started:%Y-%m-%d}")
    click.echo(f"progress: {_progress_line(audit_progress(store, found))}")
    click.echo("\nworkshops:")
    for meeting in workshops:
        shape = names.text(meeting.format) or "format not recorded"
        cancelled = " (cancelled)" if meeting.status.value == "cancelled" else ""
        click.echo(
            f"  {meeting.id}  {when(meeting.start)}{cancelled}  {shape}"
            f"  attendance: {_attendance_text(meeting.attendance)}"
        )
    if not workshops:
        click.echo("  none yet: add one with `delegate audit workshop add`")
    click.echo("\nagencies:")
    if not views:
        click.echo("  none yet: add one with `delegate audit agency add`")
    for view in views:
        click.echo(f"  {names.text(view.agency.name)} ({view.agency.id}): {_progress_line(view.progress)}")
        for item in view.findings:
            finding = item.finding
            click.echo(f"    finding {finding.id}: {names.text(finding.barrier)}")
            if finding.effect:
                click.echo(f"      effect: {names.text(finding.effect)}")
            if finding.workshop:
                click.echo(f"      came up at: {finding.workshop}")
            for answer in item.recommendations:
                latest = answer.responses[-1] if answer.responses else None
                dated = f" {latest.on:%Y-%m-%d}" if latest else ""
                click.echo(f"      - {answer.id} [{answer.status.value}{dated}] {names.text(answer.text)}")


@audit.group("agency")
def agency() -> None:
    """The agencies an audit looks at."""


@agency.command("add")
@click.argument("reference", metavar="AUDIT")
@click.argument("name_or_id", metavar="NAME_OR_ID")
@pass_env
def agency_add(env: Env, reference: str, name_or_id: str) -> None:
    """Look at one more agency: an existing body (any kind), else a new body of kind agency."""
    link = add_agency(env.store, env.store.find(Audit, reference), name_or_id)
    how = "a new body of kind agency" if link.created else f"an existing {link.agency.kind.value}"
    name = _names(env.store).text(link.agency.name)
    click.echo(f"added agency {name} ({link.agency.id}, {how}) to audit {link.audit.id}")


@agency.command("list")
@click.argument("reference", metavar="AUDIT")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def agency_list(env: Env, reference: str, as_json: bool) -> None:
    """The audit's agencies, with their findings and recommendations counted."""
    names = _names(env.store)
    views = agency_views(env.store, env.store.find(Audit, reference))
    if as_json:
        emit_json(
            {
                "id": view.agency.id,
                "name": names.text(view.agency.name),
                "kind": view.agency.kind.value,
                "progress": view.progress.as_dict(),
            }
            for view in views
        )
        return
    table(
        ["ID", "FINDINGS", "RECS", "ADOPTED", "AWAITING", "NAME"],
        (
            [
                view.agency.id,
                str(view.progress.findings),
                str(view.progress.recommendations),
                str(view.progress.adopted + view.progress.partly_adopted),
                str(view.progress.awaiting),
                names.text(view.agency.name),
            ]
            for view in views
        ),
        empty="no agencies yet: add one with `delegate audit agency add AUDIT NAME`",
    )


# ---- workshops -------------------------------------------------------------------------------------


@audit.group("workshop")
def workshop() -> None:
    """The audit's workshops: when, in what format, and who came (counts only)."""


@workshop.command("add")
@click.argument("reference", metavar="AUDIT")
@click.argument("start", metavar="DATE_TIME", type=WALL_TIME)
@click.option("--format", "shape", default="", help="Round table, world café, focus group, …")
@click.option("--place", default="", help="Where (not printed in the report).")
@click.option(
    "--host",
    "host_id",
    metavar="BODY",
    help="The action group (or body of kind other) holding it; default: the audit's usual host.",
)
@pass_env
def workshop_add(
    env: Env, reference: str, start: datetime, shape: str, place: str, host_id: str | None
) -> None:
    """Add a workshop ("YYYY-MM-DD HH:MM" in the host's zone)."""
    found = env.store.find(Audit, reference)
    host = env.store.find(Body, host_id) if host_id else None
    created = add_workshop(env.store, found, start, format=shape, place=place, host=host)
    click.echo(f"added workshop {created.id} (host: {created.body})")


@workshop.command("list")
@click.argument("reference", metavar="AUDIT")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def workshop_list(env: Env, reference: str, internal: bool, as_json: bool) -> None:
    """The audit's workshops in date order."""
    names = _names(env.store, internal)
    found = workshops_of(env.store, env.store.find(Audit, reference))
    if as_json:
        emit_json(_workshop_json(meeting, names) for meeting in found)
        return
    table(
        ["ID", "START", "FORMAT", "STATUS", "ATTENDANCE"],
        (
            [
                meeting.id,
                when(meeting.start),
                names.text(meeting.format) or "—",
                meeting.status.value,
                _attendance_text(meeting.attendance),
            ]
            for meeting in found
        ),
        empty='no workshops yet: add one with `delegate audit workshop add AUDIT "YYYY-MM-DD HH:MM"`',
    )


COUNT = click.IntRange(min=0)


@workshop.command("attendance")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--sex-workers", type=COUNT, metavar="N", help="How many sex workers came.")
@click.option("--agency-staff", type=COUNT, metavar="N", help="How many agency staff came.")
@click.option("--residents", type=COUNT, metavar="N", help="How many residents came.")
@click.option("--businesses", type=COUNT, metavar="N", help="How many people from businesses came.")
@click.option("--others", type=COUNT, metavar="N", help="How many others came.")
@pass_env
def workshop_attendance(
    env: Env,
    meeting_id: str,
    sex_workers: int | None,
    agency_staff: int | None,
    residents: int | None,
    businesses: int | None,
    others: int | None,
) -> None:
    """Record who came, as counts by stakeholder group (never names); counts not given stay as they were."""
    found = env.store.find(Meeting, meeting_id)
    counts = {
        "sex_workers": sex_workers,
        "agency_staff": agency_staff,
        "residents": residents,
        "businesses": businesses,
        "others": others,
    }
    given = {field: value for field, value in counts.items() if value is not None}
    if not given:
        raise click.UsageError("give at least one count, e.g. --sex-workers 8")
    before = found.attendance or Attendance()
    current = {field: getattr(before, field) for field in counts}
    changed = set_workshop_attendance(env.store, found, Attendance(**{**current, **given}))
    click.echo(f"workshop {changed.id}: attendance {_attendance_text(changed.attendance)}")


# ---- findings --------------------------------------------------------------------------------------


@audit.group("finding")
def finding() -> None:
    """Barriers found: an agency's policy or practice, its unintended effect, where it came up."""


@finding.command("add")
@click.argument("reference", metavar="AUDIT")
@click.option("--agency", "agency_id", required=True, metavar="ID", help="One of the audit's agencies.")
@click.option("--barrier", required=True, help="The policy or practice.")
@click.option("--effect", default="", help="Its unintended effect.")
@click.option("--workshop", "workshop_id", metavar="ID", help="The workshop where it came up.")
@pass_env
def finding_add(
    env: Env, reference: str, agency_id: str, barrier: str, effect: str, workshop_id: str | None
) -> None:
    """Record a barrier found at one of the audit's agencies."""
    store = env.store
    found = store.find(Audit, reference)
    body = audit_agency(store, found, agency_id)
    meeting = audit_workshop(store, found, workshop_id) if workshop_id else None
    created = add_finding(store, found, body, barrier, effect=effect, workshop=meeting, today=clock.today())
    click.echo(f"added finding {created.id} ({created.agency})")


@finding.command("list")
@click.argument("reference", metavar="AUDIT")
@click.option("--agency", "agency_id", metavar="ID", help="Only this agency's.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def finding_list(env: Env, reference: str, agency_id: str | None, internal: bool, as_json: bool) -> None:
    """The audit's findings, in the order recorded."""
    store = env.store
    found = store.find(Audit, reference)
    body = audit_agency(store, found, agency_id) if agency_id else None
    names = _names(store, internal)
    findings = findings_of(store, found, body)
    counted = {item.id: len(recommendations_of(store, found, finding=item)) for item in findings}
    if as_json:
        emit_json(_finding_json(item, names, recommendations=counted[item.id]) for item in findings)
        return
    table(
        ["ID", "AGENCY", "RECS", "BARRIER"],
        ([item.id, item.agency, str(counted[item.id]), names.text(item.barrier)] for item in findings),
        empty="no findings yet: add one with `delegate audit finding add AUDIT --agency ID --barrier TEXT`",
    )


# ---- recommendations -------------------------------------------------------------------------------


@audit.command("recommend")
@click.argument("reference", metavar="AUDIT")
@click.option("--finding", "finding_id", required=True, metavar="ID", help="The finding it answers.")
@click.argument("text")
@pass_env
def recommend(env: Env, reference: str, finding_id: str, text: str) -> None:
    """Record what should change (a draft until it is sent to the agency)."""
    store = env.store
    found = store.find(Audit, reference)
    answered = audit_finding(store, found, finding_id)
    created = add_recommendation(store, found, answered, text, today=clock.today())
    click.echo(f"added recommendation {created.id} ({created.agency}, draft)")


@audit.command("respond")
@click.argument("reference", metavar="RECOMMENDATION")
@click.option("--status", type=click.Choice(RESPONSES), required=True, help="Where it stands now.")
@click.option("--date", "day", type=DATE, help="When (default: today).")
@click.option("--note", default="", help="What was said or done.")
@pass_env
def respond_(env: Env, reference: str, status: str, day: date | None, note: str) -> None:
    """Record the agency's response to a recommendation: sent → acknowledged → adopted / declined."""
    found = env.store.find(Recommendation, reference)
    changed = respond(env.store, found, ResponseStatus(status), day or clock.today(), note)
    click.echo(f"recommendation {changed.id} is now {changed.status.value} ({changed.responses[-1].on})")


@audit.command("recommendations")
@click.argument("reference", metavar="AUDIT")
@click.option("--agency", "agency_id", metavar="ID", help="Only this agency's.")
@click.option("--status", type=click.Choice(STATUSES), help="Only those with this status.")
@click.option("--internal", is_flag=True, help=INTERNAL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def recommendations(
    env: Env, reference: str, agency_id: str | None, status: str | None, internal: bool, as_json: bool
) -> None:
    """The audit's recommendations and where each stands."""
    store = env.store
    found = store.find(Audit, reference)
    body = audit_agency(store, found, agency_id) if agency_id else None
    names = _names(store, internal)
    chosen = ResponseStatus(status) if status else None
    items = recommendations_of(store, found, agency=body, status=chosen)
    if as_json:
        emit_json(_recommendation_json(item, names) for item in items)
        return
    table(
        ["ID", "AGENCY", "STATUS", "SINCE", "TEXT"],
        (
            [
                item.id,
                item.agency,
                item.status.value,
                f"{item.responses[-1].on:%Y-%m-%d}" if item.responses else "—",
                names.text(item.text),
            ]
            for item in items
        ),
        empty="no recommendations" + (" with that status" if status or agency_id else " yet"),
    )


# ---- the report ------------------------------------------------------------------------------------


@audit.command("report")
@click.argument("reference", metavar="AUDIT")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write ('-' for stdout). Default: stdout for md and html, ./AUDIT-report.pdf for pdf.",
)
@click.option("--internal", is_flag=True, help="Include confidential names (marked INTERNAL COPY).")
@pass_env
def report(env: Env, reference: str, fmt: str, output: str | None, internal: bool) -> None:
    """The best-practices report: per agency, the findings, recommendations and their status."""
    found = env.store.find(Audit, reference)
    data = export_audit_report(env.store, found, fmt, internal=internal, today=clock.today())
    suffix = "-INTERNAL" if internal else ""
    default = f"{found.id}-report{suffix}.pdf" if fmt == "pdf" else None
    what = f"the report of audit {found.id} ({fmt}{', internal copy' if internal else ''})"
    write_output(data, output, default, what)
