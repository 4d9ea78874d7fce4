"""A PIN box: typed masked, digits only, at most 12. What is typed is never shown, logged or copied:
Textual's copy and cut would put the digits on the clipboard, for the next ``ctrl+v`` to show."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from recovery_tui.security import PIN_LENGTHS
from recovery_tui.ui.guard import Guarded


class PinField(Guarded, Input):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(password=True, restrict=r"[0-9]*", max_length=PIN_LENGTHS[-1], select_on_focus=False, **kwargs)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def action_copy(self) -> None:
        pass

    def action_cut(self) -> None:
        pass
