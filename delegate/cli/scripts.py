"""`delegate script …`: write, estimate, rehearse and restore speeches. A speech may name a
confidential person, so what is printed is public unless --internal; `edit` opens the text as written."""

from __future__ import annotations

from datetime import timedelta

import click

from delegate.cli import types
from delegate.cli.editing import edit_text, say_restored, show_versions
from delegate.cli.output import audience_option, emit_json, fields, note_mentions, table
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Delegation, Script
from delegate.model.common import format_duration, over_under
from delegate.services.audience import Audience
from delegate.services.estimate import Estimate
from delegate.services.script_views import TakeView, estimate_view, rehearsal_views, script_view, script_views
from delegate.services.scripts import new_script, resolve_script


@cli.group()
def script() -> None:
    """Speech scripts: write, edit, estimate, rehearse, and go back to earlier versions."""


@script.command("estimate")
@click.argument("reference", metavar="ID|FILE")
@click.option(
    "--wpm", type=click.FloatRange(min=20, max=400), help="Words per minute (default: yours, or 130)."
)
@click.option("--limit", type=types.LIMIT, help="Speaking limit M:SS (default: the body's, or 5:00).")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def estimate(
    env: Env, reference: str, wpm: float | None, limit: timedelta | None, audience: Audience, as_json: bool
) -> None:
    """Words and speaking time per section, and how many words to cut to fit."""
    source = resolve_script(env.store, reference)
    view = estimate_view(env.store, source, reference, audience, wpm=wpm, limit=limit)
    if as_json:
        emit_json([view.fields])
        return
    _print_estimate(view.title, view.estimate)


def _print_estimate(title: str, result: Estimate) -> None:
    click.echo(click.style(title, bold=True))
    table(
        ["SECTION", "WORDS", "TIME"],
        [[item.title, str(item.words), format_duration(item.seconds)] for item in result.sections],
        empty="(no text yet)",
    )
    click.echo(
        f"total: {result.words} words, about {format_duration(result.seconds)} at {result.wpm:.0f} words/min "
        f"({result.pace_source}); limit {format_duration(result.limit)}"
    )
    words = abs(result.words_over)
    noun = "word" if words == 1 else "words"
    if result.words_over > 0:
        over = result.seconds - result.limit
        by = f"by about {format_duration(over)}" if over >= 1 else "by under a second"
        click.echo(f"over {by}: cut about {words} {noun}")
    elif result.words_over == 0:
        click.echo("fits the limit exactly")
    else:
        click.echo(f"fits, with room for about {words} more {noun}")


@script.command("list")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, audience: Audience, as_json: bool) -> None:
    """List scripts with their length and rehearsals."""
    scripts = script_views(env.store, audience)
    if as_json:
        emit_json(item.fields for item in scripts)
        return
    table(
        ["ID", "WORDS", "REHEARSALS", "LAST", "TITLE"],
        (
            [item.id, str(item.words), str(len(item.takes)), _last(item.last_take), item.title]
            for item in scripts
        ),
        empty="no scripts yet",
    )


@script.command("rehearsals")
@click.argument("reference", metavar="ID")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def rehearsals_command(env: Env, reference: str, audience: Audience, as_json: bool) -> None:
    """A script's timed rehearsals: when, how long, over or under (AD HOC: timed with --limit, kept out
    of the script's stats)."""
    found = env.store.find(Script, reference)
    runs = rehearsal_views(env.store, found, audience)
    if as_json:
        emit_json(item.fields for item in runs)
        return
    table(
        ["WHEN", "TOTAL", "LIMIT", "OVER/UNDER", "COMPLETE", "AD HOC"],
        (
            [
                f"{item.at:%Y-%m-%d %H:%M}",
                format_duration(item.total),
                format_duration(item.limit),
                over_under(item.over_by),
                "yes" if item.complete else "no",
                "yes" if item.adhoc else "",
            ]
            for item in runs
        ),
        empty=f"no rehearsals of {found.id} yet: `delegate timer {found.id}`",
    )


def _last(take: TakeView | None) -> str:
    return f"{format_duration(take.total)} ({over_under(take.over_by)})" if take else "—"


# ---- writing and editing --------------------------------------------------------------------------


@script.command("new")
@click.argument("title")
@click.option("--delegation", "delegation_id", metavar="ID", help="The delegation the speech is for.")
@click.option(
    "--template",
    default="speech",
    show_default=True,
    metavar="NAME",
    help="speech, or NAME for templates/NAME.md.j2 in the data folder.",
)
@pass_env
def new(env: Env, title: str, delegation_id: str | None, template: str) -> None:
    """Write a new script from a template (filled in from the delegation)."""
    item = env.store.find(Delegation, delegation_id) if delegation_id else None
    created = new_script(env.store, title, item, template)
    click.echo(f"added script {created.id} (from the {created.template} template)")
    if item is not None:
        if item.script:
            click.echo(f"for delegation {item.id} (which keeps its script {item.script})")
        else:
            click.echo(f"linked to delegation {item.id}")
    click.echo(f"edit it with `delegate script edit {created.id}`")
    note_mentions(env.store, title)


@script.command("show")
@click.argument("reference", metavar="ID")
@audience_option()
@pass_env
def show(env: Env, reference: str, audience: Audience) -> None:
    """A script's title, delegation, length and estimate, then its text."""
    view = script_view(env.store, env.store.find(Script, reference), audience)
    fields(
        [
            ("id", view.id),
            ("title", view.title),
            ("delegation", view.delegation),
            ("words", view.words),
            ("estimate", _estimate_line(view.estimate)),
        ]
    )
    click.echo()
    click.echo(view.text.rstrip("\n") if view.text.strip() else "(no text yet)")


def _estimate_line(result: Estimate) -> str:
    line = (
        f"about {format_duration(result.seconds)} at {result.wpm:.0f} words/min ({result.pace_source}); "
        f"limit {format_duration(result.limit)}"
    )
    words = abs(result.words_over)
    noun = "word" if words == 1 else "words"
    if result.words_over > 0:
        return f"{line}; over: cut about {words} {noun}"
    if result.words_over == 0:
        return f"{line}; fits exactly"
    return f"{line}; fits, room for about {words} more {noun}"


@script.command("edit")
@click.argument("reference", metavar="ID")
@pass_env
def edit(env: Env, reference: str) -> None:
    """Edit a script's text in $EDITOR; the text it replaces is kept as a version."""
    found = env.store.find(Script, reference)
    saved = edit_text(env.store, found)
    if saved is None:
        click.echo(f"no changes to script {found.id}; nothing saved")
        return
    click.echo(f"saved script {found.id} ({saved.words} words); the previous text is kept as a version")


@script.command("versions")
@click.argument("reference", metavar="ID")
@audience_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def versions(env: Env, reference: str, audience: Audience, as_json: bool) -> None:
    """Earlier texts of a script, oldest first (each save that changed the text keeps one)."""
    show_versions(env.store, env.store.find(Script, reference), audience, as_json)


@script.command("restore")
@click.argument("reference", metavar="ID")
@click.argument("version_id", metavar="VERSION")
@pass_env
def restore(env: Env, reference: str, version_id: str) -> None:
    """Bring back an earlier text (by version id or a unique prefix); the current text is kept too."""
    say_restored(env.store, env.store.find(Script, reference), version_id)
