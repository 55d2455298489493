"""One calendar collection on a CalDAV server, through the `caldav` library: what changed there since a
sync token (RFC 6578; ETags when the server has none), and conditional PUT and DELETE of single items.

Every failure a person can cause or meet (a wrong address, a refused password, a server that is
down) becomes one ShareError line naming the server's host, never the password.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit

from delegate.services.share_state import ShareError

TIMEOUT = 20  # seconds a server may take to answer one request
T = TypeVar("T")

# caldav logs every fallback and odd answer at WARNING on the root logger: the message we raise says it.
logging.getLogger("caldav").setLevel(logging.CRITICAL)


class PreconditionFailed(Exception):
    """The item changed on the server since it was last seen (412): left for the next sync."""


def check_url(url: str) -> str:
    """A calendar's address as typed, as the collection's URL (ending in '/'); else a one-line error."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ShareError("not a calendar address: give the whole address, starting with https://")
    if parts.username or parts.password:
        raise ShareError("put the user name in --user, not in the address (the password is asked for)")
    return text if text.endswith("/") else text + "/"


def host_of(url: str) -> str:
    """The server part of an address, for messages (the path may say whose calendar it is)."""
    parts = urlsplit(url)
    return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else url


@dataclass
class Changes:
    """What the server reports since a sync token: hrefs with their ETags, and hrefs removed."""

    token: str
    complete: bool  # every item is listed (a first sync, or a server without sync tokens)
    changed: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)


class Remote:
    """A calendar collection at `url`, logged in as `user`."""

    def __init__(self, url: str, user: str, password: str, *, timeout: int = TIMEOUT) -> None:
        from caldav.collection import Calendar
        from caldav.davclient import DAVClient

        self.url = check_url(url)
        self.host = host_of(self.url)
        self.user = user
        self.client = DAVClient(
            url=self.url, username=user or None, password=password, timeout=timeout, enable_rfc6764=False
        )
        self.calendar = Calendar(client=self.client, url=self.url)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()

    # ---- the collection -------------------------------------------------------------------------

    def ensure_calendar(self, name: str) -> bool:
        """Check the address is a calendar, or make one there (named `name`); True when made."""
        from caldav.elements import cdav, dav
        from caldav.lib import error

        def kinds() -> list[str]:
            props: Any = self.calendar.get_properties([dav.ResourceType()])
            found = props.get(dav.ResourceType.tag) or []
            return [str(kind) for kind in (found if isinstance(found, list) else [found])]

        try:
            found = self._call(kinds, missing_ok=True)
        except error.NotFoundError:
            found = None
        if found is not None:
            if cdav.Calendar.tag not in found:
                raise ShareError(
                    f"the address on {self.host} is a folder, not a calendar: give the calendar's own "
                    "address (or a new one inside the folder, to have it made)"
                )
            return False
        self._call(lambda: self._make(name))
        return True

    def _make(self, name: str) -> None:
        from caldav.collection import Calendar, CalendarSet

        path = urlsplit(self.url).path.rstrip("/")
        parent_path, _, calendar_id = path.rpartition("/")
        parent_url = self.url[: self.url.rindex(path)] + parent_path + "/"
        parent = CalendarSet(client=self.client, url=parent_url)
        made = Calendar(client=self.client, parent=parent, id=unquote(calendar_id), name=name)
        made.save()

    def changes(self, token: str) -> Changes:
        """What changed since `token` ("": everything there is)."""
        from caldav.elements import dav

        def listing() -> Changes:
            found: Any = self.calendar.get_objects_by_sync_token(token or None, load_objects=False)
            new_token = str(found.sync_token or "")
            # Without a token, and in the library's ETag mode (a "fake-" token, new when anything
            # changed), every item is listed; the same fake token again means nothing changed.
            complete = not token or (new_token.startswith("fake-") and new_token != token)
            changes = Changes(new_token, complete)
            deleted = {self._href(url) for url in getattr(found, "deleted_urls", set()) or set()}
            for obj in found:
                href = self._href(obj.url)
                if href in deleted or href == self._href(self.url):
                    continue
                changes.changed[href] = str(obj.props.get(dav.GetEtag.tag, "") or "")
            changes.deleted = deleted
            return changes

        return self._call(listing)

    # ---- items ----------------------------------------------------------------------------------

    def href_for(self, uid: str) -> str:
        """Where a new item of this UID goes: in the collection, named after its UID."""
        name = uid.removesuffix("@delegate")
        return self._href(self.url) + quote(name, safe="-_.+") + ".ics"

    def get(self, href: str) -> tuple[str, bytes] | None:
        """An item's ETag and text; None when it is gone."""

        def fetch() -> tuple[str, bytes] | None:
            response = self.client.request(self._absolute(href), "GET", "", {"Accept": "text/calendar"})
            if response.status == 404:
                return None
            self._check(response.status, "read an item")
            raw = str(response.raw).encode("utf-8")
            return str(response.headers.get("ETag", "") or ""), raw

        return self._call(fetch)

    def put(self, href: str, data: bytes, etag: str | None) -> str:
        """Write an item: only if it is still `etag` there (None: only if it is not there yet).

        Returns its new ETag ("" when the server does not say); PreconditionFailed when it changed.
        """
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag is None:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag

        def write() -> str:
            response = self.client.request(self._absolute(href), "PUT", data.decode("utf-8"), headers)
            if response.status == 412:
                raise PreconditionFailed(href)
            self._check(response.status, "write an item")
            return str(response.headers.get("ETag", "") or "")

        return self._call(write)

    def delete(self, href: str, etag: str) -> None:
        """Remove an item if it is still `etag` there; one already gone is fine."""
        headers = {"If-Match": etag} if etag else {}

        def remove() -> None:
            response = self.client.request(self._absolute(href), "DELETE", "", headers)
            if response.status == 412:
                raise PreconditionFailed(href)
            if response.status != 404:
                self._check(response.status, "remove an item")

        self._call(remove)

    # ---- plumbing -------------------------------------------------------------------------------

    def _href(self, url: Any) -> str:
        """A URL (the library's or a string) as its unquoted path: one spelling per item."""
        return unquote(urlsplit(str(url)).path)

    def _absolute(self, href: str) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{quote(href, safe='/-_.+~@')}"

    def _check(self, status: int, doing: str) -> None:
        if status in (401, 403):
            self._refused(status)
        if status >= 400:
            raise ShareError(f"the CalDAV server at {self.host} would not let us {doing} (HTTP {status})")

    def _refused(self, status: int) -> None:
        if status == 401:
            raise ShareError(
                f"the CalDAV server at {self.host} refused the user name or password"
                " (check --user, and the password in the keyring or DELEGATE_CALDAV_PASSWORD)"
            )
        raise ShareError(
            f"the CalDAV server at {self.host} does not let this user use that calendar (check the address)"
        )

    def _call(self, action: Callable[[], T], *, missing_ok: bool = False) -> T:
        """Run one exchange with the server; its failures as one line each (a missing calendar
        raised as it is only when `missing_ok`: it is then made)."""
        from caldav.lib import error

        try:
            return action()
        except error.AuthorizationError as refused:
            self._refused(401 if "unauthorized" in str(refused.reason).casefold() else 403)
            raise  # pragma: no cover - _refused always raises
        except error.NotFoundError:
            if missing_ok:
                raise
            raise ShareError(
                f"there is no calendar at that address on {self.host} (was it deleted?):"
                " `delegate share add` makes it again"
            ) from None
        except error.DAVError as failed:
            raise ShareError(
                f"the server at {self.host} did not answer as a CalDAV calendar"
                f" ({_reason(failed)}): check the address"
            ) from None
        except OSError as failed:  # niquests' connection errors are OSErrors
            raise ShareError(_unreachable(self.host, failed)) from None
        except ValueError as failed:  # an answer that is not XML, a redirect to somewhere odd
            raise ShareError(
                f"the server at {self.host} did not answer as a CalDAV calendar ({failed})"
            ) from None


def _reason(failed: Any) -> str:
    reason = str(getattr(failed, "reason", "") or "").strip()
    return reason.splitlines()[0][:80] if reason else type(failed).__name__


def _unreachable(host: str, failed: OSError) -> str:
    text = repr(failed)
    if "NameResolution" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return f"no server called {host} could be found: check the address (and the network)"
    if "Timeout" in type(failed).__name__ or "timed out" in text:
        return f"the CalDAV server at {host} did not answer in time: nothing was lost, sync again later"
    return f"the CalDAV server at {host} is not answering (is it down?): nothing was lost, sync again later"


@contextlib.contextmanager
def opened(url: str, user: str, password: str) -> Iterator[Remote]:
    """A Remote for the length of a sync, its connections closed after."""
    remote = Remote(url, user, password)
    try:
        yield remote
    finally:
        remote.close()
