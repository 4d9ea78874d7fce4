"""Feeling at recent check-ins as a small bar chart, oldest first. Neutral colours: no bar is 'bad'.

In the console look, whose font has no eighth blocks, each check-in is a column of full blocks."""

from __future__ import annotations

from textual.content import Content

from recovery_tui.ui.looks import TEXTUAL, Look

GAP = "  "


def feeling_chart(values: list[int], look: Look = TEXTUAL) -> Content:
    if look.feeling_bars is not None:
        bars = GAP.join(look.feeling_bars[v - 1] for v in values)
    else:
        bars = "\n".join(GAP.join("█" if v >= height else " " for v in values) for height in range(5, 0, -1))
    numbers = GAP.join(str(v) for v in values)
    return Content.assemble((bars, "$text-accent"), "\n", (numbers, "dim"))
