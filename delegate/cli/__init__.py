"""The `delegate` command: the TUI with no arguments, subcommands for everything scriptable."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    """Open the app at once when there is nothing to parse; else hand the arguments to click."""
    root = _app_only(sys.argv[1:])
    if root is not None:
        from delegate.cli.tui import open_app

        open_app(root)
        return
    # A command reads its records once and exits: collecting young objects every 700 allocations
    # would only walk the records it holds again and again (a few ms of a list's 0.1 s).
    gc.set_threshold(100_000, 50, 50)
    from delegate.cli.root import cli

    cli(prog_name="delegate")


def _app_only(args: list[str]) -> Path | None:
    """The data folder when the arguments only open the app (`delegate`, `delegate --data-dir D`).

    Opening the app is the common case, and the command-line parser costs start-up time; anything
    else (or a --data-dir that is not a folder, which click explains) goes through click.
    """
    from delegate import locations

    if not args:
        override = None
    elif len(args) == 2 and args[0] == "--data-dir":
        override = args[1]
    elif len(args) == 1 and args[0].startswith("--data-dir="):
        override = args[0].split("=", 1)[1]
    else:
        return None
    root = locations.data_dir(override)
    return None if root.exists() and not root.is_dir() else root


def __getattr__(name: str) -> Any:
    # `from delegate.cli import cli` still works, without importing click for the app's sake.
    if name == "cli":
        from delegate.cli.root import cli

        return cli
    raise AttributeError(name)


__all__ = ["cli", "main"]
