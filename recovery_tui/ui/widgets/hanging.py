"""A numbered line whose wrapped lines stay under the text, not under the number."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class Hanging(Horizontal):
    DEFAULT_CSS = """
    Hanging { height: auto; }
    Hanging > .hanging-number { width: auto; min-width: 4; color: $text-muted; }
    Hanging > .hanging-text { width: 1fr; }
    """

    def __init__(self, number: str, text: Content, classes: str | None = None) -> None:
        super().__init__(
            Static(number, classes="hanging-number", markup=False),
            Static(text, classes="hanging-text"),
            classes=classes,
        )
