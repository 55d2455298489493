"""SHA-256 of short texts (the cache's file names, the index's fingerprint), cheap to import."""

from __future__ import annotations

try:
    # CPython's own SHA-256: importing it costs a tenth of hashlib's OpenSSL (3-4 ms), which every
    # command would otherwise pay before it lists anything. The digests are the same.
    from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # other interpreters, and CPython 3.12+ (where it is _sha2)
    from hashlib import sha256 as _sha256


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of `data`, in hex."""
    return str(_sha256(data).hexdigest())
