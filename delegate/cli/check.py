"""`delegate check`"""

from __future__ import annotations

import sys

import click

from delegate.cli.root import Env, cli, pass_env
from delegate.services.check import check, fix


@cli.command("check")
@click.option("--fix", "repair", is_flag=True, help="Rename files that name a confidential person first.")
@pass_env
def check_command(env: Env, repair: bool) -> None:
    """Validate the whole data folder and list every problem (exit 1 if any error)."""
    if repair:
        renamed = fix(env.store)
        for kind, count in renamed.items():
            click.echo(f"renamed {count} {kind} record(s) that named a confidential person (old ids work)")
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
