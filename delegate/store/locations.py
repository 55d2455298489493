"""Where delegate keeps things: see `delegate.locations` (kept outside this package so the command
line can find the data folder without importing the store)."""

from delegate.locations import APP_NAME, ENV_CACHE, ENV_HOME, cache_path, data_dir, index_path

__all__ = ["APP_NAME", "ENV_CACHE", "ENV_HOME", "cache_path", "data_dir", "index_path"]
