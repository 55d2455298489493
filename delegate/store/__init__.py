"""The data folder: TOML files as the source of truth, with a disposable index to load them fast."""

from delegate.locations import data_dir
from delegate.store.errors import AmbiguousIdError, ConflictError, NotFoundError, Problem, StoreError
from delegate.store.kinds import KINDS, Kind, kind_of
from delegate.store.store import FileStamp, Store

__all__ = [
    "KINDS",
    "AmbiguousIdError",
    "ConflictError",
    "FileStamp",
    "Kind",
    "NotFoundError",
    "Problem",
    "Store",
    "StoreError",
    "data_dir",
    "kind_of",
]
