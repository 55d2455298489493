"""`delegate export ics` and `delegate import ics`: to and from the calendars people live in."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from delegate import clock
from delegate.cli.output import audience_option
from delegate.cli.root import Env, cli, pass_env
from delegate.cli.types import DATE_FILTER, DURATION
from delegate.services.audience import Audience

if TYPE_CHECKING:
    from delegate.services.calendar import ImportView

# Fewer items than this finish before a progress bar would be read.
PROGRESS_FROM = 300


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
        bar.length = total  # an export counts a year's events once it has read them
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
@click.option("--from", "start", type=DATE_FILTER, help="Only what falls on or after this date.")
@click.option("--to", "end", type=DATE_FILTER, help="Only what falls on or before this date.")
@click.option("--body", "bodies", multiple=True, metavar="ID", help="Only this body (repeat for more).")
@click.option("--no-followups", is_flag=True, help="Leave follow-ups (to-dos) out.")
@click.option("--alarm", type=DURATION, default="1d", show_default=True, help="Remind this long before.")
@click.option("--no-alarms", is_flag=True, help="No reminders at all.")
@audience_option("Keep confidential names (for your own calendar only; its name says INTERNAL).")
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
    audience: Audience,
) -> None:
    """Meetings, request deadlines, body schedules and follow-ups as an iCalendar (.ics) file.

    Import it into a phone or desktop calendar; importing a newer export updates the same events.
    Confidential people are shown by role unless --internal.
    """
    from delegate.services.calendar import export_calendar_file, to_file

    if start and end and end < start:
        raise click.UsageError("--to is before --from")
    write = to_file(output) if output is not None else _to_stdout
    with progress_on_terminal("Exporting") as progress:
        exported = export_calendar_file(
            env.store,
            clock.now(),
            write,
            audience=audience,
            start=start,
            end=end,
            bodies=bodies,
            followups=not no_followups,
            alarm=None if no_alarms else alarm,
            progress=progress,
        )
    if exported.path is not None:
        click.echo(f"Wrote {exported.summary} to {exported.path}")


def _to_stdout(write: Callable[[BinaryIO], None]) -> None:
    write(sys.stdout.buffer)
    sys.stdout.buffer.flush()


@cli.group("import")
def import_group() -> None:
    """Import from other tools: `import ics` for a published meeting calendar."""


@import_group.command("ics")
@click.argument("file", metavar="FILE_OR_URL")
@click.option("--body", "body_id", required=True, metavar="ID", help="The body whose calendar this is.")
@click.option("--from", "start", type=DATE_FILTER, help="Import meetings from this date (default: today).")
@click.option("--to", "end", type=DATE_FILTER, help="… up to this date (default: twelve months on).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@audience_option()
@pass_env
def import_ics(
    env: Env,
    file: str,
    body_id: str,
    start: date | None,
    end: date | None,
    dry_run: bool,
    audience: Audience,
) -> None:
    """Turn the events of a body's published calendar (a file, or an http, https or webcal address)
    into its meetings.

    Run it again with a newer file: moved meetings are updated, new ones added, none duplicated.
    To follow a calendar by its address, see `delegate body feed`. What is listed shows confidential
    people by role unless --internal.
    """
    from delegate.services.calendar import import_calendar, import_window
    from delegate.services.feeds import address_shown, fetch_once, is_address

    first, last = import_window(clock.today(), start, end)
    if last < first:
        raise click.UsageError("--to is before --from")
    if is_address(file):
        source = address_shown(file)
        data = fetch_once(file)
    else:
        source = file
        path = Path(file)
        if path.is_dir():
            raise click.BadParameter(f"{file} is a folder, not a calendar file", param_hint="FILE_OR_URL")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise click.ClickException(f"{file}: {error.strerror or error}") from None
    with progress_on_terminal("Reading") as progress:
        view = import_calendar(
            env.store,
            body_id,
            data,
            source,
            first=first,
            last=last,
            dry_run=dry_run,
            audience=audience,
            progress=progress,
        )
    _echo_changes(view)
    if not view.written:
        click.echo(f"Dry run, nothing written: {view.summary} ({view.first} to {view.last}).")
        return
    click.echo(f"Imported into {view.body}: {view.summary} ({view.first} to {view.last}).")


def _echo_changes(view: ImportView) -> None:
    """Each meeting added, updated or cancelled on stdout; what was skipped, and why, on stderr."""
    verbs = {"add": "added", "update": "updated", "cancel": "cancelled"}
    for change in view.changes:
        verb = verbs[change.action] if view.written else change.action
        detail = f" ({change.detail})" if change.detail else ""
        click.echo(f"{verb:9} {change.when}  {change.title}{detail}")
    for skipped in view.skipped:
        click.echo(f"skipped   {skipped}", err=True)
    for note in view.notes:
        click.echo(f"note      {note}", err=True)


@import_group.command("feeds")
@click.option(
    "--body", "bodies", multiple=True, metavar="ID", help="Only this body's feed (repeat for more)."
)
@click.option("--from", "start", type=DATE_FILTER, help="Import meetings from this date (default: today).")
@click.option("--to", "end", type=DATE_FILTER, help="… up to this date (default: twelve months on).")
@audience_option()
@pass_env
def import_feeds(
    env: Env, bodies: tuple[str, ...], start: date | None, end: date | None, audience: Audience
) -> None:
    """Read every body's published calendar again (see `delegate body feed`) and import what changed.

    An unchanged feed costs one small request. A feed that cannot be read is one line on stderr and
    the others go on; the exit status is 1 if any failed.
    """
    from delegate.services.calendar import import_window
    from delegate.services.feeds import refresh_feeds

    first, last = import_window(clock.today(), start, end)
    if last < first:
        raise click.UsageError("--to is before --from")
    results = refresh_feeds(env.store, clock.now(), first=first, last=last, bodies=bodies, audience=audience)
    if not results:
        click.echo("No body has a feed; `delegate body feed BODY URL` gives one its published calendar.")
        return
    for result in results:
        if result.failed:
            click.echo(f"delegate: {result.body}: {result.message}", err=True)
            continue
        if result.view is not None:
            _echo_changes(result.view)
        said = "unchanged" if result.outcome == "unchanged" else "read"
        click.echo(f"{result.body} ({said}): {result.message}")
    if any(result.failed for result in results):
        sys.exit(1)
