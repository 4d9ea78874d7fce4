"""A one-line text box for the app's forms.

What is typed or pasted is cleaned as it arrives (no control characters ever
reach the screen) and held to ``limit`` characters. A key that would pass it is
not added; a paste that would pass it keeps what fits. Either way a note on the
field's lower border says what happened, so nothing is cut short silently. Focus
puts the cursor at the end instead of selecting everything, so that correcting
one character never wipes a name. The cursor blinks unless the app says
otherwise (steady in tests).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from recovery_tui.security import printable
from recovery_tui.ui.guard import Guarded


def too_long(limit: int, kept: int, pasted: int) -> str:
    """What the field says when a paste does not fit: how much was kept, and that the rest was not added."""
    if kept == 0:
        return f"At most {limit} characters fit here; that paste was not added."
    return f"Kept {kept} of {pasted} characters; the rest was not added."


class TextField(Guarded, Input):
    def __init__(self, *args: Any, limit: int = 80, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.initial = self.value  # what it opened with: a form asks before typed words are lost

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def _room(self, start: int, end: int) -> int:
        """How many characters fit in place of those from ``start`` to ``end``."""
        return max(self.limit - (len(self.value) - (end - start)), 0)

    def _span(self, start: int, end: int) -> tuple[int, int]:
        low, high = sorted((start, end))
        return max(low, 0), min(high, len(self.value))

    def replace(self, text: str, start: int, end: int) -> None:
        text = printable(text)
        start, end = self._span(start, end)
        if len(text) > self._room(start, end):
            self.app.bell()
            what = "that paste" if len(text) > 1 else "that key"
            self.border_subtitle = f"At most {self.limit} characters fit here; {what} was not added."
            return
        self.border_subtitle = ""
        super().replace(text, start, end)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste keeps what fits (its line breaks as spaces) and says what was not added."""
        event.stop()
        event.prevent_default()  # Input's own handler would keep only the first line, and all or nothing
        text = printable(event.text.strip("\r\n"))
        if not text:
            return
        start, end = self._span(*self.selection)
        room = self._room(start, end)
        self.replace(text[:room], start, end)
        if len(text) > room:
            self.app.bell()
            self.border_subtitle = too_long(self.limit, room, len(text))
