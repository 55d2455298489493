"""`delegate timer`"""

from __future__ import annotations

from datetime import timedelta

import click

from delegate.cli import types
from delegate.cli.root import Env, cli, pass_env
from delegate.services.estimate import script_limit
from delegate.services.scripts import ScriptSource, resolve_script


@cli.command("timer")
@click.argument("reference", metavar="[SCRIPT]", required=False)
@click.option("--limit", type=types.LIMIT, help="Speaking limit M:SS (default: the body's, or 5:00).")
@pass_env
def timer(env: Env, reference: str | None, limit: timedelta | None) -> None:
    """Open the speech timer on a script (id or Markdown file), or as a bare countdown.

    The app shows confidential people by role on the timer too, until N.
    """
    source = resolve_script(env.store, reference) if reference else ScriptSource(None, "Speech", "")
    if limit is None:
        limit = script_limit(env.store, source.script) if source.script else timedelta(minutes=5)
    from delegate.cli.tui import open_app

    open_app(env.root, timer=(source.script, limit.total_seconds(), source.title, source.text))
