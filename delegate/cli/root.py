"""The `delegate` group: the data folder, errors as one line, and the TUI when no command is given."""

from __future__ import annotations

import errno
import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from delegate import __version__, locations
from delegate.errors import DelegateError

if TYPE_CHECKING:
    from delegate.store import Store


@dataclass
class Env:
    """What every command needs: the data folder and (opened on first use) its store."""

    root: Path
    problems_shown: bool = False
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from delegate.store import Store  # on use: opening the app need not pay for it first

            self._store = Store(self.root)
        return self._store


# Subcommands are imported when used, so opening the app doesn't pay for every command's imports.
# Each with the first line of its help, so `delegate --help` lists them without importing any
# (tests/test_cli_imports.py checks that these lines are the commands' own).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "agenda": (
        "delegate.cli.agenda",
        "The agenda of GROUP's next meeting: standing agreements first (confidential people by role).",
    ),
    "audit": (
        "delegate.cli.audits",
        "Policy audits: workshops that find the barriers agencies put up, and what should change.",
    ),
    "body": ("delegate.cli.bodies", "Boards, councils, committees and action groups."),
    "check": (
        "delegate.cli.check",
        "Validate the whole data folder and list every problem (exit 1 if any error).",
    ),
    "cost": (
        "delegate.cli.costs",
        "The cost of taking part (bus fare, childcare, lost work): add, list, cover, remove.",
    ),
    "delegation": (
        "delegate.cli.delegations",
        "Our delegations: request, confirm, deliver, follow up, cancel, re-book.",
    ),
    "demo": (
        "delegate.cli.demo",
        "Write a sample data folder (a police board, a council, an action group…) to explore.",
    ),
    "export": ("delegate.cli.calendar", "Export to other tools: `export ics` for calendars."),
    "followup": (
        "delegate.cli.followups",
        "Follow-ups from minutes and delegations: add, list, mark done or drop.",
    ),
    "handout": (
        "delegate.cli.handouts",
        "Handouts: write or attach them, and render them for print (PDF) or the web (HTML).",
    ),
    "honorarium": (
        "delegate.cli.honoraria",
        "Honoraria: add what is owed, mark it paid, list, budgets, a funder's summary.",
    ),
    "import": (
        "delegate.cli.calendar",
        "Import from other tools: `import ics` for a published meeting calendar.",
    ),
    "meeting": ("delegate.cli.meetings", "Meetings of the bodies."),
    "minutes": (
        "delegate.cli.minutes",
        "Minutes of action-group meetings: circulated with confidential people shown only by role.",
    ),
    "person": ("delegate.cli.people", "People: speakers, partners, members (some confidential)."),
    "script": (
        "delegate.cli.scripts",
        "Speech scripts: write, edit, estimate, rehearse, and go back to earlier versions.",
    ),
    "share": (
        "delegate.cli.shares",
        "Share a group's meetings and follow-ups with its members through a CalDAV calendar.",
    ),
    "timer": (
        "delegate.cli.timer",
        "Open the speech timer on a script (id or Markdown file), or as a bare countdown.",
    ),
}


class DelegateGroup(click.Group):
    """Turns every error a person can cause into one line on stderr: exit 2 for usage, 1 for data."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            importlib.import_module(LAZY_COMMANDS[cmd_name][0])  # its decorators register the command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands from LAZY_COMMANDS' lines: `--help` imports none of them."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            # An unimported command is shortened as click would shorten its own help.
            command = self.commands.get(name) or click.Command(name, help=LAZY_COMMANDS[name][1])
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from delegate.cli.arguments import hoist_data_dir

        return super().parse_args(ctx, hoist_data_dir(args))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "delegate"
            _say(f"{error.format_message()} (see `{command} --help`)")
            sys.exit(error.exit_code)
        except click.ClickException as error:
            _say(error.format_message())
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("delegate: stopped", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DelegateError as error:
            _fail(_public(ctx, str(error)))
        except PermissionError as error:
            _fail(f"permission denied: {error.filename or error}")
        except OSError as error:
            if error.errno == errno.EPIPE:  # `delegate … | head` closed the pipe: not an error
                sys.exit(0)
            where = f" ({error.filename})" if error.filename else ""
            _fail(f"{error.strerror or error}{where}")
        finally:
            _report_unreadable(ctx)


def _report_unreadable(ctx: click.Context) -> None:
    """Files that could not be read are skipped, never silently: say which, once, on stderr."""
    env = ctx.obj
    if not isinstance(env, Env) or env._store is None or env.problems_shown:
        return
    if not any(problem.severity == "error" for problem in env._store.problems_so_far()):
        return  # the usual case: nothing more to import
    from delegate.services.check import unreadable_so_far

    errors = unreadable_so_far(env._store)
    for line in errors[:5]:
        _say(f"skipped {line}")
    if len(errors) > 5:
        click.echo(f"delegate: … and {len(errors) - 5} more unreadable files", err=True)
    if errors:
        click.echo("delegate: run `delegate check` to see every problem", err=True)


def _public(ctx: click.Context, message: str) -> str:
    """An error as anyone may read it: a service's message may quote a record (a body's name, a
    title), and errors are never internal. Only if the folder was opened: else no name was read."""
    env = ctx.obj
    if not isinstance(env, Env) or env._store is None:
        return message
    from delegate.services.audience import public_text

    return public_text(env._store, message)


def _say(message: str) -> None:
    """One line on stderr; an id typed (or pasted) with escapes in it is shown, never obeyed."""
    from delegate.controls import visible

    click.echo(f"delegate: {visible(message)}", err=True)


def _fail(message: str) -> None:
    _say(message)
    sys.exit(1)


pass_env = click.make_pass_decorator(Env)


@click.group(
    cls=DelegateGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", prog_name="delegate")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="DELEGATE_HOME",
    help="Data folder (default: the platform's user data dir; or set DELEGATE_HOME).",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Organize delegations, speeches, handouts, minutes and follow-ups.

    Run without a command to open the terminal app.
    """
    ctx.obj = Env(locations.data_dir(data_dir))
    if ctx.invoked_subcommand is None:
        from delegate.cli.tui import open_app

        open_app(ctx.obj.root)
