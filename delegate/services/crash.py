"""A crash report a person can paste into a bug report: the frames and the message, for the public.

Textual's own report shows every frame's local variables, and a record held in one can carry a
confidential name. This one has no locals, and its text is read through a public lens.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from delegate.services.audience import lens_for
from delegate.store import Store

WITHHELD = "delegate stopped on an unexpected error (details withheld: people could not be read)\n"


def crash_report(error: BaseException | None, store: Callable[[], Store]) -> str:
    """The traceback of `error` with every confidential name shown by role and control characters
    made visible; if the people cannot be read (`store` fails), less is said rather than risk a name."""
    lines = traceback.format_exception(error) if error is not None else ["an unexpected error\n"]
    try:
        return lens_for(store()).text("".join(lines))
    except Exception:
        return WITHHELD
