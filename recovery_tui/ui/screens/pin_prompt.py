"""Asking one chosen worker for their PIN: to sign in as them from the worker menu, or, for the
signed-in worker, once more before something that reaches many records (``ask_pin_again``).

``pin_words`` says what came of a PIN in the same words here and on the lock screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from recovery_tui.store import records
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.text import literal
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.secret_field import PinField, TryMessage


def pin_words(check: records.PinCheck) -> str:
    """What a person is told after a PIN that was not let through."""
    if check.wait_seconds > 0:
        seconds = math.ceil(check.wait_seconds)
        unit = "second" if seconds == 1 else "seconds"
        return f"Too many wrong PINs in a row. Please wait {seconds} {unit}, then try again."
    return "That PIN is not right. Please try again."


TRY_AGAIN_NOW = "You can try the PIN again now."


def try_pin(worker_id: object, pin: str, action: str) -> tuple[bool, str, float]:
    """Sign in with ``pin`` (``action``: "sign in" or "unlock"): whether it was let through, if not why,
    and the seconds before the next try."""
    try:
        check = records.sign_in(worker_id, pin, action)
    except StoreError as error:
        return False, str(error), 0.0
    return check.right, "" if check.right else pin_words(check), check.wait_seconds


class PinPromptScreen(Guarded, ModalScreen[bool]):
    """Returns True once the worker is signed in; False when the person goes back. ``doing`` (as in
    "to erase Dana's records") asks the signed-in worker's PIN again instead of signing in."""

    BINDINGS = [("escape", "go_back")]

    def __init__(self, worker: records.WorkerRow, doing: str = "") -> None:
        super().__init__()
        self.worker = worker
        self.doing = doing

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            if self.doing:
                title = Content.assemble("Your PIN again, ", literal(self.worker.name), ", ", literal(self.doing))
            else:
                title = Content.assemble("PIN for ", literal(self.worker.name))
            yield Static(title, classes="box-title")
            yield PinField(id="pin")
            yield TryMessage(TRY_AGAIN_NOW, id="pin-message", classes="pin-message")
            yield KeyBar([("enter", "Go on" if self.doing else "Sign in"), ("esc", "Back")])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#pin", PinField)
        pin, field.value = field.value, ""
        message = self.query_one("#pin-message", TryMessage)
        if not pin:  # not a try: nothing to count as wrong
            message.say("Type the PIN, then press enter.")
            return
        right, words, wait = try_pin(self.worker.id, pin, "PIN again" if self.doing else "sign in")
        if right:
            self.dismiss(True)
        else:
            message.say(words, wait)

    def action_go_back(self) -> None:
        self.dismiss(False)


NO_OWN_PIN = "This asks for your PIN again, and you have none: set one with p in the worker menu (f3) first."
SIGN_IN_FIRST = "This asks for the signed-in worker's PIN: sign in first (enter on your name in the worker menu, f3)."


def ask_pin_again(screen: Screen[Any], doing: str, then: Callable[[], object]) -> None:
    """Run ``then`` once the signed-in worker has typed their PIN again, where any worker has one (a
    store without PINs has nobody to ask). ``doing`` finishes "Your PIN again, Dana, ..."."""
    try:
        if not records.any_pin():
            then()
            return
        acting = records.acting_worker()
    except StoreError as error:
        screen.notify(str(error), title="Could not check the PIN", severity="error", markup=False)
        return
    if acting is None or not acting.has_pin:
        words = SIGN_IN_FIRST if acting is None else NO_OWN_PIN
        screen.notify(words, title="PIN needed", severity="warning", markup=False)
        return

    def answered(right: bool | None) -> None:
        if right:
            then()

    screen.app.push_screen(PinPromptScreen(acting, doing), answered)
