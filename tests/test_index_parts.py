"""The index keeps a folder's records out of play in one part per folder they are in, and writes
again only the parts a change touched, when it still holds the state the change was read from."""

from __future__ import annotations

from pathlib import Path

from delegate.store.index import Index


def entries(*paths: str, signature: str = "1") -> dict[str, tuple[str, tuple[str, list[str]]]]:
    return {path: (signature, (f"record at {path}", [])) for path in paths}


def test_a_change_read_from_another_state_writes_every_part_again(tmp_path: Path) -> None:
    index = Index(tmp_path / "index.sqlite")
    first = entries("/d/a/1.toml", "/d/b/2.toml")
    token = index.replace("kind", first)
    other = Index(tmp_path / "index.sqlite")  # another process writes meanwhile
    other.replace("kind", entries("/d/a/1.toml", "/d/b/2.toml", signature="2"))
    mine = {**first, "/d/b/2.toml": ("3", ("record at /d/b/2.toml", []))}
    index.replace("kind", mine, changed=["/d/b/2.toml"], based_on=token)
    assert Index(tmp_path / "index.sqlite").snapshot("kind").entries == mine


def test_a_change_writes_again_only_its_folders_part(tmp_path: Path) -> None:
    index = Index(tmp_path / "index.sqlite")
    first = entries("/d/a/1.toml", "/d/b/2.toml", "/d/c/3.toml")
    token = index.replace("kind", first)
    changed = {**first, "/d/b/2.toml": ("2", ("record at /d/b/2.toml", []))}
    del changed["/d/c/3.toml"]
    index.replace("kind", changed, changed=["/d/b/2.toml", "/d/c/3.toml"], based_on=token)
    assert Index(tmp_path / "index.sqlite").snapshot("kind").entries == changed
