"""What the sharing tests share: a small action group to sync, and a member editing the shared calendar
from their own CalDAV client (the `caldav` library, as a phone's calendar would)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Todo
from radicale_support import PASSWORD, USER

from delegate.model import Body, BodyKind, DeadlineRule, FollowUp, Meeting, Minutes
from delegate.store import Store

ZONE = ZoneInfo("America/Vancouver")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
GROUP = "safer-nights"
FOLLOWUP_ID = "2026-11-05-task-000"


def group_folder(root: Path, followups: int = 3) -> Store:
    """An action group with two meetings ahead (so two request deadlines) and `followups` open follow-ups."""
    store = Store(root, index=False, default_zone="America/Vancouver")
    store.save(
        Body(
            GROUP,
            "Safer Nights",
            kind=BodyKind.ACTION_GROUP,
            timezone="America/Vancouver",
            request_deadline=DeadlineRule(3),
        )
    )
    for day in (3, 17):
        start = datetime(2026, 12, day, 18, 0, tzinfo=ZONE)
        store.save(
            Meeting(f"2026-12-{day:02d}-safer", GROUP, start, start + timedelta(hours=2), place="Library")
        )
    store.save(Minutes("2026-11-05-safer", GROUP, date(2026, 11, 5)))
    for number in range(followups):
        store.save(
            FollowUp(
                f"2026-11-05-task-{number:03d}",
                f"Task number {number}",
                due=date(2026, 12, 1) + timedelta(days=number % 20),
                minutes="2026-11-05-safer",
                created=date(2026, 11, 5),
            )
        )
    return Store(root, index=False, default_zone="America/Vancouver")


class Member:
    """Someone else in the group, changing the shared calendar from their own calendar app."""

    def __init__(self, url: str) -> None:
        from caldav.collection import Calendar as DAVCalendar
        from caldav.davclient import DAVClient

        self.url = url
        self.client = DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False)
        self.calendar = DAVCalendar(client=self.client, url=url)

    def href(self, uid: str) -> str:
        return self.url + uid.removesuffix("@delegate") + ".ics"

    def read(self, uid: str) -> Calendar:
        response = self.client.request(self.href(uid), "GET")
        assert response.status == 200, response.status
        return Calendar.from_ical(response.raw)

    def edit(self, uid: str, change: Callable[[Calendar], None]) -> None:
        """GET, change, PUT back (as a calendar app does), stamping LAST-MODIFIED."""
        calendar = self.read(uid)
        change(calendar)
        for component in calendar.walk():
            if component.name in ("VEVENT", "VTODO"):
                component.pop("LAST-MODIFIED", None)
                component.add("last-modified", datetime(2026, 11, 27, 16, 30, tzinfo=ZoneInfo("UTC")))
        response = self.client.request(
            self.href(uid), "PUT", calendar.to_ical().decode(), {"Content-Type": "text/calendar"}
        )
        assert response.status in (201, 204), response.status

    def delete(self, uid: str) -> None:
        response = self.client.request(self.href(uid), "DELETE")
        assert response.status in (200, 204), response.status

    def add_todo(self, uid: str, summary: str, due: date) -> None:
        calendar = Calendar()
        calendar.add("prodid", "-//a phone//EN")
        calendar.add("version", "2.0")
        todo = Todo()
        todo.add("uid", uid)
        todo.add("summary", summary)
        todo.add("due", due)
        todo.add("dtstamp", datetime(2026, 11, 27, 16, 0, tzinfo=ZoneInfo("UTC")))
        calendar.add_component(todo)
        response = self.client.request(
            f"{self.url}{uid}.ics", "PUT", calendar.to_ical().decode(), {"Content-Type": "text/calendar"}
        )
        assert response.status == 201, response.status

    def uids(self) -> list[str]:
        """Every item's UID on the server."""
        found = []
        listed = self.calendar.get_objects_by_sync_token(None, load_objects=True)
        for item in listed:  # type: ignore[union-attr]
            if item.data is None:  # removed (Radicale lists removed items in a first sync too)
                continue
            calendar = Calendar.from_ical(item.data)
            found += [str(c["UID"]) for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
        return sorted(found)


def component(calendar: Calendar) -> Todo:
    return next(c for c in calendar.walk() if c.name in ("VEVENT", "VTODO"))
