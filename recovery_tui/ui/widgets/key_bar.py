"""The keys of the current screen, always visible, wrapping whole keys to a second row."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

GAP = "   "


def key_pairs(keys: list[tuple[str, str]]) -> list[Content]:
    return [Content.assemble((key, "bold $accent"), " ", description) for key, description in keys]


def lay_out(pairs: list[Content], width: int) -> Content:
    """Fill rows left to right, never splitting a key from its description."""
    rows: list[list[Content]] = [[]]
    used = 0
    for pair in pairs:
        needed = pair.cell_length + (len(GAP) if rows[-1] else 0)
        if rows[-1] and used + needed > width:
            rows.append([])
            used, needed = 0, pair.cell_length
        rows[-1].append(pair)
        used += needed
    return Content("\n").join(Content(GAP).join(row) for row in rows)


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, keys: list[tuple[str, str]], id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys = list(keys)
        self._pairs = key_pairs(keys)

    @property
    def keys(self) -> list[tuple[str, str]]:
        """The keys shown, as (key, what it does)."""
        return list(self._keys)

    def show(self, keys: list[tuple[str, str]]) -> None:
        """Show other keys; nothing is redrawn when they are the same."""
        if keys != self._keys:
            self._keys = list(keys)
            self._pairs = key_pairs(keys)
            self.refresh(layout=True)  # the bar may need one row more or fewer

    def render(self) -> Content:
        return lay_out(self._pairs, max(self.content_size.width, 1))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return lay_out(self._pairs, max(width, 1)).plain.count("\n") + 1
