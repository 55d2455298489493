"""The person's settings, kept across runs in a TOML file in their config dir (see locations).

Reading never fails the app: a missing, unreadable or hand-broken file gives the defaults (and a
value of the wrong type is ignored, the others kept). Writing is atomic (tomli-w, then one rename),
so a crash mid-save leaves the previous settings whole.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from delegate.locations import settings_path


@dataclass(frozen=True)
class Settings:
    """What the app remembers between runs."""

    theme: str = ""  # a Textual theme name; empty: Textual's default
    timer_bell: bool = False  # the timer rings at amber and red


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults for whatever is missing or not understood."""
    path = path or settings_path()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    known: dict[str, Any] = {}
    for field in fields(Settings):
        value = table.get(field.name)
        if isinstance(value, type(getattr(Settings(), field.name))):
            known[field.name] = value
    return replace(Settings(), **known)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (0600), creating the config folder if needed."""
    # Imported here: reading the settings happens before the first frame, writing much later.
    import tomli_w

    from delegate.services.files import write_file

    path = path or settings_path()
    data = tomli_w.dumps(asdict(settings)).encode()
    return write_file(path, data, "the settings", make_folder=True)


def change_settings(**changes: Any) -> Settings:
    """Load, change and save in one step; returns what was saved (a DelegateError if it could not be)."""
    settings = replace(load_settings(), **changes)
    if settings != load_settings():
        save_settings(settings)
    return settings
