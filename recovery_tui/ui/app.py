"""RecoveryApp: the screens, the global keys, the look, and what happens when something fails."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from time import monotonic

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import Notify
from textual.screen import Screen

from recovery_tui.assets import asset_path
from recovery_tui.config import Settings, debug_from_environment, load_settings
from recovery_tui.content.support_lines import load_support_lines
from recovery_tui.plans_folder import remove_expired
from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.fault_log import FaultLog
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.looks import CONSOLE_CSS, ConsoleScrollBars
from recovery_tui.ui.screens.base import AppScreen, can_go_back
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.lock import LockScreen, Purpose
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.passphrase import PassphraseScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen
from recovery_tui.ui.typed_ahead import KeysInTurn

SOMETHING_WENT_WRONG = (
    "Something went wrong and was not saved. Please try again; if it keeps happening, ask the agency's IT contact."
)
LOADING = (events.Mount, events.ScreenResume)  # a screen reads what it shows
NO_PIN_TO_LOCK = "The screen locks once a worker has a PIN: f3 on the participants screen adds workers and PINs."


def _driver_class() -> type[Driver] | None:
    if sys.platform == "win32":
        return None  # Textual's own
    from recovery_tui.ui.driver import RecoveryDriver

    return RecoveryDriver


class RecoveryApp(Guarded, KeysInTurn, App[None]):
    CSS_PATH = [
        asset_path("styles", f"{name}.tcss") for name in ("app", "workers", "lock", "self_assessment", "archive")
    ]
    TITLE = "recovery-tui"
    ENABLE_COMMAND_PALETTE = False  # a kiosk shows only the keys each screen lists
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "show_keys", "Keys", show=False),
        Binding("f2", "support_lines", "Support lines", show=False, priority=True),
        Binding("escape", "back", "Back", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+l", "lock", "Lock", show=False, priority=True),
    ]

    def __init__(
        self,
        cursor_blink: bool = True,
        support_lines_file: Path | None = None,
        *,
        debug: bool = False,
        log_dir: Path | None = None,
        settings: Settings | None = None,
        open_store: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(driver_class=_driver_class())
        self.cursor_blink = cursor_blink
        self.support_lines_file = support_lines_file  # the agency's list; read at each f2
        # Tracebacks are for developers: on a shared screen their locals show participants' data.
        self.show_tracebacks = debug or debug_from_environment()
        self.fault_log = FaultLog(log_dir)
        self.settings = settings or load_settings()  # where take-home plans go, how long they stay, the printer
        self.console_look = self.settings.console  # glyphs a bare Linux console has (recovery_tui.ui.looks)
        self.scrollbars = ConsoleScrollBars()
        if self.console_look:
            self.css_path.append(CONSOLE_CSS)
        self.last_key_at = monotonic()  # for the idle lock
        self.lock_screen: LockScreen | None = None  # while locked, signing in, or asking a PIN to quit
        self.open_store = open_store  # an encrypted store's opener, given its passphrase
        self.records_open = open_store is None  # until then nothing reads the records
        self._pins_were_set = self.settings.kiosk  # any PIN set, when last read; unread: as a kiosk needs

    def on_load(self) -> None:
        self.fault_log.open()
        if self.console_look:
            self.scrollbars.on()

    def on_mount(self) -> None:
        if self.open_store is None:
            self._start()
        else:  # the passphrase first, on a screen of its own
            self.push_screen(PassphraseScreen(self.open_store), self._records_opened)

    def _records_opened(self, _: None) -> None:
        self.records_open = True
        try:
            self._start()
        except Exception as error:  # as from on_mount: an app that cannot start stops, calmly
            self._handle_exception(error)

    def _start(self) -> None:
        """Once the records are open: the participants, after a sign-in where one is needed."""
        with contextlib.suppress(OSError):  # a folder that cannot be read is tried again next time
            remove_expired(self.settings.plans_folder, self.settings.plan_keep_days)
        self.push_screen(ParticipantsScreen())
        self._before_anyone_is_shown()
        if self.settings.idle_lock_minutes > 0:
            idle = self.settings.idle_lock_minutes * 60
            self.set_interval(min(5.0, idle / 4), self._lock_if_idle)
        self.call_after_refresh(self._settle_memory)

    def _before_anyone_is_shown(self) -> None:
        """Once a worker has a PIN, a sign-in comes first; a kiosk on a fresh data folder first asks for
        a worker with a PIN."""
        if self._pins_set():
            self._lock("sign in")
        elif self.settings.kiosk:
            from recovery_tui.ui.screens.worker_form import WorkerFormScreen

            self.push_screen(WorkerFormScreen(pin_required=True, first=True))

    def _settle_memory(self) -> None:
        """What is alive once the first screen is drawn lives as long as the app (Textual, styles,
        modules): it is moved out of the garbage collector's oldest generation, whose full scans
        otherwise stall about one screen change in ten by 150-250 ms (benchmarks/history_open.py).
        Without a collection first: a full one here would hold up the first key."""
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # collectable again once the app is gone (tests run many apps in one process)
        self.fault_log.close()
        self.scrollbars.off()

    # Faults ------------------------------------------------------------------

    def fault_words(self) -> str:
        path = self.fault_log.path
        return SOMETHING_WENT_WRONG + (f"\nDetails for IT, without anyone's information:\n{path}" if path else "")

    def recover(self, error: Exception, node: MessagePump, message: Message | None) -> bool:
        """Called by ``Guarded`` with what a handler did not expect; True when the app goes on."""
        if self.show_tracebacks or (node is self and isinstance(message, (events.Compose, events.Mount))):
            return False  # a developer's traceback, or the app itself could not start
        self.fault_log.record("unexpected error; the app carried on", error)
        self.notify(self.fault_words(), severity="error", timeout=30, markup=False)
        if isinstance(node, Screen) and isinstance(message, LOADING) and can_go_back(node):
            node.dismiss()  # a screen that could not load goes back to where the person was
        return True

    def _handle_exception(self, error: Exception) -> None:
        """Textual's last word on an exception: here the app cannot go on, so it stops calmly."""
        if self.show_tracebacks:
            super()._handle_exception(error)
            return
        self.fault_log.record("unexpected error; the app stopped", error)
        self._stop()

    def panic(self, *renderables: RenderableType) -> None:
        if self.show_tracebacks:
            super().panic(*renderables)
            return
        self.fault_log.record("the app stopped")  # what it would print may be a traceback with locals
        self._stop()

    def _stop(self) -> None:
        self.exit(return_code=1, message=Text(f"recovery-tui: {self.fault_words()}"))

    # Locking -----------------------------------------------------------------

    @property
    def locked(self) -> bool:
        """Whether the lock screen is up (the support lines may be over it)."""
        return self.lock_screen is not None

    def _pins_set(self) -> bool:
        if not self.records_open:
            return False  # the passphrase screen: not read (an unopened store is no StoreError)
        # Records out of reach (a server down): as last read, so that the lock never fails open.
        with contextlib.suppress(StoreError):
            self._pins_were_set = records.any_pin()
        return self._pins_were_set

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)):
            self.last_key_at = monotonic()
        await super().on_event(event)

    def _lock_if_idle(self) -> None:
        """Run by a timer, so nothing may escape it: Textual would stop the app, a kiosk included."""
        try:
            idle = monotonic() - self.last_key_at
            if idle >= self.settings.idle_lock_minutes * 60:
                self.action_lock(quietly=True)
        except Exception as error:
            if not self.recover(error, self, None):
                raise

    def action_lock(self, quietly: bool = False) -> None:
        """Lock now; a PIN asked for to quit becomes a lock (left alone, its ``escape`` would lead back)."""
        if not self.records_open:
            return  # the passphrase screen shows nothing to lock
        if self.lock_screen is not None:
            if self.lock_screen.purpose == "quit":
                self.lock_screen.become_lock()
                self._note_lock()
        elif self._pins_set():
            self._lock("lock")
        elif not quietly:
            self.notify(NO_PIN_TO_LOCK, title="Lock", markup=False)

    def _lock(self, purpose: Purpose) -> None:
        """Cover everything with the lock screen; what was typed is saved first, and no message stays."""
        self.lock_screen = LockScreen(purpose, records.acting_worker_id())
        self._settle()  # after the lock is set: a message it gives must not show over the lock screen
        self.clear_notifications()
        if purpose == "lock":
            self._note_lock()
        self.push_screen(self.lock_screen)

    def _note_lock(self) -> None:
        with contextlib.suppress(StoreError):  # locking must never fail for want of an audit line
            records.note_lock()

    def _note_quit(self) -> None:
        if self.records_open:  # not from the passphrase screen: nothing is open to write to
            with contextlib.suppress(StoreError):  # nor quitting
                records.note_quit()

    async def on_lock_screen_let_through(self, message: LockScreen.LetThrough) -> None:
        """Take the lock screen away, and with it, when another worker's PIN opened it, every screen of
        the last participant, without drawing any of them (their visit stays open)."""
        lock, worker_id = message.screen, message.worker_id
        if lock is not self.lock_screen or lock not in self.screen_stack:
            return
        if lock.purpose == "quit" and worker_id is not None:
            self._note_quit()
            self.exit()
            return
        self.lock_screen = None
        home_for_another = lock.purpose == "lock" and worker_id != lock.first_choice
        with self.batch_update():
            while self.screen is not lock:  # the support lines, open over the lock
                await self.pop_screen()
            await self.pop_screen()
            while home_for_another and len(self.screen_stack) > 2:
                await self.pop_screen()

    def _on_notify(self, event: Notify) -> None:
        """Nothing shows over the lock screen: a message from a screen beneath could name someone."""
        if self.locked:
            event.prevent_default()  # Textual's own handler, which shows it, is not called
        else:
            super()._on_notify(event)

    # Keys --------------------------------------------------------------------

    async def action_back(self) -> None:
        if self.lock_screen is not None and self.screen is self.lock_screen:
            self.lock_screen.leave_quit()
        elif can_go_back(self.screen):
            self._settle()
            self.pop_screen()

    async def action_quit(self) -> None:
        if self.locked:
            return  # a PIN first: unlock, then quit
        if self.settings.kiosk and self._pins_set():
            self._lock("quit")
            return
        self._settle()
        self._note_quit()
        await super().action_quit()

    def action_help_quit(self) -> None:
        """``ctrl+c`` does nothing (Textual would say how to quit); in a text box it copies."""

    def _settle(self) -> None:
        """Save what is typed before the screen that holds it goes away."""
        if isinstance(self.screen, AppScreen):
            self.screen.settle()

    def action_show_keys(self) -> None:
        screen = self.screen
        if isinstance(screen, AppScreen):
            lock = [("ctrl+l", "Lock the screen")] if self._pins_set() else []
            self.push_screen(KeysScreen(screen.heading, [*screen.keys(), *lock]))

    def action_support_lines(self) -> None:
        """Records nothing. Read at each press, so an edited file shows at once."""
        if isinstance(self.screen, SupportLinesScreen):
            self.screen.dismiss()
        else:
            self.push_screen(SupportLinesScreen(load_support_lines(self.support_lines_file)))
