"""Jinja2 templates → Markdown: the packaged ones, or the user's own copy in the data folder."""

from __future__ import annotations

import traceback
from collections.abc import Generator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import jinja2

import delegate
from delegate.errors import DelegateError, excerpt
from delegate.model.common import format_duration
from delegate.render.limits import MAX_OUTPUT, LimitExceeded
from delegate.render.loader import FolderLoader, TemplateRefused
from delegate.render.sandbox import BoundedSandbox, budget

TEMPLATE_NAMES = (
    "speech.md",
    "handout.md",
    "request-letter.md",
    "minutes.md",
    "audit-report.md",
    "agenda.md",
)
SUFFIX = ".j2"


class RenderError(DelegateError):
    """A template could not be found, parsed or filled; the message names the template and line."""


def packaged_templates_dir() -> Path:
    """The templates shipped with delegate (in the wheel, or beside the package in a checkout)."""
    package = Path(delegate.__file__).parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def template_origin(name: str, user_dir: Path | None = None) -> Path:
    """The file `render_template` would use: the user's copy if there is one, else the packaged one."""
    file_name = _file_name(name)
    for loader in _loaders(user_dir):
        try:
            found = loader.locate(file_name)
        except TemplateRefused as error:
            raise RenderError(f"template {name}: {error}") from None
        if found is not None:
            return found[0]
    raise RenderError(f"template {name}: not found in {_where(user_dir)}")


def render_template(name: str, context: Mapping[str, Any], user_dir: Path | None = None) -> str:
    """Fill a template with `context`; every failure is a RenderError naming the template and line.

    A template is user input: it is read only from its folder, and what it may make is bounded (size,
    nesting, steps; see `sandbox`), so a hostile one costs a line of error, not a hang or a traceback.
    """
    file_name = _file_name(name)
    try:
        with budget():
            template = _environment(user_dir).get_template(file_name)
            return _streamed(template, context)
    except jinja2.TemplateSyntaxError as error:
        message = error.message or str(error)
        raise RenderError(_message(name, user_dir, error.filename, error.lineno, message)) from None
    except jinja2.TemplateNotFound as error:
        missing = error.name if isinstance(error.name, str) else file_name
        what = name if missing == file_name else f"{name} (includes {excerpt(missing)})"
        raise RenderError(f"template {what}: not found in {_where(user_dir)}") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as error:
        # A user's template is user input: a bad filter argument must read as their mistake, not a crash.
        filename, line = _template_frame(error)
        raise RenderError(_message(name, user_dir, filename, line, _first_line(error))) from None
    except RecursionError:  # a limit below Python's own should come first; this is the last guard
        raise RenderError(
            f"template {name}: nests too deeply (a template that includes itself, or a macro that calls"
            " itself?)"
        ) from None
    except MemoryError:
        raise RenderError(f"template {name}: needs more memory than there is; nothing was made") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RenderError(f"template {name}: could not be read ({error})") from None


def _streamed(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """The template's output, taken piece by piece and stopped (at the line making it) past MAX_OUTPUT."""
    stream = cast(Generator[str, None, None], template.generate(context))
    parts: list[str] = []
    size = 0
    for part in stream:
        size += len(part)
        if size > MAX_OUTPUT:
            too_much = LimitExceeded(
                f"the document passes {MAX_OUTPUT:,} characters, more than a template may"
            )
            try:
                stream.throw(too_much)  # raised where the template is, so the message has its line
            finally:
                stream.close()
            raise too_much
        parts.append(part)
    return "".join(parts)


def _file_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or "/" in cleaned or "\\" in cleaned or cleaned.startswith("."):
        raise RenderError(f"template {name!r}: not a template name (expected one like 'handout.md')")
    return cleaned if cleaned.endswith(SUFFIX) else cleaned + SUFFIX


def _loaders(user_dir: Path | None) -> list[FolderLoader]:
    # The user's own folder must lead to a folder inside the data folder it belongs to.
    mine = [FolderLoader(user_dir, within=user_dir.parent)] if user_dir is not None else []
    return [*mine, FolderLoader(packaged_templates_dir())]


def _where(user_dir: Path | None) -> str:
    return " or ".join(str(loader.folder) for loader in _loaders(user_dir))


@lru_cache(maxsize=8)
def _environment(user_dir: Path | None) -> jinja2.Environment:
    # Sandboxed: a data folder may be shared by a group, and a template in it should not run code.
    return BoundedSandbox(
        loader=jinja2.ChoiceLoader(_loaders(user_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; HTML escaping happens when it is rendered
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,  # the user may edit their copy while the app runs
        filters={"duration": duration, "cell": table_cell},
    )


def duration(seconds: float, step: int = 5) -> str:
    """Seconds as M:SS, rounded to `step` seconds (a suggested length is never exact)."""
    rounded = round(float(seconds) / step) * step if step > 0 else float(seconds)
    return format_duration(rounded)


def table_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _template_frame(error: BaseException) -> tuple[str | None, int | None]:
    """Where in a template an error happened: Jinja rewrites tracebacks so template frames carry it."""
    found: tuple[str | None, int | None] = (None, None)
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(SUFFIX):
            found = (filename, line)
    return found


def _first_line(error: BaseException) -> str:
    """The error's message on one line, with any text it quotes from a template escaped."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return excerpt(lines[0], 300)


def _message(name: str, user_dir: Path | None, filename: str | None, line: int | None, text: str) -> str:
    where = f"template {name}"
    if filename:
        path = Path(filename)
        if path.name != _file_name(name):  # the error is in a template this one includes or extends
            where += f" (in {path.name.removesuffix(SUFFIX)})"
        if user_dir is not None and path.parent == user_dir:
            where += f" ({path})"
    if line:
        where += f", line {line}"
    return f"{where}: {text}"
