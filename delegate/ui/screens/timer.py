"""The speech timer: time left in digits that fill the window, a light that also says its state and
colours the screen's edge, the script paced to land the last word on the limit, and every take saved
with its splits. While a take runs, the keys that would leave the screen are refused (a take is
never lost to a stray letter); `p` shows only the time, the light and the section being spoken.

A rehearsal may happen where others can see the screen: the script's title, headings and text are
shown for the screen's audience (confidential people by role until N, this screen only)."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Header, ProgressBar, Sparkline

from delegate.model import Script, split_sections
from delegate.model.common import format_duration, over_under
from delegate.model.errors import DelegateError
from delegate.services.script_views import prompter_view
from delegate.timer import Clock, Light, SpeechTimer, TimerState, pace
from delegate.ui.screens.base import DataScreen
from delegate.ui.widgets.bigtime import BigTime
from delegate.ui.widgets.footer import Footer
from delegate.ui.widgets.plain import Plain, plain

TICK = 1 / 10
_STATE_HINT = {
    TimerState.READY: "READY · space to start",
    TimerState.RUNNING: "RUNNING · space to pause · n next section · f finish",
    TimerState.PAUSED: "PAUSED · space to resume · r reset",
    TimerState.FINISHED: "FINISHED · s to save this take · r for another",
}


def _reflow(text: str) -> str:
    """Markdown paragraphs as flowing text: a line break inside a paragraph is only a space."""
    paragraphs = [" ".join(line.strip() for line in block.splitlines()) for block in text.split("\n\n")]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


# The app's keys that leave this screen (sections, the timer again, quit) and Escape (back). While a
# take runs they are refused; with a take paused or finished and not saved, the second press leaves.
LEAVING_KEYS = ("escape", "d", "b", "m", "g", "h", "i", "u", "P", "H", "t", "q")
LEAVE_AGAIN_SECONDS = 3.0


def _leaving(key: str) -> Binding:
    return Binding(key, f"leave('{key}')", "Back" if key == "escape" else "", show=False)


class TimerScreen(DataScreen):
    """Times one run of a script (or a bare countdown when there is no script)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(b for b in DataScreen.BINDINGS if not (isinstance(b, Binding) and b.key in LEAVING_KEYS)),
        *(_leaving(key) for key in LEAVING_KEYS),
        Binding("space", "start_pause", "Start/pause"),
        Binding("n", "next_section", "Next section"),
        Binding("r", "reset", "Reset"),
        Binding("s", "save", "Save take"),
        Binding("f", "finish", "Finish"),
        Binding("p", "toggle_presenter", "Presenter"),
        Binding("B", "toggle_bell", "Bell on/off"),
    ]

    bell: var[bool] = var(False)

    def __init__(
        self,
        script: Script | None,
        limit: float,
        *,
        title: str = "",
        text: str = "",
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__()
        self.script = script
        self.text = script.text if script else text
        self.script_title = script.title if script else (title or "Speech")
        self.sections = split_sections(self.text)
        titles = [section.title or "(opening)" for section in self.sections] or ["Speech"]
        self.engine = SpeechTimer(limit, titles, clock)
        self._shown_titles: dict[str, str] = {}  # a heading as typed → as this screen shows it
        self.section_words = [section.words for section in self.sections] or [0]
        self._ticker: Timer | None = None
        self._last_light = Light.NONE
        self._saved_take = False
        self._shown_sections: list[tuple[str, str]] = []  # (heading, text) as this screen shows them
        self._leave_asked: tuple[str, float] | None = None  # key, clock reading of the first press

    def compose(self) -> ComposeResult:
        yield Header()
        # The frame's border takes the light's colour: seen from the lectern, not only in the digits.
        with Horizontal(id="timer"):
            with Vertical(id="clock-pane"):
                yield Plain("", id="presenter-section")
                yield BigTime("", id="time-left")
                yield Plain("", id="light")
                yield ProgressBar(total=100, show_eta=False, id="progress")
                yield Plain("", id="timer-state")
                yield Plain("", id="pace")
                yield Plain("", id="splits", classes="full-only")
                yield Plain("Takes: the first bar is the limit, then each take", classes="hint full-only")
                yield Sparkline([], id="history", classes="full-only")
                yield Plain("", id="history-note", classes="hint full-only")
            with VerticalScroll(id="prompter", classes="full-only"):
                if self.sections:
                    for index in range(len(self.sections)):
                        yield Plain("", id=f"section-{index}", classes="section")  # filled by refresh_data
                else:
                    yield Plain("No script: a plain countdown. Speak, and press space when you start.")
        yield Footer()

    def setup(self) -> None:
        from delegate.services.settings import load_settings

        self._ticker = self.set_interval(TICK, self._tick, pause=True)
        self.bell = load_settings().timer_bell  # as the speaker left it last time

    def refresh_data(self) -> None:
        """The script as this screen's audience may read it, and the history of takes."""
        from delegate.services.rehearsals import is_adhoc_limit

        limit = self.engine.limit
        adhoc = self.script is not None and is_adhoc_limit(self.store, self.script, limit)
        view = prompter_view(
            self.store, self.audience, self.script, self.script_title, self.text, limit if adhoc else None
        )
        self.sub_title = self.titled(f"Timer · {view.title} · limit {format_duration(self.engine.limit)}")
        self._shown_titles = {
            section.title or "(opening)": heading
            for section, (heading, _) in zip(self.sections, view.sections, strict=True)
        }
        self._shown_sections = list(view.sections)
        for index, (heading, text) in enumerate(view.sections):
            self.query_one(f"#section-{index}", Plain).update(
                Text.assemble(plain(f"{heading}\n", "bold"), plain(_reflow(text)))
            )
        self._render_reading()
        history = self.query_one("#history", Sparkline)
        note = self.query_one("#history-note", Plain)
        if self.script is None:
            history.data = []
            note.update("Open a script to keep a log of takes.")
            return
        takes = view.takes
        # The limit goes in first so the chart's top is never below it: bars over it are over time.
        history.data = [self.engine.limit, *(take.total for take in takes)] if takes else []
        kind = " at this ad-hoc limit" if adhoc else ""
        if takes:
            last = takes[-1]
            said = (
                f"{len(takes)} take(s){kind}; last {format_duration(last.total)} ({over_under(last.over_by)})"
            )
        else:
            said = f"No takes{kind} saved yet."
        if adhoc:
            said += "\nAd-hoc limit: its takes stay out of the script's stats."
        note.update(said)

    # ---- the clock ----------------------------------------------------------------------------------

    def _tick(self) -> None:
        self._render_reading()

    def _render_reading(self) -> None:
        engine = self.engine
        remaining = engine.remaining
        digits = self.query_one("#time-left", BigTime)
        digits.update(
            format_duration(remaining) if remaining >= 0 else f"+{format_duration(engine.overtime)}"
        )
        light = engine.light
        label = self.query_one("#light", Plain)
        label.update(light.label)
        frame = self.query_one("#timer")
        for name in Light:
            digits.set_class(light is name, f"light-{name.value}")
            label.set_class(light is name, f"light-{name.value}")
            frame.set_class(light is name, f"edge-{name.value}")
        if light is not self._last_light and light in (Light.AMBER, Light.RED) and self.bell:
            self.app.bell()
        self._last_light = light
        self.query_one("#progress", ProgressBar).update(progress=engine.progress * 100)
        self.query_one("#timer-state", Plain).update(_STATE_HINT[engine.state])
        current = engine.section_index
        reading = pace(self.section_words, current, engine.elapsed, engine.limit)
        if engine.state in (TimerState.READY, TimerState.FINISHED) or not self.sections:
            pace_text = ""  # a finished take has no pace to keep
        elif abs(reading.ahead_by) < 1:
            pace_text = "on pace for the limit"
        elif reading.ahead_by > 0:
            pace_text = f"▲ {format_duration(reading.ahead_by)} ahead of pace"
        else:
            pace_text = f"▼ {format_duration(-reading.ahead_by)} behind pace: speed up or cut"
        self.query_one("#pace", Plain).update(pace_text)
        splits = [
            f"{self._shown_titles.get(split.title, split.title)[:24]:<24} {format_duration(split.seconds):>6}"
            for split in engine.section_times()
        ]
        self.query_one("#splits", Plain).update(
            "\n".join(splits) if engine.state is not TimerState.READY else ""
        )
        for index in range(len(self.sections)):
            self.query_one(f"#section-{index}").set_class(index == current, "current")
        self._render_presenter_section(current)
        if engine.state is TimerState.RUNNING and self.sections:
            # The teleprompter scrolls at the even pace that ends the script at the limit.
            prompter = self.query_one("#prompter", VerticalScroll)
            prompter.scroll_to(y=reading.target_fraction * prompter.max_scroll_y, animate=False)

    def _render_presenter_section(self, current: int) -> None:
        """The section being spoken, for the presenter layout (as this screen's audience may read it)."""
        if not self._shown_sections:
            self.query_one("#presenter-section", Plain).update(plain(self.script_title, "bold"))
            return
        heading, text = self._shown_sections[min(current, len(self._shown_sections) - 1)]
        self.query_one("#presenter-section", Plain).update(
            Text.assemble(plain(f"{heading}\n", "bold"), plain(_reflow(text)))
        )

    def _run_ticker(self, running: bool) -> None:
        if self._ticker is not None:
            if running:
                self._ticker.resume()
            else:
                self._ticker.pause()

    # ---- keys ---------------------------------------------------------------------------------------

    def action_start_pause(self) -> None:
        if self.engine.state is TimerState.FINISHED:
            self.notify("This take is finished: s saves it, r starts another.", timeout=3)
            return
        self.engine.toggle()
        self._run_ticker(self.engine.state is TimerState.RUNNING)
        self._render_reading()

    def action_next_section(self) -> None:
        try:
            self.engine.next_section()
        except DelegateError as error:
            self.notify(str(error), severity="warning", timeout=3)
            return
        if self.engine.state is TimerState.FINISHED:
            self._run_ticker(False)
        self._render_reading()

    def action_finish(self) -> None:
        try:
            self.engine.finish()
        except DelegateError as error:
            self.notify(str(error), severity="warning", timeout=3)
            return
        self._run_ticker(False)
        self._render_reading()

    def action_reset(self) -> None:
        self.engine.reset()
        self._saved_take = False
        self._run_ticker(False)
        self.query_one("#prompter", VerticalScroll).scroll_home(animate=False)
        self._render_reading()

    def action_save(self) -> None:
        if self.script is None:
            self.notify("There is no script to keep this take with.", severity="warning")
            return
        if self._saved_take:
            self.notify("This take is already saved; r starts another.", timeout=3)
            return
        if self.engine.state is TimerState.RUNNING:
            self.engine.finish()
            self._run_ticker(False)
        from delegate.services.rehearsals import save_rehearsal

        take = self.attempt(save_rehearsal, self.store, self.script, self.engine, self.now())
        if take is not None:
            self._saved_take = True
            verdict = "over" if take.over_by > 0 else "under"
            self.notify(
                f"Saved: {format_duration(take.total)}, {format_duration(abs(take.over_by))} {verdict}."
            )
            self.refresh_data()
        self._render_reading()

    def action_toggle_presenter(self) -> None:
        """Only the time, the light and the section being spoken: for a screen the speaker glances at."""
        self.toggle_class("presenter")

    async def action_leave(self, key: str) -> None:
        """A key that leaves the screen: refused while a take runs, asked again while one is unsaved."""
        state = self.engine.state
        if state is TimerState.RUNNING:
            self.notify("The timer is running: space pauses, f finishes. Then this key leaves.", timeout=3)
            return
        unsaved = state is TimerState.PAUSED or (
            state is TimerState.FINISHED and self.script is not None and not self._saved_take
        )
        moment = self.engine.clock()
        asked = self._leave_asked
        if unsaved and not (asked and asked[0] == key and moment - asked[1] <= LEAVE_AGAIN_SECONDS):
            self._leave_asked = (key, moment)
            hint = "s saves it; " if self.script is not None else ""
            self.notify(
                f"This take is not saved: {hint}press {key} again to leave.", timeout=LEAVE_AGAIN_SECONDS
            )
            return
        self._leave_asked = None
        if key == "escape":
            self.action_back()
            return
        for binding in self.app.BINDINGS:
            if isinstance(binding, Binding) and binding.key == key:
                # Off the stack first: else the section under the timer (often the one asked for) stays
                # covered, and a finished take would wait there for the next visit.
                self.action_back()
                await self.app.run_action(binding.action)
                return

    def action_toggle_bell(self) -> None:
        from delegate.services.settings import change_settings

        self.bell = not self.bell
        self.notify(f"Bell at amber and red: {'on' if self.bell else 'off'}.", timeout=2)
        try:
            change_settings(timer_bell=self.bell)
        except DelegateError as error:
            self.notify(f"Not kept for next time: {error}", severity="warning", timeout=6)
