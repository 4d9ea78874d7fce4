"""f2 on every screen: the support lines, over whatever was on screen.

Escape or f2 closes the panel and everything underneath is as it was. Opening
it records nothing: no audit event, no write of any kind.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from recovery_tui.content.support_lines import SupportLine, SupportLines
from recovery_tui.security import clean_line
from recovery_tui.ui.guard import Guarded

HINT = "esc returns to where you were"
SCROLL_HINT = "↓↑ more lines   " + HINT


def line_block(line: SupportLine) -> Content:
    """One line as four rows at most: name, how to reach it, another way, a note."""
    rows = [
        Content.styled(clean_line(line.name), "bold"),
        Content.styled(clean_line(line.contact), "bold $text-accent"),
    ]
    if line.extra:
        rows.append(Content.styled(clean_line(line.extra), "bold $text-accent"))
    if line.note:
        rows.append(Content.styled(clean_line(line.note), "dim"))
    return Content("\n").join(rows)


def problem_block(support: SupportLines) -> Content:
    assert support.problem is not None
    rows = [
        Content.styled("For the worker: the agency's support-lines file has a problem.", "$text-warning"),
        Content(clean_line(support.problem)),
    ]
    if support.source is not None:
        rows.append(Content.styled(f"File: {clean_line(str(support.source))}", "dim"))
    return Content("\n").join(rows)


class SupportLinesScreen(Guarded, ModalScreen[None]):
    BINDINGS = [Binding("escape,f2", "dismiss", "Close", show=False)]

    def __init__(self, support: SupportLines) -> None:
        super().__init__()
        self.support = support

    def compose(self) -> ComposeResult:
        with Vertical(id="support-box") as box:
            box.border_title = "Support lines"
            with VerticalScroll(id="support-lines"):
                for line in self.support.lines:
                    yield Static(line_block(line), classes="support-line")
                if self.support.problem:
                    yield Static(problem_block(self.support), id="support-problem")
            yield Static(Content(HINT), id="support-hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#support-lines", VerticalScroll).focus()  # so that a long list scrolls by keys
        self.call_after_refresh(self._show_hint)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_hint)

    def _show_hint(self) -> None:
        scrolls = self.query_one("#support-lines", VerticalScroll).max_scroll_y > 0
        self.query_one("#support-hint", Static).update(Content(SCROLL_HINT if scrolls else HINT))
