"""Saving a timed take of a script: the timer screen's `s`, as a use case the tests can call too."""

from __future__ import annotations

from datetime import datetime

from delegate.model import Rehearsal, Script
from delegate.services.estimate import script_limit
from delegate.store import Store
from delegate.timer import SpeechTimer


def is_adhoc_limit(store: Store, script: Script, limit: float) -> bool:
    """True when `limit` (seconds) is not the script's own (its target or its body's): given for one run."""
    return abs(limit - script_limit(store, script).total_seconds()) >= 0.5


def save_rehearsal(store: Store, script: Script, timer: SpeechTimer, at: datetime) -> Rehearsal:
    """The timer's run as a take of `script`, saved (with the script's word count, for the pace).

    A timer that has not run is a LifecycleError and nothing is written. The id is the moment and
    the script's id, both public. A take timed against another limit than the script's (`--limit`)
    is marked ad hoc, so it never mixes into the script's stats.
    """
    adhoc = is_adhoc_limit(store, script, timer.limit)
    take = timer.rehearsal(
        store.new_id(Rehearsal, f"{at:%Y-%m-%d-%H%M%S}-{script.id}"),
        script.id,
        at,
        words=script.words,
        adhoc=adhoc,
    )
    store.save(take)
    return take
