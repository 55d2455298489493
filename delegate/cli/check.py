"""`delegate check`"""

from __future__ import annotations

import sys

import click

from delegate.cli.root import Env, cli, pass_env
from delegate.services.check import check


@cli.command("check")
@pass_env
def check_command(env: Env) -> None:
    """Validate the whole data folder and list every problem (exit 1 if any error)."""
    problems = check(env.store)
    env.problems_shown = True
    errors = [problem for problem in problems if problem.severity == "error"]
    for problem in problems:
        click.echo(f"{problem.severity}: {problem.describe(env.root)}", err=problem.severity == "error")
    if errors:
        click.echo(
            f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {env.root}", err=True
        )
        sys.exit(1)
    warnings = f", {len(problems)} warning(s)" if problems else ""
    click.echo(f"{env.root}: all records load{warnings}")
