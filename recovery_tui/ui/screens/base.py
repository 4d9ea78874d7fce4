"""What every screen shares: a title line, the key bar, and the list of its keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from recovery_tui.ui.widgets.key_bar import KeyBar

GLOBAL_KEYS = [("f1", "Keys"), ("ctrl+q", "Quit")]


class AppScreen(Screen[None]):
    TITLE: ClassVar[str] = ""
    KEYS: ClassVar[list[tuple[str, str]]] = []  # what the key bar and f1 show, in that order

    def keys(self) -> list[tuple[str, str]]:
        return [*self.KEYS, *GLOBAL_KEYS]

    def compose_title(self) -> ComposeResult:
        yield Static(self.TITLE, classes="screen-title", markup=False)

    def compose_keys(self) -> ComposeResult:
        yield KeyBar(self.keys())
