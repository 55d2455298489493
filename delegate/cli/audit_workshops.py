"""`delegate audit workshop …`: an audit's workshops, when and in what format, and who came (counts)."""

from __future__ import annotations

from datetime import datetime

import click

from delegate.cli.output import audience_option, emit_json, note_mentions, table, when
from delegate.cli.root import Env, pass_env
from delegate.cli.types import WALL_TIME
from delegate.model import Attendance, Audit, Body, Meeting
from delegate.services.audience import Audience
from delegate.services.audit_views import workshop_views
from delegate.services.audits import add_workshop, set_workshop_attendance

GROUPS = ("sex_workers", "agency_staff", "residents", "businesses", "others")  # Attendance's fields
COUNT = click.IntRange(min=0)


def attendance_text(attendance: Attendance | None) -> str:
    """'11 (8 sex workers, 3 residents)': the total, then the groups anyone came from."""
    if attendance is None:
        return "not recorded"
    parts = [
        f"{getattr(attendance, field)} {field.replace('_', ' ')}"
        for field in GROUPS
        if getattr(attendance, field)
    ]
    return f"{attendance.total} ({', '.join(parts)})" if parts else "0"


@click.group("workshop")
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
    note_mentions(env.store, shape, place)


@workshop.command("list")
@click.argument("reference", metavar="AUDIT")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def workshop_list(env: Env, reference: str, audience: Audience, as_json: bool) -> None:
    """The audit's workshops in date order."""
    found = workshop_views(env.store, env.store.find(Audit, reference), audience)
    if as_json:
        emit_json(view.fields for view in found)
        return
    table(
        ["ID", "START", "FORMAT", "STATUS", "ATTENDANCE"],
        (
            [view.id, when(view.start), view.format or "—", view.status, attendance_text(view.attendance)]
            for view in found
        ),
        empty='no workshops yet: add one with `delegate audit workshop add AUDIT "YYYY-MM-DD HH:MM"`',
    )


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
    click.echo(f"workshop {changed.id}: attendance {attendance_text(changed.attendance)}")
