"""A one-line text box for the app's forms.

What is typed or pasted is cleaned as it arrives (no control characters ever
reach the screen) and held to ``limit`` characters: an insertion that would pass
it is not made, and a note on the field's lower border says so. Focus puts the cursor at the end instead of
selecting everything, so that correcting one character never wipes a name. The
cursor blinks unless the app says otherwise (steady in tests).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from recovery_tui.security import printable
from recovery_tui.ui.guard import Guarded


class TextField(Guarded, Input):
    def __init__(self, *args: Any, limit: int = 80, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.limit = limit

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def replace(self, text: str, start: int, end: int) -> None:
        text = printable(text)
        length = len(self.value) - (end - start) + len(text)
        if length > self.limit:
            self.app.bell()
            what = "that paste" if len(text) > 1 else "that key"
            self.border_subtitle = f"At most {self.limit} characters fit here; {what} was not added."
            return
        self.border_subtitle = ""
        super().replace(text, start, end)
