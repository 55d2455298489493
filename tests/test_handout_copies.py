"""The handout says how many copies to bring: one per member of the body and two spares."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from demo_ui_support import demo_folder, on_disk
from pypdf import PdfReader

from delegate.model import Delegation, Handout
from delegate.services.handouts import render_handout

HANDOUT = "safety-first-handout"
SAID = "Copies to bring: 9 (7 members of the Lakeport Police Board + 2)"


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_every_format_states_the_copies_to_bring(tmp_path: Path, fmt: str) -> None:
    store = on_disk(demo_folder(tmp_path))
    data = render_handout(store, store.get(Handout, HANDOUT), fmt).data
    text = (
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        if fmt == "pdf"
        else data.decode()
    )
    assert SAID in " ".join(text.split())


def test_the_delegations_own_number_wins_and_no_delegation_says_nothing(tmp_path: Path) -> None:
    store = on_disk(demo_folder(tmp_path))
    handout = store.get(Handout, HANDOUT)
    delegation = store.get(Delegation, handout.delegations[0])
    store.save(replace(delegation, copies=20))
    text = render_handout(store, handout, "md").data.decode()
    assert "Copies to bring: 20 (as set for the delegation)" in text
    alone = replace(handout, delegations=())
    assert "Copies to bring" not in render_handout(store, alone, "md").data.decode()
