"""Saving a timed take of a script: the timer screen's `s`, as a use case the tests can call too."""

from __future__ import annotations

from datetime import datetime

from delegate.model import Rehearsal, Script
from delegate.store import Store
from delegate.timer import SpeechTimer


def save_rehearsal(store: Store, script: Script, timer: SpeechTimer, at: datetime) -> Rehearsal:
    """The timer's run as a take of `script`, saved (with the script's word count, for the pace).

    A timer that has not run is a LifecycleError and nothing is written. The id is the moment and
    the script's id, both public.
    """
    take = timer.rehearsal(
        store.new_id(Rehearsal, f"{at:%Y-%m-%d-%H%M%S}-{script.id}"), script.id, at, words=script.words
    )
    store.save(take)
    return take
