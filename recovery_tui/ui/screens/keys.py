"""f1: the keys of the screen underneath, in a box that escape or f1 closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from recovery_tui.ui.guard import Guarded


class KeysScreen(Guarded, ModalScreen[None]):
    BINDINGS = [Binding("escape,f1", "dismiss", "Close")]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._keys = keys

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in self._keys)
        lines = [Content.assemble((key.ljust(width), "bold $accent"), "  ", text) for key, text in self._keys]
        with Vertical(id="keys-box"):
            yield Static(f"Keys: {self._title}", classes="box-title", markup=False)
            yield Static(Content("\n").join(lines))
            yield Static("esc or f1 closes this box", classes="hint", markup=False)
