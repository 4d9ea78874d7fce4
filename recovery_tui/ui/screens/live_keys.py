"""A screen whose key bar follows its state: it lists only the keys that work now.

``keys()`` answers for the state the screen is in (a row highlighted, a visit open, the
field that has focus); the bar is redrawn when focus moves and whenever the screen
calls ``refresh_keys()`` after a change of its own. f1 reads the same ``keys()``.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult

from recovery_tui.ui.screens.base import AppScreen
from recovery_tui.ui.widgets.key_bar import KeyBar, key_pairs


class LiveKeyBar(KeyBar):
    def __init__(self, keys: list[tuple[str, str]], id: str | None = None) -> None:
        super().__init__(keys, id=id)
        self._keys = list(keys)

    def show(self, keys: list[tuple[str, str]]) -> None:
        """Redraw only when the keys changed: a focus move within one kind of field costs nothing."""
        if keys != self._keys:
            self._keys = list(keys)
            self._pairs = key_pairs(keys)
            self.refresh(layout=True)  # the bar may need one row more or less


class LiveKeysScreen(AppScreen):
    def compose_keys(self) -> ComposeResult:
        yield LiveKeyBar(self.keys())

    def refresh_keys(self) -> None:
        for bar in self.query(LiveKeyBar):
            bar.show(self.keys())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_keys()
