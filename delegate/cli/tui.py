"""Starting the terminal app from the command line."""

from __future__ import annotations

import click

from delegate.cli.root import Env


def open_app(env: Env) -> None:
    """The terminal app arrives with the UI; until then, show what the CLI can do."""
    del env
    click.echo(click.get_current_context().get_help())
