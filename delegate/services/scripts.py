"""New speech scripts, written from a template, the templates a person can choose from, and finding
the script a command names (an id, or any Markdown file)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from delegate.model import Delegation, Script, ValidationError
from delegate.services.ids import public_slug
from delegate.store import NotFoundError, Store

TEMPLATES_FOLDER = "templates"
USER_TEMPLATE_SUFFIX = ".j2"
DOCUMENT_TEMPLATES = ("speech.md", "handout.md")  # built-ins a script or handout can start from


def templates_dir(store: Store) -> Path:
    """The data folder's own templates (`speech.md.j2` overrides the built-in speech, and so on)."""
    return store.root / TEMPLATES_FOLDER


def template_name(store: Store, name: str) -> str:
    """A template as the renderer names it: 'speech', 'speech.md' or 'my-speech.md.j2' -> '….md'.

    Built-in names always work; any other needs `<name>.md.j2` in the data folder's templates/.
    """
    from delegate.render import TEMPLATE_NAMES

    stem = name.strip()
    for suffix in (USER_TEMPLATE_SUFFIX, ".md"):
        stem = stem.removesuffix(suffix)
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        raise ValidationError(f"{name!r} is not a template name")
    full = f"{stem}.md"
    if full in TEMPLATE_NAMES or (templates_dir(store) / f"{full}{USER_TEMPLATE_SUFFIX}").is_file():
        return full
    raise ValidationError(
        f"no template named {stem!r}; use one of {', '.join(available_templates(store))}"
        f" or put {full}{USER_TEMPLATE_SUFFIX} in {templates_dir(store)}"
    )


def available_templates(store: Store) -> list[str]:
    """Template names (without '.md') a script or handout can start from: built-in and the user's."""
    from delegate.render import TEMPLATE_NAMES

    names = {name.removesuffix(".md") for name in TEMPLATE_NAMES if name in DOCUMENT_TEMPLATES}
    folder = templates_dir(store)
    if folder.is_dir():
        names.update(
            path.name.removesuffix(f".md{USER_TEMPLATE_SUFFIX}")
            for path in folder.glob(f"*.md{USER_TEMPLATE_SUFFIX}")
            if not path.name.startswith(".")
        )
    return sorted(names)


def render_named(store: Store, name: str, context: dict[str, object]) -> str:
    """Render a template (the user's copy in the data folder when there is one).

    A template's mistake is a RenderError (a DelegateError), naming the template and the line.
    """
    from delegate.render import render_template

    return render_template(name, context, templates_dir(store))


def new_script(
    store: Store, title: str, delegation: Delegation | None, template: str = "speech.md"
) -> Script:
    """A script written from a template; linked to `delegation` (both ways when the delegation has none)."""
    from delegate.render import speech_context

    if not title.strip():
        raise ValidationError("a script needs a title")
    name = template_name(store, template)
    text = render_named(store, name, speech_context(store, delegation, title.strip()))
    script = Script(
        id=store.new_id(Script, public_slug(store, title, "script")),
        title=title.strip(),
        text=text,
        delegation=delegation.id if delegation else "",
        template=name.removesuffix(".md"),
    )
    store.save(script)
    if delegation is not None and not delegation.script:
        store.save(replace(delegation, script=script.id))
    return script


@dataclass(frozen=True)
class ScriptSource:
    """What `script estimate` and `timer` work on: a stored script, or the text of a Markdown file."""

    script: Script | None  # None for a file
    title: str
    text: str


def resolve_script(store: Store, reference: str) -> ScriptSource:
    """A script by id (or unique prefix), else a Markdown file of that path; else the store's error."""
    try:
        found = store.find(Script, reference)
        return ScriptSource(found, found.title, found.text)
    except NotFoundError:
        path = Path(reference).expanduser()
        if not path.is_file():
            raise
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(f"cannot read {path}: {error}") from None
        return ScriptSource(None, path.stem, text)
