"""A broken record file is reported by file, line and field, never by repeating what it holds.

What is read from a file may be anything: a confidential name typed into the wrong field, or a
person's own file gone bad (then no redactor knows the name). The report reaches `delegate check`,
the CLI's stderr and the dashboard, which may be on a screen others can see.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from test_store import sample_records

from delegate.store import Store
from delegate.store.codec import encode
from delegate.store.kinds import kind_of

NAME = "Rosalind Quintero-Vale"


def wrong_values(current: Any) -> list[Any]:
    """Values of the wrong type (or a wrong text) for a field, each carrying the name."""
    values: list[Any] = [[NAME], {"who": NAME}]
    if not isinstance(current, str):
        values.append(NAME)
    else:
        values.append(f"{NAME} 2026-12-09")  # text where a date, a time, a status… is expected
    return values


@pytest.mark.parametrize("record", sample_records(), ids=lambda record: type(record).__name__)
def test_no_problem_report_repeats_a_word_from_the_file(tmp_path: Path, record: Any) -> None:
    kind = kind_of(type(record))
    table = encode(record)
    reported = 0
    # Every field, also those left out of the file for holding their default (a status, say).
    fields = {field.name: table.get(field.name) for field in dataclasses.fields(record) if field.name != "id"}
    for field, current in fields.items():
        for wrong in wrong_values(current):
            root = tmp_path / f"{field}-{len(str(wrong))}-{type(wrong).__name__}"
            path = kind.path_for(root, record.id)
            path.parent.mkdir(parents=True)
            path.write_text(tomli_w.dumps({**table, field: wrong}))
            for problem in Store(root, index=None).load_all():
                text = problem.describe(root)
                reported += 1
                for word in NAME.replace("-", " ").split():
                    assert word not in text, text
    assert reported > 0  # the wrong values were noticed, not silently taken
