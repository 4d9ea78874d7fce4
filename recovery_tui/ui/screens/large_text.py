"""The plan shown large and plain, for the participant to photograph: dark on light, bold, a line
of space between lines, one part at a time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from recovery_tui.exchange.take_home import Document
from recovery_tui.ui.screens.base import AppScreen


def page(document: Document, index: int) -> Content:
    """Page 0 is the title; then one section to a page."""
    if index == 0:
        lines = [document.title, document.subtitle]
    else:
        section = document.sections[index - 1]
        lines = [section.heading.upper(), *section.lines]
    return Content("\n\n".join(lines))


class LargeTextScreen(AppScreen):
    TITLE = "The plan, large, to photograph"
    BINDINGS = [
        Binding("right", "turn(1)", show=False),
        Binding("left", "turn(-1)", show=False),
    ]

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.shown = 0

    @property
    def pages(self) -> int:
        return 1 + len(self.document.sections)

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static(id="large-where", markup=False)
        with VerticalScroll(id="large"):
            yield Static(id="large-text")
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        keys = [("→", "Next part"), ("←", "Part before")] if self.pages > 1 else []
        if self.is_mounted and self.query_one("#large", VerticalScroll).show_vertical_scrollbar:
            keys.append(("↓↑", "Scroll"))
        return [*keys, ("esc", "Back to the plan")]

    def on_mount(self) -> None:
        scroll = self.query_one("#large", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "show_vertical_scrollbar", lambda _: self.refresh_keys(), init=False)
        self._show()

    def action_turn(self, step: int) -> None:
        self.shown = (self.shown + step) % self.pages
        self._show()

    def _show(self) -> None:
        self.query_one("#large-where", Static).update(f"Part {self.shown + 1} of {self.pages}")
        self.query_one("#large-text", Static).update(page(self.document, self.shown))
        self.query_one("#large", VerticalScroll).scroll_home(animate=False)
