"""`delegate audit …`: policy-audit series, their agencies and the report. Workshops are in
`audit_workshops`, findings, recommendations and responses in `audit_findings`."""

from __future__ import annotations

import click

from delegate import clock
from delegate.cli.again import again_option
from delegate.cli.audit_findings import finding, recommend, recommendations, respond_
from delegate.cli.audit_workshops import attendance_text, workshop
from delegate.cli.editing import write_output
from delegate.cli.output import DOCUMENT_INTERNAL_HELP, audience_option, emit_json, note_mentions, table, when
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Audit, Body
from delegate.services.audience import Audience
from delegate.services.audit_findings import Progress
from delegate.services.audit_report import audit_report
from delegate.services.audit_views import agency_name, agency_views, audit_rows, audit_view
from delegate.services.audits import add_agency, new_audit
from delegate.services.documents import FORMATS, export_document


@cli.group()
def audit() -> None:
    """Policy audits: workshops that find the barriers agencies put up, and what should change."""


for command in (workshop, finding, recommend, respond_, recommendations):
    audit.add_command(command)


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


# ---- audits ----------------------------------------------------------------------------------------


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
@again_option
@pass_env
def new(env: Env, title: str, aim: str, agencies: tuple[str, ...], again: bool) -> None:
    """Start a policy-audit series."""
    known = {body.id for body in env.store.all(Body)}
    created = new_audit(env.store, title, aim=aim, agencies=agencies, today=clock.today(), again=again)
    fresh = [agency for agency in created.agencies if agency not in known]
    note = f" (new agency bodies: {', '.join(fresh)})" if fresh else ""
    click.echo(f"added audit {created.id} with {_plural(len(created.agencies), 'agency')}{note}")
    note_mentions(env.store, title, aim, *agencies)


@audit.command("list")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, audience: Audience, as_json: bool) -> None:
    """List audit series with their progress, newest first."""
    rows = audit_rows(env.store, audience)
    if as_json:
        emit_json(row.fields for row in rows)
        return
    table(
        ["ID", "STARTED", "WORKSHOPS", "FINDINGS", "RECS", "ADOPTED", "AWAITING", "TITLE"],
        (
            [
                row.id,
                f"{row.started:%Y-%m-%d}" if row.started else "—",
                str(row.workshops),
                str(row.progress.findings),
                str(row.progress.recommendations),
                str(row.progress.adopted + row.progress.partly_adopted),
                str(row.progress.awaiting),
                row.title,
            ]
            for row in rows
        ),
        empty="no audits yet: start one with `delegate audit new TITLE`",
    )


@audit.command("show")
@click.argument("reference", metavar="AUDIT")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def show(env: Env, reference: str, audience: Audience, as_json: bool) -> None:
    """An audit: its aim, agencies, workshops, and per agency the findings and recommendations."""
    view = audit_view(env.store, env.store.find(Audit, reference), audience)
    if as_json:
        emit_json([view.fields])
        return
    click.echo(click.style(f"{view.title} ({view.id})", bold=True))
    if view.aim:
        click.echo(f"aim: {view.aim}")
    if view.started:
        click.echo(f"started: {view.started:%Y-%m-%d}")
    click.echo(f"progress: {_progress_line(view.progress)}")
    click.echo("\nworkshops:")
    for meeting in view.workshops:
        shape = meeting.format or "format not recorded"
        cancelled = " (cancelled)" if meeting.cancelled else ""
        click.echo(
            f"  {meeting.id}  {when(meeting.start)}{cancelled}  {shape}"
            f"  attendance: {attendance_text(meeting.attendance)}"
        )
    if not view.workshops:
        click.echo("  none yet: add one with `delegate audit workshop add`")
    click.echo("\nagencies:")
    if not view.agencies:
        click.echo("  none yet: add one with `delegate audit agency add`")
    for agency in view.agencies:
        click.echo(f"  {agency.name} ({agency.id}): {_progress_line(agency.progress)}")
        for item in agency.findings:
            click.echo(f"    finding {item.id}: {item.barrier}")
            if item.effect:
                click.echo(f"      effect: {item.effect}")
            if item.workshop:
                click.echo(f"      came up at: {item.workshop}")
            for answer in item.recommendations:
                dated = f" {answer.since:%Y-%m-%d}" if answer.since else ""
                click.echo(f"      - {answer.id} [{answer.status}{dated}] {answer.text}")


# ---- agencies --------------------------------------------------------------------------------------


@audit.group("agency")
def agency() -> None:
    """The agencies an audit looks at."""


@agency.command("add")
@click.argument("reference", metavar="AUDIT")
@click.argument("name_or_id", metavar="NAME_OR_ID")
@again_option
@pass_env
def agency_add(env: Env, reference: str, name_or_id: str, again: bool) -> None:
    """Look at one more agency: an existing body (any kind), else a new body of kind agency."""
    link = add_agency(env.store, env.store.find(Audit, reference), name_or_id, again=again)
    how = "a new body of kind agency" if link.created else f"an existing {link.agency.kind.value}"
    shown = agency_name(env.store, link.agency, Audience.PUBLIC)
    click.echo(f"added agency {shown} ({link.agency.id}, {how}) to audit {link.audit.id}")
    note_mentions(env.store, name_or_id)


@agency.command("list")
@click.argument("reference", metavar="AUDIT")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def agency_list(env: Env, reference: str, audience: Audience, as_json: bool) -> None:
    """The audit's agencies, with their findings and recommendations counted."""
    views = agency_views(env.store, env.store.find(Audit, reference), audience)
    if as_json:
        emit_json(view.fields for view in views)
        return
    table(
        ["ID", "FINDINGS", "RECS", "ADOPTED", "AWAITING", "NAME"],
        (
            [
                view.id,
                str(view.progress.findings),
                str(view.progress.recommendations),
                str(view.progress.adopted + view.progress.partly_adopted),
                str(view.progress.awaiting),
                view.name,
            ]
            for view in views
        ),
        empty="no agencies yet: add one with `delegate audit agency add AUDIT NAME`",
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
@audience_option(DOCUMENT_INTERNAL_HELP)
@pass_env
def report(env: Env, reference: str, fmt: str, output: str | None, audience: Audience) -> None:
    """The best-practices report: per agency, the findings, recommendations and their status."""
    found = env.store.find(Audit, reference)
    doc = audit_report(env.store, found, audience, today=clock.today())
    default = doc.file_name(fmt) if fmt == "pdf" else None
    write_output(
        export_document(doc, fmt), output, default, doc.describe(f"the report of audit {found.id}", fmt)
    )
