"""A lock file so two delegate processes never interleave their writes."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from delegate.store.atomic import FILE_MODE
from delegate.store.errors import StoreError

LOCK_NAME = ".lock"


@contextmanager
def write_lock(root: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the folder's exclusive write lock; give up with a clear message after `timeout` seconds."""
    fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"another delegate process has been writing to {root} for {timeout:.0f} s; try again"
                    ) from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
