"""Boxes for secrets (a PIN, a passphrase) and the line that says what came of one.

What is typed is shown as dots and never logged or copied: Textual's copy and cut would put it on
the clipboard, for the next ``ctrl+v`` to show.
"""

from __future__ import annotations

from typing import Any

from textual.timer import Timer
from textual.widgets import Input, Static

from recovery_tui.security import PIN_LENGTHS
from recovery_tui.ui.guard import Guarded

NO_CONTROLS = r"[^\x00-\x1f\x7f-\x9f]*"  # any printable character


class SecretField(Guarded, Input):
    def __init__(self, restrict: str = NO_CONTROLS, **kwargs: Any) -> None:
        super().__init__(password=True, restrict=restrict, select_on_focus=False, **kwargs)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def action_copy(self) -> None:
        pass

    def action_cut(self) -> None:
        pass


class PinField(SecretField):
    """Digits only, at most 12."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(restrict=r"[0-9]*", max_length=PIN_LENGTHS[-1], **kwargs)


class TryMessage(Static):
    """What came of a try; after a wait, it says (``when_over``) that another can be made."""

    def __init__(self, when_over: str, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.when_over = when_over
        self._waiting: Timer | None = None

    def say(self, words: str, wait_seconds: float = 0.0) -> None:
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        self.update(words)
        if wait_seconds > 0:
            self._waiting = self.set_timer(wait_seconds, lambda: self.say(self.when_over))
