"""Feeling at recent check-ins as a small bar chart, oldest first. Neutral colours: no bar is 'bad'."""

from __future__ import annotations

from textual.content import Content

BARS = {1: "▂", 2: "▃", 3: "▅", 4: "▆", 5: "█"}


def feeling_chart(values: list[int]) -> Content:
    bars = "  ".join(BARS[v] for v in values)
    numbers = "  ".join(str(v) for v in values)
    return Content.assemble((bars, "$text-accent"), "\n", (numbers, "dim"))
