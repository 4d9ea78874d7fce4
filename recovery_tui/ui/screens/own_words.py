"""One line in the participant's own words: enter keeps it, escape leaves it out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from recovery_tui.security import clean_line
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.widgets.text_field import TextField


class OwnWordsScreen(Guarded, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, question: str, limit: int = 200) -> None:
        super().__init__()
        self.question = question
        self.limit = limit

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(self.question, classes="box-title", markup=False)
            yield TextField(limit=self.limit)
            yield Static("enter keeps it   esc leaves it out", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(clean_line(event.value) or None)
