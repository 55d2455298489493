"""`delegate check`"""

from __future__ import annotations

import sys

import click

from delegate.cli.output import audience_option
from delegate.cli.root import Env, cli, pass_env
from delegate.services.audience import Audience
from delegate.services.check import check_view, fix


@cli.command("check")
@click.option("--fix", "repair", is_flag=True, help="First rename files that name a confidential person.")
@audience_option()
@pass_env
def check_command(env: Env, repair: bool, audience: Audience) -> None:
    """Validate the whole data folder and list every problem (exit 1 if any error).

    A file named after a confidential person is shown with the name by role unless --internal;
    --fix gives such records public ids (their old ids keep working).
    """
    if repair:
        for what, count in fix(env.store).items():
            click.echo(f"{count} {what}")
    view = check_view(env.store, audience)
    env.problems_shown = True
    for problem in view.problems:
        click.echo(f"{problem.severity}: {problem.text}", err=problem.severity == "error")
    if view.errors:
        click.echo(f"{view.errors} error(s), {view.warnings} warning(s) in {env.root}", err=True)
        sys.exit(1)
    warnings = f", {view.warnings} warning(s)" if view.problems else ""
    click.echo(f"{env.root}: all records load{warnings}")
