"""Minutes as an audience sees them: the list, the editor's panes and pickers, the circulated document.

The editor is used at a table that may have police at it, so it is public like everything else until
names are asked for (`N`, that screen only): attendance, the owner picker, the chair, the note-taker,
action items and decisions show a confidential person by role. The discussion being typed is the one
exception: it is shown as typed, to the person typing it, who is told how it will be shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from delegate.model import Body, Minutes, Person
from delegate.services.audience import Audience, Lens, lens_for
from delegate.store import Store

if TYPE_CHECKING:
    from delegate.services.documents import Document

PRESENT = "present"
REGRETS = "regrets"
NOT_MARKED = "not marked"


# ---- the list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesRow:
    """One set of minutes in a list: no people and no typed text, only where it stands."""

    id: str
    group: str  # the group's name, for this audience
    date: date
    status: str
    items: int
    actions: int
    fields: dict[str, Any]  # what `--json` gives: ids and counts only


def minutes_rows(
    store: Store, audience: Audience, *, group: Body | None = None, in_play_on: date | None = None
) -> list[MinutesRow]:
    """Minutes newest first (of one group when given), as rows for `audience`; with `in_play_on`,
    only those still in play that day: of the past year, and any not yet approved (still being
    written or circulated). Those are kept apart in the index: years of minutes stay unread."""
    lens = lens_for(store, audience)
    names = {body.id: body.name for body in store.all(Body)}
    candidates = store.all(Minutes) if in_play_on is None else store.in_play(Minutes, in_play_on)
    found = [item for item in candidates if group is None or item.group == group.id]
    found.sort(key=lambda item: (item.date, item.id), reverse=True)
    return [
        MinutesRow(
            id=item.id,
            group=lens.text(names.get(item.group, item.group)),
            date=item.date,
            status=item.status.value,
            items=len(item.items),
            actions=len(item.actions),
            fields={
                "id": item.id,
                "group": item.group,
                "date": item.date,
                "status": item.status.value,
                "approved_at": item.approved_at,
                "items": len(item.items),
                "actions": len(item.actions),
            },
        )
        for item in found
    ]


# ---- the editor -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """A person the minutes can mark present or absent, as this audience may know them."""

    id: str
    label: str  # their name or role; with their id when two would read alike
    status: str  # PRESENT, REGRETS or NOT_MARKED


@dataclass(frozen=True)
class ActionRow:
    """An action item as the editor lists it."""

    text: str
    owner: str  # "" when no one
    due: date | None
    followup: str  # the follow-up's id ("" for an action from before follow-ups)


@dataclass(frozen=True)
class ItemView:
    """An agenda item's title and decisions (its discussion is the editor's own text, as typed)."""

    title: str
    decisions: tuple[str, ...]


@dataclass(frozen=True)
class MinutesEditorView:
    """Everything the minutes editor shows around the discussion, for one audience."""

    id: str
    group: str
    date: date
    status: str
    chair: str  # "" when not recorded
    note_taker: str
    attendance: tuple[Attendee, ...]  # present first, then regrets, then members not marked yet
    actions: tuple[ActionRow, ...]
    items: tuple[ItemView, ...]


def minutes_editor_view(store: Store, minutes: Minutes, audience: Audience) -> MinutesEditorView:
    """The minutes editor's panes for `audience`."""
    lens = lens_for(store, audience)
    group = store.lookup(Body, minutes.group)
    order = {PRESENT: 0, REGRETS: 1, NOT_MARKED: 2}
    attendance = sorted(member_choices(store, minutes, audience), key=lambda person: order[person.status])
    return MinutesEditorView(
        id=minutes.id,
        group=lens.text(group.name if group is not None else minutes.group),
        date=minutes.date,
        status=minutes.status.value,
        chair=lens.person(minutes.chair),
        note_taker=lens.person(minutes.note_taker),
        attendance=tuple(attendance),
        actions=tuple(
            ActionRow(lens.text(action.text), lens.person(action.owner), action.due, action.followup)
            for action in minutes.actions
        ),
        items=tuple(
            ItemView(lens.text(item.title), tuple(lens.text(decision) for decision in item.decisions))
            for item in minutes.items
        ),
    )


def member_choices(store: Store, minutes: Minutes, audience: Audience) -> list[Attendee]:
    """Who a picker offers (attendance, an action's owner): the group's members, then anyone else
    already marked, each as `audience` may know them."""
    members = [person.id for person in store.all(Person) if minutes.group in person.member_of]
    marked = [person for person in (*minutes.present, *minutes.regrets) if person not in members]
    everyone = [*members, *marked]
    labels = _labels(lens_for(store, audience), everyone)
    return [
        Attendee(
            person,
            labels[person],
            PRESENT if person in minutes.present else REGRETS if person in minutes.regrets else NOT_MARKED,
        )
        for person in everyone
    ]


def _labels(lens: Lens, references: Iterable[str]) -> dict[str, str]:
    """Each person's label; two confidential members with one role would read alike in a picker, so
    a label shared by several people carries the id (ids never hold a confidential name)."""
    labels = {reference: lens.person(reference) for reference in references}
    counts = Counter(labels.values())
    return {
        reference: f"{label} ({lens.text(reference)})" if counts[label] > 1 else label
        for reference, label in labels.items()
    }


# ---- the document ---------------------------------------------------------------------------------


def minutes_document(store: Store, minutes: Minutes, audience: Audience) -> Document:
    """The minutes from the minutes template, for `audience` (to circulate, or an internal copy)."""
    # The renderers (templates, PDF) are imported here: the list and the editor need none of them.
    from delegate.render.context import minutes_context
    from delegate.services.documents import document, public_stem
    from delegate.services.scripts import render_named

    lens = lens_for(store, audience)
    context = minutes_context(store, minutes, lens)
    # The template opens an internal copy with the INTERNAL COPY banner.
    markdown = render_named(store, "minutes.md", context)
    return document(
        markdown,
        f"Minutes: {context['group']}, {minutes.date:%Y-%m-%d}",
        audience,
        public_stem(store, minutes.id),
    )
