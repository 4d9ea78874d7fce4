"""A one-line text box whose cursor blinks unless the app says otherwise (steady in tests)."""

from __future__ import annotations

from textual.widgets import Input


class TextField(Input):
    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
