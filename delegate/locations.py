"""Where delegate keeps things. Every path comes from here."""

from __future__ import annotations

import os
from pathlib import Path

from delegate.digest import sha256_hex

APP_NAME = "delegate"
ENV_HOME = "DELEGATE_HOME"
ENV_CACHE = "DELEGATE_CACHE"
ENV_CONFIG = "DELEGATE_CONFIG"
SETTINGS_FILE = "settings.toml"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit path, else $DELEGATE_HOME, else the platform's user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when neither a path nor $DELEGATE_HOME says where (start-up time)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    """The app's settings (theme, timer bell): settings.toml in $DELEGATE_CONFIG, else the platform's
    user config dir. Not in the data folder: a folder may be shared, a theme is one person's."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser() / SETTINGS_FILE
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE


def index_path(root: Path) -> Path:
    """The disposable index for one data folder, in the platform's cache dir."""
    return cache_path(root, "index", ".sqlite")


def cache_path(root: Path, name: str, suffix: str) -> Path:
    """A disposable file about one data folder (its index, its last calendar export) in the cache dir."""
    base = Path(os.environ.get(ENV_CACHE) or _platform_cache_dir())
    digest = sha256_hex(str(root.resolve()).encode())[:16]
    return base / f"{name}-{digest}{suffix}"


def _platform_cache_dir() -> str:
    import platformdirs

    return platformdirs.user_cache_dir(APP_NAME, appauthor=False)
