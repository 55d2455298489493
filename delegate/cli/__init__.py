"""The `delegate` command: the TUI with no arguments, subcommands for everything scriptable."""

from delegate.cli.root import cli


def main() -> None:
    cli(prog_name="delegate")


__all__ = ["cli", "main"]
