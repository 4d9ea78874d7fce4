"""The plan as QR codes drawn in the terminal, for the participant to scan with their own phone's
camera: nothing goes over a network. A plan too long for one code that fits the screen is split
into numbered codes, shown one at a time."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from recovery_tui.ui.looks import TEXTUAL, Look, look_of
from recovery_tui.ui.screens.base import AppScreen

DARK_ON_LIGHT = "#000000 on #ffffff"  # whatever the theme: phone cameras read dark modules on light
ROWS_KEPT = 4  # for the title line and the key bar; the words go beside the code
WORDS_WIDTH = 30  # columns kept beside the code for what it is and how to use it


def drawn(modules: list[list[bool]], look: Look = TEXTUAL) -> Content:
    """Two rows of modules to a line of text, in half blocks, so that each module is about square;
    in the console look, whose font has no half blocks, a module is two full-block cells wide."""
    if look.qr_module is not None:
        dark, light = look.qr_module
        lines = ["".join(dark if module else light for module in row) for row in modules]
    else:
        lines = []
        for top, bottom in zip(modules[::2], [*modules[1::2], [False] * len(modules[0])], strict=True):
            lines.append("".join(" ▄▀█"[2 * t + b] for t, b in zip(top, bottom, strict=True)))
    return Content("\n".join(lines)).stylize(DARK_ON_LIGHT)


def modules_that_fit(width: int, height: int, look: Look) -> int:
    """The most modules a side a code can have in ``width`` x ``height`` cells, beside its words."""
    if look.qr_module is not None:
        return min((width - WORDS_WIDTH - 4) // len(look.qr_module[0]), height - ROWS_KEPT)
    return min(width - WORDS_WIDTH - 4, 2 * (height - ROWS_KEPT))


class QrCodesScreen(AppScreen):
    TITLE = "The plan as a QR code"
    BINDINGS = [
        Binding("right", "turn(1)", show=False),
        Binding("left", "turn(-1)", show=False),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.codes: list[str] = []
        self.shown = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="qr"):
            yield Static(id="qr-code")
            yield Static(id="qr-words", markup=False)
        yield from self.compose_keys()

    def screen_keys(self) -> list[tuple[str, str]]:
        keys = [("→", "Next code"), ("←", "Code before")] if len(self.codes) > 1 else []
        return [*keys, ("esc", "Back to the plan")]

    def on_mount(self) -> None:
        self._lay_out()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        """As many codes as it takes at the largest size the screen holds."""
        from recovery_tui.exchange import qr  # segno, loaded when a code is first shown

        width, height = self.app.size
        try:
            version = qr.largest_version(modules_that_fit(width, height, look_of(self.app)))
            self.codes = qr.split(self.text, version)
        except qr.TooSmall:
            self.codes = []
        self.shown = min(self.shown, max(0, len(self.codes) - 1))
        self._show()

    def action_turn(self, step: int) -> None:
        if self.codes:
            self.shown = (self.shown + step) % len(self.codes)
            self._show()

    def _show(self) -> None:
        words = self.query_one("#qr-words", Static)
        code = self.query_one("#qr-code", Static)
        if not self.codes:
            words.update("The window is too small for a code. Make it larger, or show the plan as large text.")
            code.update("")
        else:
            count = len(self.codes)
            which = f"Code {self.shown + 1} of {count}.\n\n" if count > 1 else ""
            words.update(
                f"{which}Scan it with your phone's camera to keep the plan as text. Nothing is sent anywhere."
                + ("\n\nA larger window, or fewer parts in the plan, needs fewer codes." if count > 1 else "")
            )
            from recovery_tui.exchange import qr

            code.update(drawn(qr.matrix(self.codes[self.shown]), look_of(self.app)))
        self.refresh_keys()
