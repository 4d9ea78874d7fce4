"""The Textual floor: a minimal app (a header, a label, an input and a footer).

Whatever a case measures in recovery-tui is measured the same way, in the same run, on
this app: what Textual itself costs is the floor, and the app is judged by its ratio to it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, Label


class FloorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("The Textual floor")
        yield Input()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False  # a blinking cursor would draw frames of its own
