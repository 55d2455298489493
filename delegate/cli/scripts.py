"""`delegate script …`"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from delegate.cli import types
from delegate.cli.editing import edit_text, restore_text, show_versions
from delegate.cli.output import emit_json, fields, record_json, table
from delegate.cli.root import Env, cli, pass_env
from delegate.model import Delegation, Rehearsal, Script, ValidationError
from delegate.model.common import format_duration, over_under
from delegate.services.estimate import Estimate, choose_pace, estimate_text, script_limit
from delegate.store import NotFoundError, Store


@cli.group()
def script() -> None:
    """Speech scripts: write, edit, estimate, rehearse, and go back to earlier versions."""


def resolve_script(store: Store, reference: str) -> tuple[Script | None, str, str]:
    """A script id (or prefix) from the store, else a Markdown file: (record or None, title, text)."""
    try:
        found = store.find(Script, reference)
        return found, found.title, found.text
    except NotFoundError:
        path = Path(reference).expanduser()
        if not path.is_file():
            raise
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(f"cannot read {path}: {error}") from None
        return None, path.stem, text


@script.command("estimate")
@click.argument("reference", metavar="ID|FILE")
@click.option(
    "--wpm", type=click.FloatRange(min=20, max=400), help="Words per minute (default: yours, or 130)."
)
@click.option("--limit", type=types.LIMIT, help="Speaking limit M:SS (default: the body's, or 5:00).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_env
def estimate(env: Env, reference: str, wpm: float | None, limit: timedelta | None, as_json: bool) -> None:
    """Words and speaking time per section, and how many words to cut to fit."""
    found, title, text = resolve_script(env.store, reference)
    if limit is None:
        limit = script_limit(env.store, found) if found else timedelta(minutes=5)
    pace, source = choose_pace(env.store, wpm)
    result = estimate_text(text, limit.total_seconds(), pace, source)
    if as_json:
        emit_json([_estimate_json(found.id if found else reference, title, result)])
        return
    _print_estimate(title, result)


def _estimate_json(identifier: str, title: str, result: Estimate) -> dict[str, object]:
    return {
        "id": identifier,
        "title": title,
        "words": result.words,
        "seconds": round(result.seconds, 1),
        "limit": result.limit,
        "wpm": round(result.wpm, 1),
        "pace": result.pace_source,
        "words_over": result.words_over,
        "sections": [
            {"title": item.title, "words": item.words, "seconds": round(item.seconds, 1)}
            for item in result.sections
        ],
    }


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
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def list_(env: Env, as_json: bool) -> None:
    """List scripts with their length and rehearsals."""
    scripts = env.store.all(Script)
    rehearsals: dict[str, list[Rehearsal]] = {}
    for item in env.store.all(Rehearsal):
        rehearsals.setdefault(item.script, []).append(item)
    if as_json:
        emit_json(
            record_json(item, words=item.words, rehearsals=len(rehearsals.get(item.id, [])))
            for item in scripts
        )
        return
    table(
        ["ID", "WORDS", "REHEARSALS", "LAST", "TITLE"],
        (
            [
                item.id,
                str(item.words),
                str(len(rehearsals.get(item.id, []))),
                _last(rehearsals.get(item.id, [])),
                item.title,
            ]
            for item in scripts
        ),
        empty="no scripts yet",
    )


@script.command("rehearsals")
@click.argument("reference", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def rehearsals_command(env: Env, reference: str, as_json: bool) -> None:
    """A script's timed rehearsals: when, how long, over or under."""
    found = env.store.find(Script, reference)
    runs = sorted((r for r in env.store.all(Rehearsal) if r.script == found.id), key=lambda r: r.at)
    if as_json:
        emit_json(record_json(item) for item in runs)
        return
    table(
        ["WHEN", "TOTAL", "LIMIT", "OVER/UNDER", "COMPLETE"],
        (
            [
                f"{item.at:%Y-%m-%d %H:%M}",
                format_duration(item.total),
                format_duration(item.limit),
                over_under(item.over_by),
                "yes" if item.complete else "no",
            ]
            for item in runs
        ),
        empty=f"no rehearsals of {found.id} yet: `delegate timer {found.id}`",
    )


def _last(runs: list[Rehearsal]) -> str:
    if not runs:
        return "—"
    last = max(runs, key=lambda item: item.at)
    return f"{format_duration(last.total)} ({over_under(last.over_by)})"


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
    from delegate.services.scripts import new_script

    item = env.store.find(Delegation, delegation_id) if delegation_id else None
    created = new_script(env.store, title, item, template)
    click.echo(f"added script {created.id} (from the {created.template} template)")
    if item is not None:
        if item.script:
            click.echo(f"for delegation {item.id} (which keeps its script {item.script})")
        else:
            click.echo(f"linked to delegation {item.id}")
    click.echo(f"edit it with `delegate script edit {created.id}`")


@script.command("show")
@click.argument("reference", metavar="ID")
@pass_env
def show(env: Env, reference: str) -> None:
    """A script's title, delegation, length and estimate, then its text."""
    found = env.store.find(Script, reference)
    pace, source = choose_pace(env.store, None)
    result = estimate_text(found.text, script_limit(env.store, found).total_seconds(), pace, source)
    fields(
        [
            ("id", found.id),
            ("title", found.title),
            ("delegation", found.delegation),
            ("words", found.words),
            ("estimate", _estimate_line(result)),
        ]
    )
    click.echo()
    click.echo(found.text.rstrip("\n") if found.text.strip() else "(no text yet)")


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
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_env
def versions(env: Env, reference: str, as_json: bool) -> None:
    """Earlier texts of a script, oldest first (each save that changed the text keeps one)."""
    found = env.store.find(Script, reference)
    show_versions(env.store, found, as_json)


@script.command("restore")
@click.argument("reference", metavar="ID")
@click.argument("version_id", metavar="VERSION")
@pass_env
def restore(env: Env, reference: str, version_id: str) -> None:
    """Bring back an earlier text (by version id or a unique prefix); the current text is kept too."""
    found = env.store.find(Script, reference)
    restore_text(env.store, found, version_id)
