"""Totals of the completed scales over time, drawn in text cells with dates along the bottom.

Totals are points joined by a dotted line, the first and the latest labelled with their number.
A scale with statements declined has no total to compare: it is its own mark on the date axis,
never joined to the line. Neutral colours throughout: no point is 'bad'.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from recovery_tui.store.records import ScalePoint
from recovery_tui.ui.looks import TEXTUAL, look_of
from recovery_tui.ui.text import day

POINT, LINE = "●", "·"  # both in the console fonts too
Y_LABEL_WIDTH = 4  # "115 "
PLOT_STYLE = "$text-accent"


def _nice_range(totals: Sequence[int], lowest: int, highest: int) -> tuple[int, int]:
    """The value range of the y axis: the totals with a little room, on multiples of 5, within the scale."""
    low = max(lowest, (min(totals) - 1) // 5 * 5)
    high = min(highest, math.ceil((max(totals) + 1) / 5) * 5)
    return (low, high) if high > low else (lowest, highest)


def score_chart(
    points: Sequence[ScalePoint], lowest: int, highest: int, width: int, rows: int, uncompared: str = TEXTUAL.uncompared
) -> Content:
    """``points`` oldest first, at least one; ``lowest``/``highest``: the totals the instrument allows."""
    plot_width = max(10, width - Y_LABEL_WIDTH - 1)
    first_day, last_day = points[0].date, points[-1].date
    span = (last_day - first_day).days

    def column(index: int, point: ScalePoint) -> int:
        if span == 0:  # all on one day: side by side in their order
            return round(index * (plot_width - 1) / max(1, len(points) - 1))
        return round((point.date - first_day).days * (plot_width - 1) / span)

    totals = [(column(i, p), p.total) for i, p in enumerate(points) if p.total is not None]
    low, high = _nice_range([t for _, t in totals] or [lowest, highest], lowest, highest)

    def row(value: float) -> int:
        return round((value - low) * (rows - 1) / (high - low))

    grid = [[" "] * plot_width for _ in range(rows)]
    for (x0, y0), (x1, y1) in itertools.pairwise(totals):
        for x in range(x0 + 1, x1):
            grid[row(y0 + (y1 - y0) * (x - x0) / (x1 - x0))][x] = LINE
    for x, total in totals:
        grid[row(total)][x] = POINT
    if totals:
        for x, total in {totals[0], totals[-1]}:
            label, r = str(total), row(total)
            label_row = r + 1 if r + 1 < rows else r - 1
            start = min(max(0, x - len(label) // 2), plot_width - len(label))
            if all(cell == " " for cell in grid[label_row][start : start + len(label)]):
                grid[label_row][start : start + len(label)] = list(label)

    lines: list[Content] = []
    for r in reversed(range(rows)):
        label = str(high) if r == rows - 1 else str(low) if r == 0 else ""
        if r == row((low + high) / 2) and 0 < r < rows - 1:
            label = str(round((low + high) / 2))
        tick = "┤" if label else "│"
        lines.append(Content.assemble((f"{label:>{Y_LABEL_WIDTH - 1}} {tick}", "dim"), ("".join(grid[r]), PLOT_STYLE)))

    date_axis = ["─"] * plot_width
    for index, point in enumerate(points):
        if point.total is None:
            date_axis[column(index, point)] = uncompared
    lines.append(Content.assemble((" " * Y_LABEL_WIDTH + "└", "dim"), ("".join(date_axis), PLOT_STYLE)))
    first, last = day(first_day), day(last_day)
    gap = plot_width + 1 - len(first) - len(last)
    dates = first + " " * gap + last if span and gap > 0 else first
    lines.append(Content(" " * Y_LABEL_WIDTH + dates).stylize("dim"))
    return Content("\n").join(lines)


class ScoreChart(Widget):
    """The chart, drawn again to fit whenever the width changes."""

    DEFAULT_CSS = "ScoreChart { height: auto; }"

    def __init__(self, points: Sequence[ScalePoint], lowest: int, highest: int) -> None:
        super().__init__()
        self.points = points
        self.lowest = lowest
        self.highest = highest

    def render(self) -> Content:
        rows = max(5, min(14, self.app.size.height - 16))
        return score_chart(self.points, self.lowest, self.highest, self.size.width, rows, look_of(self.app).uncompared)
