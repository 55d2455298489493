"""`delegate export ics` and `delegate import ics`: to and from the calendars people live in."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import click

from delegate import clock
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import DATE, DURATION
from delegate.model import Body, Meeting
from delegate.services.bodies import zone_of
from delegate.timezones import zone

# Fewer items than this finish before a progress bar would be read.
PROGRESS_FROM = 300
IMPORT_WINDOW = timedelta(days=365)


@contextmanager
def progress_on_terminal(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on stderr when it is a terminal; None when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < PROGRESS_FROM:
            return
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@cli.group("export")
def export_group() -> None:
    """Export to other tools: `export ics` for calendars."""


@export_group.command("ics")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout)."
)
@click.option("--from", "start", type=DATE, help="Only what falls on or after this date.")
@click.option("--to", "end", type=DATE, help="Only what falls on or before this date.")
@click.option("--body", "bodies", multiple=True, metavar="ID", help="Only this body (repeat for more).")
@click.option("--no-followups", is_flag=True, help="Leave follow-ups (to-dos) out.")
@click.option("--alarm", type=DURATION, default="1d", show_default=True, help="Remind this long before.")
@click.option("--no-alarms", is_flag=True, help="No reminders at all.")
@click.option("--internal", is_flag=True, help="Keep confidential names (for your own calendar only).")
@pass_env
def export_ics(
    env: Env,
    output: Path | None,
    start: date | None,
    end: date | None,
    bodies: tuple[str, ...],
    no_followups: bool,
    alarm: timedelta,
    no_alarms: bool,
    internal: bool,
) -> None:
    """Meetings, request deadlines, body schedules and follow-ups as an iCalendar (.ics) file.

    Import it into a phone or desktop calendar; importing a newer export updates the same events.
    """
    from delegate.ics.export import ExportOptions, export_calendar, export_state
    from delegate.store.atomic import atomic_write

    if start and end and end < start:
        raise click.UsageError("--to is before --from")
    store = env.store
    wanted = frozenset(store.find(Body, prefix).id for prefix in bodies)
    options = ExportOptions(
        start=start,
        end=end,
        bodies=wanted,
        followups=not no_followups,
        alarm=None if no_alarms else alarm,
        internal=internal,
    )
    ledger, cache = export_state(env.root, internal=internal)
    with progress_on_terminal("Exporting") as progress:
        result = export_calendar(store, options, clock.now(), ledger, progress, cache)
    counts = ", ".join(f"{count} {kind}" for kind, count in result.counts.items() if count)
    if output is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.buffer.flush()
    else:
        atomic_write(output, result.data)
        click.echo(f"Wrote {counts or 'an empty calendar'} to {output}")
    result.remember()  # only now that the file is written: a failed write changes no version
    if internal:
        click.echo("This is an INTERNAL copy with confidential names: do not share it.", err=True)


@cli.group("import")
def import_group() -> None:
    """Import from other tools: `import ics` for a published meeting calendar."""


@import_group.command("ics")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--body", "body_id", required=True, metavar="ID", help="The body whose calendar this is.")
@click.option("--from", "start", type=DATE, help="Import meetings from this date (default: today).")
@click.option("--to", "end", type=DATE, help="… up to this date (default: twelve months on).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@pass_env
def import_ics(
    env: Env, file: Path, body_id: str, start: date | None, end: date | None, dry_run: bool
) -> None:
    """Turn the events of a body's published calendar into its meetings.

    Run it again with a newer file: moved meetings are updated, new ones added, none duplicated.
    """
    from delegate.ics.importing import apply_import, plan_import
    from delegate.ics.reader import read_calendar

    store = env.store
    body = store.find(Body, body_id)
    zone_name = zone_of(store, body)
    tz = zone(zone_name)
    first = start or clock.today()
    last = end or (first + IMPORT_WINDOW)
    if last < first:
        raise click.UsageError("--to is before --from")
    window_start = datetime.combine(first, time(0), tzinfo=tz)
    window_end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"{file}: {error.strerror or error}") from None
    with progress_on_terminal("Reading") as progress:
        read = read_calendar(
            data, str(file), start=window_start, end=window_end, default_zone=tz, progress=progress
        )
    plan = plan_import(store, body, read, window_start, window_end, zone_name)
    verbs = {"add": "added", "update": "updated", "cancel": "cancelled"}
    for change in plan.pending:
        meeting = change.meeting
        detail = f" ({', '.join(change.differences())})" if change.action == "update" else ""
        if change.action == "cancel" or (change.action == "add" and meeting.status_reason):
            detail = f" ({meeting.status_reason})"
        verb = change.action if dry_run else verbs[change.action]
        click.echo(f"{verb:9} {_when(meeting)}  {meeting.display_title(body.name)}{detail}")
    for skipped in plan.skipped:
        click.echo(f"skipped   {skipped}", err=True)
    summary = (
        f"{plan.count('add')} new, {plan.count('update')} updated, {plan.count('cancel')} cancelled, "
        f"{plan.count('unchanged')} unchanged, {len(plan.skipped)} skipped"
    )
    if dry_run:
        click.echo(f"Dry run, nothing written: {summary} ({first} to {last}).")
        return
    apply_import(store, plan)
    click.echo(f"Imported into {body.name}: {summary} ({first} to {last}).")


def _when(meeting: Meeting) -> str:
    if meeting.all_day:
        return f"{meeting.start:%a %Y-%m-%d} all day"
    return f"{meeting.start:%a %Y-%m-%d %H:%M}"
