"""A question answered by one key: the screen returns the key chosen, or None on escape.

Keys typed before the question was drawn are ignored (a key's ``time`` says when it was
typed): nobody confirms what they never saw, however fast keys arrive.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual._time import get_time  # the clock Textual stamps each key with
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from recovery_tui.ui.guard import Guarded


class ChoiceScreen(Guarded, ModalScreen[str | None]):
    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.drawn_at: float | None = None  # when the question was first on screen

    def compose(self) -> ComposeResult:
        lines = [Content.assemble((key, "bold $accent"), "  ", text) for key, text in self.choices]
        with Vertical(id="choice-box"):
            yield Static(self.question, classes="box-title", markup=False)
            yield Static(Content("\n").join(lines))

    def on_mount(self) -> None:
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        self.drawn_at = get_time()

    def on_key(self, event: events.Key) -> None:
        if not self.is_current:
            return  # typed ahead after the answer: answering twice would close the screen beneath
        if self.drawn_at is None or event.time < self.drawn_at:
            event.stop()  # typed before the question could be read: it answers nothing
            event.prevent_default()
            return
        if event.key in {key for key, _ in self.choices}:
            event.stop()
            self.dismiss(event.key)
        elif event.key == "escape":
            event.stop()
            self.dismiss(None)


def if_yes(then: Callable[[], object]) -> Callable[[str | None], None]:
    """A ChoiceScreen's callback that does ``then`` when the answer was y."""

    def answered(key: str | None) -> None:
        if key == "y":
            then()

    return answered
