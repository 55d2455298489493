"""How much a template may make, and estimates made before an operation runs.

A template in a shared data folder is someone else's input. `{{ ('a' * 10**9) | length }}` must be
refused in microseconds, not after a gigabyte has been built: every operation that can multiply a
value's size (`*`, `**`, `%`, `join`, `replace`, `center(width)`, `indent(width)`…) is estimated first,
and every value made is checked after, so no value ever grows past `MAX_OUTPUT`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence, Sized
from typing import Any, cast

from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError

MAX_TEMPLATE_BYTES = 256 * 1024  # one template file; the packaged ones are 2–3 KB
MAX_OUTPUT = 2_000_000  # characters of Markdown: a hundred pages, far more than any handout
MAX_INT_BITS = 100_000  # a number in a document has a few digits; this one would have 30,000
MAX_NESTING = 50  # templates including one another, macros calling themselves, blocks in blocks
MAX_DEPTH = 100  # lists in lists in lists: data has a handful of levels
MAX_STEPS = 2_000_000  # loop turns, calls and filters in one document
MAX_SECONDS = 10.0  # a hang guard, for what the steps do not count (one slow sort)

# Containers whose size is the sum of their parts (a list of a thousand references to one long text
# is a thousand long texts once printed).
_CONTAINERS = (list, tuple, set, frozenset)


class LimitExceeded(SecurityError):
    """A template asked for more than a document needs (size, nesting, time); the message says which."""


def weight(value: object, limit: int = MAX_OUTPUT) -> int:
    """About how many characters `value` makes when printed (at least; stops counting past `limit`).

    Texts count their length, containers their items plus what the items weigh, anything else 1.
    Shared items are counted each time they appear, as printing them would.
    """
    total = 0
    pending: list[tuple[object, int]] = [(value, 0)]  # and how deep in containers it is
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, (*_CONTAINERS, Mapping)):
            if depth >= MAX_DEPTH:  # printing or comparing it would recurse that deep in C
                raise LimitExceeded(
                    f"a list nested more than {MAX_DEPTH} deep, more than a template may make"
                )
            total += len(item) + 1
            if total <= limit:
                parts = [*item.keys(), *item.values()] if isinstance(item, Mapping) else item
                pending.extend((part, depth + 1) for part in parts)
        elif isinstance(item, TemplateModule):  # an imported template: its whole output, once printed
            total += sum(len(part) for part in item._body_stream)
        else:
            total += 1
        if total > limit:
            return total
    return total


def refuse_over(estimate: int, what: str) -> None:
    """Refuse an operation that would make more than a template may (before it is run)."""
    if estimate > MAX_OUTPUT:
        raise LimitExceeded(
            f"{what} would make {estimate:,} characters; a template may make at most {MAX_OUTPUT:,}"
        )


def checked(value: Any, what: str) -> Any:
    """`value` if it is within the size a template may make, else LimitExceeded."""
    if isinstance(value, str) and len(value) <= MAX_OUTPUT:
        return value  # the common case, without a call
    if weight(value) > MAX_OUTPUT:
        raise LimitExceeded(f"{what} makes more than {MAX_OUTPUT:,} characters, more than a template may")
    return value


def materialized(items: Any) -> Any:
    """`items` as a list when it is a one-pass iterator (to be measured and then used), counted as it goes."""
    if isinstance(items, (str, bytes, Sequence, Mapping, set, frozenset)) or not isinstance(items, Iterable):
        return items
    listed: list[object] = []
    for item in items:
        listed.append(item)
        if len(listed) > MAX_OUTPUT:
            raise LimitExceeded(f"a list of more than {MAX_OUTPUT:,} items, more than a template may make")
    return listed


# ---- operators ------------------------------------------------------------------------------------


def binop_estimate(operator: str, left: Any, right: Any) -> int:
    """What `left operator right` would weigh (0 when it cannot grow much); LimitExceeded for numbers."""
    if operator == "*":
        if _is_int(left) and _is_int(right):
            _refuse_bits(abs(left).bit_length() + abs(right).bit_length(), "*")
            return 0
        sized, times = (left, right) if _is_int(right) else (right, left)
        if _is_int(times) and isinstance(sized, (str, bytes, *_CONTAINERS)):
            return weight(sized) * max(int(times), 0)
    elif operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            _refuse_bits(abs(left).bit_length() * right, "**")
    elif operator == "+":
        if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
            return weight(left) + weight(right)
    elif operator == "%" and isinstance(left, str):
        return percent_estimate(left, right)
    return 0


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _refuse_bits(bits: int, operator: str) -> None:
    if bits > MAX_INT_BITS:
        raise LimitExceeded(f"`{operator}` would make a number of about {bits:,} bits; a template may not")


_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def percent_estimate(text: str, values: Any) -> int:
    """`text % values`: each conversion makes at most its width, precision or the values' weight."""
    conversions = _PERCENT.findall(text)
    if not conversions:
        return len(text)
    given = values if isinstance(values, tuple) else (values,)
    numbers = [0]
    for width, precision in conversions:
        for number in (width, precision):
            if number == "*":
                numbers.extend(abs(value) for value in given if _is_int(value))
            elif number:
                numbers.append(int(number))
    return len(text) + len(conversions) * (max(numbers) + weight(values))


def format_estimate(text: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> int:
    """`text.format(*args, **kwargs)`: each field makes at most its width, its precision, or the
    arguments' weight."""
    fields, numbers = 0, [0]
    pending = [text]
    try:
        while pending:
            for _literal, name, spec, _conversion in string.Formatter().parse(pending.pop()):
                if name is None:
                    continue
                fields += 1
                if spec and "{" in spec:  # a width given as an argument: {:{width}}
                    pending.append(spec)
                    values = [*args, *kwargs.values()]
                    numbers.extend(abs(value) for value in values if _is_int(value))
                elif spec:
                    numbers.extend(int(number) for number in re.findall(r"\d+", spec))
    except ValueError:
        return 0  # not a format string; str.format itself will say what is wrong
    return len(text) + fields * (max(numbers) + weight(list(args)) + weight(dict(kwargs)))


# ---- methods of texts and numbers -----------------------------------------------------------------


def method_estimate(name: str, receiver: object, args: Sequence[Any], kwargs: Mapping[str, Any]) -> int:
    """What calling a text's (or number's) method `name` would make; 0 when it cannot grow much."""
    if _is_int(receiver) and name == "to_bytes":
        return _int_arg(args, kwargs, 0, "length", 1)
    if not isinstance(receiver, (str, bytes)):
        return 0
    size = len(receiver)
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(size, _int_arg(args, kwargs, 0, "width", 0))
    if name == "expandtabs":
        tabs = receiver.count("\t") if isinstance(receiver, str) else receiver.count(b"\t")
        return size + tabs * _int_arg(args, kwargs, 0, "tabsize", 8)
    if name == "join" and args:
        items = args[0]
        count = len(items) if isinstance(items, Sized) else 0
        return weight(items) + size * max(count - 1, 0)
    if name == "replace" and len(args) >= 2:
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        return replace_estimate(receiver, args[0], args[1], count)
    if name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((weight(value) for value in args[0].values()), default=1)
        return size * max(longest, 1)
    if name == "format" and isinstance(receiver, str):
        return format_estimate(receiver, args, kwargs)
    if name == "format_map" and isinstance(receiver, str) and args and isinstance(args[0], Mapping):
        return format_estimate(receiver, (), args[0])
    return 0


def replace_estimate(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    """`text.replace(old, new, count)`: each occurrence of `old` (each gap, when it is empty) gets `new`."""
    if not (isinstance(text, (str, bytes)) and type(old) is type(text) and type(new) is type(text)):
        return weight(text)  # str.replace will say what is wrong
    found = cast(Any, text).count(old) if old else len(text) + 1  # old is of text's own type
    if _is_int(count) and count >= 0:
        found = min(found, count)
    return len(text) + found * len(new)


def _int_arg(args: Sequence[Any], kwargs: Mapping[str, Any], index: int, name: str, default: int) -> int:
    value = args[index] if len(args) > index else kwargs.get(name, default)
    return abs(int(value)) if _is_int(value) else default


# ---- filters --------------------------------------------------------------------------------------


def filter_estimate(name: str, environment: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> int:
    """What the filter `name` would make of `args[0]` (the value) and its arguments; 0 when it cannot grow."""
    value, rest = (args[0], args[1:]) if args else (None, ())

    def arg(index: int, key: str, default: Any = None) -> Any:
        return rest[index] if len(rest) > index else kwargs.get(key, default)

    if name == "center":
        return max(weight(value), _int_arg(rest, kwargs, 0, "width", 80))
    if name == "indent":
        width = arg(0, "width", 4)
        text = str(value)
        step = len(width) if isinstance(width, str) else abs(width) if _is_int(width) else 4
        return len(text) + (text.count("\n") + 1) * step
    if name == "wordwrap":
        text, width, wrapstring = str(value), arg(0, "width", 79), arg(2, "wrapstring") or "\n"
        lines = len(text) // max(width if _is_int(width) else 79, 1) + len(text.split()) + 1
        return len(text) + lines * weight(wrapstring)
    if name in ("batch", "slice"):
        count = _int_arg(rest, kwargs, 0, "linecount" if name == "batch" else "slices", 1)
        return weight(value) + count * (1 + weight(arg(1, "fill_with")))
    if name == "tojson":
        indent = arg(0, "indent") or 0
        return weight(value) * (2 + 4 * (abs(indent) if _is_int(indent) else len(str(indent))))
    if name == "format" and isinstance(value, str):
        return percent_estimate(value, tuple(rest) or dict(kwargs))
    if name == "join":
        separator, attribute = arg(0, "d", ""), arg(1, "attribute")
        items = (
            value if attribute is None else [_attribute(environment, item, attribute) for item in value or ()]
        )
        count = len(items) if isinstance(items, Sized) else 0
        return weight(items) + weight(separator) * max(count - 1, 0)
    if name == "replace":
        return replace_estimate(str(value), arg(0, "old"), arg(1, "new"), arg(2, "count", -1))
    if name == "urlize":
        extra = weight(arg(2, "target")) + weight(arg(3, "rel")) + 64
        text = str(value)
        return len(text) * 2 + len(text.split()) * extra
    return 0  # at most a few times what it is given, which is checked, and so is what it makes


def _attribute(environment: Any, item: Any, attribute: Any) -> Any:
    from jinja2.filters import make_attrgetter

    return make_attrgetter(environment, attribute)(item)


def lipsum_estimate(args: Sequence[Any], kwargs: Mapping[str, Any]) -> int:
    """`lipsum(n, html, min, max)`: n paragraphs of up to `max` words."""
    return _int_arg(args, kwargs, 0, "n", 5) * _int_arg(args, kwargs, 3, "max", 100) * 16
