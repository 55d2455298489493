"""A delegation's life: adding it, moving it through its lifecycle, editing it (re-booking is in
`lifecycle`); and delegations as views for an audience (lists, the show, the screens)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple, overload

from delegate import clock
from delegate.model import Body, Delegation, DelegationStatus, Meeting, ValidationError
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.ids import public_slug
from delegate.services.people import person_reference
from delegate.services.views import LazyRecordView
from delegate.store import Store


def delegation_id(store: Store, meeting: Meeting, topic: str) -> str:
    """A free id from the meeting's date and the topic as the public sees it: no confidential name
    in an id or a file name."""
    return store.new_id(Delegation, f"{meeting.start:%Y-%m-%d}-{public_slug(store, topic, 'delegation', 40)}")


def speaker_references(store: Store, speakers: Iterable[str]) -> tuple[str, ...]:
    """What to store for the speakers someone typed: a person's id when the text names one (by
    name, role or alias), else the text as typed (someone not in the folder)."""
    return tuple(reference for reference in (person_reference(store, s) for s in speakers) if reference)


def add_delegation(
    store: Store, meeting: Meeting, topic: str, speakers: Sequence[str] = (), ask: str = ""
) -> Delegation:
    """A new delegation (status: idea) on a meeting; its id is the meeting date and the topic."""
    if not topic.strip():
        raise ValidationError("a delegation needs a topic")
    delegation = Delegation(
        id=delegation_id(store, meeting, topic),
        meeting=meeting.id,
        topic=topic.strip(),
        speakers=speaker_references(store, speakers),
        ask=ask.strip(),
    )
    store.save(delegation)
    return delegation


def edit_delegation(
    store: Store,
    delegation: Delegation,
    *,
    topic: str,
    speakers: Sequence[str],
    ask: str = "",
    copies: int | None = None,
    agenda_position: str = "",
    outcome: str = "",
) -> Delegation:
    """Change what a delegation says and who says it; its id, status and history stay. Saved."""
    if not topic.strip():
        raise ValidationError("a delegation needs a topic")
    changed = replace(
        delegation,
        topic=topic.strip(),
        speakers=speaker_references(store, speakers),
        ask=ask.strip(),
        copies=copies,
        agenda_position=agenda_position.strip(),
        outcome=outcome.strip(),
    )
    store.save(changed)
    return changed


ACTIONS = ("request", "confirm", "deliver", "cancel", "followed-up")


def advance(
    store: Store, delegation: Delegation, action: str, at: datetime, note: str = "", *, early: bool = False
) -> Delegation:
    """Apply one lifecycle action ('request', 'confirm', 'deliver', 'cancel', 'followed-up') and save.

    Delivering before the meeting starts is refused (EarlyDelivery) unless `early` says it was."""
    if action == "request":
        changed = delegation.request(at, note)
    elif action == "confirm":
        changed = delegation.confirm(at, note)
    elif action == "deliver":
        changed = delegation.deliver(at, note)  # the status rule first: it says more
        # Here, not with the module: the lists of meetings and delegations need no lifecycle.
        from delegate.services.lifecycle import check_delivery

        check_delivery(store, delegation, at, early)
    elif action == "cancel":
        changed = delegation.cancel(at, note)
    elif action == "followed-up":
        changed = delegation.mark_followed_up(at, note)
    else:
        raise ValidationError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    store.save(changed)
    return changed


def body_of(store: Store, delegation: Delegation) -> Body | None:
    """The body a delegation speaks to (None when its meeting is missing)."""
    # One meeting and one body, looked up: not every meeting of ten years read to find one.
    meeting = store.lookup(Meeting, delegation.meeting)
    if meeting is None:
        return None
    return store.lookup(Body, meeting.body)


# ---- views -----------------------------------------------------------------------------------------

# Past these, there is nothing left to print and bring.
PAST_PRINTING = frozenset(
    {DelegationStatus.DELIVERED, DelegationStatus.FOLLOWED_UP, DelegationStatus.CANCELLED}
)


@dataclass(frozen=True)
class HistoryView:
    """One step of a delegation's life, as an audience may read its note."""

    at: datetime
    status: str
    meeting: str  # the meeting's id
    meeting_start: datetime | None  # None when that meeting is missing
    note: str


class _History(Sequence[HistoryView]):
    """A delegation's history as views, made when first read (a list of ten years reads none)."""

    def __init__(self, entries: Sequence[Any], lens: Lens, meetings: Mapping[str, MeetingFacts]) -> None:
        self._entries: Sequence[Any] | None = entries
        self._lens, self._meetings = lens, meetings
        self._views: tuple[HistoryView, ...] = ()

    def _made(self) -> tuple[HistoryView, ...]:
        if self._entries is not None:
            meetings = self._meetings
            self._views = tuple(
                HistoryView(
                    at=entry.at,
                    status=entry.status.value,
                    meeting=entry.meeting,
                    meeting_start=meetings[entry.meeting].start if entry.meeting in meetings else None,
                    note=self._lens.text(entry.note),
                )
                for entry in self._entries
            )
            self._entries = None
        return self._views

    def __len__(self) -> int:
        return len(self._entries) if self._entries is not None else len(self._views)

    @overload
    def __getitem__(self, index: int) -> HistoryView: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[HistoryView, ...]: ...
    def __getitem__(self, index: int | slice) -> HistoryView | tuple[HistoryView, ...]:
        return self._made()[index]

    def __iter__(self) -> Iterator[HistoryView]:
        return iter(self._made())

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._made())


@dataclass(frozen=True)
class DelegationView:
    """One delegation as an audience may see it: topic, ask and notes redacted, speakers by role."""

    id: str
    topic: str
    status: str
    meeting: str  # the meeting's id
    meeting_start: datetime | None  # None when its meeting is missing
    meeting_all_day: bool
    body: str  # the body's name ("" when the meeting or body is missing)
    speakers: tuple[str, ...]
    ask: str
    agenda_position: str
    script: str
    handouts: tuple[str, ...]
    outcome: str
    cancel_reason: str
    history: Sequence[HistoryView]  # made when first read: a list shows none of it
    fields: Mapping[str, Any]  # the record as `--json` gives it, for the same audience (made when read)


@dataclass(frozen=True)
class DelegationDetail:
    """A delegation's show: its view, the copies to bring and, before the meeting, what to print."""

    view: DelegationView
    copies: int | None  # None when neither the delegation nor its body says
    checklist: tuple[str, ...]  # empty once there is nothing left to print


class MeetingFacts(NamedTuple):
    """What a delegation's view shows of its meeting (and of the meetings in its history)."""

    start: datetime
    all_day: bool
    body: str


# Kept in the index while the meetings' files stay as read: a list of ten years of delegations then
# reads no meeting out of play. The name changes whenever what is kept does.
MEETING_FACTS = "meeting-facts-1"


def meeting_facts(store: Store) -> dict[str, MeetingFacts]:
    """Each meeting's start, whether it is all day, and its body, by id."""
    store.in_play(Meeting, clock.today())  # looks at what changed since the index was written

    def every_meeting() -> dict[str, MeetingFacts]:
        return {m.id: MeetingFacts(m.start, m.all_day, m.body) for m in store.all(Meeting)}

    return store.derived(MEETING_FACTS, (Meeting,), every_meeting)


def delegation_view(
    item: Delegation, lens: Lens, meetings: Mapping[str, MeetingFacts], bodies: Mapping[str, Body]
) -> DelegationView:
    meeting = meetings.get(item.meeting)
    body = bodies.get(meeting.body) if meeting else None
    return DelegationView(
        id=item.id,
        topic=lens.text(item.topic),
        status=item.status.value,
        meeting=item.meeting,
        meeting_start=meeting.start if meeting else None,
        meeting_all_day=meeting.all_day if meeting else False,
        body=lens.text(body.name) if body else "",
        speakers=lens.people(item.speakers),
        ask=lens.text(item.ask),
        agenda_position=lens.text(item.agenda_position),
        script=item.script,
        handouts=item.handouts,
        outcome=lens.text(item.outcome),
        cancel_reason=lens.text(item.cancel_reason),
        history=_History(item.history, lens, meetings),
        fields=LazyRecordView(
            item,
            lens,
            people=("speakers",),
            topic=item.topic,
            status=item.status.value,
            speakers=item.speakers,
        ),
    )


def _by_id(store: Store) -> tuple[dict[str, MeetingFacts], dict[str, Body]]:
    return meeting_facts(store), {b.id: b for b in store.all(Body)}


def delegations_of(
    store: Store, lens: Lens, items: Iterable[Delegation], *, newest_first: bool = False
) -> list[DelegationView]:
    """Views of `items` by their meeting's start (those whose meeting is missing last), then id."""
    meetings, bodies = _by_id(store)

    def order(item: Delegation) -> tuple[bool, float, str]:
        meeting = meetings.get(item.meeting)
        start = meeting.start.timestamp() if meeting else 0.0
        return (meeting is None, -start if newest_first else start, item.id)

    return [delegation_view(item, lens, meetings, bodies) for item in sorted(items, key=order)]


def delegation_views(
    store: Store,
    audience: Audience,
    *,
    status: str | None = None,
    newest_first: bool = False,
    ahead: date | None = None,
) -> list[DelegationView]:
    """Delegations (of one status, or all) as `audience` may see them, by meeting date; with `ahead`,
    only those not yet spoken on that day (the index's records in play: years of spoken ones stay
    unread)."""
    if status is not None and status not in {s.value for s in DelegationStatus}:
        raise ValidationError(
            f"unknown status {status!r}; use one of {', '.join(s.value for s in DelegationStatus)}"
        )
    candidates = store.all(Delegation) if ahead is None else store.in_play(Delegation, ahead)
    found = [item for item in candidates if status is None or item.status.value == status]
    return delegations_of(store, lens_for(store, audience), found, newest_first=newest_first)


def delegation_detail(store: Store, delegation: Delegation, audience: Audience) -> DelegationDetail:
    """What `delegation show` and the delegation's screen show, for `audience`."""
    from delegate.services.handouts import copies_to_bring, print_checklist

    lens = lens_for(store, audience)
    meetings, bodies = _by_id(store)
    view = delegation_view(delegation, lens, meetings, bodies)
    meeting = meetings.get(delegation.meeting)
    known = delegation.copies is not None or (meeting is not None and meeting.body in bodies)
    checklist = () if delegation.status in PAST_PRINTING else print_checklist(store, delegation)
    return DelegationDetail(
        view=view,
        copies=copies_to_bring(store, delegation) if known else None,
        checklist=tuple(lens.text(line) for line in checklist),
    )
