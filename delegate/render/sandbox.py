"""A Jinja2 sandbox with limits: a template can neither run code nor make more than a document needs.

Jinja's own sandbox stops a template from reaching Python's internals; a template can still ask for a
billion characters, include itself, or loop forever. Here every operation that can grow a value is
estimated before it runs (see `limits`), every value made is checked, templates nest at most
`MAX_NESTING` deep (counted on the stack, so it holds in a worker thread with a small stack too), and
loop turns, calls and filters are counted against a budget of steps and seconds for each rendering.
"""

from __future__ import annotations

import functools
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg, generate_lorem_ipsum

from delegate.render.limits import (
    MAX_NESTING,
    MAX_OUTPUT,
    MAX_SECONDS,
    MAX_STEPS,
    LimitExceeded,
    binop_estimate,
    checked,
    filter_estimate,
    lipsum_estimate,
    materialized,
    method_estimate,
    refuse_over,
    weight,
)

_COUNTED = "counted loop"  # a filter name no template can type: put around every loop's items
_CHECK_CLOCK_EVERY = 1024  # steps


@dataclass
class Budget:
    """What one rendering may still do: steps, and the time it must be done by."""

    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)
    steps: int = 0
    next_clock: int = _CHECK_CLOCK_EVERY

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise LimitExceeded(
                f"more than {MAX_STEPS:,} loop turns, calls and filters (a loop with no end?)"
            )
        if self.steps >= self.next_clock:
            self.next_clock += _CHECK_CLOCK_EVERY
            if time.monotonic() > self.deadline:
                raise LimitExceeded(f"still running after {MAX_SECONDS:g} s (a loop with no end?)")


_BUDGET: ContextVar[Budget | None] = ContextVar("template_budget", default=None)


@contextmanager
def budget() -> Iterator[Budget]:
    """A fresh budget for one rendering (in this thread; each worker thread has its own)."""
    current = Budget()
    token = _BUDGET.set(current)
    try:
        yield current
    finally:
        _BUDGET.reset(token)


def _step() -> None:
    current = _BUDGET.get()
    if current is not None:
        current.step()


def _check_nesting() -> None:
    """Refuse to go deeper when `MAX_NESTING` template functions are already on this thread's stack.

    Every way a template can recurse (an include, an extends, an import, a macro, a recursive loop, a
    caller) passes through a call or a template load, which call this. Counting frames rather than
    waiting for a RecursionError keeps the C stack small in a worker thread as in the main one.
    """
    depth = 0
    frame: types.FrameType | None = sys._getframe(2)
    while frame is not None:
        if "__jinja_template__" in frame.f_globals:
            depth += 1
            if depth > MAX_NESTING:
                raise LimitExceeded(
                    f"templates nest more than {MAX_NESTING} deep (a template that includes or extends"
                    " itself, or a macro that calls itself without end?)"
                )
        frame = frame.f_back


class BoundedBuffer(list[str]):
    """What a macro, a `{% set %}` block, a `{% filter %}` or a `{% call %}` collects, up to MAX_OUTPUT."""

    size = 0

    def append(self, item: str) -> None:
        self._grow(len(item) if isinstance(item, str) else 1)
        super().append(item)

    def extend(self, items: Iterable[str]) -> None:
        listed = tuple(items)
        self._grow(sum(len(item) if isinstance(item, str) else 1 for item in listed))
        super().extend(listed)

    def _grow(self, more: int) -> None:
        _step()
        self.size += more
        if self.size > MAX_OUTPUT:
            raise LimitExceeded(
                f"a macro or block makes more than {MAX_OUTPUT:,} characters, more than a template may"
            )


class _CountedItems:
    """A loop's items, each turn counted against the budget (its length kept for `loop.length`)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = items
        self._iterator = iter(items)

    def __iter__(self) -> _CountedItems:
        return self

    def __next__(self) -> Any:
        _step()
        return next(self._iterator)

    def __len__(self) -> int:
        return len(self._items)  # type: ignore[arg-type]  # TypeError when it has none, as loop expects


@pass_context  # never folded at compile time: it counts turns as they happen
def _counted(_context: Context, items: Iterable[Any]) -> _CountedItems:
    return _CountedItems(items)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    refuse_over(lipsum_estimate((n, html, min, max), {}), "lipsum()")
    return str(generate_lorem_ipsum(n, html, min, max))


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with bounded buffers and checked `~` joins."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_join(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox delegate renders every template in (see the module's docstring)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *, filters: Mapping[str, Callable[..., Any]] = {}, **options: Any) -> None:
        super().__init__(finalize=_finalize, **options)
        self.filters.update(filters)
        self.filters = {name: self._bounded(name, function) for name, function in self.filters.items()}
        self.filters[_COUNTED] = _counted
        self.globals["lipsum"] = _lipsum

    # ---- what templates call -----------------------------------------------------------------------

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """A call from template code: a macro, a method of a text, a global (`range`, `lipsum`)."""
        _step()
        _check_nesting()
        target = getattr(obj, "__wrapped__", obj)  # str.format arrives wrapped by the sandbox
        name = getattr(target, "__name__", "a call")
        if isinstance(target, types.BuiltinMethodType):
            receiver = target.__self__
            if name == "join" and args and isinstance(receiver, (str, bytes)):
                args = (materialized(args[0]), *args[1:])
            refuse_over(method_estimate(name, receiver, args, kwargs), f"{name}()")
        result = super().call(context, obj, *args, **kwargs)
        return checked(result, f"{name}()")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """`*`, `**`, `+` and `%`: estimated first, so a billion characters is refused, not built."""
        _step()
        refuse_over(binop_estimate(operator, left, right), f"`{operator}`")
        return checked(self.binop_table[operator](left, right), f"`{operator}`")

    def checked_join(self, joined: Any) -> Any:
        """The result of `~` (its parts are each within the limit; together they may not be)."""
        return checked(joined, "`~`")

    def bounded_buffer(self) -> BoundedBuffer:
        return BoundedBuffer()

    def _bounded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function` (a filter) with its value measured, what it would make estimated, its result checked."""
        skip = 0 if _PassArg.from_obj(function) is None else 1  # the context or environment it is passed

        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            _step()
            if len(args) > skip:
                if name == "join":
                    args = (*args[:skip], materialized(args[skip]), *args[skip + 1 :])
                refuse_over(weight(args[skip]), f"the {name} filter's value")
                refuse_over(filter_estimate(name, self, args[skip:], kwargs), f"the {name} filter")
            return checked(function(*args, **kwargs), f"the {name} filter")

        return bounded

    # ---- loading ------------------------------------------------------------------------------------

    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        _check_nesting()  # an include, extends or import: one level deeper
        return super().get_template(*args, **kwargs)

    def select_template(self, *args: Any, **kwargs: Any) -> Any:
        _check_nesting()
        return super().select_template(*args, **kwargs)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's tree, with every loop's items counted as they are taken."""
        tree = super()._parse(source, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, _COUNTED, [], [], None, None, lineno=loop.iter.lineno)
        tree.set_environment(self)
        return tree


def _finalize(value: Any) -> Any:
    """Every `{{ value }}`, before it is turned into text (a list of a thousand long texts included)."""
    return checked(value, "a value printed")
