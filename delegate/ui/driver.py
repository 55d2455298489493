"""A terminal driver that lets go at once on quit.

Textual's Linux driver joins its input thread when the app exits, and that thread sleeps in
`select()` for up to 0.1 s twice before it notices: a visible stall after pressing q. Here the
thread is told to stop and not waited for; the process exits right after the terminal is restored
(see `delegate.cli.tui`), which ends the thread with it.
"""

from __future__ import annotations

import contextlib
import signal
import termios

from textual.drivers.linux_driver import LinuxDriver


class PromptExitDriver(LinuxDriver):
    def disable_input(self) -> None:
        if self.exit_event.is_set():
            return
        with contextlib.suppress(Exception):  # the same best effort as Textual's own
            signal.signal(signal.SIGWINCH, signal.SIG_DFL)
            self._disable_mouse_support()
            self.exit_event.set()
            termios.tcflush(self.fileno, termios.TCIFLUSH)
