"""The follow-up form: what was promised, by whom, by when, and where it came from (minutes or a
delegation), to add one or change one.

The owner is typed as anywhere else (an id, a name, a confidential person's role or chosen name)
and kept as the person's id; an owner left as shown (by role) stays who it was. The text of a
follow-up being changed is shown by role and saved with the names it holds kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from delegate.model import Delegation, FollowUp, Minutes
from delegate.services.audience import Audience, lens_for, mention_warning
from delegate.services.delegations import delegation_views
from delegate.services.followups import add_followup, edit_followup
from delegate.services.minutes_views import minutes_rows
from delegate.services.people import person_reference
from delegate.store import Store
from delegate.ui.widgets.form import Field, FormScreen, date_field

_NO_SOURCE = "-"


def _sources(store: Store, audience: Audience) -> list[tuple[str, str]]:
    """Where a follow-up can come from: minutes (newest first), then delegations, for `audience`."""
    choices = [("(neither)", _NO_SOURCE)]
    choices += [
        (f"Minutes · {row.group} · {row.date:%d %b %Y}", f"minutes:{row.id}")
        for row in minutes_rows(store, audience)
    ]
    choices += [
        (
            f"Delegation · {view.topic}"
            + (f" · {view.meeting_start:%d %b %Y}" if view.meeting_start else ""),
            f"delegation:{view.id}",
        )
        for view in delegation_views(store, audience, newest_first=True)
    ]
    return choices


def _source_of(item: FollowUp | None) -> str:
    if item is None:
        return _NO_SOURCE
    if item.minutes:
        return f"minutes:{item.minutes}"
    if item.delegation:
        return f"delegation:{item.delegation}"
    return _NO_SOURCE


def followup_form(
    store: Store,
    today: date,
    item: FollowUp | None = None,
    audience: Audience = Audience.PUBLIC,
    *,
    delegation: Delegation | None = None,
) -> FormScreen:
    """Add a follow-up (`item` None; from `delegation` unless changed) or change one; dismisses with
    the saved follow-up."""
    lens = lens_for(store, audience)
    shown_owner = lens.person(item.owner) if item is not None else ""

    def submit(values: dict[str, Any]) -> FollowUp:
        text, typed_owner = values["text"] or "", values["owner"] or ""
        # an owner left as it was shown (a role) stays the person it showed
        owner = (
            item.owner
            if item is not None and typed_owner == shown_owner
            else person_reference(store, typed_owner)
        )
        kind, _, record_id = (values["source"] or _NO_SOURCE).partition(":")
        minutes = store.get(Minutes, record_id) if kind == "minutes" else None
        delegation = store.get(Delegation, record_id) if kind == "delegation" else None
        if item is None:
            saved = add_followup(
                store,
                text,
                owner=owner,
                due=values["due"],
                minutes=minutes,
                delegation=delegation,
                today=today,
            )
        else:
            saved = edit_followup(
                store, item, text=text, owner=owner, due=values["due"], minutes=minutes, delegation=delegation
            )
        warning = mention_warning(store, text) if item is None or text != item.text else ""
        if warning:
            form.notify(warning, title="Confidential person", timeout=8)
        return saved

    fields = [
        Field(
            "text",
            "What was promised",
            placeholder="Send the board the shelter numbers",
            required=True,
            editable=lens.editable(item.text) if item is not None else None,
        ),
        Field("owner", "Who does it (a name, id or role; empty: no one)", shown_owner, "Ana Ferreira"),
        date_field("due", "Due (empty: no date)", today, f"{item.due:%Y-%m-%d}" if item and item.due else ""),
        Field(
            "source",
            "From",
            f"delegation:{delegation.id}" if delegation is not None and item is None else _source_of(item),
            choices=_sources(store, audience),
            required=True,
        ),
    ]
    form = FormScreen("New follow-up" if item is None else "Edit follow-up", fields, submit)
    return form
