"""RecoveryApp: the screens, the global keys, the look, and what happens when something fails."""

from __future__ import annotations

import contextlib
import gc
import sys
from pathlib import Path

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

from recovery_tui.assets import asset_path
from recovery_tui.config import Settings, debug_from_environment, load_settings
from recovery_tui.content.support_lines import load_support_lines
from recovery_tui.plans_folder import remove_expired
from recovery_tui.ui.fault_log import FaultLog
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.looks import CONSOLE_CSS, ConsoleScrollBars
from recovery_tui.ui.screens.base import AppScreen, can_go_back
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen
from recovery_tui.ui.typed_ahead import KeysInTurn

SOMETHING_WENT_WRONG = (
    "Something went wrong and was not saved. Please try again; if it keeps happening, ask the agency's IT contact."
)
LOADING = (events.Mount, events.ScreenResume)  # a screen reads what it shows


def _driver_class() -> type[Driver] | None:
    if sys.platform == "win32":
        return None  # Textual's own
    from recovery_tui.ui.driver import RecoveryDriver

    return RecoveryDriver


class RecoveryApp(Guarded, KeysInTurn, App[None]):
    CSS_PATH = [asset_path("styles", f"{name}.tcss") for name in ("app", "workers", "lock", "self_assessment")]
    TITLE = "recovery-tui"
    ENABLE_COMMAND_PALETTE = False  # a kiosk shows only the keys each screen lists
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "show_keys", "Keys", show=False),
        Binding("f2", "support_lines", "Support lines", show=False, priority=True),
        Binding("escape", "back", "Back", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        cursor_blink: bool = True,
        support_lines_file: Path | None = None,
        *,
        debug: bool = False,
        log_dir: Path | None = None,
        settings: Settings | None = None,
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

    def on_load(self) -> None:
        self.fault_log.open()
        if self.console_look:
            self.scrollbars.on()

    def on_mount(self) -> None:
        with contextlib.suppress(OSError):  # a folder that cannot be read is tried again next time
            remove_expired(self.settings.plans_folder, self.settings.plan_keep_days)
        self.push_screen(ParticipantsScreen())
        self.call_after_refresh(self._settle_memory)

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

    # Keys --------------------------------------------------------------------

    async def action_back(self) -> None:
        if can_go_back(self.screen):
            self._settle()
            self.pop_screen()

    async def action_quit(self) -> None:
        self._settle()
        await super().action_quit()

    def _settle(self) -> None:
        """Save what is typed before the screen that holds it goes away."""
        if isinstance(self.screen, AppScreen):
            self.screen.settle()

    def action_show_keys(self) -> None:
        screen = self.screen
        if isinstance(screen, AppScreen):
            self.push_screen(KeysScreen(screen.heading, screen.keys()))

    def action_support_lines(self) -> None:
        """Records nothing. Read at each press, so an edited file shows at once."""
        if isinstance(self.screen, SupportLinesScreen):
            self.screen.dismiss()
        else:
            self.push_screen(SupportLinesScreen(load_support_lines(self.support_lines_file)))
