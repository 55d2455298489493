"""The `delegate` command: the TUI with no arguments, subcommands for everything scriptable."""

from delegate.cli import bodies, check, delegations, demo, meetings, people  # noqa: F401 - registers commands
from delegate.cli.root import cli


def main() -> None:
    cli(prog_name="delegate")


__all__ = ["cli", "main"]
