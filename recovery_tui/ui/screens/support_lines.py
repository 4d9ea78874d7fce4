"""f2 on every screen: the support lines, over whatever was on screen.

Escape or f2 closes the panel and everything underneath is as it was. Opening
it records nothing: no audit event, no write of any kind. When the agency's file
cannot be used, the default lines come first and the problem, for the worker,
follows on one short dim line below them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from recovery_tui.content.support_lines import USING_DEFAULTS, SupportLine, SupportLines
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


def problem_line(support: SupportLines) -> Content:
    """For the worker, below the lines: what is wrong with the agency's file, in one short line.

    The lines shown are the defaults, which the screen makes plain; the problem names
    the file and the field for the worker to pass on.
    """
    assert support.problem is not None
    problem = clean_line(support.problem).removesuffix(f"; {USING_DEFAULTS}")
    return Content(f"For the worker: {problem}")


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
            # Below the lines, outside their scroll: the lines come first, the problem stays in view.
            with Vertical(id="support-foot"):
                if self.support.problem:
                    yield Static(problem_line(self.support), id="support-problem")
                yield Static(Content(HINT), id="support-hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#support-lines", VerticalScroll).focus()  # so that a long list scrolls by keys
        self.call_after_refresh(self._show_hint)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_hint)

    def _show_hint(self) -> None:
        scrolls = self.query_one("#support-lines", VerticalScroll).max_scroll_y > 0
        self.query_one("#support-hint", Static).update(Content(SCROLL_HINT if scrolls else HINT))
