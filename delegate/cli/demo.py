"""`delegate demo`"""

from __future__ import annotations

import click

from delegate import clock
from delegate.cli.root import Env, cli, pass_env
from delegate.services.demo import write_demo


@cli.command("demo")
@pass_env
def demo(env: Env) -> None:
    """Write a sample data folder (a police board, a council, an action group…) to explore."""
    counts = write_demo(env.store, clock.now())
    summary = ", ".join(f"{count} {name.lower()}" for name, count in counts.items())
    click.echo(f"wrote the demo into {env.root}: {summary}")
    click.echo(f"open it with: delegate --data-dir {env.root}")
