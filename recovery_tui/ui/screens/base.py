"""What every screen shares: a title line, the key bar, and the list of its keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.note_area import NoteArea

GLOBAL_KEYS = [("f1", "Keys"), ("f2", "Support lines"), ("ctrl+q", "Quit")]


class AppScreen(Screen[None]):
    TITLE: ClassVar[str] = ""
    KEYS: ClassVar[list[tuple[str, str]]] = []  # what the key bar and f1 show, in that order

    @property
    def heading(self) -> str:
        """The title line and the title of f1's list: ``TITLE``, unless the screen words its own."""
        return self.TITLE

    def keys(self) -> list[tuple[str, str]]:
        return [*self.KEYS, *GLOBAL_KEYS]

    def compose_title(self) -> ComposeResult:
        yield Static(self.heading, classes="screen-title", markup=False)

    def compose_keys(self) -> ComposeResult:
        yield KeyBar(self.keys())

    def settle(self) -> None:
        """Save what is typed but not yet saved; called before the screen is left or covered."""
        for note in self.query(NoteArea):
            note.settle()

    def on_screen_suspend(self) -> None:
        self.settle()
