"""The passphrase of an encrypted store, asked when the app starts: a screen of its own, and nothing else.

It covers the whole screen before any record is read, and it sits beside the lock screen: the app
ignores its global keys here, but ``f2`` still shows the support lines and ``ctrl+q`` quits (nothing
is shown yet, so quitting needs no PIN). ``enter`` hands what was typed to the app's opener; a wrong
passphrase is said plainly and the field is cleared for another try, and after five wrong ones in a
row each further try waits longer than the last, as the lock screen's PINs do (counted here, for as
long as the app runs). Once the records open, the screen dismisses itself and the app carries on.

What is typed is never shown, logged or copied, and never put into a message.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from recovery_tui.security import wait_after
from recovery_tui.store.encryption import WRONG_PASSPHRASE, WrongPassphrase
from recovery_tui.store.errors import StoreError
from recovery_tui.ui.guard import Guarded
from recovery_tui.ui.widgets.key_bar import KeyBar
from recovery_tui.ui.widgets.secret_field import SecretField, TryMessage

TITLE = "Encrypted records"
WORDS = "These records are encrypted. Type the passphrase to open them."
EMPTY = "Type the passphrase, then press enter."
TRY_AGAIN_NOW = "You can try the passphrase again now."
KEYS = [("enter", "Open"), ("f2", "Support lines"), ("ctrl+q", "Quit")]


def wait_words(seconds: float) -> str:
    whole = math.ceil(seconds)
    return (
        f"Too many wrong passphrases in a row. Please wait {whole} second{'' if whole == 1 else 's'}, then try again."
    )


class PassphraseField(SecretField):
    """Any printable characters, shown as dots."""


class PassphraseScreen(Guarded, Screen[None]):
    def __init__(self, open_store: Callable[[str], object]) -> None:
        super().__init__()
        self.open_store = open_store
        self.wrong_in_a_row = 0
        self.next_try_at = 0.0  # time.monotonic() before which a try is not made
        self.opened = False  # keys typed after the records opened change nothing

    def compose(self) -> ComposeResult:
        yield Static(TITLE, id="passphrase-title", classes="screen-title")
        yield Static(WORDS, id="passphrase-words")
        yield Static("Passphrase", classes="field-label")
        yield PassphraseField(id="passphrase")
        yield TryMessage(TRY_AGAIN_NOW, id="passphrase-message")
        yield KeyBar(KEYS, classes="screen-keys")

    def on_mount(self) -> None:
        self.query_one("#passphrase", PassphraseField).focus()

    def _say(self, words: str, wait_seconds: float = 0.0) -> None:
        self.query_one("#passphrase-message", TryMessage).say(words, wait_seconds)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#passphrase", PassphraseField)
        passphrase, field.value = field.value, ""
        if self.opened:
            return
        if not passphrase:  # not a try: nothing to count as wrong
            self._say(EMPTY)
            return
        waiting = self.next_try_at - time.monotonic()
        if waiting > 0:  # not a try either: the passphrase is not even checked
            self._say(wait_words(waiting), waiting)
            return
        try:
            self.open_store(passphrase)
        except WrongPassphrase:
            self.wrong_in_a_row += 1
            wait = wait_after(self.wrong_in_a_row)
            self.next_try_at = time.monotonic() + wait
            self._say(wait_words(wait) if wait > 0 else WRONG_PASSPHRASE, wait)
            return
        except StoreError as error:  # the store's own words; they never hold the passphrase
            self._say(str(error))
            return
        self.opened = True
        self.dismiss()
