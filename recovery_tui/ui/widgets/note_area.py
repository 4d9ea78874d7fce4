"""A box for free text over several lines, saved as it is entered.

What is typed or pasted is cleaned as it arrives. The text is handed to
``save`` once typing pauses, when the box loses focus, and when it leaves the
screen, so that a keystroke never waits on the database and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from recovery_tui.security import printable_block
from recovery_tui.ui.guard import Guarded


class NoteArea(Guarded, TextArea):
    DEFAULT_CSS = """
    NoteArea {
        height: auto;
        min-height: 3;
        max-height: 8;
    }
    """

    PAUSE = 0.6  # seconds of quiet before saving

    def __init__(self, text: str = "", save: Callable[[str], bool | None] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        kwargs.setdefault("show_line_numbers", False)
        super().__init__(text, **kwargs)
        self._save = save
        self._saved = text

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
        self._timer = self.set_timer(self.PAUSE, self.settle, pause=True)

    def on_text_area_changed(self) -> None:
        self._timer.reset()
        self._timer.resume()

    def on_focus(self) -> None:
        self.move_cursor(self.document.end)  # new words go after what is already written

    def on_blur(self) -> None:
        self.settle()

    def on_unmount(self) -> None:
        self.settle()

    def settle(self) -> None:
        """Save now if the text changed since it was last saved; a failed save is tried again later."""
        if self._save is not None and self.text != self._saved and self._save(self.text):
            self._saved = self.text

    def edit(self, edit: Edit) -> EditResult:
        edit.text = printable_block(edit.text)
        return super().edit(edit)
