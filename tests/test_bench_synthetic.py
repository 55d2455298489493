"""The benchmarks' synthetic data: written fast as the store would write it, and sound by `delegate check`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from delegate.model import Handout
from delegate.services.check import check
from delegate.store import Store

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def synthetic():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    try:
        import synthetic

        yield synthetic
    finally:
        sys.path.remove(str(BENCH))


def test_the_fast_writer_writes_what_the_store_writes(synthetic, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert synthetic.self_check(years=1), capsys.readouterr().out


def test_the_data_passes_delegate_check(synthetic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "data"
    counts = synthetic.generate(root, years=2, fast=True)
    assert counts["Handout"] > 0
    store = Store(root, index=None, default_zone=synthetic.TORONTO)
    assert any(handout.attachment for handout in store.all(Handout))  # PDFs made elsewhere, written too
    assert store.load_all() == []
    assert check(store) == []
