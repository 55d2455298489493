"""The delegate app: sections as modes, records opened by key, the folder watched for outside edits."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from delegate import clock
from delegate.controls import visible
from delegate.errors import DelegateError

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.theme import Theme

    from delegate.model import Body, FollowUp, Honorarium, Meeting, Script
    from delegate.store import Store

# The records, the store and the screens are imported when first needed, not with the app: the
# first frame is painted before any of them is (see StartScreen).

WATCH_INTERVAL = 2.0
# The watch looks at every record file, holding the interpreter much of that time (a third of a second
# at a hundred years): it waits at least this many times as long as its last look took, so the app's
# keys and paints keep nineteen parts in twenty of the time.
WATCH_SHARE = 20
# How long the start screen stays before the dashboard is built: long enough for its frame to reach
# the terminal, short enough not to be noticed (building the dashboard blocks the screen a moment).
FIRST_FRAME = 0.03
# Once the dashboard is up and left alone this long, the sections' screens are built one at a time,
# out of sight, so a section's key shows a screen that is already there; a gap between two lets
# keys through (a build blocks the screen as long as a visit would).
WARM_AFTER = 0.2
WARM_GAP = 0.05
# Most used first.
SECTIONS = (
    "meetings",
    "delegations",
    "followups",
    "scripts",
    "bodies",
    "minutes",
    "handouts",
    "audits",
    "honoraria",
)
TimerStart = tuple["Script | None", float, str, str]  # script, limit in seconds, title, text


def _keep_long_lived() -> None:
    """Leave what is built so far (the records read, the screens) out of the cycle collector's full
    collections: with ten years in memory each took 30–100 ms, a frame held back at a random key."""
    gc.freeze()


def _records_provider() -> type[Provider]:
    from delegate.ui.search import RecordsProvider

    return RecordsProvider


class DelegateApp(App[None]):
    """Dashboard, bodies, meetings and delegations over one data folder."""

    TITLE = "delegate"
    CSS_PATH = "app.tcss"
    # The palette runs commands and finds records (imported when the palette first opens).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *App.COMMANDS,
        _records_provider,
    }
    # Only the dashboard is imported at start-up; the other sections load when first opened.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "dashboard": lambda: _dashboard().DashboardScreen(),
        "bodies": lambda: _screens().BodiesScreen(),
        "meetings": lambda: _screens().MeetingsScreen(),
        "delegations": lambda: _screens().DelegationsScreen(),
        "scripts": lambda: _screens().ScriptsScreen(),
        "handouts": lambda: _screens().HandoutsScreen(),
        "minutes": lambda: _screens().MinutesListScreen(),
        "followups": lambda: _screens().FollowUpsScreen(),
        "audits": lambda: _screens().AuditsScreen(),
        "honoraria": lambda: _screens().HonorariaScreen(),
    }
    # The sections' keys work everywhere but stay out of the footer, so each screen's own keys show
    # there first at 80 columns and at 120; `?` lists them all (the key panel shows hidden ones too).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "switch_mode('dashboard')", "Dashboard", show=False),
        Binding("b", "switch_mode('bodies')", "Bodies", show=False),
        Binding("m", "switch_mode('meetings')", "Meetings", show=False),
        Binding("g", "switch_mode('delegations')", "Delegations", show=False),
        Binding("s", "switch_mode('scripts')", "Scripts", show=False),
        Binding("h", "switch_mode('handouts')", "Handouts", show=False),
        Binding("i", "switch_mode('minutes')", "Minutes", show=False),
        Binding("u", "switch_mode('followups')", "Follow-ups", show=False),
        # Capitals: a (add) and h (handouts) are taken; P as in policy audit, H as in honoraria.
        Binding("P", "switch_mode('audits')", "Audits", show=False),
        Binding("H", "switch_mode('honoraria')", "Honoraria", show=False),
        Binding("t", "open_timer", "Timer", show=False),
        Binding("question_mark", "toggle_keys", "Keys"),
        Binding("ctrl+r", "reload", "Refresh", show=False),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(
        self,
        store: Store | Callable[[], Store],
        now: Callable[[], datetime] = clock.now,
        watch: bool = True,
        driver_class: type[Driver] | None = None,
        timer: TimerStart | None = None,
        start_screen: bool = False,
        warm_sections: bool = False,
    ) -> None:
        super().__init__(driver_class=driver_class)
        self._start_screen = start_screen
        self._warm_sections = warm_sections
        self._timer_at_start = timer
        self._store = store if not callable(store) else None
        self._make_store = store if callable(store) else None
        self._store_lock = threading.Lock()
        self.now = now
        self._watch = watch
        self._fingerprint: int | None = None
        self._watched_generation = -1
        self._kept_theme = ""

    @property
    def store(self) -> Store:
        """The data folder's store, opened on first use (from whichever thread asks first)."""
        if self._store is None:
            with self._store_lock:
                if self._store is None and self._make_store is not None:
                    self._store = self._make_store()
        assert self._store is not None
        return self._store

    def on_mount(self) -> None:
        self._apply_settings()
        if self._start_screen:
            from delegate.ui.start import StartScreen

            self.push_screen(StartScreen())
            self.set_timer(FIRST_FRAME, self._open_dashboard)
        else:
            self._open_dashboard()

    # ---- settings kept between runs -----------------------------------------------------------------

    def _apply_settings(self) -> None:
        """The theme chosen last time (from the palette's "Change theme"), kept whenever it changes."""
        from delegate.services.settings import load_settings

        settings = load_settings()
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        self._kept_theme = settings.theme or self.theme
        self.theme_changed_signal.subscribe(self, self._keep_theme)

    def _keep_theme(self, theme: Theme) -> None:
        if theme.name == self._kept_theme:
            return
        self._kept_theme = theme.name
        from delegate.services.settings import change_settings

        try:
            change_settings(theme=theme.name)
        except DelegateError as error:
            self.notify(f"The theme is not kept for next time: {error}", severity="warning", timeout=6)

    # ---- switching sections ------------------------------------------------------------------------

    _own_batch = False  # a switch is hidden by our own batch, until its screen is whole

    async def action_switch_mode(self, mode: str) -> None:
        """A section's key: the screen is shown whole, as soon as it is (not a fixed 50 ms later)."""
        with self.batch_update():
            mounted = self._switch_in_batch(mode)
            await mounted  # a new screen's rows are in (on_mount); a screen built before has them

    def _switch_in_batch(self, mode: str, *then: str) -> Any:
        """Switch (and on), with no fixed delay; what awaits the first mode's screen mounted."""
        self._own_batch = True
        try:
            mounted = self.switch_mode(mode)
            for other in then:
                self.switch_mode(other)
        finally:
            self._own_batch = False
        return mounted

    def _built(self, mode: str) -> bool:
        """Whether the mode's screen was made (it is kept from then on)."""
        try:
            return bool(self.get_screen_stack(mode))
        except KeyError:
            return False

    def _warm_next_section(self) -> None:
        """Build the next section's screen out of sight, while a section is shown and left alone."""
        if not self.is_running:
            # Closing without a quit (a crash elsewhere, a test's Pilot leaving) keeps the timers going
            # while the screens are closed one by one: a mode opened now would break that closing.
            return
        waiting = [mode for mode in SECTIONS if not self._built(mode)]
        if not waiting:
            # Every kind is read now: a broken file of a kind the dashboard does not read is named too.
            dashboard = self.get_screen_stack("dashboard")[0]
            if isinstance(dashboard, _dashboard().DashboardScreen):
                dashboard.show_unreadable()
            return
        here = self.current_mode
        if len(self.screen_stack) != 1 or here not in self.MODES:
            self.set_timer(WARM_AFTER, self._warm_next_section)  # a form or a record is open: later
            return
        with self.batch_update():
            # Shown and hidden again before any frame is drawn: the section composes and reads its
            # rows in its own time; the screen shown, its focus and its keys stay as they are.
            mounted = self._switch_in_batch(waiting[0], here)
        self._after_warm(mounted)

    @work(group="warm")
    async def _after_warm(self, mounted: Any) -> None:
        await mounted
        _keep_long_lived()
        self.set_timer(WARM_GAP, self._warm_next_section)

    def delay_update(self, delay: float = 0.05) -> None:
        # Textual holds every frame for 50 ms on a mode switch, to hide a half-built screen; a key
        # (above) holds them exactly until the screen is built instead, so a revisit shows at once.
        if not self._own_batch:
            super().delay_update(delay)

    def on_unmount(self) -> None:
        gc.unfreeze()  # the app is done: what it kept may be collected (an app run in tests, say)

    def _open_dashboard(self) -> None:
        self.switch_mode("dashboard")
        self.call_after_refresh(_keep_long_lived)
        if self._warm_sections:
            self.set_timer(WARM_AFTER, self._warm_next_section)
        if self._timer_at_start is not None:
            script, limit, title, text = self._timer_at_start
            self.push_screen(_screens().TimerScreen(script, limit, title=title, text=text))
        if self._watch:
            self.set_timer(WATCH_INTERVAL, self._check_folder)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification shown as typed, whoever asks for it (`markup` is not honoured).

        Messages carry titles, typed text and errors that quote it: '[/note]' in a decision must not
        crash the app, '[@click=app.quit]x[/]' must not become a link, and an ESC must not reach the
        terminal. No notification of this app is written in markup. And it is for whoever sees the
        screen: a message quoting a record (an error naming a body) is told as the public may read it.
        """
        if self._store is not None:
            from delegate.services.audience import public_text

            message, title = public_text(self._store, message), public_text(self._store, title)
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    # ---- outside edits ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="watch")
    def _check_folder(self) -> None:
        # Read the store's generation before the folder: a save made while the folder is being read
        # then counts as ours, never as an outside change.
        generation = self.store.generation
        started = time.monotonic()
        try:
            fingerprint = self.store.fingerprint()
        finally:
            took = time.monotonic() - started
            with contextlib.suppress(RuntimeError):  # the app is closing: no next look
                self.call_from_thread(
                    self.set_timer, max(WATCH_INTERVAL, WATCH_SHARE * took), self._check_folder
                )
        changed = self._fingerprint is not None and fingerprint != self._fingerprint
        # The app's own saves change the folder too; they move the store's generation, outside edits don't.
        if changed and generation == self._watched_generation:
            self.call_from_thread(self._reload_after_outside_change)
        self._fingerprint = fingerprint
        self._watched_generation = self.store.generation

    def _reload_after_outside_change(self) -> None:
        self.action_reload()
        self.notify("Changes from outside the app were loaded.", timeout=3)

    def action_reload(self) -> None:
        """Forget what was read and show the folder as it is now."""
        self.store.forget()
        from delegate.ui.screens.base import DataScreen

        if isinstance(self.screen, DataScreen):
            self.screen.refresh_data()

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # ---- opening records ----------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: str) -> None:
        """Show a record by kind and id (rows everywhere carry 'kind:id' keys)."""
        from delegate.model import (
            Audit,
            Body,
            Delegation,
            FollowUp,
            Handout,
            Honorarium,
            Meeting,
            Minutes,
            Script,
        )

        screens = _screens()
        try:
            if kind == "body":
                self.push_screen(screens.BodyScreen(self.store.get(Body, record_id)))
            elif kind == "meeting":
                self.push_screen(screens.MeetingScreen(self.store.get(Meeting, record_id)))
            elif kind == "delegation":
                self.push_screen(screens.DelegationScreen(self.store.get(Delegation, record_id)))
            elif kind == "script":
                self.push_screen(screens.ScriptScreen(self.store.get(Script, record_id)))
            elif kind == "handout":
                self.push_screen(screens.HandoutScreen(self.store.get(Handout, record_id)))
            elif kind == "minutes":
                self.push_screen(screens.MinutesScreen(self.store.get(Minutes, record_id)))
            elif kind == "followup":
                self._open_followup(self.store.get(FollowUp, record_id))
            elif kind == "audit":
                self.push_screen(screens.AuditScreen(self.store.get(Audit, record_id)))
            elif kind == "honorarium":
                self._open_honorarium(self.store.get(Honorarium, record_id))
            elif kind == "honoraria":
                # From the dashboard: the Honoraria section, on that honorarium, ready to mark it paid.
                self.switch_mode("honoraria")
                self.call_after_refresh(self._select_honorarium, record_id)
        except DelegateError as error:
            self.notify(str(error), severity="error")

    def _open_honorarium(self, item: Honorarium) -> None:
        if item.meeting:
            self.open_record("meeting", item.meeting)
        else:
            self.notify("This honorarium is not for a meeting; p marks it paid.", title="Honorarium")

    def _select_honorarium(self, honorarium_id: str) -> None:
        screen = self.screen
        if isinstance(screen, _screens().HonorariaScreen):
            screen.select(honorarium_id)

    def open_timer(self, script_id: str = "", limit: float | None = None) -> None:
        """The speech timer, on a script (its body's limit unless given) or as a bare countdown."""
        from delegate.model import Script
        from delegate.services.estimate import script_limit

        script = None
        if script_id:
            try:
                script = self.store.get(Script, script_id)
            except DelegateError as error:
                self.notify(str(error), severity="error")
                return
        if limit is None:
            limit = script_limit(self.store, script).total_seconds() if script else 300.0
        self.push_screen(_screens().TimerScreen(script, limit))

    def action_open_timer(self) -> None:
        self.open_timer()

    def _open_followup(self, item: FollowUp) -> None:
        if item.delegation:
            self.open_record("delegation", item.delegation)
        else:
            from delegate.services.audience import lens_for
            from delegate.services.followups import followup_view

            # A notification can be seen over a shoulder or in a screenshot: the public view.
            view = followup_view(item, lens_for(self.store), self.now().date())
            due = f", due {view.due:%a %d %b}" if view.due else ""
            owner = f" — {view.owner}" if view.owner else ""
            source = f" (from minutes {view.source})" if view.source else ""
            self.notify(f"{view.text}{owner}{due}{source}", title="Follow-up")

    # ---- an unexpected error -------------------------------------------------------------------------

    def _fatal_error(self) -> None:
        """Report a crash without the local variables Textual would print (records with names in them).

        Textual's own report shows every frame's locals; a person pasting it into a bug report could
        paste a confidential name with it. This one shows the frames and the message, for the public.
        """
        import sys

        from rich.text import Text

        from delegate.services.crash import crash_report

        report = crash_report(sys.exc_info()[1] or self._exception, lambda: self.store)
        self.bell()
        self._exit_renderables.append(Text(report, style="red"))
        self._close_messages_no_wait()

    # ---- adding -------------------------------------------------------------------------------------

    def action_add_body(self) -> None:
        from delegate.ui.forms import body_form

        self.push_screen(body_form(self.store), self._added("body"))

    def action_add_meeting(self, body: Body | None = None) -> None:
        from delegate.model import Body

        if not self.store.all(Body):
            self.notify("Add a body first (press a on the dashboard or in Bodies).", severity="warning")
            return
        from delegate.ui.forms import meeting_form

        self.push_screen(meeting_form(self.store, body, now=self.now()), self._added("meeting"))

    def action_add_delegation(self, meeting: Meeting | None = None) -> None:
        from delegate.services.meetings import upcoming
        from delegate.ui.forms import delegation_form

        meetings = upcoming(self.store, self.now())
        if meeting is not None and meeting not in meetings:
            meetings.insert(0, meeting)
        if not meetings:
            self.notify("Schedule a meeting first: a delegation speaks at a meeting.", severity="warning")
            return
        self.push_screen(delegation_form(self.store, meetings, meeting), self._added("delegation"))

    def _added(self, kind: str) -> Callable[[Any], None]:
        def opened(record: Any) -> None:
            if record is None:
                return
            self.notify(f"Saved {kind} {record.id}.", timeout=3)
            self.open_record(kind, record.id)

        return opened

    def action_load_demo(self) -> None:
        from delegate.services.demo import write_demo

        try:
            counts = write_demo(self.store, self.now())
        except DelegateError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"Loaded the demo: {sum(counts.values())} records.", timeout=4)
        self.action_reload()

    # ---- calendar -----------------------------------------------------------------------------------

    def action_read_feeds(self) -> None:
        """Read every body's calendar feed in the background (as `delegate import feeds`)."""
        from delegate.ui.feeds import read_feeds

        read_feeds(self)

    def action_export_calendar(self) -> None:
        """Write exports/delegate.ics (public; the defaults of `delegate export ics`) without blocking."""
        self.notify("Exporting the calendar…", timeout=2)
        self._export_calendar()

    @work(thread=True, exclusive=True, group="calendar")
    def _export_calendar(self) -> None:
        # Ten years of meetings and follow-ups take a moment to build: off the UI thread. The same
        # service as `delegate export ics`: the event versions are kept once the file is written.
        from delegate.services.calendar import CalendarExported, save_calendar
        from delegate.services.files import exports_folder
        from delegate.ui.exporting import Export, from_thread, write_export

        folder = exports_folder(self.store)
        made: list[CalendarExported] = []

        def make() -> Path:
            made.append(save_calendar(self.store, self.now()))
            return made[0].path or folder

        export = Export(
            "Calendar",
            "delegate export ics",
            make,
            folder,
            refused="Calendar not exported",
            saved=lambda path: f"Calendar exported: {made[0].summary} → {path}",
        )
        write_export(export, from_thread(self))

    # ---- command palette ----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Dashboard", "What's next", partial(self.switch_mode, "dashboard"))
        yield SystemCommand("Bodies", "Boards, councils, groups", partial(self.switch_mode, "bodies"))
        yield SystemCommand(
            "Meetings", "All meetings, list or month view", partial(self.switch_mode, "meetings")
        )
        yield SystemCommand("Delegations", "Our delegations", partial(self.switch_mode, "delegations"))
        yield SystemCommand("Scripts", "Speeches, estimates and takes", partial(self.switch_mode, "scripts"))
        yield SystemCommand(
            "Handouts", "Handouts and their print-ready files", partial(self.switch_mode, "handouts")
        )
        yield SystemCommand("Minutes", "Action-group minutes", partial(self.switch_mode, "minutes"))
        yield SystemCommand(
            "Follow-ups", "Open and overdue follow-ups", partial(self.switch_mode, "followups")
        )
        yield SystemCommand(
            "Audits",
            "Policy audits: findings, recommendations, responses",
            partial(self.switch_mode, "audits"),
        )
        yield SystemCommand(
            "Honoraria",
            "What people are owed for their time; mark paid",
            partial(self.switch_mode, "honoraria"),
        )
        yield SystemCommand("Timer", "A five-minute countdown, no script", self.action_open_timer)
        yield SystemCommand("Add body", "A board, council, committee or group", self.action_add_body)
        yield SystemCommand("Add meeting", "Schedule a meeting of a body", self.action_add_meeting)
        yield SystemCommand("Add delegation", "Plan a delegation to a meeting", self.action_add_delegation)
        yield SystemCommand(
            "Load demo data", "Sample records to explore (empty folder only)", self.action_load_demo
        )
        yield SystemCommand(
            "Export calendar (.ics)",
            "Meetings, deadlines and follow-ups into exports/delegate.ics (key c in Meetings)",
            self.action_export_calendar,
        )
        yield SystemCommand(
            "Read calendar feeds", "Import what the bodies' published calendars changed (f in Bodies)",
            self.action_read_feeds,
        )  # fmt: skip
        yield SystemCommand("Refresh", "Re-read the data folder", self.action_reload)
        # Whatever the current screen can do by key, it can do from here too.
        seen = {
            "Dashboard",
            "Bodies",
            "Meetings",
            "Delegations",
            "Scripts",
            "Audits",
            "Honoraria",
            "Timer",
            "Export calendar (.ics)",
            "Refresh",
            "Quit",
            "Keys",
            "Back",
        }
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description and binding.description not in seen:
                seen.add(binding.description)
                yield SystemCommand(
                    binding.description, f"key: {binding.key}", partial(screen.run_action, binding.action)
                )


def make_app(
    root: Path,
    *,
    now: Callable[[], datetime] = clock.now,
    watch: bool = True,
    driver_class: type[Driver] | None = None,
    timer: TimerStart | None = None,
    start_screen: bool = False,
    warm_sections: bool = False,
) -> DelegateApp:
    """The app on a data folder; the CLI and the tests both build it here.

    `start_screen` paints a light first frame before anything heavy is imported or read, and
    `warm_sections` builds the sections' screens while the dashboard is idle (the CLI asks for both;
    tests that drive the screens directly need neither).
    """

    def open_store() -> Store:
        from delegate.store import Store

        return Store(root)

    return DelegateApp(
        open_store,
        now=now,
        watch=watch,
        driver_class=driver_class,
        timer=timer,
        start_screen=start_screen,
        warm_sections=warm_sections,
    )


def _dashboard() -> Any:
    from delegate.ui.screens import dashboard

    return dashboard


def _screens() -> Any:
    """The section and record screens, imported on first use to keep start-up quick."""
    from delegate.ui import sections

    return sections
