"""The two looks: Textual's own, and one for a bare Linux console (``TERM=linux``).

A Linux virtual console draws only the few hundred glyphs of its font (Debian's console-setup
fonts, such as Uni2-Fixed16): ASCII, the box-drawing lines (single, rounded corners and double),
the full block, ``●`` and arrows, but not the eighth and half blocks Textual draws its tall
borders and scrollbars with, nor ``○``, ``◇`` or the half blocks ``▀ ▄`` (Uni2-Fixed16 has none).
The console look draws every mark, border, scrollbar and chart of the app from glyphs such a
font has (``assets/styles/console.tcss`` holds the borders), and keeps focus visible by its
shape (a double border), not by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.scrollbar import ScrollBar, ScrollBarRender

from recovery_tui.assets import asset_path


@dataclass(frozen=True)
class Look:
    chosen: str  # a feeling picked, and one not
    not_chosen: str
    uncompared: str  # a scale with no total, on the date axis of the scores chart
    feeling_bars: tuple[str, ...] | None  # a bar for feelings 1-5 in one row; None: columns of full blocks
    qr_module: tuple[str, str] | None  # dark and light module, a whole cell each; None: two modules a cell


TEXTUAL = Look("●", "○", "◇", ("▂", "▃", "▅", "▆", "█"), None)
CONSOLE = Look("(●)", "( )", "x", None, ("██", "  "))
CONSOLE_CSS = asset_path("styles", "console.tcss")


def look_of(app: Any) -> Look:
    """The look the running app draws in (a widget's ``self.app``)."""
    return CONSOLE if getattr(app, "console_look", False) else TEXTUAL


class WholeCellScrollBar(ScrollBarRender):
    """A scrollbar thumb of whole cells, coloured, with no eighth blocks at its ends."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


class ConsoleScrollBars:
    """While the console look is on, every scrollbar is drawn in whole cells; put back after."""

    def __init__(self) -> None:
        self.before: type[ScrollBarRender] | None = None

    def on(self) -> None:
        self.before = ScrollBar.renderer
        ScrollBar.renderer = WholeCellScrollBar

    def off(self) -> None:
        if self.before is not None:
            ScrollBar.renderer = self.before
            self.before = None
