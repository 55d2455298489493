"""Shared fixtures. Every test runs with its own cache dir and a fixed user zone, never the user's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from delegate.store import Store

TEST_ZONE = "America/Vancouver"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's real data, cache and zone out of every test."""
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("DELEGATE_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("DELEGATE_TZ", TEST_ZONE)
    monkeypatch.delenv("DELEGATE_NOW", raising=False)


@pytest.fixture
def tmp_store(tmp_path: Path) -> Store:
    """An empty store in a temporary data folder, with its index beside it."""
    return Store(tmp_path / "data", index=tmp_path / "index.sqlite", default_zone=TEST_ZONE)
