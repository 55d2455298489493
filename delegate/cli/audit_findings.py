"""`delegate audit finding …`, `audit recommend`, `audit respond`, `audit recommendations`: the
barriers an audit found, what should change, and how each agency has answered."""

from __future__ import annotations

from datetime import date

import click

from delegate import clock
from delegate.cli.output import audience_option, emit_json, note_mentions, table
from delegate.cli.root import Env, pass_env
from delegate.cli.types import DATE
from delegate.model import Audit, Recommendation, ResponseStatus
from delegate.services.audience import Audience
from delegate.services.audit_findings import (
    STATUSES,
    add_finding,
    add_recommendation,
    audit_finding,
    respond,
)
from delegate.services.audit_views import finding_views, recommendation_views
from delegate.services.audits import audit_agency, audit_workshop

RESPONSES = tuple(status for status in STATUSES if status != ResponseStatus.DRAFT.value)


@click.group("finding")
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
    note_mentions(store, barrier, effect)


@finding.command("list")
@click.argument("reference", metavar="AUDIT")
@click.option("--agency", "agency_id", metavar="ID", help="Only this agency's.")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def finding_list(env: Env, reference: str, agency_id: str | None, audience: Audience, as_json: bool) -> None:
    """The audit's findings, in the order recorded."""
    store = env.store
    found = store.find(Audit, reference)
    body = audit_agency(store, found, agency_id) if agency_id else None
    findings = finding_views(store, found, audience, agency=body)
    if as_json:
        emit_json(item.fields for item in findings)
        return
    table(
        ["ID", "AGENCY", "RECS", "BARRIER"],
        ([item.id, item.agency, str(len(item.recommendations)), item.barrier] for item in findings),
        empty="no findings yet: add one with `delegate audit finding add AUDIT --agency ID --barrier TEXT`",
    )


@click.command("recommend")
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
    note_mentions(store, text)


@click.command("respond")
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
    note_mentions(env.store, note)


@click.command("recommendations")
@click.argument("reference", metavar="AUDIT")
@click.option("--agency", "agency_id", metavar="ID", help="Only this agency's.")
@click.option("--status", type=click.Choice(STATUSES), help="Only those with this status.")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def recommendations(
    env: Env, reference: str, agency_id: str | None, status: str | None, audience: Audience, as_json: bool
) -> None:
    """The audit's recommendations and where each stands."""
    store = env.store
    found = store.find(Audit, reference)
    body = audit_agency(store, found, agency_id) if agency_id else None
    chosen = ResponseStatus(status) if status else None
    items = recommendation_views(store, found, audience, agency=body, status=chosen)
    if as_json:
        emit_json(item.fields for item in items)
        return
    table(
        ["ID", "AGENCY", "STATUS", "SINCE", "TEXT"],
        (
            [item.id, item.agency, item.status, f"{item.since:%Y-%m-%d}" if item.since else "—", item.text]
            for item in items
        ),
        empty="no recommendations" + (" with that status" if status or agency_id else " yet"),
    )
