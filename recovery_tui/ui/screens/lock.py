"""The lock screen: a worker's name and PIN, and nothing else.

It covers the whole screen, shows no participant's data whatever lies beneath, and nothing gets
past it but a worker's PIN (the app ignores its global keys here; ``f2`` still shows the support
lines). The worker is chosen first (``↓↑``), then their PIN is typed: one hash is checked, never one
per worker. It serves three purposes: the screen locked (by ``ctrl+l`` or when idle), signing in at
start, and, in kiosk mode, quitting (the only one ``escape`` leaves, and one that becomes a lock
when left idle). It never closes itself: it tells the app ``LetThrough`` with the worker whose PIN
was right (or None when a quit is called off), and the app takes it away with whatever else must
go, so that nothing beneath is drawn in between.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.screens.pin_prompt import TRY_AGAIN_NOW, try_pin
from recovery_tui.ui.text import literal
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.secret_field import PinField, TryMessage

Purpose = Literal["lock", "sign in", "quit"]

TITLES: dict[Purpose, str] = {"lock": "Locked", "sign in": "Sign in", "quit": "Quit"}
ENTER: dict[Purpose, str] = {"lock": "Unlock", "sign in": "Sign in", "quit": "Quit"}
WORDS: dict[Purpose, str] = {
    "lock": "This screen is locked. Choose your name, then type your PIN to carry on where you were.",
    "sign in": "Choose your name, then type your PIN.",
    "quit": "A worker's PIN is needed to quit. Choose your name, then type your PIN.",
}


class LockScreen(Guarded, Screen[None]):
    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    @dataclass
    class LetThrough(Message):
        """A right PIN (``worker_id``), or a quit called off (None)."""

        screen: LockScreen
        worker_id: uuid.UUID | None

    def __init__(self, purpose: Purpose, worker_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.purpose: Purpose = purpose
        self.first_choice = worker_id  # highlighted first: the worker who was signed in
        self.answered = False  # told the app once: keys typed after it change nothing

    def compose(self) -> ComposeResult:
        yield Static(TITLES[self.purpose], id="lock-title", classes="screen-title")
        yield Static(WORDS[self.purpose], id="lock-words")
        names = OptionList(id="lock-workers")
        names.can_focus = False  # the PIN box keeps focus; up and down move here
        yield names
        yield Static("PIN", classes="field-label")
        yield PinField(id="lock-pin")
        yield TryMessage(TRY_AGAIN_NOW, id="lock-message")
        yield KeyBar(self._keys(), classes="screen-keys")

    def _keys(self) -> list[tuple[str, str]]:
        keys = [("↓↑", "Choose your name"), ("enter", ENTER[self.purpose])]
        if self.purpose == "quit":
            keys.append(("esc", "Do not quit"))
        return [*keys, ("f2", "Support lines")]

    def on_mount(self) -> None:
        self._list_workers()
        self.query_one("#lock-pin", PinField).focus()

    def _list_workers(self) -> bool:
        """Read the workers who have a PIN; False (and why, on screen) when they could not be read."""
        try:
            workers = records.workers(with_pin_only=True)
        except StoreError as error:
            self._say(f"{error} Press enter to try again.")
            return False
        names = self.query_one("#lock-workers", OptionList)
        names.clear_options()
        names.add_options(Option(self._prompt(w), id=str(w.id)) for w in workers)
        ids = [w.id for w in workers]
        if ids:
            names.highlighted = ids.index(self.first_choice) if self.first_choice in ids else 0
        return True

    @staticmethod
    def _prompt(worker: records.WorkerRow) -> Content:
        return Content.assemble(literal(worker.name), ("  ·  " + worker.role_words, "dim"))

    def _say(self, words: str, wait_seconds: float = 0.0) -> None:
        self.query_one("#lock-message", TryMessage).say(words, wait_seconds)

    def become_lock(self) -> None:
        """A quit asked for and then left alone: now the screen is simply locked."""
        self.purpose = "lock"
        self.query_one("#lock-title", Static).update(TITLES["lock"])
        self.query_one("#lock-words", Static).update(WORDS["lock"])
        self.query_one(KeyBar).show(self._keys())
        self.query_one("#lock-pin", PinField).value = ""
        self._say("")

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
        names = self.query_one("#lock-workers", OptionList)
        if self.answered or (names.option_count == 0 and not self._list_workers()):
            return
        option = names.highlighted_option
        if option is None or option.id is None:
            self._say("Choose your name first.")
            return
        if not pin:
            self._say("Type your PIN, then press enter.")
            return
        worker_id = uuid.UUID(option.id)
        right, words, wait = try_pin(worker_id, pin, "sign in" if self.purpose == "sign in" else "unlock")
        if right:
            self._let_through(worker_id)
        else:
            self._say(words, wait)

    def leave_quit(self) -> None:
        """``escape`` while asking for a PIN to quit: the quit is called off."""
        if self.purpose == "quit":
            self._let_through(None)

    def _let_through(self, worker_id: uuid.UUID | None) -> None:
        if not self.answered:
            self.answered = True
            self.app.post_message(self.LetThrough(self, worker_id))
