"""How the participant feels today: five choices in their own words, picked with 1-5."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from recovery_tui.content.checkin_words import checkin_words
from recovery_tui.ui.looks import look_of


class FeelingPicker(Widget, can_focus=True):
    DEFAULT_CSS = """
    FeelingPicker {
        height: auto;
        margin: 1 1 0 1;
        padding: 0 1;
        border: tall $border-blurred;
        border-title-color: $text;
        border-title-style: bold;
    }
    FeelingPicker:focus {
        border: tall $accent;
    }
    """

    @dataclass
    class Chosen(Message):
        picker: FeelingPicker
        value: int | None
        before: int | None

    def __init__(self, value: int | None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = value

    def render(self) -> Content:
        rows = []
        look = look_of(self.app)
        for value, words in checkin_words().feelings:
            mark = look.chosen if value == self.value else look.not_chosen
            style = "bold $text-success" if value == self.value else ""
            rows.append(Content.assemble((f"{value} ", "bold $accent"), (f"{mark} {words}", style)))
        return Content("\n").join(rows)

    def on_key(self, event: events.Key) -> None:
        before = self.value
        if event.key in {"1", "2", "3", "4", "5"}:
            event.stop()
            self.show(int(event.key))
        elif event.key == "backspace" and self.value is not None:
            event.stop()
            self.show(None)
        else:
            return
        self.post_message(self.Chosen(self, self.value, before))

    def show(self, value: int | None) -> None:
        self.value = value
        self.refresh()
