"""Reading the bodies' calendar feeds from the app: off the UI thread, one notification per feed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from delegate.errors import DelegateError
from delegate.model import Body

if TYPE_CHECKING:
    from delegate.services.feeds import FeedRefreshed
    from delegate.ui.app import DelegateApp

NO_FEEDS = "No body follows a calendar feed yet: `delegate body feed BODY URL` gives one its address."


def read_feeds(app: DelegateApp) -> None:
    """Read every feed in a worker (the network may be slow); the screen shows what changed after."""
    if not any(body.feed is not None for body in app.store.all(Body)):
        app.notify(NO_FEEDS, timeout=8)
        return
    app.notify("Reading the calendar feeds…", timeout=3)
    app.run_worker(lambda: _read(app), thread=True, exclusive=True, group="feeds", name="feeds")


def _read(app: DelegateApp) -> None:
    from delegate.services.calendar import import_window
    from delegate.services.feeds import refresh_feeds

    now = app.now()
    first, last = import_window(now.date(), None, None)
    try:
        results = refresh_feeds(app.store, now, first=first, last=last)
    except DelegateError as error:
        app.call_from_thread(app.notify, str(error), severity="error", timeout=8)
        return
    app.call_from_thread(_say, app, results)


def _say(app: DelegateApp, results: list[FeedRefreshed]) -> None:
    """One notification per feed (as the public may read it: app.notify passes it through the lens)."""
    for result in results:
        if result.failed:
            app.notify(
                f"{result.body}: {result.message}", title="Feed not read", severity="error", timeout=12
            )
        else:
            title = "Feed unchanged" if result.outcome == "unchanged" else "Feed read"
            app.notify(f"{result.body}: {result.message}", title=title, timeout=8)
    app.action_reload()
