"""The command line as typed, made ready for click: `--data-dir` is accepted wherever it is written."""

from __future__ import annotations

from collections.abc import Sequence

DATA_DIR = "--data-dir"


def hoist_data_dir(args: Sequence[str]) -> list[str]:
    """`--data-dir DIR` (or `--data-dir=DIR`) moved to the front, wherever it was typed.

    People write `delegate demo --data-dir ~/x` as often as `delegate --data-dir ~/x demo`; the
    option belongs to the `delegate` group, so click would refuse the first. It is moved here once,
    for every command, rather than declared again on each. Nothing after `--` is touched, and a
    `--data-dir` missing its folder is left where it is for click to explain.
    """
    rest = list(args)
    hoisted: list[str] = []
    index = 0
    while index < len(rest):
        word = rest[index]
        if word == "--":
            break
        if word == DATA_DIR and index + 1 < len(rest):
            hoisted += rest[index : index + 2]
            del rest[index : index + 2]
        elif word.startswith(DATA_DIR + "="):
            hoisted.append(rest.pop(index))
        else:
            index += 1
    return hoisted + rest
