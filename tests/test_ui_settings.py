"""Settings kept between runs: the theme (and the timer's bell) in settings.toml in the config dir."""

from __future__ import annotations

import asyncio
import os
import stat
import tomllib
from pathlib import Path

import pytest

from delegate.locations import settings_path
from delegate.services.settings import Settings, load_settings, save_settings
from delegate.ui.app import make_app
from delegate.ui.screens.timer import TimerScreen


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("DELEGATE_CONFIG", str(folder))
    return folder


def _theme_after_start(root: Path, change_to: str = "") -> str:
    async def scenario() -> str:
        app = make_app(root, watch=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if change_to:
                app.theme = change_to
                await pilot.pause()
            return app.theme

    return asyncio.run(scenario())


def test_the_theme_is_kept_across_restarts(tmp_path: Path) -> None:
    root = tmp_path / "data"
    default = _theme_after_start(root)
    chosen = "nord" if default != "nord" else "gruvbox"
    assert _theme_after_start(root, chosen) == chosen
    assert tomllib.loads(settings_path().read_text())["theme"] == chosen
    assert _theme_after_start(root) == chosen  # a new run starts with it


def test_the_settings_file_is_private_and_lives_where_asked(tmp_path: Path, config: Path) -> None:
    path = save_settings(Settings(theme="nord", timer_bell=True))
    assert path == config / "settings.toml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_settings() == Settings(theme="nord", timer_bell=True)
    assert not list(config.glob("*.tmp*"))  # written whole, by a rename


@pytest.mark.parametrize(
    "text",
    ["not = [toml", 'theme = 3\ntimer_bell = "yes"', "\xff\xfe", ""],
)
def test_a_broken_settings_file_gives_the_defaults(text: str, config: Path) -> None:
    config.mkdir()
    (config / "settings.toml").write_bytes(text.encode("latin-1"))
    assert load_settings() == Settings()


def test_an_unknown_theme_is_ignored(tmp_path: Path) -> None:
    save_settings(Settings(theme="no-such-theme"))
    assert _theme_after_start(tmp_path / "data") != "no-such-theme"


def test_the_timer_bell_is_kept(tmp_path: Path) -> None:
    async def scenario(press: bool) -> bool:
        app = make_app(tmp_path / "data", watch=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.push_screen(TimerScreen(None, 300.0))
            await pilot.pause()
            if press:
                await pilot.press("B")
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TimerScreen)
            return screen.bell

    assert asyncio.run(scenario(press=True)) is True
    assert asyncio.run(scenario(press=False)) is True
