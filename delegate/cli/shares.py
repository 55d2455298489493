"""`delegate share …`: a group's calendar and follow-ups on a CalDAV server (Nextcloud, Radicale…)."""

from __future__ import annotations

import click

from delegate import clock
from delegate.cli.output import emit_json, table
from delegate.cli.root import Env, cli, pass_env
from delegate.services.shares import (
    add_share,
    needs_password,
    remove_share,
    resolve_conflicts,
    share_views,
    sync_all,
    sync_group,
)


@cli.group()
def share() -> None:
    """Share a group's meetings and follow-ups with its members through a CalDAV calendar.

    What goes out is always the public view: confidential people by role, whatever you type.
    """


@share.command("add")
@click.argument("group")
@click.argument("url")
@click.option("--user", default="", metavar="NAME", help="Your user name on the CalDAV server.")
@pass_env
def add(env: Env, group: str, url: str, user: str) -> None:
    """Tie GROUP (a body, or `my-delegations`: the meetings we speak at) to the calendar at URL
    (made there if missing).

    The password is asked for and kept in the OS keyring (or read from DELEGATE_CALDAV_PASSWORD, for
    scripts); never in the data folder.
    """
    password = None
    if needs_password(env.store, group, url, user):
        from delegate.services.share_credentials import ENV_PASSWORD, keyring_available

        if not keyring_available():
            raise click.ClickException(
                f"no keyring on this system to keep the password in: set {ENV_PASSWORD} instead"
            )
        password = click.prompt("Password", hide_input=True, err=True)
    view, made = add_share(env.store, group, url, user, password)
    verb = "made a new calendar on" if made else "found the calendar on"
    click.echo(f"shared {view.group}: {verb} {view.server}; run `delegate share sync {view.group}` to sync")


@share.command("sync")
@click.argument("group", required=False)
@pass_env
def sync(env: Env, group: str | None) -> None:
    """Sync GROUP (or every shared group) both ways: out as the public view, members' changes in."""
    now = clock.now()
    if group is not None:
        views = [sync_group(env.store, group, now)]
    else:
        failed: list[str] = []

        def report(group_id: str, error: str) -> None:
            failed.append(group_id)
            click.echo(f"delegate: {group_id}: {error}", err=True)

        views = sync_all(env.store, now, on_error=report)
        if not views and not failed:
            click.echo("no group is shared yet: `delegate share add GROUP URL --user NAME`")
            return
        if failed:
            for view in views:
                _said(view.summary, view.new_conflicts)
            raise SystemExit(1)
    for view in views:
        _said(view.summary, view.new_conflicts)


def _said(summary: str, conflicts: tuple[object, ...]) -> None:
    click.echo(summary)
    for conflict in conflicts:
        click.echo(f"  conflict: {getattr(conflict, 'line', '')}")


@share.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, as_json: bool) -> None:
    """The shared groups: their calendar, the last sync, and open conflicts."""
    views = share_views(env.store)
    if as_json:
        emit_json(views)
        return
    table(
        ["GROUP", "SERVER", "USER", "LAST SYNC"],
        ([view.group, view.server, view.user or "—", view.summary] for view in views),
        empty="no group is shared yet",
    )
    for view in views:
        for conflict in view.conflicts:
            click.echo(f"{view.group}: conflict: {conflict.line}")


@share.command("resolve")
@click.argument("group")
@click.argument("record", required=False, metavar="[ID]")
@pass_env
def resolve(env: Env, group: str, record: str | None) -> None:
    """Close GROUP's open conflicts (of one record, by id; else all), once you have read the notes."""
    closed = resolve_conflicts(env.store, group, record)
    click.echo(f"closed {closed} conflict{'s' if closed != 1 else ''}")


@share.command("remove")
@click.argument("group")
@pass_env
def remove(env: Env, group: str) -> None:
    """Stop syncing GROUP (its calendar stays on the server; the kept password is forgotten)."""
    remove_share(env.store, group)
    click.echo("stopped sharing; the calendar on the server is left as it is")
