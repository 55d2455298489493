"""Handouts as views for an audience: titles and text are typed, and may name a confidential person;
an attached PDF is shown by where it is and how big (its content was made elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from delegate.model import Delegation, Handout, count_words
from delegate.services.audience import Audience, Lens, lens_for
from delegate.services.handouts import attachment_path, copies_to_bring
from delegate.services.views import record_view
from delegate.store import Store


@dataclass(frozen=True)
class HandoutView:
    """A handout as an audience may read it."""

    id: str
    title: str
    text: str  # "" for an attached PDF
    attachment: str  # its path in the data folder ("" for a written handout)
    attachment_size: int | None  # bytes; None when the attached file is missing (or there is none)
    delegations: tuple[str, ...]  # ids
    words: int
    bring: tuple[str, ...]  # "Safety first: 9 copies", one per delegation it goes with
    fields: dict[str, Any]  # `handout list --json`


def handout_views(store: Store, audience: Audience, *, to_give: date | None = None) -> list[HandoutView]:
    """Every handout for `audience`; with `to_give`, only those still to be handed out on that day
    (for no delegation, or for one not yet spoken: the copies to bring are those delegations')."""
    lens = lens_for(store, audience)
    if to_give is None:
        delegations = {item.id: item for item in store.all(Delegation)}
        handouts = store.all(Handout)
    else:
        # The index's delegations in play: years of spoken ones stay unread.
        delegations = {item.id: item for item in store.in_play(Delegation, to_give)}
        handouts = [
            handout
            for handout in store.all(Handout)
            if not handout.delegations or any(item in delegations for item in handout.delegations)
        ]
    return [_handout_view(store, handout, lens, delegations) for handout in handouts]


def handout_view(store: Store, handout: Handout, audience: Audience) -> HandoutView:
    """One handout for `audience`: what `handout show` and the handout screen present."""
    delegations = {item.id: item for item in store.all(Delegation)}
    return _handout_view(store, handout, lens_for(store, audience), delegations)


def _handout_view(
    store: Store, handout: Handout, lens: Lens, delegations: dict[str, Delegation]
) -> HandoutView:
    attached = attachment_path(store, handout)
    size = attached.stat().st_size if attached is not None and attached.is_file() else None
    words = count_words(handout.text)
    bring = tuple(
        f"{lens.text(delegations[item].topic)}: {copies_to_bring(store, delegations[item])} copies"
        for item in handout.delegations
        if item in delegations
    )
    return HandoutView(
        id=handout.id,
        title=lens.text(handout.title),
        text=lens.text(handout.text),
        attachment=lens.text(handout.attachment),
        attachment_size=size,
        delegations=handout.delegations,
        words=words,
        bring=bring,
        fields=record_view(handout, lens, words=words),
    )
