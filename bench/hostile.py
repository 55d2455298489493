"""Hostile record files, one maker each: what a shared, synced or hand-edited data folder may hold.

Shared by `bench/check.py` (check on ten years plus these vs without) and tests/test_hostile_folder.py
(each one costs only itself). A maker writes one file (or FIFO, link, folder) at the path it is given.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def deep_array(path: Path) -> None:
    path.write_text("schema = 1\nx = " + "[" * 1000 + "]" * 1000 + "\n")


def deep_inline_table(path: Path) -> None:
    path.write_text("schema = 1\nx = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")


def long_dotted_key(path: Path) -> None:
    path.write_text("schema = 1\n" + "a" + ".a" * 20000 + " = 1\n")


def huge_file(path: Path) -> None:
    with path.open("w") as handle:
        handle.write('schema = 1\nnotes = """\n')
        handle.write(("x" * 99 + "\n") * 50_000)  # 5 MB
        handle.write('"""\n')


def many_values(path: Path) -> None:
    path.write_text("schema = 1\nx = [" + ",".join(["1"] * 60_000) + "]\n")


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to_a_device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def link_in_a_loop(path: Path) -> None:
    path.symlink_to(path.name)


def link_outside(path: Path) -> None:
    """A link to a well-formed record in a folder of its own, outside the data folder."""
    outside = Path(tempfile.mkdtemp(prefix="delegate-outside-")) / path.name
    outside.write_text('schema = 1\nbody = "lakeport-police-board"\nstart = 2026-12-30T18:00:00-08:00\n')
    path.symlink_to(outside)


def folder_named_like_a_record(path: Path) -> None:
    path.mkdir()


def binary_garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40 + b"\x00\x1b]0;owned\x07")


CASES: dict[str, Callable[[Path], None]] = {
    "deep array": deep_array,
    "deep inline table": deep_inline_table,
    "long dotted key": long_dotted_key,
    "huge file": huge_file,
    "many values": many_values,
    "fifo": fifo,
    "link to a device": link_to_a_device,
    "link in a loop": link_in_a_loop,
    "link outside the folder": link_outside,
    "folder named like a record": folder_named_like_a_record,
    "binary garbage": binary_garbage,
}
PLACES = ("meetings/2026", "followups/2026", "bodies", "people")


def add_all(root: Path, stem: str = "2026-12-30-hostile") -> list[Path]:
    """Every case in every place of the data folder `root`; the paths made."""
    made = []
    for index, make in enumerate(CASES.values()):
        for place in PLACES:
            path = root / place / f"{stem}-{index}.toml"
            path.parent.mkdir(parents=True, exist_ok=True)
            make(path)
            made.append(path)
    return made
