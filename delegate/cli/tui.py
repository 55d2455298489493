"""Starting the terminal app from the command line."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from delegate.ui.app import TimerStart


def open_app(root: Path, timer: TimerStart | None = None) -> None:
    """Open the app on the data folder (imported here so CLI commands don't pay for Textual).

    Every save is already durable (fsynced) when the app returns, so the process ends at once
    rather than waiting for the interpreter's teardown and Textual's input thread (~0.3 s).
    """
    from delegate.ui.app import make_app

    # What is imported stays for the whole run: the cycle collector need not walk it again and again.
    gc.freeze()
    driver = None
    if sys.platform != "win32":
        from delegate.ui.driver import PromptExitDriver

        driver = PromptExitDriver
    app = make_app(root, driver_class=driver, timer=timer, start_screen=True, warm_sections=True)
    app.run()
    if app.return_code not in (None, 0) or app._exception is not None:
        return  # let Textual's error report reach the terminal the usual way
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
