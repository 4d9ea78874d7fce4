"""RecoveryApp: the screens, the global keys and the look."""

from __future__ import annotations

import uuid
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from recovery_tui.assets import asset_path
from recovery_tui.content.support_lines import load_support_lines
from recovery_tui.ui.screens.base import AppScreen
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen
from recovery_tui.ui.screens.support_lines import SupportLinesScreen


class RecoveryApp(App[None]):
    CSS_PATH = str(asset_path("styles", "app.tcss"))
    TITLE = "recovery-tui"
    ENABLE_COMMAND_PALETTE = False  # a kiosk shows only the keys each screen lists
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "show_keys", "Keys", show=False),
        Binding("f2", "support_lines", "Support lines", show=False, priority=True),
        Binding("escape", "back", "Back", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, cursor_blink: bool = True, support_lines_file: Path | None = None) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.support_lines_file = support_lines_file  # the agency's list; read at each f2
        self.current_visit_id: uuid.UUID | None = None  # the visit this app started or resumed

    def on_mount(self) -> None:
        self.push_screen(ParticipantsScreen())

    async def action_back(self) -> None:
        if isinstance(self.screen, ModalScreen) or len(self.screen_stack) > 2:
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
