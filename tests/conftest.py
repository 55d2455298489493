"""Shared fixtures. Every test runs with its own cache dir and a fixed user zone, never the user's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import NOW, Run, runner_for
from radicale_support import PASSWORD, RadicaleServer

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


@pytest.fixture
def cli_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """For CLI tests: a private cache, a fixed zone and a pinned clock; the folder comes from --data-dir."""
    monkeypatch.setenv("DELEGATE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DELEGATE_TZ", TEST_ZONE)
    monkeypatch.setenv("DELEGATE_NOW", NOW)
    monkeypatch.delenv("DELEGATE_HOME", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)  # editor tests set EDITOR; VISUAL would win over it
    monkeypatch.chdir(tmp_path)  # commands that write ./ID.pdf write it here


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def run(data: Path) -> Run:
    """run("body", "list") invokes `delegate --data-dir DATA body list`."""
    return runner_for(data)


@pytest.fixture
def radicale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RadicaleServer]:
    """A real Radicale server on 127.0.0.1 (a free port, storage in tmp_path), stopped after the test.

    Its password comes from DELEGATE_CALDAV_PASSWORD, and no keyring is used: the tests never touch
    the user's own."""
    import keyring
    from keyring.backends import null

    monkeypatch.setenv("DELEGATE_CALDAV_PASSWORD", PASSWORD)
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    folder = tmp_path / "radicale"
    folder.mkdir()
    server = RadicaleServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        keyring.set_keyring(before)
