"""RecoveryApp: the screens, the global keys and the look."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from recovery_tui.assets import asset_path
from recovery_tui.ui.screens.base import AppScreen
from recovery_tui.ui.screens.keys import KeysScreen
from recovery_tui.ui.screens.participants import ParticipantsScreen


class RecoveryApp(App[None]):
    CSS_PATH = str(asset_path("styles", "app.tcss"))
    TITLE = "recovery-tui"
    ENABLE_COMMAND_PALETTE = False  # a kiosk shows only the keys each screen lists
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "show_keys", "Keys", show=False),
        Binding("escape", "back", "Back", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, cursor_blink: bool = True) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink

    def on_mount(self) -> None:
        self.push_screen(ParticipantsScreen())

    def action_back(self) -> None:
        if isinstance(self.screen, ModalScreen) or len(self.screen_stack) > 2:
            self.pop_screen()

    def action_show_keys(self) -> None:
        screen = self.screen
        if isinstance(screen, AppScreen):
            self.push_screen(KeysScreen(screen.TITLE, screen.keys()))
