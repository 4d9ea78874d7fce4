"""Marks that read without colour: ``[x]`` for chosen, ``[ ]`` for not.

Textual's ``SelectionList`` and ``Checkbox`` show a chosen item only by the colour of
an ``X`` (green or grey), which a person who does not see colour, or a console with
few colours, cannot tell apart. These show the mark itself.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

MARKED = "[x]"
UNMARKED = "[ ]"

T = TypeVar("T")


def mark(chosen: bool) -> str:
    return MARKED if chosen else UNMARKED


class MarkList(SelectionList[T]):
    """A list where space marks and unmarks the highlighted row, each row led by its mark."""

    def _get_left_gutter_width(self) -> int:
        return len(MARKED) + 1

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt alone, without SelectionList's coloured button
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        underlying = next(iter(line)).style or self.rich_style
        chosen = selection.value in self._selected
        style = underlying + Style(bold=True) if chosen else underlying
        return Strip([Segment(mark(chosen) + " ", style), *line])


class MarkBox(Checkbox):
    """A checkbox that reads ``[x]`` when ticked and ``[ ]`` when not."""

    @property
    def _button(self) -> Content:
        return Content.styled(mark(self.value), "bold")
