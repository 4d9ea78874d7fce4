"""One of a list of dates, chosen by keys: the screen returns the index chosen, or None on escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from recovery_tui.ui.guard import Guarded


class DateChoiceScreen(Guarded, ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, question: str, dates: list[tuple[str, str]]) -> None:
        """``dates``: (the date in words, what it holds), in the order shown."""
        super().__init__()
        self.question = question
        self.dates = dates

    def compose(self) -> ComposeResult:
        with Vertical(id="date-box"):
            yield Static(self.question, classes="box-title", markup=False)
            yield OptionList(*(Content.assemble((f"{when:>11}", "bold"), f"  {what}") for when, what in self.dates))
            yield Static(
                Content.assemble(
                    ("↓↑", "bold $accent"),
                    " Move   ",
                    ("enter", "bold $accent"),
                    " Choose   ",
                    ("esc", "bold $accent"),
                    " Back",
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)
