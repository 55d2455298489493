"""Reading a published calendar from the web: a conditional GET, so an unchanged feed costs one small
request; redirects followed (a few), a timeout, a cap on the size, and one line saying what went wrong.

A feed's address may carry a private key in its query (a shared calendar's secret link): messages show
the address without it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from delegate import __version__
from delegate.errors import DelegateError

TIMEOUT_SECONDS = 20.0
TOTAL_TIMEOUTS = 3  # a whole calendar must arrive within this many timeouts
MAX_REDIRECTS = 5
MAX_BYTES = 10 * 1024 * 1024  # a council's calendar is a few hundred KB; ten years of one, a few MB
WEB_SCHEMES = ("http", "https", "webcal", "webcals")


class FeedError(DelegateError):
    """A feed could not be read; the message is one line naming its address."""


@dataclass(frozen=True)
class Fetched:
    """What one reading of a feed brought: the calendar's bytes, or None when it has not changed."""

    data: bytes | None
    etag: str = ""
    last_modified: str = ""

    @property
    def unchanged(self) -> bool:
        return self.data is None


def is_web_address(text: str) -> bool:
    """Whether `text` is an http, https or webcal address (else it is taken for a file's path)."""
    return urlsplit(text.strip()).scheme.lower() in WEB_SCHEMES


def web_url(text: str) -> str:
    """The address to request: webcal:// is https:// (as calendar programs read it)."""
    parts = urlsplit(text.strip())
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.netloc:
        raise FeedError(f"{shown(text)}: not a web address (http, https or webcal)")
    if scheme in ("webcal", "webcals"):
        scheme = "https"
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def shown(url: str) -> str:
    """An address as a message may show it: without its query, fragment or password."""
    parts = urlsplit(url.strip())
    if not parts.scheme:
        return url.strip()
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", "")) + ("?…" if parts.query else "")


def max_bytes() -> int:
    """The size cap: MAX_BYTES, or DELEGATE_MAX_FEED_BYTES."""
    try:
        return max(1, int(os.environ.get("DELEGATE_MAX_FEED_BYTES", MAX_BYTES)))
    except ValueError:
        return MAX_BYTES


def timeout_seconds() -> float:
    """How long a server may take: TIMEOUT_SECONDS, or DELEGATE_FEED_TIMEOUT."""
    try:
        return max(0.1, float(os.environ.get("DELEGATE_FEED_TIMEOUT", TIMEOUT_SECONDS)))
    except ValueError:
        return TIMEOUT_SECONDS


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    limit: int | None = None,
) -> Fetched:
    """GET `url` unless it is unchanged since `etag` / `last_modified`; FeedError in one line otherwise."""
    import httpx  # imported on use: the app need not pay for it at start

    target = web_url(url)
    limit = max_bytes() if limit is None else limit
    timeout = timeout_seconds() if timeout is None else timeout
    headers = {"User-Agent": f"delegate/{__version__}", "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    where = shown(url)
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout) as client,
            client.stream("GET", target, headers=headers) as response,
        ):
            if response.status_code == 304:
                return Fetched(None, etag, last_modified)
            if response.status_code != 200:
                reason = response.reason_phrase or "error"
                raise FeedError(f"{where}: the server answered {response.status_code} {reason}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FeedError(f"{where}: larger than {_size(limit)}; not read")
            chunks: list[bytes] = []
            received = 0
            # httpx's timeout is per read: a server trickling a byte at a time would never trip it.
            deadline = time.monotonic() + timeout * TOTAL_TIMEOUTS
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > limit:
                    raise FeedError(f"{where}: larger than {_size(limit)}; not read")
                if time.monotonic() > deadline:
                    raise FeedError(f"{where}: still sending after {timeout * TOTAL_TIMEOUTS:g} s; not read")
                chunks.append(chunk)
            return Fetched(
                b"".join(chunks),
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
            )
    except httpx.TimeoutException:
        raise FeedError(f"{where}: no answer within {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FeedError(f"{where}: more than {MAX_REDIRECTS} redirects") from None
    except httpx.ConnectError:
        raise FeedError(f"{where}: could not connect") from None
    except httpx.HTTPError as error:
        # Other transport failures (a broken connection, a response cut short, a bad redirect target).
        raise FeedError(f"{where}: could not be read ({_kind(error)})") from None


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _kind(error: Exception) -> str:
    """A transport failure in words, never the library's text (which may quote the address)."""
    words = {
        "RemoteProtocolError": "the connection broke off",
        "ReadError": "the connection broke off",
        "WriteError": "the connection broke off",
        "UnsupportedProtocol": "a redirect to an address that is not http or https",
        "DecodingError": "its content could not be decoded",
        "ProxyError": "the proxy refused it",
    }
    return words.get(type(error).__name__, "a network error")
