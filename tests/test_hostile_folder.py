"""A hostile file costs only itself: every other record still loads, `check` names it once, nothing hangs.

Each case puts one hostile thing into a folder that otherwise holds the demo: deep nesting, a huge file,
a dotted key of twenty thousand parts, a FIFO, a link to a device, to outside the folder or in a loop,
a folder named like a record, binary garbage, too many values. `delegate check` runs as its own process
with a time limit (a hang fails the test instead of holding up the suite), then the records are counted.
Hypothesis builds more: nesting of every shape and depth, random bytes, values of the wrong type.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from demo_ui_support import NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegate.services.check import check

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from hostile import CASES, PLACES

from delegate.services.demo import write_demo
from delegate.store import KINDS, Store

HANG_GUARD = 5.0  # seconds: far more than any case takes; a hang fails instead of blocking the suite
ZONE = "America/Vancouver"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The demo, written once; each test copies it. With how many records of each kind it holds."""
    root = tmp_path_factory.mktemp("hostile") / "data"
    write_demo(Store(root, index=False, default_zone=ZONE), NOW)
    store = Store(root, index=False, default_zone=ZONE)
    return root, {kind.folder: len(store.all(kind.cls)) for kind in KINDS}


@pytest.fixture
def folder(demo_template: tuple[Path, dict[str, int]], tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "data"
    shutil.copytree(demo_template[0], root, symlinks=True)
    return root


def counts(root: Path) -> dict[str, int]:
    store = Store(root, index=False, default_zone=ZONE)
    return {kind.folder: len(store.all(kind.cls)) for kind in KINDS}


def run_check(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`delegate check` in a process of its own, killed if it takes longer than the hang guard."""
    env = {**os.environ, "DELEGATE_CACHE": str(tmp_path / "cache"), "DELEGATE_NOW": "2026-11-27T09:00"}
    return subprocess.run(
        [sys.executable, "-m", "delegate", "--data-dir", str(root), "check"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("place", PLACES)
def test_one_hostile_file_costs_only_itself(
    case: str, place: str, folder: Path, demo_template: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    hostile = folder / place / "2026-12-30-hostile.toml"
    CASES[case](hostile)
    started = time.monotonic()
    result = run_check(folder, tmp_path)
    assert time.monotonic() - started < HANG_GUARD
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    named = [line for line in result.stderr.splitlines() if "2026-12-30-hostile" in line]
    assert len(named) == 1, result.stderr  # listed once, with its reason
    assert named[0].startswith("error: ")
    assert "\x1b" not in result.stderr  # nothing of the file is echoed raw
    assert "1 error(s)" in result.stderr
    # and every other record loads
    assert counts(folder) == demo_template[1]


def test_a_markdown_text_that_is_a_fifo_costs_only_its_script(folder: Path, tmp_path: Path) -> None:
    script = next((folder / "scripts").glob("*.toml"))
    markdown = script.with_suffix(".md")
    markdown.unlink()
    os.mkfifo(markdown)
    result = run_check(folder, tmp_path)
    assert result.returncode == 1
    assert f"{markdown.name}: is a FIFO (named pipe), not a record file; not read" in result.stderr


def test_limits_can_be_raised_for_a_long_text(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = next((folder / "scripts").glob("*.toml"))
    script.with_suffix(".md").write_text("## Long\n" + "word " * 2_500_000)  # 12.5 MB of Markdown
    result = run_check(folder, tmp_path)
    assert "more than a record file may be (10.0 MB)" in result.stderr
    monkeypatch.setenv("DELEGATE_MAX_MARKDOWN_BYTES", "20000000")
    assert run_check(folder, tmp_path).returncode == 0


# ---- built by hypothesis ---------------------------------------------------------------------------

_leaf = st.one_of(st.integers(), st.text(max_size=5), st.booleans(), st.floats(allow_nan=False))
_nested = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abc"), inner, max_size=3)
    ),
    max_leaves=40,
)


def _toml_value(value: object, depth: int) -> str:
    """A TOML literal for `value`, wrapped in `depth` more arrays (inline, so any depth can be written)."""
    import json

    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, str):
        text = json.dumps(value)
    elif isinstance(value, list):
        text = "[" + ", ".join(_toml_value(item, 0) for item in value) + "]"
    else:
        assert isinstance(value, dict)
        text = "{" + ", ".join(f"{key} = {_toml_value(item, 0)}" for key, item in value.items()) + "}"
    return "[" * depth + text + "]" * depth


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(
        ["body", "start", "title", "notes", "status", "costs", "attendance", "sequence", "x"]
    ),
    value=_nested,
    depth=st.one_of(st.integers(0, 40), st.integers(900, 3000)),
)
def test_any_shape_or_type_in_a_field_is_one_problem(
    field: str,
    value: object,
    depth: int,
    demo_template: tuple[Path, dict[str, int]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import shutil

    root = tmp_path_factory.mktemp("shape") / "data"
    shutil.copytree(demo_template[0], root)
    hostile = root / "meetings" / "2026" / "2026-12-30-hostile.toml"
    hostile.write_text(
        'schema = 1\nbody = "lakeport-police-board"\nstart = 2026-12-30T18:00:00-08:00\n'
        f"{field} = {_toml_value(value, depth)}\n"
    )
    store = Store(root, index=False, default_zone=ZONE)
    problems = check(store)
    about = [problem for problem in problems if problem.path.name == hostile.name]
    assert len([problem for problem in about if problem.severity == "error"]) <= 1
    others = {kind.folder: len(store.all(kind.cls)) for kind in KINDS}
    expected = dict(demo_template[1])
    if not any(problem.severity == "error" for problem in about):
        expected["meetings"] += 1  # it was a meeting after all
    assert others == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000), kind=st.sampled_from(KINDS))
def test_random_bytes_cost_only_their_file(
    data: bytes,
    kind: object,
    demo_template: tuple[Path, dict[str, int]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import shutil

    from delegate.store import Kind

    assert isinstance(kind, Kind)
    root = tmp_path_factory.mktemp("bytes") / "data"
    shutil.copytree(demo_template[0], root)
    folder = root / kind.folder / ("2026" if kind.dated else "")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2026-12-30-hostile.toml").write_bytes(data)
    store = Store(root, index=False, default_zone=ZONE)
    problems = check(store)
    for problem in problems:
        assert "\x00" not in problem.message
        assert "\x1b" not in problem.message
    loaded = {each.folder: len(store.all(each.cls)) for each in KINDS}
    for name, count in demo_template[1].items():
        assert loaded[name] in (count, count + 1)


def test_a_file_name_with_an_escape_sequence_is_not_a_record(folder: Path, tmp_path: Path) -> None:
    """A file's name is its record's id, printed in every list: an escape in it must not reach one."""
    meeting = next((folder / "meetings" / "2026").glob("*.toml"))
    meeting.rename(meeting.with_name("2026-12-30-\x1b]0;owned\x07.toml"))
    result = run_check(folder, tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert "2026-12-30-␛]0;owned␇.toml: has control characters in its name; not read" in result.stderr
