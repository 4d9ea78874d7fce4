"""The lock screen: a worker's name and PIN, and nothing else.

It covers the whole screen, shows no participant's data whatever lies beneath, and nothing gets
past it but a worker's PIN (the app ignores its global keys here; ``f2`` still shows the support
lines). The worker is chosen first (``↓↑``), then their PIN is typed: one hash is checked, never one
per worker. It serves three purposes: the screen locked (by ``ctrl+l`` or when idle), signing in at
start, and, in kiosk mode, quitting (the only one ``escape`` leaves). It returns the id of the
worker whose PIN let it through, or None when a quit was called off.
"""

from __future__ import annotations

import uuid
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.screens.pin_prompt import try_pin
from recovery_tui.ui.text import literal
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.pin_field import PinField

Purpose = Literal["lock", "sign in", "quit"]

TITLES: dict[Purpose, str] = {"lock": "Locked", "sign in": "Sign in", "quit": "Quit"}
ENTER: dict[Purpose, str] = {"lock": "Unlock", "sign in": "Sign in", "quit": "Quit"}
WORDS: dict[Purpose, str] = {
    "lock": "This screen is locked. Choose your name, then type your PIN to carry on where you were.",
    "sign in": "Choose your name, then type your PIN.",
    "quit": "A worker's PIN is needed to quit. Choose your name, then type your PIN.",
}


class LockScreen(Guarded, Screen[uuid.UUID | None]):
    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, purpose: Purpose, worker_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.purpose = purpose
        self.first_choice = worker_id  # highlighted first: the worker who was signed in

    def compose(self) -> ComposeResult:
        yield Static(TITLES[self.purpose], classes="screen-title")
        yield Static(WORDS[self.purpose], id="lock-words")
        names = OptionList(id="lock-workers")
        names.can_focus = False  # the PIN box keeps focus; up and down move here
        yield names
        yield Static("PIN", classes="field-label")
        yield PinField(id="lock-pin")
        yield Static("", id="lock-message", markup=False)
        keys = [
            ("↓↑", "Choose your name"),
            ("enter", {"lock": "Unlock", "sign in": "Sign in", "quit": "Quit"}[self.purpose]),
        ]
        if self.purpose == "quit":
            keys.append(("esc", "Do not quit"))
        yield KeyBar([*keys, ("f2", "Support lines")], classes="screen-keys")

    def on_mount(self) -> None:
        self._list_workers()

    def _list_workers(self) -> None:
        try:
            workers = records.workers(with_pin_only=True)
        except StoreError as error:
            workers = []
            self._say(str(error))
        names = self.query_one("#lock-workers", OptionList)
        names.add_options(Option(self._prompt(w), id=str(w.id)) for w in workers)
        ids = [w.id for w in workers]
        if ids:
            names.highlighted = ids.index(self.first_choice) if self.first_choice in ids else 0
        self.query_one("#lock-pin", PinField).focus()

    @staticmethod
    def _prompt(worker: records.WorkerRow) -> Content:
        return Content.assemble(literal(worker.name), ("  ·  " + worker.role_words, "dim"))

    def _say(self, words: str) -> None:
        self.query_one("#lock-message", Static).update(words)

    def action_move(self, step: int) -> None:
        names = self.query_one("#lock-workers", OptionList)
        if step > 0:
            names.action_cursor_down()
        else:
            names.action_cursor_up()
        self._say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#lock-pin", PinField)
        pin, field.value = field.value, ""
        option = self.query_one("#lock-workers", OptionList).highlighted_option
        if option is None or option.id is None:
            self._say("Choose your name first.")
            return
        if not pin:
            self._say("Type your PIN, then press enter.")
            return
        worker_id = uuid.UUID(option.id)
        right, words = try_pin(worker_id, pin, "sign in" if self.purpose == "sign in" else "unlock")
        if right:
            self.dismiss(worker_id)
        else:
            self._say(words)

    def leave_quit(self) -> None:
        """``escape`` while asking for a PIN to quit: the quit is called off."""
        if self.purpose == "quit":
            self.dismiss(None)
