"""Following a body's published calendar by its address: remembered on the body, read again on request.

A refresh asks the server whether the calendar changed since the last reading (ETag, Last-Modified);
unchanged, it costs one small request and the copy kept from the last reading (in the cache dir) is
read again, so sittings that came into the import window since are still added. A feed that fails
is one line and leaves its body as it was; the others go on. What a feed holds is untrusted text:
it reaches the user through the lens, like any record.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from delegate.errors import ValidationError
from delegate.ics.fetch import FeedError, Fetched, fetch, is_web_address, max_bytes, shown, web_url
from delegate.ics.reader import CalendarFileError
from delegate.locations import cache_path
from delegate.model import Body, Feed
from delegate.services.audience import Audience, lens_for
from delegate.store import Store
from delegate.store.atomic import atomic_write

if TYPE_CHECKING:
    from delegate.services.calendar import ImportView

Outcome = Literal["read", "unchanged", "failed"]
Fetch = Callable[..., Fetched]  # delegate.ics.fetch.fetch, or a stand-in


def set_feed(store: Store, body_reference: str, source: str) -> Body:
    """Remember where `body` publishes its calendar: a web address (http, https, webcal) or a file."""
    body = store.find(Body, body_reference)
    source = source.strip()
    if not source:
        raise ValidationError("give the calendar's address (or a file's path)")
    if is_web_address(source):
        web_url(source)  # a web address without a host is refused here, not at the first refresh
    else:
        path = Path(source).expanduser()
        if not path.is_file():
            raise ValidationError(
                f"{source}: no such file (give an http, https or webcal address, or a file)"
            )
        source = str(path.resolve())
    if body.feed is not None and body.feed.url == source:
        return body
    changed = replace(body, feed=Feed(source))
    store.save(changed)
    return changed


def remove_feed(store: Store, body_reference: str) -> Body:
    """Forget a body's feed (its meetings stay)."""
    body = store.find(Body, body_reference)
    if body.feed is None:
        return body
    changed = replace(body, feed=None)
    store.save(changed)
    _forget_copy(store, body.id)
    return changed


@dataclass(frozen=True)
class FeedView:
    """A body's feed and its last reading, as the audience may read them."""

    body_id: str
    body: str
    source: str
    read_at: str  # "2026-11-27 09:00", or "never"
    changed: str  # what the last reading changed
    error: str  # why the last attempt failed ("" when it worked)


def feed_views(store: Store, audience: Audience = Audience.PUBLIC) -> list[FeedView]:
    """Every body that has a feed, with when it was last read and what that changed."""
    lens = lens_for(store, audience)
    views = []
    for body in sorted(store.all(Body), key=lambda body: body.name.casefold()):
        feed = body.feed
        if feed is None:
            continue
        views.append(
            FeedView(
                body.id,
                lens.text(body.name),
                lens.text(shown(feed.url)),
                _when(feed.read_at),
                lens.text(feed.changed),
                lens.text(feed.error),
            )
        )
    return views


@dataclass(frozen=True)
class FeedRefreshed:
    """What reading one feed did."""

    body_id: str
    body: str
    source: str
    outcome: Outcome
    message: str  # the import's summary, or why it failed (one line)
    view: ImportView | None = None

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"


def refresh_feeds(
    store: Store,
    now: datetime,
    *,
    first: date,
    last: date,
    bodies: Iterable[str] = (),
    audience: Audience = Audience.PUBLIC,
    reader: Fetch = fetch,
) -> list[FeedRefreshed]:
    """Read every body's feed (or only `bodies`'), one after another; a failure stops only its own."""
    named = [store.find(Body, reference) for reference in bodies]
    for body in named:
        if body.feed is None:
            raise ValidationError(f"{body.id} has no feed; `delegate body feed {body.id} URL` gives it one")
    targets = named or [body for body in store.all(Body) if body.feed is not None]
    targets.sort(key=lambda body: body.name.casefold())
    return [
        refresh_feed(store, body, now, first=first, last=last, audience=audience, reader=reader)
        for body in targets
    ]


def refresh_feed(
    store: Store,
    body: Body,
    now: datetime,
    *,
    first: date,
    last: date,
    audience: Audience = Audience.PUBLIC,
    reader: Fetch = fetch,
) -> FeedRefreshed:
    """Read one body's feed and import what it holds; its body keeps when and what."""
    # The reader and icalendar only when a feed is read: the bodies' list shows when it last was.
    from delegate.services.calendar import import_calendar

    assert body.feed is not None
    feed = body.feed
    lens = lens_for(store, audience)
    name, source = lens.text(body.name), lens.text(shown(feed.url))
    try:
        fetched, data = _read(store, body.id, feed, reader)
        view = import_calendar(
            store, body.id, data, shown(feed.url), first=first, last=last, audience=audience
        )
    except (FeedError, CalendarFileError) as error:
        message = str(error)
        _keep(store, body.id, lambda kept: replace(kept, tried_at=now, error=message))
        return FeedRefreshed(body.id, name, source, "failed", lens.text(message))
    digest = hashlib.sha256(data).hexdigest()
    unchanged = fetched.unchanged or digest == feed.digest
    summary = view.summary
    _keep(
        store,
        body.id,
        lambda kept: replace(
            kept,
            etag=fetched.etag or kept.etag,
            last_modified=fetched.last_modified or kept.last_modified,
            digest=digest,
            read_at=now,
            changed=summary if not unchanged or view.changes else "unchanged",
            tried_at=None,
            error="",
        ),
    )
    outcome: Outcome = "unchanged" if unchanged and not view.changes else "read"
    return FeedRefreshed(body.id, name, source, outcome, summary, view)


def _read(store: Store, body_id: str, feed: Feed, reader: Fetch) -> tuple[Fetched, bytes]:
    """The feed's calendar: fetched (conditionally: the copy kept when the server says it is unchanged),
    or read from its file."""
    if not is_web_address(feed.url):
        return Fetched(b""), _read_file(Path(feed.url))
    copy = _copy_path(store, body_id)
    kept = _read_copy(copy)
    validators = {"etag": feed.etag, "last_modified": feed.last_modified} if kept is not None else {}
    fetched = reader(feed.url, **validators)
    if fetched.data is None:
        if kept is not None:
            return fetched, kept
        fetched = reader(feed.url)  # the copy is gone (a cleared cache): ask for the whole calendar
        if fetched.data is None:
            raise FeedError(f"{shown(feed.url)}: the server sent no calendar")
    with contextlib.suppress(OSError):  # a copy that cannot be kept costs a full request next time
        copy.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(copy, fetched.data)
    return fetched, fetched.data


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > max_bytes():
            raise FeedError(f"{path}: larger than the feed size limit; not read")
        return path.read_bytes()
    except OSError as error:
        raise FeedError(f"{path}: {error.strerror or 'cannot be read'}") from None


def _keep(store: Store, body_id: str, change: Callable[[Feed], Feed]) -> None:
    """Save what a reading found on the body as it is now (the import may have taken a while)."""
    body = store.lookup(Body, body_id)
    if body is None or body.feed is None:
        return
    store.save(replace(body, feed=change(body.feed)))


def _copy_path(store: Store, body_id: str) -> Path:
    digest = hashlib.sha256(body_id.encode()).hexdigest()[:12]
    return cache_path(store.root, f"feed-{digest}", ".ics")


def _read_copy(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _forget_copy(store: Store, body_id: str) -> None:
    with contextlib.suppress(OSError):
        _copy_path(store, body_id).unlink()


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def is_address(text: str) -> bool:
    """Whether `text` names a calendar on the web (http, https, webcal) rather than a file."""
    return is_web_address(text)


def address_shown(url: str) -> str:
    """A feed's address as messages show it (no query: it may hold a private key)."""
    return shown(url)


def fetch_once(url: str, reader: Fetch = fetch) -> bytes:
    """A calendar at a web address, read once (`import ics URL`), for import_calendar."""
    fetched = reader(url)
    if fetched.data is None:
        raise FeedError(f"{shown(url)}: the server sent no calendar")
    return fetched.data
