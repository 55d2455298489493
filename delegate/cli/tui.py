"""Starting the terminal app from the command line."""

from __future__ import annotations

from delegate.cli.root import Env


def open_app(env: Env) -> None:
    """Open the app on the data folder (imported here so CLI commands don't pay for Textual)."""
    from delegate.ui.app import make_app

    make_app(env.root).run()
